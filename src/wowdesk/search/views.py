"""The search results page: one box over customers and conversation text."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wowdesk.core.web import cursor_param, page_size, staff_user
from wowdesk.search.selectors import search_conversations, search_customers

# Customers are a short "did you mean this person" list; conversations page on.
CUSTOMER_LIMIT = 10


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    query = " ".join(request.GET.get("q", "").split())
    cursor = cursor_param(request)
    context: dict[str, Any] = {"search_query": query, "errors": [], "customers": [], "page": None}
    status = 200
    if query:
        try:
            # Later pages of conversations do not repeat the customers.
            if cursor is None:
                context["customers"] = search_customers(user=user, query=query, limit=CUSTOMER_LIMIT)
            context["page"] = search_conversations(user=user, query=query, cursor=cursor, size=page_size())
        except ValidationError as exc:
            context["errors"] = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            context["customers"], context["page"], status = [], None, 400
    return render(request, "search/results.html", context, status=status)
