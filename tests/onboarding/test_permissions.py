"""Who sees a stint (leads and admins, the coach, the hire) and who may act on it."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from wowdesk.core.errors import NotFound
from wowdesk.onboarding.permissions import can_coach, can_lead, can_start_stints, stints_visible_to
from wowdesk.onboarding.selectors import stint_get_for_user

pytestmark = pytest.mark.django_db


def test_leads_admins_the_coach_and_the_hire_see_the_stint(stint, lead, admin_user, coach, hire):
    for person in (lead, admin_user, coach, hire):
        assert stint_get_for_user(user=person, pk=stint.pk) == stint


def test_another_rep_gets_not_found_like_a_missing_stint(stint, outsider, teammate):
    for person in (outsider, teammate):
        with pytest.raises(NotFound):
            stint_get_for_user(user=person, pk=stint.pk)
        assert not stints_visible_to(person).exists()
    with pytest.raises(NotFound):
        stint_get_for_user(user=outsider, pk=stint.pk + 1000)


def test_a_deactivated_coach_sees_nothing(stint, coach):
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    assert not stints_visible_to(coach).exists()
    assert not can_coach(coach, stint)


def test_reps_see_only_the_stints_they_coach_or_their_own(start, stint, coach, hire, outsider):
    other = start(UserFactory.create(title="Buyer"), coach=outsider)
    assert set(stints_visible_to(coach)) == {stint}
    assert set(stints_visible_to(hire)) == {stint}
    assert set(stints_visible_to(outsider)) == {other}


def test_who_may_act(stint, lead, admin_user, coach, hire, outsider):
    assert [can_coach(u, stint) for u in (lead, admin_user, coach, hire, outsider)] == [True, True, True, False, False]
    assert [can_lead(u, stint) for u in (lead, admin_user, coach, hire, outsider)] == [True, True, False, False, False]
    assert [can_start_stints(u) for u in (lead, admin_user, coach, outsider)] == [True, True, False, False]


def test_a_lead_on_the_phones_cannot_act_on_their_own_stint(start, lead, coach):
    new_lead = UserFactory.create(role="lead", title="Head of kids' shoes")
    stint = start(new_lead)
    assert stint_get_for_user(user=new_lead, pk=stint.pk) == stint  # they see everyone's, theirs included
    assert not can_coach(new_lead, stint)
    assert not can_lead(new_lead, stint)
    assert can_lead(lead, stint)
