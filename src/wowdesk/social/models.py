"""Public posts about the company, fed in by a relay script through an authenticated webhook."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.customers.models import SocialHandle

Network = SocialHandle.Network


class SocialSource(models.Model):
    """A relay allowed to post mentions (one per script or integration). Only a digest of its secret is kept."""

    name = models.CharField(_("name"), max_length=100)
    secret_prefix = models.CharField(max_length=12)
    secret_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SocialMention(models.Model):
    """One public post, the conversation it opened, and whether someone has followed it up."""

    source = models.ForeignKey(SocialSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    url = models.URLField(_("URL"), max_length=500)
    author_handle = models.CharField(_("author handle"), max_length=100)
    author_name = models.CharField(_("author name"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    posted_at = models.DateTimeField(_("posted at"))
    received_at = models.DateTimeField(default=timezone.now)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="+")
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            models.Index(fields=["-posted_at", "-id"], name="mention_recent"),
            models.Index(fields=["followed_up_at", "-posted_at", "-id"], name="mention_follow_up"),
        ]
        constraints = [
            # A relay that posts the same post twice gets the first mention back.
            models.UniqueConstraint(fields=["network", "url"], name="mention_unique_post"),
        ]

    def __str__(self) -> str:
        return f"@{self.author_handle} on {self.get_network_display()}"

    @property
    def needs_follow_up(self) -> bool:
        return self.followed_up_at is None
