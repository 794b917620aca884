"""Models of the happiness app: surveys and grades, recoveries, secret polls, rollups."""

from wowdesk.happiness.models.grades import (
    GOOD,
    LETTERS,
    MAX_COMMENT,
    NEEDS_RECOVERY,
    POINTS,
    Grade,
    GradeChange,
    Letter,
    Survey,
    SurveyStatus,
    SurveyTrigger,
)
from wowdesk.happiness.models.polls import RESULTS_MIN_ANSWERS, Poll, PollBallot, PollVoter
from wowdesk.happiness.models.recovery import NoticeRole, Recovery, RecoveryNotice
from wowdesk.happiness.models.rollups import RepDay, TeamDay

__all__ = [
    "GOOD",
    "LETTERS",
    "MAX_COMMENT",
    "NEEDS_RECOVERY",
    "POINTS",
    "RESULTS_MIN_ANSWERS",
    "Grade",
    "GradeChange",
    "Letter",
    "NoticeRole",
    "Poll",
    "PollBallot",
    "PollVoter",
    "Recovery",
    "RecoveryNotice",
    "RepDay",
    "Survey",
    "SurveyStatus",
    "SurveyTrigger",
    "TeamDay",
]
