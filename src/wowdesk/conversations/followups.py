"""What other apps do when a conversation is resolved or a call ends.

Apps above ``conversations`` in the dependency order (``happiness`` sends a
survey) register a hook from their ``AppConfig.ready()``; the status and
call services call ``resolved_dispatch`` / ``call_ended_dispatch``
explicitly, inside their own transaction. Like ``outbound``, this is a plain
call through a table, not a signal: the flow stays readable in the service,
and ``conversations`` never imports the apps that listen.

A hook runs inside the caller's transaction and should only record or
schedule work (``transaction.on_commit``); it must not talk to the network.
"""

from __future__ import annotations

from collections.abc import Callable

from wowdesk.conversations.models import Call, Conversation

type ResolvedHook = Callable[[Conversation], object]
type CallEndedHook = Callable[[Call], object]

_resolved: list[ResolvedHook] = []
_call_ended: list[CallEndedHook] = []


def register_resolved_hook(hook: ResolvedHook) -> None:
    """Run ``hook(conversation)`` whenever a conversation becomes resolved (registering twice is a no-op)."""
    if hook not in _resolved:
        _resolved.append(hook)


def register_call_ended_hook(hook: CallEndedHook) -> None:
    """Run ``hook(call)`` whenever a call is stopped (registering twice is a no-op)."""
    if hook not in _call_ended:
        _call_ended.append(hook)


def resolved_dispatch(*, conversation: Conversation) -> None:
    """Precondition: the caller holds the transaction that resolved ``conversation``."""
    for hook in _resolved:
        hook(conversation)


def call_ended_dispatch(*, call: Call) -> None:
    """Precondition: the caller holds the transaction that ended ``call``."""
    for hook in _call_ended:
        hook(call)
