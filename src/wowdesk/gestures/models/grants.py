"""A granted gesture: who gave what to whom, why, and what it cost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.gestures.models.catalogue import FULFILMENT_BY_KIND, CatalogueItem, Kind
from wowdesk.gestures.money import DECIMAL_PLACES, MAX_DIGITS

if TYPE_CHECKING:
    from wowdesk.gestures.models.coupons import Coupon
    from wowdesk.gestures.models.fulfilment import OrderRecord, Shipment


class Reason(models.TextChoices):
    """Why, in one word, so spend can be read by reason; the rep's own words go in ``why``."""

    MISTAKE = "mistake", _("We got something wrong")
    BAD_EXPERIENCE = "bad_experience", _("Recovering a bad experience")
    GOODWILL = "goodwill", _("Goodwill: not our fault, our pleasure")
    LIFE_MOMENT = "life_moment", _("A life moment")
    LOYALTY = "loyalty", _("Thanks for being a customer")
    DELIGHT = "delight", _("Just to delight")


class Gesture(models.Model):
    """One grant. Written once by ``gesture_grant``; its progress lives in the
    coupon, shipment or order record hanging off it, and every change is in
    the audit trail.

    The item's name and kind and the rep's team are copied at grant time, so
    retiring an item or moving a rep to another team never rewrites history.
    """

    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="grants")
    item_name = models.CharField(_("gesture"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="gestures")
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.PROTECT, related_name="gestures")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gestures_granted")
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    why = models.CharField(_("why"), max_length=500)
    message = models.TextField(_("personal message"), max_length=2000, blank=True)
    description = models.CharField(
        _("contents"), max_length=1000, blank=True, help_text=_("What goes in a custom package, or other details.")
    )
    cost = models.DecimalField(_("cost"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    currency = models.CharField(_("currency"), max_length=3)
    # Coupon amount, refund or discount amount, or discount percentage; null when the kind has none.
    value = models.DecimalField(_("value"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True)
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="gestures")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now, db_index=True)
    # A client's retry of the same request carries the same key; see gesture_grant.
    idempotency_key = models.CharField(max_length=255, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        indexes = [
            models.Index(fields=["-granted_at", "-id"], name="gesture_recent"),
            models.Index(fields=["team", "-granted_at"], name="gesture_team_recent"),
            models.Index(fields=["granted_by", "-granted_at"], name="gesture_rep_recent"),
            models.Index(fields=["kind", "-granted_at"], name="gesture_kind_recent"),
            models.Index(fields=["customer", "-granted_at"], name="gesture_customer_recent"),
            models.Index(fields=["conversation", "-granted_at"], name="gesture_conversation_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["granted_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="gesture_idempotency_key_per_rep",
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="gesture_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="gesture_value_not_negative"
            ),
            models.CheckConstraint(condition=~Q(why=""), name="gesture_why_required"),
        ]

    def __str__(self) -> str:
        return f"{self.item_name} for {self.customer_id} ({self.granted_at:%Y-%m-%d})"

    @property
    def fulfilment(self) -> str:
        return FULFILMENT_BY_KIND[self.kind]

    def _one(self, name: str) -> object | None:
        # Reverse one-to-ones raise when absent; selectors select_related them, so no query here.
        try:
            found: object = getattr(self, name)
            return found
        except ObjectDoesNotExist:
            return None

    @property
    def coupon_or_none(self) -> Coupon | None:
        return self._one("coupon")  # type: ignore[return-value]

    @property
    def shipment_or_none(self) -> Shipment | None:
        return self._one("shipment")  # type: ignore[return-value]

    @property
    def order_record_or_none(self) -> OrderRecord | None:
        return self._one("order_record")  # type: ignore[return-value]

    @property
    def state_label(self) -> str:
        """Where the gesture stands, in a few words, for lists."""
        shipment = self.shipment_or_none
        if shipment is not None:
            return str(shipment.get_state_display())
        record = self.order_record_or_none
        if record is not None:
            return str(record.get_state_display())
        coupon = self.coupon_or_none
        if coupon is not None:
            return str(coupon.state_label)
        return str(_("Granted"))

    @property
    def state_key(self) -> str:
        """A stable key for the state (CSS class, API field)."""
        shipment = self.shipment_or_none
        if shipment is not None:
            return shipment.state
        record = self.order_record_or_none
        if record is not None:
            return record.state
        coupon = self.coupon_or_none
        if coupon is not None:
            return coupon.state
        return "granted"
