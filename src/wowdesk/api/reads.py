"""Small reads the API needs that the selectors do not offer yet.

Candidates to move into the apps' ``selectors`` modules; kept here so the
API could be built without editing modules other engineers own.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from wowdesk.accounts.models import Department, Team
from wowdesk.accounts.selectors import department_list, team_list
from wowdesk.conversations.models import Call, Conversation, Tag, TimelineEntry
from wowdesk.conversations.selectors import calls_for, timeline_for
from wowdesk.core.pagination import Page, paginate
from wowdesk.orders.models import ProblemReport
from wowdesk.orders.selectors import problem_reports_for_conversation


def teams_page(*, cursor: str | None, size: int) -> Page[Team]:
    return paginate(team_list(), ordering=("name", "id"), cursor=cursor, size=size)


def departments_page(*, cursor: str | None, size: int) -> Page[Department]:
    return paginate(department_list(), ordering=("name", "id"), cursor=cursor, size=size)


def conversation_with_tags_and_calls(*, conversation: Conversation) -> Conversation:
    """Load what the conversation detail shows besides the row itself (two queries)."""
    prefetch_related_objects(
        [conversation],
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("calls", queryset=Call.objects.select_related("agent").order_by("-started_at", "-id")),
    )
    return conversation


def timeline_page(*, conversation: Conversation, cursor: str | None, size: int) -> Page[TimelineEntry]:
    """The conversation's timeline (merged-in conversations included), oldest first."""
    return paginate(timeline_for(conversation=conversation), ordering=("created_at", "id"), cursor=cursor, size=size)


def calls_page(*, conversation: Conversation, cursor: str | None, size: int) -> Page[Call]:
    # Newest first, like the model; never by duration.
    return paginate(calls_for(conversation=conversation), ordering=("-started_at", "-id"), cursor=cursor, size=size)


def problem_reports_page(*, conversation: Conversation, cursor: str | None, size: int) -> Page[ProblemReport]:
    qs: QuerySet[ProblemReport] = problem_reports_for_conversation(conversation_id=conversation.pk).select_related(
        "reported_by"
    )
    return paginate(qs, ordering=("-created_at", "-id"), cursor=cursor, size=size)
