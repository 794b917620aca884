"""Staff: departments, teams, users with roles, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel


class Department(models.Model):
    """A part of the company. Everyone in every department is staff and takes calls."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    is_customer_service = models.BooleanField(_("customer service"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(ChoiceLabelsModel, AbstractUser):
    class Role(models.TextChoices):
        REP = "rep", _("Rep")
        LEAD = "lead", _("Lead")
        ADMIN = "admin", _("Admin")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.REP)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="members", null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, related_name="members", null=True, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_everything(self) -> bool:
        """Leads and admins see every team's conversations (visibility, not control)."""
        return self.role in {self.Role.LEAD, self.Role.ADMIN} or self.is_superuser

    def __str__(self) -> str:
        return self.display_name


class ApiToken(models.Model):
    """A per-user API token. Only a SHA-256 digest is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
