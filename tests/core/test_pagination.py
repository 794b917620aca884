"""Keyset pagination: every row once, stable under ties, bad cursors name the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ConversationFactory
from wowdesk.conversations.models import Conversation
from wowdesk.core.pagination import decode_cursor, encode_cursor, paginate

pytestmark = pytest.mark.django_db


def _walk(ordering: tuple[str, ...], size: int) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = paginate(Conversation.objects.all(), ordering=ordering, cursor=cursor, size=size)
        pages.append([c.pk for c in page.items])
        cursor = page.next_cursor
        if cursor is None:
            return pages


@pytest.mark.parametrize("ordering", [("-last_activity_at", "-id"), ("last_activity_at", "id"), ("subject", "id")])
def test_walking_all_pages_returns_every_row_once_in_order(ordering):
    base = timezone.now()
    # Three rows share a timestamp: the id tie-breaker must keep them apart.
    for minutes in [5, 1, 1, 1, 3, 2, 4]:
        ConversationFactory.create(last_activity_at=base - dt.timedelta(minutes=minutes))

    pages = _walk(ordering, size=2)

    flat = [pk for page in pages for pk in page]
    expected = list(Conversation.objects.order_by(*ordering).values_list("pk", flat=True))
    assert flat == expected
    assert [len(p) for p in pages] == [2, 2, 2, 1]


def test_exact_multiple_of_page_size_ends_without_an_empty_page():
    for _ in range(4):
        ConversationFactory.create()

    assert [len(p) for p in _walk(("-id",), size=2)] == [2, 2]


def test_rows_added_at_the_top_do_not_shift_later_pages():
    for _ in range(4):
        ConversationFactory.create()
    first = paginate(Conversation.objects.all(), ordering=("-id",), cursor=None, size=2)

    ConversationFactory.create()
    second = paginate(Conversation.objects.all(), ordering=("-id",), cursor=first.next_cursor, size=2)

    assert {c.pk for c in first.items}.isdisjoint({c.pk for c in second.items})
    assert [c.pk for c in second.items] == sorted((c.pk for c in second.items), reverse=True)
    assert max(c.pk for c in second.items) < min(c.pk for c in first.items)


def test_cursor_round_trips_aware_datetimes():
    when = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)

    assert decode_cursor(encode_cursor([when, 7]), 2) == [when, 7]


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "bm90IGpzb24", encode_cursor([1]), encode_cursor([1, 2, 3]), "eyJhIjoxfQ", "/w"],
    ids=["not base64", "not json", "too short", "too long", "not a list", "not utf-8"],
)
def test_bad_cursor_names_the_cursor_field(cursor):
    with pytest.raises(ValidationError) as exc:
        paginate(Conversation.objects.all(), ordering=("-last_activity_at", "-id"), cursor=cursor, size=10)

    assert set(exc.value.message_dict) == {"cursor"}
