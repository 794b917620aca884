"""Secret staff polls, anonymous by construction.

Two tables and nothing that links them: ``PollVoter`` says *that* someone
answered (so nobody answers twice) and ``PollBallot`` says *what* was
answered. A ballot has no voter, no timestamp and a random UUID key, and a
voter row has no timestamp either, so no query can line the two up, by a
column, a time or an id order. ``tests/happiness/test_anonymity.py`` checks
the schema stays that way. See docs/decisions/0010 for what is left (the
database's physical row order) and why it is acceptable.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel
from wowdesk.happiness.models.grades import MAX_COMMENT, Letter

# Results are shown once at least this many people answered, so one answer can never be singled out.
RESULTS_MIN_ANSWERS = 5


class Poll(ChoiceLabelsModel):
    question = models.CharField(_("question"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    everyone = models.BooleanField(_("all staff"), default=True)
    departments = models.ManyToManyField("accounts.Department", blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Kept on the poll so the results page needs no COUNT over the ballots to know whether to show them.
    answers = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.question

    def is_open(self, now: dt.datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.closed_at is None and (self.closes_at is None or self.closes_at > moment)

    @property
    def results_visible(self) -> bool:
        return self.answers >= RESULTS_MIN_ANSWERS


class PollVoter(models.Model):
    """That ``user`` answered ``poll``: no time, no ballot, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_answer_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} answered poll {self.poll_id}"


class PollBallot(models.Model):
    """What someone answered: no voter, no time, a random key (so not even the order of answers is kept)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    letter = models.CharField(_("grade"), max_length=1, choices=Letter.choices)
    comment = models.TextField(_("comment"), max_length=MAX_COMMENT, blank=True)

    class Meta:
        # By the random key: listing comments this way says nothing about who wrote which, or when.
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.letter} in poll {self.poll_id}"
