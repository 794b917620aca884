"""JSON API of the happiness app: public survey endpoints, grades, recoveries, polls, dashboard figures."""

from ninja import Router

from wowdesk.happiness.api.dashboard import router as dashboard_router
from wowdesk.happiness.api.grades import router as grades_router
from wowdesk.happiness.api.polls import router as polls_router
from wowdesk.happiness.api.recoveries import router as recoveries_router
from wowdesk.happiness.api.surveys import router as surveys_router

router = Router()
router.add_router("", surveys_router)
router.add_router("", grades_router)
router.add_router("", recoveries_router)
router.add_router("", polls_router)
router.add_router("", dashboard_router)

__all__ = ["router"]
