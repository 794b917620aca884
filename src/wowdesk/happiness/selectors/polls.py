"""Reads of secret polls. Results exist only as counts; nothing here can say who answered what."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from wowdesk.accounts.models import Department, User
from wowdesk.core.errors import NotFound
from wowdesk.core.pagination import Page, paginate
from wowdesk.happiness.models import GOOD, LETTERS, RESULTS_MIN_ANSWERS, Poll, PollBallot, PollVoter
from wowdesk.happiness.permissions import polls_visible_to


class ResultsHidden(PermissionDenied):
    """Fewer than five people have answered; the results would single someone out (HTTP 403)."""


def poll_get_for_user(*, user: User, pk: int) -> Poll:
    poll = polls_visible_to(user).select_related("created_by").filter(pk=pk).first()
    if poll is None:
        raise NotFound(_("No such poll."))
    return poll


def polls_page(*, user: User, cursor: str | None, size: int) -> Page[Poll]:
    qs = (
        polls_visible_to(user)
        .select_related("created_by")
        .prefetch_related(Prefetch("departments", queryset=Department.objects.order_by("name")))
    )
    return paginate(qs, ordering=("-created_at", "-id"), cursor=cursor, size=size)


def polls_answered_by(*, user: User, polls: list[Poll]) -> set[int]:
    """Which of these polls ``user`` has answered (one query); never what they answered."""
    return set(PollVoter.objects.filter(user=user, poll_id__in=[p.pk for p in polls]).values_list("poll_id", flat=True))


@dataclass(frozen=True)
class PollResults:
    poll: Poll
    counts: dict[str, int]
    total: int
    comments: list[str]

    def share(self, letter: str) -> float:
        return self.counts.get(letter, 0) / self.total if self.total else 0.0

    @property
    def shares(self) -> dict[str, float]:
        return {letter: self.share(letter) for letter in LETTERS}

    @property
    def good_share(self) -> float:
        return sum(self.share(letter) for letter in GOOD)

    @property
    def bad_share(self) -> float:
        return 1.0 - self.good_share if self.total else 0.0


def poll_results(*, poll: Poll) -> PollResults:
    """The distribution and the comments (in random order), once at least five people answered.

    Raises ``ResultsHidden`` before that. Precondition: ``poll`` came from
    ``poll_get_for_user``.
    """
    if poll.answers < RESULTS_MIN_ANSWERS:
        raise ResultsHidden(
            _("Results are shown once at least %(min)d people have answered (%(n)d so far).")
            % {"min": RESULTS_MIN_ANSWERS, "n": poll.answers}
        )
    ballots = PollBallot.objects.filter(poll=poll)
    counts = {row["letter"]: row["n"] for row in ballots.order_by().values("letter").annotate(n=Count("id"))}
    comments = [c for c in ballots.exclude(comment="").order_by("id").values_list("comment", flat=True)]
    total = sum(counts.values())
    return PollResults(
        poll=poll, counts={letter: counts.get(letter, 0) for letter in LETTERS}, total=total, comments=comments
    )
