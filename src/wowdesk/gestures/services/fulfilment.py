"""Moving parcels and order records along their state machines.

A move not in the model's ``TRANSITIONS`` is refused with a ValidationError
on ``state`` (a 422 in the API, a 400 on the page) and changes nothing.
Each accepted move locks the row first, so two people pressing "shipped"
at once make one move, and writes its audit record and timeline event in
the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.gestures.models import AuditAction, OrderRecord, Shipment
from wowdesk.gestures.money import in_minor_units
from wowdesk.gestures.services.audit import audit_record, timeline_note

MAX_NOTE = 500


def _refuse(kind: str, current_label: str, target: str, labels: dict[str, str], allowed: list[str]) -> None:
    if target not in labels:
        raise field_error("state", f"Choose one of: {', '.join(labels)}.")
    if allowed:
        options = ", ".join(labels[s] for s in allowed)
        raise field_error(
            "state",
            f"A {kind} that is {current_label.lower()} cannot become {labels[target].lower()}; next: {options}.",
        )
    raise field_error("state", f"A {kind} that is {current_label.lower()} is finished and cannot change.")


@transaction.atomic
def shipment_move(
    *, actor: User, shipment: Shipment, state: str, tracking_number: str = "", carrier: str = ""
) -> Shipment:
    """Move a parcel on: to prepare → shipped → delivered, or back as returned (and re-sent).

    Shipping needs a tracking number (for a hand delivery, say who took it
    and where). Precondition: the caller may see the shipment's gesture.
    """
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    labels = {str(value): str(label) for value, label in Shipment.State.choices}
    if state not in shipment.TRANSITIONS.get(shipment.state, frozenset()):
        _refuse("shipment", shipment.get_state_display(), state, labels, shipment.next_states)
    tracking_number = (tracking_number or "").strip()
    carrier = (carrier or "").strip()
    if len(tracking_number) > 100:
        raise field_error("tracking_number", "At most 100 characters.")
    if len(carrier) > 100:
        raise field_error("carrier", "At most 100 characters.")
    now = timezone.now()
    old = shipment.state
    fields = ["state", "updated_at"]
    if state == Shipment.State.SHIPPED:
        if not tracking_number:
            raise field_error("tracking_number", "Give the tracking number (or, for a hand delivery, who took it).")
        shipment.tracking_number, shipment.carrier, shipment.shipped_at = tracking_number, carrier, now
        fields += ["tracking_number", "carrier", "shipped_at"]
    elif state == Shipment.State.DELIVERED:
        shipment.delivered_at = now
        fields.append("delivered_at")
    elif state == Shipment.State.RETURNED:
        shipment.returned_at = now
        fields.append("returned_at")
    shipment.state = state
    shipment.updated_at = now
    shipment.save(update_fields=fields)
    gesture = shipment.gesture
    tracking = f" ({' '.join(p for p in (carrier, tracking_number) if p)})" if state == Shipment.State.SHIPPED else ""
    detail = f"{gesture.item_name}: {labels[old]} → {labels[state]}{tracking}"
    audit_record(
        gesture=gesture,
        action=AuditAction.SHIPMENT_CHANGED,
        actor=actor,
        from_state=old,
        to_state=state,
        detail=detail,
        data={"shipment": shipment.pk, "tracking_number": tracking_number, "carrier": carrier},
    )
    timeline_note(gesture=gesture, actor=actor, body=detail)
    return shipment


@transaction.atomic
def order_record_move(*, actor: User, record: OrderRecord, state: str, note: str = "") -> OrderRecord:
    """Complete a refund (or replacement, discount, upgrade), mark it failed, or issue it again.

    A failure needs a note saying what went wrong, so whoever retries knows.
    Precondition: the caller may see the record's gesture.
    """
    record = OrderRecord.objects.select_for_update().select_related("order").get(pk=record.pk)
    labels = {str(value): str(label) for value, label in OrderRecord.State.choices}
    if state not in record.TRANSITIONS.get(record.state, frozenset()):
        _refuse(record.get_kind_display().lower(), record.get_state_display(), state, labels, record.next_states)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise field_error("note", f"At most {MAX_NOTE} characters.")
    if state == OrderRecord.State.FAILED and not note:
        raise field_error("note", "Say what went wrong, so whoever tries again knows.")
    now = timezone.now()
    old = record.state
    fields = ["state", "note", "updated_at"]
    if state == OrderRecord.State.COMPLETED:
        record.completed_at = now
        fields.append("completed_at")
    elif state == OrderRecord.State.FAILED:
        record.failed_at = now
        fields.append("failed_at")
    record.state, record.note, record.updated_at = state, note or record.note, now
    record.save(update_fields=fields)
    gesture = record.gesture
    amount = f"{in_minor_units(record.amount, record.currency)} {record.currency}"
    detail = f"{record.get_kind_display()} of {amount} on order {record.order.number}: {labels[old]} → {labels[state]}"
    if note:
        detail += f" ({note})"
    audit_record(
        gesture=gesture,
        action=AuditAction.ORDER_RECORD_CHANGED,
        actor=actor,
        from_state=old,
        to_state=state,
        detail=detail,
        data={"order_record": record.pk, "note": note},
    )
    timeline_note(gesture=gesture, actor=actor, body=detail)
    return record
