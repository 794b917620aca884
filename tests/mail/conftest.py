"""Email fixtures: a real SMTP server, a mailbox, and the .eml fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.factories import CustomerEmailFactory
from tests.mail.smtp import Inbox, SmtpServer
from wowdesk.customers.models import Customer
from wowdesk.mail.models import Mailbox

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "email"


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    """A real aiosmtpd server on 127.0.0.1 that WowDesk's mailer talks to; yields what it received."""
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server.inbox


@pytest.fixture
def eml() -> Callable[[str], bytes]:
    def load(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return load


@pytest.fixture
def mailbox(db, team) -> Mailbox:
    return Mailbox.objects.create(name="WowDesk Help", address="help@wowdesk.test", team=team)


@pytest.fixture
def nadia(db) -> Customer:
    """The customer who wrote plain.eml."""
    return CustomerEmailFactory.create(email="nadia.okonkwo@example.org", customer__name="Nadia Okonkwo").customer


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads (attachments, raw rejects) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
