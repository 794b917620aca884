"""The outbox page, the retry button and attachment downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wowdesk.core.pagination import Page
from wowdesk.core.web import cursor_param, is_htmx, page_size, redirect_after_post, staff_user
from wowdesk.mail.forms import OutboxFilterForm
from wowdesk.mail.selectors import attachment_get_for_user, outbound_get_for_user, outbound_page
from wowdesk.mail.services.outbox import outbound_retry


@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = OutboxFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    errors: list[str] = []
    code = 200
    try:
        page = outbound_page(user=user, status=status, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors, code, page = exc.messages, 400, Page(items=[], next_cursor=None)
    context: dict[str, Any] = {"page": page, "form": form, "status": status, "errors": errors, "nav": "mail"}
    template = "mail/outbox.html#results" if is_htmx(request) else "mail/outbox.html"
    return render(request, template, context, status=code)


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed email again; back to where the button was (the conversation or the outbox)."""
    user = staff_user(request)
    row = outbound_get_for_user(user=user, pk=pk)
    try:
        outbound_retry(actor=user, outbound=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Queued again; it will be sent in a moment."))
    fallback = (
        reverse("conversations:detail", args=[row.conversation_id]) if row.conversation_id else reverse("mail:outbox")
    )
    return redirect_after_post(request, next_url=request.POST.get("next"), fallback=fallback)


@require_GET
def attachment_download(request: HttpRequest, key: str) -> FileResponse:
    """Serve an attachment as a download only: never rendered inline, never sniffed, sandboxed."""
    attachment = attachment_get_for_user(user=staff_user(request), key=key)
    response = FileResponse(
        default_storage.open(attachment.storage_name, "rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
