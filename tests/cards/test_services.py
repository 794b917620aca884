"""Card services: writing cards, the print queue, card time, votes and the weekly close."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.cards.factories import CardFactory, addressed_customer, png_bytes
from tests.factories import ConversationFactory, CustomerEmailFactory, CustomerFactory, UserFactory
from wowdesk.cards import services
from wowdesk.cards.models import Card, CardOfTheWeek, CardTimeSession, CardVote
from wowdesk.cards.periods import local_day, week_of
from wowdesk.cards.selectors import card_time_setting_for, card_time_today
from wowdesk.scheduling.registry import get as schedule_get

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# Writing ---------------------------------------------------------------------


def test_writing_a_card_snapshots_the_address_and_queues_it(rep):
    customer = addressed_customer()
    conversation = ConversationFactory.create(customer=customer, assignee=rep)

    card = services.card_write(author=rep, customer=customer, conversation=conversation, message="  Good luck!  ")

    assert card.status == Card.Status.WRITTEN
    assert card.message == "Good luck!"
    assert card.postal_address == "12 Juniper Street\n87106 Albuquerque\nNM\nUS"
    assert card.recipient_name == "Lorna Castellane"
    assert card.week == week_of(local_day())
    assert card.team == rep.team
    customer.address_line1 = "99 New Road"
    customer.save()
    card.refresh_from_db()
    assert card.postal_address.startswith("12 Juniper Street")


def test_a_drawing_is_stored_under_a_random_name(rep, settings):
    card = services.card_write(author=rep, customer=addressed_customer(), message="Hi", drawing=png_bytes(200, 100))
    other = services.card_write(author=rep, customer=addressed_customer(), message="Hi", drawing=png_bytes(200, 100))

    assert (card.drawing_width, card.drawing_height) == (200, 100)
    assert re.fullmatch(r"cards/drawings/[0-9a-f]{32}\.png", card.drawing.name or "")
    assert card.drawing.name != other.drawing.name
    with card.drawing.open("rb") as handle:
        assert handle.read() == png_bytes(200, 100)
    assert len(stored_files(settings)) == 2


def test_mailing_to_a_customer_without_address_is_refused_and_nothing_is_stored(rep, settings):
    customer = CustomerFactory.create(name="No Address", address_line1="", city="", postal_code="")

    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=customer, message="Hello", drawing=png_bytes())

    assert "no postal address" in errors(exc)["delivery"][0]
    assert not Card.objects.exists()
    assert stored_files(settings) == []


def test_an_emailed_card_needs_an_email_address(rep):
    customer = addressed_customer()

    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=customer, message="Hello", delivery=Card.Delivery.EMAIL)

    assert "no email address" in errors(exc)["delivery"][0]
    CustomerEmailFactory.create(customer=customer, email="lorna@example.com")
    card = services.card_write(author=rep, customer=customer, message="Hello", delivery=Card.Delivery.EMAIL)
    assert (card.email_to, card.postal_address) == ("lorna@example.com", "")


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (b"GIF89a" + b"\x00" * 100, "drawing", "must be a PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "drawing", "not a readable PNG"),
    ],
)
def test_a_drawing_that_is_not_a_png_is_refused(rep, settings, data, field, words):
    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=addressed_customer(), message="Hi", drawing=data)

    assert words in errors(exc)[field][0]
    assert not Card.objects.exists()
    assert stored_files(settings) == []


def test_a_drawing_over_the_size_limit_is_refused(rep, settings):
    settings.WOWDESK_CARD_DRAWING_MAX_BYTES = 500
    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=addressed_customer(), message="Hi", drawing=png_bytes(400, 400))

    assert "at most 0 KB" in errors(exc)["drawing"][0]
    assert not Card.objects.exists()


def test_a_drawing_too_big_in_pixels_is_refused(rep):
    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=addressed_customer(), message="Hi", drawing=png_bytes(2100, 20))

    assert "between 16 and 2000 pixels" in errors(exc)["drawing"][0]


def test_a_card_has_a_drawing_or_a_poem_not_both(rep):
    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=addressed_customer(), message="Hi", poem="Roses", drawing=png_bytes())
    assert "drawing or a poem" in errors(exc)["poem"][0]


def test_a_card_needs_a_message(rep):
    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=addressed_customer(), message="   ")
    assert "message" in errors(exc)


def test_the_conversation_must_be_with_the_same_customer(rep):
    conversation = ConversationFactory.create()
    with pytest.raises(ValidationError) as exc:
        services.card_write(author=rep, customer=addressed_customer(), conversation=conversation, message="Hi")
    assert "another customer" in errors(exc)["conversation"][0]


# The print queue -----------------------------------------------------------------


def test_a_mailed_card_goes_written_printed_mailed(rep):
    card = CardFactory.create(author=rep)

    with pytest.raises(ValidationError) as exc:
        services.card_mark_mailed(actor=rep, card=card)
    assert "Print the card" in errors(exc)["status"][0]

    printed = services.card_mark_printed(actor=rep, card=card)
    again = services.card_mark_printed(actor=rep, card=card)
    mailed = services.card_mark_mailed(actor=rep, card=card)

    assert printed.status == Card.Status.PRINTED
    assert again.printed_at == printed.printed_at
    assert mailed.status == Card.Status.MAILED
    assert mailed.mailed_at is not None


def test_an_emailed_card_cannot_be_printed(rep):
    card = CardFactory.create(author=rep, delivery=Card.Delivery.EMAIL, postal_address="", email_to="a@example.com")
    with pytest.raises(ValidationError):
        services.card_mark_printed(actor=rep, card=card)


def test_marking_a_batch_printed_touches_only_written_mailed_cards(rep):
    written = CardFactory.create_batch(2, author=rep)
    done = CardFactory.create(author=rep, status=Card.Status.MAILED)
    emailed = CardFactory.create(author=rep, delivery=Card.Delivery.EMAIL, postal_address="", email_to="a@example.com")

    count = services.cards_mark_printed(actor=rep, cards=Card.objects.all())

    assert count == 2
    assert set(Card.objects.filter(status=Card.Status.PRINTED).values_list("pk", flat=True)) == {c.pk for c in written}
    done.refresh_from_db()
    emailed.refresh_from_db()
    assert (done.status, emailed.status) == (Card.Status.MAILED, Card.Status.WRITTEN)


# Card time ------------------------------------------------------------------------------


def test_card_time_defaults_to_fifteen_minutes_on_weekdays(rep):
    setting = card_time_setting_for(user=rep)
    assert (setting.minutes, setting.weekdays) == (15, [1, 2, 3, 4, 5])


def test_a_lead_sets_their_teams_card_time_and_a_rep_may_not(rep, lead, team, other_team):
    setting = services.card_time_configure(
        actor=lead, team=team, minutes=20, weekdays=[1, 3, 5], starts_at=dt.time(17, 0)
    )
    assert card_time_setting_for(user=rep) == setting
    assert card_time_setting_for(user=rep).weekdays == [1, 3, 5]

    with pytest.raises(PermissionDenied):
        services.card_time_configure(actor=rep, team=team, minutes=5, weekdays=[1], starts_at=dt.time(9))
    with pytest.raises(PermissionDenied):
        services.card_time_configure(actor=lead, team=other_team, minutes=5, weekdays=[1], starts_at=dt.time(9))


@pytest.mark.parametrize(
    ("minutes", "weekdays", "field"),
    [(4, [1], "minutes"), (121, [1], "minutes"), (15, [], "weekdays"), (15, [8], "weekdays")],
)
def test_card_time_settings_are_checked(lead, team, minutes, weekdays, field):
    with pytest.raises(ValidationError) as exc:
        services.card_time_configure(actor=lead, team=team, minutes=minutes, weekdays=weekdays, starts_at=dt.time(9))
    assert field in errors(exc)


def test_starting_card_time_twice_keeps_the_first_start(rep):
    # A fixed midday clock: "three minutes ago" crosses midnight when the suite runs at 00:01.
    first_at = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12, 0)))
    first = services.card_time_start(user=rep, setting=card_time_setting_for(user=rep), now=first_at)
    later = first_at + dt.timedelta(minutes=3)
    second = services.card_time_start(user=rep, setting=card_time_setting_for(user=rep), now=later)

    assert first.pk == second.pk
    assert CardTimeSession.objects.count() == 1
    today = card_time_today(user=rep, now=first_at + dt.timedelta(minutes=5))
    assert today.running
    assert today.remaining_seconds == 10 * 60


def test_a_day_without_card_time_is_not_recorded(rep):
    today = card_time_today(user=rep)
    assert today.session is None
    assert not CardTimeSession.objects.exists()


# Votes and the weekly close ------------------------------------------------------------


def test_one_vote_per_person_per_week(rep, teammate):
    first, second = CardFactory.create_batch(2, author=teammate)

    services.card_vote(voter=rep, card=first)
    with pytest.raises(ValidationError) as exc:
        services.card_vote(voter=rep, card=second)

    assert "already voted" in errors(exc)["card"][0]
    assert CardVote.objects.count() == 1


def test_nobody_votes_for_their_own_card(rep):
    card = CardFactory.create(author=rep)
    with pytest.raises(ValidationError) as exc:
        services.card_vote(voter=rep, card=card)
    assert "your own card" in errors(exc)["card"][0]
    assert not CardVote.objects.exists()


def test_last_weeks_cards_cannot_be_voted_for(rep, teammate):
    last_week = week_of(local_day()) - dt.timedelta(days=7)
    card = CardFactory.create(author=teammate, written_on=last_week, week=last_week)
    with pytest.raises(ValidationError) as exc:
        services.card_vote(voter=rep, card=card)
    assert "closed" in errors(exc)["card"][0]


MONDAY = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


def _card_on(author, moment: dt.datetime) -> Card:
    day = moment.date()
    return CardFactory.create(author=author, written_on=day, week=week_of(day), created_at=moment)


def test_the_week_closes_once_with_the_most_voted_card(rep, teammate, outsider, lead):
    popular = _card_on(teammate, MONDAY)
    other = _card_on(outsider, MONDAY + dt.timedelta(hours=1))
    for voter, card in ((rep, popular), (lead, popular), (teammate, other)):
        services.card_vote(voter=voter, card=card, now=MONDAY + dt.timedelta(days=2))

    next_week = MONDAY + dt.timedelta(days=7)
    first = services.card_weeks_close(now=next_week)
    second = services.card_weeks_close(now=next_week + dt.timedelta(hours=1))

    assert [a.card_id for a in first] == [popular.pk]
    assert second == []
    award = CardOfTheWeek.objects.get()
    assert (award.week, award.votes, award.tied) == (MONDAY.date(), 2, 0)


def test_a_tie_goes_to_the_card_that_reached_the_count_first(rep, teammate, outsider, lead):
    early = _card_on(teammate, MONDAY + dt.timedelta(hours=2))
    late = _card_on(outsider, MONDAY)
    voters = UserFactory.create_batch(2)
    # "late" was written first but reaches two votes last.
    services.card_vote(voter=rep, card=early, now=MONDAY + dt.timedelta(days=1))
    services.card_vote(voter=lead, card=late, now=MONDAY + dt.timedelta(days=1, hours=1))
    services.card_vote(voter=voters[0], card=early, now=MONDAY + dt.timedelta(days=2))
    services.card_vote(voter=voters[1], card=late, now=MONDAY + dt.timedelta(days=3))

    (award,) = services.card_weeks_close(now=MONDAY + dt.timedelta(days=7))

    assert (award.card_id, award.votes, award.tied) == (early.pk, 2, 1)


def test_a_week_without_votes_closes_with_no_winner_and_stays_closed(teammate):
    _card_on(teammate, MONDAY)

    (award,) = services.card_weeks_close(now=MONDAY + dt.timedelta(days=7))

    assert award.card is None
    assert services.card_weeks_close(now=MONDAY + dt.timedelta(days=8)) == []


def test_the_current_week_is_not_closed(rep, teammate):
    card = _card_on(teammate, MONDAY)
    services.card_vote(voter=rep, card=card, now=MONDAY + dt.timedelta(days=1))

    assert services.card_weeks_close(now=MONDAY + dt.timedelta(days=6, hours=14)) == []
    assert not CardOfTheWeek.objects.exists()


def test_the_weekly_close_is_a_registered_schedule():
    schedule = schedule_get("cards.close_weeks")
    assert schedule is not None
    assert schedule.every == dt.timedelta(hours=1)
    assert schedule.task.name == "close_card_weeks"


def test_the_close_task_runs_twice_and_announces_once(rep, teammate):
    from wowdesk.cards.tasks import close_card_weeks

    last_week = week_of(local_day()) - dt.timedelta(days=7)
    card = CardFactory.create(author=teammate, written_on=last_week, week=last_week)
    CardVote.objects.create(week=last_week, voter=rep, card=card)

    assert close_card_weeks.call() == 1
    assert close_card_weeks.call() == 0
    assert CardOfTheWeek.objects.get().card == card
