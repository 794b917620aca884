"""The public survey endpoints: the customer's token is the only credential."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from wowdesk.api.errors import NON_FIELD, ErrorOut
from wowdesk.core.errors import error_list
from wowdesk.happiness.errors import SurveyExpired, SurveyStale
from wowdesk.happiness.models import Grade
from wowdesk.happiness.schemas import GradeIn, GradeRecordedOut, SurveyOut
from wowdesk.happiness.services import grade_record, survey_for_token

router = Router(tags=["surveys"])
PUBLIC = {404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut}


def _expired() -> Status[dict[str, Any]]:
    return Status(410, {"detail": [{"field": "token", "message": _("This link has expired.")}]})


@router.get("/surveys/{token}", auth=None, response={200: SurveyOut, **PUBLIC}, operation_id="survey_get")
def survey_get(request: HttpRequest, token: str) -> Any:
    """Public: what the link in a survey email shows. A wrong token is a **404**, an expired one **410**."""
    try:
        survey = survey_for_token(token=token)
    except SurveyExpired:
        return _expired()
    grade = Grade.objects.filter(survey=survey).first()
    return {
        "conversation": survey.conversation,
        "expires_at": survey.expires_at,
        "grade": grade.letter if grade else None,
        "comment": grade.comment if grade else "",
        "revision": grade.revision if grade else 0,
    }


@router.post(
    "/surveys/{token}/grade", auth=None, response={201: GradeRecordedOut, **PUBLIC}, operation_id="survey_grade"
)
def survey_grade(request: HttpRequest, token: str, payload: GradeIn) -> Any:
    """Public: grade A–F with an optional comment, or change the grade given before.

    Send the ``revision`` the survey returned: if someone graded with the
    link since, the answer is **409** and nothing changes. A grade outside
    A–F, or a comment over 2,000 characters, is a **422** naming the field.
    """
    try:
        grade = grade_record(token=token, letter=payload.grade, comment=payload.comment, revision=payload.revision)
    except SurveyExpired:
        return _expired()
    except SurveyStale as exc:
        return Status(409, {"detail": error_list(exc) or [{"field": NON_FIELD, "message": str(exc)}]})
    return Status(201, {"grade": grade.letter, "revision": grade.revision})
