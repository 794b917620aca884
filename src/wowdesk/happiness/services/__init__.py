"""Every write of the happiness app, one transaction per operation."""

from wowdesk.happiness.services.grades import check_grade, grade_record, survey_for_token
from wowdesk.happiness.services.polls import poll_answer, poll_close, poll_create
from wowdesk.happiness.services.recovery import RECOVERY_TAG, recovery_close, recovery_open
from wowdesk.happiness.services.rollups import rollups_rebuild
from wowdesk.happiness.services.surveys import survey_send

__all__ = [
    "RECOVERY_TAG",
    "check_grade",
    "grade_record",
    "poll_answer",
    "poll_close",
    "poll_create",
    "recovery_close",
    "recovery_open",
    "rollups_rebuild",
    "survey_for_token",
    "survey_send",
]
