"""Coupon codes issued as gestures, and their redemptions by the shop."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.gestures.money import DECIMAL_PLACES, MAX_DIGITS


class Coupon(models.Model):
    """A code the customer gives the shop at checkout.

    ``uses`` counts redemptions and never passes ``max_uses`` (a database
    constraint, besides the service's locked, conditional update).
    """

    class State(models.TextChoices):
        ISSUED = "issued", _("Issued")
        PARTLY_USED = "partly_used", _("Partly used")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")

    gesture = models.OneToOneField("gestures.Gesture", on_delete=models.PROTECT, related_name="coupon")
    code = models.CharField(_("code"), max_length=32, unique=True)
    value = models.DecimalField(_("value"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    currency = models.CharField(_("currency"), max_length=3)
    expires_at = models.DateTimeField(_("expires at"))
    max_uses = models.PositiveIntegerField(_("uses allowed"), null=True, blank=True)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(uses__lte=F("max_uses")), name="coupon_uses_within_limit"
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="coupon_value_positive"),
        ]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        """The code in groups of four, as printed for the customer."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def uses_left(self) -> int | None:
        return None if self.max_uses is None else max(self.max_uses - self.uses, 0)

    @property
    def state(self) -> str:
        if self.max_uses is not None and self.uses >= self.max_uses:
            return self.State.USED
        if self.is_expired:
            return self.State.EXPIRED
        return self.State.PARTLY_USED if self.uses else self.State.ISSUED

    @property
    def state_label(self) -> str:
        return str(self.State(self.state).label)


class CouponRedemption(models.Model):
    """One use of a coupon. ``reference`` is the shop's order reference and
    makes redemption idempotent: the same reference twice is one use."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    reference = models.CharField(_("shop reference"), max_length=100)
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    redeemed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["redeemed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["coupon", "reference"], name="coupon_redemption_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.coupon_id} redeemed for {self.reference}"
