"""Recognition services: nominations with evidence, monthly votes and the monthly close."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ConversationFactory, DepartmentFactory, UserFactory
from wowdesk.accounts.models import User
from wowdesk.cards.periods import local_day
from wowdesk.recognition import services
from wowdesk.recognition.models import Award, AwardKind, Nomination, NominationVote
from wowdesk.recognition.permissions import leads_of, reports_to_lead
from wowdesk.scheduling.registry import get as schedule_get

pytestmark = pytest.mark.django_db

MID_NOVEMBER = dt.datetime(2026, 11, 12, 10, 0, tzinfo=dt.UTC)
DECEMBER = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def kids_buyer():
    """Someone from another department, with no team: a sidekick from outside customer service."""
    kids = DepartmentFactory.create(name="Kids' Shoes", slug="kids-shoes")
    return UserFactory.create(username="lottie", first_name="Charlotte", team=None, department=kids)


@pytest.fixture
def evidence(team, rep):
    return ConversationFactory.create(team=team, assignee=rep, subject="Shoes for a young patient")


def hero(nominator, nominee, conversation, **kwargs):
    return services.nomination_create(
        nominator=nominator,
        kind=AwardKind.HERO,
        nominee=nominee,
        story="Put together a package we could not have planned.",
        conversation=conversation,
        **{"now": MID_NOVEMBER, **kwargs},
    )


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_hero_nomination_names_its_evidence_and_sidekicks_from_any_department(teammate, rep, evidence, kids_buyer):
    nomination = hero(teammate, rep, evidence, sidekicks=[kids_buyer])

    assert (nomination.kind, nomination.month, nomination.conversation) == ("hero", dt.date(2026, 11, 1), evidence)
    assert list(nomination.sidekicks.all()) == [kids_buyer]
    assert nomination.team == rep.team


def test_a_hero_nomination_without_evidence_is_refused(teammate, rep):
    with pytest.raises(ValidationError) as exc:
        hero(teammate, rep, None)
    assert "evidence" in messages(exc)["conversation"][0]
    assert not Nomination.objects.exists()


def test_evidence_the_nominator_cannot_see_is_refused(outsider, rep, evidence):
    with pytest.raises(ValidationError) as exc:
        hero(outsider, rep, evidence)
    assert "may not see" in messages(exc)["conversation"][0]
    assert not Nomination.objects.exists()


def test_nobody_nominates_themselves(rep, evidence):
    with pytest.raises(ValidationError) as exc:
        hero(rep, rep, evidence)
    assert "not yourself" in messages(exc)["nominee"][0]


@pytest.mark.parametrize("who", ["nominee", "nominator"])
def test_the_hero_and_the_nominator_are_not_sidekicks(teammate, rep, evidence, who):
    with pytest.raises(ValidationError) as exc:
        hero(teammate, rep, evidence, sidekicks=[rep if who == "nominee" else teammate])
    assert "sidekicks" in messages(exc)
    assert not Nomination.objects.exists()


def test_the_same_nominator_nominates_a_colleague_once_a_month(teammate, rep, evidence):
    hero(teammate, rep, evidence)
    with pytest.raises(ValidationError) as exc:
        hero(teammate, rep, evidence)
    assert "already nominated" in messages(exc)["nominee"][0]
    assert Nomination.objects.count() == 1


def test_a_reps_lead_is_the_lead_of_their_team(rep, lead, kids_buyer, outsider):
    assert list(leads_of(rep)) == [lead]
    assert reports_to_lead(rep)
    assert not reports_to_lead(kids_buyer)
    assert not reports_to_lead(lead)
    assert not reports_to_lead(outsider)  # the Otters have no lead in these fixtures


def test_manager_of_the_month_is_for_leads_nominated_by_those_who_report_to_one(rep, lead, teammate, kids_buyer):
    nomination = services.nomination_create(
        nominator=rep, kind=AwardKind.MANAGER, nominee=lead, story="Always has time for us.", now=MID_NOVEMBER
    )
    assert nomination.conversation is None

    with pytest.raises(ValidationError) as not_a_lead:
        services.nomination_create(nominator=rep, kind=AwardKind.MANAGER, nominee=teammate, story="x")
    with pytest.raises(ValidationError) as no_lead:
        services.nomination_create(nominator=kids_buyer, kind=AwardKind.MANAGER, nominee=lead, story="x")
    assert "for leads" in messages(not_a_lead)["nominee"][0]
    assert "report to a lead" in messages(no_lead)["kind"][0]


def test_one_hero_vote_each_and_never_for_a_nomination_naming_you(rep, teammate, lead, evidence, kids_buyer):
    nomination = hero(teammate, rep, evidence, sidekicks=[kids_buyer])
    other = hero(lead, teammate, ConversationFactory.create(team=rep.team, assignee=teammate))

    services.nomination_vote(voter=lead, nomination=nomination, now=MID_NOVEMBER)
    with pytest.raises(ValidationError) as twice:
        services.nomination_vote(voter=lead, nomination=other, now=MID_NOVEMBER)
    with pytest.raises(ValidationError) as self_vote:
        services.nomination_vote(voter=rep, nomination=nomination, now=MID_NOVEMBER)
    with pytest.raises(ValidationError) as sidekick_vote:
        services.nomination_vote(voter=kids_buyer, nomination=nomination, now=MID_NOVEMBER)

    assert "already voted" in messages(twice)["nomination"][0]
    assert "names you" in messages(self_vote)["nomination"][0]
    assert "names you" in messages(sidekick_vote)["nomination"][0]
    assert NominationVote.objects.count() == 1


def test_only_people_who_report_to_a_lead_vote_for_manager(rep, lead, kids_buyer):
    nomination = services.nomination_create(
        nominator=rep, kind=AwardKind.MANAGER, nominee=lead, story="Great lead.", now=MID_NOVEMBER
    )
    with pytest.raises(ValidationError) as exc:
        services.nomination_vote(voter=kids_buyer, nomination=nomination, now=MID_NOVEMBER)
    assert "report to a lead" in messages(exc)["nomination"][0]
    rep_two = UserFactory.create(team=rep.team)
    services.nomination_vote(voter=rep_two, nomination=nomination, now=MID_NOVEMBER)


def test_a_hero_vote_and_a_manager_vote_are_separate(rep, lead, teammate, evidence):
    hero_nomination = hero(lead, rep, evidence)
    manager = services.nomination_create(
        nominator=rep, kind=AwardKind.MANAGER, nominee=lead, story="Great lead.", now=MID_NOVEMBER
    )
    services.nomination_vote(voter=teammate, nomination=hero_nomination, now=MID_NOVEMBER)
    services.nomination_vote(voter=teammate, nomination=manager, now=MID_NOVEMBER)
    assert NominationVote.objects.filter(voter=teammate).count() == 2


def test_voting_on_last_months_nominations_is_closed(rep, teammate, lead, evidence):
    nomination = hero(teammate, rep, evidence)
    with pytest.raises(ValidationError) as exc:
        services.nomination_vote(voter=lead, nomination=nomination, now=DECEMBER)
    assert "closed" in messages(exc)["nomination"][0]


def test_the_month_closes_once_announcing_the_hero_with_sidekicks(rep, teammate, lead, evidence, kids_buyer):
    winner = hero(teammate, rep, evidence, sidekicks=[kids_buyer])
    runner_up = hero(rep, teammate, ConversationFactory.create(team=rep.team, assignee=teammate))
    services.nomination_vote(voter=lead, nomination=winner, now=MID_NOVEMBER)
    services.nomination_vote(voter=UserFactory.create(), nomination=winner, now=MID_NOVEMBER)
    services.nomination_vote(voter=kids_buyer, nomination=runner_up, now=MID_NOVEMBER)

    first = services.award_months_close(now=DECEMBER)
    second = services.award_months_close(now=DECEMBER + dt.timedelta(hours=1))

    assert [(a.kind, a.recipient) for a in first] == [("hero", rep)]
    assert second == []
    award = Award.objects.get()
    assert award.nomination is not None
    assert list(award.nomination.sidekicks.all()) == [kids_buyer]
    assert (award.votes, award.tied, award.team) == (2, 0, rep.team)


def test_a_tie_goes_to_the_nomination_that_reached_the_count_first(rep, teammate, lead, evidence):
    first = hero(teammate, rep, evidence)
    second = hero(lead, teammate, ConversationFactory.create(team=rep.team, assignee=teammate))
    voters = UserFactory.create_batch(2, team=rep.team)
    services.nomination_vote(voter=voters[0], nomination=second, now=MID_NOVEMBER)
    services.nomination_vote(voter=voters[1], nomination=first, now=MID_NOVEMBER + dt.timedelta(hours=1))

    (award,) = services.award_months_close(now=DECEMBER)

    assert (award.nomination, award.tied) == (second, 1)


def test_a_month_with_nominations_but_no_votes_closes_without_a_winner(rep, teammate, evidence):
    hero(teammate, rep, evidence)

    (award,) = services.award_months_close(now=DECEMBER)

    assert award.recipient is None
    assert services.award_months_close(now=DECEMBER) == []


def test_the_monthly_close_is_a_registered_idempotent_task(rep, teammate, lead):
    from wowdesk.recognition.tasks import close_award_months

    schedule = schedule_get("recognition.close_months")
    assert schedule is not None
    assert schedule.every == dt.timedelta(hours=1)
    last_month = local_day().replace(day=1) - dt.timedelta(days=1)
    nomination = Nomination.objects.create(
        kind=AwardKind.MANAGER, month=last_month.replace(day=1), nominee=lead, nominator=rep, story="x"
    )
    NominationVote.objects.create(kind=nomination.kind, month=nomination.month, voter=teammate, nomination=nomination)

    assert close_award_months.call() == 1
    assert close_award_months.call() == 0
    assert Award.objects.get().recipient == lead


def test_an_inactive_colleague_cannot_be_nominated(teammate, rep, evidence):
    rep.is_active = False
    rep.save()
    with pytest.raises(ValidationError) as exc:
        hero(teammate, User.objects.get(pk=rep.pk), evidence)
    assert "not active" in messages(exc)["nominee"][0]
