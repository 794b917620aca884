"""The public side: no login. Only what ``selectors.public`` lets through is ever shown here."""

from django.urls import URLPattern, URLResolver, path

from wowdesk.legends import feeds
from wowdesk.legends.views import public

app_name = "legends_public"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.index, name="index"),
    path("feed/", feeds.PublicLegendsFeed(), name="feed"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/clip/", public.clip, name="clip"),
    path("yours/", public.customer_stories, name="customer_stories"),
    path("tell/", public.tell, name="tell"),
    path("tell/thanks/", public.thanks, name="thanks"),
    path("consent/<str:token>/", public.consent, name="consent"),
]
