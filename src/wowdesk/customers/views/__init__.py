"""Customer pages. Split by concern: the list and profile pages, and the forms posted from a profile."""

from wowdesk.customers.views.pages import (
    customer_create,
    customer_detail,
    customer_edit,
    customer_history,
    customer_list,
    customer_merge,
)
from wowdesk.customers.views.rapport import email_add, handle_add, life_moment_add, phone_add, rapport_note_add

__all__ = [
    "customer_create",
    "customer_detail",
    "customer_edit",
    "customer_history",
    "customer_list",
    "customer_merge",
    "email_add",
    "handle_add",
    "life_moment_add",
    "phone_add",
    "rapport_note_add",
]
