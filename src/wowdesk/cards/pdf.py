"""Print-ready PDFs for cards, drawn with fpdf2 from the card's own data.

No HTML is rendered and nothing is fetched: text is laid out directly and
a drawing is passed as bytes read from storage, with fpdf2's resource
access policy set to refuse every local or remote resource it might
otherwise load by name.

Each card is two A5 pages: the card itself (drawing or poem, then the
message and the author's name) and an envelope page with the recipient's
name and address. The day's batch is every card's two pages in order.

Text is set in a Unicode TrueType font (``WOWDESK_CARD_FONT``, DejaVu Sans
from Debian's fonts-dejavu-core by default). Without it, the PDF falls back
to the built-in Helvetica, which only covers Latin-1: other characters
print as "?", and the page says nothing is lost from the stored card.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import ResourceAccessPolicy, XPos, YPos

from wowdesk.cards.models import Card

# A5 portrait in millimetres (given as a size: fpdf2 warns about its "A5" preset).
PAGE = (148.0, 210.0)
MARGIN = 14.0
FONT_FAMILY = "CardSans"
FALLBACK_FAMILY = "Helvetica"


def card_font_path() -> Path | None:
    """The configured TrueType font, when it exists on this machine."""
    path = Path(str(settings.WOWDESK_CARD_FONT)) if settings.WOWDESK_CARD_FONT else None
    return path if path is not None and path.is_file() else None


class _CardPDF:
    def __init__(self) -> None:
        pdf = FPDF(orientation="portrait", unit="mm", format=PAGE)
        pdf.resource_access_policy = ResourceAccessPolicy.NONE
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(auto=True, margin=MARGIN)
        pdf.set_creator("WowDesk")
        pdf.set_title("WowDesk cards")
        font = card_font_path()
        if font is not None:
            pdf.add_font(FONT_FAMILY, "", str(font))
            self.family = FONT_FAMILY
            self.unicode = True
        else:
            self.family = FALLBACK_FAMILY
            self.unicode = False
        self.pdf = pdf

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def write(self, value: str, *, size: float, height: float, align: str = "L") -> None:
        self.pdf.set_font(self.family, size=size)
        self.pdf.multi_cell(0, height, self.text(value), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def card_page(self, card: Card, drawing: bytes | None) -> None:
        pdf = self.pdf
        pdf.add_page()
        width = pdf.w - 2 * MARGIN
        if drawing is not None and card.drawing_width and card.drawing_height:
            # Fit the drawing into the top half of the page, keeping its shape.
            box_h = (pdf.h - 2 * MARGIN) / 2
            scale = min(width / card.drawing_width, box_h / card.drawing_height)
            w, h = card.drawing_width * scale, card.drawing_height * scale
            pdf.image(io.BytesIO(drawing), x=MARGIN + (width - w) / 2, y=MARGIN, w=w, h=h)
            pdf.set_y(MARGIN + h + 6)
        elif card.poem:
            self.write(card.poem, size=12, height=6.5, align="C")
            pdf.ln(6)
        self.write(card.message, size=11, height=6)
        pdf.ln(4)
        self.write(card.author.display_name, size=11, height=6, align="R")

    def envelope_page(self, card: Card) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.set_y(pdf.h / 2 - 20)
        self.write(card.recipient_name, size=14, height=8)
        self.write(card.postal_address, size=12, height=7)
        pdf.set_y(pdf.h - MARGIN - 8)
        self.write(f"Card #{card.pk}", size=8, height=4, align="R")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _drawing_bytes(card: Card) -> bytes | None:
    if not card.drawing:
        return None
    with card.drawing.open("rb") as handle:
        data: bytes = handle.read()
    return data


def card_pdf(card: Card) -> bytes:
    """The print-ready PDF of one card (card page, then envelope page for mailed cards)."""
    return cards_pdf([card])


def cards_pdf(cards: Iterable[Card]) -> bytes:
    """One PDF with every card in order: the day's print batch."""
    doc = _CardPDF()
    empty = True
    for card in cards:
        empty = False
        doc.card_page(card, _drawing_bytes(card))
        if card.delivery == Card.Delivery.MAIL:
            doc.envelope_page(card)
    if empty:
        doc.pdf.add_page()
        doc.write("No cards to print.", size=12, height=7)
    return doc.output()
