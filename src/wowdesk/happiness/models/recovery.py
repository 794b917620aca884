"""Recovery items: a C, D or F stays on somebody's list until they record what they did about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel
from wowdesk.happiness.models.grades import Grade, Letter


class Recovery(ChoiceLabelsModel):
    """Opened by a grade of C or worse; closed by whoever records what was done.

    Team and rep are copied from the grade so the lists filter without a
    join. At most one recovery is open per conversation.
    """

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="recoveries")
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="+")
    letter = models.CharField(_("grade"), max_length=1, choices=Letter.choices)
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Copied at close, so the rollups can be rebuilt with one grouped query: the local day it closed, and how long.
    closed_day = models.DateField(null=True, blank=True)
    recovery_seconds = models.PositiveBigIntegerField(null=True, blank=True)
    what_was_done = models.TextField(_("what was done"), max_length=2000, blank=True)
    gesture = models.ForeignKey("gestures.Gesture", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name_plural = "recoveries"
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"], condition=Q(closed_at__isnull=True), name="one_open_recovery_per_conversation"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("opened_at")),
                name="recovery_closes_after_opening",
            ),
        ]
        indexes = [
            # Open ones (closed_at NULL) oldest first: PostgreSQL takes the partial index (the unique one
            # above would otherwise tempt it into sorting every open row), SQLite the full one.
            models.Index(fields=["opened_at", "id"], condition=Q(closed_at__isnull=True), name="recovery_waiting"),
            models.Index(fields=["closed_at", "opened_at", "id"], name="recovery_open"),
            models.Index(fields=["-closed_at", "-id"], name="recovery_closed"),
        ]

    def __str__(self) -> str:
        return f"Recovery of a {self.letter} on #{self.conversation_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class NoticeRole(models.TextChoices):
    REP = "rep", _("You handled the conversation")
    LEAD = "lead", _("You lead the team")


class RecoveryNotice(models.Model):
    """Tells a person in the app that a recovery is theirs to see to (the rep and the team's leads)."""

    recovery = models.ForeignKey(Recovery, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    role = models.CharField(max_length=10, choices=NoticeRole.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "recovery"], name="one_notice_per_user")]

    def __str__(self) -> str:
        return f"Notice to {self.user_id} about recovery {self.recovery_id}"
