from django.urls import URLPattern, URLResolver, path

from wowdesk.recognition import views

app_name = "recognition"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.wall, name="wall"),
    path("nominations/", views.nominations, name="nominations"),
    path("nominations/new/", views.nominate, name="nominate"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/vote/", views.vote, name="vote"),
    path("people/<int:pk>/", views.person, name="person"),
]
