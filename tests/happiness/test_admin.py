"""The back office shows every happiness model, read-only, and never a survey's token digest."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory
from wowdesk.happiness.models import (
    Grade,
    GradeChange,
    Poll,
    PollBallot,
    PollVoter,
    Recovery,
    RecoveryNotice,
    RepDay,
    Survey,
    TeamDay,
)
from wowdesk.happiness.services import poll_answer, poll_create

pytestmark = pytest.mark.django_db
MODELS = [Survey, Grade, GradeChange, Recovery, RecoveryNotice, Poll, PollVoter, PollBallot, TeamDay, RepDay]


@pytest.fixture
def rows(surveyed, lead):
    surveyed.grade("D", "Slow")
    poll = poll_create(actor=lead, question="Grade us")
    poll_answer(actor=UserFactory.create(), poll=poll, letter="B")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_page_render_read_only(model, rows, admin_user, login):
    client = login(admin_user)
    meta = model._meta
    assert model in admin.site._registry
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model._default_manager.first()
    page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert page.status_code == 200
    if model is not Poll:
        assert not admin.site._registry[model].has_change_permission(page.wsgi_request, obj)


def test_the_token_digest_is_never_shown(rows, admin_user, login, surveyed):
    page = login(admin_user).get(reverse("admin:happiness_survey_change", args=[surveyed.survey.pk]))
    assert surveyed.survey.token_digest not in page.content.decode()
