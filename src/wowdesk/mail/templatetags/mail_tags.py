"""Template helpers that put email details on the conversation page without a query per entry."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from wowdesk.conversations.models import TimelineEntry
from wowdesk.mail.models import OutboundEmail
from wowdesk.mail.selectors import deliveries_for_entries

register = template.Library()


@register.simple_tag
def mail_deliveries(entries: Iterable[TimelineEntry]) -> dict[int, OutboundEmail]:
    """``{% mail_deliveries entries as deliveries %}``: every reply's outbox row, in one query."""
    return deliveries_for_entries(list(entries))


@register.filter
def delivery_for(deliveries: dict[int, OutboundEmail] | None, entry: TimelineEntry) -> OutboundEmail | None:
    return (deliveries or {}).get(entry.pk)
