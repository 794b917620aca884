"""The inbox and the form that opens a new conversation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wowdesk.accounts.models import User
from wowdesk.conversations import services
from wowdesk.conversations.forms import ConversationCreateForm
from wowdesk.conversations.models import Channel, Status
from wowdesk.conversations.selectors import InboxFilters, tag_list
from wowdesk.conversations.selectors import inbox as inbox_selector
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, staff_user
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import customer_find_by_email, customer_get_for_user

SCOPE_LABELS = {
    "all": gettext_lazy("All I can see"),
    "mine": gettext_lazy("Mine"),
    "team": gettext_lazy("My team"),
    "unassigned": gettext_lazy("Unassigned"),
}
SORT_LABELS = {
    "activity": gettext_lazy("Latest activity first"),
    "-activity": gettext_lazy("Oldest activity first"),
    "created": gettext_lazy("Newest first"),
    "-created": gettext_lazy("Oldest first"),
}
# The tag filter suggests this many existing tags; any tag can still be typed.
TAG_SUGGESTIONS = 100


def _filters(request: HttpRequest) -> InboxFilters:
    get = request.GET
    return InboxFilters(
        scope=get.get("scope") or "all",
        status=get.get("status", ""),
        channel=get.get("channel", ""),
        tag=get.get("tag", "").strip(),
        sort=get.get("sort") or "activity",
    )


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    filters = _filters(request)
    errors: list[str] = []
    status = 200
    try:
        page = inbox_selector(user=user, filters=filters, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        page, status = Page(items=[], next_cursor=None), 400
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "errors": errors,
        "scopes": SCOPE_LABELS,
        "sorts": SORT_LABELS,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "nav": "inbox",
    }
    if is_htmx(request):
        return render(request, "conversations/inbox.html#results", context, status=status)
    context["tags"] = tag_list()[:TAG_SUGGESTIONS]
    return render(request, "conversations/inbox.html", context, status=status)


def _customer_for(user: User, data: dict[str, Any]) -> Customer:
    if data["customer"]:
        try:
            return customer_get_for_user(user=user, pk=data["customer"])
        except NotFound as exc:
            raise field_error("customer", _("No customer with this id.")) from exc
    found = customer_find_by_email(email=data["customer_email"])
    if found is None:
        raise field_error("customer_email", _("No customer has this email; create the customer first."))
    # Through the getter, so a merged-away duplicate resolves to the survivor.
    return customer_get_for_user(user=user, pk=found.pk)


@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    status = 200
    if request.method == "POST":
        form = ConversationCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                conversation = services.conversation_create(
                    actor=user,
                    customer=_customer_for(user, data),
                    channel=data["channel"],
                    subject=data["subject"],
                    body=data["body"],
                    direction=data["direction"],
                    team=user.team,
                    assignee=user if data["assign_to_me"] else None,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Conversation opened."))
                return redirect("conversations:detail", pk=conversation.pk)
        status = 400
    else:
        initial = {"customer": request.GET["customer"]} if request.GET.get("customer", "").isdigit() else {}
        form = ConversationCreateForm(initial=initial)
    return render(request, "conversations/create.html", {"form": form, "nav": "inbox"}, status=status)
