from django.urls import URLPattern, URLResolver, path

from wowdesk.onboarding import views

app_name = "onboarding"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("me/", views.mine, name="mine"),
    path("badge/", views.badge, name="badge"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/check-ins/", views.check_in, name="check_in"),
    path("<int:pk>/milestones/", views.tick, name="tick"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/graduate/", views.graduate, name="graduate"),
]
