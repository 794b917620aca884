"""Conversations across channels, their append-only timeline, and phone calls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import AppendOnlyModel, TimeStampedModel


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat")
    WEB_FORM = "web_form", _("Web form")
    SOCIAL = "social", _("Social")
    LETTER = "letter", _("Letter")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Conversation(TimeStampedModel):
    # Foreign keys that lead a composite index below get no index of their own: it would only
    # duplicate that index's prefix, and cost a write on every insert.
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="conversations", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_conversations",
        db_index=False,
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations", db_index=False
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="conversations")
    # Denormalised so the inbox sorts and renders from this table alone.
    last_activity_at = models.DateTimeField(default=timezone.now)
    preview = models.CharField(max_length=200, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from")

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="conv_activity"),
            models.Index(fields=["status", "-last_activity_at", "-id"], name="conv_status_activity"),
            models.Index(fields=["assignee", "status", "-last_activity_at"], name="conv_assignee_activity"),
            models.Index(fields=["team", "status", "-last_activity_at"], name="conv_team_activity"),
            models.Index(fields=["customer", "-last_activity_at"], name="conv_customer_activity"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class EntryKind(models.TextChoices):
    INBOUND = "inbound", _("Message from customer")
    OUTBOUND = "outbound", _("Reply to customer")
    NOTE = "note", _("Internal note")
    EVENT = "event", _("Event")


class EventType(models.TextChoices):
    CREATED = "created", _("Created")
    ASSIGNED = "assigned", _("Assigned")
    STATUS_CHANGED = "status_changed", _("Status changed")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    TAGS_CHANGED = "tags_changed", _("Tags changed")
    MERGED = "merged", _("Merged")
    CALL_STARTED = "call_started", _("Call started")
    CALL_ENDED = "call_ended", _("Call ended")
    LIFE_MOMENT = "life_moment", _("Life moment recorded")
    RAPPORT_NOTE = "rapport_note", _("Rapport note added")
    PROBLEM_REPORTED = "problem_reported", _("Problem reported")
    CUSTOMER_MERGED = "customer_merged", _("Customer merged")
    GESTURE_GRANTED = "gesture_granted", _("Wow gesture granted")
    GESTURE_UPDATED = "gesture_updated", _("Wow gesture updated")
    GRADED = "graded", _("Graded by the customer")
    RECOVERY_OPENED = "recovery_opened", _("Recovery opened")
    RECOVERY_CLOSED = "recovery_closed", _("Recovery closed")


class TimelineEntry(AppendOnlyModel):
    """One thing that happened in a conversation. Never edited, never deleted."""

    # Indexed by ``entry_timeline``, which starts with it.
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="entries", db_index=False)
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    event_type = models.CharField(max_length=30, choices=EventType.choices, blank=True)
    # No index: nothing looks entries up by author, and one would be the most expensive index on the
    # biggest table (13 s to build at a million conversations). Staff are deactivated, not deleted;
    # deleting one scans the timeline once for the PROTECT check.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    body = models.TextField(blank=True)
    # Sanitised HTML for messages that arrived as HTML; body holds the text.
    body_html = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "timeline entries"
        indexes = [models.Index(fields=["conversation", "created_at", "id"], name="entry_timeline")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="event", event_type__gt="") | (~Q(kind="event") & Q(event_type="")),
                name="entry_event_type_iff_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.conversation_id}"

    @property
    def is_message(self) -> bool:
        return self.kind in {EntryKind.INBOUND, EntryKind.OUTBOUND}


class Call(models.Model):
    """A phone call on a conversation.

    There is deliberately no maximum duration, target or ranking: the length
    is recorded and shown on the conversation, nowhere else.
    """

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="calls")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calls")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # At most one call in progress per conversation.
            models.UniqueConstraint(
                fields=["conversation"], condition=Q(ended_at__isnull=True), name="one_open_call_per_conversation"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")), name="call_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Call on {self.conversation_id} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def in_progress(self) -> bool:
        return self.ended_at is None
