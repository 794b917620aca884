from django.urls import URLPattern, URLResolver, path

from wowdesk.accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("staff/", views.staff, name="staff"),
]
