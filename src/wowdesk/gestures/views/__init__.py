"""Web pages of the gestures app."""

from wowdesk.gestures.views.fulfilment import order_record_move, queue, shipment_move
from wowdesk.gestures.views.grant import grant
from wowdesk.gestures.views.huddles import huddle_contribute, huddle_invite, huddle_open
from wowdesk.gestures.views.pages import gesture_index, gesture_page

__all__ = [
    "gesture_index",
    "gesture_page",
    "grant",
    "huddle_contribute",
    "huddle_invite",
    "huddle_open",
    "order_record_move",
    "queue",
    "shipment_move",
]
