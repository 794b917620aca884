"""Peer recognition: Hero nominations with their Sidekicks, Manager of the
Month, the monthly votes and the awards they produce."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    HERO = "hero", _("Hero")
    MANAGER = "manager", _("Manager of the Month")


class Nomination(models.Model):
    """A colleague named for a month's award, with the story of what they did.

    A Hero nomination points at the conversation it is about (the evidence)
    and may name Sidekicks who helped, from any department. A Manager of the
    Month nomination names a lead and comes from someone who reports to one.
    Nominations are never edited: what people voted on stays what it was.
    A later legends capability can turn a nomination's story into a legend.
    """

    kind = models.CharField(_("award"), max_length=10, choices=AwardKind.choices)
    month = models.DateField(help_text=_("First day of the month it is nominated for."))
    nominee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations_made")
    # The nominee's team when nominated, so the wall of fame filters by the team they were in.
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.PROTECT, null=True, blank=True, related_name="nominations"
    )
    story = models.TextField(_("what they did"), max_length=2000)
    sidekicks = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sidekick_nominations")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "month", "created_at", "id"], name="nomination_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "month", "nominator", "nominee"], name="one_nomination_per_nominee_per_month"
            ),
            models.CheckConstraint(
                condition=~Q(kind="hero") | Q(conversation__isnull=False), name="hero_nomination_has_evidence"
            ),
            models.CheckConstraint(condition=~Q(nominee=models.F("nominator")), name="nomination_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m}: {self.nominee_id}"


class NominationVote(models.Model):
    """One vote per person per award per month, never for a nomination naming yourself."""

    kind = models.CharField(max_length=10, choices=AwardKind.choices)
    month = models.DateField()
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nomination_votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "month", "voter"], name="one_nomination_vote_per_month"),
        ]
        indexes = [models.Index(fields=["nomination", "created_at"], name="nomination_vote_nomination")]

    def __str__(self) -> str:
        return f"Vote by {self.voter_id} for nomination {self.nomination_id}"


class Award(models.Model):
    """A closed month for one award: the winning nomination, or none when nobody voted.

    Unique per (kind, month): the monthly close inserts it once, so running
    the close twice announces once. The Hero's Sidekicks are the winning
    nomination's and are announced with it. ``votes`` and ``tied`` are kept
    for the record; pages never show counts.
    """

    kind = models.CharField(max_length=10, choices=AwardKind.choices)
    month = models.DateField()
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="award")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    votes = models.PositiveIntegerField(default=0)
    tied = models.PositiveIntegerField(default=0)
    announced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "month"], name="one_award_per_kind_per_month"),
            models.CheckConstraint(
                condition=Q(nomination__isnull=True, recipient__isnull=True)
                | Q(nomination__isnull=False, recipient__isnull=False),
                name="award_winner_iff_nomination",
            ),
        ]
        indexes = [models.Index(fields=["month", "kind"], name="award_month")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m}"
