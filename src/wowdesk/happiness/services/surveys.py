"""Asking for a grade: once per conversation, after commit, by email, never twice in N days.

``survey_after_resolution`` is the hook ``conversations`` calls inside the
transaction that resolves a conversation. It only schedules the
``send_survey`` task on commit, so a resolution that rolls back asks
nobody, and the resolving request does no email work. The task calls
``survey_send``, which decides (still resolved? surveyed already? asked
recently? an address?) and records the decision as the conversation's one
``Survey`` row; the unique row makes the task idempotent and race-safe.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wowdesk.conversations.models import Call, Conversation, Status
from wowdesk.customers.models import Customer
from wowdesk.happiness.models import Letter, Survey, SurveyStatus, SurveyTrigger
from wowdesk.happiness.tokens import new_token, token_digest
from wowdesk.mail.models import OutboundKind
from wowdesk.mail.services.outbox import email_queue_template, sending_mailbox


def _enqueue(conversation_id: int, trigger: str) -> None:
    from wowdesk.happiness.tasks import send_survey

    transaction.on_commit(lambda: send_survey.enqueue(conversation_id, trigger))


def survey_after_resolution(conversation: Conversation) -> None:
    """Hook for ``conversations.followups``: schedule a survey once the resolution commits."""
    if conversation.merged_into_id is None:
        _enqueue(conversation.pk, SurveyTrigger.RESOLVED)


def survey_after_call(call: Call) -> None:
    """Hook for ended calls; does nothing unless ``WOWDESK_SURVEY_AFTER_CALLS`` is on."""
    if settings.WOWDESK_SURVEY_AFTER_CALLS:
        _enqueue(call.conversation_id, SurveyTrigger.CALL_ENDED)


def survey_url(token: str) -> str:
    return settings.WOWDESK_PUBLIC_URL + reverse("happiness:survey", kwargs={"token": token})


def _recently_asked(customer: Customer, now: dt.datetime) -> bool:
    since = now - dt.timedelta(days=int(settings.WOWDESK_SURVEY_COOLDOWN_DAYS))
    return Survey.objects.filter(customer=customer, status=SurveyStatus.SENT, created_at__gte=since).exists()


def _address(customer: Customer) -> str:
    email = customer.emails.order_by("-is_primary", "id").first()
    return email.email if email else ""


@transaction.atomic
def survey_send(
    *, conversation_id: int, trigger: str = SurveyTrigger.RESOLVED, now: dt.datetime | None = None
) -> Survey | None:
    """Ask the customer to grade ``conversation_id`` (the ``send_survey`` task's body).

    Returns the conversation's survey, or None when there is nothing to ask
    (gone, merged, or no longer resolved). Idempotent: a conversation that
    has a survey row keeps it, sent or skipped. The email is queued in this
    transaction and leaves after commit through the outbox.
    """
    now = now or timezone.now()
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None or conversation.merged_into_id is not None:
        return None
    if trigger == SurveyTrigger.RESOLVED and conversation.status != Status.RESOLVED:
        return None  # reopened before the task ran; the next resolution asks
    existing = Survey.objects.filter(conversation=conversation).first()
    if existing is not None:
        return existing
    # One customer's conversations resolved at once must not both slip past the cooldown.
    customer = Customer.objects.select_for_update().get(pk=conversation.customer_id)
    survey = Survey(conversation=conversation, customer=customer, trigger=trigger, created_at=now)
    address = _address(customer)
    token = ""
    if _recently_asked(customer, now):
        survey.status = SurveyStatus.SKIPPED_RECENT
    elif not address:
        survey.status = SurveyStatus.SKIPPED_NO_EMAIL
    else:
        token = new_token()
        survey.status = SurveyStatus.SENT
        survey.token_digest = token_digest(token)
        survey.expires_at = now + dt.timedelta(days=int(settings.WOWDESK_SURVEY_LINK_DAYS))
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        return Survey.objects.get(conversation=conversation)  # a second worker got there first
    if token:
        survey.email = email_queue_template(
            template="happiness/email/survey",
            context={
                "customer": customer,
                "conversation": conversation,
                "url": survey_url(token),
                "letters": [(letter, label, f"{survey_url(token)}?grade={letter}") for letter, label in Letter.choices],
                "expires_at": survey.expires_at,
            },
            to_address=address,
            to_name=customer.name,
            kind=OutboundKind.NOTIFICATION,
            conversation=conversation,
            mailbox=sending_mailbox(conversation),
            headers={"Auto-Submitted": "auto-generated"},
        )
        survey.save(update_fields=["email"])
    return survey
