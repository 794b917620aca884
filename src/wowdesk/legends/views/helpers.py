"""What the legend page shows, shared by the page and the actions posted from it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from wowdesk.accounts.models import User
from wowdesk.legends.forms import ClipForm, CommentForm, ConsentCallForm, ConsentEmailForm, MoveForm
from wowdesk.legends.models import Legend, State
from wowdesk.legends.permissions import can_curate, can_edit, can_review, can_see_evidence
from wowdesk.legends.selectors import comments_for, consents_for, reading_lists, social_for
from wowdesk.legends.services import allowed_moves, current_consent, publish_problems
from wowdesk.legends.services.workflow import personal_data_problems

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEMPLATE = "legends/detail.html"
MOVE_LABELS: dict[str, StrOrPromise] = {
    State.DRAFT: gettext_lazy("Back to draft"),
    State.REVIEW: gettext_lazy("Send for review"),
    State.STAFF: gettext_lazy("Publish to staff"),
    State.PUBLIC: gettext_lazy("Publish to the public"),
    State.RETIRED: gettext_lazy("Retire"),
}

FIELD_LABELS: dict[str, StrOrPromise] = {
    "title": gettext_lazy("Title"),
    "story": gettext_lazy("Story"),
    "lesson": gettext_lazy("Why it matters"),
    "values": gettext_lazy("Values"),
    "consent": gettext_lazy("Consent"),
    "clip": gettext_lazy("Clip"),
    "clip_link": gettext_lazy("Clip link"),
    "to": gettext_lazy("Move"),
}


def render_legend(
    request: HttpRequest,
    legend: Legend,
    *,
    user: User,
    status: int = 200,
    bound_forms: Mapping[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    partial: str = "",
) -> HttpResponse:
    """The legend page (or one of its partials), with whatever the viewer may do next.

    Publishing moves carry the reasons they would be refused right now, so
    the page shows what is missing before anyone presses the button.
    """
    evidence = can_see_evidence(user, legend)
    moves = []
    allowed = allowed_moves(user, legend)
    personal = personal_data_problems(legend) if {State.STAFF, State.PUBLIC} & set(allowed) else {}
    for to in allowed:
        problems = publish_problems(legend, to=to, personal=personal) if to in (State.STAFF, State.PUBLIC) else {}
        listed = [f"{FIELD_LABELS.get(field, field)}: {m}" for field, ms in problems.items() for m in ms]
        moves.append({"to": to, "label": MOVE_LABELS[to], "problems": listed})
    context: dict[str, Any] = {
        "nav": "legends",
        "legend": legend,
        "social": social_for(user=user, legends=[legend])[legend.pk],
        "comments": comments_for(user=user, legend=legend),
        "can_edit": can_edit(user, legend),
        "can_review": can_review(user),
        "evidence": evidence,
        "facts": legend.facts if evidence else {},
        "consents": consents_for(legend=legend) if evidence else [],
        "consent": current_consent(legend) if evidence else None,
        "customer_emails": list(legend.customer.emails.values_list("email", flat=True))
        if evidence and legend.customer
        else [],
        "moves": moves,
        "reading_lists": list(reading_lists(user=user)) if can_curate(user) and legend.is_published else [],
        "errors": errors or [],
        "comment_form": CommentForm(),
        "move_form": MoveForm(),
        "clip_form": ClipForm(),
        "consent_email_form": ConsentEmailForm(),
        "consent_call_form": ConsentCallForm(),
    }
    context.update(bound_forms or {})
    template = f"{TEMPLATE}#{partial}" if partial else TEMPLATE
    return render(request, template, context, status=status)


def base_url(request: HttpRequest) -> str:
    """This site's address as the request reached it (ALLOWED_HOSTS has vetted the host)."""
    return request.build_absolute_uri("/").rstrip("/")
