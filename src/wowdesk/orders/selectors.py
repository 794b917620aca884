"""Reads for orders. An order is visible to whoever may see its customer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from wowdesk.accounts.models import User
from wowdesk.conversations.permissions import conversation_visible_annotation
from wowdesk.core.errors import NotFound
from wowdesk.core.pagination import Page, paginate
from wowdesk.customers.models import Customer
from wowdesk.customers.permissions import customers_visible_to
from wowdesk.orders.models import Order, OrderItem, ProblemReport


def _orders_visible_to(user: User) -> QuerySet[Order]:
    return Order.objects.filter(customer__in=customers_visible_to(user))


def orders_for_customer(*, customer: Customer, limit: int | None = None) -> list[Order]:
    qs = (
        Order.objects.filter(customer=customer)
        .prefetch_related(
            Prefetch("items", queryset=OrderItem.objects.order_by("id")),
            Prefetch("problems", queryset=ProblemReport.objects.order_by("-created_at")),
        )
        .order_by("-placed_at", "-id")
    )
    return list(qs[:limit] if limit else qs)


def order_get_for_user(*, user: User, pk: int) -> Order:
    order = _orders_visible_to(user).select_related("customer").filter(pk=pk).first()
    if order is None:
        raise NotFound("No such order.")
    return order


def problem_reports_for_conversation(*, conversation_id: int) -> QuerySet[ProblemReport]:
    return ProblemReport.objects.filter(conversation_id=conversation_id).select_related("order")


def _problems_for(user: User) -> QuerySet[ProblemReport]:
    """Problem reports newest first, each knowing whether ``user`` may open its conversation.

    Orders are shared like customers, conversations are team-scoped: a page
    links a report's conversation only when ``conversation_visible`` is true.
    """
    return (
        ProblemReport.objects.select_related("reported_by")
        .annotate(conversation_visible=conversation_visible_annotation(user))
        .order_by("-created_at")
    )


def orders_page_for_customer(*, user: User, customer: Customer, cursor: str | None, size: int) -> Page[Order]:
    """One page of the customer's orders, newest first, with items and problem reports."""
    qs = Order.objects.filter(customer=customer).prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("id")),
        Prefetch("problems", queryset=_problems_for(user)),
    )
    return paginate(qs, ordering=("-placed_at", "-id"), cursor=cursor, size=size)


def order_detail(*, user: User, pk: int) -> Order:
    """An order with its items and problem reports (and who reported them), prefetched."""
    order = order_get_for_user(user=user, pk=pk)
    prefetch_related_objects(
        [order],
        Prefetch("items", queryset=OrderItem.objects.order_by("id")),
        Prefetch("problems", queryset=_problems_for(user)),
    )
    return order
