"""Card PDFs are real PDFs whose text reads back as the card says."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.cards.factories import addressed_customer, png_bytes
from wowdesk.cards import services
from wowdesk.cards.models import Card
from wowdesk.cards.pdf import card_font_path, card_pdf, cards_pdf

pytestmark = pytest.mark.django_db


def pages_text(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_card_pdf_has_the_card_and_its_envelope(rep):
    card = services.card_write(
        author=rep,
        customer=addressed_customer(name="Marguerite Oduya"),
        message="Thinking of you and Raymond's morning walks.",
        drawing=png_bytes(300, 200),
    )

    first, envelope = pages_text(card_pdf(card))

    assert "Thinking of you and Raymond" in first
    assert "Rita Reyes" in first
    assert "Marguerite Oduya" in envelope
    assert "12 Juniper Street" in envelope
    assert "87106 Albuquerque" in envelope
    assert f"Card #{card.pk}" in envelope


def test_the_drawing_is_embedded_as_an_image(rep):
    card = services.card_write(author=rep, customer=addressed_customer(), message="Hi", drawing=png_bytes(300, 200))

    reader = PdfReader(io.BytesIO(card_pdf(card)))

    assert len(reader.pages[0].images) == 1


def test_a_poem_is_printed_above_the_message(rep):
    card = services.card_write(
        author=rep,
        customer=addressed_customer(),
        message="Safe travels!",
        poem="Boxes packed and taped,\nnew streets wait.",
    )

    first = pages_text(card_pdf(card))[0]

    assert first.index("Boxes packed") < first.index("Safe travels!")


@pytest.mark.skipif(card_font_path() is None, reason="needs DejaVu Sans (Debian fonts-dejavu-core)")
def test_text_beyond_latin_1_is_kept_with_the_unicode_font(rep):
    card = services.card_write(
        author=rep, customer=addressed_customer(name="Zoë Wierzbicka"), message="Dziękuję — 谢谢"
    )

    first, envelope = pages_text(card_pdf(card))

    assert "Dziękuję" in first
    assert "Zoë Wierzbicka" in envelope


def test_without_the_font_the_pdf_falls_back_to_latin_1(rep, settings):
    settings.WOWDESK_CARD_FONT = "/nonexistent/font.ttf"
    card = services.card_write(author=rep, customer=addressed_customer(name="Zoë Sørensen"), message="Dziękuję!")

    first, envelope = pages_text(card_pdf(card))

    assert "Dzi?kuj?!" in first
    assert "Zoë Sørensen" in envelope


def test_the_day_batch_has_every_card_in_order(rep):
    one = services.card_write(author=rep, customer=addressed_customer(name="Ada One"), message="First card")
    two = services.card_write(author=rep, customer=addressed_customer(name="Bo Two"), message="Second card")

    texts = pages_text(cards_pdf(Card.objects.filter(pk__in=[one.pk, two.pk]).order_by("created_at", "id")))

    assert len(texts) == 4
    assert "First card" in texts[0]
    assert "Ada One" in texts[1]
    assert "Second card" in texts[2]
    assert "Bo Two" in texts[3]


def test_an_empty_batch_says_so():
    assert "No cards to print." in pages_text(cards_pdf([]))[0]
