"""Every read of the happiness app.

For other apps: ``latest_grades(conversation_ids=...)`` (the current letter
per conversation) and ``conversations_graded(grade=..., since=...)``.
"""

from wowdesk.happiness.selectors.dashboard import (
    PERIOD_LABELS,
    PERIODS,
    Dashboard,
    DashboardFilters,
    Distribution,
    dashboard,
    export_rows,
)
from wowdesk.happiness.selectors.grades import (
    GradeFilters,
    conversations_graded,
    grade_for_conversation,
    grade_get_for_user,
    grade_history,
    grades_page,
    latest_grades,
    survey_for_conversation,
)
from wowdesk.happiness.selectors.polls import (
    PollResults,
    ResultsHidden,
    poll_get_for_user,
    poll_results,
    polls_answered_by,
    polls_page,
)
from wowdesk.happiness.selectors.recovery import (
    gestures_for_recovery,
    my_open_recoveries_count,
    open_recovery_for_conversation,
    recoveries_for_conversation,
    recoveries_page,
    recovery_get_for_user,
)

__all__ = [
    "PERIODS",
    "PERIOD_LABELS",
    "Dashboard",
    "DashboardFilters",
    "Distribution",
    "GradeFilters",
    "PollResults",
    "ResultsHidden",
    "conversations_graded",
    "dashboard",
    "export_rows",
    "gestures_for_recovery",
    "grade_for_conversation",
    "grade_get_for_user",
    "grade_history",
    "grades_page",
    "latest_grades",
    "my_open_recoveries_count",
    "open_recovery_for_conversation",
    "poll_get_for_user",
    "poll_results",
    "polls_answered_by",
    "polls_page",
    "recoveries_for_conversation",
    "recoveries_page",
    "recovery_get_for_user",
    "survey_for_conversation",
]
