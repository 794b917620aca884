"""What the public may see: legends published to the public, redacted and consented; accepted customer stories.

Everything the public legends page, the Atom feed, the public API and
public clip downloads show comes through ``public_legends()``. It repeats
every condition publishing checks, so a legend that was edited, or whose
consent was withdrawn, drops out even before any service has moved it:

- the state is "published to the public";
- the content that passed the personal-data check is the current content;
- a consent was given for exactly the current content and is not withdrawn.
"""

from __future__ import annotations

import hashlib

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.legends.models import CompanyValue, Consent, ConsentState, CustomerStory, Legend, State, StoryState
from wowdesk.legends.selectors.legends import MAX_QUERY, text_matches


def consented_q() -> Exists:
    return Exists(
        Consent.objects.filter(
            legend=OuterRef("pk"), state=ConsentState.GIVEN, content_digest=OuterRef("content_digest")
        )
    )


def public_legends() -> QuerySet[Legend]:
    """Every legend the public may read. The only source for public pages, the feed and the public API."""
    return (
        Legend.objects.filter(state=State.PUBLIC, public_since__isnull=False, redaction_digest=F("content_digest"))
        .exclude(redaction_digest="")
        .filter(consented_q())
        .select_related("hero")
        .prefetch_related(
            Prefetch("values", queryset=CompanyValue.objects.filter(is_active=True).order_by("position", "name"))
        )
    )


def public_legends_page(*, q: str = "", value: str = "", cursor: str | None, size: int) -> Page[Legend]:
    if len(q) > MAX_QUERY:
        raise field_error("q", _("At most %(n)d characters.") % {"n": MAX_QUERY})
    qs = text_matches(public_legends(), q)
    if value:
        qs = qs.filter(values__slug=value)
    return paginate(qs, ordering=("-public_since", "-id"), cursor=cursor, size=size)


def public_legend_get(*, pk: int) -> Legend:
    legend = public_legends().filter(pk=pk).first()
    if legend is None:
        raise NotFound(_("No such story."))
    return legend


def public_values() -> QuerySet[CompanyValue]:
    """Values at least one public legend shows, for the public page's filter."""
    return CompanyValue.objects.filter(is_active=True, legends__in=public_legends().values("pk")).distinct()


def shown_customer_stories() -> QuerySet[CustomerStory]:
    """Customers' own stories that were accepted and that their authors let us publish."""
    return CustomerStory.objects.filter(state=StoryState.ACCEPTED, may_publish=True, moderated_at__isnull=False)


def shown_customer_stories_page(*, cursor: str | None, size: int) -> Page[CustomerStory]:
    return paginate(shown_customer_stories(), ordering=("-moderated_at", "-id"), cursor=cursor, size=size)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def consent_for_token(*, token: str) -> Consent | None:
    """The email consent request ``token`` was made for, whatever its state (the caller says what is wrong)."""
    if not token or len(token) > 200:
        return None
    return Consent.objects.filter(token_digest=token_digest(token)).select_related("legend", "customer").first()
