"""Customers and the personal context that builds rapport."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel, TimeStampedModel


class Customer(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=16, default="en")
    address_line1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code"))
    # A merged-away duplicate keeps its row (and id) so old links still resolve.
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from")

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(Lower("name"), "id", name="customer_name_ci")]

    def __str__(self) -> str:
        return self.name

    @property
    def greeting_name(self) -> str:
        return self.preferred_name or self.name.split(" ")[0]

    @property
    def postal_address(self) -> str:
        parts = [
            self.address_line1,
            self.address_line2,
            " ".join(p for p in [self.postal_code, self.city] if p),
            self.region,
            self.country,
        ]
        return "\n".join(p for p in parts if p)


class CustomerEmail(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(_("email"), max_length=254)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        constraints = [
            # One address belongs to one customer, so inbound mail finds exactly one.
            models.UniqueConstraint(Lower("email"), name="customer_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.email


class CustomerPhone(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=32)
    label = models.CharField(_("label"), max_length=30, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return self.number


class SocialHandle(ChoiceLabelsModel):
    class Network(models.TextChoices):
        X = "x", "X"
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        BLUESKY = "bluesky", "Bluesky"
        MASTODON = "mastodon", "Mastodon"
        TIKTOK = "tiktok", "TikTok"
        OTHER = "other", _("Other")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="social_handles")
    network = models.CharField(max_length=20, choices=Network.choices)
    handle = models.CharField(max_length=100)

    class Meta:
        ordering = ["network", "handle"]
        constraints = [
            models.UniqueConstraint("network", Lower("handle"), name="social_handle_unique_ci"),
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()} @{self.handle}"


class RapportNote(models.Model):
    """Something personal a rep learned (neighbourhood, job hunt, the dog's name)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="rapport_notes")
    body = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "-created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class LifeMoment(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        MOVING = "moving", _("Moving")
        NEW_BABY = "new_baby", _("New baby")
        BEREAVEMENT = "bereavement", _("Bereavement")
        ILLNESS = "illness", _("Illness")
        BIRTHDAY = "birthday", _("Birthday")
        WEDDING = "wedding", _("Wedding")
        GRADUATION = "graduation", _("Graduation")
        OTHER = "other", _("Other")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="life_moments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [
            models.Index(fields=["customer", "-happened_on"]),
            # The moments coming up in the next days, for the daily round, without reading every moment.
            models.Index(fields=["happened_on", "id"], name="life_moment_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.happened_on})"
