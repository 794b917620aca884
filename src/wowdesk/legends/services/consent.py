"""Asking a customer for consent to share their story, and recording the answer.

Two ways, both for exactly the legend's current (redacted) text:

- **By email**: ``consent_request_email`` sends the customer a link with a
  random token (the consent keeps only its digest). The link opens a public page
  showing the text; answering there (``consent_answer``) uses the token up.
  Opening the page does not: mail scanners fetch links, people do not
  answer by being scanned. Wrong, expired and used tokens are told apart
  (``ConsentLinkError.status`` is 404, 410 or 409).
- **On a call**: ``consent_record_call`` records the rep's note of what the
  customer said, and the call it was said on.

A withdrawal (``consent_withdraw``) takes a public legend back to staff
only, at once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Call
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text
from wowdesk.legends.models import Consent, ConsentMethod, ConsentState, Legend, State
from wowdesk.legends.permissions import can_edit, can_review
from wowdesk.legends.selectors import consent_for_token, token_digest
from wowdesk.legends.services.legends import bump, locked
from wowdesk.legends.services.workflow import personal_data_problems
from wowdesk.mail.models import OutboundKind
from wowdesk.mail.services.outbox import email_queue_template, sending_mailbox

MAX_NOTE = 2000


class ConsentLinkError(ValidationError):
    """A consent link that cannot be answered: ``status`` is 404 (wrong), 410 (expired) or 409 (already answered)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__({"token": [message]})
        self.status = status


def consent_days() -> int:
    return int(settings.WOWDESK_LEGEND_CONSENT_DAYS)


def _snapshot(legend: Legend) -> dict[str, Any]:
    return {"title": legend.title, "story_html": legend.story_html, "lesson": legend.lesson, "version": legend.version}


def _check_askable(actor: User, legend: Legend) -> None:
    """Consent is asked for redacted text that may still be published: not for a retired legend."""
    if legend.state == State.RETIRED:
        raise field_error("consent", _("This legend is retired."))
    if not (can_edit(actor, legend) or can_review(actor)):
        raise field_error("consent", _("Only the author or a reviewer can ask for consent."))
    if legend.customer_id is None:
        raise field_error("consent", _("This legend is not about a customer we know, so there is nobody to ask."))
    problems = personal_data_problems(legend)
    if problems:
        raise field_error(
            "consent", _("Redact the story first: the customer is asked about the text exactly as it will be shared.")
        )


def consent_link(token: str, *, base_url: str) -> str:
    """The public address of a consent link. ``WOWDESK_PUBLIC_URL`` wins over the request's own address."""
    base = str(settings.WOWDESK_PUBLIC_URL) or base_url.rstrip("/")
    return base + reverse("legends_public:consent", kwargs={"token": token})


@transaction.atomic
def consent_request_email(
    *, actor: User, legend: Legend, base_url: str, email: str = "", now: dt.datetime | None = None
) -> tuple[Consent, str]:
    """Email the customer a single-use consent link; returns the request and its token.

    ``email`` must be one of the customer's own addresses (the primary one
    when empty), so the form cannot mail a stranger. The email goes through
    the outbox after commit.
    """
    legend = locked(legend)
    _check_askable(actor, legend)
    customer = legend.customer
    assert customer is not None
    addresses = list(customer.emails.order_by("-is_primary", "id").values_list("email", flat=True))
    if not addresses:
        raise field_error(
            "email",
            _("%(name)s has no email address; record consent given on a call instead.") % {"name": customer.name},
        )
    email = email.strip()
    if email and email.lower() not in {a.lower() for a in addresses}:
        raise field_error("email", _("Choose one of the customer's own addresses."))
    to = email or addresses[0]
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    consent = Consent.objects.create(
        legend=legend,
        customer=customer,
        method=ConsentMethod.EMAIL,
        state=ConsentState.REQUESTED,
        email=to,
        token_digest=token_digest(token),
        expires_at=now + dt.timedelta(days=consent_days()),
        content_digest=legend.content_digest,
        snapshot=_snapshot(legend),
        requested_by=actor,
        created_at=now,
    )
    consent.outbound = email_queue_template(
        template="legends/email/consent",
        context={
            "name": customer.greeting_name,
            "legend": legend,
            "link": consent_link(token, base_url=base_url),
            "expires_at": consent.expires_at,
            "asked_by": actor.first_name or actor.display_name,
        },
        to_address=to,
        to_name=customer.name,
        kind=OutboundKind.NOTIFICATION,
        mailbox=sending_mailbox(legend.conversation),
        created_by=actor,
    )
    consent.save(update_fields=["outbound"])
    return consent, token


def consent_check_token(*, token: str, now: dt.datetime | None = None) -> Consent:
    """The open request for ``token``; ConsentLinkError when it is wrong, expired or already answered."""
    consent = consent_for_token(token=token)
    if consent is None:
        raise ConsentLinkError(
            _("This consent link is not valid. Please use the link in the email exactly."), status=404
        )
    if consent.state != ConsentState.REQUESTED:
        raise ConsentLinkError(_("This consent link has already been used. Thank you for answering."), status=409)
    assert consent.expires_at is not None
    if consent.expires_at <= (now or timezone.now()):
        raise ConsentLinkError(
            _("This consent link has expired. We will not share the story without asking again."), status=410
        )
    return consent


@transaction.atomic
def consent_answer(*, token: str, agree: bool, now: dt.datetime | None = None) -> Consent:
    """The customer's answer through the link. Uses the token up, once, even against a concurrent answer."""
    now = now or timezone.now()
    consent = consent_check_token(token=token, now=now)
    updated = Consent.objects.filter(pk=consent.pk, state=ConsentState.REQUESTED, expires_at__gt=now).update(
        state=ConsentState.GIVEN if agree else ConsentState.DECLINED, responded_at=now
    )
    if updated != 1:
        raise ConsentLinkError(_("This consent link has already been used. Thank you for answering."), status=409)
    consent.refresh_from_db()
    return consent


@transaction.atomic
def consent_record_call(
    *, actor: User, legend: Legend, note: str, call: Call | None = None, now: dt.datetime | None = None
) -> Consent:
    """Record consent the customer gave on a call, in the rep's words. ``call`` must be with this customer.

    Precondition: ``call`` came from its permission-checked getter.
    """
    legend = locked(legend)
    _check_askable(actor, legend)
    note = clean_text(note).strip()
    if not note:
        raise field_error("note", _("Write down what the customer said, for the record."))
    if len(note) > MAX_NOTE:
        raise field_error("note", _("At most %(n)d characters.") % {"n": MAX_NOTE})
    if call is not None and call.conversation.customer_id != legend.customer_id:
        raise field_error("call", _("That call was with another customer."))
    now = now or timezone.now()
    assert legend.customer is not None
    return Consent.objects.create(
        legend=legend,
        customer=legend.customer,
        method=ConsentMethod.CALL,
        state=ConsentState.GIVEN,
        content_digest=legend.content_digest,
        snapshot=_snapshot(legend),
        note=note,
        call=call,
        requested_by=actor,
        responded_at=now,
        created_at=now,
    )


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, note: str = "") -> Consent:
    """The customer changed their mind. The consent stops counting; a public legend goes back to staff only."""
    if not (consent.legend.author_id == actor.pk or can_review(actor)):
        raise field_error("consent", _("Only the author or a reviewer can record this."))
    if consent.state not in (ConsentState.GIVEN, ConsentState.REQUESTED):
        raise field_error("consent", _("This consent is not in force."))
    Consent.objects.filter(pk=consent.pk).update(
        state=ConsentState.WITHDRAWN, withdrawn_by=actor, note=(consent.note + "\n" + clean_text(note)).strip()
    )
    legend = locked(consent.legend)
    if (
        legend.state == State.PUBLIC
        and not Consent.objects.filter(
            legend=legend, state=ConsentState.GIVEN, content_digest=legend.content_digest
        ).exists()
    ):
        legend.state, legend.public_since = State.STAFF, None
        bump(legend, actor=actor, change=_("Consent withdrawn: back to staff only"), fields=["state", "public_since"])
    consent.refresh_from_db()
    return consent
