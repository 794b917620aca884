from django.urls import URLPattern, URLResolver, path

from wowdesk.rounds import views

app_name = "rounds"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.today_page, name="today"),
    path("generate/", views.generate, name="generate"),
    path("history/", views.history, name="history"),
    path("badge/", views.badge, name="badge"),
    path("day/<str:day>/", views.day_page, name="day"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/<int:pk>/claim/", views.item_claim, name="claim"),
    path("items/<int:pk>/release/", views.item_release, name="release"),
    path("items/<int:pk>/done/", views.item_done, name="done"),
    path("items/<int:pk>/skip/", views.item_skip, name="skip"),
]
