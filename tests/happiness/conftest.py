"""Fixtures for the happiness tests: a resolved conversation with a survey, and a way to grade it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import ConversationFactory, CustomerEmailFactory, CustomerFactory, TimelineEntryFactory
from wowdesk.conversations.models import Conversation, EntryKind, Status
from wowdesk.happiness.models import Grade, Survey, SurveyStatus, SurveyTrigger
from wowdesk.happiness.services import grade_record
from wowdesk.happiness.tokens import new_token, token_digest


@dataclass
class Surveyed:
    conversation: Conversation
    survey: Survey
    token: str

    def grade(self, letter: str, comment: str = "", *, now: dt.datetime | None = None) -> Grade:
        """Grade (or regrade) with the revision the survey page would show now."""
        current = Grade.objects.filter(survey=self.survey).first()
        return grade_record(
            token=self.token, letter=letter, comment=comment, revision=current.revision if current else 0, now=now
        )


def make_survey(conversation: Conversation, *, now: dt.datetime | None = None, days: int = 30) -> Surveyed:
    """A sent survey for ``conversation`` with a known token (the service only keeps its digest)."""
    now = now or timezone.now()
    token = new_token()
    survey = Survey.objects.create(
        conversation=conversation,
        customer=conversation.customer,
        status=SurveyStatus.SENT,
        trigger=SurveyTrigger.RESOLVED,
        token_digest=token_digest(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return Surveyed(conversation=conversation, survey=survey, token=token)


@pytest.fixture
def surveyed_factory(team, rep) -> Callable[..., Surveyed]:
    """``surveyed_factory(**conversation_fields)``: a resolved conversation handled by ``rep``, with a survey."""

    def make(**fields: object) -> Surveyed:
        customer = CustomerFactory.create()
        CustomerEmailFactory.create(customer=customer)
        values = {"team": team, "assignee": rep, "customer": customer, "status": Status.RESOLVED, **fields}
        conversation = ConversationFactory.create(**values)
        TimelineEntryFactory.create(conversation=conversation, kind=EntryKind.OUTBOUND, author=rep, body="Sorted!")
        return make_survey(conversation)

    return make


@pytest.fixture
def surveyed(surveyed_factory) -> Surveyed:
    made: Surveyed = surveyed_factory(subject="Boots arrived scuffed")
    return made


@pytest.fixture
def smtp(settings):
    """A real aiosmtpd server on 127.0.0.1 that WowDesk's mailer talks to; yields what it received."""
    from tests.mail.smtp import SmtpServer

    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server.inbox


@pytest.fixture
def cookies_for(rep):
    """``cookies_for(conversation)``: a tin of cookies granted on it (a gesture to close a recovery with)."""
    from wowdesk.gestures.models import CatalogueItem
    from wowdesk.gestures.services import gesture_grant
    from wowdesk.gestures.starter import install_starter_catalogue

    install_starter_catalogue()

    def grant(conversation: Conversation):
        item = CatalogueItem.objects.get(name="Tin of cookies")
        return gesture_grant(actor=rep, conversation=conversation, item=item, why="Sorry for the wait.").gesture

    return grant
