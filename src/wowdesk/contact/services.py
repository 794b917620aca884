"""The public contact form: validate, throttle, open a web-form conversation, confirm by email.

Abuse protection, in the order it runs:

1. The honeypot: a field people never see. A submission that fills it is
   answered like a success and stored nowhere (it still counts against its IP).
2. Shape: name, email, message required; lengths capped; errors by field.
3. Rate limits in the database, per IP and per email address, over a
   sliding hour (ten-minute windows). A hit is counted in its own small
   transaction before the main one, so a rejected attempt still counts.
4. CSRF, by Django's middleware, on the web form.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.contact.models import ContactSubmission, ThrottleBucket
from wowdesk.conversations.models import Channel, Conversation
from wowdesk.conversations.services import conversation_create
from wowdesk.core.text import clean_text, one_line
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import customer_find_by_email
from wowdesk.customers.services import customer_create
from wowdesk.mail.models import OutboundKind
from wowdesk.mail.services.outbox import email_queue_template, sending_mailbox
from wowdesk.mail.threads import reply_address
from wowdesk.orders.models import Order

WINDOW = dt.timedelta(minutes=10)
SPAN = dt.timedelta(hours=1)
MAX_MESSAGE = 10_000
SUBJECT_PREVIEW = 80


class RateLimited(ValidationError):
    """Too many messages from this IP address or email address in the last hour (HTTP 429)."""


@dataclass(frozen=True)
class ContactResult:
    """``conversation`` is None when the honeypot caught a bot (which is told it succeeded)."""

    conversation: Conversation | None
    submission: ContactSubmission | None


def _key(kind: str, value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"contact:{kind}:{value}".encode(), "sha256").hexdigest()
    return f"{kind}:{digest}"


def _window(now: dt.datetime) -> dt.datetime:
    step = int(WINDOW.total_seconds())
    return dt.datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=dt.UTC)


def throttle_hit(*, key: str, limit: int, now: dt.datetime) -> bool:
    """Count one hit for ``key``; True if the last hour's hits, this one included, are within ``limit``.

    Its own transaction, committed even when the caller then fails, so
    refused attempts count too. Race-safe: the increment is one UPDATE, and
    two first hits in a window meet at the unique constraint.
    """
    window = _window(now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                bucket, _created = ThrottleBucket.objects.get_or_create(key=key, window_start=window)
        except IntegrityError:
            bucket = ThrottleBucket.objects.get(key=key, window_start=window)
        ThrottleBucket.objects.filter(pk=bucket.pk).update(hits=F("hits") + 1)
        total = ThrottleBucket.objects.filter(key=key, window_start__gt=now - SPAN).aggregate(n=Sum("hits"))["n"]
    return int(total or 0) <= limit


def throttle_prune(*, now: dt.datetime | None = None) -> int:
    """Delete windows older than the span; they no longer count."""
    now = now or timezone.now()
    deleted, _by_model = ThrottleBucket.objects.filter(window_start__lt=now - SPAN - WINDOW).delete()
    return deleted


def _clean(name: str, email: str, order_number: str, message: str) -> tuple[str, str, str, str]:
    errors: dict[str, list[str]] = {}
    name = one_line(name, 201)
    email = email.strip()
    order_number = one_line(order_number, 41)
    message = clean_text(message).strip()
    if not name:
        errors["name"] = [_("Tell us your name.")]
    elif len(name) > 200:
        errors["name"] = [_("At most 200 characters.")]
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = [_("Enter a valid email address, so we can answer you.")]
    if len(order_number) > 40:
        errors["order_number"] = [_("At most 40 characters.")]
    if not message:
        errors["message"] = [_("Write your message.")]
    elif len(message) > MAX_MESSAGE:
        errors["message"] = [_("At most %(n)s characters.") % {"n": f"{MAX_MESSAGE:,}"}]
    if errors:
        raise ValidationError(errors)
    return name, email, order_number, message


def _customer(name: str, email: str) -> Customer:
    found = customer_find_by_email(email=email)
    while found is not None and found.merged_into_id is not None:
        found = Customer.objects.filter(pk=found.merged_into_id).first()
    return found or customer_create(name=name, emails=[email])


def _body(message: str, order_number: str, order: Order | None) -> str:
    if not order_number:
        return message
    if order is not None:
        line = _("Order: %(number)s") % {"number": order.number}
    else:
        line = _("Order number given: %(number)s (not found on this customer)") % {"number": order_number}
    return f"{message}\n\n{line}"


def contact_submit(
    *,
    name: str,
    email: str,
    message: str,
    order_number: str = "",
    ip: str = "",
    honeypot: str = "",
    now: dt.datetime | None = None,
) -> ContactResult:
    """Take one contact-form message. Raises ValidationError by field (or ``__all__`` when rate-limited).

    On success one transaction opens a web-form conversation on the
    customer with this email (created if new) and queues a confirmation
    email, threaded so the customer's reply joins the conversation.
    """
    now = now or timezone.now()
    ip_key = _key("ip", ip or "unknown")
    if honeypot.strip():
        throttle_hit(key=ip_key, limit=int(settings.WOWDESK_CONTACT_LIMIT_PER_IP), now=now)
        return ContactResult(conversation=None, submission=None)
    name, email, order_number, message = _clean(name, email, order_number, message)
    too_many = _("You have sent us several messages in the last hour; please wait a little before sending more.")
    if not throttle_hit(key=ip_key, limit=int(settings.WOWDESK_CONTACT_LIMIT_PER_IP), now=now):
        raise RateLimited({"__all__": [too_many]})
    email_key = _key("email", email.lower())
    if not throttle_hit(key=email_key, limit=int(settings.WOWDESK_CONTACT_LIMIT_PER_EMAIL), now=now):
        raise RateLimited({"email": [too_many]})
    return _open(name=name, email=email, order_number=order_number, message=message, ip_key=ip_key)


@transaction.atomic
def _open(*, name: str, email: str, order_number: str, message: str, ip_key: str) -> ContactResult:
    customer = _customer(name, email)
    order = Order.objects.filter(number__iexact=order_number, customer=customer).first() if order_number else None
    first_line = one_line(message.splitlines()[0] if message else "", SUBJECT_PREVIEW)
    conversation = conversation_create(
        actor=None,
        customer=customer,
        channel=Channel.WEB_FORM,
        subject=_("Contact form: %(line)s") % {"line": first_line},
        body=_body(message, order_number, order),
    )
    submission = ContactSubmission.objects.create(
        name=name,
        email=email,
        order_number=order.number if order else order_number,
        message=message,
        conversation=conversation,
        ip_digest=ip_key.partition(":")[2],
    )
    mailbox = sending_mailbox(None)
    reply_to = ""
    if mailbox is not None and mailbox.reply_token_addresses:
        reply_to = reply_address(mailbox_address=mailbox.address, conversation_id=conversation.pk)
    email_queue_template(
        template="contact/email/confirmation",
        # Neither the message nor the name is echoed: the form must not become a way to mail anyone any text.
        context={"name": name, "conversation": conversation},
        to_address=email,
        to_name=name,
        kind=OutboundKind.CONFIRMATION,
        conversation=conversation,
        mailbox=mailbox,
        reply_to=reply_to,
        headers={"Auto-Submitted": "auto-replied"},
    )
    return ContactResult(conversation=conversation, submission=submission)


def client_ip(*, remote_addr: str, forwarded_for: str) -> str:
    """The client's address, trusting ``WOWDESK_PROXY_COUNT`` proxies' ``X-Forwarded-For`` entries.

    Each proxy appends the address it saw, so with N trusted proxies the
    client is the Nth entry from the right; anything further left could be
    made up by the client.
    """
    proxies = int(settings.WOWDESK_PROXY_COUNT)
    if proxies <= 0 or not forwarded_for:
        return remote_addr
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    return hops[-proxies] if len(hops) >= proxies else (hops[0] if hops else remote_addr)
