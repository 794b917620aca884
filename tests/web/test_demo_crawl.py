"""Every page a demo user can reach by clicking opens, and no form they can send breaks.

The journeys are walked by hand in the demo; this walks every link and htmx
fragment the pages emit (a few examples of each URL shape) for each of the
demo's roles and for the public, so a page that breaks on real demo data, or a
link shown to someone who may not open it, fails here first. Then it sends
every form and htmx action it found with nothing filled in and with junk
(including a NUL character, which PostgreSQL refuses to store): bad input must
get a 4xx, never a 500.
"""

from __future__ import annotations

import io
import re
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
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


@dataclass
class _Form:
    """A form (or an htmx action) as the page offers it: where it posts and what it holds."""

    action: str
    page: str
    hidden: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)


class _Links(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.urls: list[tuple[str, bool]] = []
        self.forms: list[_Form] = []
        self._open: _Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "a" and found.get("href"):
            self.urls.append((found["href"], False))
        # htmx fragments the page loads by itself or on a click, fetched as htmx fetches them.
        if found.get("hx-get"):
            self.urls.append((found["hx-get"], True))
        if tag == "form" and found.get("method", "get").lower() == "post":
            self._open = _Form(action=found.get("action") or self.page, page=self.page)
            self.forms.append(self._open)
        elif found.get("hx-post") and tag != "form":
            self.forms.append(_Form(action=found["hx-post"], page=self.page))
        elif tag in ("input", "select", "textarea") and self._open is not None and found.get("name"):
            kind = found.get("type", "text").lower()
            if kind == "hidden":
                self._open.hidden[found["name"]] = found.get("value", "")
            elif kind not in ("file", "submit", "button"):
                self._open.fields.append(found["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


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


def _walk(
    client: Client, per_shape: int, start: tuple[str, ...] = ("/",), forms: list[_Form] | None = None
) -> tuple[int, list[str]]:
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
        parser = _Links(url)
        parser.feed(response.content.decode())
        if forms is not None:
            forms.extend(parser.forms)
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


# What a careless or hostile sender puts in every visible field.
JUNK = ("", "zz", "-1", "x\x00y", "9" * 30)


def _send_forms(client: Client, forms: list[_Form]) -> tuple[int, list[str]]:
    """Post each kind of form once per junk value; anything but a 5xx is an answer."""
    problems: list[str] = []
    sent: set[str] = set()
    for form in forms:
        action = _internal(form.page, form.action)
        if action is None or _shape(action) in sent:
            continue
        sent.add(_shape(action))
        # Junk in the visible fields, then in every field: hidden ids and versions can be tampered with too.
        variants = [{**form.hidden, **dict.fromkeys(form.fields, junk)} for junk in JUNK]
        variants += [dict.fromkeys([*form.hidden, *form.fields], junk) for junk in JUNK if form.hidden]
        for data in variants:
            junk = next(iter(data.values()), "")
            try:
                response = client.post(action, data, headers={"HX-Request": "true"})
            except Exception as exc:  # the test client re-raises what the view raised: that is a 500
                frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/wowdesk/" in f.filename]
                where = f"{frames[-1].filename.split('/wowdesk/')[-1]}:{frames[-1].lineno}" if frames else "?"
                problems.append(f"POST {action} with {junk!r} -> {exc!r} at {where} (form on {form.page})")
                continue
            if response.status_code >= 500:
                problems.append(f"POST {action} with {junk!r} -> {response.status_code} (form on {form.page})")
    return len(sent), problems


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
    forms: dict[str, list[_Form]] = {}
    for username, per_shape in ROLES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        forms[username] = []
        walked[username], problems = _walk(client, per_shape, forms=forms[username])
        if problems:
            report[username] = problems
    # Forms last, after every walk: sending them changes the demo.
    posted: dict[str, int] = {}
    for username in (DEMO_USERNAME, "marisa"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        posted[username], problems = _send_forms(client, forms[username])
        if problems:
            report[f"{username} (forms)"] = problems

    assert report == {}
    assert min(posted.values()) >= 30, posted
    # The walks really went through the product, not just the first page.
    assert walked.pop("(public)") >= 5, walked  # the stories, a story, telling one, the contact form, the feed
    assert min(walked.values()) >= 40, walked
    assert max(walked.values()) < MAX_PAGES, walked
