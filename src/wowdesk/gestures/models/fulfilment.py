"""What happens after a grant: parcels to send, and records against orders.

Both are small state machines. ``TRANSITIONS`` is the whole rule book; the
services refuse any move not listed, and every move is audited.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.gestures.money import DECIMAL_PLACES, MAX_DIGITS


class Shipment(models.Model):
    """A physical gesture on its way: flowers, cookies, a replacement, a package.

    The address is a copy taken at grant time; a customer who moves later
    does not redirect a parcel already on its way, and the history shows
    where it really went.
    """

    class State(models.TextChoices):
        TO_PREPARE = "to_prepare", _("To prepare")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        RETURNED = "returned", _("Returned")

    # from-state -> the states it may move to. A returned parcel can be sent again.
    TRANSITIONS: dict[str, frozenset[str]] = {
        State.TO_PREPARE: frozenset({State.SHIPPED}),
        State.SHIPPED: frozenset({State.DELIVERED, State.RETURNED}),
        State.DELIVERED: frozenset({State.RETURNED}),
        State.RETURNED: frozenset({State.SHIPPED}),
    }
    OPEN_STATES = (State.TO_PREPARE, State.SHIPPED, State.RETURNED)

    gesture = models.OneToOneField("gestures.Gesture", on_delete=models.PROTECT, related_name="shipment")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.TO_PREPARE)
    recipient = models.CharField(_("recipient"), max_length=200)
    address = models.TextField(_("address"), max_length=1000)
    ship_by = models.DateTimeField(_("ship by"))
    deliver_by = models.DateTimeField(_("deliver by"))
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ship_by", "id"]
        indexes = [
            models.Index(fields=["state", "ship_by", "id"], name="shipment_queue"),
            models.Index(fields=["state", "deliver_by", "id"], name="shipment_in_transit"),
            models.Index(fields=["state", "-updated_at", "-id"], name="shipment_done"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="shipped") | ~Q(tracking_number=""), name="shipment_shipped_has_tracking"
            ),
        ]

    def __str__(self) -> str:
        return f"Shipment of gesture {self.gesture_id} ({self.state})"

    @property
    def due_at(self) -> dt.datetime | None:
        """When the next step is due, or None when nothing is waiting on us."""
        if self.state == self.State.TO_PREPARE:
            return self.ship_by
        if self.state == self.State.SHIPPED:
            return self.deliver_by
        return None

    @property
    def is_overdue(self) -> bool:
        due = self.due_at
        return due is not None and timezone.now() > due

    @property
    def next_states(self) -> list[str]:
        return sorted(self.TRANSITIONS[self.state])


class OrderRecord(models.Model):
    """A refund, replacement, discount or shipping upgrade, recorded against the order.

    The amount never exceeds what is left of the order (refunds and
    discounts together), checked under a lock on the order row.
    """

    class Kind(models.TextChoices):
        REFUND = "refund", _("Refund")
        REPLACEMENT = "replacement", _("Replacement")
        DISCOUNT = "discount", _("Discount")
        SHIPPING_UPGRADE = "shipping_upgrade", _("Shipping upgrade")

    class State(models.TextChoices):
        ISSUED = "issued", _("Issued")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    # A failed refund can be issued again (another card, a bank transfer); completed is final.
    TRANSITIONS: dict[str, frozenset[str]] = {
        State.ISSUED: frozenset({State.COMPLETED, State.FAILED}),
        State.FAILED: frozenset({State.ISSUED}),
        State.COMPLETED: frozenset(),
    }
    # Kinds that give money back and so count against the order's total.
    MONEY_BACK = (Kind.REFUND, Kind.DISCOUNT)

    gesture = models.OneToOneField("gestures.Gesture", on_delete=models.PROTECT, related_name="order_record")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="gesture_records")
    order_item = models.ForeignKey(
        "orders.OrderItem", on_delete=models.PROTECT, null=True, blank=True, related_name="gesture_records"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    currency = models.CharField(_("currency"), max_length=3)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.ISSUED)
    due_by = models.DateTimeField(_("complete by"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_by", "id"]
        indexes = [
            models.Index(fields=["state", "due_by", "id"], name="order_record_queue"),
            models.Index(fields=["state", "-updated_at", "-id"], name="order_record_done"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="order_record_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on order {self.order_id} ({self.state})"

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.ISSUED and timezone.now() > self.due_by

    @property
    def next_states(self) -> list[str]:
        return sorted(self.TRANSITIONS[self.state])
