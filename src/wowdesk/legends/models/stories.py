"""Customers' own stories of the company, told on the public page and moderated before anything is shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel


class StoryState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not shown")


class CustomerStory(ChoiceLabelsModel):
    """What a customer wrote, as they wrote it (``text``), and what is shown (``published_text``).

    ``may_publish`` is the customer's own tick: without it an accepted story
    still becomes a legend candidate but never appears on the public page.
    ``customer`` is set when the email matches a customer, and
    ``conversations`` then links their conversations as evidence.
    """

    name = models.CharField(_("your name as we may show it"), max_length=100)
    email = models.EmailField(_("your email"), max_length=254)
    text = models.TextField(_("your story"), max_length=5000)
    may_publish = models.BooleanField(_("you may publish my story"), default=False)
    state = models.CharField(max_length=10, choices=StoryState.choices, default=StoryState.PENDING)
    # The text as shown: emails, phone numbers and order numbers replaced when it was accepted.
    published_text = models.TextField(blank=True)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conversations = models.ManyToManyField("conversations.Conversation", blank=True, related_name="+")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(_("note"), max_length=500, blank=True)
    ip_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "customer stories"
        indexes = [
            models.Index(fields=["state", "-created_at", "-id"], name="customer_story_state"),
            models.Index(fields=["state", "may_publish", "-moderated_at", "-id"], name="customer_story_shown"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"
