"""Secret staff polls: create, answer once, close. Nothing here can tell who answered what.

``poll_answer`` writes two rows in one transaction, a ``PollVoter`` (so a
second answer meets the unique constraint) and a ``PollBallot`` with the
letter and comment; neither row carries anything that points at the other
(see ``models/polls.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import Department, User
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text, one_line
from wowdesk.happiness.models import Poll, PollBallot, PollVoter
from wowdesk.happiness.permissions import can_create_poll, in_audience
from wowdesk.happiness.services.grades import check_grade

MAX_QUESTION = 300


@transaction.atomic
def poll_create(
    *,
    actor: User,
    question: str,
    departments: Iterable[Department] = (),
    closes_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Poll:
    """A lead asks staff to grade something, A to F. No departments means all staff."""
    if not can_create_poll(actor):
        raise PermissionDenied(_("Only leads and admins run polls."))
    now = now or timezone.now()
    question = one_line(question, MAX_QUESTION + 1)
    if not question:
        raise field_error("question", _("Write the question."))
    if len(question) > MAX_QUESTION:
        raise field_error("question", _("At most %(n)s characters.") % {"n": MAX_QUESTION})
    if closes_at is not None and closes_at <= now:
        raise field_error("closes_at", _("Choose a time in the future."))
    chosen = list(departments)
    poll = Poll.objects.create(
        question=question, created_by=actor, everyone=not chosen, closes_at=closes_at, created_at=now
    )
    if chosen:
        poll.departments.set(chosen)
    return poll


@transaction.atomic
def poll_answer(*, actor: User, poll: Poll, letter: str, comment: str = "", now: dt.datetime | None = None) -> None:
    """Answer ``poll`` once. Returns nothing on purpose: there is no ballot the caller could hold on to.

    Refused on ``poll`` when it is closed or already answered by ``actor``,
    and with PermissionDenied when the poll is not addressed to them.
    """
    now = now or timezone.now()
    letter, comment = check_grade(letter, comment)
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if not in_audience(actor, locked, set(locked.departments.values_list("pk", flat=True))):
        raise PermissionDenied(_("This poll is not addressed to you."))
    if not locked.is_open(now):
        raise field_error("poll", _("This poll is closed."))
    try:
        with transaction.atomic():
            PollVoter.objects.create(poll=locked, user=actor)
    except IntegrityError as exc:
        raise field_error("poll", _("You have already answered this poll.")) from exc
    PollBallot.objects.create(poll=locked, letter=letter, comment=clean_text(comment))
    Poll.objects.filter(pk=locked.pk).update(answers=F("answers") + 1)


@transaction.atomic
def poll_close(*, actor: User, poll: Poll, now: dt.datetime | None = None) -> Poll:
    """Stop taking answers. Its creator, or any lead or admin, may close it; closing twice changes nothing."""
    if not (actor.pk == poll.created_by_id or can_create_poll(actor)):
        raise PermissionDenied(_("Only the poll's creator or a lead may close it."))
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if locked.closed_at is None:
        locked.closed_at = now or timezone.now()
        locked.save(update_fields=["closed_at"])
    return locked
