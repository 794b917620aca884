"""What the gestures app adds to other apps' pages (the conversation page, the customer profile).

Those pages only ``{% include %}`` a partial of this app; the partial loads
its own data here, so the conversations and customers apps need not know
gestures exist. Each tag runs a fixed number of queries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.customers.models import Customer
from wowdesk.gestures.forms import GrantForm
from wowdesk.gestures.money import in_minor_units
from wowdesk.gestures.selectors import (
    gestures_for_conversation,
    gestures_page_for_customer,
    order_choices_for,
    suggestions_for,
)

register = template.Library()

CUSTOMER_GESTURES = 10


@register.simple_tag(takes_context=True)
def conversation_gestures(context: template.Context, conversation: Conversation) -> dict[str, Any]:
    """Suggestions, the compact grant form and the gestures already granted here (five queries)."""
    customer = conversation.customer
    choices = order_choices_for(customer=customer)
    return {
        "suggestions": suggestions_for(customer=customer, today=timezone.localdate()),
        "form": GrantForm(orders=choices.orders, order_items=choices.items),
        "granted": gestures_for_conversation(conversation=conversation),
    }


@register.simple_tag(takes_context=True)
def customer_gestures(context: template.Context, customer: Customer) -> dict[str, Any]:
    """The latest gestures the viewer may see that this customer received (one query)."""
    user = context["request"].user
    if not isinstance(user, User):
        return {"page": None}
    return {"page": gestures_page_for_customer(user=user, customer=customer, cursor=None, size=CUSTOMER_GESTURES)}


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """``384.000|money:"USD"`` → ``384.00 USD``."""
    shown = in_minor_units(amount, currency)
    return "" if shown is None else f"{shown} {currency}"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)
