"""An emailed card goes out through a real SMTP server (aiosmtpd on 127.0.0.1), once."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from tests.cards.factories import addressed_customer, png_bytes
from tests.factories import CustomerEmailFactory
from wowdesk.cards import services
from wowdesk.cards.models import Card
from wowdesk.cards.tasks import send_card_email

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        yield inbox
    finally:
        controller.stop()


def test_an_emailed_card_is_sent_with_its_drawing_when_the_write_commits(rep, smtp, django_capture_on_commit_callbacks):
    customer = addressed_customer()
    CustomerEmailFactory.create(customer=customer, email="lorna@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        card = services.card_write(
            author=rep, customer=customer, message="Welcome to Albuquerque!", drawing=png_bytes(), delivery="email"
        )

    (message,) = smtp.messages
    assert message["To"] == "lorna@example.com"
    assert message["Subject"] == "A card from Rita"
    parts = list(message.walk())
    text = next(p for p in parts if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert b"Welcome to Albuquerque!" in text
    drawing = next(p for p in parts if p.get_content_type() == "image/png")
    assert drawing.get_payload(decode=True) == png_bytes()
    card.refresh_from_db()
    assert card.status == Card.Status.EMAILED
    assert card.emailed_at is not None


def test_running_the_task_again_does_not_send_twice(rep, smtp, django_capture_on_commit_callbacks):
    customer = addressed_customer()
    CustomerEmailFactory.create(customer=customer, email="lorna@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        card = services.card_write(author=rep, customer=customer, message="Hello", delivery="email")

    assert send_card_email.call(card.pk) is False
    assert len(smtp.messages) == 1


def test_a_mailed_card_sends_no_email(rep, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        card = services.card_write(author=rep, customer=addressed_customer(), message="Hello")

    assert send_card_email.call(card.pk) is False
    assert smtp.messages == []
