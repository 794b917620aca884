"""The customer's survey page: public, reached only through the token in their email."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wowdesk.core.errors import NotFound
from wowdesk.core.web import add_service_errors
from wowdesk.happiness.errors import SurveyExpired, SurveyStale
from wowdesk.happiness.forms import GradeForm
from wowdesk.happiness.models import LETTERS, Grade, Survey
from wowdesk.happiness.services import grade_record, survey_for_token

TEMPLATE = "happiness/survey.html"


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: never send it to another site as a Referer. ("no-referrer" would also
    # make browsers send "Origin: null" with the form, which Django's CSRF check rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


def _context(survey: Survey, grade: Grade | None, form: GradeForm, **extra: object) -> dict[str, object]:
    conversation = survey.conversation
    return {
        "survey": survey,
        "conversation": conversation,
        "customer": conversation.customer,
        "grade": grade,
        "form": form,
        **extra,
    }


def _invalid(request: HttpRequest, *, expired: bool) -> HttpResponse:
    status = 410 if expired else 404
    return _private(render(request, "happiness/survey_invalid.html", {"expired": expired}, status=status))


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """Grade A to F with an optional comment; grading again changes the grade and keeps the history.

    GET never writes: the letter links in the email only preselect the
    choice (``?grade=B``), so a mail scanner that follows links grades
    nothing. CSRF applies to the form as everywhere.
    """
    try:
        found = survey_for_token(token=token)
    except NotFound:
        return _invalid(request, expired=False)
    except SurveyExpired:
        return _invalid(request, expired=True)
    grade = Grade.objects.filter(survey=found).first()
    revision = grade.revision if grade else 0
    if request.method == "GET":
        chosen = request.GET.get("grade", "").upper()
        initial = {"revision": revision, "grade": chosen if chosen in LETTERS else (grade.letter if grade else None)}
        if grade:
            initial["comment"] = grade.comment
        done = request.GET.get("done") == "1" and grade is not None
        form = GradeForm(initial=initial)
        return _private(render(request, TEMPLATE, _context(found, grade, form, done=done)))
    form = GradeForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            grade_record(token=token, letter=data["grade"], comment=data["comment"], revision=data["revision"])
        except SurveyStale as exc:
            # Someone graded with this link since the page was shown: show the latest, change nothing.
            grade = Grade.objects.filter(survey=found).first()
            latest = {"revision": grade.revision, "grade": grade.letter, "comment": grade.comment} if grade else {}
            stale = [str(m) for messages in exc.message_dict.values() for m in messages]
            context = _context(found, grade, GradeForm(initial=latest), stale=stale)
            return _private(render(request, TEMPLATE, context, status=409))
        except SurveyExpired:
            return _invalid(request, expired=True)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(f"{request.path}?done=1")
    return _private(render(request, TEMPLATE, _context(found, grade, form), status=status))
