"""Card pages: card time with suggestions, the composer, the queue, the vote, winners, settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cards.factories import CardFactory, addressed_customer, png_bytes
from tests.factories import ConversationFactory, CustomerFactory, LifeMomentFactory, RapportNoteFactory, UserFactory
from wowdesk.cards.models import Card, CardOfTheWeek, CardTimeSession, CardVote
from wowdesk.cards.periods import local_day, week_of

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_cards_page_suggests_recent_customers_with_their_rapport_notes(rep, rep_client):
    conversation = ConversationFactory.create(
        assignee=rep, team=rep.team, last_activity_at=timezone.now(), subject="Walking shoes for the move"
    )
    LifeMomentFactory.create(customer=conversation.customer, note="Moving to Albuquerque")
    RapportNoteFactory.create(customer=conversation.customer, body="Weighing up Nob Hill or the North Valley")

    page = rep_client.get("/cards/").content.decode()

    assert "Walking shoes for the move" in page
    assert "Weighing up Nob Hill or the North Valley" in page
    assert "Moving: Moving to Albuquerque" in page
    assert f"/cards/new/?conversation={conversation.pk}" in page
    assert "Start card time" in page


def test_the_cards_page_never_mentions_skipped_days(rep, rep_client):
    CardTimeSession.objects.create(user=rep, day=local_day() - dt.timedelta(days=3), minutes=15)
    page = rep_client.get("/cards/").content.decode().lower()
    for word in ("missed", "skipped", "streak", "overdue"):
        assert word not in page


def test_starting_card_time_shows_the_timer(rep_client):
    response = rep_client.post("/cards/time/start/", headers=HTMX)

    assert response.status_code == 200
    assert 'role="timer"' in response.content.decode()
    assert 'id="card-time"' in response.content.decode()
    assert CardTimeSession.objects.count() == 1


def test_writing_a_card_with_an_uploaded_drawing(rep, rep_client):
    conversation = ConversationFactory.create(customer=addressed_customer(), assignee=rep, team=rep.team)
    form = rep_client.get(f"/cards/new/?conversation={conversation.pk}").content.decode()
    assert "12 Juniper Street" in form

    response = rep_client.post(
        "/cards/new/",
        {
            "conversation": conversation.pk,
            "message": "Good luck in Albuquerque!",
            "delivery": "mail",
            "drawing": SimpleUploadedFile("drawing.png", png_bytes(), content_type="image/png"),
        },
    )

    assert response.status_code == 302
    card = Card.objects.get()
    assert (card.conversation, card.has_drawing, card.status) == (conversation, True, Card.Status.WRITTEN)


def test_a_bad_drawing_rerenders_the_composer_with_the_error(rep, rep_client):
    customer = addressed_customer()
    response = rep_client.post(
        "/cards/new/",
        {
            "customer": customer.pk,
            "message": "Hi",
            "delivery": "mail",
            "drawing": SimpleUploadedFile("drawing.png", b"GIF89a not a png", content_type="image/png"),
        },
    )

    assert response.status_code == 400
    assert "must be a PNG" in response.content.decode()
    assert not Card.objects.exists()


def test_mailing_without_an_address_names_the_problem(rep_client):
    customer = CustomerFactory.create(address_line1="", city="")
    response = rep_client.post("/cards/new/", {"customer": customer.pk, "message": "Hi", "delivery": "mail"})

    assert response.status_code == 400
    assert "no postal address" in response.content.decode()
    assert not Card.objects.exists()


def test_the_composer_refuses_a_conversation_the_rep_cannot_see(rep_client, other_team):
    hidden = ConversationFactory.create(team=other_team)
    response = rep_client.get(f"/cards/new/?conversation={hidden.pk}")
    assert response.status_code == 302
    assert not Card.objects.exists()


def test_the_queue_marks_a_card_printed_then_mailed(rep, rep_client):
    card = CardFactory.create(author=rep)

    rep_client.post(f"/cards/{card.pk}/printed/", {"next": "/cards/queue/"})
    rep_client.post(f"/cards/{card.pk}/mailed/")

    card.refresh_from_db()
    assert card.status == Card.Status.MAILED
    assert rep_client.get(f"/cards/{card.pk}/card.pdf")["Content-Type"] == "application/pdf"


def test_another_reps_card_is_not_found(rep_client, teammate):
    card = CardFactory.create(author=teammate)
    assert rep_client.get(f"/cards/{card.pk}/").status_code == 404
    assert rep_client.get(f"/cards/{card.pk}/card.pdf").status_code == 404
    assert rep_client.post(f"/cards/{card.pk}/printed/").status_code == 404


def test_the_batch_pdf_and_batch_printed(rep, rep_client):
    CardFactory.create_batch(2, author=rep)
    day = local_day().isoformat()

    assert rep_client.get(f"/cards/queue/batch.pdf?day={day}")["Content-Type"] == "application/pdf"
    rep_client.post("/cards/queue/batch/printed/", {"day": day})

    assert Card.objects.filter(status=Card.Status.PRINTED).count() == 2


def test_voting_in_the_gallery(rep, teammate, rep_client):
    card = CardFactory.create(author=teammate, message="Dear reader")

    page = rep_client.get("/cards/week/").content.decode()
    response = rep_client.post("/cards/week/vote/", {"card": card.pk}, headers=HTMX)
    again = rep_client.post("/cards/week/vote/", {"card": card.pk}, headers=HTMX)

    assert "Vote for this card" in page
    assert "Your vote" in response.content.decode()
    assert again.status_code == 400
    assert "already voted" in again.content.decode()
    assert CardVote.objects.count() == 1


def test_the_gallery_shows_no_vote_counts(rep, teammate, lead, rep_client):
    card = CardFactory.create(author=teammate)
    CardVote.objects.create(week=card.week, voter=lead, card=card)
    page = rep_client.get("/cards/week/").content.decode()
    assert "1 vote" not in page
    assert "votes" not in page.replace("One vote each", "")


def test_the_drawing_of_a_gallery_card_is_served_to_any_staff_member(rep, rep_client, outsider_client):
    card = CardFactory.create(author=rep)
    from django.core.files.base import ContentFile

    card.drawing.save("d.png", ContentFile(png_bytes()), save=True)

    response = outsider_client.get(f"/cards/week/{card.pk}/drawing.png")

    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"


def test_past_winners_page(rep, rep_client):
    week = week_of(local_day()) - dt.timedelta(days=7)
    card = CardFactory.create(author=rep, written_on=week, week=week, message="A winning card")
    CardOfTheWeek.objects.create(week=week, card=card, votes=2)

    assert "A winning card" in rep_client.get("/cards/winners/").content.decode()


def test_a_lead_edits_their_teams_card_time(lead_client, team, rep_client):
    data = {f"team-{team.pk}-minutes": 25, f"team-{team.pk}-weekdays": ["1", "4"], f"team-{team.pk}-starts_at": "16:00"}

    assert lead_client.post(f"/cards/time/settings/{team.pk}/", data).status_code == 302
    assert rep_client.post(f"/cards/time/settings/{team.pk}/", data).status_code == 403
    assert "25 minutes a day" in rep_client.get("/cards/").content.decode()


@pytest.mark.parametrize("url", ["/cards/", "/cards/queue/", "/cards/week/", "/cards/winners/"])
def test_card_pages_run_a_fixed_number_of_queries(rep, lead, lead_client, url):
    def add(n: int) -> None:
        for _ in range(n):
            author = UserFactory.create(team=rep.team)
            card = CardFactory.create(author=author)
            week = dt.date(2020, 1, 6) + dt.timedelta(days=7 * CardOfTheWeek.objects.count())
            old = CardFactory.create(author=author, written_on=week, week=week)
            CardOfTheWeek.objects.create(week=week, card=old)
            conversation = ConversationFactory.create(assignee=lead, team=lead.team, last_activity_at=timezone.now())
            RapportNoteFactory.create(customer=conversation.customer)
            assert card.pk

    add(2)
    count(lead_client, url)
    few = count(lead_client, url)
    add(4)
    assert count(lead_client, url) == few
