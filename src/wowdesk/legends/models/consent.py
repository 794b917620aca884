"""A customer's consent to a legend being shared publicly: asked by email, or given on a call."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import ChoiceLabelsModel


class ConsentMethod(models.TextChoices):
    EMAIL = "email", _("Email link")
    CALL = "call", _("Given on a call")


class ConsentState(models.TextChoices):
    REQUESTED = "requested", _("Asked, no answer yet")
    GIVEN = "given", _("Given")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Consent(ChoiceLabelsModel):
    """One request for (or record of) consent, for exactly the text in ``snapshot``.

    An email request carries a random token; only its SHA-256 digest is
    stored here. The link itself lives only in the email (the outbox keeps
    sent mail, shown to leads and admins, as all mail not about one
    conversation is).
    The token serves this one request (single purpose), until
    ``expires_at``, once: answering moves the row out of ``requested`` with a
    conditional update, so a second answer, even a concurrent one, fails.
    ``content_digest`` is the legend's digest when asked; a consent only
    counts while the legend still says exactly that.
    """

    legend = models.ForeignKey("legends.Legend", on_delete=models.CASCADE, related_name="consents")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("how"), max_length=10, choices=ConsentMethod.choices)
    state = models.CharField(_("state"), max_length=10, choices=ConsentState.choices)
    email = models.EmailField(_("sent to"), max_length=254, blank=True)
    token_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    content_digest = models.CharField(max_length=64)
    # What the customer was shown (title, story_html, lesson), kept as the record of what they agreed to.
    snapshot = models.JSONField(default=dict)
    # For a call: what the customer said, in the rep's words, and the call it was said on.
    note = models.TextField(_("note"), max_length=2000, blank=True)
    call = models.ForeignKey("conversations.Call", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outbound = models.ForeignKey(
        "mail.OutboundEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["legend", "state", "content_digest"], name="consent_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="email") | (Q(token_digest__isnull=False) & Q(expires_at__isnull=False)),
                name="consent_email_has_token",
            ),
            models.CheckConstraint(
                condition=~Q(method="call") | (~Q(note="") & Q(token_digest__isnull=True)),
                name="consent_call_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} for legend {self.legend_id}: {self.state}"
