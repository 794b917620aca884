"""Public pages (no login): the legends page, one story, its clip, customers' stories, telling yours, consent.

Every legend shown comes from ``selectors.public_legends()``; nothing here
reads ``Legend`` any other way. CSRF applies to the forms as everywhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wowdesk.contact.services import RateLimited
from wowdesk.contact.views import request_ip
from wowdesk.core.errors import NotFound
from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, page_size
from wowdesk.legends import selectors, services
from wowdesk.legends.forms import CustomerStoryForm
from wowdesk.legends.media import clip_response
from wowdesk.legends.services import ConsentLinkError


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The public legends: published to the public, redacted, consented. Filter by value or words."""
    q = " ".join(request.GET.get("q", "").split())
    value = request.GET.get("value", "")
    status = 200
    errors: list[str] = []
    try:
        page = selectors.public_legends_page(q=q, value=value, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        page, status = Page(items=[], next_cursor=None), 400
        errors = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
    context: dict[str, Any] = {
        "page": page,
        "q": q,
        "value": value,
        "values": selectors.public_values(),
        "voices": list(selectors.shown_customer_stories().order_by("-moderated_at", "-id")[:3]),
        "errors": errors,
    }
    return render(request, "legends/public/index.html", context, status=status)


@login_not_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "legends/public/detail.html", {"legend": selectors.public_legend_get(pk=pk)})


@login_not_required
@require_GET
def clip(request: HttpRequest, pk: int) -> HttpResponseBase:
    legend = selectors.public_legend_get(pk=pk)
    if not legend.clip or legend.clip_checked_by_id is None:
        raise NotFound(_("This story has no clip."))
    return clip_response(
        legend.clip.open("rb"),
        content_type=legend.clip_type,
        size=legend.clip_size,
        filename=f"story-{legend.pk}.{(legend.clip.name or '').rsplit('.', 1)[-1]}",
        download=request.GET.get("download") == "1",
        range_header=request.headers.get("Range", ""),
    )


@login_not_required
@require_GET
def customer_stories(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.shown_customer_stories_page(cursor=cursor_param(request), size=page_size())
    except ValidationError:
        return render(request, "legends/public/voices.html", {"page": Page(items=[], next_cursor=None)}, status=400)
    return render(request, "legends/public/voices.html", {"page": page})


@login_not_required
@require_http_methods(["GET", "POST"])
def tell(request: HttpRequest) -> HttpResponse:
    """A customer tells their story of us. Nothing is shown until a moderator accepts it."""
    if request.method == "GET":
        return render(request, "legends/public/tell.html", {"form": CustomerStoryForm()})
    form = CustomerStoryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.customer_story_submit(
                name=data["name"],
                email=data["email"],
                text=data["text"],
                may_publish=data["may_publish"],
                ip=request_ip(request),
                honeypot=data["website"],
            )
        except RateLimited as exc:
            add_service_errors(form, exc)
            return render(request, "legends/public/tell.html", {"form": form}, status=429)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("legends_public:thanks")
    elif form.data.get("website"):
        return redirect("legends_public:thanks")
    return render(request, "legends/public/tell.html", {"form": form}, status=400)


@login_not_required
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "legends/public/thanks.html")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, token: str) -> HttpResponse:
    """The customer reads the text we would publish and says yes or no.

    Opening the page changes nothing (mail scanners open links too); only
    the POST of an answer uses the token. A wrong link is a 404, an expired
    one 410, one already answered 409, each saying so.
    """
    try:
        found = services.consent_check_token(token=token)
    except ConsentLinkError as exc:
        return render(request, "legends/public/link_error.html", {"message": exc.messages[0]}, status=exc.status)
    if request.method == "GET":
        return render(request, "legends/public/consent.html", {"consent": found, "token": token})
    answer = request.POST.get("answer")
    if answer not in ("agree", "decline"):
        context = {"consent": found, "token": token, "error": _("Choose yes or no.")}
        return render(request, "legends/public/consent.html", context, status=400)
    try:
        answered = services.consent_answer(token=token, agree=answer == "agree")
    except ConsentLinkError as exc:
        return render(request, "legends/public/link_error.html", {"message": exc.messages[0]}, status=exc.status)
    return render(request, "legends/public/consent_done.html", {"consent": answered})
