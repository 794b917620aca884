"""Card time in a real browser: a rep writes a card with a drawing from a suggestion,
another rep votes for it, and the week closes with it as the Card of the Week."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from tests.cards.factories import addressed_customer
from tests.factories import TEST_PASSWORD, ConversationFactory, RapportNoteFactory
from wowdesk.cards.models import Card, CardOfTheWeek
from wowdesk.cards.periods import day_bounds
from wowdesk.cards.services import card_weeks_close

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_card_with_a_drawing_becomes_card_of_the_week(live_server, page: Page, rep, teammate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    customer = addressed_customer(name="Lorna Castellane", preferred_name="Lorna")
    conversation = ConversationFactory.create(
        customer=customer,
        assignee=rep,
        team=rep.team,
        subject="Walking shoes for the move",
        last_activity_at=timezone.now(),
    )
    RapportNoteFactory.create(customer=customer, body="Weighing up Nob Hill or the North Valley")

    log_in(page, live_server.url, rep.username)
    page.get_by_role("link", name="Cards", exact=True).click()
    page.get_by_role("button", name="Start card time").click()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^\d+:\d\d$"))
    suggestion = page.locator(f'[data-conversation="{conversation.pk}"]')
    expect(suggestion).to_contain_text("Weighing up Nob Hill or the North Valley")
    suggestion.get_by_role("link", name="Write to Lorna").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("A card for Lorna Castellane")
    page.get_by_label("Message").fill("Good luck in Albuquerque, and enjoy Nob Hill!")
    canvas = page.get_by_label("Drawing canvas")
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 40, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 40 + 25 * step, box["y"] + 40 + 12 * step)
    page.mouse.up()
    page.get_by_role("button", name="Write card").click()
    expect(page.locator(".messages")).to_contain_text("in the print queue")

    card = Card.objects.get()
    assert card.has_drawing
    with card.drawing.open("rb") as handle:
        drawing = Image.open(io.BytesIO(handle.read()))
        assert (drawing.format, drawing.size) == ("PNG", (480, 320))
    page.get_by_role("link", name="Print queue").click()
    expect(page.locator(f'.card-row[data-card="{card.pk}"]')).to_contain_text("Written")
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, teammate.username)
    page.goto(live_server.url + "/cards/week/")
    entry = page.locator(".gallery-item", has=page.locator(f'[data-card="{card.pk}"]'))
    expect(entry).to_contain_text("Good luck in Albuquerque")
    expect(entry.get_by_role("img")).to_be_visible()
    entry.get_by_role("button", name="Vote for this card").click()
    expect(entry).to_contain_text("Your vote")

    next_monday, _ = day_bounds(card.week + dt.timedelta(days=7))
    card_weeks_close(now=next_monday + dt.timedelta(minutes=5))
    assert CardOfTheWeek.objects.get(week=card.week).card == card

    page.goto(live_server.url + "/cards/winners/")
    winner = page.locator(f'.winner[data-week="{card.week.isoformat()}"]')
    expect(winner).to_contain_text("Good luck in Albuquerque")
    expect(winner).to_contain_text("Rita Reyes")
    page.goto(live_server.url + f"/recognition/?month={card.week:%Y-%m}&award=card")
    expect(page.locator(".wall-card")).to_contain_text("Good luck in Albuquerque")
