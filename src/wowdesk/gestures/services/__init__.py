"""Every write of the gestures app; each public function is one transaction."""

from wowdesk.gestures.services.catalogue import catalogue_item_create, catalogue_item_restore, catalogue_item_retire
from wowdesk.gestures.services.coupons import Redeemed, coupon_code_normalise, coupon_redeem
from wowdesk.gestures.services.fulfilment import order_record_move, shipment_move
from wowdesk.gestures.services.grants import Granted, gesture_grant
from wowdesk.gestures.services.huddles import huddle_contribute, huddle_invite, huddle_open
from wowdesk.gestures.services.rollups import gesture_rollups_add, gesture_rollups_rebuild

__all__ = [
    "Granted",
    "Redeemed",
    "catalogue_item_create",
    "catalogue_item_restore",
    "catalogue_item_retire",
    "coupon_code_normalise",
    "coupon_redeem",
    "gesture_grant",
    "gesture_rollups_add",
    "gesture_rollups_rebuild",
    "huddle_contribute",
    "huddle_invite",
    "huddle_open",
    "order_record_move",
    "shipment_move",
]
