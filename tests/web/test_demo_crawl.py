"""Every page a demo user can reach by clicking opens: no link in WowDesk's own pages
leads to an error, for any of the demo's roles.

The journeys are walked by hand in the demo; this walks every link and htmx
fragment the pages emit (GET only, a few examples of each URL shape), so a page
that breaks on real demo data, or a link shown to someone who may not open it,
fails here first.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from wowdesk.accounts.models import User
from wowdesk.demo.context import DEMO_USERNAME

pytestmark = pytest.mark.django_db

# The demo's cast, one of each kind, and how many pages of each object shape to open for them
# (/customers/#/ is one shape). Leads and admins see everything, so a few of each show their
# pages work; people who see only part of the history (a rep, a new hire on the phones,
# someone from the kids' shoes team) get many, since a link to something hidden to them is
# the mistake to find.
ROLES = {DEMO_USERNAME: 2, "ops": 2, "ruth": 2, "marisa": 12, "felix": 12, "lottie": 12}
# Filtered and paged lists multiply without end: two examples of each combination of parameters.
PER_QUERY_SHAPE = 2
# Each role's walk stops here; the demo has far fewer pages than this.
MAX_PAGES = 2000
# Not pages: assets, Django's admin (tests/admin walks it), the schema browser, logging out.
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/api/", "/logout/")
LOGIN = "/login/"
# What a customer or the public can open without an account: the stories and the contact form.
PUBLIC_STARTS = ("/stories/", "/contact/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.urls.append((found["href"] or "", False))
        # htmx fragments the page loads by itself or on a click, fetched as htmx fetches them.
        if found.get("hx-get"):
            self.urls.append((found["hx-get"] or "", True))


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "#", parts.path) + "?" + "&".join(keys)


def _internal(base: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")) or "{" in href:
        return None
    url, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(SKIP_PREFIXES) else path


def _walk(client: Client, per_shape: int, start: tuple[str, ...] = ("/",)) -> tuple[int, list[str]]:
    seen: set[str] = set(start)
    shapes: Counter[str] = Counter()
    queue: deque[tuple[str, bool, str]] = deque((url, False, "(start)") for url in start)
    problems: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url, htmx, came_from = queue.popleft()
        visited += 1
        response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
        if response.status_code >= 400:
            problems.append(f"{url} -> {response.status_code} (linked from {came_from})")
            continue
        if response.status_code in (301, 302):
            if urlsplit(response["Location"]).path == LOGIN:
                problems.append(f"{url} asks to log in (linked from {came_from})")
                continue
            target = _internal(url, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append((target, False, url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href, from_htmx in parser.urls:
            target = _internal(url, href)
            if target is None or target in seen:
                continue
            seen.add(target)
            shape = _shape(target)
            if shapes[shape] >= (PER_QUERY_SHAPE if "?" in target else per_shape):
                continue
            shapes[shape] += 1
            queue.append((target, from_htmx, url))
    return visited, problems


@pytest.fixture
def demo(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--conversations", "60", "--customers", "30", stdout=io.StringIO(), stderr=io.StringIO())


def test_every_link_a_demo_user_or_the_public_sees_opens(demo):
    # One test for every role and the public: the demo takes longer to build than to walk.
    report: dict[str, list[str]] = {}
    walked: dict[str, int] = {}
    # A public page never leads a customer to an error or to a page that wants a staff login.
    walked["(public)"], problems = _walk(Client(), 5, start=PUBLIC_STARTS)
    if problems:
        report["(public)"] = problems
    for username, per_shape in ROLES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        walked[username], problems = _walk(client, per_shape)
        if problems:
            report[username] = problems

    assert report == {}
    # The walks really went through the product, not just the first page.
    assert walked.pop("(public)") >= 5, walked  # the stories, a story, telling one, the contact form, the feed
    assert min(walked.values()) >= 40, walked
    assert max(walked.values()) < MAX_PAGES, walked

