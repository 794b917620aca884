"""What the benchmark measures on one data set, served by one gunicorn.

- floor: ``/healthz/``, the same server and middleware with no query;
- W2: the inbox, first page of open conversations by last activity (as a
  lead, who sees every team, and as a rep, whose visibility rule is the
  more involved query);
- W3: one conversation page with its timeline and customer panel;
- W4: search for a word in about one conversation in a thousand;
- W5: creating conversations through the API, 8 clients for 10 s, against
  the floor measured the same way;
- W6: the gestures page and the consistency dashboard, once they exist.
"""

from __future__ import annotations

import html
import os
import uuid
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bench.datasets import SEARCH_WORD, DataSet
from bench.http import Client, Response
from bench.measure import Check, Throughput, Timing, concurrent, sequential
from bench.server import Server

DEMO_PASSWORD = "wowdesk-demo"  # noqa: S105 - the documented demo login
LEAD, REP = "demo", "marisa"


def status_is(expected: int, *, contains: str = "") -> Check:
    def check(response: Response) -> str | None:
        if response.status != expected:
            return f"expected {expected}"
        if contains and contains not in response.text:
            return f"the page lacks {contains!r}"
        return None

    return check


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    path: str
    check: Check
    user: str = LEAD
    optional: bool = False  # a capability not built yet answers 404 and is reported as such


@dataclass
class Measured:
    load_before: float
    timings: dict[str, Timing] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    floor_throughput: Throughput | None = None
    create_throughput: Throughput | None = None
    created_rows: tuple[int, int] = (0, 0)
    worker_rss_mb: list[float] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


def pages(data: DataSet) -> list[Page]:
    conversation = data.middle_conversation()
    subject = str(data.scalar("SELECT subject FROM conversations_conversation WHERE id = %s", (conversation,)))
    listing, escaped = 'href="/conversations/', html.escape(subject)
    return [
        Page("floor", "floor: /healthz/ (no database)", "/healthz/", status_is(200, contains="ok")),
        Page("W2", "W2 inbox, open, by activity (lead)", "/?status=open", status_is(200, contains=listing)),
        Page("W2rep", "W2 inbox, open, by activity (rep)", "/?status=open", status_is(200, contains=listing), user=REP),
        Page("W3", "W3 one conversation page", f"/conversations/{conversation}/", status_is(200, contains=escaped)),
        # Small data sets may hold no match; the page must still answer with the results page.
        Page("W4", f"W4 search for {SEARCH_WORD!r}", f"/search/?q={SEARCH_WORD}", status_is(200, contains=SEARCH_WORD)),
        Page("W6gestures", "W6 gestures page", "/gestures/", status_is(200), optional=True),
        Page("W6dashboard", "W6 consistency dashboard", "/happiness/", status_is(200), optional=True),
    ]  # fmt: skip


def _login(server: Server, username: str) -> Client:
    client = server.client()
    client.login(username, DEMO_PASSWORD)
    return client


def run(data: DataSet, server: Server, *, warmup: int, requests: int, clients: int, seconds: float) -> Measured:
    measured = Measured(load_before=os.getloadavg()[0])
    sessions = {user: _login(server, user) for user in (LEAD, REP)}
    for page in pages(data):
        client = sessions[page.user]
        if page.optional and client.get(page.path).status == 404:
            measured.missing.append(page.key)
            continue
        measured.timings[page.key] = sequential(
            partial(client.get, page.path), check=page.check, warmup=warmup, requests=requests, what=page.title
        )

    token = sessions[LEAD].create_token("benchmark")
    customer = data.a_customer()
    prefix = f"bench-{uuid.uuid4().hex[:12]}-"

    def api_client() -> Client:
        client = server.client()
        client.token = token
        return client

    def create(client: Client, thread: int, i: int) -> Response:
        payload = {
            "customer_id": customer,
            "channel": "email",
            "subject": f"{prefix}{thread}-{i}",
            "body": "Hello, could you tell me whether the trail shoes come in a wide fit? Thanks!",
        }
        return client.post_json("/api/conversations", payload)

    def created(response: Response) -> str | None:
        if response.status != 201:
            return "expected 201"
        return None if isinstance(response.json().get("id"), int) else "no id in the answer"

    measured.floor_throughput = concurrent(
        server.client, lambda c, _t, _i: c.get("/healthz/"), check=status_is(200), clients=clients, seconds=seconds
    )
    measured.create_throughput = concurrent(api_client, create, check=created, clients=clients, seconds=seconds)
    measured.created_rows = data.count_subjects(prefix)
    measured.worker_rss_mb = server.worker_peak_rss_mb()
    measured.facts["conversation"] = data.middle_conversation()
    measured.facts["search_matches"] = data.conversations_mentioning(SEARCH_WORD)
    return measured
