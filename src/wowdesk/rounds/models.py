"""Everyday rounds: each day's list of proactive checks, drawn from the rest of the help desk.

A ``Round`` is one day (unique, so generating twice yields one round); each
``RoundItem`` points at one thing somebody should look at today (a mention
to follow up, a late parcel, a customer's move next week) and records who
took it and what they did. Items are history: a day's round stays as it
was left, done or not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel

MAX_NOTE = 2000


class Round(models.Model):
    day = models.DateField(_("day"))
    generated_at = models.DateTimeField(default=timezone.now)
    # None: the morning schedule made it.
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["day"], name="one_round_per_day")]

    def __str__(self) -> str:
        return f"Round of {self.day:%Y-%m-%d}"


class Source(models.TextChoices):
    """Where an item comes from. The order here is the order a round lists them in."""

    RECOVERY = "recovery", _("Recovery after a low grade")
    FAILED_EMAIL = "failed_email", _("Email that failed to send")
    SHIPMENT = "shipment", _("Gesture parcel not delivered")
    ORDER_RECORD = "order_record", _("Refund or replacement not completed")
    MENTION = "mention", _("Social mention to follow up")
    WAITING = "waiting", _("Conversation waiting on us")
    LIFE_MOMENT = "life_moment", _("Life moment coming up")


class Audience(models.TextChoices):
    """Who may see an item: whoever could open the thing it points at."""

    CONVERSATION = "conversation", _("Whoever may see its conversation")
    STAFF = "staff", _("All staff (it is about a customer)")
    LEADS = "leads", _("Leads and admins (not tied to a conversation)")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLAIMED = "claimed", _("Claimed")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


UNFINISHED = (ItemStatus.OPEN, ItemStatus.CLAIMED)
FINISHED = (ItemStatus.DONE, ItemStatus.SKIPPED)


class RoundItem(ChoiceLabelsModel):
    """One check on one day's round.

    ``object_id`` is the id of what the item is about, per source: the
    mention, recovery, life moment, outbound email or conversation, and for
    parcels and order records their gesture (one of each per gesture).
    Title and detail are written when the item is generated, so the history
    reads as the day did even after the object changed.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items", db_index=False)
    position = models.PositiveIntegerField()
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    object_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.CONVERSATION)
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    title = models.CharField(_("title"), max_length=300)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # Since when the thing has waited (the post, the grade, the last message), and when it is or was due.
    since = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    # What was done, or why it was skipped.
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["round", "position", "id"]
        indexes = [
            models.Index(fields=["round", "position", "id"], name="round_item_order"),
            # "Mine": what I claimed on a day's round.
            models.Index(fields=["claimed_by", "round"], name="round_item_claimed"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "source", "object_id"], name="round_item_once_per_round"),
            models.CheckConstraint(
                condition=Q(status="open", claimed_by__isnull=True) | ~Q(status="open"),
                name="round_item_open_is_unclaimed",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["done", "skipped"], finished_at__isnull=False, finished_by__isnull=False)
                | Q(status__in=["open", "claimed"], finished_at__isnull=True),
                name="round_item_finished_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(audience="conversation") | Q(conversation__isnull=False),
                name="round_item_conversation_audience_has_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.title[:60]}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def target_url(self) -> str:
        """The page of the thing the item is about; that page checks access with its own app's getter."""
        if self.source == Source.RECOVERY:
            return reverse("happiness:recovery", kwargs={"pk": self.object_id})
        if self.source in (Source.SHIPMENT, Source.ORDER_RECORD):
            return reverse("gestures:detail", kwargs={"pk": self.object_id})
        if self.source == Source.WAITING:
            return reverse("conversations:detail", kwargs={"pk": self.object_id})
        if self.conversation_id is not None:
            return reverse("conversations:detail", kwargs={"pk": self.conversation_id})
        if self.source == Source.LIFE_MOMENT and self.customer_id is not None:
            return reverse("customers:detail", kwargs={"pk": self.customer_id})
        if self.source == Source.FAILED_EMAIL:
            return reverse("mail:outbox") + "?status=failed"
        return reverse("rounds:item", kwargs={"pk": self.pk})
