"""The public contact form: what people sent, and the counters that limit abuse.

Rate limits live in the database (web processes are stateless, and any of
them may serve the next request), as hit counts per key per ten-minute
window. Keys are HMACs of the IP address or email, so the table holds no
raw addresses of people who only tried.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactSubmission(models.Model):
    """One accepted message from the contact form, and the conversation it opened."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    order_number = models.CharField(_("order number"), max_length=40, blank=True)
    message = models.TextField(_("message"))
    conversation = models.OneToOneField("conversations.Conversation", on_delete=models.CASCADE, related_name="+")
    ip_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="contact_recent")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ThrottleBucket(models.Model):
    """Hits for one key in one ten-minute window; the limit is on the sum of the last hour's windows."""

    key = models.CharField(max_length=80)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="throttle_one_bucket_per_window")]
        indexes = [models.Index(fields=["window_start"], name="throttle_window")]

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.window_start:%H:%M} × {self.hits}"
