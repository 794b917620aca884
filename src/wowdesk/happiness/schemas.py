"""API schemas of the happiness app: surveys, grades, recoveries, polls and the dashboard figures."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from wowdesk.api.common import MAX_ID, Id, PageQuery, TeamRefOut, Text, UserRefOut
from wowdesk.conversations.models import Channel
from wowdesk.happiness.models import MAX_COMMENT
from wowdesk.happiness.services.polls import MAX_QUESTION
from wowdesk.happiness.services.recovery import MAX_WHAT_WAS_DONE

LetterText = Literal["A", "B", "C", "D", "F"]
Period = Literal["4w", "13w", "26w", "52w", "custom"]


class ConversationRefOut(Schema):
    id: int
    subject: str


# Public survey endpoints (the customer, with the token from the email).


class SurveyOut(Schema):
    """What the customer's link shows: their conversation, and their grade if they gave one."""

    conversation: ConversationRefOut
    expires_at: dt.datetime
    grade: LetterText | None
    comment: str
    revision: int = Field(..., description="Send it back with the grade; 0 before the first grade")


class GradeIn(Schema):
    grade: Text = Field(..., max_length=10, description="A, B, C, D or F")
    comment: Text = Field("", max_length=100_000, description=f"Plain text, at most {MAX_COMMENT} characters")
    revision: int = Field(..., ge=0, le=MAX_ID, description="The revision the survey showed; a stale one is a 409")


class GradeRecordedOut(Schema):
    grade: LetterText
    revision: int


# Staff endpoints.


class SurveyStatusOut(Schema):
    status: str
    trigger: str
    created_at: dt.datetime
    expires_at: dt.datetime | None


class GradeChangeOut(Schema):
    grade: LetterText
    previous: str
    comment: str
    created_at: dt.datetime


class GradeOut(Schema):
    id: int
    conversation: ConversationRefOut
    grade: LetterText = Field(..., alias="letter")
    comment: str
    revision: int
    day: dt.date
    channel: str
    problem: str
    team: TeamRefOut | None
    rep: UserRefOut | None
    first_graded_at: dt.datetime
    graded_at: dt.datetime


class GradePageOut(Schema):
    items: list[GradeOut]
    next_cursor: str | None


class ConversationHappinessOut(Schema):
    survey: SurveyStatusOut | None
    grade: GradeOut | None
    history: list[GradeChangeOut]


class GradeQuery(PageQuery):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    team: Id | None = None
    channel: Channel | None = None
    grade: LetterText | None = None
    worst: bool = Field(False, description="Only C, D and F, worst first")


class RecoveryOut(Schema):
    id: int
    conversation: ConversationRefOut
    grade: LetterText = Field(..., alias="letter")
    comment: str
    team: TeamRefOut | None
    rep: UserRefOut | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    closed_by: UserRefOut | None
    what_was_done: str
    gesture_id: int | None
    recovery_seconds: int | None

    @staticmethod
    def resolve_comment(obj: object) -> str:
        return str(obj.grade.comment)  # type: ignore[attr-defined]


class RecoveryPageOut(Schema):
    items: list[RecoveryOut]
    next_cursor: str | None


class RecoveryQuery(PageQuery):
    state: Literal["open", "closed", "mine"] = "open"
    team: Id | None = None


class RecoveryCloseIn(Schema):
    what_was_done: Text = Field(..., max_length=100_000, description=f"At most {MAX_WHAT_WAS_DONE} characters")
    gesture_id: Id | None = Field(None, description="A gesture granted on this conversation")


class PollIn(Schema):
    question: Text = Field(..., max_length=MAX_QUESTION)
    department_ids: list[Id] = Field(default_factory=list, max_length=100, description="Empty: all staff")
    closes_at: dt.datetime | None = None


class DepartmentRefOut(Schema):
    id: int
    name: str


class PollOut(Schema):
    id: int
    question: str
    created_by: UserRefOut
    everyone: bool
    departments: list[DepartmentRefOut]
    created_at: dt.datetime
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    answers: int
    is_open: bool
    results_visible: bool

    @staticmethod
    def resolve_departments(obj: object) -> list[object]:
        return list(obj.departments.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_is_open(obj: object) -> bool:
        return bool(obj.is_open())  # type: ignore[attr-defined]


class PollPageOut(Schema):
    items: list[PollOut]
    next_cursor: str | None


class PollAnswerIn(Schema):
    grade: Text = Field(..., max_length=10, description="A, B, C, D or F")
    comment: Text = Field("", max_length=100_000, description=f"At most {MAX_COMMENT} characters")


class PollAnsweredOut(Schema):
    answers: int


class PollResultsOut(Schema):
    poll_id: int
    answers: int
    counts: dict[str, int]
    shares: dict[str, float]
    good_share: float = Field(..., description="Share of A and B")
    bad_share: float = Field(..., description="Share of C, D and F")
    comments: list[str] = Field(..., description="In random order")


class DashboardQuery(Schema):
    period: Period = "26w"
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    team: Id | None = None
    channel: Channel | None = None


class DistributionOut(Schema):
    counts: dict[str, int]
    total: int
    good_share: float
    bad_share: float
    mean: float | None = Field(..., description="Grade points, A=4 … F=0")
    spread: float | None = Field(..., description="Standard deviation of grade points: lower is more consistent")


class WeekOut(Schema):
    start: dt.date
    grades: DistributionOut


class StreakOut(Schema):
    current: int
    longest: int
    whole_period: bool
    last_bad_day: dt.date | None


class TeamRowOut(Schema):
    team_id: int
    name: str
    grades: DistributionOut
    days_without_f: int


class TailShareOut(Schema):
    key: str
    label: str
    in_tail: float
    tail_share: float
    overall_share: float


class TailOut(Schema):
    size: int
    channels: list[TailShareOut]
    teams: list[TailShareOut]
    problems: list[TailShareOut]


class DashboardOut(Schema):
    start: dt.date
    end: dt.date
    total: DistributionOut
    weeks: list[WeekOut]
    without_f: StreakOut
    without_d_or_f: StreakOut
    teams: list[TeamRowOut] = Field(..., alias="team_rows")
    tail: TailOut
    open_recoveries: int
    recoveries_closed: int
    recovery_seconds_avg: float | None


class RepRowOut(Schema):
    rep: UserRefOut
    grades: DistributionOut


class RepPageOut(Schema):
    items: list[RepRowOut]
    next_cursor: str | None
