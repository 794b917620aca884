from django.urls import URLPattern, URLResolver, path

from wowdesk.gestures import views

app_name = "gestures"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.gesture_index, name="list"),
    path("<int:pk>/", views.gesture_page, name="detail"),
    path("grant/<int:pk>/", views.grant, name="grant"),
    path("fulfilment/", views.queue, name="queue"),
    path("shipments/<int:pk>/move/", views.shipment_move, name="shipment_move"),
    path("order-records/<int:pk>/move/", views.order_record_move, name="order_record_move"),
    path("<int:pk>/huddle/", views.huddle_open, name="huddle_open"),
    path("<int:pk>/huddle/invite/", views.huddle_invite, name="huddle_invite"),
    path("<int:pk>/huddle/contribute/", views.huddle_contribute, name="huddle_contribute"),
]
