"""Every write to rounds: generating a day's round, and claiming, finishing or releasing an item.

Each function is one transaction. Callers resolve items through
``selectors.round_item_get_for_user`` first, so the actor may see them.
Nothing here counts or ranks what anyone did: a round is a list of
things to look after, never a score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text
from wowdesk.rounds.models import MAX_NOTE, ItemStatus, Round, RoundItem, Source
from wowdesk.rounds.permissions import can_release
from wowdesk.rounds.sources import candidates


@dataclass(frozen=True)
class Generated:
    round: Round
    created: bool
    added: int


@transaction.atomic
def round_generate(*, actor: User | None = None, now: dt.datetime | None = None, refresh: bool = True) -> Generated:
    """Make sure the round of ``now``'s local day exists, and (``refresh``) add what has turned up since.

    The unique day makes this idempotent however many schedulers or buttons
    run it at once: the second insert waits for the first and then finds
    its row. The round row is locked while items are added, so two
    refreshes cannot interleave; an object is on a day's round at most once
    (a unique constraint), and what is already there is never changed.
    ``refresh=False`` (the morning schedule) does nothing to a round that exists.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    day_round, created = Round.objects.get_or_create(day=day, defaults={"generated_at": now, "generated_by": actor})
    if not created and not refresh:
        return Generated(round=day_round, created=False, added=0)
    day_round = Round.objects.select_for_update().get(pk=day_round.pk)
    present = RoundItem.objects.filter(round=day_round)
    keys = set(present.values_list("source", "object_id"))
    on_round = {pk for pk in present.values_list("conversation_id", flat=True) if pk is not None}
    position = (present.aggregate(last=Max("position"))["last"] or 0) + 1
    new: list[RoundItem] = []
    for found in candidates(day=day, now=now):
        if found.key in keys or (found.source == Source.WAITING and found.conversation_id in on_round):
            continue
        keys.add(found.key)
        new.append(
            RoundItem(
                round=day_round,
                position=position + len(new),
                source=found.source,
                object_id=found.object_id,
                audience=found.audience,
                conversation_id=found.conversation_id,
                customer_id=found.customer_id,
                title=found.title,
                detail=found.detail,
                since=found.since,
                due_at=found.due_at,
                created_at=now,
            )
        )
    RoundItem.objects.bulk_create(new)
    if not created:
        day_round.refreshed_at = now
        day_round.save(update_fields=["refreshed_at"])
    return Generated(round=day_round, created=created, added=len(new))


def _who(user: User | None) -> str:
    return user.display_name if user is not None else _("someone")


@transaction.atomic
def round_item_claim(*, actor: User, item: RoundItem, now: dt.datetime | None = None) -> RoundItem:
    """Take an open item: anyone who sees it may, no approval.

    A conditional update (``status = open``) is the whole race protocol: of
    any number of people claiming at once, exactly one row update succeeds
    and everyone else is told who got there first. Claiming your own item
    again changes nothing.
    """
    now = now or timezone.now()
    won = RoundItem.objects.filter(pk=item.pk, status=ItemStatus.OPEN).update(
        status=ItemStatus.CLAIMED, claimed_by=actor, claimed_at=now
    )
    current = RoundItem.objects.select_related("claimed_by", "finished_by").get(pk=item.pk)
    if won or (current.status == ItemStatus.CLAIMED and current.claimed_by_id == actor.pk):
        return current
    if current.status == ItemStatus.CLAIMED:
        raise field_error("item", _("%(who)s has already claimed this.") % {"who": _who(current.claimed_by)})
    raise field_error("item", _("This was already %(status)s by %(who)s.") % _finished(current))


def _finished(item: RoundItem) -> dict[str, str]:
    return {"status": item.get_status_display().lower(), "who": _who(item.finished_by)}


def _clean_note(value: str, field: str, missing: str) -> str:
    text = clean_text(value).strip()
    if not text:
        raise field_error(field, missing)
    if len(text) > MAX_NOTE:
        raise field_error(field, _("At most %(n)s characters.") % {"n": f"{MAX_NOTE:,}"})
    return text


def _finish(*, actor: User, item: RoundItem, status: str, note: str, now: dt.datetime | None) -> RoundItem:
    """Precondition: inside a transaction. Locks the item; an open one is claimed by ``actor`` on the way."""
    now = now or timezone.now()
    locked = (
        RoundItem.objects.select_for_update(of=("self",)).select_related("claimed_by", "finished_by").get(pk=item.pk)
    )
    if locked.is_finished:
        raise field_error("item", _("This was already %(status)s by %(who)s.") % _finished(locked))
    if locked.status == ItemStatus.CLAIMED and locked.claimed_by_id != actor.pk:
        raise field_error(
            "item",
            _("%(who)s has claimed this; ask them, or wait until they give it back.")
            % {"who": _who(locked.claimed_by)},
        )
    if locked.status == ItemStatus.OPEN:
        locked.claimed_by, locked.claimed_at = actor, now
    locked.status = status
    locked.finished_by, locked.finished_at = actor, now
    locked.note = note
    locked.save(update_fields=["status", "claimed_by", "claimed_at", "finished_by", "finished_at", "note"])
    return locked


@transaction.atomic
def round_item_complete(*, actor: User, item: RoundItem, note: str, now: dt.datetime | None = None) -> RoundItem:
    """Done, with a short note of what was done (it is what the next person reads)."""
    text = _clean_note(note, "note", _("Say in a few words what you did."))
    return _finish(actor=actor, item=item, status=ItemStatus.DONE, note=text, now=now)


@transaction.atomic
def round_item_skip(*, actor: User, item: RoundItem, reason: str, now: dt.datetime | None = None) -> RoundItem:
    """Not needed after all (already sorted, the customer asked not to be called): say why."""
    text = _clean_note(reason, "reason", _("Say why this needs nothing today."))
    return _finish(actor=actor, item=item, status=ItemStatus.SKIPPED, note=text, now=now)


@transaction.atomic
def round_item_release(*, actor: User, item: RoundItem) -> RoundItem:
    """Give a claimed item back to the round; its claimer may, and so may a lead (see ``can_release``)."""
    locked = (
        RoundItem.objects.select_for_update(of=("self",)).select_related("claimed_by", "finished_by").get(pk=item.pk)
    )
    if locked.status != ItemStatus.CLAIMED:
        raise field_error("item", _("Only a claimed item can be given back."))
    if not can_release(actor, locked):
        raise PermissionDenied(_("Only %(who)s or a lead can give this back.") % {"who": _who(locked.claimed_by)})
    locked.status = ItemStatus.OPEN
    locked.claimed_by, locked.claimed_at = None, None
    locked.save(update_fields=["status", "claimed_by", "claimed_at"])
    return locked


def round_is_due(now: dt.datetime) -> bool:
    """Whether the morning round is due: a working day (``WOWDESK_ROUNDS_DAYS``) from ``WOWDESK_ROUNDS_HOUR`` on."""
    local = timezone.localtime(now)
    days = {int(day) for day in settings.WOWDESK_ROUNDS_DAYS}
    return local.isoweekday() in days and local.hour >= int(settings.WOWDESK_ROUNDS_HOUR)


def round_generate_morning(*, now: dt.datetime | None = None) -> Generated | None:
    """What the schedule runs: the day's round once it is due, and nothing more once it exists."""
    now = now or timezone.now()
    if not round_is_due(now):
        return None
    return round_generate(now=now, refresh=False)
