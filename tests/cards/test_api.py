"""The cards API: card time, writing cards, the print queue, PDFs, votes and winners."""

from __future__ import annotations

import base64
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from tests.api.conftest import api_client_for, fields
from tests.cards.factories import CardFactory, addressed_customer, png_bytes
from tests.factories import ConversationFactory, CustomerFactory, RapportNoteFactory, UserFactory
from wowdesk.cards.models import Card, CardOfTheWeek, CardVote
from wowdesk.cards.periods import local_day, week_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


@pytest.fixture
def teammate_api(teammate):
    return api_client_for(teammate)


def b64(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def test_writing_a_card_from_a_conversation(rep_api, rep):
    conversation = ConversationFactory.create(customer=addressed_customer(), assignee=rep, team=rep.team)

    response = rep_api.post(
        "/cards",
        {
            "conversation_id": conversation.pk,
            "message": "Good luck with the move!",
            "drawing_png_base64": b64(png_bytes()),
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["customer"]["id"] == conversation.customer_id
    assert body["status"] == "written"
    assert body["has_drawing"] is True
    assert body["postal_address"].startswith("12 Juniper Street")
    drawing = rep_api.client.get(body["drawing_url"])
    assert drawing["Content-Type"] == "image/png"
    assert drawing.content == png_bytes()
    pdf = rep_api.client.get(body["pdf_url"])
    assert pdf["Content-Type"] == "application/pdf"
    assert "Good luck with the move!" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_a_conversation_the_rep_cannot_see_is_a_422_on_its_field(rep_api, other_team):
    hidden = ConversationFactory.create(team=other_team, customer=addressed_customer())

    response = rep_api.post("/cards", {"conversation_id": hidden.pk, "message": "Hi"})

    assert response.status_code == 422
    assert fields(response) == {"conversation_id"}
    assert not Card.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"message": "Hi"}, "customer_id"),
        ({"message": "Hi", "drawing_png_base64": "not base64!"}, "drawing_png_base64"),
        ({"message": "Hi", "drawing_png_base64": base64.b64encode(b"GIF89a....").decode()}, "drawing_png_base64"),
        ({"message": "", "customer": True}, "message"),
        ({"message": "Hi", "delivery": "pigeon", "customer": True}, "delivery"),
    ],
)
def test_bad_cards_are_422_naming_the_field(rep_api, payload, field):
    if payload.pop("customer", False) or field in {"drawing_png_base64"}:
        payload["customer_id"] = addressed_customer().pk
    response = rep_api.post("/cards", payload)

    assert response.status_code == 422
    assert field in fields(response)
    assert not Card.objects.exists()


def test_mailing_to_a_customer_without_address_is_a_422_on_delivery(rep_api):
    customer = CustomerFactory.create(address_line1="", city="")

    response = rep_api.post("/cards", {"customer_id": customer.pk, "message": "Hi"})

    assert response.status_code == 422
    assert fields(response) == {"delivery"}
    assert "no postal address" in response.json()["detail"][0]["message"]


def test_the_queue_shows_a_rep_their_own_cards_and_a_lead_everyone_s(rep, teammate, lead, rep_api):
    mine = CardFactory.create(author=rep)
    CardFactory.create(author=teammate)

    assert [c["id"] for c in rep_api.get("/cards").json()["items"]] == [mine.pk]
    assert len(api_client_for(lead).get("/cards").json()["items"]) == 2
    assert rep_api.get(f"/cards/{Card.objects.exclude(pk=mine.pk).get().pk}").status_code == 404


def test_moving_a_card_through_the_queue(rep, rep_api):
    card = CardFactory.create(author=rep)

    assert rep_api.post(f"/cards/{card.pk}/mailed").status_code == 422
    assert rep_api.post(f"/cards/{card.pk}/printed").json()["status"] == "printed"
    assert rep_api.post(f"/cards/{card.pk}/mailed").json()["status"] == "mailed"


def test_the_day_batch_pdf_and_marking_it_printed(rep, rep_api):
    today = local_day()
    CardFactory.create(author=rep, message="Card one")
    CardFactory.create(author=rep, message="Card two")

    pdf = rep_api.get("/card-batch/pdf", {"day": today.isoformat()})
    printed = rep_api.post("/card-batch/printed", {"day": today.isoformat()})

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Card one" in text
    assert "Card two" in text
    assert printed.json() == {"printed": 2}
    assert rep_api.get("/card-batch/pdf", {"day": "yesterday"}).status_code == 422


def test_card_time_start_and_suggestions(rep, rep_api):
    conversation = ConversationFactory.create(assignee=rep, team=rep.team, last_activity_at=timezone.now())
    RapportNoteFactory.create(customer=conversation.customer, body="Her dog is called Biscuit")

    before = rep_api.get("/card-time").json()
    started = rep_api.post("/card-time/start").json()
    suggestions = rep_api.get("/card-time/suggestions").json()

    assert before["started_at"] is None
    assert started["remaining_seconds"] == 15 * 60 or started["remaining_seconds"] >= 15 * 60 - 5
    assert suggestions[0]["conversation_id"] == conversation.pk
    assert suggestions[0]["rapport_notes"][0]["body"] == "Her dog is called Biscuit"


def test_team_card_time_is_set_by_its_lead(rep_api, lead, team):
    payload = {"minutes": 20, "weekdays": [1, 2, 3], "starts_at": "17:00"}

    assert rep_api.put(f"/teams/{team.pk}/card-time", payload).status_code == 403
    response = api_client_for(lead).put(f"/teams/{team.pk}/card-time", payload)
    bad = api_client_for(lead).put(f"/teams/{team.pk}/card-time", {**payload, "weekdays": [9]})

    assert response.json() == {"team_id": team.pk, "minutes": 20, "weekdays": [1, 2, 3], "starts_at": "17:00:00"}
    assert bad.status_code == 422
    assert fields(bad) == {"weekdays"}
    assert rep_api.get(f"/teams/{team.pk}/card-time").json()["minutes"] == 20


def test_the_gallery_hides_names_and_votes_are_one_each(rep, teammate, rep_api, teammate_api):
    customer = addressed_customer(name="Lorna Castellane", preferred_name="Lorna")
    hidden = CardFactory.create(author=teammate, customer=customer, message="Dear Lorna, enjoy Albuquerque!")
    shared = CardFactory.create(author=teammate, name_shared=True, message="Dear Hollis, thanks!")

    gallery = rep_api.get("/cards-of-the-week/current").json()
    first = rep_api.post("/card-votes", {"card_id": hidden.pk})
    second = rep_api.post("/card-votes", {"card_id": shared.pk})
    own = teammate_api.post("/card-votes", {"card_id": hidden.pk})
    missing = rep_api.post("/card-votes", {"card_id": 999999})

    items = {c["id"]: c for c in gallery["items"]}
    assert items[hidden.pk]["recipient"] == "A customer"
    assert items[hidden.pk]["message"] == "Dear …, enjoy Albuquerque!"
    assert "postal_address" not in items[hidden.pk]
    assert items[shared.pk]["recipient"] == shared.recipient_name
    assert first.status_code == 201
    assert (second.status_code, fields(second)) == (422, {"card_id"})
    assert "already voted" in second.json()["detail"][0]["message"]
    assert (own.status_code, fields(own)) == (422, {"card_id"})
    assert (missing.status_code, fields(missing)) == (422, {"card_id"})
    assert rep_api.get("/cards-of-the-week/current").json()["my_vote"] == hidden.pk
    assert CardVote.objects.count() == 1


def test_past_winners_are_listed_newest_first(rep, rep_api):
    weeks = [week_of(local_day()) - dt.timedelta(days=7 * n) for n in (2, 1)]
    for week in weeks:
        card = CardFactory.create(author=rep, written_on=week, week=week)
        CardOfTheWeek.objects.create(week=week, card=card, votes=3)

    items = rep_api.get("/cards-of-the-week").json()["items"]

    assert [i["week"] for i in items] == [w.isoformat() for w in reversed(weeks)]


def test_the_schema_documents_the_card_endpoints(rep_api):
    paths = rep_api.get("/openapi.json").json()["paths"]
    assert {"/api/cards", "/api/card-votes", "/api/cards/{pk}/pdf", "/api/card-time/suggestions"} <= set(paths)
    assert "application/pdf" in paths["/api/cards/{pk}/pdf"]["get"]["responses"]["200"]["content"]


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/cards", lambda rep, n: CardFactory.create_batch(n, author=rep)),
        ("/cards-of-the-week/current", lambda rep, n: CardFactory.create_batch(n, author=UserFactory.create())),
        (
            "/cards-of-the-week",
            lambda rep, n: [
                CardOfTheWeek.objects.create(
                    week=dt.date(2020, 1, 6) + dt.timedelta(days=7 * CardOfTheWeek.objects.count()),
                    card=CardFactory.create(author=UserFactory.create()),
                )
                for _ in range(n)
            ],
        ),
    ],
)
def test_card_lists_run_a_fixed_number_of_queries(rep, rep_api, path, make):
    make(rep, 2)
    rep_api.get(path, {"limit": 100})
    with CaptureQueriesContext(connection) as few:
        assert rep_api.get(path, {"limit": 100}).status_code == 200
    make(rep, 5)
    with CaptureQueriesContext(connection) as more:
        response = rep_api.get(path, {"limit": 100})
    assert len(response.json()["items"]) == 7
    assert len(few.captured_queries) == len(more.captured_queries)
