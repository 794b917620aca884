"""Recognition pages: wall of fame, nominations and votes, nominating, a person's recognition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ConversationFactory, UserFactory
from tests.recognition.helpers import card_award, hero_award, manager_award
from wowdesk.recognition.models import Nomination, NominationVote
from wowdesk.recognition.services import voting_month

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_the_wall_shows_heroes_with_sidekicks_managers_and_cards(rep, teammate, lead, other_team, rep_client):
    hero_award(dt.date(2026, 11, 1), hero=rep, sidekicks=[teammate], story="Found the right shoes in time.")
    manager_award(dt.date(2026, 11, 1), lead=lead, story="Covers every late shift.")
    card_award(dt.date(2026, 11, 9), author=teammate, message="A drawing of a lighthouse")
    card_award(dt.date(2026, 10, 5), author=UserFactory.create(team=other_team), message="October card")

    page = rep_client.get("/recognition/?month=2026-11").content.decode()
    heroes = rep_client.get("/recognition/?month=2026-11&award=hero").content.decode()
    by_team = rep_client.get(f"/recognition/?month=2026-10&team={other_team.pk}").content.decode()
    sidekicks = rep_client.get("/recognition/?month=2026-11&award=sidekick", headers=HTMX).content.decode()

    assert "Found the right shoes in time." in page
    assert "With sidekicks" in page
    assert "Covers every late shift." in page
    assert "A drawing of a lighthouse" in page
    assert "Covers every late shift." not in heroes
    assert "October card" in by_team
    assert 'id="wall-results"' in sidekicks
    assert "<html" not in sidekicks


def test_evidence_is_linked_only_for_those_who_may_open_it(rep, outsider, lead, rep_client, login):
    """Recognition is company-wide; the evidence is a team's conversation, so others see its number, not a link."""
    theirs = hero_award(dt.date(2026, 11, 1), hero=outsider, sidekicks=[], story="Rebooked the whole trip.")
    ours = hero_award(dt.date(2026, 10, 1), hero=rep, sidekicks=[], story="Stayed on the line.")
    current = Nomination.objects.create(
        kind="hero",
        month=voting_month(),
        nominee=outsider,
        nominator=lead,
        team=outsider.team,
        conversation=Nomination.objects.get(award=theirs).conversation,
        story="Again this month.",
    )
    theirs_link = f'href="/conversations/{current.conversation_id}/"'
    ours_link = f'href="/conversations/{Nomination.objects.get(award=ours).conversation_id}/"'
    pages = ("/recognition/?month=2026-11", "/recognition/nominations/", f"/recognition/people/{outsider.pk}/")

    for url in pages:
        text = rep_client.get(url).content.decode()
        assert theirs_link not in text, url
        assert f"#{current.conversation_id} " in text, url
        assert login(lead).get(url).content.decode().count(theirs_link) >= 1, url
    assert ours_link in rep_client.get("/recognition/?month=2026-10").content.decode()
    assert rep_client.get(f"/conversations/{current.conversation_id}/").status_code == 404


def test_the_wall_never_ranks_or_counts(rep, rep_client):
    for month in (9, 10, 11):
        hero_award(dt.date(2026, month, 1), hero=rep, sidekicks=[])
    page = rep_client.get("/recognition/?month=2026-11").content.decode().lower()
    for word in ("leaderboard", "rank", "top ", "3 awards", "votes"):
        assert word not in page


def test_a_bad_month_is_a_400_naming_it(rep_client):
    response = rep_client.get("/recognition/?month=13-2026")
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_nominating_and_voting_on_the_nominations_page(rep, teammate, lead, rep_client, login):
    evidence = ConversationFactory.create(team=rep.team, assignee=teammate)
    form = rep_client.get(f"/recognition/nominations/new/?conversation={evidence.pk}").content.decode()
    assert f'value="{evidence.pk}"' in form

    response = rep_client.post(
        "/recognition/nominations/new/",
        {"kind": "hero", "nominee": teammate.pk, "conversation": evidence.pk, "story": "Calm under pressure."},
    )
    nomination = Nomination.objects.get()
    lead_client = login(lead)
    listing = lead_client.get("/recognition/nominations/").content.decode()
    voted = lead_client.post(f"/recognition/nominations/{nomination.pk}/vote/", headers=HTMX)
    again = lead_client.post(f"/recognition/nominations/{nomination.pk}/vote/", headers=HTMX)

    assert response.status_code == 302
    assert "Calm under pressure." in listing
    assert "Vote for Tomás Tan" in listing
    assert "Your vote" in voted.content.decode()
    assert again.status_code == 400
    assert NominationVote.objects.count() == 1
    assert "Vote for" not in login(teammate).get("/recognition/nominations/").content.decode()


def test_a_nomination_without_evidence_shows_the_error(rep, teammate, rep_client):
    response = rep_client.post("/recognition/nominations/new/", {"kind": "hero", "nominee": teammate.pk, "story": "x"})
    assert response.status_code == 400
    assert "needs its evidence" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_persons_page_lists_their_recognition(rep, teammate, rep_client):
    hero_award(dt.date(2026, 10, 1), hero=teammate, sidekicks=[rep], story="Drove the parcel over himself.")
    card_award(dt.date(2026, 10, 12), author=rep, message="My winning card")

    page = rep_client.get(f"/recognition/people/{rep.pk}/").content.decode()

    assert "Helped Tomás Tan" in page
    assert "My winning card" in page


@pytest.mark.parametrize(
    "url", ["/recognition/?month=2026-11", "/recognition/nominations/", "/recognition/people/{rep}/"]
)
def test_recognition_pages_run_a_fixed_number_of_queries(rep, team, rep_client, url):
    url = url.format(rep=rep.pk)
    made: list[int] = []

    def add(n: int) -> None:
        from wowdesk.recognition.services import voting_month

        for _ in range(n):
            k = len(made)
            hero_award(dt.date(2026, 11 - k, 1), hero=rep, sidekicks=UserFactory.create_batch(2))
            card_award(dt.date(2026, 11, 2 + 7 * k), author=rep)
            Nomination.objects.create(
                kind="hero",
                month=voting_month(),
                nominee=rep,
                nominator=UserFactory.create(team=team),
                conversation=ConversationFactory.create(team=team),
                story="x",
            ).sidekicks.set(UserFactory.create_batch(2))
            made.append(k)

    def size() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert rep_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    size()
    few = size()
    add(3)
    assert size() == few
