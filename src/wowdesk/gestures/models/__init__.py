"""Models of the gestures app, one module per part of the flow."""

from wowdesk.gestures.models.audit import AuditAction, GestureAudit
from wowdesk.gestures.models.catalogue import CatalogueItem, Fulfilment, Kind
from wowdesk.gestures.models.coupons import Coupon, CouponRedemption
from wowdesk.gestures.models.fulfilment import OrderRecord, Shipment
from wowdesk.gestures.models.grants import Gesture, Reason
from wowdesk.gestures.models.huddles import Contribution, Huddle, HuddleMember, Sidekick
from wowdesk.gestures.models.rollups import GestureCustomerTally, GestureMonthSpend, GestureSpend
from wowdesk.gestures.models.suggestions import SuggestionRule

__all__ = [
    "AuditAction",
    "CatalogueItem",
    "Contribution",
    "Coupon",
    "CouponRedemption",
    "Fulfilment",
    "Gesture",
    "GestureAudit",
    "GestureCustomerTally",
    "GestureMonthSpend",
    "GestureSpend",
    "Huddle",
    "HuddleMember",
    "Kind",
    "OrderRecord",
    "Reason",
    "Shipment",
    "Sidekick",
    "SuggestionRule",
]
