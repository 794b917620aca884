"""The legends app's part of the JSON API."""

from ninja import Router

from wowdesk.legends.api.legends import router as legends_router
from wowdesk.legends.api.more import router as more_router

router = Router()
router.add_router("", legends_router)
router.add_router("", more_router)

__all__ = ["router"]
