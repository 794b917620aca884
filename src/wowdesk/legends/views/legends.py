"""The staff side of legends: the feed and search, one legend, comments, reactions, reads and versions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, redirect_after_post, staff_user
from wowdesk.legends import services
from wowdesk.legends.forms import CommentForm, FeedFilterForm, ReactForm
from wowdesk.legends.models import Legend
from wowdesk.legends.selectors import (
    LegendFilters,
    legend_get_for_user,
    legend_search,
    new_hire_lists,
    social_for,
    version_get,
    versions_page,
    years_with_legends,
)
from wowdesk.legends.views.helpers import render_legend


def _filters(form: FeedFilterForm) -> LegendFilters:
    data = form.cleaned_data
    return LegendFilters(
        q=" ".join((data.get("q") or "").split()),
        value=data.get("value") or "",
        team=data["team"].pk if data.get("team") else None,
        channel=data.get("channel") or "",
        year=data.get("year"),
        show=data.get("show") or "published",
    )


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """Published legends, newest first, searchable by words, value, team, channel and year; or one shelf of drafts."""
    user = staff_user(request)
    form = FeedFilterForm(request.GET)
    errors: list[str] = []
    status = 200
    page: Page[Legend] = Page(items=[], next_cursor=None)
    if form.is_valid():
        try:
            page = legend_search(user=user, filters=_filters(form), cursor=cursor_param(request), size=page_size())
        except ValidationError as exc:
            errors, status = [f"{f}: {' '.join(m)}" for f, m in exc.message_dict.items()], 400
    else:
        errors = [f"{f}: {' '.join(str(m) for m in ms)}" for f, ms in form.errors.items()]
        status = 400
    social = social_for(user=user, legends=page.items)
    context: dict[str, Any] = {
        "nav": "legends",
        "form": form,
        "rows": [(legend, social.get(legend.pk)) for legend in page.items],
        "page": page,
        "errors": errors,
        "query": request.GET.copy(),
    }
    if is_htmx(request):
        return render(request, "legends/feed.html#results", context, status=status)
    context["years"] = years_with_legends(user=user)
    context["new_hire_lists"] = new_hire_lists(user=user)
    return render(request, "legends/feed.html", context, status=status)


@require_GET
def legend_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    return render_legend(request, legend_get_for_user(user=user, pk=pk), user=user)


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.legend_comment(actor=user, legend=legend, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if is_htmx(request):
                return render_legend(request, legend, user=user, partial="discussion")
            return redirect("legends:detail", pk=legend.pk)
    partial = "discussion" if is_htmx(request) else ""
    return render_legend(request, legend, user=user, status=400, bound_forms={"comment_form": form}, partial=partial)


@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    """Toggle one reaction; an htmx request gets the reactions back, in place."""
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    form = ReactForm(request.POST)
    status = 200
    errors: list[str] = []
    if form.is_valid():
        try:
            services.legend_react(actor=user, legend=legend, kind=form.cleaned_data["kind"], on=form.cleaned_data["on"])
        except ValidationError as exc:
            errors, status = exc.messages, 400
    else:
        errors, status = [str(m) for ms in form.errors.values() for m in ms], 400
    if is_htmx(request):
        context = {"legend": legend, "social": social_for(user=user, legends=[legend])[legend.pk], "errors": errors}
        return render(request, "legends/_reactions.html", context, status=status)
    if status != 200:
        return render_legend(request, legend, user=user, status=status, errors=errors)
    return redirect_after_post(request, next_url=request.POST.get("next"), fallback=f"/legends/{legend.pk}/")


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    try:
        services.legend_mark_read(actor=user, legend=legend, read=request.POST.get("read", "1") != "0")
    except ValidationError as exc:
        return render_legend(request, legend, user=user, status=400, errors=exc.messages)
    return redirect_after_post(request, next_url=request.POST.get("next"), fallback=f"/legends/{legend.pk}/")


@require_GET
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    try:
        page = versions_page(legend=legend, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        empty: Page[Any] = Page(items=[], next_cursor=None)
        context = {"legend": legend, "page": empty, "errors": exc.messages, "nav": "legends"}
        return render(request, "legends/versions.html", context, status=400)
    return render(request, "legends/versions.html", {"legend": legend, "page": page, "nav": "legends"})


@require_GET
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    version = version_get(legend=legend, number=number)
    return render(request, "legends/version.html", {"legend": legend, "version": version, "nav": "legends"})
