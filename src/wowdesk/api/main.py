"""The JSON API: one NinjaAPI instance gathering each app's router."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from wowdesk.accounts.api import router as accounts_router
from wowdesk.api.auth import SessionAuth, TokenAuth, login_or_token_required
from wowdesk.api.errors import install_error_handlers
from wowdesk.cards.api import router as cards_router
from wowdesk.contact.api import router as contact_router
from wowdesk.conversations.api import router as conversations_router
from wowdesk.customers.api import router as customers_router
from wowdesk.gestures.api import router as gestures_router
from wowdesk.happiness.api import router as happiness_router
from wowdesk.hiring.api import router as hiring_router
from wowdesk.legends.api import router as legends_router
from wowdesk.mail.api import router as mail_router
from wowdesk.onboarding.api import router as onboarding_router
from wowdesk.orders.api import router as orders_router
from wowdesk.recognition.api import router as recognition_router
from wowdesk.rounds.api import router as rounds_router
from wowdesk.scheduling.api import router as scheduling_router
from wowdesk.search.api import router as search_router
from wowdesk.social.api import router as social_router

DESCRIPTION = """
The WowDesk help desk over JSON.

**Authentication.** Every endpoint needs either an API token
(`Authorization: Bearer wdk_…`, created at `POST /api/tokens` or in the web app;
only a digest is stored and a revoked token stops working at once) or the browser's
logged-in session, in which case unsafe methods need the `X-CSRFToken` header.
A request that sends an `Authorization` header is judged by it alone.
Anonymous requests get **401**. The schema at `/api/openapi.json` needs a session
or a token as well; the docs at `/api/docs` need a logged-in session and send
anonymous browsers to the login page.

**Errors.** Every 4xx body has one shape:
`{"detail": [{"field": "email", "message": "…"}]}` (`field` is `__all__` when the
error is not about one field; nested fields read like `items[0].unit_price`).
Invalid input, from request parsing or from the business rules, is always **422**;
a body that is not JSON is **400** on `body` (**413** when it is too large);
missing or revoked credentials **401**;
a failed CSRF check **403**. An object in the URL that does not exist or that the
caller may not see is **404**, and both look the same. An id inside the request body
that does not resolve is a **422** naming that field. A failed write leaves nothing
behind.

**Lists.** Every list is cursor-paginated: `?limit=` (1–100, default 25) and
`?cursor=` taken from the previous page's `next_cursor`; the response is
`{"items": [...], "next_cursor": "…" | null}`.

**Calls.** A call's duration is recorded and shown on its conversation and on the
call itself. No list is sorted, filtered or ranked by it.
"""


class WowDeskAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """The API answers 401 in JSON itself, so LoginRequiredMiddleware must not redirect it.

        The HTML docs page is the exception: an anonymous browser there is
        better served by the login page than by a JSON error.
        """
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name != "openapi-view":
                pattern.callback.login_required = False  # type: ignore[attr-defined]
        return patterns, app_name, namespace


api = WowDeskAPI(
    title="WowDesk API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=login_or_token_required,
    auth=[TokenAuth(), SessionAuth()],
)
install_error_handlers(api)
api.add_router("", accounts_router)
api.add_router("", customers_router)
api.add_router("", conversations_router)
api.add_router("", orders_router)
api.add_router("/search", search_router)
api.add_router("", scheduling_router)
api.add_router("", gestures_router)
api.add_router("", mail_router)
api.add_router("", contact_router)
api.add_router("", social_router)
api.add_router("", cards_router)
api.add_router("", recognition_router)
api.add_router("", legends_router)
api.add_router("", happiness_router)
api.add_router("", onboarding_router)
api.add_router("", rounds_router)
api.add_router("", hiring_router)
