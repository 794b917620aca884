"""Actions posted from the conversation page.

Each view calls one service. Without JavaScript it is post/redirect/get;
an htmx request gets back the updated part of the page instead. Invalid
input re-renders the page (or the part) with the errors on the named field
and status 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wowdesk.accounts.models import User
from wowdesk.conversations import services
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
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.selectors import call_get_for_user, conversation_get_for_user
from wowdesk.conversations.views.page import render_conversation
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.web import add_service_errors, is_htmx, staff_user

type Action = Callable[[User, Conversation, dict[str, Any]], object]


def _full_redirect(request: HttpRequest, url: str) -> HttpResponse:
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _done(request: HttpRequest, *, user: User, pk: int, reload: bool = False) -> HttpResponse:
    """Show the conversation after a successful action, if the actor may still see it."""
    try:
        conversation = conversation_get_for_user(user=user, pk=pk)
    except NotFound:
        # Handing a conversation to another team takes it out of a rep's sight.
        messages.info(request, _("Done. That conversation is no longer visible to you."))
        return _full_redirect(request, reverse("conversations:inbox"))
    if is_htmx(request) and not reload:
        return render_conversation(request, conversation, partial=True)
    return _full_redirect(request, reverse("conversations:detail", kwargs={"pk": conversation.pk}))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_key: str,
    action: Action,
    reload: bool = False,
) -> HttpResponse:
    user = staff_user(request)
    conversation = conversation_get_for_user(user=user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = action(user, conversation, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # A merge shows the conversation merged into; everything else the same one.
            target = result.pk if isinstance(result, Conversation) else conversation.pk
            return _done(request, user=user, pk=target, reload=reload)
    return render_conversation(
        request, conversation, partial=is_htmx(request), status=400, bound_forms={form_key: form}
    )


def _reply(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    return services.conversation_reply(
        actor=user, conversation=conversation, body=data["body"], status=data["status"] or None
    )


def _note(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    return services.conversation_add_note(actor=user, conversation=conversation, body=data["body"])


def _status(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    return services.conversation_change_status(actor=user, conversation=conversation, status=data["status"])


def _priority(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    return services.conversation_set_priority(actor=user, conversation=conversation, priority=data["priority"])


def _assign(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    if data["me"]:
        # Taking a conversation brings it into your team, when you have one.
        return services.conversation_assign(
            actor=user, conversation=conversation, assignee=user, team=user.team or conversation.team
        )
    return services.conversation_assign(
        actor=user, conversation=conversation, assignee=data["assignee"], team=data["team"]
    )


def _tags(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    return services.conversation_set_tags(actor=user, conversation=conversation, names=data["tags"])


def _merge(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    try:
        target = conversation_get_for_user(user=user, pk=data["target"])
    except NotFound as exc:
        raise field_error("target", _("No conversation with this number.")) from exc
    return services.conversation_merge(actor=user, source=conversation, target=target)


def _call_start(user: User, conversation: Conversation, data: dict[str, Any]) -> object:
    return services.call_start(actor=user, conversation=conversation)


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, form_class=ReplyForm, form_key="reply_form", action=_reply)


@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, form_class=NoteForm, form_key="note_form", action=_note)


@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, form_class=StatusForm, form_key="status_form", action=_status)


@require_POST
def set_priority(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, form_class=PriorityForm, form_key="priority_form", action=_priority)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, form_class=AssignForm, form_key="assign_form", action=_assign)


@require_POST
def set_tags(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, form_class=TagsForm, form_key="tags_form", action=_tags)


@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    # The page to show afterwards is another conversation's, so always a full load.
    return _act(request, pk, form_class=MergeForm, form_key="merge_form", action=_merge, reload=True)


@require_POST
def call_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, form_class=CallForm, form_key="call_form", action=_call_start)


@require_POST
def call_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop call ``pk``. Stopping a call that already ended changes nothing."""
    user = staff_user(request)
    call = call_get_for_user(user=user, pk=pk)
    services.call_stop(actor=user, call=call)
    return _done(request, user=user, pk=call.conversation_id)
