"""Reads for cards: today's card time, one card, the print queue, the week's
gallery for Card of the Week and the past winners."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.cards.models import (
    DEFAULT_MINUTES,
    DEFAULT_START,
    DEFAULT_WEEKDAYS,
    Card,
    CardOfTheWeek,
    CardTimeSession,
    CardTimeSetting,
    CardVote,
    weekdays_to_mask,
)
from wowdesk.cards.periods import local_day, week_of
from wowdesk.cards.permissions import cards_visible_to
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate

# Card time ------------------------------------------------------------------


def card_time_setting_for(*, user: User) -> CardTimeSetting:
    """The user's team's card block, or the defaults (unsaved) for a team without one or no team."""
    if user.team_id is not None:
        setting = CardTimeSetting.objects.filter(team_id=user.team_id).first()
        if setting is not None:
            return setting
    return CardTimeSetting(
        team=user.team,
        minutes=DEFAULT_MINUTES,
        weekdays_mask=weekdays_to_mask(DEFAULT_WEEKDAYS),
        starts_at=DEFAULT_START,
    )


def card_time_setting_for_team(*, team_id: int) -> CardTimeSetting:
    setting = CardTimeSetting.objects.filter(team_id=team_id).first()
    return setting or CardTimeSetting(
        team_id=team_id,
        minutes=DEFAULT_MINUTES,
        weekdays_mask=weekdays_to_mask(DEFAULT_WEEKDAYS),
        starts_at=DEFAULT_START,
    )


@dataclass(frozen=True)
class CardTimeToday:
    """What the cards page says about today. There is deliberately no history of missed days."""

    setting: CardTimeSetting
    day: dt.date
    is_card_day: bool
    session: CardTimeSession | None
    remaining_seconds: int | None

    @property
    def running(self) -> bool:
        return self.session is not None and self.session.finished_at is None and (self.remaining_seconds or 0) > 0


def card_time_today(*, user: User, now: dt.datetime | None = None) -> CardTimeToday:
    now = now or timezone.now()
    day = local_day(now)
    setting = card_time_setting_for(user=user)
    session = CardTimeSession.objects.filter(user=user, day=day).first()
    remaining = None
    if session is not None:
        end = session.finished_at or session.ends_at
        remaining = max(0, int((end - now).total_seconds())) if session.finished_at is None else 0
    return CardTimeToday(
        setting=setting,
        day=day,
        is_card_day=day.isoweekday() in setting.weekdays,
        session=session,
        remaining_seconds=remaining,
    )


def card_session_for_today(*, user: User, now: dt.datetime | None = None) -> CardTimeSession:
    session = CardTimeSession.objects.filter(user=user, day=local_day(now)).first()
    if session is None:
        raise NotFound(_("Card time has not started today."))
    return session


# Cards -------------------------------------------------------------------------


def _cards_base(user: User) -> QuerySet[Card]:
    return cards_visible_to(user).select_related("author", "customer", "conversation", "team")


def card_get_for_user(*, user: User, pk: int) -> Card:
    """The one permission-checked getter for a card (its author, leads and admins)."""
    card = _cards_base(user).filter(pk=pk).first()
    if card is None:
        raise NotFound(_("No such card."))
    return card


QUEUE_STATUSES = ("", *Card.Status.values)


def print_queue(
    *, user: User, status: str = "", day: dt.date | None = None, cursor: str | None, size: int
) -> Page[Card]:
    """Cards ``user`` may see, newest first, optionally one status or one day."""
    if status not in QUEUE_STATUSES:
        raise field_error("status", _("Choose one of: %(choices)s.") % {"choices": ", ".join(Card.Status.values)})
    qs = _cards_base(user)
    if status:
        qs = qs.filter(status=status)
    if day is not None:
        qs = qs.filter(written_on=day)
    return paginate(qs, ordering=("-created_at", "-id"), cursor=cursor, size=size)


def batch_for_day(*, user: User, day: dt.date) -> QuerySet[Card]:
    """The day's cards to print and mail that ``user`` may see, in the order they were written."""
    return _cards_base(user).filter(written_on=day, delivery=Card.Delivery.MAIL).order_by("created_at", "id")


# The week's gallery -------------------------------------------------------------

HIDDEN_NAME = "…"


def _name_parts(card: Card) -> list[str]:
    customer = card.customer
    parts = {customer.name, customer.preferred_name, card.recipient_name, *customer.name.split()}
    return sorted((p for p in parts if len(p.strip()) >= 2), key=len, reverse=True)


def redact_names(text: str, names: list[str]) -> str:
    """``text`` with every whole-word occurrence of ``names`` (any case) hidden."""
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name.strip())}(?!\w)", HIDDEN_NAME, text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True)
class GalleryCard:
    """A card as every staff member sees it in the vote: no address, no conversation, and
    the customer's name hidden (in the text too) unless they agreed to show it."""

    id: int
    author: User
    written_on: dt.date
    recipient: str
    message: str
    poem: str
    has_drawing: bool
    own: bool

    @classmethod
    def of(cls, card: Card, *, viewer: User | None) -> GalleryCard:
        if card.name_shared:
            return cls(
                id=card.pk,
                author=card.author,
                written_on=card.written_on,
                recipient=card.recipient_name,
                message=card.message,
                poem=card.poem,
                has_drawing=card.has_drawing,
                own=viewer is not None and card.author_id == viewer.pk,
            )
        names = _name_parts(card)
        return cls(
            id=card.pk,
            author=card.author,
            written_on=card.written_on,
            recipient=_("A customer"),
            message=redact_names(card.message, names),
            poem=redact_names(card.poem, names),
            has_drawing=card.has_drawing,
            own=viewer is not None and card.author_id == viewer.pk,
        )


@dataclass(frozen=True)
class GalleryPage:
    week: dt.date
    items: list[GalleryCard]
    next_cursor: str | None
    my_vote: int | None
    closed: bool


def week_cards(*, week: dt.date) -> QuerySet[Card]:
    return Card.objects.filter(week=week).select_related("author", "customer")


def gallery_card_get(*, user: User, pk: int) -> Card:
    """A card as far as the gallery shows it: any active staff member may see it there."""
    if not is_active_staff(user):
        raise NotFound(_("No such card."))
    card = Card.objects.select_related("author", "customer").filter(pk=pk).first()
    if card is None:
        raise NotFound(_("No such card."))
    return card


def week_cards_page(*, week: dt.date, cursor: str | None, size: int) -> Page[Card]:
    """One page of a week's cards in the order they were written (never by votes)."""
    return paginate(week_cards(week=week), ordering=("created_at", "id"), cursor=cursor, size=size)


def my_card_vote(*, user: User, week: dt.date) -> int | None:
    return CardVote.objects.filter(week=week, voter=user).values_list("card_id", flat=True).first()


def week_closed(*, week: dt.date) -> bool:
    return CardOfTheWeek.objects.filter(week=week).exists()


def week_gallery(*, user: User, week: dt.date | None = None, cursor: str | None, size: int) -> GalleryPage:
    """One page of a week's cards as ``user`` sees them, with their vote and whether the week has closed."""
    week = week_of(week or local_day())
    page = week_cards_page(week=week, cursor=cursor, size=size)
    return GalleryPage(
        week=week,
        items=[GalleryCard.of(card, viewer=user) for card in page.items],
        next_cursor=page.next_cursor,
        my_vote=my_card_vote(user=user, week=week),
        closed=week_closed(week=week),
    )


# Winners -----------------------------------------------------------------------


def winners_list() -> QuerySet[CardOfTheWeek]:
    return (
        CardOfTheWeek.objects.filter(card__isnull=False)
        .select_related("card", "card__author", "card__customer", "card__team")
        .annotate(week_key=Cast("week", CharField(max_length=10)))
    )


def winners_page(*, cursor: str | None, size: int) -> Page[CardOfTheWeek]:
    """Past Cards of the Week, newest week first."""
    return paginate(winners_list(), ordering=("-week_key", "-id"), cursor=cursor, size=size)


def latest_winner(*, within_days: int = 7, now: dt.datetime | None = None) -> CardOfTheWeek | None:
    """The most recent announcement, while it is news."""
    since = (now or timezone.now()) - dt.timedelta(days=within_days)
    return winners_list().filter(announced_at__gte=since).order_by("-week").first()
