"""Reads for customers and their rapport."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound
from wowdesk.customers.models import Customer, CustomerEmail, LifeMoment, RapportNote
from wowdesk.customers.permissions import customers_visible_to


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
