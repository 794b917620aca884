"""Writes for recognition: nominations, monthly votes and the monthly close.

Each public function is one transaction. Uniqueness that matters (one
vote per person per award per month, one award per month) is enforced by
database constraints, so concurrent requests cannot get around it; the
services turn the constraint's refusal into the same field error a
second click gets.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.cards.periods import local_day, month_of
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.permissions import can_see_conversation
from wowdesk.core.errors import field_error
from wowdesk.recognition.models import Award, AwardKind, Nomination, NominationVote
from wowdesk.recognition.permissions import can_be_manager_of_the_month, reports_to_lead

logger = logging.getLogger(__name__)

MAX_STORY = 2000
MAX_SIDEKICKS = 10


def voting_month(now: dt.datetime | None = None) -> dt.date:
    """Nominations and votes are for the current month; it closes when the month ends."""
    return month_of(local_day(now))


def _check_sidekicks(*, nominator: User, nominee: User, sidekicks: Iterable[User]) -> list[User]:
    unique = {s.pk: s for s in sidekicks}
    if len(unique) > MAX_SIDEKICKS:
        raise field_error("sidekicks", _("At most %(max)s sidekicks.") % {"max": MAX_SIDEKICKS})
    for person in unique.values():
        if not person.is_active:
            raise field_error("sidekicks", _("%(name)s's account is not active.") % {"name": person.display_name})
        if person.pk == nominee.pk:
            raise field_error("sidekicks", _("The Hero can't also be their own sidekick."))
        if person.pk == nominator.pk:
            raise field_error("sidekicks", _("Name the colleagues who helped, not yourself."))
    return list(unique.values())


@transaction.atomic
def nomination_create(
    *,
    nominator: User,
    kind: str,
    nominee: User,
    story: str,
    conversation: Conversation | None = None,
    sidekicks: Iterable[User] = (),
    now: dt.datetime | None = None,
) -> Nomination:
    """Nominate a colleague for this month's Hero or Manager of the Month.

    Precondition: ``conversation`` was resolved with the nominator's
    permission-checked getter; it is checked again here so no caller can
    point at evidence the nominator may not see.
    """
    if not is_active_staff(nominator):
        raise field_error("nominator", _("Your account is not active."))
    if kind not in AwardKind.values:
        raise field_error("kind", _("Choose one of: %(choices)s.") % {"choices": ", ".join(AwardKind.values)})
    if not nominee.is_active:
        raise field_error("nominee", _("This person's account is not active."))
    if nominee.pk == nominator.pk:
        raise field_error("nominee", _("Nominate a colleague, not yourself."))
    story = story.strip()
    if not story:
        raise field_error("story", _("Tell the story: what did they do?"))
    if len(story) > MAX_STORY:
        raise field_error("story", _("At most %(max)s characters.") % {"max": f"{MAX_STORY:,}"})
    if conversation is not None and not can_see_conversation(nominator, conversation):
        raise field_error("conversation", _("No such conversation, or you may not see it."))
    helpers: list[User] = []
    if kind == AwardKind.HERO:
        if conversation is None:
            raise field_error("conversation", _("A Hero nomination needs its evidence: link the conversation."))
        helpers = _check_sidekicks(nominator=nominator, nominee=nominee, sidekicks=sidekicks)
    else:
        if list(sidekicks):
            raise field_error("sidekicks", _("Sidekicks are named on Hero nominations only."))
        if not can_be_manager_of_the_month(nominee):
            raise field_error("nominee", _("Manager of the Month is for leads."))
        if not reports_to_lead(nominator):
            raise field_error("kind", _("Manager of the Month is nominated by people who report to a lead."))
    now = now or timezone.now()
    nomination = Nomination(
        kind=kind,
        month=voting_month(now),
        nominee=nominee,
        nominator=nominator,
        team=nominee.team,
        conversation=conversation,
        story=story,
        created_at=now,
    )
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        raise field_error(
            "nominee", _("You already nominated %(name)s for this award this month.") % {"name": nominee.display_name}
        ) from exc
    if helpers:
        nomination.sidekicks.set(helpers)
    return nomination


@transaction.atomic
def nomination_vote(*, voter: User, nomination: Nomination, now: dt.datetime | None = None) -> NominationVote:
    """Vote for a nomination: one vote per award per month, never for one that names you."""
    if not is_active_staff(voter):
        raise field_error("voter", _("Your account is not active."))
    month = voting_month(now)
    if nomination.month != month or Award.objects.filter(kind=nomination.kind, month=nomination.month).exists():
        raise field_error("nomination", _("Voting for that month has closed."))
    if voter.pk == nomination.nominee_id or nomination.sidekicks.filter(pk=voter.pk).exists():
        raise field_error("nomination", _("You can't vote for a nomination that names you."))
    if nomination.kind == AwardKind.MANAGER and not reports_to_lead(voter):
        raise field_error("nomination", _("Manager of the Month is voted by people who report to a lead."))
    try:
        with transaction.atomic():
            return NominationVote.objects.create(
                kind=nomination.kind, month=month, voter=voter, nomination=nomination, created_at=now or timezone.now()
            )
    except IntegrityError as exc:
        raise field_error(
            "nomination",
            _("You have already voted for %(award)s this month.") % {"award": AwardKind(nomination.kind).label},
        ) from exc


def _winner(kind: str, month: dt.date) -> tuple[Nomination | None, int, int]:
    """(nomination, votes, how many others tied) for one award and month.

    Tie-break, in order: most votes; then the nomination that reached that
    number first (its last vote came earliest); then the nomination made
    first. Nominations without votes never win.
    """
    tally = list(
        NominationVote.objects.filter(kind=kind, month=month)
        .values("nomination_id", "nomination__created_at")
        .annotate(total=Count("id"), last_vote=Max("created_at"))
        .order_by("-total", "last_vote", "nomination__created_at", "nomination_id")
    )
    if not tally:
        return None, 0, 0
    top = tally[0]
    tied = sum(1 for row in tally[1:] if row["total"] == top["total"])
    nomination = Nomination.objects.select_related("nominee").get(pk=top["nomination_id"])
    return nomination, top["total"], tied


@transaction.atomic
def award_month_close(*, kind: str, month: dt.date, now: dt.datetime | None = None) -> Award | None:
    """Close one award's month and announce the winner with their sidekicks; None if already closed."""
    nomination, votes, tied = _winner(kind, month)
    try:
        with transaction.atomic():
            award = Award.objects.create(
                kind=kind,
                month=month,
                nomination=nomination,
                recipient=nomination.nominee if nomination else None,
                team=nomination.team if nomination else None,
                votes=votes,
                tied=tied,
                announced_at=now or timezone.now(),
            )
    except IntegrityError:
        return None
    if nomination is not None:
        logger.info("%s for %s: nomination %s", AwardKind(kind).label, month, nomination.pk)
    return award


def award_months_close(*, now: dt.datetime | None = None) -> list[Award]:
    """Close every award month that has ended, has nominations and no award yet."""
    current = voting_month(now)
    pending = (
        Nomination.objects.filter(month__lt=current).values_list("kind", "month").distinct().order_by("month", "kind")
    )
    closed = set(Award.objects.filter(month__lt=current).values_list("kind", "month"))
    awards = []
    for kind, month in list(pending):
        if (kind, month) in closed:
            continue
        award = award_month_close(kind=kind, month=month, now=now)
        if award is not None:
            awards.append(award)
    return awards
