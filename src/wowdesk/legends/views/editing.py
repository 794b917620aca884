"""Telling a story and getting it ready to share: capture, edit, redact, move, the clip and consent.

Each action calls one service; without JavaScript it is post/redirect/get,
and invalid input re-renders the page with the errors on the named field
and status 400.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.conversations.selectors import call_get_for_user
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.fields import MAX_INT
from wowdesk.core.web import add_service_errors, is_htmx, staff_user
from wowdesk.legends import services
from wowdesk.legends.facts import draft_story, facts_for
from wowdesk.legends.forms import (
    CaptureForm,
    ClipForm,
    ConsentCallForm,
    ConsentEmailForm,
    LegendForm,
    MoveForm,
    RedactForm,
    WithdrawForm,
)
from wowdesk.legends.grades import grade_source
from wowdesk.legends.media import clip_response
from wowdesk.legends.selectors import consent_get_for_user, legend_get_for_user, resolve_sources
from wowdesk.legends.views.helpers import FIELD_LABELS, base_url, render_legend

SOURCE_FIELDS = ("conversation", "gesture", "nomination", "customer_story", "candidate")


def _source_ids(data: Any) -> dict[str, int | None]:
    ids: dict[str, int | None] = {}
    for name in SOURCE_FIELDS:
        raw = str(data.get(name) or "")
        ids[name] = int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_INT else None
    return ids


@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest) -> HttpResponse:
    """ "Tell this story": the form comes pre-filled from the evidence; saving creates the draft."""
    user = staff_user(request)
    if request.method == "GET":
        try:
            sources, candidate = resolve_sources(user=user, **_source_ids(request.GET))
        except ValidationError as exc:
            return render(request, "legends/capture.html", {"nav": "legends", "errors": exc.messages}, status=400)
        facts = facts_for(sources, grades=grade_source())
        conversation = sources.evidence
        initial = {
            **{k: v for k, v in _source_ids(request.GET).items() if v},
            "title": conversation.subject if conversation else "",
            "story": draft_story(facts),
        }
        context = {"nav": "legends", "form": CaptureForm(initial=initial), "facts": facts, "candidate": candidate}
        return render(request, "legends/capture.html", context)
    form = CaptureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sources, candidate = resolve_sources(user=user, **{k: data[k] for k in SOURCE_FIELDS})
            legend = services.legend_capture(
                actor=user,
                sources=sources,
                candidate=candidate,
                title=data["title"],
                story=data["story"],
                lesson=data["lesson"],
                values=list(data["values"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Redact it before it is shared beyond the team."))
            return redirect("legends:detail", pk=legend.pk)
    return render(request, "legends/capture.html", {"nav": "legends", "form": form, "facts": {}}, status=400)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    if request.method == "GET":
        form = LegendForm(
            initial={
                "title": legend.title,
                "story": legend.story_html,
                "lesson": legend.lesson,
                "values": list(legend.values.all()),
                "clip_link": legend.clip_link,
                "version": legend.version,
            }
        )
        return render(request, "legends/edit.html", {"nav": "legends", "legend": legend, "form": form})
    form = LegendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.legend_update(
                actor=user,
                legend=legend,
                title=data["title"],
                story=data["story"],
                lesson=data["lesson"],
                values=list(data["values"]),
                clip_link=data["clip_link"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("legends:detail", pk=legend.pk)
    return render(request, "legends/edit.html", {"nav": "legends", "legend": legend, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
def redact(request: HttpRequest, pk: int) -> HttpResponse:
    """The redaction preview: what was found, the text before and after. ``apply`` makes the change."""
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    form = RedactForm(request.POST if request.method == "POST" else request.GET or None)
    keep = request.POST.getlist("keep") if request.method == "POST" else []
    status = 200
    extra, alias = [], ""
    if form.is_bound and form.is_valid():
        extra, alias = form.cleaned_data["extra"], form.cleaned_data["alias"]
    elif form.is_bound:
        status = 400
    if request.method == "POST" and status == 200 and "apply" in request.POST:
        try:
            services.legend_redact(actor=user, legend=legend, extra=extra, alias=alias, keep=keep)
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, _("Redacted. Read it once more as a stranger would."))
            return redirect("legends:detail", pk=legend.pk)
    try:
        preview = services.redaction_preview(legend=legend, extra=extra, alias=alias, keep=keep)
    except ValidationError as exc:
        add_service_errors(form, exc)
        preview, status = services.redaction_preview(legend=legend), 400
    context = {"nav": "legends", "legend": legend, "form": form, "preview": preview, "keep": keep}
    template = (
        "legends/redact.html#preview" if is_htmx(request) and "apply" not in request.POST else "legends/redact.html"
    )
    return render(request, template, context, status=status)


@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            moved = services.legend_transition(
                actor=user, legend=legend, to=form.cleaned_data["to"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            errors = (
                [f"{FIELD_LABELS.get(f, f)}: {m}" for f, ms in exc.message_dict.items() for m in ms]
                if hasattr(exc, "error_dict")
                else list(map(str, exc.messages))
            )
            return render_legend(request, legend, user=user, status=400, bound_forms={"move_form": form}, errors=errors)
        messages.success(
            request, _("%(title)s: %(state)s.") % {"title": moved.title, "state": moved.get_state_display()}
        )
        return redirect("legends:detail", pk=legend.pk)
    return render_legend(request, legend, user=user, status=400, bound_forms={"move_form": form})


@require_GET
def clip(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The clip for the player (inline) or, with ``?download=1``, as a file; never as anything runnable."""
    legend = legend_get_for_user(user=staff_user(request), pk=pk)
    if not legend.clip:
        raise NotFound(_("This legend has no clip."))
    return clip_response(
        legend.clip.open("rb"),
        content_type=legend.clip_type,
        size=legend.clip_size,
        filename=f"legend-{legend.pk}.{(legend.clip.name or '').rsplit('.', 1)[-1]}",
        download=request.GET.get("download") == "1",
        range_header=request.headers.get("Range", ""),
    )


def _clip_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    form = ClipForm(request.POST, request.FILES)
    try:
        if action == "upload":
            if not form.is_valid():
                return render_legend(request, legend, user=user, status=400, bound_forms={"clip_form": form})
            services.legend_clip_attach(actor=user, legend=legend, upload=form.cleaned_data["clip"])
            messages.success(request, _("Clip added."))
        elif action == "remove":
            services.legend_clip_remove(actor=user, legend=legend)
        else:
            services.legend_clip_confirm(actor=user, legend=legend)
    except ValidationError as exc:
        if action == "upload":
            add_service_errors(form, exc)
        return render_legend(
            request, legend, user=user, status=400, bound_forms={"clip_form": form}, errors=list(map(str, exc.messages))
        )
    return redirect("legends:detail", pk=legend.pk)


@require_POST
def clip_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _clip_action(request, pk, "upload")


@require_POST
def clip_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _clip_action(request, pk, "remove")


@require_POST
def clip_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _clip_action(request, pk, "confirm")


@require_POST
def consent_email(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    form = ConsentEmailForm(request.POST)
    if form.is_valid():
        try:
            consent, _token = services.consent_request_email(
                actor=user, legend=legend, base_url=base_url(request), email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"consent": "email"})
        else:
            messages.success(request, _("Consent link sent to %(email)s.") % {"email": consent.email})
            return redirect("legends:detail", pk=legend.pk)
    errors = [str(m) for ms in form.errors.values() for m in ms]
    return render_legend(
        request, legend, user=user, status=400, bound_forms={"consent_email_form": form}, errors=errors
    )


@require_POST
def consent_call(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    legend = legend_get_for_user(user=user, pk=pk)
    form = ConsentCallForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            call = None
            if data["call"]:
                try:
                    call = call_get_for_user(user=user, pk=data["call"])
                except NotFound as exc:
                    raise field_error("call", _("No such call, or you may not see it.")) from exc
            services.consent_record_call(actor=user, legend=legend, note=data["note"], call=call)
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"consent": "note"})
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("legends:detail", pk=legend.pk)
    errors = [str(m) for ms in form.errors.values() for m in ms]
    return render_legend(request, legend, user=user, status=400, bound_forms={"consent_call_form": form}, errors=errors)


@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    consent = consent_get_for_user(user=user, pk=pk)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.consent_withdraw(actor=user, consent=consent, note=note)
    except ValidationError as exc:
        legend = legend_get_for_user(user=user, pk=consent.legend_id)
        return render_legend(request, legend, user=user, status=400, errors=list(map(str, exc.messages)))
    messages.success(request, _("Recorded: the customer withdrew consent. The story is not public."))
    return redirect("legends:detail", pk=consent.legend_id)
