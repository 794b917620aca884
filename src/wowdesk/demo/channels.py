"""Demo data for the channels: a mailbox, the email trail of the email stories, and the airport steak post.

- One mailbox, ``help@wowdesk.localhost`` (the default sender), with a
  documented relay secret, so a newcomer can post an ``.eml`` to the
  inbound endpoint straight away (see the README).
- The tyres and lost-toy stories arrived by email: their messages get the
  Message-IDs and sent replies a real mailbox would have left, so a new
  reply in the demo threads under the customer's last email.
- The airport steak story came in as a public post: its posts become social
  mentions through the documented webhook shape, and one social source with
  a documented secret lets a newcomer post another with curl.
- One reply in a bulk email conversation failed (the address bounced), so
  the outbox and the retry button have something to show.

Everything is written with bulk inserts; no conversation or customer is added.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction

from wowdesk.conversations.models import Channel, Conversation, EntryKind, TimelineEntry
from wowdesk.demo.context import SeedContext
from wowdesk.mail.models import DeliveryStatus, InboundMessage, InboundVia, Mailbox, OutboundEmail, OutboundKind
from wowdesk.mail.services.mailboxes import mailbox_set_relay_secret_for_demo
from wowdesk.social.models import SocialMention, SocialSource
from wowdesk.social.services import social_source_install_for_demo

DEMO_ADDRESS = "help@wowdesk.localhost"
# Documented in the README for the local demo only; a real install creates its own on the mailbox page.
DEMO_RELAY_SECRET = "wdm_demo-relay-secret-for-this-machine-only"  # noqa: S105
DEMO_SOCIAL_SECRET = "wds_demo-social-secret-for-this-machine-only"  # noqa: S105
EMAIL_STORIES = ("tyres", "lost_toy")


def _message_id(kind: str, entry: TimelineEntry) -> str:
    return f"<demo.{kind}.{entry.conversation_id}.{entry.pk}@{'example.net' if kind == 'in' else 'wowdesk.localhost'}>"


def _email_trail(ctx: SeedContext, mailbox: Mailbox, conversation_ids: list[int]) -> None:
    conversations = Conversation.objects.filter(pk__in=conversation_ids).select_related("customer")
    inbound: list[InboundMessage] = []
    outbound: list[OutboundEmail] = []
    for conversation in conversations:
        address = conversation.customer.emails.order_by("-is_primary", "id").values_list("email", flat=True).first()
        if address is None:
            continue
        chain: list[str] = []
        entries = conversation.entries.filter(kind__in=[EntryKind.INBOUND, EntryKind.OUTBOUND]).order_by("created_at")
        for entry in entries:
            parent = chain[-1] if chain else ""
            if entry.kind == EntryKind.INBOUND:
                mid = _message_id("in", entry)
                inbound.append(
                    InboundMessage(
                        mailbox=mailbox,
                        message_id=mid,
                        dedupe_key=hashlib.sha256(f"{mid}\0{address}".encode()).hexdigest(),
                        conversation=conversation,
                        entry=entry,
                        from_address=address,
                        from_name=conversation.customer.name,
                        subject=conversation.subject,
                        in_reply_to=parent,
                        references=" ".join(chain),
                        via=InboundVia.DEMO,
                        received_at=entry.created_at,
                    )
                )
            else:
                mid = _message_id("out", entry)
                outbound.append(
                    OutboundEmail(
                        kind=OutboundKind.REPLY,
                        mailbox=mailbox,
                        conversation=conversation,
                        entry=entry,
                        created_by_id=entry.author_id,
                        from_header=f"{mailbox.name} <{mailbox.address}>",
                        to_address=address,
                        to_name=conversation.customer.name,
                        subject=f"Re: {conversation.subject}",
                        body_text=entry.body,
                        message_id=mid,
                        in_reply_to=parent,
                        references=" ".join(chain),
                        status=DeliveryStatus.SENT,
                        attempts=1,
                        created_at=entry.created_at,
                        next_attempt_at=entry.created_at,
                        sent_at=entry.created_at + dt.timedelta(seconds=4),
                    )
                )
            chain.append(mid)
    InboundMessage.objects.bulk_create(inbound)
    OutboundEmail.objects.bulk_create(outbound)


def _failed_reply(mailbox: Mailbox) -> None:
    """The latest reply in a bulk email conversation bounced: something for the retry button."""
    entry = (
        TimelineEntry.objects.filter(kind=EntryKind.OUTBOUND, conversation__channel=Channel.EMAIL)
        .exclude(pk__in=OutboundEmail.objects.filter(entry__isnull=False).values("entry_id"))
        .select_related("conversation__customer")
        .order_by("-created_at", "-id")
        .first()
    )
    if entry is None:
        return
    conversation = entry.conversation
    address = conversation.customer.emails.order_by("-is_primary", "id").values_list("email", flat=True).first()
    OutboundEmail.objects.create(
        kind=OutboundKind.REPLY,
        mailbox=mailbox,
        conversation=conversation,
        entry=entry,
        created_by_id=entry.author_id,
        from_header=f"{mailbox.name} <{mailbox.address}>",
        to_address=address or "",
        to_name=conversation.customer.name,
        subject=f"Re: {conversation.subject}",
        body_text=entry.body,
        message_id=_message_id("out", entry),
        status=DeliveryStatus.FAILED,
        attempts=3,
        created_at=entry.created_at,
        next_attempt_at=entry.created_at,
        failed_at=entry.created_at + dt.timedelta(minutes=8),
        last_error="452 4.2.2 The recipient's mailbox is full; try again later",
    )


def _airport_steak(ctx: SeedContext, source: SocialSource) -> None:
    """The story's two public posts, as the webhook would have stored them; Theo followed them up."""
    ids = ctx.story_conversations.get("airport_steak", [])
    conversation = Conversation.objects.filter(pk__in=ids).select_related("customer").first()
    if conversation is None:
        return
    handle = conversation.customer.social_handles.filter(network="x").values_list("handle", flat=True).first()
    posts = conversation.entries.filter(kind=EntryKind.INBOUND).order_by("created_at", "id")
    rep = ctx.staff.by_username.get("theo")
    SocialMention.objects.bulk_create(
        SocialMention(
            source=source,
            network="x",
            url=f"https://x.example/{handle or 'someone'}/status/{7_310_000 + i}",
            author_handle=handle or "someone",
            author_name=conversation.customer.name,
            text=post.body.partition(": ")[2] or post.body,
            posted_at=post.created_at - dt.timedelta(seconds=40),
            received_at=post.created_at,
            customer=conversation.customer,
            conversation=conversation,
            followed_up_at=post.created_at + dt.timedelta(minutes=6),
            followed_up_by=rep,
        )
        for i, post in enumerate(posts)
    )


@transaction.atomic
def seed_channels(ctx: SeedContext) -> None:
    progress = ctx.progress("email and social", 3)
    mailbox = Mailbox.objects.create(
        name="WowDesk Help", address=DEMO_ADDRESS, send_acknowledgements=True, reply_token_addresses=True
    )
    mailbox_set_relay_secret_for_demo(mailbox=mailbox, secret=DEMO_RELAY_SECRET)
    ids = [pk for story in EMAIL_STORIES for pk in ctx.story_conversations.get(story, [])]
    _email_trail(ctx, mailbox, ids)
    progress.advance()
    _failed_reply(mailbox)
    progress.advance()
    source = social_source_install_for_demo(name="Demo relay (curl)", secret=DEMO_SOCIAL_SECRET)
    _airport_steak(ctx, source)
    progress.advance()
    progress.finish()
