"""A resolved conversation asks its customer for a grade: once, after commit, by email, not too often."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import CallFactory, ConversationFactory, CustomerEmailFactory, CustomerFactory
from wowdesk.conversations.models import Channel, Status
from wowdesk.conversations.services import call_stop, conversation_change_status, conversation_merge
from wowdesk.core.errors import NotFound
from wowdesk.happiness.errors import SurveyExpired
from wowdesk.happiness.models import Survey, SurveyStatus, SurveyTrigger
from wowdesk.happiness.services import survey_for_token, survey_send
from wowdesk.happiness.tasks import send_survey
from wowdesk.happiness.tokens import new_token
from wowdesk.mail.models import DeliveryStatus, OutboundEmail

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/happiness/survey/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def customer():
    customer = CustomerFactory.create(name="Ana Pereira", preferred_name="Ana")
    CustomerEmailFactory.create(customer=customer, email="ana@example.org")
    return customer


@pytest.fixture
def open_conversation(team, rep, customer):
    return ConversationFactory.create(team=team, assignee=rep, customer=customer, status=Status.OPEN, subject="Sizes")


def _resolve(rep, conversation, capture):
    with capture(execute=True):
        conversation_change_status(actor=rep, conversation=conversation, status=Status.RESOLVED)


def _send(conversation, **kwargs) -> Survey:
    survey = survey_send(conversation_id=conversation.pk, **kwargs)
    assert survey is not None
    return survey


def _links(smtp) -> list[str]:
    return [m for message in smtp.messages for m in LINK.findall(message.get_body(("plain",)).get_content())]


def test_resolving_sends_one_survey_email_after_commit_over_smtp(
    smtp, rep, open_conversation, django_capture_on_commit_callbacks, settings
):
    settings.WOWDESK_PUBLIC_URL = "https://help.example.com"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        conversation_change_status(actor=rep, conversation=open_conversation, status=Status.RESOLVED)
    assert not Survey.objects.exists()  # nothing happens before the commit
    assert smtp.received == []
    for callback in callbacks:
        with django_capture_on_commit_callbacks(execute=True):
            callback()

    survey = Survey.objects.get(conversation=open_conversation)
    assert survey.status == SurveyStatus.SENT
    assert survey.trigger == SurveyTrigger.RESOLVED
    [message] = smtp.messages
    assert message["To"].addresses[0].addr_spec == "ana@example.org"
    assert message["Subject"] == f"How did we do? [#{open_conversation.pk}]"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    assert "https://help.example.com/happiness/survey/" in text
    assert "?grade=A" in text
    assert "?grade=F" in text
    assert message.get_body(("html",)) is not None
    assert survey.email is not None
    assert OutboundEmail.objects.get(pk=survey.email.pk).status == DeliveryStatus.SENT
    # The token in the email leads to the customer's page, and only its digest is stored.
    [token] = set(_links(smtp))
    assert survey_for_token(token=token) == survey
    assert token not in repr(Survey.objects.filter(pk=survey.pk).values().first())
    assert Client().get(f"/happiness/survey/{token}/").status_code == 200


def test_a_conversation_is_never_surveyed_twice(smtp, rep, open_conversation, django_capture_on_commit_callbacks):
    _resolve(rep, open_conversation, django_capture_on_commit_callbacks)
    conversation_change_status(actor=rep, conversation=open_conversation, status=Status.OPEN)
    _resolve(rep, open_conversation, django_capture_on_commit_callbacks)
    send_survey.enqueue(open_conversation.pk, SurveyTrigger.RESOLVED)  # a duplicate task, as after a retry

    assert Survey.objects.filter(conversation=open_conversation).count() == 1
    assert len(smtp.messages) == 1


def test_a_rollback_asks_nobody(smtp, rep, open_conversation, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        conversation_change_status(actor=rep, conversation=open_conversation, status=Status.RESOLVED)
        transaction.set_rollback(True)
    assert callbacks == []
    assert not Survey.objects.exists()
    assert smtp.received == []


def test_a_customer_asked_recently_is_not_asked_again(smtp, team, rep, customer, settings):
    settings.WOWDESK_SURVEY_COOLDOWN_DAYS = 14
    first = ConversationFactory.create(team=team, assignee=rep, customer=customer, status=Status.RESOLVED)
    second = ConversationFactory.create(team=team, assignee=rep, customer=customer, status=Status.RESOLVED)
    third = ConversationFactory.create(team=team, assignee=rep, customer=customer, status=Status.RESOLVED)
    now = timezone.now()

    assert _send(first, now=now).status == SurveyStatus.SENT
    assert _send(second, now=now + dt.timedelta(days=13)).status == SurveyStatus.SKIPPED_RECENT
    assert _send(third, now=now + dt.timedelta(days=15)).status == SurveyStatus.SENT
    # The skip is recorded, so the second conversation is never asked later either.
    assert _send(second, now=now + dt.timedelta(days=40)).status == SurveyStatus.SKIPPED_RECENT


def test_no_address_means_no_email_and_says_why(team, rep):
    conversation = ConversationFactory.create(team=team, assignee=rep, status=Status.RESOLVED, channel=Channel.PHONE)
    survey = _send(conversation)
    assert survey.status == SurveyStatus.SKIPPED_NO_EMAIL
    assert survey.token_digest is None
    assert not OutboundEmail.objects.exists()


def test_reopened_or_merged_conversations_are_not_surveyed(team, rep, customer):
    reopened = ConversationFactory.create(team=team, assignee=rep, customer=customer, status=Status.OPEN)
    assert survey_send(conversation_id=reopened.pk) is None
    source = ConversationFactory.create(team=team, customer=customer, status=Status.OPEN)
    target = ConversationFactory.create(team=team, customer=customer, status=Status.OPEN)
    conversation_merge(actor=rep, source=source, target=target)
    assert survey_send(conversation_id=source.pk) is None
    assert survey_send(conversation_id=999_999) is None
    assert not Survey.objects.exists()


@pytest.mark.parametrize("after_calls", [True, False])
def test_an_ended_call_asks_only_when_the_setting_says_so(
    after_calls, settings, rep, team, customer, django_capture_on_commit_callbacks
):
    settings.WOWDESK_SURVEY_AFTER_CALLS = after_calls
    conversation = ConversationFactory.create(team=team, customer=customer, channel=Channel.PHONE, status=Status.OPEN)
    call = CallFactory.create(conversation=conversation, agent=rep)
    with django_capture_on_commit_callbacks(execute=True):
        call_stop(actor=rep, call=call)
    survey = Survey.objects.filter(conversation=conversation).first()
    if after_calls:
        assert survey is not None
        assert survey.trigger == SurveyTrigger.CALL_ENDED
    else:
        assert survey is None


def test_token_lifecycle(surveyed):
    assert survey_for_token(token=surveyed.token) == surveyed.survey
    with pytest.raises(NotFound):
        survey_for_token(token=new_token())  # well-formed, but not ours
    with pytest.raises(NotFound):
        survey_for_token(token=surveyed.token[:-1])  # mistyped
    with pytest.raises(NotFound):
        survey_for_token(token="../" * 20)
    with pytest.raises(SurveyExpired):
        survey_for_token(token=surveyed.token, now=surveyed.survey.expires_at)


def test_a_token_is_bound_to_its_own_conversation(surveyed_factory):
    one, two = surveyed_factory(), surveyed_factory()
    assert survey_for_token(token=one.token).conversation == one.conversation
    assert survey_for_token(token=two.token).conversation == two.conversation
