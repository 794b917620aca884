"""Hiring panels: candidates for any role, the staff who interview them, and what each panelist saw.

Every panel includes someone from customer service (decision 0013): culture
is everyone's job, so a finance analyst is interviewed by a rep as well as
by finance. A scorecard keeps the skills and the culture/values assessments
apart, each with written evidence, and a hire or no-hire vote.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel, TimeStampedModel

MAX_EVIDENCE = 4000


class Status(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFER = "offer", _("Offer made")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# from-status -> where it may go. Hired, declined and withdrawn are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.APPLIED: frozenset({Status.INTERVIEWING, Status.DECLINED, Status.WITHDRAWN}),
    Status.INTERVIEWING: frozenset({Status.OFFER, Status.DECLINED, Status.WITHDRAWN}),
    Status.OFFER: frozenset({Status.HIRED, Status.DECLINED, Status.WITHDRAWN}),
    Status.HIRED: frozenset(),
    Status.DECLINED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
ACTIVE = (Status.APPLIED, Status.INTERVIEWING, Status.OFFER)


class CandidateSource(models.TextChoices):
    REFERRAL = "referral", _("Referred by someone here")
    CAREERS_PAGE = "careers_page", _("Our careers page")
    JOB_BOARD = "job_board", _("A job board")
    AGENCY = "agency", _("An agency")
    CUSTOMER = "customer", _("A customer of ours")
    EVENT = "event", _("An event or school")
    OTHER = "other", _("Somewhere else")


class Candidate(TimeStampedModel):
    """Someone applying for a role. Name and email are personal data: see ``hiring.permissions``."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    role = models.CharField(_("role applied for"), max_length=200)
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=20, choices=CandidateSource.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set when hired, to an account someone created the usual way; hiring never creates accounts.
    hired_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="hired_as"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="candidate_recent"),
            models.Index(fields=["status", "-created_at", "-id"], name="candidate_status_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        """(value, label) of each status this candidate may move to, in the usual order."""
        return [(value, str(label)) for value, label in Status.choices if value in TRANSITIONS[self.status]]


class PanelMember(models.Model):
    """A member of staff on a candidate's panel, from any department."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="panel", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hiring_panels")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "user"], name="one_seat_per_panelist")]

    def __str__(self) -> str:
        return f"{self.user_id} on the panel of {self.candidate_id}"


class Assessment(models.TextChoices):
    """Four steps and no middle: a panelist has to lean one way."""

    STRONG_NO = "strong_no", _("Strong no")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


POSITIVE = (Assessment.YES, Assessment.STRONG_YES)


class Vote(models.TextChoices):
    HIRE = "hire", _("Hire")
    NO_HIRE = "no_hire", _("No hire")


class Scorecard(ChoiceLabelsModel):
    """One panelist's assessment, written once and final: whoever has read the others' cannot rewrite theirs.

    ``service`` records whether the panelist was in a customer-service
    department when they submitted, so the offer rule reads what was true
    at the interview even if they move departments later.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scorecards", db_index=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service = models.BooleanField(_("from customer service"))
    skills = models.CharField(_("skills for the role"), max_length=20, choices=Assessment.choices)
    skills_evidence = models.TextField(_("evidence for the skills assessment"), max_length=MAX_EVIDENCE)
    culture = models.CharField(_("culture and values fit"), max_length=20, choices=Assessment.choices)
    culture_evidence = models.TextField(_("evidence for the culture assessment"), max_length=MAX_EVIDENCE)
    values_shown = models.ManyToManyField("legends.CompanyValue", blank=True, related_name="+")
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "author"], name="one_scorecard_per_panelist"),
            models.CheckConstraint(
                condition=~Q(skills_evidence="") & ~Q(culture_evidence=""), name="scorecard_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"Scorecard by {self.author_id} on {self.candidate_id}"

    @property
    def culture_positive(self) -> bool:
        return self.culture in POSITIVE
