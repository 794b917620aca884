"""Stories the product found by itself, and why it thinks each one is worth telling."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel


class CandidateState(models.TextChoices):
    OPEN = "open", _("Suggested")
    DISMISSED = "dismissed", _("Dismissed")
    CAPTURED = "captured", _("Story written")


class Candidate(ChoiceLabelsModel):
    """One possible legend: a conversation, or a customer's own story.

    ``subject`` is unique ("conversation:12", "story:3"), so each thing is
    proposed once however many rules point at it; the rules' explanations
    are its ``reasons``. A dismissed candidate keeps its row, which is what
    makes dismissing stick: the finder's inserts meet the constraint.
    """

    subject = models.CharField(max_length=60, unique=True)
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    customer_story = models.ForeignKey(
        "legends.CustomerStory", on_delete=models.CASCADE, null=True, blank=True, related_name="candidates"
    )
    state = models.CharField(max_length=10, choices=CandidateState.choices, default=CandidateState.OPEN)
    # When the newest evidence happened; the page lists the newest first.
    happened_at = models.DateTimeField()
    found_at = models.DateTimeField(default=timezone.now)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    legend = models.ForeignKey("legends.Legend", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["state", "-happened_at", "-id"], name="candidate_state_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(conversation__isnull=False) | Q(customer_story__isnull=False),
                name="candidate_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class CandidateReason(models.Model):
    """One rule's explanation for a candidate, with the object it points at."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="reasons")
    rule = models.CharField(max_length=40)
    # What the rule found ("call:5", "gesture:9"); one reason per rule and object.
    evidence = models.CharField(max_length=60)
    explanation = models.CharField(max_length=500)
    happened_at = models.DateTimeField()
    gesture = models.ForeignKey("gestures.Gesture", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    nomination = models.ForeignKey(
        "recognition.Nomination", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["happened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "rule", "evidence"], name="candidate_reason_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.evidence}"
