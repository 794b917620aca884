"""JSON API of the gestures app: catalogue, grants, coupons, fulfilment and huddles."""

from ninja import Router

from wowdesk.gestures.api.catalogue import router as catalogue_router
from wowdesk.gestures.api.coupons import router as coupons_router
from wowdesk.gestures.api.fulfilment import router as fulfilment_router
from wowdesk.gestures.api.grants import router as grants_router
from wowdesk.gestures.api.huddles import router as huddles_router

router = Router()
router.add_router("", catalogue_router)
router.add_router("", grants_router)
router.add_router("", coupons_router)
router.add_router("", fulfilment_router)
router.add_router("", huddles_router)

__all__ = ["router"]
