"""The legends app's part of the JSON API."""

from ninja import Router

from wowdesk.legends.api.candidates import router as candidates_router
from wowdesk.legends.api.consent import router as consent_router
from wowdesk.legends.api.legends import router as legends_router
from wowdesk.legends.api.reading import router as reading_router
from wowdesk.legends.api.stories import router as stories_router

router = Router()
router.add_router("", legends_router)
router.add_router("", candidates_router)
router.add_router("", consent_router)
router.add_router("", stories_router)
router.add_router("", reading_router)

__all__ = ["router"]
