"""Mailbox settings (leads see them, admins change them), rejects and the local mail catcher."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, staff_user
from wowdesk.mail.forms import MailboxForm, RejectFilterForm
from wowdesk.mail.models import Mailbox
from wowdesk.mail.permissions import can_manage_mailboxes, can_view_mail_admin
from wowdesk.mail.selectors import (
    caught_get_for_user,
    caught_page,
    mailbox_get_for_user,
    mailbox_list,
    reject_get_for_user,
    reject_page,
)
from wowdesk.mail.services.mailboxes import mailbox_create, mailbox_rotate_relay_secret, mailbox_update


def _require_viewer(request: HttpRequest) -> None:
    if not can_view_mail_admin(staff_user(request)):
        raise PermissionDenied(_("Mailbox settings are for leads and admins."))


@require_GET
def mailbox_index(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    user = staff_user(request)
    context = {"mailboxes": mailbox_list(user=user), "can_manage": can_manage_mailboxes(user), "nav": "mail"}
    return render(request, "mail/mailboxes.html", context)


def _initial(mailbox: Mailbox) -> dict[str, Any]:
    fields = [f for f in MailboxForm.base_fields if f not in {"imap_password", "clear_password", "team"}]
    return {**{f: getattr(mailbox, f) for f in fields}, "team": mailbox.team_id}


def _service_fields(data: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    fields = {k: v for k, v in data.items() if k not in {"imap_password", "clear_password"}}
    password: str | None = data["imap_password"] or None
    if data["clear_password"]:
        password = ""
    return fields, password


def _render_mailbox(
    request: HttpRequest, form: MailboxForm, mailbox: Mailbox | None, *, secret: str = "", status: int = 200
) -> HttpResponse:
    user = staff_user(request)
    context = {"form": form, "mailbox": mailbox, "secret": secret, "can_manage": can_manage_mailboxes(user)}
    response = render(request, "mail/mailbox_form.html", {**context, "nav": "mail"}, status=status)
    if secret:
        add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
def mailbox_new(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not can_manage_mailboxes(user):
        raise PermissionDenied(_("Only administrators can add mailboxes."))
    if request.method == "GET":
        return _render_mailbox(request, MailboxForm(), None)
    form = MailboxForm(request.POST)
    if form.is_valid():
        fields, password = _service_fields(form.cleaned_data)
        try:
            mailbox = mailbox_create(actor=user, imap_password=password, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"imap_password": "imap_password"})
        else:
            messages.success(request, _("Mailbox added. Create a relay secret below if mail arrives by relay."))
            return redirect("mail:mailbox", pk=mailbox.pk)
    return _render_mailbox(request, form, None, status=400)


@require_http_methods(["GET", "POST"])
def mailbox_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    mailbox = mailbox_get_for_user(user=user, pk=pk)
    if request.method == "GET":
        return _render_mailbox(request, MailboxForm(initial=_initial(mailbox)), mailbox)
    if not can_manage_mailboxes(user):
        raise PermissionDenied(_("Only administrators can change mailboxes."))
    form = MailboxForm(request.POST)
    if form.is_valid():
        fields, password = _service_fields(form.cleaned_data)
        try:
            with transaction.atomic():
                mailbox_update(actor=user, mailbox=mailbox, imap_password=password, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mailbox saved."))
            return redirect("mail:mailbox", pk=mailbox.pk)
    return _render_mailbox(request, form, mailbox_get_for_user(user=user, pk=pk), status=400)


@require_POST
def mailbox_relay_secret(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a new relay secret and show it on this response only (it is never stored)."""
    user = staff_user(request)
    mailbox = mailbox_get_for_user(user=user, pk=pk)
    secret = mailbox_rotate_relay_secret(actor=user, mailbox=mailbox)
    return _render_mailbox(request, MailboxForm(initial=_initial(mailbox)), mailbox, secret=secret)


@require_POST
def mailbox_poll_now(request: HttpRequest, pk: int) -> HttpResponse:
    from wowdesk.mail.tasks import poll_mailbox

    user = staff_user(request)
    mailbox = mailbox_get_for_user(user=user, pk=pk)
    if not can_manage_mailboxes(user):
        raise PermissionDenied(_("Only administrators can poll a mailbox by hand."))
    if not mailbox.imap_enabled:
        messages.error(request, _("This mailbox does not poll by IMAP."))
    else:
        transaction.on_commit(lambda: poll_mailbox.enqueue(mailbox.pk))
        messages.success(request, _("Polling %(name)s now.") % {"name": mailbox.name})
    return redirect("mail:mailbox", pk=mailbox.pk)


@require_GET
def rejects(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    form = RejectFilterForm(request.GET)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    errors: list[str] = []
    status = 200
    try:
        page = reject_page(user=staff_user(request), reason=reason, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors, status, page = exc.messages, 400, Page(items=[], next_cursor=None)
    context = {"page": page, "form": form, "reason": reason, "errors": errors, "nav": "mail"}
    template = "mail/rejects.html#results" if is_htmx(request) else "mail/rejects.html"
    return render(request, template, context, status=status)


@require_GET
def reject_raw(request: HttpRequest, pk: int) -> FileResponse:
    """The raw message of a reject, as a download (it may be hostile: never rendered)."""
    reject = reject_get_for_user(user=staff_user(request), pk=pk)
    if not reject.raw_name or not default_storage.exists(reject.raw_name):
        raise Http404("The raw message was not kept.")
    response = FileResponse(
        default_storage.open(reject.raw_name, "rb"),
        as_attachment=True,
        filename=f"reject-{reject.pk}.eml",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def caught_list(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    status = 200
    errors: list[str] = []
    try:
        page = caught_page(user=staff_user(request), cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors, status, page = exc.messages, 400, Page(items=[], next_cursor=None)
    return render(request, "mail/caught.html", {"page": page, "errors": errors, "nav": "mail"}, status=status)


@require_GET
def caught_detail(request: HttpRequest, pk: int) -> HttpResponse:
    caught = caught_get_for_user(user=staff_user(request), pk=pk)
    parsed = BytesParser(policy=policy.default).parsebytes(bytes(caught.raw))
    text = ""
    if isinstance(parsed, EmailMessage):
        body = parsed.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
    headers = [(name, str(value)) for name, value in parsed.items()]
    raw = bytes(caught.raw).decode("utf-8", "replace")
    context = {"caught": caught, "headers": headers, "text": text, "raw": raw, "nav": "mail"}
    return render(request, "mail/caught_detail.html", context)
