from django.urls import URLPattern, URLResolver, path

from wowdesk.social import views

app_name = "social"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mentions, name="mentions"),
    path("mentions/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("sources/", views.sources, name="sources"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/revoke/", views.source_revoke, name="source_revoke"),
]
