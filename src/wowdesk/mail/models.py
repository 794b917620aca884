"""Email in and out: mailboxes, the outbox, inbound message records, rejects and attachments.

The models point at ``conversations`` and ``customers`` rows; nothing there
knows about email. Choices are ``TextChoices`` and every invariant that the
database can keep (one Message-ID per mailbox, one outbox row per reply) is a
constraint in ``Meta``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import TimeStampedModel


class ImapSecurity(models.TextChoices):
    SSL = "ssl", _("TLS from the start (port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    # Only for a server on this machine, such as a test server.
    NONE = "none", _("None (loopback only)")


class Mailbox(TimeStampedModel):
    """An address customers write to, and how its mail reaches WowDesk.

    Mail arrives by IMAP polling, by a relay posting raw messages to the
    inbound endpoint (authenticated with ``relay_secret``), or both. The relay
    secret is stored only as a SHA-256 digest; the IMAP password either lives
    in an environment variable (``imap_password_env``) or is stored encrypted.
    """

    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(_("address"), max_length=254)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("New conversations from this mailbox go to this team; none means the shared queue."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    send_acknowledgements = models.BooleanField(
        _("acknowledge new conversations"),
        default=True,
        help_text=_("Send an automatic 'we have your message' reply, at most once an hour per sender."),
    )
    reply_token_addresses = models.BooleanField(
        _("signed reply addresses"),
        default=True,
        help_text=_("Reply-To: name+token@domain, so replies find their conversation. Needs plus addressing."),
    )
    relay_secret_digest = models.CharField(max_length=64, blank=True)
    relay_secret_prefix = models.CharField(max_length=12, blank=True)
    imap_enabled = models.BooleanField(_("poll by IMAP"), default=False)
    imap_host = models.CharField(_("IMAP host"), max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=10, choices=ImapSecurity.choices, default=ImapSecurity.SSL
    )
    imap_username = models.CharField(_("IMAP username"), max_length=255, blank=True)
    imap_password_env = models.CharField(
        _("IMAP password variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of an environment variable holding the password; preferred over a stored password."),
    )
    # Fernet token (see mail.crypto); never shown back.
    imap_password_encrypted = models.TextField(blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=200, default="INBOX")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_poll_error = models.CharField(max_length=500, blank=True)
    # Only one poller works on a mailbox at a time; a crashed one's lease expires.
    poll_lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "mailboxes"
        constraints = [models.UniqueConstraint(Lower("address"), name="mailbox_address_unique_ci")]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    @property
    def has_stored_password(self) -> bool:
        return bool(self.imap_password_encrypted)

    @property
    def has_relay_secret(self) -> bool:
        return bool(self.relay_secret_digest)


class OutboundKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    ACKNOWLEDGEMENT = "acknowledgement", _("Automatic acknowledgement")
    CONFIRMATION = "confirmation", _("Confirmation")
    NOTIFICATION = "notification", _("Notification")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundEmail(models.Model):
    """The outbox: one row per email WowDesk sends, written before anything is sent.

    The row is created in the same transaction as whatever caused it (a reply,
    a contact form), with its Message-ID fixed, so a crash at any point loses
    nothing and a retry sends the same message. A worker claims the row by
    setting ``lease_until`` with a conditional UPDATE, so two workers never
    send it at once; ``sent`` is final.
    """

    kind = models.CharField(max_length=20, choices=OutboundKind.choices, default=OutboundKind.REPLY)
    mailbox = models.ForeignKey(Mailbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    entry = models.OneToOneField(
        "conversations.TimelineEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_header = models.CharField(max_length=500)
    to_address = models.EmailField(max_length=254, blank=True)
    to_name = models.CharField(max_length=200, blank=True)
    reply_to = models.CharField(max_length=500, blank=True)
    subject = models.CharField(max_length=500)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    # Extra headers this kind of mail needs (Auto-Submitted for acknowledgements).
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbound_due"),
            models.Index(fields=["conversation", "-created_at"], name="outbound_conversation"),
            models.Index(fields=["-created_at", "-id"], name="outbound_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"), name="outbound_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_address or '?'}: {self.subject[:60]}"

    @property
    def will_retry(self) -> bool:
        return self.status == DeliveryStatus.QUEUED and self.attempts > 0 and bool(self.last_error)


class InboundVia(models.TextChoices):
    IMAP = "imap", _("IMAP")
    RELAY = "relay", _("Relay")
    DEMO = "demo", _("Demo data")


class ThreadMatch(models.TextChoices):
    NONE = "none", _("New conversation")
    TOKEN = "token", _("Signed reply address")
    HEADERS = "headers", _("In-Reply-To / References")
    DUPLICATE = "duplicate", _("Same message via another mailbox")


class InboundMessage(models.Model):
    """A message a mailbox received and turned into a conversation message.

    ``(mailbox, message_id)`` is unique, so fetching a message twice cannot
    store it twice. The same message reaching a second mailbox gets its own
    row pointing at the first one's timeline entry (``is_primary`` false), so
    it still yields one conversation message; ``dedupe_key`` (Message-ID and
    sender) is unique among primary rows for that.
    """

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="messages")
    message_id = models.CharField(max_length=500)
    dedupe_key = models.CharField(max_length=64)
    is_primary = models.BooleanField(default=True)
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey("conversations.TimelineEntry", on_delete=models.CASCADE, related_name="+")
    from_address = models.EmailField(max_length=254)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    thread_match = models.CharField(max_length=10, choices=ThreadMatch.choices, default=ThreadMatch.NONE)
    via = models.CharField(max_length=10, choices=InboundVia.choices)
    size = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["message_id"], name="inbound_message_id"),
            models.Index(fields=["conversation", "-received_at"], name="inbound_conversation"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "message_id"], name="inbound_message_id_per_mailbox"),
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=Q(is_primary=True), name="inbound_one_primary_per_message"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} from {self.from_address}"


class MailAttachment(models.Model):
    """A file that came with an inbound email, stored under a random name.

    The original name is kept here only, for display and for the download's
    filename; it never becomes a path. Files are served only as downloads.
    """

    inbound = models.ForeignKey(InboundMessage, on_delete=models.CASCADE, related_name="attachments")
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="+")
    # Random and unique: names the file in download links and in the timeline entry's data.
    key = models.CharField(max_length=32, unique=True)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class RejectReason(models.TextChoices):
    TOO_LARGE = "too_large", _("Too large")
    TOO_MANY_PARTS = "too_many_parts", _("Too many MIME parts")
    UNPARSEABLE = "unparseable", _("Could not be parsed")
    NO_SENDER = "no_sender", _("No usable sender address")
    AUTO_REPLY = "auto_reply", _("Automatic reply")
    BOUNCE = "bounce", _("Bounce or delivery report")
    BULK = "bulk", _("Bulk or list mail")
    LOOP = "loop", _("Our own mail coming back")


class InboundReject(models.Model):
    """A message that did not become a conversation message, and why.

    Automatic mail (out-of-office, bounces, delivery reports) is recorded here
    on purpose: it must never open a conversation or trigger a reply, but an
    admin should be able to see that it arrived.
    """

    mailbox = models.ForeignKey(Mailbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="rejects")
    reason = models.CharField(max_length=20, choices=RejectReason.choices)
    detail = models.CharField(max_length=1000, blank=True)
    via = models.CharField(max_length=10, choices=InboundVia.choices)
    from_address = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    message_id = models.CharField(max_length=500, blank=True)
    size = models.PositiveIntegerField(default=0)
    # The raw message (or its head, when it was too large), for an admin to inspect.
    raw_name = models.CharField(max_length=255, blank=True)
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outbound = models.ForeignKey(OutboundEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="reject_recent"),
            models.Index(fields=["reason", "-received_at", "-id"], name="reject_reason_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.subject[:60]}"


class AcknowledgementLedger(models.Model):
    """When each sender last got an automatic acknowledgement (at most one an hour).

    One row per address, locked while deciding, so two messages arriving at
    once from the same sender cannot both be acknowledged.
    """

    address = models.CharField(max_length=254, unique=True)
    last_sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.address


class CaughtEmail(models.Model):
    """A message the local SMTP catcher (``mail_catcher`` command) received. Development only."""

    mail_from = models.CharField(max_length=254, blank=True)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=500, blank=True)
    message_id = models.CharField(max_length=500, blank=True)
    raw = models.BinaryField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["-received_at", "-id"], name="caught_recent")]

    def __str__(self) -> str:
        return self.subject or self.message_id
