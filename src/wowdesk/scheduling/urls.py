from django.urls import URLPattern, URLResolver, path

from wowdesk.scheduling import views

app_name = "scheduling"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.schedule_list, name="list"),
    path("<str:name>/run/", views.schedule_run, name="run"),
]
