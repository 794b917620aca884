"""The conversation list (inbox, search results) rendered in Python.

This is the most-viewed table in the product. Written as a Django
template it cost about a millisecond per row (variable lookups, a URL
reversal, two localised date formats and a queryset clone for the tags,
25 times over); built here with ``format_html`` it costs a few dozen
microseconds, and every value is still escaped. The markup matches what
the page's CSS and tests expect; change both together.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wowdesk.conversations.models import Conversation

register = template.Library()


def _row(conversation: Conversation, detail_prefix: str, texts: dict[str, str]) -> SafeString:
    customer = conversation.customer
    # The prefetch cache, read directly: .tags.all() would build a queryset per row just to return it.
    tags = conversation._prefetched_objects_cache["tags"] if hasattr(conversation, "_prefetched_objects_cache") else ()
    assignee, team = conversation.assignee, conversation.team
    when = timezone.localtime(conversation.last_activity_at)
    return format_html(
        '<tr class="conversation-row"><td>{}</td>'
        '<td><a href="{}{}/">{}</a> {}{}</td>'
        "<td>{}</td>"
        '<td><span class="badge status-{}">{}</span></td>'
        "<td>{}{}</td>"
        '<td><span class="badge priority-{}">{}</span></td>'
        '<td><time datetime="{}">{}</time></td></tr>',
        customer.preferred_name or customer.name,
        detail_prefix,
        conversation.pk,
        conversation.subject or texts["no_subject"],
        format_html_join("", '<span class="badge tag">{}</span> ', ((tag.name,) for tag in tags)),
        format_html('<div class="muted preview">{}</div>', conversation.preview) if conversation.preview else "",
        conversation.get_channel_display(),
        conversation.status,
        conversation.get_status_display(),
        assignee.display_name if assignee else format_html('<span class="muted">{}</span>', texts["unassigned"]),
        format_html('<div class="muted">{}</div>', team.name) if team else "",
        conversation.priority,
        conversation.get_priority_display(),
        when.isoformat(),
        when.strftime("%Y-%m-%d %H:%M"),
    )


@register.simple_tag
def conversation_rows(conversations: Iterable[Conversation], empty_text: str) -> SafeString:
    """The ``<tbody>`` rows for these conversations (customer, team, assignee and tags preloaded)."""
    # One reversal for the page; every row's link is this prefix plus its id.
    detail_prefix = reverse("conversations:detail", args=[0]).removesuffix("0/")
    texts = {"no_subject": _("(no subject)"), "unassigned": _("Unassigned")}
    rows = [_row(conversation, detail_prefix, texts) for conversation in conversations]
    if not rows:
        return format_html('<tr><td colspan="7" class="muted">{}</td></tr>', empty_text)
    return SafeString("\n".join(rows))
