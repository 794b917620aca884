"""Reads for legends: the staff feed and search, one legend, its versions and comments, values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Channel
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, SocialHandle
from wowdesk.legends.models import (
    PUBLISHED,
    CompanyValue,
    Consent,
    Legend,
    LegendComment,
    LegendReaction,
    LegendRead,
    LegendVersion,
    Reaction,
)
from wowdesk.legends.permissions import can_review_comment, can_see_evidence, legends_visible_to
from wowdesk.legends.redaction import PersonalTerms, name_parts
from wowdesk.orders.models import Order

MAX_QUERY = 200
# Order numbers of a very old customer: the newest are the ones a story can mention.
MAX_ORDER_TERMS = 500
SHOWS = ("published", "draft", "review", "retired")


@dataclass(frozen=True)
class LegendFilters:
    """Search across legends. ``show`` picks the shelf: published (the feed), drafts, in review, retired."""

    q: str = ""
    value: str = ""
    team: int | None = None
    channel: str = ""
    year: int | None = None
    show: str = "published"

    def validate(self) -> None:
        if len(self.q) > MAX_QUERY:
            raise field_error("q", _("At most %(n)d characters.") % {"n": MAX_QUERY})
        if self.channel and self.channel not in Channel.values:
            raise field_error("channel", _("Choose one of: %(c)s.") % {"c": ", ".join(Channel.values)})
        if self.year is not None and not 1900 <= self.year <= 3000:
            raise field_error("year", _("Give a year such as 2026."))
        if self.show not in SHOWS:
            raise field_error("show", _("Choose one of: %(c)s.") % {"c": ", ".join(SHOWS)})


def _with_people(qs: QuerySet[Legend]) -> QuerySet[Legend]:
    return qs.select_related("author", "hero", "team").prefetch_related(
        Prefetch("values", queryset=CompanyValue.objects.order_by("position", "name"))
    )


def text_matches(qs: QuerySet[Legend], query: str) -> QuerySet[Legend]:
    """Every word of ``query`` in the title, story or lesson (legends are few; no index is needed)."""
    for word in query.split():
        qs = qs.filter(Q(title__icontains=word) | Q(story_text__icontains=word) | Q(lesson__icontains=word))
    return qs


def _filtered(qs: QuerySet[Legend], filters: LegendFilters) -> QuerySet[Legend]:
    filters.validate()
    qs = text_matches(qs, filters.q)
    if filters.value:
        qs = qs.filter(values__slug=filters.value)
    if filters.team is not None:
        qs = qs.filter(team_id=filters.team)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.year is not None:
        qs = qs.filter(happened_on__year=filters.year)
    return qs


def legend_search(*, user: User, filters: LegendFilters, cursor: str | None, size: int) -> Page[Legend]:
    """One page of legends ``user`` may see: published ones newest first, or one shelf of unpublished ones."""
    qs = _filtered(legends_visible_to(user), filters)
    if filters.show == "published":
        return paginate(
            _with_people(qs.filter(state__in=PUBLISHED)), ordering=("-published_at", "-id"), cursor=cursor, size=size
        )
    return paginate(
        _with_people(qs.filter(state=filters.show)), ordering=("-updated_at", "-id"), cursor=cursor, size=size
    )


def legend_get_for_user(*, user: User, pk: int) -> Legend:
    """The one permission-checked getter for a legend."""
    legend = _with_people(legends_visible_to(user)).select_related("customer", "clip_checked_by").filter(pk=pk).first()
    if legend is None:
        raise NotFound(_("No such legend."))
    return legend


@dataclass
class Social:
    """What a feed row shows beside the story: reaction counts, the viewer's own reactions, comments, read."""

    reactions: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)
    comments: int = 0
    read: bool = False

    def rows(self) -> list[tuple[str, str, int, bool]]:
        """(kind, label, count, mine) for every kind of reaction, in a fixed order."""
        return [(kind, str(label), self.reactions.get(kind, 0), kind in self.mine) for kind, label in Reaction.choices]


def social_for(*, user: User, legends: list[Legend]) -> dict[int, Social]:
    """Reactions, comments and reads for a page of legends: three queries whatever the page size.

    Every legend asked about has an entry, an empty ``Social`` when nobody has
    touched it yet (a plain dict, so ``.get`` cannot quietly answer None).
    """
    ids = [legend.pk for legend in legends]
    found: dict[int, Social] = defaultdict(Social)
    if not ids:
        return {}
    for legend_id, kind, count in (
        LegendReaction.objects.filter(legend_id__in=ids).values_list("legend_id", "kind").annotate(n=Count("id"))
    ):
        found[legend_id].reactions[kind] = count
    for legend_id, kind in LegendReaction.objects.filter(legend_id__in=ids, user=user).values_list("legend_id", "kind"):
        found[legend_id].mine.add(kind)
    comments = (
        LegendComment.objects.filter(legend_id__in=ids, is_review=False)
        .values_list("legend_id")
        .annotate(n=Count("id"))
        .values_list("legend_id", "n")
    )
    for legend_id, count in comments:
        found[legend_id].comments = count
    for legend_id in LegendRead.objects.filter(legend_id__in=ids, user=user).values_list("legend_id", flat=True):
        found[legend_id].read = True
    return {pk: found[pk] for pk in ids}


def comments_for(*, user: User, legend: Legend) -> list[LegendComment]:
    """Comments on a legend; review comments only for those who work on it."""
    qs = LegendComment.objects.filter(legend=legend).select_related("author").order_by("created_at", "id")
    if not can_review_comment(user, legend):
        qs = qs.filter(is_review=False)
    return list(qs)


def comments_page(*, user: User, legend: Legend, cursor: str | None, size: int) -> Page[LegendComment]:
    qs = LegendComment.objects.filter(legend=legend).select_related("author")
    if not can_review_comment(user, legend):
        qs = qs.filter(is_review=False)
    return paginate(qs, ordering=("created_at", "id"), cursor=cursor, size=size)


def versions_page(*, legend: Legend, cursor: str | None, size: int) -> Page[LegendVersion]:
    qs = LegendVersion.objects.filter(legend=legend).select_related("changed_by")
    return paginate(qs, ordering=("-number",), cursor=cursor, size=size)


def version_get(*, legend: Legend, number: int) -> LegendVersion:
    version = LegendVersion.objects.filter(legend=legend, number=number).select_related("changed_by").first()
    if version is None:
        raise NotFound(_("No such version."))
    return version


def value_list(*, active_only: bool = True) -> QuerySet[CompanyValue]:
    qs = CompanyValue.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def values_page(*, active_only: bool, cursor: str | None, size: int) -> Page[CompanyValue]:
    return paginate(value_list(active_only=active_only), ordering=("position", "name", "id"), cursor=cursor, size=size)


def value_get(*, pk: int) -> CompanyValue:
    value = CompanyValue.objects.filter(pk=pk).first()
    if value is None:
        raise NotFound(_("No such value."))
    return value


def values_by_ids(ids: list[int]) -> list[CompanyValue]:
    """The active values with these ids; a missing or retired one is a ValidationError on ``values``."""
    found = list(CompanyValue.objects.filter(pk__in=ids, is_active=True))
    if len(found) != len(set(ids)):
        raise field_error("values", _("Choose values from the current list."))
    return found


def legends_for_conversation(*, user: User, conversation_id: int) -> list[Legend]:
    return list(legends_visible_to(user).filter(conversation_id=conversation_id).order_by("-created_at", "-id")[:5])


def years_with_legends(*, user: User) -> list[int]:
    """Years the visible published legends happened in, newest first (for the year filter)."""
    dates = (
        legends_visible_to(user)
        .filter(state__in=PUBLISHED, happened_on__isnull=False)
        .dates("happened_on", "year", order="DESC")
    )
    return [d.year for d in dates]


def personal_terms_for(legend: Legend) -> PersonalTerms:
    """What the database knows about the customer in ``legend``: names, handles, emails, phones, order numbers.

    Includes duplicates merged into the customer (their names may be spelled
    differently) and, for a customer's own story, the name and email they
    gave. A fixed number of queries.
    """
    names: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    orders: list[str] = []
    story = legend.customer_story
    if story is not None:
        names += name_parts(story.name)
        emails.append(story.email)
    if legend.customer_id is not None:
        ids = [
            legend.customer_id,
            *Customer.objects.filter(merged_into_id=legend.customer_id).values_list("pk", flat=True),
        ]
        for name, preferred in Customer.objects.filter(pk__in=ids).values_list("name", "preferred_name"):
            names += name_parts(name) + name_parts(preferred)
        for handle in SocialHandle.objects.filter(customer_id__in=ids).values_list("handle", flat=True):
            names += [handle, f"@{handle.lstrip('@')}"]
        emails += CustomerEmail.objects.filter(customer_id__in=ids).values_list("email", flat=True)
        phones += CustomerPhone.objects.filter(customer_id__in=ids).values_list("number", flat=True)
        orders += (
            Order.objects.filter(customer_id__in=ids)
            .order_by("-placed_at", "-id")
            .values_list("number", flat=True)[:MAX_ORDER_TERMS]
        )
    return PersonalTerms(
        names=tuple(dict.fromkeys(names)),
        emails=tuple(dict.fromkeys(emails)),
        phones=tuple(dict.fromkeys(phones)),
        order_numbers=tuple(dict.fromkeys(orders)),
    )


def consents_for(*, legend: Legend) -> list[Consent]:
    return list(
        Consent.objects.filter(legend=legend)
        .select_related("requested_by", "withdrawn_by", "call")
        .order_by("-created_at", "-id")
    )


def consent_get_for_user(*, user: User, pk: int) -> Consent:
    """A consent is visible to whoever may see its legend's evidence (the author and reviewers)."""
    consent = Consent.objects.select_related("legend", "customer").filter(pk=pk).first()
    if consent is None or not can_see_evidence(user, consent.legend):
        raise NotFound(_("No such consent."))
    return consent
