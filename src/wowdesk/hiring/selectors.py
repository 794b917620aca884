"""Reads for hiring: the candidate list, one candidate with the panel and what the viewer may read of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.hiring.models import Candidate, PanelMember, Scorecard, Status
from wowdesk.hiring.permissions import (
    can_manage_hiring,
    candidates_visible_to,
    may_read_scorecards,
    scorecards_visible_to,
)
from wowdesk.hiring.rules import interview_blockers, offer_blockers
from wowdesk.legends.models import CompanyValue

RECENT = ("-created_at", "-id")


def _base(user: User) -> QuerySet[Candidate]:
    return candidates_visible_to(user).select_related("department", "hired_user")


def candidates_page(*, user: User, status: str = "", cursor: str | None, size: int) -> Page[Candidate]:
    """Candidates ``user`` may see, newest first, optionally in one status."""
    if status and status not in Status.values:
        raise field_error("status", _("Choose one of: %(values)s.") % {"values": ", ".join(Status.values)})
    qs = _base(user)
    if status:
        qs = qs.filter(status=status)
    return paginate(qs, ordering=RECENT, cursor=cursor, size=size)


def candidate_get_for_user(*, user: User, pk: int) -> Candidate:
    """The one permission-checked getter; NotFound for missing and hidden alike."""
    candidate = _base(user).filter(pk=pk).first()
    if candidate is None:
        raise NotFound(_("No such candidate."))
    return candidate


def panel_for(*, candidate: Candidate) -> list[PanelMember]:
    """Precondition: the caller may see ``candidate``."""
    return list(
        PanelMember.objects.filter(candidate=candidate).select_related("user__department").order_by("added_at", "id")
    )


def _scorecards() -> QuerySet[Scorecard]:
    values = Prefetch("values_shown", queryset=CompanyValue.objects.order_by("position", "name", "id"))
    return Scorecard.objects.select_related("author").prefetch_related(values)


@dataclass(frozen=True)
class CandidateView:
    """Everything the candidate page shows, shaped by who is looking."""

    candidate: Candidate
    panel: list[PanelMember]
    scorecards: list[Scorecard]
    can_manage: bool
    on_panel: bool
    submitted: bool
    # How many scorecards are in, shown to a panelist who may not read them yet.
    scorecards_in: int
    interview_blockers: list[str] = field(default_factory=list)
    offer_blockers: list[str] = field(default_factory=list)

    @property
    def may_write(self) -> bool:
        return self.on_panel and not self.submitted and self.candidate.status == Status.INTERVIEWING


def candidate_view(*, user: User, candidate: Candidate) -> CandidateView:
    """Precondition: ``candidate`` came from ``candidate_get_for_user``. A fixed number of queries.

    Scorecards follow ``permissions.may_read_scorecards``, decided from the
    one list of them so the page does not ask the database three times.
    """
    panel = panel_for(candidate=candidate)
    every = list(_scorecards().filter(candidate=candidate).order_by("submitted_at", "id"))
    on_panel = any(member.user_id == user.pk for member in panel)
    submitted = any(card.author_id == user.pk for card in every)
    manage = can_manage_hiring(user)
    readable = every if may_read_scorecards(user, on_panel=on_panel, submitted=submitted) else []
    return CandidateView(
        candidate=candidate,
        panel=panel,
        scorecards=readable,
        can_manage=manage,
        on_panel=on_panel,
        submitted=submitted,
        scorecards_in=len(every),
        interview_blockers=interview_blockers(panel),
        offer_blockers=offer_blockers(panel, every) if manage and candidate.status == Status.INTERVIEWING else [],
    )


def scorecards_page(*, user: User, candidate: Candidate, cursor: str | None, size: int) -> Page[Scorecard]:
    """The scorecards ``user`` may read (``permissions.scorecards_visible_to``), in the order they came in."""
    visible = scorecards_visible_to(user, candidate).values("pk")
    return paginate(_scorecards().filter(pk__in=visible), ordering=("submitted_at", "id"), cursor=cursor, size=size)


def panel_choices() -> QuerySet[User]:
    """Who can be seated on a panel: every active member of staff, whatever their department."""
    return User.objects.filter(is_active=True).select_related("department").order_by("first_name", "last_name", "id")
