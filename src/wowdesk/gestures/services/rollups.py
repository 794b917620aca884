"""Keep the gestures page's running totals (``GestureSpend``, ``GestureCustomerTally``) in step with the grants."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wowdesk.gestures.models import Gesture, GestureCustomerTally, GestureMonthSpend, GestureSpend


def spend_month(granted_at: dt.datetime) -> dt.date:
    """The month a grant counts in: the installation's time zone, so every process agrees."""
    local = timezone.localtime(granted_at, timezone.get_default_timezone())
    return local.date().replace(day=1)


def _bump(model: type[GestureSpend] | type[GestureMonthSpend], key: dict[str, object], cost: Decimal) -> None:
    rows = model.objects.filter(**key)
    bump = {"count": F("count") + 1, "total": F("total") + cost}
    if rows.update(**bump):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, count=1, total=cost)
    except IntegrityError:
        # A concurrent first grant for this key created the row; add to it instead.
        rows.update(**bump)


def _bump_spend(gesture: Gesture) -> None:
    month = spend_month(gesture.granted_at)
    coarse: dict[str, object] = {"month": month, "kind": gesture.kind, "reason": gesture.reason}
    coarse["currency"] = gesture.currency
    _bump(GestureMonthSpend, coarse, gesture.cost)
    _bump(GestureSpend, {**coarse, "team_id": gesture.team_id, "granted_by_id": gesture.granted_by_id}, gesture.cost)


def _bump_tally(gesture: Gesture) -> None:
    customer_id, at = gesture.customer_id, gesture.granted_at
    tallies = GestureCustomerTally.objects.filter(customer_id=customer_id)
    if tallies.update(count=F("count") + 1):
        tallies.filter(last_granted_at__lt=at).update(last_granted_at=at)
        return
    try:
        with transaction.atomic():
            GestureCustomerTally.objects.create(customer_id=customer_id, count=1, last_granted_at=at)
    except IntegrityError:
        tallies.update(count=F("count") + 1)
        tallies.filter(last_granted_at__lt=at).update(last_granted_at=at)


def gesture_rollups_add(*, gesture: Gesture) -> None:
    """Count a new grant in the totals. Precondition: called inside the transaction that saved it."""
    _bump_spend(gesture)
    _bump_tally(gesture)


@transaction.atomic
def gesture_rollups_rebuild() -> int:
    """Recompute every total from the grants themselves; returns the number of grants counted.

    For after a bulk load (the demo) or to check the running totals. Reads
    the grants a chunk at a time; the totals are small enough to hold.
    """
    spend: dict[tuple[dt.date, int | None, int, str, str, str], list[Decimal | int]] = defaultdict(
        lambda: [0, Decimal("0")]
    )
    tally_count: dict[int, int] = defaultdict(int)
    tally_last: dict[int, dt.datetime] = {}
    rows = Gesture.objects.order_by().values_list(
        "granted_at", "team_id", "granted_by_id", "kind", "reason", "currency", "cost", "customer_id"
    )
    counted = 0
    for granted_at, team_id, rep_id, kind, reason, currency, cost, customer_id in rows.iterator(chunk_size=10_000):
        counted += 1
        totals = spend[(spend_month(granted_at), team_id, rep_id, kind, reason, currency)]
        totals[0] += 1
        totals[1] += cost
        tally_count[customer_id] += 1
        tally_last[customer_id] = max(tally_last.get(customer_id, granted_at), granted_at)
    GestureSpend.objects.all().delete()
    GestureMonthSpend.objects.all().delete()
    GestureCustomerTally.objects.all().delete()
    coarse: dict[tuple[dt.date, str, str, str], list[Decimal | int]] = defaultdict(lambda: [0, Decimal("0")])
    for (month, _team, _rep, kind, reason, currency), values in spend.items():
        totals = coarse[(month, kind, reason, currency)]
        totals[0] += values[0]
        totals[1] += values[1]
    GestureMonthSpend.objects.bulk_create(
        GestureMonthSpend(month=m, kind=k, reason=r, currency=c, count=int(v[0]), total=v[1])
        for (m, k, r, c), v in coarse.items()
    )
    GestureSpend.objects.bulk_create(
        (
            GestureSpend(
                month=month, team_id=team_id, granted_by_id=rep_id, kind=kind, reason=reason, currency=currency,
                count=int(values[0]), total=values[1],
            )
            for (month, team_id, rep_id, kind, reason, currency), values in spend.items()
        ),
        batch_size=2000,
    )  # fmt: skip
    GestureCustomerTally.objects.bulk_create(
        (
            GestureCustomerTally(customer_id=customer_id, count=count, last_granted_at=tally_last[customer_id])
            for customer_id, count in tally_count.items()
        ),
        batch_size=2000,
    )
    return counted
