"""Hiring services: candidates, the panel rule, final scorecards, the offer rule and the moves to hired."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from tests.hiring.conftest import card, interview, seat
from wowdesk.hiring.models import Candidate, PanelMember, Scorecard, Status
from wowdesk.hiring.services import (
    candidate_create,
    candidate_link_user,
    candidate_move,
    panel_add,
    panel_remove,
)
from wowdesk.legends.models import CompanyValue
from wowdesk.legends.starter import install_starter_values

pytestmark = pytest.mark.django_db


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


# Candidates.


def test_a_lead_adds_a_candidate(candidate, lead):
    assert candidate.status == Status.APPLIED
    assert candidate.created_by == lead
    assert candidate.department.name == "Finance"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not an email"}, "email"),
        ({"name": "  "}, "name"),
        ({"role": "x" * 201}, "role"),
        ({"source": "tv"}, "source"),
    ],
)
def test_bad_candidate_input_names_the_field(lead, finance, changes, field):
    values = {"name": "Sam", "email": "sam@example.org", "role": "Buyer", "source": "referral", **changes}
    with pytest.raises(ValidationError) as exc:
        candidate_create(actor=lead, department=finance, **values)
    assert _fields(exc) == {field}
    assert not Candidate.objects.exists()


def test_only_leads_and_admins_run_hiring(rep, finance, candidate, analyst):
    with pytest.raises(PermissionDenied):
        candidate_create(actor=rep, name="Sam", email="s@example.org", role="Buyer", department=finance, source="other")
    with pytest.raises(PermissionDenied):
        panel_add(actor=rep, candidate=candidate, user=analyst)
    with pytest.raises(PermissionDenied):
        candidate_move(actor=rep, candidate=candidate, to=Status.WITHDRAWN)


# The panel.


def test_anyone_from_any_department_can_sit_on_a_panel_once(candidate, lead, analyst):
    seat(candidate, analyst, by=lead)
    with pytest.raises(ValidationError) as exc:
        panel_add(actor=lead, candidate=candidate, user=analyst)
    assert _fields(exc) == {"user"}
    assert PanelMember.objects.count() == 1


def test_a_deactivated_person_cannot_be_seated(candidate, lead):
    with pytest.raises(ValidationError) as exc:
        panel_add(actor=lead, candidate=candidate, user=UserFactory.create(is_active=False))
    assert _fields(exc) == {"user"}


def test_interviews_need_customer_service_on_the_panel(candidate, lead, analyst, rep):
    seat(candidate, analyst, by=lead)
    with pytest.raises(ValidationError) as exc:
        candidate_move(actor=lead, candidate=candidate, to=Status.INTERVIEWING)
    assert exc.value.message_dict == {"panel": ["The panel needs at least one person from customer service."]}

    seat(candidate, rep, by=lead)
    assert candidate_move(actor=lead, candidate=candidate, to=Status.INTERVIEWING).status == Status.INTERVIEWING


def test_the_last_service_seat_stays_once_interviews_start(interviewing, lead, rep, analyst):
    with pytest.raises(ValidationError) as exc:
        panel_remove(actor=lead, candidate=interviewing, user_id=rep.pk)
    assert _fields(exc) == {"user"}

    panel_remove(actor=lead, candidate=interviewing, user_id=analyst.pk)
    assert list(PanelMember.objects.values_list("user_id", flat=True)) == [rep.pk]


def test_before_interviews_anyone_can_be_taken_off(candidate, lead, rep):
    seat(candidate, rep, by=lead)
    panel_remove(actor=lead, candidate=candidate, user_id=rep.pk)
    assert not PanelMember.objects.exists()


def test_a_panelist_with_a_scorecard_stays_on_the_record(interviewing, lead, analyst, teammate):
    seat(interviewing, teammate, by=lead)
    card(interviewing, analyst)
    with pytest.raises(ValidationError) as exc:
        panel_remove(actor=lead, candidate=interviewing, user_id=analyst.pk)
    assert "stays on the record" in exc.value.message_dict["user"][0]


# Scorecards.


def test_a_panelist_records_skills_and_culture_apart_with_values(interviewing, rep):
    install_starter_values()
    values = list(CompanyValue.objects.order_by("position")[:2])

    scorecard = card(interviewing, rep, skills="no", culture="strong_yes", values=values)

    assert (scorecard.skills, scorecard.culture, scorecard.vote) == ("no", "strong_yes", "hire")
    assert scorecard.service is True
    assert set(scorecard.values_shown.all()) == set(values)


def test_a_scorecard_is_final(interviewing, rep):
    card(interviewing, rep)
    with pytest.raises(ValidationError) as exc:
        card(interviewing, rep, culture="no")
    assert _fields(exc) == {"scorecard"}
    assert Scorecard.objects.get().culture == "yes"


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"skills": "maybe"}, {"skills"}),
        ({"culture": ""}, {"culture"}),
        ({"vote": "abstain"}, {"vote"}),
        ({"skills_evidence": " "}, {"skills_evidence"}),
        ({"culture_evidence": "", "skills_evidence": ""}, {"culture_evidence", "skills_evidence"}),
        ({"culture_evidence": "x" * 4001}, {"culture_evidence"}),
    ],
)
def test_a_scorecard_needs_both_assessments_with_evidence(interviewing, rep, changes, fields):
    with pytest.raises(ValidationError) as exc:
        card(interviewing, rep, **changes)
    assert _fields(exc) == fields
    assert not Scorecard.objects.exists()


def test_retired_values_are_refused(interviewing, rep):
    install_starter_values()
    retired = CompanyValue.objects.first()
    assert retired is not None
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as exc:
        card(interviewing, rep, values=[retired])
    assert _fields(exc) == {"values"}


def test_only_panelists_write_scorecards(interviewing, teammate, lead):
    for outsider in (teammate, lead):
        with pytest.raises(PermissionDenied):
            card(interviewing, outsider)


def test_no_scorecards_before_interviews_or_after_them(candidate, lead, rep):
    seat(candidate, rep, by=lead)
    with pytest.raises(ValidationError) as exc:
        card(candidate, rep)
    assert _fields(exc) == {"candidate"}
    candidate_move(actor=lead, candidate=candidate, to=Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        card(candidate, rep)


def test_a_scorecard_is_refused_if_the_panel_lost_its_service_seat(interviewing, rep, analyst, finance):
    rep.department = finance
    rep.save(update_fields=["department"])
    with pytest.raises(ValidationError) as exc:
        card(interviewing, analyst)
    assert _fields(exc) == {"panel"}


# The offer rule (decision 0013).


def _offer(candidate, lead):
    return candidate_move(actor=lead, candidate=candidate, to=Status.OFFER)


def test_an_offer_when_the_whole_panel_is_in_and_service_sees_a_fit(interviewing, lead, rep, analyst):
    card(interviewing, rep, culture="yes", vote="hire")
    card(interviewing, analyst, culture="no", vote="no_hire")  # a finance doubt informs, it does not block

    assert _offer(interviewing, lead).status == Status.OFFER


def test_no_offer_while_a_scorecard_is_missing(interviewing, lead, rep):
    card(interviewing, rep)
    with pytest.raises(ValidationError) as exc:
        _offer(interviewing, lead)
    assert exc.value.message_dict == {"status": ["Waiting for the scorecards of: Fiona Frost."]}


def test_one_service_no_on_culture_stops_the_offer_whatever_the_skills(interviewing, lead, rep, analyst, teammate):
    seat(interviewing, teammate, by=lead)
    card(interviewing, rep, culture="strong_yes")
    card(interviewing, teammate, skills="strong_yes", culture="no", vote="hire")
    card(interviewing, analyst, skills="strong_yes", culture="strong_yes", vote="hire")

    with pytest.raises(ValidationError) as exc:
        _offer(interviewing, lead)

    [reason] = exc.value.message_dict["status"]
    assert "Customer service did not see a culture fit (Tomás Tan)" in reason
    assert Candidate.objects.get().status == Status.INTERVIEWING


def test_the_service_scorecard_counts_as_it_was_written(interviewing, lead, rep, analyst, teammate, finance):
    """The rep moved to finance after interviewing: their card still counts as service, but the panel now needs
    a service seat again before an offer."""
    card(interviewing, rep)
    card(interviewing, analyst)
    rep.department = finance
    rep.save(update_fields=["department"])
    with pytest.raises(ValidationError) as exc:
        _offer(interviewing, lead)
    assert exc.value.message_dict["status"] == ["The panel needs at least one person from customer service."]

    seat(interviewing, teammate, by=lead)
    card(interviewing, teammate)
    assert _offer(interviewing, lead).status == Status.OFFER
    assert Scorecard.objects.get(author=rep).service is True


# Moves.


@pytest.mark.parametrize("to", [Status.OFFER, Status.HIRED, "promoted"])
def test_no_skipping_steps(candidate, lead, to):
    with pytest.raises(ValidationError) as exc:
        candidate_move(actor=lead, candidate=candidate, to=to)
    assert _fields(exc) == {"status"}


@pytest.mark.parametrize("final", [Status.DECLINED, Status.WITHDRAWN])
def test_final_statuses_are_final(candidate, lead, final, analyst):
    candidate_move(actor=lead, candidate=candidate, to=final)
    for to in (Status.APPLIED, Status.INTERVIEWING):
        with pytest.raises(ValidationError):
            candidate_move(actor=lead, candidate=candidate, to=to)
    with pytest.raises(ValidationError) as exc:
        panel_add(actor=lead, candidate=candidate, user=analyst)
    assert _fields(exc) == {"candidate"}


@pytest.fixture
def offered(interviewing, lead, rep, analyst):
    card(interviewing, rep)
    card(interviewing, analyst)
    return _offer(interviewing, lead)


def test_hiring_links_an_existing_account_and_creates_none(offered, lead):
    starter = UserFactory.create(username="priya")
    accounts = type(starter).objects.count()

    hired = candidate_move(actor=lead, candidate=offered, to=Status.HIRED, hired_user=starter)

    assert hired.status == Status.HIRED
    assert hired.hired_user == starter
    assert type(starter).objects.count() == accounts


def test_an_account_can_be_linked_later_but_only_to_one_hire(offered, lead, finance):
    hired = candidate_move(actor=lead, candidate=offered, to=Status.HIRED)
    assert hired.hired_user is None
    starter = UserFactory.create()
    assert candidate_link_user(actor=lead, candidate=hired, user=starter).hired_user == starter

    other = candidate_create(
        actor=lead, name="Bo", email="bo@example.org", role="Clerk", department=finance, source="other"
    )
    with pytest.raises(ValidationError) as exc:
        candidate_link_user(actor=lead, candidate=other, user=starter)
    assert _fields(exc) == {"user"}


def test_an_account_is_linked_only_when_hiring(candidate, lead, rep):
    seat(candidate, rep, by=lead)
    with pytest.raises(ValidationError) as exc:
        candidate_move(actor=lead, candidate=candidate, to=Status.INTERVIEWING, hired_user=rep)
    assert _fields(exc) == {"user"}
    assert Candidate.objects.get().status == Status.APPLIED


def test_interview_helper_seats_and_moves(candidate, lead, rep):
    moved = interview(candidate, rep, by=lead)
    assert moved.status == Status.INTERVIEWING
