"""View helpers specific to customer pages (and the order pages that hang off them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import field_error

# Each section of a profile page shows this many rows before its "more" link.
SECTION_SIZE = 10


def conversation_of_customer(*, user: User, customer_id: int, conversation_id: int | None) -> Conversation | None:
    """The conversation a rapport entry or problem report was raised in.

    Raises NotFound when the user may not see it, and a ValidationError on
    ``conversation`` when it belongs to another customer.
    """
    if conversation_id is None:
        return None
    conversation = conversation_get_for_user(user=user, pk=conversation_id)
    if conversation.customer_id != customer_id:
        raise field_error("conversation", str(_("This conversation is with another customer.")))
    return conversation
