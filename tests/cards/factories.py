"""Factories and helpers for cards and recognition tests."""

from __future__ import annotations

import io

import factory
from django.utils import timezone
from PIL import Image, ImageDraw

from tests.factories import CustomerFactory, UserFactory
from wowdesk.cards.models import Card
from wowdesk.cards.periods import local_day, week_of
from wowdesk.customers.models import Customer


def png_bytes(width: int = 120, height: int = 80, *, colour: str = "#c2410c") -> bytes:
    """A small real PNG: a circle on white, like a quick canvas drawing."""
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).ellipse((4, 4, width - 4, height - 4), outline=colour, width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def addressed_customer(**kwargs: object) -> Customer:
    defaults: dict[str, object] = {
        "name": "Lorna Castellane",
        "address_line1": "12 Juniper Street",
        "city": "Albuquerque",
        "postal_code": "87106",
        "region": "NM",
        "country": "US",
    }
    defaults.update(kwargs)
    return CustomerFactory.create(**defaults)


class CardFactory(factory.django.DjangoModelFactory[Card]):
    class Meta:
        model = Card

    author = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda c: c.author.team)
    customer = factory.SubFactory(CustomerFactory, address_line1="3 Elm Row", city="Duluth", postal_code="55802")
    message = "Thank you for a lovely conversation."
    delivery = Card.Delivery.MAIL
    recipient_name = factory.LazyAttribute(lambda c: c.customer.name)
    postal_address = factory.LazyAttribute(lambda c: c.customer.postal_address or "3 Elm Row\n55802 Duluth")
    written_on = factory.LazyFunction(local_day)
    week = factory.LazyAttribute(lambda c: week_of(c.written_on))
    created_at = factory.LazyFunction(timezone.now)
