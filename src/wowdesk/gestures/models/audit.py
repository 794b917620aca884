"""The append-only audit trail of every grant and every change after it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import AppendOnlyModel


class AuditAction(models.TextChoices):
    GRANTED = "granted", _("Granted")
    COUPON_REDEEMED = "coupon_redeemed", _("Coupon redeemed")
    SHIPMENT_CHANGED = "shipment_changed", _("Shipment state changed")
    ORDER_RECORD_CHANGED = "order_record_changed", _("Order record state changed")
    HUDDLE_OPENED = "huddle_opened", _("Huddle opened")
    MEMBER_INVITED = "member_invited", _("Invited to the huddle")
    CONTRIBUTED = "contributed", _("Contribution added")
    SIDEKICK_ADDED = "sidekick_added", _("Sidekick recorded")


class GestureAudit(AppendOnlyModel):
    """One thing that happened to a gesture. Written in the same transaction
    as the change it describes; never edited, never deleted."""

    gesture = models.ForeignKey("gestures.Gesture", on_delete=models.PROTECT, related_name="audit")
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["gesture", "created_at", "id"], name="gesture_audit_trail")]

    def __str__(self) -> str:
        return f"{self.action} on gesture {self.gesture_id}"
