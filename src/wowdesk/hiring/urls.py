from django.urls import URLPattern, URLResolver, path

from wowdesk.hiring import views

app_name = "hiring"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.candidate_list, name="list"),
    path("new/", views.candidate_new, name="new"),
    path("<int:pk>/", views.candidate_page, name="detail"),
    path("<int:pk>/panel/", views.panel_add_view, name="panel_add"),
    path("<int:pk>/panel/<int:user_pk>/remove/", views.panel_remove_view, name="panel_remove"),
    path("<int:pk>/scorecard/", views.scorecard_view, name="scorecard"),
    path("<int:pk>/status/", views.move_view, name="move"),
]
