"""Reads for recognition: nominations open for a vote, awards, the wall of
fame (a month at a time) and what one person has been recognised for.

Nothing here counts, sorts or ranks people by recognition: lists are in
time order, and vote totals never leave the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from wowdesk.accounts.models import Team, User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.cards.models import CardOfTheWeek
from wowdesk.cards.periods import month_of, next_month
from wowdesk.cards.selectors import GalleryCard, winners_list
from wowdesk.conversations.permissions import conversation_visible_annotation
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.recognition.models import Award, AwardKind, Nomination, NominationVote
from wowdesk.recognition.services import voting_month


def _sidekicks() -> Prefetch[str]:
    return Prefetch("sidekicks", queryset=User.objects.order_by("first_name", "last_name", "id"))


def nomination_list(viewer: User | None = None) -> QuerySet[Nomination]:
    """Nominations with what their cards show; with a ``viewer``, ``conversation_visible`` too.

    Recognition is company-wide but the evidence is a team's conversation:
    pages link it only for those who may open it.
    """
    qs = Nomination.objects.select_related("nominee", "nominator", "team", "conversation").prefetch_related(
        _sidekicks()
    )
    return qs if viewer is None else qs.annotate(conversation_visible=conversation_visible_annotation(viewer))


def nomination_get_for_user(*, user: User, pk: int) -> Nomination:
    """Nominations, and their stories, are open to all active staff: recognition is public inside the company."""
    if not is_active_staff(user):
        raise NotFound(_("No such nomination."))
    nomination = nomination_list(user).filter(pk=pk).first()
    if nomination is None:
        raise NotFound(_("No such nomination."))
    return nomination


def nominations_page(
    *, viewer: User | None = None, kind: str = "", month: dt.date | None = None, cursor: str | None, size: int
) -> Page[Nomination]:
    """One month's nominations (this month by default), in the order they were made."""
    if kind and kind not in AwardKind.values:
        raise field_error("kind", _("Choose one of: %(choices)s.") % {"choices": ", ".join(AwardKind.values)})
    qs = nomination_list(viewer).filter(month=month_of(month) if month else voting_month())
    if kind:
        qs = qs.filter(kind=kind)
    return paginate(qs, ordering=("created_at", "id"), cursor=cursor, size=size)


def my_votes(*, user: User, month: dt.date | None = None) -> dict[str, int]:
    """Award kind -> the nomination ``user`` voted for this month."""
    rows = NominationVote.objects.filter(voter=user, month=month or voting_month()).values_list("kind", "nomination_id")
    return dict(rows)


def award_list(viewer: User | None = None) -> QuerySet[Award]:
    qs = (
        Award.objects.filter(recipient__isnull=False)
        .select_related("recipient", "team", "nomination", "nomination__nominator", "nomination__conversation")
        .prefetch_related(Prefetch("nomination__sidekicks", queryset=User.objects.order_by("first_name", "id")))
        .annotate(month_key=Cast("month", CharField(max_length=10)))
    )
    if viewer is None:
        return qs
    return qs.annotate(conversation_visible=conversation_visible_annotation(viewer, "nomination__conversation_id"))


def awards_page(*, kind: str = "", cursor: str | None, size: int) -> Page[Award]:
    if kind and kind not in AwardKind.values:
        raise field_error("kind", _("Choose one of: %(choices)s.") % {"choices": ", ".join(AwardKind.values)})
    qs = award_list()
    if kind:
        qs = qs.filter(kind=kind)
    return paginate(qs, ordering=("-month_key", "kind", "-id"), cursor=cursor, size=size)


def latest_awards(*, month: dt.date | None = None) -> list[Award]:
    """The awards announced for the month that just closed (the banner on recognition pages)."""
    previous = month_of((month or voting_month()) - dt.timedelta(days=1))
    return list(award_list().filter(month=previous).order_by("kind"))


# The wall of fame ------------------------------------------------------------------

WALL_AWARDS = ("card", "hero", "sidekick", "manager")


@dataclass(frozen=True)
class WallFilters:
    month: dt.date | None = None
    team_id: int | None = None
    award: str = ""

    def validate(self) -> None:
        if self.award and self.award not in WALL_AWARDS:
            raise field_error("award", _("Choose one of: %(choices)s.") % {"choices": ", ".join(WALL_AWARDS)})


@dataclass(frozen=True)
class WallEntry:
    """One recognition on the wall: a Card of the Week, a Hero (with Sidekicks) or a Manager of the Month."""

    kind: str
    period: dt.date
    person: User
    team: Team | None
    story: str = ""
    sidekicks: list[User] = field(default_factory=list)
    card: GalleryCard | None = None
    nomination_id: int | None = None
    conversation_id: int | None = None
    conversation_visible: bool = False

    @property
    def label(self) -> str:
        return {"card": _("Card of the Week"), "hero": _("Hero"), "manager": _("Manager of the Month")}[self.kind]


@dataclass(frozen=True)
class WallMonth:
    month: dt.date
    entries: list[WallEntry]
    older: dt.date | None
    newer: dt.date | None


def _card_awards(filters: WallFilters) -> QuerySet[CardOfTheWeek]:
    qs = winners_list()
    if filters.team_id is not None:
        qs = qs.filter(card__team_id=filters.team_id)
    return qs


def _awards(filters: WallFilters, viewer: User | None = None) -> QuerySet[Award]:
    qs = award_list(viewer)
    if filters.award == "sidekick":
        qs = qs.filter(kind=AwardKind.HERO, nomination__sidekicks__isnull=False)
        if filters.team_id is not None:
            qs = qs.filter(nomination__sidekicks__team_id=filters.team_id)
        return qs.distinct()
    if filters.award in AwardKind.values:
        qs = qs.filter(kind=filters.award)
    if filters.team_id is not None:
        qs = qs.filter(Q(team_id=filters.team_id) | Q(nomination__sidekicks__team_id=filters.team_id)).distinct()
    return qs


def _wants_cards(filters: WallFilters) -> bool:
    return filters.award in ("", "card")


def _wants_awards(filters: WallFilters) -> bool:
    return filters.award != "card"


def _edge_month(filters: WallFilters, *, before: dt.date | None = None, after: dt.date | None = None) -> dt.date | None:
    """The nearest month with entries before ``before`` (or from ``after`` on)."""
    found: list[dt.date] = []
    if _wants_cards(filters):
        cards = _card_awards(filters)
        if before is not None:
            week = cards.filter(week__lt=before).aggregate(edge=Max("week"))["edge"]
        else:
            week = cards.filter(week__gte=after).aggregate(edge=Min("week"))["edge"]
        if week is not None:
            found.append(month_of(week))
    if _wants_awards(filters):
        awards = _awards(filters).order_by()
        if before is not None:
            month = awards.filter(month__lt=before).aggregate(edge=Max("month"))["edge"]
        else:
            month = awards.filter(month__gte=after).aggregate(edge=Min("month"))["edge"]
        if month is not None:
            found.append(month)
    if not found:
        return None
    return max(found) if before is not None else min(found)


def _entries(filters: WallFilters, month: dt.date, viewer: User) -> list[WallEntry]:
    end = next_month(month)
    entries: list[WallEntry] = []
    if _wants_awards(filters):
        for award in _awards(filters, viewer).filter(month=month).order_by("kind", "id"):
            nomination = award.nomination
            assert nomination is not None
            assert award.recipient is not None
            entries.append(
                WallEntry(
                    kind=award.kind,
                    period=award.month,
                    person=award.recipient,
                    team=award.team,
                    story=nomination.story,
                    sidekicks=list(nomination.sidekicks.all()),
                    nomination_id=nomination.pk,
                    conversation_id=nomination.conversation_id,
                    conversation_visible=getattr(award, "conversation_visible", False),
                )
            )
    if _wants_cards(filters):
        for won in _card_awards(filters).filter(week__gte=month, week__lt=end).order_by("-week"):
            card = won.card
            assert card is not None
            entries.append(
                WallEntry(
                    kind="card",
                    period=won.week,
                    person=card.author,
                    team=card.team,
                    card=GalleryCard.of(card, viewer=viewer),
                )
            )
    return entries


def wall_of_fame(*, viewer: User, filters: WallFilters) -> WallMonth:
    """One month of the wall (the latest month with entries by default), and where older and newer ones are.

    A fixed number of queries however long the history: each source is read
    for one month, plus one query per source for each neighbouring month.
    """
    filters.validate()
    if filters.month is not None:
        month = month_of(filters.month)
    else:
        month = _edge_month(filters, before=next_month(voting_month())) or voting_month()
    return WallMonth(
        month=month,
        entries=_entries(filters, month, viewer),
        older=_edge_month(filters, before=month),
        newer=_edge_month(filters, after=next_month(month)),
    )


# A person's recognition ----------------------------------------------------------------

PROFILE_ROWS = 20


@dataclass(frozen=True)
class PersonRecognition:
    """What one staff member has been recognised for, newest first. Lists, never totals."""

    person: User
    awards: list[Award]
    sidekick_awards: list[Award]
    cards_of_the_week: list[CardOfTheWeek]
    nominations: list[Nomination]


def person_recognition(*, viewer: User, pk: int) -> PersonRecognition:
    if not is_active_staff(viewer):
        raise NotFound(_("No such staff member."))
    person = User.objects.select_related("team", "department").filter(pk=pk).first()
    if person is None:
        raise NotFound(_("No such staff member."))
    return PersonRecognition(
        person=person,
        awards=list(award_list(viewer).filter(recipient=person).order_by("-month", "kind")[:PROFILE_ROWS]),
        sidekick_awards=list(
            award_list(viewer).filter(nomination__sidekicks=person).order_by("-month", "kind")[:PROFILE_ROWS]
        ),
        cards_of_the_week=list(winners_list().filter(card__author=person).order_by("-week")[:PROFILE_ROWS]),
        nominations=list(nomination_list(viewer).filter(nominee=person).order_by("-created_at", "-id")[:PROFILE_ROWS]),
    )
