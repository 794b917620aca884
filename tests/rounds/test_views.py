"""The pages: today's round with its filters, any day, the history, and working an item (plain and htmx)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ConversationFactory
from wowdesk.rounds.models import Audience, ItemStatus, Round, RoundItem, Source
from wowdesk.rounds.services import round_item_claim, round_item_complete

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _html(response) -> str:
    return str(response.content.decode())


def test_the_page_needs_a_login():
    response = Client().get("/rounds/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_before_the_round_exists_the_page_offers_to_generate_it(rep_client, sources):
    sources.waiting(days=3)
    page = rep_client.get("/rounds/")
    assert page.status_code == 200
    assert 'data-testid="no-round"' in _html(page)
    assert "Generate today's round now" in _html(page)

    done = rep_client.post("/rounds/generate/", follow=True)

    assert done.redirect_chain[-1][0] == "/rounds/"
    assert "round is ready: 1 check." in _html(done)
    assert Round.objects.get().day == timezone.localdate()
    assert "Look again for new checks" in _html(done)


def test_the_round_lists_what_the_rep_may_see_with_links(rep_client, item, other_team):
    mine = item(title="Call back about the scuffed boots")
    item(conversation=ConversationFactory.create(team=other_team), title="Not for the Falcons")

    html = _html(rep_client.get("/rounds/"))

    assert "Call back about the scuffed boots" in html
    assert "Not for the Falcons" not in html
    assert f'href="/conversations/{mine.conversation_id}/"' in html
    assert 'data-testid="tally">1 check:' in html.replace("\n", "")


def test_filters_by_source_state_and_mine(rep_client, item, rep, teammate):
    mention = item(source=Source.MENTION, title="A mention")
    waiting = item(title="Waiting one")
    finished = item(title="Finished one")
    round_item_complete(actor=teammate, item=finished, note="Sorted.")
    round_item_claim(actor=rep, item=waiting)

    def titles(query: dict[str, str]) -> list[str]:
        return [i.title for i in rep_client.get("/rounds/", query).context["page"].items]

    assert titles({}) == ["A mention", "Waiting one"]
    assert titles({"source": "mention"}) == ["A mention"]
    assert titles({"state": "done"}) == ["Finished one"]
    assert titles({"state": "all"}) == ["A mention", "Waiting one", "Finished one"]
    assert titles({"mine": "1"}) == ["Waiting one"]
    assert mention.pk  # listed first: round order


@pytest.mark.parametrize("query", [{"source": "pigeon"}, {"state": "soon"}, {"cursor": "!!"}, {"cursor": "WyJ4IiwxXQ"}])
def test_bad_filters_are_a_400_naming_them(rep_client, item, query):
    item()
    response = rep_client.get("/rounds/", query)
    assert response.status_code == 400
    assert 'class="errorlist"' in _html(response)


def test_htmx_gets_only_the_results(rep_client, item):
    item(title="Only the list")
    part = rep_client.get("/rounds/", {"state": "all"}, headers=HTMX)
    html = _html(part).lstrip()
    assert html.startswith('<div id="round-results">')
    assert "Only the list" in html
    assert "<html" not in html


def test_a_past_day_and_the_history(rep_client, item, rep):
    old_day = timezone.localdate() - dt.timedelta(days=2)
    old = item(day=old_day, title="From two days ago")
    round_item_complete(actor=rep, item=old, note="Phoned her.")
    item(title="A check for today")

    day_page = rep_client.get(f"/rounds/day/{old_day.isoformat()}/", {"state": "all"})
    history = rep_client.get("/rounds/history/")

    assert "From two days ago" in _html(day_page)
    assert "Phoned her." in _html(day_page)
    assert "A check for today" not in _html(day_page)
    days = [(d.round.day, d.tally.total, d.tally.done) for d in history.context["days"]]
    assert days == [(timezone.localdate(), 1, 0), (old_day, 1, 1)]


def test_a_day_without_a_round_and_a_day_that_is_not_a_date(rep_client):
    assert "There was no round on this day." in _html(rep_client.get("/rounds/day/2020-01-01/"))
    assert rep_client.get("/rounds/day/yesterday/").status_code == 404
    assert rep_client.get("/rounds/day/2020-02-30/").status_code == 404


def test_claiming_from_the_list_with_htmx_returns_the_row(rep_client, item, rep):
    thing = item()

    response = rep_client.post(f"/rounds/items/{thing.pk}/claim/", headers=HTMX)

    assert response.status_code == 200
    html = _html(response).lstrip()
    assert html.startswith(f'<li class="card round-item round-claimed" id="round-item-{thing.pk}"')
    assert "You're on it" in html
    assert RoundItem.objects.get().claimed_by == rep


def test_claiming_without_javascript_redirects_back(rep_client, item):
    thing = item()
    response = rep_client.post(f"/rounds/items/{thing.pk}/claim/")
    assert response.status_code == 302
    assert response["Location"] == "/rounds/"


def test_done_without_a_note_is_a_400_and_changes_nothing(rep_client, item):
    thing = item()

    plain = rep_client.post(f"/rounds/items/{thing.pk}/done/", {"note": " "})
    partial = rep_client.post(f"/rounds/items/{thing.pk}/done/", {"note": ""}, headers=HTMX)

    assert plain.status_code == 400
    assert "Say in a few words what you did." in _html(plain)
    assert partial.status_code == 400
    assert _html(partial).lstrip().startswith("<li")
    assert "Say in a few words what you did." in _html(partial)
    assert RoundItem.objects.get().status == ItemStatus.OPEN


def test_done_and_skip_from_the_row(rep_client, item):
    first, second = item(), item()

    done = rep_client.post(f"/rounds/items/{first.pk}/done/", {"note": "Rang him, all good now."}, headers=HTMX)
    skipped = rep_client.post(f"/rounds/items/{second.pk}/skip/", {"note": "Already sorted by email."})

    assert "Rang him, all good now." in _html(done)
    assert skipped.status_code == 302
    assert list(RoundItem.objects.order_by("position").values_list("status", "note")) == [
        (ItemStatus.DONE, "Rang him, all good now."),
        (ItemStatus.SKIPPED, "Already sorted by email."),
    ]


def test_someone_elses_claim_shows_who_and_refuses_done(rep_client, item, teammate):
    thing = item()
    round_item_claim(actor=teammate, item=thing)

    assert "Tomás Tan is on it" in _html(rep_client.get("/rounds/"))
    refused = rep_client.post(f"/rounds/items/{thing.pk}/done/", {"note": "Mine now."})
    assert refused.status_code == 400
    assert "Tomás Tan has claimed this" in _html(refused)
    assert rep_client.post(f"/rounds/items/{thing.pk}/release/").status_code == 403


def test_hidden_and_missing_items_are_404_everywhere(rep_client, item, other_team):
    hidden = item(conversation=ConversationFactory.create(team=other_team))
    for pk in (hidden.pk, 999_999):
        assert rep_client.get(f"/rounds/items/{pk}/").status_code == 404
        for action in ("claim", "release", "done", "skip"):
            assert rep_client.post(f"/rounds/items/{pk}/{action}/", {"note": "x"}).status_code == 404
    assert RoundItem.objects.get().status == ItemStatus.OPEN


def test_the_item_page_has_the_forms(rep_client, item):
    thing = item(detail="Parcel stuck at the depot since Monday.")
    html = _html(rep_client.get(f"/rounds/items/{thing.pk}/"))
    assert "Parcel stuck at the depot since Monday." in html
    assert f'action="/rounds/items/{thing.pk}/claim/"' in html
    assert f'formaction="/rounds/items/{thing.pk}/skip/"' in html


def test_writes_need_post_and_the_csrf_token(login, rep, item):
    thing = item()
    client = Client(enforce_csrf_checks=True)
    client.force_login(rep)
    assert client.post(f"/rounds/items/{thing.pk}/claim/").status_code == 403
    assert login(rep).get(f"/rounds/items/{thing.pk}/claim/").status_code == 405
    assert RoundItem.objects.get().status == ItemStatus.OPEN


def test_the_menu_count_is_todays_open_items_the_user_may_see(rep_client, item, rep, other_team):
    assert _html(rep_client.get("/rounds/badge/")).strip() == ""
    item()
    item()
    round_item_claim(actor=rep, item=item())
    item(conversation=ConversationFactory.create(team=other_team))
    item(day=timezone.localdate() - dt.timedelta(days=1))

    assert 'data-testid="rounds-badge">2<' in _html(rep_client.get("/rounds/badge/"))
    assert 'hx-get="/rounds/badge/"' in _html(rep_client.get("/"))


def test_notes_are_shown_as_text(rep_client, item, rep):
    thing = item()
    round_item_complete(actor=rep, item=thing, note="<script>alert(1)</script>")
    html = _html(rep_client.get("/rounds/", {"state": "done"}))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_page_never_counts_per_person(rep_client, item, rep):
    """Rounds never score people: however much one rep did, no page shows a count of it."""
    for n in range(5):
        round_item_complete(actor=rep, item=item(title=f"Check {n}"), note="Done.")
    for url in ("/rounds/?state=all", "/rounds/history/"):
        html = _html(rep_client.get(url))
        assert "Rita Reyes: 5" not in html
        assert "5 done by" not in html
        assert "leaderboard" not in html.lower()


# Query counts: each list page costs the same however many items it shows.


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/rounds/?state=all", "/rounds/?mine=1&state=all"])
def test_the_round_page_runs_a_fixed_number_of_queries(rep_client, item, rep, url):
    def add(n: int) -> None:
        for i in range(n):
            thing = item(source=Source.MENTION if i % 2 else Source.WAITING)
            round_item_complete(actor=rep, item=thing, note="Done.")
            item(audience=Audience.STAFF, source=Source.LIFE_MOMENT)

    add(3)
    few = _count(rep_client, url)
    add(6)
    # Session and user, the round and its tally, the items with their people and customers.
    assert few == _count(rep_client, url) == 5


def test_the_history_page_runs_a_fixed_number_of_queries(rep_client, item):
    def add(n: int, start: int) -> None:
        for days in range(start, start + n):
            item(day=timezone.localdate() - dt.timedelta(days=days))

    add(3, 0)
    few = _count(rep_client, "/rounds/history/")
    add(6, 3)
    assert few == _count(rep_client, "/rounds/history/") == 4
