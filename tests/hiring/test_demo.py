"""The demo's hiring: candidates at every stage, every panel with customer service, the rules holding."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from wowdesk.accounts.models import User
from wowdesk.demo.context import DEMO_USERNAME
from wowdesk.hiring.models import Candidate, Scorecard, Status
from wowdesk.hiring.rules import offer_blockers, panel_has_service
from wowdesk.hiring.selectors import candidate_view, panel_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--conversations", "60", "--customers", "30", stdout=io.StringIO(), stderr=io.StringIO())


def test_candidates_at_different_stages_each_panel_with_service(seeded):
    candidates = list(Candidate.objects.all())
    assert 3 <= len(candidates) <= 5
    assert {c.status for c in candidates} >= {Status.APPLIED, Status.INTERVIEWING, Status.OFFER, Status.HIRED}
    for candidate in candidates:
        assert panel_has_service(panel_for(candidate=candidate)), candidate.name


def test_the_finance_offer_was_earned_by_the_service_panelist(seeded):
    analyst = Candidate.objects.get(department__name="Finance")
    assert analyst.status == Status.OFFER
    cards = list(Scorecard.objects.filter(candidate=analyst).select_related("author"))
    service = [c for c in cards if c.service]
    assert [c.author.username for c in service] == ["marisa"]
    assert service[0].culture_positive
    assert offer_blockers(panel_for(candidate=analyst), cards) == []


def test_the_declined_one_was_stopped_on_culture(seeded):
    declined = Candidate.objects.get(status=Status.DECLINED)
    cards = list(Scorecard.objects.filter(candidate=declined).select_related("author"))
    assert any("culture fit" in reason for reason in offer_blockers(panel_for(candidate=declined), cards))


def test_the_demo_login_waits_to_read_the_buyers_scorecards(seeded):
    demo = User.objects.get(username=DEMO_USERNAME)
    buyer = Candidate.objects.get(status=Status.INTERVIEWING)
    view = candidate_view(user=demo, candidate=buyer)
    assert view.on_panel
    assert view.may_write
    assert view.scorecards == []
    assert view.scorecards_in == 2


def test_the_hire_is_linked_to_her_account(seeded):
    hired = Candidate.objects.get(status=Status.HIRED)
    assert hired.hired_user is not None
    assert hired.hired_user.username == "bex"
    assert hired.created_at < hired.status_changed_at
