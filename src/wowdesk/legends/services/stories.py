"""Customers' own stories: taken on the public page, moderated by leads before anything is shown.

The public form shares the contact form's protections: a honeypot, and
per-IP and per-email limits counted in the database
(``contact.services.throttle_hit``), under keys of its own.
"""

from __future__ import annotations

import datetime as dt
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.contact.services import RateLimited, throttle_hit
from wowdesk.conversations.models import Conversation
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text, one_line
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import customer_find_by_email
from wowdesk.legends.models import CustomerStory, StoryState
from wowdesk.legends.permissions import can_moderate_stories
from wowdesk.legends.redaction import find_personal_data, redact
from wowdesk.legends.rules import CustomerStoryAccepted
from wowdesk.legends.services.candidates import candidates_find

MAX_STORY = 5000
LINKED_CONVERSATIONS = 10


def _key(kind: str, value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"legend-story:{kind}:{value}".encode(), "sha256").hexdigest()
    return f"story-{kind}:{digest}"


def _clean(name: str, email: str, text: str) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    name, email, text = one_line(name, 101), email.strip(), clean_text(text).strip()
    if not name:
        errors["name"] = [_("Tell us the name we may show with your story.")]
    elif len(name) > 100:
        errors["name"] = [_("At most 100 characters.")]
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = [_("Enter a valid email address; we never show it.")]
    if not text:
        errors["text"] = [_("Tell us your story.")]
    elif len(text) > MAX_STORY:
        errors["text"] = [_("At most %(n)s characters.") % {"n": f"{MAX_STORY:,}"}]
    if errors:
        raise ValidationError(errors)
    return name, email, text


def customer_story_submit(
    *,
    name: str,
    email: str,
    text: str,
    may_publish: bool,
    ip: str = "",
    honeypot: str = "",
    now: dt.datetime | None = None,
) -> CustomerStory | None:
    """Take one story from the public page; None when the honeypot caught a bot (told it succeeded).

    Stored as plain text, waiting for moderation; nothing is shown anywhere
    until a lead accepts it. Raises ValidationError by field, RateLimited
    when this IP or address sent too many in the last hour.
    """
    now = now or timezone.now()
    ip_key = _key("ip", ip or "unknown")
    if honeypot.strip():
        throttle_hit(key=ip_key, limit=int(settings.WOWDESK_CONTACT_LIMIT_PER_IP), now=now)
        return None
    name, email, text = _clean(name, email, text)
    too_many = _("You have sent us several stories in the last hour; please wait a little before sending more.")
    if not throttle_hit(key=ip_key, limit=int(settings.WOWDESK_CONTACT_LIMIT_PER_IP), now=now):
        raise RateLimited({"__all__": [too_many]})
    if not throttle_hit(key=_key("email", email.lower()), limit=int(settings.WOWDESK_CONTACT_LIMIT_PER_EMAIL), now=now):
        raise RateLimited({"email": [too_many]})
    with transaction.atomic():
        return CustomerStory.objects.create(
            name=name,
            email=email,
            text=text,
            may_publish=may_publish,
            ip_digest=ip_key.partition(":")[2],
            created_at=now,
        )


def _customer_for(email: str) -> Customer | None:
    found = customer_find_by_email(email=email)
    while found is not None and found.merged_into_id is not None:
        found = Customer.objects.filter(pk=found.merged_into_id).first()
    return found


@transaction.atomic
def customer_story_accept(
    *, actor: User, story: CustomerStory, note: str = "", now: dt.datetime | None = None
) -> CustomerStory:
    """Accept a story: it becomes a legend candidate, and (if its author allowed) it is shown publicly.

    The shown text has email addresses, phone numbers and order numbers
    replaced: the customer chose to share their words, not their contact
    details. When the email matches a customer, their latest conversations
    are linked as evidence.
    """
    if not can_moderate_stories(actor):
        raise field_error("__all__", _("Only leads and admins moderate stories."))
    story = CustomerStory.objects.select_for_update().get(pk=story.pk)
    if story.state != StoryState.PENDING:
        raise field_error("state", _("This story has already been moderated."))
    now = now or timezone.now()
    findings = [f for f in find_personal_data(story.text) if f.kind in ("email", "phone", "order")]
    story.published_text = redact(story.text, findings)
    story.customer = _customer_for(story.email)
    story.state, story.moderated_by, story.moderated_at = StoryState.ACCEPTED, actor, now
    story.moderation_note = one_line(note, 500)
    story.save(update_fields=["published_text", "customer", "state", "moderated_by", "moderated_at", "moderation_note"])
    if story.customer is not None:
        latest = Conversation.objects.filter(customer=story.customer, merged_into__isnull=True).order_by(
            "-last_activity_at", "-id"
        )[:LINKED_CONVERSATIONS]
        story.conversations.set(list(latest))
    candidates_find(since=now, until=now + dt.timedelta(seconds=1), rules=[CustomerStoryAccepted()])
    return story


@transaction.atomic
def customer_story_reject(
    *, actor: User, story: CustomerStory, note: str = "", now: dt.datetime | None = None
) -> CustomerStory:
    """Not shown and not proposed. The text is kept, so a mistake can be seen (and the customer answered)."""
    if not can_moderate_stories(actor):
        raise field_error("__all__", _("Only leads and admins moderate stories."))
    story = CustomerStory.objects.select_for_update().get(pk=story.pk)
    if story.state != StoryState.PENDING:
        raise field_error("state", _("This story has already been moderated."))
    story.state, story.moderated_by, story.moderated_at = StoryState.REJECTED, actor, now or timezone.now()
    story.moderation_note = one_line(note, 500)
    story.save(update_fields=["state", "moderated_by", "moderated_at", "moderation_note"])
    return story
