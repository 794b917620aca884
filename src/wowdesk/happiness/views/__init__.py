"""Pages of the happiness app: the public survey, the dashboard, grades, recoveries and polls."""

from wowdesk.happiness.views.dashboard import badge, dashboard_page, export_csv
from wowdesk.happiness.views.grades import grades
from wowdesk.happiness.views.polls import poll_answer_view, poll_close_view, poll_detail, poll_new, polls
from wowdesk.happiness.views.recoveries import recoveries, recovery_detail
from wowdesk.happiness.views.survey import survey

__all__ = [
    "badge",
    "dashboard_page",
    "export_csv",
    "grades",
    "poll_answer_view",
    "poll_close_view",
    "poll_detail",
    "poll_new",
    "polls",
    "recoveries",
    "recovery_detail",
    "survey",
]
