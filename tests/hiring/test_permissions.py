"""Who sees a candidate, and when a panelist may read the others' scorecards (no anchoring)."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.hiring.conftest import card, seat
from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound
from wowdesk.hiring.permissions import candidates_visible_to, scorecards_visible_to
from wowdesk.hiring.selectors import candidate_get_for_user, candidate_view

pytestmark = pytest.mark.django_db


def test_candidates_are_for_leads_admins_and_their_panel(candidate, lead, admin_user, rep, teammate, analyst):
    seat(candidate, analyst, by=lead)

    assert list(candidates_visible_to(lead)) == [candidate]
    assert list(candidates_visible_to(admin_user)) == [candidate]
    assert list(candidates_visible_to(analyst)) == [candidate]
    assert list(candidates_visible_to(rep)) == []
    with pytest.raises(NotFound):
        candidate_get_for_user(user=teammate, pk=candidate.pk)


def test_a_deactivated_panelist_sees_nothing(candidate, lead, analyst):
    seat(candidate, analyst, by=lead)
    analyst.is_active = False
    assert list(candidates_visible_to(analyst)) == []


def test_a_panelist_reads_the_others_only_after_submitting(interviewing, rep, analyst):
    card(interviewing, rep, culture_evidence="Told me how she calmed a furious caller.")

    before = candidate_view(user=analyst, candidate=interviewing)
    assert list(scorecards_visible_to(analyst, interviewing)) == []
    assert before.scorecards == []
    assert before.scorecards_in == 1
    assert before.may_write

    card(interviewing, analyst)

    after = candidate_view(user=analyst, candidate=interviewing)
    assert [c.author for c in after.scorecards] == [rep, analyst]
    assert scorecards_visible_to(analyst, interviewing).count() == 2
    assert not after.may_write


def test_leads_off_the_panel_read_everything_and_on_it_wait_like_everyone(interviewing, lead, rep):
    card(interviewing, rep)
    assert [c.author for c in candidate_view(user=lead, candidate=interviewing).scorecards] == [rep]

    other_lead = UserFactory.create(role=User.Role.LEAD, team=None)
    seat(interviewing, other_lead, by=lead)
    assert candidate_view(user=other_lead, candidate=interviewing).scorecards == []
    assert list(scorecards_visible_to(other_lead, interviewing)) == []


def test_only_managers_see_why_an_offer_is_blocked(interviewing, lead, rep):
    assert candidate_view(user=lead, candidate=interviewing).offer_blockers
    assert candidate_view(user=rep, candidate=interviewing).offer_blockers == []
