"""The public Atom feed of legends, built with Django's syndication framework.

Only ``selectors.public_legends()`` feeds it. Every entry carries the
elements RFC 4287 requires (id, title, updated, a link, and an author by
way of the feed's), plus the story as HTML and a checked clip as an
enclosure.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape

from wowdesk.legends.models import Legend
from wowdesk.legends.selectors import public_legends

ENTRIES = 30


class PublicLegendsFeed(Feed[Legend, str]):
    """The object is this site's base address, so enclosure links are absolute (no state on the instance)."""

    # Public, no login (LoginRequiredMiddleware reads this from the view, here the feed instance).
    login_required = False
    feed_type = Atom1Feed
    title = "WowDesk legends"
    subtitle = "True stories of service, told by the people who gave it, shared with the customers' consent."
    author_name = "WowDesk"
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> str:
        return request.build_absolute_uri("/").rstrip("/")

    def link(self) -> str:
        return reverse("legends_public:index")

    def feed_url(self) -> str:
        return reverse("legends_public:feed")

    def feed_guid(self) -> str:
        return "tag:wowdesk.localhost,2026:legends"

    def items(self, obj: str) -> list[Legend]:
        found = list(public_legends().order_by("-public_since", "-id")[:ENTRIES])
        for legend in found:
            legend.feed_base = obj  # type: ignore[attr-defined]
        return found

    def item_title(self, item: Legend) -> str:
        return item.title

    def item_description(self, item: Legend) -> str:
        lesson = f"<p><strong>Why it matters:</strong> {escape(item.lesson)}</p>" if item.lesson else ""
        return item.story_html + lesson

    def item_link(self, item: Legend) -> str:
        return reverse("legends_public:detail", kwargs={"pk": item.pk})

    def item_guid(self, item: Legend) -> str:
        return f"tag:wowdesk.localhost,2026:legend/{item.pk}"

    def item_pubdate(self, item: Legend) -> dt.datetime | None:
        return item.public_since

    def item_updateddate(self, item: Legend) -> dt.datetime:
        return item.public_since or item.updated_at

    def item_author_name(self, item: Legend) -> str:
        return item.hero.first_name if item.hero and item.hero.first_name else "WowDesk"

    def item_categories(self, item: Legend) -> list[str]:
        return [value.name for value in item.values.all()]

    def item_enclosures(self, item: Legend) -> list[Enclosure]:
        if not item.clip or item.clip_checked_by_id is None:
            return []
        url = getattr(item, "feed_base", "") + reverse("legends_public:clip", kwargs={"pk": item.pk})
        return [Enclosure(url, str(item.clip_size), item.clip_type)]
