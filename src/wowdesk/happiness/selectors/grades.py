"""Reads of surveys and grades, including the helpers other apps use (cards, legends)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Channel, Conversation
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.happiness.models import LETTERS, NEEDS_RECOVERY, Grade, GradeChange, Survey
from wowdesk.happiness.permissions import grades_visible_to


def graded_between(start: dt.date | None, end: dt.date | None) -> Q:
    """Grades whose day (the local day of the first grade) is within [start, end], as a filter on the moment.

    The moment has an index that also orders the lists, so a period never makes the database sort every
    grade in it (a filter on ``day`` led SQLite to do just that).
    """
    q = Q()
    if start is not None:
        q &= Q(first_graded_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)))
    if end is not None:
        q &= Q(first_graded_at__lt=timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)))
    return q


def latest_grades(*, conversation_ids: Iterable[int]) -> dict[int, str]:
    """The current grade letter of each of these conversations that has one (one query).

    No permission check: callers pass conversations they already resolved
    through a permission-checked read.
    """
    ids = list(conversation_ids)
    if not ids:
        return {}
    return dict(Grade.objects.filter(conversation_id__in=ids).values_list("conversation_id", "letter"))


def conversations_graded(*, grade: str, since: dt.datetime | None = None) -> QuerySet[Conversation]:
    """Conversations whose current grade is ``grade``, graded (or last regraded) at or after ``since``.

    No permission check; filter the result with the conversations
    visibility rule before showing it to someone.
    """
    if grade not in LETTERS:
        raise field_error("grade", _("Choose one of: %(letters)s.") % {"letters": ", ".join(LETTERS)})
    graded = Grade.objects.filter(letter=grade)
    if since is not None:
        graded = graded.filter(graded_at__gte=since)
    return Conversation.objects.filter(pk__in=graded.values("conversation_id"))


def survey_for_conversation(*, conversation: Conversation) -> Survey | None:
    return Survey.objects.filter(conversation=conversation).select_related("email").first()


def grade_for_conversation(*, conversation: Conversation) -> Grade | None:
    return Grade.objects.filter(conversation=conversation).select_related("team", "rep").first()


def grade_history(*, grade: Grade) -> list[GradeChange]:
    return list(GradeChange.objects.filter(grade=grade).order_by("created_at", "id"))


def grade_get_for_user(*, user: User, pk: int) -> Grade:
    grade = (
        grades_visible_to(user)
        .select_related("conversation", "conversation__customer", "team", "rep")
        .filter(pk=pk)
        .first()
    )
    if grade is None:
        raise NotFound(_("No such grade."))
    return grade


@dataclass(frozen=True)
class GradeFilters:
    """Filters of the grades list. ``worst`` keeps C, D and F, worst first."""

    start: dt.date | None = None
    end: dt.date | None = None
    team_id: int | None = None
    channel: str = ""
    letter: str = ""
    worst: bool = False

    def validate(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise field_error("from", _("The start must not be after the end."))
        if self.channel and self.channel not in Channel.values:
            raise field_error("channel", _("Choose one of: %(c)s.") % {"c": ", ".join(Channel.values)})
        if self.letter and self.letter not in LETTERS:
            raise field_error("grade", _("Choose one of: %(letters)s.") % {"letters": ", ".join(LETTERS)})


def filtered_grades(user: User, filters: GradeFilters) -> QuerySet[Grade]:
    filters.validate()
    qs = grades_visible_to(user)
    qs = qs.filter(graded_between(filters.start, filters.end))
    if filters.team_id:
        qs = qs.filter(team_id=filters.team_id)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.letter:
        qs = qs.filter(letter=filters.letter)
    if filters.worst:
        qs = qs.filter(letter__in=sorted(NEEDS_RECOVERY))
    return qs


def grades_page(*, user: User, filters: GradeFilters, cursor: str | None, size: int) -> Page[Grade]:
    """Newest first, or worst first (F, D, C; newest first within each) for the worst tail."""
    qs = filtered_grades(user, filters).select_related("conversation", "conversation__customer", "team", "rep")
    ordering = ("-letter", "-first_graded_at", "-id") if filters.worst else ("-graded_at", "-id")
    return paginate(qs, ordering=ordering, cursor=cursor, size=size)
