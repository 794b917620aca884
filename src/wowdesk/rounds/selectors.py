"""Reads for rounds: a day's items with filters, one item, the days gone by, the menu count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.rounds.models import FINISHED, UNFINISHED, ItemStatus, Round, RoundItem, Source
from wowdesk.rounds.permissions import items_visible_to

STATES = ("open", "done", "all")
ORDER = ("position", "id")


@dataclass(frozen=True)
class ItemFilters:
    """``state``: open (not finished: open or claimed), done (done or skipped) or all; ``mine``: claimed by me."""

    source: str = ""
    state: str = "open"
    mine: bool = False

    def validate(self) -> None:
        if self.source and self.source not in Source.values:
            raise field_error("source", _("Choose one of: %(values)s.") % {"values": ", ".join(Source.values)})
        if self.state not in STATES:
            raise field_error("state", _("Choose one of: %(values)s.") % {"values": ", ".join(STATES)})


@dataclass(frozen=True)
class DayTally:
    """How far a day's round got, in items (never per person)."""

    open: int = 0
    claimed: int = 0
    done: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.open + self.claimed + self.done + self.skipped

    @property
    def unfinished(self) -> int:
        return self.open + self.claimed


@dataclass(frozen=True)
class RoundDay:
    round: Round
    tally: DayTally = field(default_factory=DayTally)


def today() -> dt.date:
    return timezone.localdate()


def _items(user: User) -> QuerySet[RoundItem]:
    return items_visible_to(user).select_related("round", "customer", "claimed_by", "finished_by")


def round_for_day(*, day: dt.date) -> Round | None:
    return Round.objects.filter(day=day).first()


def round_items_page(
    *, user: User, day: dt.date, filters: ItemFilters, cursor: str | None, size: int
) -> Page[RoundItem]:
    """The day's items ``user`` may see, in round order (by source, the longest waiting first within one)."""
    filters.validate()
    qs = _items(user).filter(round__day=day)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.state == "open":
        qs = qs.filter(status__in=UNFINISHED)
    elif filters.state == "done":
        qs = qs.filter(status__in=FINISHED)
    if filters.mine:
        qs = qs.filter(claimed_by=user)
    return paginate(qs, ordering=ORDER, cursor=cursor, size=size)


def _tallies(user: User, round_ids: list[int]) -> dict[int, DayTally]:
    """Items per status for each round, of the items ``user`` may see (one grouped query)."""
    if not round_ids:
        return {}
    rows = (
        items_visible_to(user)
        .filter(round_id__in=round_ids)
        .values("round_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["round_id"], {})[row["status"]] = row["n"]
    return {pk: DayTally(**by_status) for pk, by_status in counts.items()}


def round_day(*, user: User, day: dt.date) -> RoundDay | None:
    """The day's round with its tally, or None if that day had none (two queries)."""
    found = round_for_day(day=day)
    if found is None:
        return None
    return RoundDay(round=found, tally=_tallies(user, [found.pk]).get(found.pk, DayTally()))


def rounds_page(*, cursor: str | None, size: int) -> Page[Round]:
    """The history: every day that had a round, newest first."""
    return paginate(Round.objects.all(), ordering=("-day", "-id"), cursor=cursor, size=size)


def round_days(*, user: User, rounds: list[Round]) -> list[RoundDay]:
    """Each round with how far it got, counting the items ``user`` may see (one query)."""
    tallies = _tallies(user, [r.pk for r in rounds])
    return [RoundDay(round=r, tally=tallies.get(r.pk, DayTally())) for r in rounds]


def round_item_get_for_user(*, user: User, pk: int) -> RoundItem:
    """The one permission-checked getter; NotFound for missing and hidden alike."""
    item = _items(user).filter(pk=pk).first()
    if item is None:
        raise NotFound(_("No such round item."))
    return item


def open_items_count(*, user: User) -> int:
    """Today's items nobody has taken yet that ``user`` may see: the number beside "Rounds" in the menu."""
    return items_visible_to(user).filter(round__day=today(), status=ItemStatus.OPEN).count()
