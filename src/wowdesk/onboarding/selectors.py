"""Reads for phone stints: the one permission-checked getter, the overview list, a stint's whole page.

Lists are in calendar order (start date, then id) and nothing else: never
by calls, time on the phones or any other tally, so the overview cannot
turn into a leaderboard. Their rows carry the week, the milestones and the
reading, not call figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, Prefetch, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wowdesk.accounts.models import Department, User
from wowdesk.conversations.models import Conversation
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.onboarding.models import CheckIn, MilestoneTick, PhoneStint, StintExtension, StintStatus
from wowdesk.onboarding.permissions import stints_visible_to
from wowdesk.onboarding.progress import (
    Activity,
    MilestoneState,
    ReadingState,
    activity,
    conversations_shown,
    last_check_ins,
    milestone_states,
    new_hire_items,
    reading_states,
)

SHOW_CURRENT, SHOW_GRADUATED, SHOW_ALL = "current", "graduated", "all"
SHOW_CHOICES = (
    (SHOW_CURRENT, gettext_lazy("Upcoming and on the phones")),
    (SHOW_GRADUATED, gettext_lazy("Graduated")),
    (SHOW_ALL, gettext_lazy("All")),
)


def _base(user: User) -> QuerySet[PhoneStint]:
    return stints_visible_to(user).select_related("hire", "coach", "home_department", "started_by", "graduated_by")


def _with_ticks(qs: QuerySet[PhoneStint]) -> QuerySet[PhoneStint]:
    return qs.prefetch_related(Prefetch("ticks", queryset=MilestoneTick.objects.select_related("ticked_by")))


def stint_get_for_user(*, user: User, pk: int) -> PhoneStint:
    """The one permission-checked getter: leads and admins, the coach and the hire; anyone else gets a 404."""
    stint = _with_ticks(_base(user)).filter(pk=pk).first()
    if stint is None:
        raise NotFound(_("No such stint."))
    return stint


def stints_list(*, user: User, show: str = SHOW_CURRENT) -> tuple[QuerySet[PhoneStint], tuple[str, ...]]:
    """The stints ``user`` may see for ``show``, and the calendar order to page them in."""
    if show not in dict(SHOW_CHOICES):
        raise field_error("show", _("Choose one of: %(choices)s.") % {"choices": ", ".join(dict(SHOW_CHOICES))})
    # Dates are not JSON, so the cursor carries the ISO text, which sorts the same way.
    qs = _with_ticks(_base(user)).annotate(start_key=Cast("starts_on", CharField(max_length=10)))
    if show == SHOW_CURRENT:
        return qs.filter(graduated_at__isnull=True), ("start_key", "id")
    if show == SHOW_GRADUATED:
        return qs.filter(graduated_at__isnull=False), ("-graduated_at", "-id")
    return qs, ("-start_key", "-id")


@dataclass(frozen=True)
class StintSummary:
    """One row of the overview: where the stint stands, never how it compares."""

    stint: PhoneStint
    status: StintStatus
    week: int
    weeks: int
    milestones: list[MilestoneState]
    reading: ReadingState
    last_check_in: dt.datetime | None

    @property
    def past_plan(self) -> bool:
        """Still on the phones after the planned days (waiting to graduate or be extended)."""
        return self.status == StintStatus.DUE

    @property
    def milestones_done(self) -> int:
        return sum(1 for m in self.milestones if m.done)

    @property
    def milestones_total(self) -> int:
        return len(self.milestones)

    @property
    def days_to_start(self) -> int:
        return max(0, (self.stint.starts_on - timezone.localdate()).days)


def summaries(stints: list[PhoneStint], *, now: dt.datetime | None = None) -> list[StintSummary]:
    """Summaries for a page of stints in a fixed number of queries (milestones 3, reading 2, check-ins 1).

    Precondition: ``stints`` come from ``stints_list`` or the getter (ticks prefetched).
    """
    if not stints:
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    reading = reading_states(hire_ids=[s.hire_id for s in stints], items=new_hire_items())
    milestones = milestone_states(stints=stints, reading=reading, now=now)
    checked = last_check_ins(stint_ids=[s.pk for s in stints])
    return [
        StintSummary(
            stint=stint,
            status=stint.status(today),
            week=stint.current_week(today),
            weeks=stint.planned_weeks,
            milestones=milestones[stint.pk],
            reading=reading[stint.hire_id],
            last_check_in=checked.get(stint.pk),
        )
        for stint in stints
    ]


def stints_page(
    *, user: User, show: str = SHOW_CURRENT, cursor: str | None, size: int, now: dt.datetime | None = None
) -> tuple[Page[PhoneStint], list[StintSummary]]:
    qs, ordering = stints_list(user=user, show=show)
    page = paginate(qs, ordering=ordering, cursor=cursor, size=size)
    return page, summaries(page.items, now=now)


def my_stint(*, user: User) -> PhoneStint | None:
    """The user's own stint: the one not yet graduated, else the latest graduated one."""
    mine = _with_ticks(_base(user)).filter(hire_id=user.pk)
    return mine.filter(graduated_at__isnull=True).first() or mine.order_by("-starts_on", "-id").first()


def my_open_stint_brief(*, user: User) -> PhoneStint | None:
    """For the menu: the user's stint that has not graduated, without anything joined (one query)."""
    return PhoneStint.objects.filter(hire_id=user.pk, graduated_at__isnull=True).first()


def department_get(*, pk: int) -> Department:
    """A department a hire may go to afterwards (any department: everyone starts on the phones)."""
    found = Department.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such department."))
    return found


def check_ins_for(*, stint: PhoneStint) -> list[CheckIn]:
    return list(CheckIn.objects.filter(stint=stint).select_related("author").order_by("created_at", "id"))


def extensions_for(*, stint: PhoneStint) -> list[StintExtension]:
    return list(StintExtension.objects.filter(stint=stint).select_related("extended_by").order_by("created_at", "id"))


@dataclass(frozen=True)
class StintDetail:
    """Everything the stint page and the API's detail show."""

    summary: StintSummary
    activity: Activity
    check_ins: list[CheckIn]
    extensions: list[StintExtension]
    conversations: list[Conversation]

    @property
    def stint(self) -> PhoneStint:
        return self.summary.stint


def stint_detail(*, viewer: User, stint: PhoneStint, now: dt.datetime | None = None) -> StintDetail:
    """The stint week by week, in a fixed number of queries whatever the hire did.

    Precondition: ``stint`` came from ``stint_get_for_user`` for ``viewer``.
    The conversations listed are only those ``viewer`` may open.
    """
    now = now or timezone.now()
    [summary] = summaries([stint], now=now)
    check_ins = check_ins_for(stint=stint)
    done = activity(stint=stint, check_ins=check_ins, now=now)
    return StintDetail(
        summary=summary,
        activity=done,
        check_ins=check_ins,
        extensions=extensions_for(stint=stint),
        conversations=conversations_shown(viewer=viewer, conversation_ids=done.conversation_ids),
    )
