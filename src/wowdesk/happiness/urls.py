from django.urls import URLPattern, URLResolver, path

from wowdesk.happiness import views

app_name = "happiness"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard_page, name="dashboard"),
    path("export.csv", views.export_csv, name="export"),
    path("badge/", views.badge, name="badge"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("grades/", views.grades, name="grades"),
    path("recoveries/", views.recoveries, name="recoveries"),
    path("recoveries/<int:pk>/", views.recovery_detail, name="recovery"),
    path("polls/", views.polls, name="polls"),
    path("polls/new/", views.poll_new, name="poll_new"),
    path("polls/<int:pk>/", views.poll_detail, name="poll"),
    path("polls/<int:pk>/answer/", views.poll_answer_view, name="poll_answer"),
    path("polls/<int:pk>/close/", views.poll_close_view, name="poll_close"),
]
