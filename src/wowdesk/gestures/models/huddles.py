"""Huddles: colleagues from anywhere in the company helping to put a gesture together."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import AppendOnlyModel


class Huddle(models.Model):
    """At most one per gesture. Membership lets someone outside the
    conversation's team see the gesture (not the conversation) and help."""

    gesture = models.OneToOneField("gestures.Gesture", on_delete=models.PROTECT, related_name="huddle")
    purpose = models.CharField(_("what we are putting together"), max_length=500)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Huddle on gesture {self.gesture_id}"


class HuddleMember(models.Model):
    huddle = models.ForeignKey(Huddle, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="huddle_memberships")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["huddle", "user"], name="huddle_member_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in huddle {self.huddle_id}"


class Contribution(AppendOnlyModel):
    """Something a helper brought: an item, a note, a vendor's promotional gift."""

    class Kind(models.TextChoices):
        ITEM = "item", _("Item for the package")
        VENDOR_ITEM = "vendor_item", _("Vendor promotional item")
        CARD = "card", _("Card or letter")
        NOTE = "note", _("Note")

    huddle = models.ForeignKey(Huddle, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class Sidekick(models.Model):
    """Someone who helped with a gesture that another rep granted.

    Hero nominations read these (``selectors.sidekicks_for_conversation``).
    """

    gesture = models.ForeignKey("gestures.Gesture", on_delete=models.PROTECT, related_name="sidekicks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sidekick_on")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["gesture", "user"], name="sidekick_once_per_gesture")]

    def __str__(self) -> str:
        return f"{self.user_id} sidekick on gesture {self.gesture_id}"
