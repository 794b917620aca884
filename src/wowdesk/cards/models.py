"""Personal cards to customers: daily card time, the cards themselves, the
print-and-mail queue, and the weekly Card of the Week vote."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import TimeStampedModel

DEFAULT_MINUTES = 15
DEFAULT_WEEKDAYS = (1, 2, 3, 4, 5)  # ISO weekdays: Monday to Friday
DEFAULT_START = dt.time(16, 30)


def weekdays_to_mask(days: list[int] | tuple[int, ...]) -> int:
    return sum(1 << (day - 1) for day in set(days))


def mask_to_weekdays(mask: int) -> list[int]:
    return [day for day in range(1, 8) if mask & (1 << (day - 1))]


class CardTimeSetting(models.Model):
    """When a team's daily card block is, and how long. Teams without a row use the defaults.

    People outside customer service have no team; they get the defaults too.
    """

    team = models.OneToOneField("accounts.Team", on_delete=models.CASCADE, related_name="card_time")
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), default=DEFAULT_MINUTES, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    # ISO weekdays (Monday = 1) as a bit mask, so one column answers "is today a card day?".
    weekdays_mask = models.PositiveSmallIntegerField(
        _("days"), default=weekdays_to_mask(DEFAULT_WEEKDAYS), validators=[MinValueValidator(1), MaxValueValidator(127)]
    )
    starts_at = models.TimeField(_("starts at"), default=DEFAULT_START)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["team__name"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=5, minutes__lte=120), name="card_time_minutes_range"),
            models.CheckConstraint(
                condition=Q(weekdays_mask__gte=1, weekdays_mask__lte=127), name="card_time_weekdays_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Card time for {self.team_id}"

    @property
    def weekdays(self) -> list[int]:
        return mask_to_weekdays(self.weekdays_mask)


class CardTimeSession(models.Model):
    """The day a person opened card time, and when. One a day; a day without one is simply a day off.

    Nothing counts or shows days without a session: skipping is fine.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_sessions")
    day = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    minutes = models.PositiveSmallIntegerField(help_text=_("The block's length when it started."))
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_card_session_per_day")]

    def __str__(self) -> str:
        return f"Card time {self.day} ({self.user_id})"

    @property
    def ends_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(minutes=self.minutes)


def drawing_path(instance: object, filename: str) -> str:
    """A random name: a drawing's URL must not be guessable from its card or customer."""
    return f"cards/drawings/{secrets.token_hex(16)}.png"


class Card(TimeStampedModel):
    """A personal card to a customer, written by any staff member.

    The postal address (or email address) is copied when the card is written,
    so a later change on the customer does not redirect a card already printed.
    """

    class Delivery(models.TextChoices):
        MAIL = "mail", _("Print and mail")
        EMAIL = "email", _("Email")

    class Status(models.TextChoices):
        WRITTEN = "written", _("Written")
        PRINTED = "printed", _("Printed")
        MAILED = "mailed", _("Mailed")
        EMAILED = "emailed", _("Emailed")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cards")
    # Snapshot of the author's team, so the wall of fame can filter by the team they were in.
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="cards")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    message = models.TextField(_("message"), max_length=2000)
    poem = models.TextField(_("poem"), max_length=2000, blank=True)
    drawing = models.FileField(_("drawing"), upload_to=drawing_path, blank=True, max_length=200)
    drawing_width = models.PositiveIntegerField(null=True, blank=True)
    drawing_height = models.PositiveIntegerField(null=True, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.MAIL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WRITTEN)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    postal_address = models.TextField(_("postal address"), max_length=1000, blank=True)
    email_to = models.EmailField(_("email address"), max_length=254, blank=True)
    # The customer said staff may see their name when the card is shown for Card of the Week.
    name_shared = models.BooleanField(_("customer agreed to show their name"), default=False)
    written_on = models.DateField()
    week = models.DateField(help_text=_("Monday of the week it was written in."))
    printed_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["week", "created_at", "id"], name="card_week"),
            models.Index(fields=["status", "written_on", "id"], name="card_queue"),
            models.Index(fields=["author", "-created_at", "-id"], name="card_author"),
            models.Index(fields=["customer", "-created_at"], name="card_customer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery="mail", postal_address__gt="") | Q(delivery="email", email_to__gt=""),
                name="card_has_where_to_go",
            ),
            models.CheckConstraint(condition=Q(poem="") | Q(drawing=""), name="card_drawing_or_poem"),
            models.CheckConstraint(
                condition=Q(delivery="mail", status__in=["written", "printed", "mailed"])
                | Q(delivery="email", status__in=["written", "emailed"]),
                name="card_status_fits_delivery",
            ),
        ]

    def __str__(self) -> str:
        return f"Card #{self.pk} to {self.recipient_name}"

    @property
    def has_drawing(self) -> bool:
        return bool(self.drawing)


class CardVote(models.Model):
    """One staff member's vote for the Card of the Week. One per person per week."""

    week = models.DateField()
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["week", "voter"], name="one_card_vote_per_week")]
        indexes = [models.Index(fields=["card", "created_at"], name="card_vote_card")]

    def __str__(self) -> str:
        return f"Vote by {self.voter_id} for card {self.card_id}"


class CardOfTheWeek(models.Model):
    """A closed week: its winning card, or none when nobody voted.

    The unique week is what makes the weekly close idempotent: a second run
    finds the row and announces nothing. ``votes`` and ``tied`` are kept for
    the record (and the admin); pages never show vote counts.
    """

    week = models.DateField(unique=True)
    card = models.OneToOneField(Card, on_delete=models.PROTECT, null=True, blank=True, related_name="award")
    votes = models.PositiveIntegerField(default=0)
    tied = models.PositiveIntegerField(default=0, help_text=_("Other cards with as many votes."))
    announced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week"]
        verbose_name = _("Card of the Week")
        verbose_name_plural = _("Cards of the Week")

    def __str__(self) -> str:
        return f"Card of the week of {self.week}"
