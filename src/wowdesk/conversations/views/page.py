"""The conversation page: header, timeline, composer, controls, calls and the customer panel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wowdesk.conversations.forms import (
    AssignForm,
    CallForm,
    MergeForm,
    NoteForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
    TagsForm,
)
from wowdesk.conversations.models import Call, Conversation
from wowdesk.conversations.selectors import (
    calls_page,
    conversation_get_for_user,
    conversations_for_customer,
    open_call_for,
    timeline_page,
)
from wowdesk.core.web import is_htmx, staff_user
from wowdesk.customers.models import LifeMoment
from wowdesk.customers.selectors import customer_contacts, life_moments_page, rapport_notes_page
from wowdesk.orders.models import ProblemReport
from wowdesk.orders.selectors import orders_page_for_customer

TEMPLATE = "conversations/detail.html"
TIMELINE_SIZE = 50
CALLS_SIZE = 10
# Each list in the customer panel shows this many rows, then links to the customer's full history.
PANEL_SIZE = 5


def _blank_forms(conversation: Conversation, tag_names: list[str]) -> dict[str, forms.Form]:
    return {
        "reply_form": ReplyForm(),
        "note_form": NoteForm(),
        "status_form": StatusForm(initial={"status": conversation.status}),
        "priority_form": PriorityForm(initial={"priority": conversation.priority}),
        "assign_form": AssignForm(initial={"assignee": conversation.assignee_id, "team": conversation.team_id}),
        "tags_form": TagsForm(initial={"tags": ", ".join(tag_names)}),
        "merge_form": MergeForm(),
        "call_form": CallForm(),
    }


def _named_cursor_error(param: str, exc: ValidationError) -> ValidationError:
    # The page has two cursors; say which query parameter was wrong.
    return ValidationError({param: exc.messages})


def _timer(open_call: Call | None) -> dict[str, Any]:
    """What the live call timer needs.

    The elapsed time is rendered so the page shows it without JavaScript;
    the script then counts from ``started_at`` (corrected by the server's
    clock), so a reload, or a call of any length, shows the right time.
    """
    if open_call is None:
        return {}
    now = timezone.now()
    return {
        "open_call_elapsed": int((now - open_call.started_at).total_seconds()),
        "open_call_started_iso": open_call.started_at.isoformat(timespec="milliseconds"),
        "server_now_iso": now.isoformat(timespec="milliseconds"),
    }


def _conversation_part(conversation: Conversation, *, before: str | None, calls_cursor: str | None) -> dict[str, Any]:
    """What the swappable part of the page shows."""
    tags = list(conversation.tags.all())
    try:
        timeline = timeline_page(conversation=conversation, cursor=before, size=TIMELINE_SIZE)
    except ValidationError as exc:
        raise _named_cursor_error("before", exc) from exc
    try:
        calls = calls_page(conversation=conversation, cursor=calls_cursor, size=CALLS_SIZE)
    except ValidationError as exc:
        raise _named_cursor_error("calls", exc) from exc
    open_call = open_call_for(conversation=conversation)
    return {
        "tags": tags,
        "timeline": timeline,
        "entries": list(reversed(timeline.items)),
        "calls": calls,
        "open_call": open_call,
        **_timer(open_call),
        **_blank_forms(conversation, [t.name for t in tags]),
    }


def _customer_panel(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    user = staff_user(request)
    customer = customer_contacts(customer=conversation.customer)
    others = [
        c
        for c in conversations_for_customer(user=user, customer=customer, limit=PANEL_SIZE + 1)
        if c.pk != conversation.pk
    ]
    return {
        "customer": customer,
        "moments": life_moments_page(customer=customer, cursor=None, size=PANEL_SIZE),
        "notes": rapport_notes_page(customer=customer, cursor=None, size=PANEL_SIZE),
        "orders": orders_page_for_customer(user=user, customer=customer, cursor=None, size=PANEL_SIZE),
        "past_conversations": others[:PANEL_SIZE],
        "life_moment_kinds": LifeMoment.Kind.choices,
        "problem_kinds": ProblemReport.Kind.choices,
        "today": timezone.localdate(),
    }


def render_conversation(
    request: HttpRequest,
    conversation: Conversation,
    *,
    partial: bool = False,
    before: str | None = None,
    calls_cursor: str | None = None,
    status: int = 200,
    bound_forms: Mapping[str, forms.Form] | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    """The whole page, or (``partial``) only the part an htmx action swaps.

    Bound forms replace the blank ones so a failed action shows its errors
    in place. Every list is a fixed-size page, so the number of queries does
    not grow with the conversation's or the customer's history. A bad
    cursor raises a ValidationError naming its query parameter.
    """
    context: dict[str, Any] = {"conversation": conversation, "nav": "inbox", "errors": errors or []}
    context.update(_conversation_part(conversation, before=before, calls_cursor=calls_cursor))
    if not partial:
        context.update(_customer_panel(request, conversation))
    context.update(bound_forms or {})
    template = f"{TEMPLATE}#conversation" if partial else TEMPLATE
    return render(request, template, context, status=status)


@require_GET
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_get_for_user(user=staff_user(request), pk=pk)
    if conversation.pk != pk:
        # Old links to a merged conversation land on the one it was merged into, saying so.
        messages.info(request, _("Conversation #%(pk)s was merged into this one.") % {"pk": pk})
        return redirect("conversations:detail", pk=conversation.pk)
    partial = is_htmx(request)
    try:
        return render_conversation(
            request,
            conversation,
            partial=partial,
            before=request.GET.get("before") or None,
            calls_cursor=request.GET.get("calls") or None,
        )
    except ValidationError as exc:
        # Only a cursor can be wrong here: say which, and show the first pages.
        errors = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        return render_conversation(request, conversation, partial=partial, status=400, errors=errors)
