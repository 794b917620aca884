"""Reading lists of legends that leads curate, such as the one every new hire starts with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import TimeStampedModel


class ReadingList(TimeStampedModel):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    for_new_hires = models.BooleanField(
        _("for new hires"), default=False, help_text=_("Shown first to everyone, and meant for their first weeks.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-for_new_hires", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ReadingListItem(models.Model):
    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    legend = models.ForeignKey("legends.Legend", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    note = models.CharField(_("why read it"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reading_list", "legend"], name="reading_list_legend_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reading_list_id}: {self.legend_id}"
