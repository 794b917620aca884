"""Reads for grants: the gestures page, one gesture, a conversation's and a customer's gestures."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.customers.models import Customer
from wowdesk.gestures.models import (
    CatalogueItem,
    Contribution,
    Gesture,
    GestureAudit,
    GestureCustomerTally,
    GestureMonthSpend,
    GestureSpend,
    Huddle,
    HuddleMember,
    Kind,
    Reason,
    Sidekick,
)
from wowdesk.gestures.money import in_minor_units
from wowdesk.gestures.permissions import gestures_visible_to
from wowdesk.orders.models import OrderItem

ORDERING = ("-granted_at", "-id")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
SUMMARY_MONTHS = 24
REPEAT_CUSTOMERS = 20


@dataclass(frozen=True)
class GestureFilters:
    """Filters of the gestures page and ``GET /api/gestures``. Ids are already integers."""

    team: int | None = None
    rep: int | None = None
    kind: str = ""
    reason: str = ""
    month: str = ""
    customer: int | None = None
    conversation: int | None = None

    def month_range(self) -> tuple[dt.datetime, dt.datetime] | None:
        """``month`` ("2026-10") as [start, end) in the installation's time zone; ValidationError when malformed.

        The installation's zone, not the request's, so it means the same
        month as the running totals (``services.rollups.spend_month``).
        """
        if not self.month:
            return None
        match = MONTH.match(self.month)
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
            raise field_error("month", "Give the month as YYYY-MM, for example 2026-10.")
        year, month = int(match[1]), int(match[2])
        tz = timezone.get_default_timezone()
        start = dt.datetime(year, month, 1, tzinfo=tz)
        end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return start, end

    def validate(self) -> None:
        if self.kind and self.kind not in Kind.values:
            raise field_error("kind", f"Choose one of: {', '.join(Kind.values)}.")
        if self.reason and self.reason not in Reason.values:
            raise field_error("reason", f"Choose one of: {', '.join(Reason.values)}.")
        self.month_range()


def _with_progress(qs: QuerySet[Gesture]) -> QuerySet[Gesture]:
    """Everything a row of a gesture list shows, in one query."""
    return qs.select_related(
        "customer", "granted_by", "team", "order", "coupon", "shipment", "order_record", "conversation"
    )


def _filtered(user: User, filters: GestureFilters) -> QuerySet[Gesture]:
    filters.validate()
    return _narrowed(gestures_visible_to(user), filters)


def _filtered_all(filters: GestureFilters) -> QuerySet[Gesture]:
    """Every grant the filters select, whoever is asking (the caller checked they see everything)."""
    return _narrowed(Gesture.objects.all(), filters)


def _narrowed(qs: QuerySet[Gesture], filters: GestureFilters) -> QuerySet[Gesture]:
    if filters.team is not None:
        qs = qs.filter(team_id=filters.team)
    if filters.rep is not None:
        qs = qs.filter(granted_by_id=filters.rep)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.reason:
        qs = qs.filter(reason=filters.reason)
    if filters.customer is not None:
        qs = qs.filter(customer_id=filters.customer)
    if filters.conversation is not None:
        qs = qs.filter(conversation_id=filters.conversation)
    span = filters.month_range()
    if span is not None:
        qs = qs.filter(granted_at__gte=span[0], granted_at__lt=span[1])
    return qs


def gesture_list(*, user: User, filters: GestureFilters, cursor: str | None, size: int) -> Page[Gesture]:
    """One page of the gestures ``user`` may see, newest first."""
    return paginate(
        _with_progress(_filtered(user, filters)), ordering=ORDERING, cursor=cursor, size=size, ids_first=True
    )


@dataclass(frozen=True)
class SpendRow:
    key: str
    currency: str
    total: Decimal
    count: int


@dataclass(frozen=True)
class RepeatCustomer:
    customer_id: int
    name: str
    count: int
    last_granted_at: dt.datetime


@dataclass(frozen=True)
class GestureSummary:
    by_month: list[SpendRow]
    by_reason: list[SpendRow]
    repeat_customers: list[RepeatCustomer]


def _total(total: Decimal | None, currency: str) -> Decimal:
    # SQLite sums decimals as floating point; the result is shown in the currency's own places.
    return in_minor_units(Decimal(str(total or 0)), currency) or Decimal("0")


def _month_key(month: dt.datetime) -> str:
    return (timezone.localtime(month) if timezone.is_aware(month) else month).strftime("%Y-%m")


def gesture_summary(*, user: User, filters: GestureFilters) -> GestureSummary:
    """Spend by month and by reason, and the customers who received several gestures.

    Totals are per currency: amounts in different currencies are never added.
    Nothing here is broken down by rep: this shows what was given, not who gave most.

    Someone who sees every gesture reads the running totals (a few small
    grouped queries whatever the history's size); anyone else, or a filter
    on one customer or conversation, gets the same figures computed from
    the grants they may see.
    """
    filters.validate()
    if user.sees_everything and filters.customer is None and filters.conversation is None:
        return _summary_from_rollups(filters)
    return summary_from_grants(_filtered(user, filters).order_by())


def summary_from_grants(qs: QuerySet[Gesture]) -> GestureSummary:
    """The summary computed from these grants themselves (three grouped queries)."""
    months = (
        qs.annotate(month=TruncMonth("granted_at", tzinfo=timezone.get_default_timezone()))
        .values("month", "currency")
        .annotate(total=Sum("cost"), count=Count("id"))
        .order_by("-month", "currency")[: SUMMARY_MONTHS * 3]
    )
    reasons = (
        qs.values("reason", "currency").annotate(total=Sum("cost"), count=Count("id")).order_by("reason", "currency")
    )
    repeat = (
        qs.values("customer_id", "customer__name")
        .annotate(count=Count("id"), last=Max("granted_at"))
        .filter(count__gte=2)
        .order_by("-count", "-last", "customer_id")[:REPEAT_CUSTOMERS]
    )
    return GestureSummary(
        by_month=[_spend(_month_key(row["month"]), row) for row in months],
        by_reason=[_spend(row["reason"], row) for row in reasons],
        repeat_customers=[
            RepeatCustomer(
                customer_id=row["customer_id"],
                name=row["customer__name"],
                count=row["count"],
                last_granted_at=row["last"],
            )
            for row in repeat
        ],
    )


def _spend(key: str, row: Mapping[str, Any]) -> SpendRow:
    return SpendRow(key=key, currency=row["currency"], total=_total(row["total"], row["currency"]), count=row["count"])


def _summary_from_rollups(filters: GestureFilters) -> GestureSummary:
    rows: QuerySet[Any]
    if filters.team is None and filters.rep is None:
        rows = GestureMonthSpend.objects.all()
    else:
        rows = GestureSpend.objects.all()
        if filters.team is not None:
            rows = rows.filter(team_id=filters.team)
        if filters.rep is not None:
            rows = rows.filter(granted_by_id=filters.rep)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.reason:
        rows = rows.filter(reason=filters.reason)
    span = filters.month_range()
    if span is not None:
        rows = rows.filter(month=span[0].date())
    rows = rows.order_by()
    months = (
        rows.values("month", "currency")
        .annotate(total=Sum("total"), count=Sum("count"))
        .order_by("-month", "currency")[: SUMMARY_MONTHS * 3]
    )
    reasons = rows.values("reason", "currency").annotate(total=Sum("total"), count=Sum("count"))
    narrowed = filters != GestureFilters()
    return GestureSummary(
        by_month=[_spend(row["month"].strftime("%Y-%m"), row) for row in months],
        by_reason=[_spend(row["reason"], row) for row in reasons.order_by("reason", "currency")],
        # Per-customer counts exist for all gestures only; a narrowed view counts its own grants.
        repeat_customers=_repeat_from_grants(filters) if narrowed else _repeat_from_tally(),
    )


def _repeat_from_grants(filters: GestureFilters) -> list[RepeatCustomer]:
    return summary_from_grants(_filtered_all(filters).order_by()).repeat_customers


def _repeat_from_tally() -> list[RepeatCustomer]:
    """The customers with most gestures: two index reads, however many customers have any.

    The first finds the count of the last customer shown; the second fetches
    only customers with at least that many and orders that short list.
    """
    tallies = GestureCustomerTally.objects.filter(count__gte=2)
    floor = tallies.order_by("-count").values_list("count", flat=True)[REPEAT_CUSTOMERS - 1 : REPEAT_CUSTOMERS]
    least = floor[0] if floor else 2
    # The short list's ids come from the tally alone, and its order needs no name (most
    # recent first among equals): joined in one step, SQLite walks every customer and probes
    # the tally for each.
    ordering = ("-count", "-last_granted_at", "customer_id")
    shown = tallies.filter(count__gte=least).order_by(*ordering).values("pk")[:REPEAT_CUSTOMERS]
    top = GestureCustomerTally.objects.filter(pk__in=shown).select_related("customer").order_by(*ordering)
    return [
        RepeatCustomer(
            customer_id=t.customer_id, name=t.customer.name, count=t.count, last_granted_at=t.last_granted_at
        )
        for t in top
    ]


def gesture_get_for_user(*, user: User, pk: int) -> Gesture:
    """The one permission-checked getter for a gesture; NotFound for missing and hidden alike."""
    gesture = _with_progress(gestures_visible_to(user)).filter(pk=pk).first()
    if gesture is None:
        raise NotFound("No such gesture.")
    return gesture


def gesture_detail(*, user: User, pk: int) -> Gesture:
    """A gesture with its audit trail and huddle (members, contributions, sidekicks) loaded."""
    gesture = gesture_get_for_user(user=user, pk=pk)
    prefetch_related_objects(
        [gesture],
        Prefetch("audit", queryset=GestureAudit.objects.select_related("actor").order_by("created_at", "id")),
        Prefetch("sidekicks", queryset=Sidekick.objects.select_related("user__department")),
    )
    return gesture


@dataclass(frozen=True)
class HuddleParts:
    huddle: Huddle | None
    members: list[HuddleMember]
    contributions: list[Contribution]


def huddle_parts(*, gesture: Gesture) -> HuddleParts:
    """The huddle with its members and contributions (three queries), or an empty one when there is none."""
    huddle = Huddle.objects.filter(gesture=gesture).select_related("opened_by").first()
    if huddle is None:
        return HuddleParts(huddle=None, members=[], contributions=[])
    return HuddleParts(
        huddle=huddle,
        members=list(huddle.members.select_related("user__department", "invited_by")),
        contributions=list(huddle.contributions.select_related("author")),
    )


def gestures_for_conversation(*, conversation: Conversation, limit: int = 10) -> list[Gesture]:
    """Gestures granted on this conversation and on conversations merged into it, newest first.

    Precondition: the caller may see ``conversation`` (and so its gestures).
    """
    # The ids as a subquery (two index lookups), not an OR across a join: that form made PostgreSQL
    # spend 30 ms planning a 1 ms query. Only what the panel shows is joined in.
    here = Conversation.objects.filter(Q(pk=conversation.pk) | Q(merged_into=conversation.pk)).values("pk")
    qs = Gesture.objects.filter(conversation_id__in=here).select_related(
        "granted_by", "coupon", "shipment", "order_record"
    )
    return list(qs.order_by(*ORDERING)[:limit])


def gestures_page_for_customer(*, user: User, customer: Customer, cursor: str | None, size: int) -> Page[Gesture]:
    return paginate(
        _with_progress(gestures_visible_to(user).filter(customer=customer)), ordering=ORDERING, cursor=cursor, size=size
    )


def catalogue_list(*, include_retired: bool = False) -> QuerySet[CatalogueItem]:
    qs = CatalogueItem.objects.all()
    return qs if include_retired else qs.filter(retired_at__isnull=True)


def catalogue_page(*, include_retired: bool, cursor: str | None, size: int) -> Page[CatalogueItem]:
    return paginate(
        catalogue_list(include_retired=include_retired), ordering=("position", "id"), cursor=cursor, size=size
    )


def catalogue_item_get(*, pk: int, include_retired: bool = True) -> CatalogueItem:
    """The catalogue is the same for all staff; retired items still resolve (for history) unless excluded."""
    item = catalogue_list(include_retired=include_retired).filter(pk=pk).first()
    if item is None:
        raise NotFound("No such gesture in the catalogue.")
    return item


def audit_page(*, gesture: Gesture, cursor: str | None, size: int) -> Page[GestureAudit]:
    qs = GestureAudit.objects.filter(gesture=gesture).select_related("actor")
    return paginate(qs, ordering=("created_at", "id"), cursor=cursor, size=size)


def order_item_get_for_user(*, user: User, pk: int) -> OrderItem:
    """An order line, visible when its order is (so, when its customer is); NotFound otherwise."""
    from wowdesk.orders.selectors import order_get_for_user

    line = OrderItem.objects.filter(pk=pk).first()
    if line is None:
        raise NotFound("No such order item.")
    line.order = order_get_for_user(user=user, pk=line.order_id)
    return line


ORDER_ITEM_CHOICES = 100


@dataclass(frozen=True)
class OrderChoices:
    orders: list[tuple[int, str]]
    items: list[tuple[int, str]]


def order_choices_for(*, customer: Customer) -> OrderChoices:
    """The customer's recent orders and their lines as (id, label) choices for the grant form.

    One query over the order lines (every order has at least one), newest
    order first; things we do not sell are marked, since refunding them is
    exactly what a rep may want to do.
    """
    lines = (
        OrderItem.objects.filter(order__customer=customer)
        .select_related("order")
        .order_by("-order__placed_at", "-order_id", "id")[:ORDER_ITEM_CHOICES]
    )
    orders: dict[int, str] = {}
    items: list[tuple[int, str]] = []
    for line in lines:
        order = line.order
        orders.setdefault(order.pk, f"{order.number} · {order.placed_at:%Y-%m-%d} · {order.total} {order.currency}")
        unsold = " (not sold by us)" if not line.sold_by_us else ""
        items.append((line.pk, f"{order.number} · {line.description}{unsold} · {line.line_total} {order.currency}"))
    return OrderChoices(orders=list(orders.items()), items=items)
