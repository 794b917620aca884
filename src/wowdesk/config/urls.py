"""Top-level URLs. Each app owns its own ``urls.py`` (web) and ``api.py`` (JSON)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wowdesk.api.main import api
from wowdesk.core.views import healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", api.urls),
    path("", include("wowdesk.accounts.urls")),
    path("", include("wowdesk.conversations.urls")),
    path("customers/", include("wowdesk.customers.urls")),
    path("orders/", include("wowdesk.orders.urls")),
    path("search/", include("wowdesk.search.urls")),
    path("schedules/", include("wowdesk.scheduling.urls")),
    path("gestures/", include("wowdesk.gestures.urls")),
    path("mail/", include("wowdesk.mail.urls")),
    path("contact/", include("wowdesk.contact.urls")),
    path("social/", include("wowdesk.social.urls")),
    path("cards/", include("wowdesk.cards.urls")),
    path("recognition/", include("wowdesk.recognition.urls")),
    path("legends/", include("wowdesk.legends.urls")),
    path("stories/", include("wowdesk.legends.public_urls")),
    path("happiness/", include("wowdesk.happiness.urls")),
    path("onboarding/", include("wowdesk.onboarding.urls")),
    path("rounds/", include("wowdesk.rounds.urls")),
    path("hiring/", include("wowdesk.hiring.urls")),
]
