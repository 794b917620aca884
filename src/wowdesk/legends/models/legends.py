"""Legends: true service stories, their versions, comments, reactions and who has read them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.conversations.models import Channel
from wowdesk.core.models import AppendOnlyModel, ChoiceLabelsModel, TimeStampedModel
from wowdesk.legends.models.values import CompanyValue


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    STAFF = "staff", _("Published to staff")
    PUBLIC = "public", _("Published to the public")
    RETIRED = "retired", _("Retired")


PUBLISHED = (State.STAFF, State.PUBLIC)
EDITABLE = (State.DRAFT, State.REVIEW)


class ClipKind(models.TextChoices):
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


def clip_path(instance: Legend, filename: str) -> str:
    # ``filename`` is already the random name the service chose; nothing of the upload's own name is kept.
    return f"legends/clips/{filename}"


class Legend(TimeStampedModel):
    """A true story, told by a colleague, about care given to a customer.

    The text lives here; every change is also written to ``LegendVersion``.
    ``content_digest`` fingerprints what a reader would see (title, story,
    lesson). Two other digests are compared with it, so an edit silently
    voids both: ``redaction_digest`` is the content that last passed the
    personal-data check, and a consent covers the content it was given for.
    The public selectors require all three to agree.
    """

    title = models.CharField(_("title"), max_length=200)
    story_html = models.TextField(_("story"), blank=True)
    # Plain text of the story, for search and previews.
    story_text = models.TextField(blank=True)
    lesson = models.TextField(_("why it matters"), max_length=2000, blank=True)
    values = models.ManyToManyField(CompanyValue, blank=True, related_name="legends")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="legends_written")
    # The colleague the story is about (the rep on the call, the Hero).
    hero = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="legends_about"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    happened_on = models.DateField(_("happened on"), null=True, blank=True)
    # The evidence. Conversations and grants are never deleted by the product; PROTECT keeps it so.
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.PROTECT, null=True, blank=True, related_name="legends"
    )
    gesture = models.ForeignKey(
        "gestures.Gesture", on_delete=models.PROTECT, null=True, blank=True, related_name="legends"
    )
    nomination = models.ForeignKey(
        "recognition.Nomination", on_delete=models.PROTECT, null=True, blank=True, related_name="legends"
    )
    customer_story = models.ForeignKey(
        "legends.CustomerStory", on_delete=models.PROTECT, null=True, blank=True, related_name="legends"
    )
    # Whose personal data redaction looks for, and who is asked for consent.
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="legends"
    )
    # The timeline's key facts when the story was captured (who, channel, duration, gestures, grade).
    facts = models.JSONField(default=dict, blank=True)
    clip = models.FileField(_("clip"), upload_to=clip_path, blank=True, max_length=200)
    clip_type = models.CharField(max_length=50, blank=True)
    clip_kind = models.CharField(max_length=10, choices=ClipKind.choices, blank=True)
    clip_size = models.PositiveBigIntegerField(default=0)
    # A reviewer listened to the clip and confirmed it names no customer details (required to go public).
    clip_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clip_link = models.URLField(_("link to a clip elsewhere"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    content_digest = models.CharField(max_length=64)
    redaction_digest = models.CharField(max_length=64, blank=True)
    # Words the redaction check flagged that a person confirmed are not personal data ("Mark" the verb).
    redaction_allowed = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    public_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-published_at", "-id"], name="legend_state_published"),
            models.Index(fields=["state", "-public_since", "-id"], name="legend_state_public"),
            models.Index(fields=["author", "-updated_at"], name="legend_author_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["staff", "public"]) | Q(published_at__isnull=False),
                name="legend_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(state="public", public_since__isnull=False) | (~Q(state="public") & Q(public_since=None)),
                name="legend_public_since_iff_public",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state in PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE

    @property
    def redaction_current(self) -> bool:
        return bool(self.redaction_digest) and self.redaction_digest == self.content_digest


class LegendVersion(AppendOnlyModel):
    """What the legend said after one change, and who made it. Written by every service that changes a legend."""

    legend = models.ForeignKey(Legend, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    story_html = models.TextField(blank=True)
    lesson = models.TextField(blank=True)
    values = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    change = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["legend", "number"], name="legend_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.legend_id} v{self.number}"


class LegendComment(AppendOnlyModel):
    """A reviewer's note on a draft, or a colleague's comment on a published legend."""

    legend = models.ForeignKey(Legend, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    # Written while the legend was in draft or review: a review comment, shown only to who may edit.
    is_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["legend", "created_at", "id"], name="legend_comment_timeline")]

    def __str__(self) -> str:
        return self.body[:60]


class Reaction(models.TextChoices):
    TOUCHED = "touched", _("Touched")
    APPLAUSE = "applause", _("Applause")
    LEARNED = "learned", _("Learned something")


class LegendReaction(ChoiceLabelsModel):
    legend = models.ForeignKey(Legend, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Reaction.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["legend", "user", "kind"], name="legend_one_reaction_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.legend_id}"


class LegendRead(models.Model):
    """Someone marked a legend read (a new hire working through a reading list)."""

    legend = models.ForeignKey(Legend, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legend_reads")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "legend"], name="legend_read_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.legend_id}"
