"""A customer's orders and the problems reported on them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel, TimeStampedModel


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        LOST = "lost", _("Lost")
        RETURNED = "returned", _("Returned")

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(_("order number"), max_length=40, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLACED)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["customer", "-placed_at"])]

    def __str__(self) -> str:
        return self.number


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(_("description"), max_length=200)
    # Blank SKU means "not something we sell" (the tyres bought elsewhere).
    sku = models.CharField(_("SKU"), max_length=40, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_item_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="order_item_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description}"

    @property
    def sold_by_us(self) -> bool:
        return bool(self.sku)

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class ProblemReport(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        LOST_IN_TRANSIT = "lost_in_transit", _("Lost in transit")
        NEVER_ARRIVED = "never_arrived", _("Never arrived")
        DEFECTIVE = "defective", _("Defective")
        WRONG_ITEM = "wrong_item", _("Wrong item")
        OTHER = "other", _("Other")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="problems")
    kind = models.CharField(_("problem"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.PROTECT, related_name="problem_reports"
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.order}"
