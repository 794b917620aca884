"""Recovery: a grade of C or worse is flagged, and stays open until someone records what was done."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation, EventType, Tag
from wowdesk.conversations.services import conversation_record_event
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text
from wowdesk.gestures.models import Gesture
from wowdesk.happiness.models import Grade, NoticeRole, Recovery, RecoveryNotice
from wowdesk.happiness.services.rollups import GradeKey, rollup_recovery

# The tag that flags a conversation in the inbox while its recovery is open (filter with ?tag=recovery).
RECOVERY_TAG = "recovery"
MAX_WHAT_WAS_DONE = 2000


def _leads_for(grade: Grade) -> list[User]:
    """The team's leads; with no team, or a team without a lead, every lead (someone must see it)."""
    leads = User.objects.filter(is_active=True, role=User.Role.LEAD)
    if grade.team_id is not None:
        own = list(leads.filter(team_id=grade.team_id))
        if own:
            return own
    return list(leads)


def _flag(conversation: Conversation, *, on: bool) -> None:
    tag, _created = Tag.objects.get_or_create(name=RECOVERY_TAG)
    if on:
        conversation.tags.add(tag)
    else:
        conversation.tags.remove(tag)


def recovery_open(*, grade: Grade, now: dt.datetime | None = None) -> Recovery:
    """Open a recovery for ``grade`` unless its conversation has one open already (then return that).

    Precondition: the caller holds the transaction that recorded the grade,
    with the grade row locked. Notifies the rep (or everyone who handled the
    conversation when nobody owned it) and the team's leads in the app, tags
    the conversation ``recovery`` and records it on the timeline.
    """
    now = now or timezone.now()
    existing = Recovery.objects.filter(conversation_id=grade.conversation_id, closed_at__isnull=True).first()
    if existing is not None:
        return existing
    recovery = Recovery.objects.create(
        grade=grade,
        conversation_id=grade.conversation_id,
        letter=grade.letter,
        team_id=grade.team_id,
        rep_id=grade.rep_id,
        opened_at=now,
    )
    reps = [grade.rep_id] if grade.rep_id else list(grade.handled_by.values_list("pk", flat=True))
    notices = {pk: NoticeRole.REP for pk in reps}
    for lead in _leads_for(grade):
        notices.setdefault(lead.pk, NoticeRole.LEAD)
    RecoveryNotice.objects.bulk_create(
        RecoveryNotice(recovery=recovery, user_id=pk, role=role, created_at=now) for pk, role in notices.items()
    )
    conversation = grade.conversation
    _flag(conversation, on=True)
    conversation_record_event(
        conversation=conversation,
        actor=None,
        event_type=EventType.RECOVERY_OPENED,
        body=_("Recovery opened after a grade of %(letter)s; tagged “%(tag)s”")
        % {
            "letter": grade.letter,
            "tag": RECOVERY_TAG,
        },
        data={"recovery": recovery.pk, "grade": grade.letter},
    )
    return recovery


@transaction.atomic
def recovery_close(
    *,
    actor: User,
    recovery: Recovery,
    what_was_done: str,
    gesture: Gesture | None = None,
    now: dt.datetime | None = None,
) -> Recovery:
    """Record what was done and close the recovery; the time it took goes into the rollups.

    Anyone who may see the conversation may close it (visibility, not
    control). ``gesture``, when given, must have been granted on this
    conversation. Closing twice is refused on ``recovery``.
    """
    now = now or timezone.now()
    what_was_done = clean_text(what_was_done).strip()
    if not what_was_done:
        raise field_error("what_was_done", _("Say what was done for the customer."))
    if len(what_was_done) > MAX_WHAT_WAS_DONE:
        raise field_error("what_was_done", _("At most %(n)s characters.") % {"n": f"{MAX_WHAT_WAS_DONE:,}"})
    locked = (
        Recovery.objects.select_for_update(of=("self",)).select_related("grade", "conversation").get(pk=recovery.pk)
    )
    if locked.closed_at is not None:
        raise field_error("recovery", _("This recovery was already closed."))
    if gesture is not None and gesture.conversation_id != locked.conversation_id:
        raise field_error("gesture", _("Choose a gesture granted on this conversation."))
    closed_at = max(now, locked.opened_at)
    locked.closed_at = closed_at
    locked.closed_day = timezone.localdate(closed_at)
    locked.recovery_seconds = int((closed_at - locked.opened_at).total_seconds())
    locked.closed_by = actor
    locked.what_was_done = what_was_done
    locked.gesture = gesture
    locked.save(update_fields=["closed_at", "closed_day", "recovery_seconds", "closed_by", "what_was_done", "gesture"])
    rollup_recovery(key=GradeKey.of(locked.grade), closed_day=locked.closed_day, seconds=locked.recovery_seconds)
    _flag(locked.conversation, on=False)
    body = what_was_done if gesture is None else f"{what_was_done} ({gesture.item_name})"
    conversation_record_event(
        conversation=locked.conversation,
        actor=actor,
        event_type=EventType.RECOVERY_CLOSED,
        body=body,
        data={"recovery": locked.pk, "gesture": gesture.pk if gesture else None},
    )
    return locked
