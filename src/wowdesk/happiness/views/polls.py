"""Secret staff polls: the list, a new poll, answering, results once five people answered."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.core.web import add_service_errors, cursor_param, page_size, staff_user
from wowdesk.happiness.forms import PollAnswerForm, PollForm
from wowdesk.happiness.models import RESULTS_MIN_ANSWERS, Poll
from wowdesk.happiness.permissions import can_create_poll, in_audience
from wowdesk.happiness.selectors import ResultsHidden, poll_get_for_user, poll_results, polls_answered_by, polls_page
from wowdesk.happiness.services import poll_answer, poll_close, poll_create


@require_GET
def polls(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    page = polls_page(user=user, cursor=cursor_param(request), size=page_size())
    context = {
        "nav": "happiness",
        "sub": "polls",
        "page": page,
        "answered": polls_answered_by(user=user, polls=page.items),
        "can_create": can_create_poll(user),
        "min_answers": RESULTS_MIN_ANSWERS,
    }
    return render(request, "happiness/polls.html", context)


@require_http_methods(["GET", "POST"])
def poll_new(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not can_create_poll(user):
        raise PermissionDenied(_("Only leads and admins run polls."))
    status = 200
    if request.method == "POST":
        form = PollForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                poll = poll_create(
                    actor=user, question=data["question"], departments=data["departments"], closes_at=data["closes_at"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Poll created. Answers are anonymous; results show after five."))
                return redirect("happiness:poll", pk=poll.pk)
        status = 400
    else:
        form = PollForm()
    return render(
        request, "happiness/poll_form.html", {"nav": "happiness", "sub": "polls", "form": form}, status=status
    )


def _render_poll(
    request: HttpRequest, poll: Poll, form: PollAnswerForm | None = None, status: int = 200
) -> HttpResponse:
    user = staff_user(request)
    departments = list(poll.departments.order_by("name"))
    answered = bool(polls_answered_by(user=user, polls=[poll]))
    try:
        results = poll_results(poll=poll)
    except ResultsHidden as exc:
        results, hidden = None, str(exc)
    else:
        hidden = ""
    context = {
        "nav": "happiness",
        "sub": "polls",
        "poll": poll,
        "departments": departments,
        "answered": answered,
        "can_answer": poll.is_open() and not answered and in_audience(user, poll, {d.pk for d in departments}),
        "can_close": poll.is_open() and (poll.created_by_id == user.pk or can_create_poll(user)),
        "form": form or PollAnswerForm(),
        "results": results,
        "hidden": hidden,
        "min_answers": RESULTS_MIN_ANSWERS,
    }
    return render(request, "happiness/poll.html", context, status=status)


@require_GET
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_poll(request, poll_get_for_user(user=staff_user(request), pk=pk))


@require_POST
def poll_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    poll = poll_get_for_user(user=user, pk=pk)
    form = PollAnswerForm(request.POST)
    if form.is_valid():
        try:
            poll_answer(actor=user, poll=poll, letter=form.cleaned_data["grade"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your answer is in, and nobody can tell it is yours."))
            return redirect("happiness:poll", pk=poll.pk)
    return _render_poll(request, poll_get_for_user(user=user, pk=pk), form=form, status=400)


@require_POST
def poll_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    poll_close(actor=user, poll=poll_get_for_user(user=user, pk=pk))
    messages.success(request, _("Poll closed."))
    return redirect("happiness:poll", pk=pk)
