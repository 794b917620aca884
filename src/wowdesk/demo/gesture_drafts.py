"""Gesture drafts: a grant and everything that happened to it, built in memory and
written with a handful of bulk inserts.

They follow the same rules as the gestures services, so the demo looks like
data the product made: every grant has its audit record and its event on
the conversation's timeline, every move of a parcel or refund is audited
where it happened, and each row's state is its last move.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from wowdesk.accounts.models import User
from wowdesk.conversations.models import EntryKind, EventType, TimelineEntry
from wowdesk.demo.rows import RowWriter
from wowdesk.gestures.models import (
    AuditAction,
    CatalogueItem,
    Contribution,
    Coupon,
    CouponRedemption,
    Gesture,
    GestureAudit,
    Huddle,
    HuddleMember,
    OrderRecord,
    Shipment,
    Sidekick,
)
from wowdesk.gestures.money import in_minor_units
from wowdesk.gestures.services.coupons import ALPHABET, CODE_LENGTH

SHIPMENT_LABELS: dict[str, str] = {str(k): str(v) for k, v in Shipment.State.choices}
RECORD_LABELS: dict[str, str] = {str(k): str(v) for k, v in OrderRecord.State.choices}


def demo_code(rng: random.Random) -> str:
    """A coupon code in the real alphabet, drawn from the seeded ``Random`` so the demo is repeatable.

    Only demo data does this; real codes come from ``secrets`` (gestures.services.coupons).
    """
    return "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _money(amount: Decimal, currency: str) -> str:
    return f"{in_minor_units(amount, currency)} {currency}"


@dataclass
class Move:
    at: dt.datetime
    state: str
    actor: User | None
    tracking_number: str = ""
    carrier: str = ""
    note: str = ""


@dataclass
class CouponDraft:
    code: str
    value: Decimal
    currency: str
    expires_at: dt.datetime
    max_uses: int | None
    redemptions: list[tuple[str, dt.datetime]] = field(default_factory=list)
    obj: Coupon | None = None


@dataclass
class ShipmentDraft:
    recipient: str
    address: str
    ship_by: dt.datetime
    deliver_by: dt.datetime
    moves: list[Move] = field(default_factory=list)


@dataclass
class RecordDraft:
    kind: str
    amount: Decimal
    currency: str
    due_by: dt.datetime
    order_number: str
    order_item_id: int | None = None
    moves: list[Move] = field(default_factory=list)


@dataclass
class HuddleDraft:
    purpose: str
    opened_by: User
    opened_at: dt.datetime
    # (who, invited by, when)
    members: list[tuple[User, User, dt.datetime]] = field(default_factory=list)
    # (author, kind, description, when)
    contributions: list[tuple[User, str, str, dt.datetime]] = field(default_factory=list)


@dataclass
class GestureDraft:
    item: CatalogueItem
    conversation_id: int
    customer_id: int
    rep: User
    granted_at: dt.datetime
    reason: str
    why: str
    cost: Decimal
    currency: str = "USD"
    value: Decimal | None = None
    message: str = ""
    description: str = ""
    order_id: int | None = None
    coupon: CouponDraft | None = None
    shipment: ShipmentDraft | None = None
    record: RecordDraft | None = None
    huddle: HuddleDraft | None = None
    obj: Gesture | None = None

    @property
    def state_key(self) -> str:
        if self.shipment is not None:
            return self.shipment.moves[-1].state if self.shipment.moves else Shipment.State.TO_PREPARE
        if self.record is not None:
            return self.record.moves[-1].state if self.record.moves else OrderRecord.State.ISSUED
        if self.coupon is not None:
            return Coupon.State.USED if self.coupon.redemptions else Coupon.State.ISSUED
        return "granted"

    def build(self) -> Gesture:
        return Gesture(
            item=self.item,
            item_name=self.item.name,
            kind=self.item.kind,
            customer_id=self.customer_id,
            conversation_id=self.conversation_id,
            granted_by=self.rep,
            team_id=self.rep.team_id,
            department_id=self.rep.department_id,
            reason=self.reason,
            why=self.why,
            message=self.message,
            description=self.description,
            cost=self.cost,
            currency=self.currency,
            value=self.value,
            order_id=self.order_id,
            granted_at=self.granted_at,
        )


def _shipment(draft: GestureDraft, gesture: Gesture) -> Shipment:
    spec = draft.shipment
    assert spec is not None
    shipment = Shipment(
        gesture=gesture,
        recipient=spec.recipient,
        address=spec.address,
        ship_by=spec.ship_by,
        deliver_by=spec.deliver_by,
        created_at=draft.granted_at,
        updated_at=spec.moves[-1].at if spec.moves else draft.granted_at,
        state=spec.moves[-1].state if spec.moves else Shipment.State.TO_PREPARE,
    )
    for move in spec.moves:
        if move.state == Shipment.State.SHIPPED:
            shipment.shipped_at, shipment.tracking_number, shipment.carrier = (
                move.at,
                move.tracking_number,
                move.carrier,
            )
        elif move.state == Shipment.State.DELIVERED:
            shipment.delivered_at = move.at
        elif move.state == Shipment.State.RETURNED:
            shipment.returned_at = move.at
    return shipment


def _record(draft: GestureDraft, gesture: Gesture) -> OrderRecord:
    spec = draft.record
    assert spec is not None
    assert draft.order_id is not None
    record = OrderRecord(
        gesture=gesture,
        order_id=draft.order_id,
        order_item_id=spec.order_item_id,
        kind=spec.kind,
        amount=spec.amount,
        currency=spec.currency,
        due_by=spec.due_by,
        created_at=draft.granted_at,
        updated_at=spec.moves[-1].at if spec.moves else draft.granted_at,
        state=spec.moves[-1].state if spec.moves else OrderRecord.State.ISSUED,
    )
    for move in spec.moves:
        if move.state == OrderRecord.State.COMPLETED:
            record.completed_at = move.at
        elif move.state == OrderRecord.State.FAILED:
            record.failed_at = move.at
        if move.note:
            record.note = move.note
    return record


class _History:
    """Audit rows and timeline events of one batch, in the order they happened."""

    def __init__(self) -> None:
        self.audit: list[GestureAudit] = []
        self.timeline: list[TimelineEntry] = []

    def add(
        self,
        draft: GestureDraft,
        *,
        at: dt.datetime,
        action: str,
        actor: User | None,
        detail: str,
        from_state: str = "",
        to_state: str = "",
        data: dict[str, Any] | None = None,
        timeline: str | None = None,
    ) -> None:
        gesture = draft.obj
        assert gesture is not None
        self.audit.append(
            GestureAudit(
                gesture=gesture,
                action=action,
                actor=actor,
                from_state=from_state,
                to_state=to_state,
                detail=detail[:500],
                data=data or {},
                created_at=at,
            )
        )
        if timeline is not None:
            granted = action == AuditAction.GRANTED
            self.timeline.append(
                TimelineEntry(
                    conversation_id=draft.conversation_id,
                    kind=EntryKind.EVENT,
                    event_type=EventType.GESTURE_GRANTED if granted else EventType.GESTURE_UPDATED,
                    author=actor,
                    body=timeline,
                    data={"gesture": gesture.pk},
                    created_at=at,
                )
            )


def _history(draft: GestureDraft, history: _History, shop: User) -> None:
    gesture = draft.obj
    assert gesture is not None
    summary = f"{draft.item.name} ({_money(draft.cost, draft.currency)}): {draft.why}"
    first_state = (
        Shipment.State.TO_PREPARE
        if draft.shipment
        else OrderRecord.State.ISSUED
        if draft.record
        else Coupon.State.ISSUED
        if draft.coupon
        else "granted"
    )
    history.add(
        draft,
        at=draft.granted_at,
        action=AuditAction.GRANTED,
        actor=draft.rep,
        to_state=first_state,
        detail=summary,
        data={"cost": str(draft.cost), "currency": draft.currency, "reason": draft.reason},
        timeline=summary,
    )
    old: str
    if draft.record is not None:
        old = OrderRecord.State.ISSUED
        kind_label = str(dict(OrderRecord.Kind.choices)[draft.record.kind])
        amount = _money(draft.record.amount, draft.record.currency)
        for move in draft.record.moves:
            detail = f"{kind_label} of {amount} on order {draft.record.order_number}: {RECORD_LABELS[old]} → "
            detail += str(RECORD_LABELS[move.state]) + (f" ({move.note})" if move.note else "")
            history.add(
                draft,
                at=move.at,
                action=AuditAction.ORDER_RECORD_CHANGED,
                actor=move.actor,
                from_state=old,
                to_state=move.state,
                detail=detail,
                timeline=detail,
            )
            old = move.state
    if draft.shipment is not None:
        old = Shipment.State.TO_PREPARE
        for move in draft.shipment.moves:
            tracking = ""
            if move.state == Shipment.State.SHIPPED:
                tracking = f" ({' '.join(p for p in (move.carrier, move.tracking_number) if p)})"
            detail = f"{draft.item.name}: {SHIPMENT_LABELS[old]} → {SHIPMENT_LABELS[move.state]}{tracking}"
            history.add(
                draft,
                at=move.at,
                action=AuditAction.SHIPMENT_CHANGED,
                actor=move.actor,
                from_state=old,
                to_state=move.state,
                detail=detail,
                timeline=detail,
            )
            old = move.state
    if draft.coupon is not None:
        coupon = draft.coupon
        for uses, (reference, at) in enumerate(coupon.redemptions, start=1):
            code = "-".join(coupon.code[i : i + 4] for i in range(0, len(coupon.code), 4))
            history.add(
                draft,
                at=at,
                action=AuditAction.COUPON_REDEEMED,
                actor=shop,
                from_state=str(uses - 1),
                to_state=str(uses),
                detail=f"Redeemed for {reference}",
                timeline=f"Coupon {code} ({_money(coupon.value, coupon.currency)}) redeemed for {reference}",
            )
    if draft.huddle is not None:
        huddle = draft.huddle
        history.add(
            draft, at=huddle.opened_at, action=AuditAction.HUDDLE_OPENED, actor=huddle.opened_by, detail=huddle.purpose
        )
        for user, invited_by, at in huddle.members:
            where = f" ({user.department.name})" if user.department else ""
            history.add(
                draft,
                at=at,
                action=AuditAction.MEMBER_INVITED,
                actor=invited_by,
                detail=f"{user.display_name}{where} invited",
            )
        sidekicks: set[int] = set()
        for author, kind, description, at in huddle.contributions:
            label = str(dict(Contribution.Kind.choices)[kind])
            history.add(draft, at=at, action=AuditAction.CONTRIBUTED, actor=author, detail=f"{label}: {description}")
            if author.pk != draft.rep.pk and author.pk not in sidekicks:
                sidekicks.add(author.pk)
                history.add(
                    draft,
                    at=at,
                    action=AuditAction.SIDEKICK_ADDED,
                    actor=author,
                    detail=f"{author.display_name} is a sidekick on this gesture",
                )


def save_gesture_drafts(drafts: list[GestureDraft], *, shop: User, writer: RowWriter | None = None) -> None:
    """Write the drafts through the row writer (given, or one of its own closed here). Caller holds a transaction.

    ``shop`` stands for the shop's API account that redeems coupons. Rows
    are queued parents first, as they point at each other by id.
    """
    w = writer or RowWriter()
    gestures = w.add_objects(d.build() for d in drafts)
    for draft, gesture in zip(drafts, gestures, strict=True):
        draft.obj = gesture

    coupons = []
    for draft in drafts:
        if draft.coupon is not None:
            spec = draft.coupon
            spec.obj = Coupon(
                gesture=draft.obj,
                code=spec.code,
                value=spec.value,
                currency=spec.currency,
                expires_at=spec.expires_at,
                max_uses=spec.max_uses,
                uses=len(spec.redemptions),
                created_at=draft.granted_at,
            )
            coupons.append(spec.obj)
    w.add_objects(coupons)
    w.add_objects(
        (
            CouponRedemption(coupon=d.coupon.obj, reference=reference, redeemed_by=shop, redeemed_at=at)
            for d in drafts
            if d.coupon is not None
            for reference, at in d.coupon.redemptions
        )
    )
    w.add_objects(_shipment(d, g) for d, g in zip(drafts, gestures, strict=True) if d.shipment is not None)
    w.add_objects(_record(d, g) for d, g in zip(drafts, gestures, strict=True) if d.record is not None)

    with_huddles = [d for d in drafts if d.huddle is not None]
    huddles = []
    for draft in with_huddles:
        plan = draft.huddle
        assert plan is not None
        huddles.append(
            Huddle(gesture=draft.obj, purpose=plan.purpose, opened_by=plan.opened_by, opened_at=plan.opened_at)
        )
    w.add_objects(huddles)
    members, contributions, sidekicks = [], [], []
    for draft, huddle in zip(with_huddles, huddles, strict=True):
        plan = draft.huddle
        assert plan is not None
        members.append(
            HuddleMember(huddle=huddle, user=plan.opened_by, invited_by=plan.opened_by, joined_at=plan.opened_at)
        )
        members += [HuddleMember(huddle=huddle, user=u, invited_by=by, joined_at=at) for u, by, at in plan.members]
        seen: set[int] = set()
        for author, kind, description, at in plan.contributions:
            contributions.append(
                Contribution(huddle=huddle, author=author, kind=kind, description=description, created_at=at)
            )
            if author.pk != draft.rep.pk and author.pk not in seen:
                seen.add(author.pk)
                sidekicks.append(Sidekick(gesture=draft.obj, user=author, added_at=at))
    w.add_objects(members)
    w.add_objects(contributions)
    w.add_objects(sidekicks)

    history = _History()
    for draft in drafts:
        _history(draft, history, shop)
    w.add_objects(sorted(history.audit, key=lambda a: a.created_at))
    w.add_objects(sorted(history.timeline, key=lambda e: e.created_at))
    if writer is None:
        w.close()
    else:
        w.flush()
