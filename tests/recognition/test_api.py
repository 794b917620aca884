"""The recognition API: nominations, votes, awards, the wall of fame and a person's recognition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import api_client_for, fields
from tests.factories import ConversationFactory, DepartmentFactory, UserFactory
from tests.recognition.helpers import card_award, hero_award, manager_award
from wowdesk.recognition.models import Nomination, NominationVote
from wowdesk.recognition.services import voting_month

pytestmark = pytest.mark.django_db
OCTOBER, NOVEMBER = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


def test_nominating_a_hero_with_evidence_and_a_sidekick(rep, teammate, rep_api):
    kids = DepartmentFactory.create(name="Kids' Shoes", slug="kids-shoes")
    helper = UserFactory.create(team=None, department=kids)
    evidence = ConversationFactory.create(team=rep.team, assignee=teammate)

    response = rep_api.post(
        "/nominations",
        {
            "nominee_id": teammate.pk,
            "conversation_id": evidence.pk,
            "story": "Found shoes we don't carry.",
            "sidekick_ids": [helper.pk],
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["conversation_id"]) == ("hero", evidence.pk)
    assert [s["id"] for s in body["sidekicks"]] == [helper.pk]
    assert rep_api.get("/nominations").json()["items"][0]["id"] == body["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"story": "x"}, "conversation_id"),
        ({"story": "x", "conversation_id": "hidden"}, "conversation_id"),
        ({"story": "x", "conversation_id": "mine", "nominee_id": 999999}, "nominee_id"),
        ({"story": "x", "conversation_id": "mine", "sidekick_ids": [999999]}, "sidekick_ids"),
        ({"story": "   ", "conversation_id": "mine"}, "story"),
        ({"story": "x", "conversation_id": "mine", "kind": "villain"}, "kind"),
    ],
)
def test_bad_nominations_are_422_naming_the_field(rep, teammate, other_team, rep_api, payload, field):
    conversations = {
        "hidden": ConversationFactory.create(team=other_team).pk,
        "mine": ConversationFactory.create(team=rep.team).pk,
    }
    body = {"nominee_id": teammate.pk, **payload}
    if "conversation_id" in body:
        body["conversation_id"] = conversations[body["conversation_id"]]

    response = rep_api.post("/nominations", body)

    assert response.status_code == 422
    assert field in fields(response)
    assert not Nomination.objects.exists()


def test_voting_once_and_not_for_yourself(rep, teammate, lead, rep_api):
    evidence = ConversationFactory.create(team=rep.team, assignee=teammate)
    created = api_client_for(lead).post(
        "/nominations", {"nominee_id": teammate.pk, "conversation_id": evidence.pk, "story": "Stayed late."}
    )
    pk = created.json()["id"]

    first = rep_api.post(f"/nominations/{pk}/votes")
    twice = rep_api.post(f"/nominations/{pk}/votes")
    own = api_client_for(teammate).post(f"/nominations/{pk}/votes")

    assert first.status_code == 201
    assert (twice.status_code, fields(twice)) == (422, {"nomination"})
    assert (own.status_code, fields(own)) == (422, {"nomination"})
    assert rep_api.post("/nominations/999999/votes").status_code == 404
    assert NominationVote.objects.count() == 1


def test_awards_and_the_wall_of_fame(rep, teammate, lead, rep_api):
    hero_award(OCTOBER, hero=rep, sidekicks=[teammate], story="Rebuilt a wedding order overnight.")
    manager_award(NOVEMBER, lead=lead)
    card_award(dt.date(2026, 11, 9), author=teammate)

    awards = rep_api.get("/awards").json()["items"]
    november = rep_api.get("/wall-of-fame", {"month": "2026-11"}).json()
    october = rep_api.get("/wall-of-fame", {"month": november["older"][:7]}).json()
    bad = rep_api.get("/wall-of-fame", {"month": "November"})

    assert [(a["kind"], a["month"]) for a in awards] == [("manager", "2026-11-01"), ("hero", "2026-10-01")]
    assert "votes" not in awards[0]
    assert {e["kind"] for e in november["entries"]} == {"manager", "card"}
    assert november["older"] == "2026-10-01"
    assert october["entries"][0]["story"] == "Rebuilt a wedding order overnight."
    assert [s["id"] for s in october["entries"][0]["sidekicks"]] == [teammate.pk]
    assert october["newer"] == "2026-11-01"
    assert (bad.status_code, fields(bad)) == (422, {"month"})


def test_a_persons_recognition_lists_what_they_were_recognised_for(rep, teammate, rep_api):
    hero_award(OCTOBER, hero=teammate, sidekicks=[rep])
    card_award(dt.date(2026, 10, 12), author=rep)

    body = rep_api.get(f"/staff/{rep.pk}/recognition").json()

    assert body["awards"] == []
    assert [a["recipient"]["id"] for a in body["sidekick_on"]] == [teammate.pk]
    assert [c["week"] for c in body["cards_of_the_week"]] == ["2026-10-12"]
    assert "count" not in str(body.keys())


@pytest.mark.parametrize("path", ["/nominations", "/awards", "/wall-of-fame"])
def test_recognition_lists_run_a_fixed_number_of_queries(rep, team, rep_api, path):
    made: list[int] = []
    november_mondays = [dt.date(2026, 11, day) for day in (2, 9, 16, 23, 30)]

    def add(n: int) -> None:
        for _ in range(n):
            k = len(made)
            month = dt.date(2026, 11 - k, 1)
            hero_award(month, hero=UserFactory.create(team=team), sidekicks=UserFactory.create_batch(2))
            card_award(november_mondays[k], author=UserFactory.create(team=team))
            Nomination.objects.create(
                kind="hero",
                month=voting_month(),
                nominee=UserFactory.create(team=team),
                nominator=rep,
                conversation=ConversationFactory.create(team=team),
                story="x",
            ).sidekicks.set(UserFactory.create_batch(2))
            made.append(k)

    def size() -> int:
        params = {"month": "2026-11"} if path == "/wall-of-fame" else {"limit": 100}
        with CaptureQueriesContext(connection) as ctx:
            assert rep_api.get(path, params).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    size()
    few = size()
    add(3)
    assert size() == few
