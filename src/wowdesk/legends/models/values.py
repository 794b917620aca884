"""The company's values, as admins word them; every legend shows at least one."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CompanyValue(models.Model):
    """One value ("Take the time it takes"). Retired, never deleted once a legend uses it."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("what it means"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("value")
        constraints = [models.UniqueConstraint(Lower("name"), name="legend_value_name_unique_ci")]

    def __str__(self) -> str:
        return self.name
