"""Every read of the gestures app."""

from wowdesk.gestures.selectors.coupons import coupon_get_by_code
from wowdesk.gestures.selectors.fulfilment import (
    ORDER_RECORD_VIEWS,
    SHIPMENT_VIEWS,
    QueueCounts,
    order_record_get_for_user,
    order_record_queue,
    queue_counts,
    shipment_get_for_user,
    shipment_queue,
)
from wowdesk.gestures.selectors.grants import (
    GestureFilters,
    GestureSummary,
    audit_page,
    catalogue_item_get,
    catalogue_list,
    catalogue_page,
    gesture_detail,
    gesture_get_for_user,
    gesture_list,
    gesture_summary,
    gestures_for_conversation,
    gestures_page_for_customer,
    huddle_parts,
    order_choices_for,
)
from wowdesk.gestures.selectors.huddles import (
    huddle_get_for_gesture,
    sidekick_users_for_conversation,
    sidekicks_for_conversation,
)
from wowdesk.gestures.selectors.suggestions import Suggestion, suggestions_for

__all__ = [
    "ORDER_RECORD_VIEWS",
    "SHIPMENT_VIEWS",
    "GestureFilters",
    "GestureSummary",
    "QueueCounts",
    "Suggestion",
    "audit_page",
    "catalogue_item_get",
    "catalogue_list",
    "catalogue_page",
    "coupon_get_by_code",
    "gesture_detail",
    "gesture_get_for_user",
    "gesture_list",
    "gesture_summary",
    "gestures_for_conversation",
    "gestures_page_for_customer",
    "huddle_get_for_gesture",
    "huddle_parts",
    "order_choices_for",
    "order_record_get_for_user",
    "order_record_queue",
    "queue_counts",
    "shipment_get_for_user",
    "shipment_queue",
    "sidekick_users_for_conversation",
    "sidekicks_for_conversation",
    "suggestions_for",
]
