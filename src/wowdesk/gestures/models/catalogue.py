"""The catalogue of gestures a rep can grant, managed by admins."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.gestures.money import CURRENCY_CHOICES, DECIMAL_PLACES, MAX_DIGITS


class Kind(models.TextChoices):
    COUPON = "coupon", _("Coupon code")
    PERCENT_DISCOUNT = "percent_discount", _("Percentage discount on an order")
    FIXED_DISCOUNT = "fixed_discount", _("Fixed discount on an order")
    REFUND = "refund", _("Refund")
    REPLACEMENT = "replacement", _("Free replacement")
    SHIPPING_UPGRADE = "shipping_upgrade", _("Upgraded shipping")
    GIFT = "gift", _("Physical gift")
    CUSTOM_PACKAGE = "custom_package", _("Custom package")


class Fulfilment(models.TextChoices):
    """How a granted gesture reaches the customer; follows from its kind."""

    COUPON = "coupon", _("A coupon code is issued")
    ORDER = "order", _("Recorded against an order")
    SHIPMENT = "shipment", _("Sent from the fulfilment queue")
    ORDER_AND_SHIPMENT = "order_and_shipment", _("Recorded against an order and sent")


FULFILMENT_BY_KIND: dict[str, str] = {
    Kind.COUPON: Fulfilment.COUPON,
    Kind.PERCENT_DISCOUNT: Fulfilment.ORDER,
    Kind.FIXED_DISCOUNT: Fulfilment.ORDER,
    Kind.REFUND: Fulfilment.ORDER,
    Kind.SHIPPING_UPGRADE: Fulfilment.ORDER,
    Kind.REPLACEMENT: Fulfilment.ORDER_AND_SHIPMENT,
    Kind.GIFT: Fulfilment.SHIPMENT,
    Kind.CUSTOM_PACKAGE: Fulfilment.SHIPMENT,
}
ORDER_KINDS = frozenset(
    k for k, f in FULFILMENT_BY_KIND.items() if f in (Fulfilment.ORDER, Fulfilment.ORDER_AND_SHIPMENT)
)
SHIPPED_KINDS = frozenset(
    k for k, f in FULFILMENT_BY_KIND.items() if f in (Fulfilment.SHIPMENT, Fulfilment.ORDER_AND_SHIPMENT)
)
# Kinds whose "value" the rep states or overrides at grant time.
VALUE_KINDS = frozenset(
    {Kind.COUPON, Kind.PERCENT_DISCOUNT, Kind.FIXED_DISCOUNT, Kind.REFUND, Kind.REPLACEMENT, Kind.CUSTOM_PACKAGE}
)


class CatalogueItem(models.Model):
    """One thing a rep may give: "Flowers with a card", "$20 coupon", "Refund".

    Never deleted once granted (grants protect it); an item that is no longer
    offered is *retired*, which hides it from the grant form and keeps every
    past grant readable.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    cost = models.DecimalField(
        _("typical cost"),
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        default=Decimal("0"),
        help_text=_("What one grant usually costs the company; a rep may state the real cost."),
    )
    value = models.DecimalField(
        _("default value"),
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text=_("Coupon amount, discount amount or percentage. Empty: the rep decides."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD")
    coupon_valid_days = models.PositiveIntegerField(_("coupon valid for (days)"), default=365)
    coupon_max_uses = models.PositiveIntegerField(
        _("coupon uses"), null=True, blank=True, default=1, help_text=_("1 for single use; empty for unlimited.")
    )
    ship_within_days = models.PositiveIntegerField(_("ship within (days)"), default=2)
    complete_within_days = models.PositiveIntegerField(
        _("deliver or complete within (days)"),
        default=7,
        help_text=_("A shipment should be delivered, and a refund or discount completed, within this many days."),
    )
    position = models.PositiveIntegerField(_("position"), default=100)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="catalogue_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="catalogue_value_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="percent_discount") | Q(value__isnull=True) | Q(value__lte=100),
                name="catalogue_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(coupon_max_uses__isnull=True) | Q(coupon_max_uses__gte=1),
                name="catalogue_coupon_uses_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def fulfilment(self) -> str:
        return FULFILMENT_BY_KIND[self.kind]

    def get_fulfilment_display(self) -> str:
        return str(Fulfilment(self.fulfilment).label)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
