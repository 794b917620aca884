"""Reads for customers and their rapport."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    CharField,
    DateTimeField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import User
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.customers.models import (
    Customer,
    CustomerEmail,
    CustomerPhone,
    LifeMoment,
    RapportNote,
    SocialHandle,
)
from wowdesk.customers.permissions import customers_visible_to

if TYPE_CHECKING:
    from wowdesk.conversations.models import Conversation


def customer_list(*, user: User) -> QuerySet[Customer]:
    """Live (not merged-away) customers with their contact details prefetched."""
    return (
        customers_visible_to(user)
        .filter(merged_into__isnull=True)
        .prefetch_related(Prefetch("emails", queryset=CustomerEmail.objects.order_by("-is_primary", "id")))
    )


def customer_get_for_user(*, user: User, pk: int) -> Customer:
    """The one permission-checked getter for a customer.

    A merged-away customer resolves to the survivor, so old links keep working.
    """
    customer = customers_visible_to(user).filter(pk=pk).first()
    if customer is None:
        raise NotFound("No such customer.")
    seen = {customer.pk}
    while customer.merged_into_id is not None and customer.merged_into_id not in seen:
        seen.add(customer.merged_into_id)
        customer = customers_visible_to(user).get(pk=customer.merged_into_id)
    return customer


def customer_detail(*, user: User, pk: int) -> Customer:
    """A customer with everything the profile and customer panel show, prefetched."""
    customer = customer_get_for_user(user=user, pk=pk)
    return (
        customers_visible_to(user)
        .prefetch_related(
            "emails",
            "phones",
            "social_handles",
            Prefetch("rapport_notes", queryset=RapportNote.objects.select_related("author")),
            Prefetch("life_moments", queryset=LifeMoment.objects.select_related("recorded_by")),
        )
        .get(pk=customer.pk)
    )


def customer_find_by_email(*, email: str) -> Customer | None:
    row = CustomerEmail.objects.select_related("customer").filter(email__iexact=email.strip()).first()
    return row.customer if row else None


def rapport_notes_for(*, customer: Customer) -> QuerySet[RapportNote]:
    return RapportNote.objects.filter(customer=customer).select_related("author")


def life_moments_for(*, customer: Customer) -> QuerySet[LifeMoment]:
    return LifeMoment.objects.filter(customer=customer).select_related("recorded_by")


# Sort keys for the customer list. Each ends in ``id`` so the keyset is total;
# the name key is lower-cased to match the ``customer_name_ci`` index.
CUSTOMER_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name_ci", "id"),
    "recent": ("-last_active_at", "-id"),
}


def _matching(qs: QuerySet[Customer], query: str) -> QuerySet[Customer]:
    query = " ".join(query.split())
    if not query:
        return qs
    if len(query) > 200:
        raise field_error("q", "At most 200 characters.")
    # A subquery rather than a join keeps one row per customer without DISTINCT.
    by_email = CustomerEmail.objects.filter(email__icontains=query).values("customer_id")
    return qs.filter(Q(name__icontains=query) | Q(preferred_name__icontains=query) | Q(pk__in=by_email))


def customer_directory(
    *, user: User, query: str = "", sort: str = "name", cursor: str | None, size: int
) -> Page[Customer]:
    """One page of live customers whose name or email contains ``query``.

    ``last_active_at`` is the latest activity in any of the customer's
    conversations, or when the customer was created if they have none.
    """
    if sort not in CUSTOMER_SORTS:
        raise field_error("sort", f"Choose one of: {', '.join(CUSTOMER_SORTS)}.")
    from wowdesk.conversations.models import Conversation

    latest = (
        Conversation.objects.filter(customer=OuterRef("pk"))
        .order_by("-last_activity_at")
        .values("last_activity_at")[:1]
    )
    qs = _matching(customer_list(user=user), query).annotate(
        name_ci=Lower("name"),
        last_active_at=Coalesce(Subquery(latest, output_field=DateTimeField()), F("created_at")),
    )
    return paginate(qs, ordering=CUSTOMER_SORTS[sort], cursor=cursor, size=size)


def merge_candidates(*, user: User, source: Customer, query: str, limit: int = 20) -> list[Customer]:
    """Live customers ``source`` could be merged into."""
    if not " ".join(query.split()):
        return []
    qs = _matching(customer_list(user=user), query).exclude(pk=source.pk)
    return list(qs.order_by("name", "id")[:limit])


def customer_contacts(*, customer: Customer) -> Customer:
    """Load the customer's emails, phones and social handles onto it (three queries)."""
    prefetch_related_objects([customer], "emails", "phones", "social_handles")
    return customer


def rapport_notes_page(*, customer: Customer, cursor: str | None, size: int) -> Page[RapportNote]:
    return paginate(rapport_notes_for(customer=customer), ordering=("-created_at", "-id"), cursor=cursor, size=size)


def life_moments_page(*, customer: Customer, cursor: str | None, size: int) -> Page[LifeMoment]:
    # The cursor encoder handles datetimes but not dates; an ISO date string
    # sorts the same way and round-trips through the cursor.
    qs = life_moments_for(customer=customer).annotate(happened_key=Cast("happened_on", CharField(max_length=10)))
    return paginate(qs, ordering=("-happened_key", "-id"), cursor=cursor, size=size)


def customer_conversations_page(*, user: User, customer: Customer, cursor: str | None, size: int) -> Page[Conversation]:
    """The customer's conversations that ``user`` may see, most recently active first."""
    from wowdesk.conversations.permissions import conversations_visible_to

    qs = (
        conversations_visible_to(user)
        .filter(customer=customer, merged_into__isnull=True)
        .select_related("assignee", "team")
    )
    return paginate(qs, ordering=("-last_activity_at", "-id"), cursor=cursor, size=size)


@dataclass(frozen=True)
class MergeSummary:
    """What moves when a customer is merged into another."""

    conversations: int
    orders: int
    emails: int
    phones: int
    social_handles: int
    rapport_notes: int
    life_moments: int


def customer_merge_summary(*, customer: Customer) -> MergeSummary:
    from wowdesk.conversations.models import Conversation
    from wowdesk.orders.models import Order

    return MergeSummary(
        conversations=Conversation.objects.filter(customer=customer).count(),
        orders=Order.objects.filter(customer=customer).count(),
        emails=CustomerEmail.objects.filter(customer=customer).count(),
        phones=CustomerPhone.objects.filter(customer=customer).count(),
        social_handles=SocialHandle.objects.filter(customer=customer).count(),
        rapport_notes=RapportNote.objects.filter(customer=customer).count(),
        life_moments=LifeMoment.objects.filter(customer=customer).count(),
    )


def conversation_of_customer(*, user: User, customer_id: int, conversation_id: int | None) -> Conversation | None:
    """The conversation a rapport entry or problem report was raised in (web and API share this rule).

    Raises NotFound when the user may not see it, and a ValidationError on
    ``conversation`` when it belongs to another customer.
    """
    if conversation_id is None:
        return None
    conversation = conversation_get_for_user(user=user, pk=conversation_id)
    if conversation.customer_id != customer_id:
        raise field_error("conversation", str(_("This conversation is with another customer.")))
    return conversation
