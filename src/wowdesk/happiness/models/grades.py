"""Surveys, the grades customers give, and the history of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import AppendOnlyModel, ChoiceLabelsModel


class Letter(models.TextChoices):
    """A school grade. Alphabetical order is also worst-last: ``ORDER BY letter DESC`` puts F first."""

    A = "A", _("A: wonderful")
    B = "B", _("B: good")
    C = "C", _("C: so-so")
    D = "D", _("D: poor")
    F = "F", _("F: awful")


LETTERS: tuple[str, ...] = tuple(Letter.values)
# Grade points, for the mean and the spread: how far apart customers' experiences are.
POINTS: dict[str, int] = {"A": 4, "B": 3, "C": 2, "D": 1, "F": 0}
GOOD = frozenset({"A", "B"})
# A grade of C or worse opens a recovery: somebody should call back.
NEEDS_RECOVERY = frozenset({"C", "D", "F"})
MAX_COMMENT = 2000


class SurveyStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    SKIPPED_RECENT = "skipped_recent", _("Not sent: the customer was asked recently")
    SKIPPED_NO_EMAIL = "skipped_no_email", _("Not sent: no email address")


class SurveyTrigger(models.TextChoices):
    RESOLVED = "resolved", _("Conversation resolved")
    CALL_ENDED = "call_ended", _("Call ended")


class Survey(ChoiceLabelsModel):
    """The one request for a grade a conversation ever gets (sent, or skipped with the reason).

    The link's token is never stored: only its SHA-256 digest, so reading
    this table does not let anyone grade in a customer's name. The raw token
    exists in the email alone.
    """

    conversation = models.OneToOneField("conversations.Conversation", on_delete=models.CASCADE, related_name="survey")
    # Who was asked: the cooldown ("not asked again within N days") is per customer.
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(_("status"), max_length=20, choices=SurveyStatus.choices)
    trigger = models.CharField(_("sent after"), max_length=20, choices=SurveyTrigger.choices)
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    email = models.ForeignKey("mail.OutboundEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "status", "-created_at"], name="survey_customer_recent")]

    def __str__(self) -> str:
        return f"Survey for #{self.conversation_id} ({self.status})"


class Grade(ChoiceLabelsModel):
    """The current grade of one surveyed conversation; ``GradeChange`` keeps every earlier one.

    Attribution (day, team, rep, channel, problem) is fixed when the
    customer first grades: a change of mind later is about the same
    interaction, so it moves the letter, never the interaction's place in
    the reports. ``rep`` is the person who owned the conversation then; the
    rollups count each grade once, under that rep, so team totals add up.
    ``handled_by`` lists everyone who answered or called.
    """

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="grade")
    conversation = models.OneToOneField("conversations.Conversation", on_delete=models.CASCADE, related_name="grade")
    letter = models.CharField(_("grade"), max_length=1, choices=Letter.choices)
    comment = models.TextField(_("comment"), max_length=MAX_COMMENT, blank=True)
    # How many times the customer graded; the survey form carries it, so a replayed form is refused.
    revision = models.PositiveIntegerField(default=1)
    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=20)
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    problem = models.CharField(_("problem type"), max_length=20, blank=True)
    handled_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="graded_conversations")
    first_graded_at = models.DateTimeField(default=timezone.now)
    graded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-graded_at", "-id"]
        indexes = [
            # The worst tail: F first, newest first (a datetime, so the key can be a page cursor).
            models.Index(fields=["letter", "first_graded_at", "id"], name="grade_letter_first"),
            models.Index(fields=["-graded_at", "-id"], name="grade_recent"),
            # Periods filter on the moment of the first grade (its local day is ``day``), oldest first for exports.
            models.Index(fields=["first_graded_at", "id"], name="grade_first"),
        ]

    def __str__(self) -> str:
        return f"{self.letter} for #{self.conversation_id}"

    @property
    def needs_recovery(self) -> bool:
        return self.letter in NEEDS_RECOVERY


class GradeChange(AppendOnlyModel):
    """One grade as the customer gave it, in order. Never edited, never deleted."""

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="changes", db_index=False)
    letter = models.CharField(_("grade"), max_length=1, choices=Letter.choices)
    previous = models.CharField(_("previous grade"), max_length=1, choices=Letter.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=MAX_COMMENT, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["grade", "created_at", "id"], name="gradechange_grade")]

    def __str__(self) -> str:
        return f"{self.previous or '-'} → {self.letter} on grade {self.grade_id}"
