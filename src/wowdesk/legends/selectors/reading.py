"""Reads for reading lists: the lists, one list with the reader's progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.core.errors import NotFound
from wowdesk.core.pagination import Page, paginate
from wowdesk.legends.models import PUBLISHED, Legend, LegendRead, ReadingList, ReadingListItem


def _items() -> Prefetch[str]:
    # Only published legends appear on a list: a retired one drops off without anyone editing the list.
    return Prefetch(
        "items",
        queryset=ReadingListItem.objects.filter(legend__state__in=PUBLISHED)
        .select_related("legend__hero", "legend__team")
        .order_by("position", "id"),
    )


def reading_lists(*, user: User) -> QuerySet[ReadingList]:
    if not is_active_staff(user):
        return ReadingList.objects.none()
    return ReadingList.objects.annotate(
        legend_count=Count("items", filter=Q(items__legend__state__in=PUBLISHED))
    ).select_related("created_by")


def reading_lists_page(*, user: User, cursor: str | None, size: int) -> Page[ReadingList]:
    return paginate(reading_lists(user=user), ordering=("-for_new_hires", "name", "id"), cursor=cursor, size=size)


def reading_list_get_for_user(*, user: User, pk: int) -> ReadingList:
    """Reading lists are open to all active staff; the getter loads the list's published legends."""
    found = reading_lists(user=user).prefetch_related(_items()).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such reading list."))
    return found


@dataclass(frozen=True)
class ReadingRow:
    item: ReadingListItem
    read: bool


@dataclass(frozen=True)
class Progress:
    rows: list[ReadingRow]

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.read)

    @property
    def total(self) -> int:
        return len(self.rows)


def reading_progress(*, user: User, reading_list: ReadingList) -> Progress:
    """The list's legends in order, each marked read or not by ``user`` (one query after the getter)."""
    items = list(reading_list.items.all())
    read = set(
        LegendRead.objects.filter(user=user, legend_id__in=[i.legend_id for i in items]).values_list(
            "legend_id", flat=True
        )
    )
    return Progress(rows=[ReadingRow(item=item, read=item.legend_id in read) for item in items])


def new_hire_lists(*, user: User) -> list[ReadingList]:
    return list(reading_lists(user=user).filter(for_new_hires=True).order_by("name", "id"))


def published_legend_choices() -> QuerySet[Legend]:
    return Legend.objects.filter(state__in=PUBLISHED).order_by("title", "id")
