"""Where a reply goes once it is recorded: to its channel's sender, if one is registered.

Channel apps (``mail`` today) sit above ``conversations`` in the dependency
order, so this app cannot import them. Each one registers, from its
``AppConfig.ready()``, a function that queues delivery of a reply on its
channel. ``conversation_reply`` calls ``reply_dispatch`` explicitly, inside its
own transaction, so whatever the sender writes (an outbox row) commits with
the reply or not at all. This is a plain call through a table, not a signal:
the reply flow stays readable in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from wowdesk.conversations.models import Channel, TimelineEntry

type ReplySender = Callable[[TimelineEntry], object]

_senders: dict[str, ReplySender] = {}


def register_reply_sender(*, channel: str, sender: ReplySender) -> None:
    """Declare ``sender`` as the way replies leave on ``channel`` (one sender per channel)."""
    if channel not in Channel.values:
        raise ImproperlyConfigured(f"Unknown channel {channel!r} for a reply sender.")
    existing = _senders.get(channel)
    if existing is not None and existing is not sender:
        raise ImproperlyConfigured(f"Channel {channel!r} already has a reply sender.")
    _senders[channel] = sender


def reply_sender_for(channel: str) -> ReplySender | None:
    return _senders.get(channel)


def reply_dispatch(*, entry: TimelineEntry) -> None:
    """Hand a freshly recorded reply to its channel's sender.

    Precondition: the caller holds the transaction that wrote ``entry``.
    Channels without a sender (a phone call, a letter) record the reply only.
    """
    sender = _senders.get(entry.conversation.channel)
    if sender is not None:
        sender(entry)
