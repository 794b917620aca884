from django.urls import URLPattern, URLResolver, path

from wowdesk.contact import views

app_name = "contact"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.contact, name="form"),
    path("thanks/", views.thanks, name="thanks"),
]
