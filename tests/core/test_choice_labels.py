"""get_<field>_display() reads a per-language table; it must still say what Django's version says."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import ConversationFactory
from wowdesk.conversations.models import Status


@pytest.mark.django_db
def test_display_gives_the_choice_label_and_follows_the_field():
    conversation = ConversationFactory.create(status=Status.WAITING)
    assert conversation.get_status_display() == "Waiting on customer"
    conversation.status = Status.RESOLVED
    assert conversation.get_status_display() == "Resolved"


@pytest.mark.django_db
def test_a_value_outside_the_choices_is_shown_as_itself():
    conversation = ConversationFactory.create()
    conversation.status = "archived"
    assert conversation.get_status_display() == "archived"


@pytest.mark.django_db
def test_each_language_gets_its_own_table(monkeypatch):
    conversation = ConversationFactory.create(status=Status.OPEN)
    assert conversation.get_status_display() == "Open"
    # Pretend a catalogue translates the label: the table built for English must not be reused.
    monkeypatch.setattr("django.utils.translation._trans.gettext", lambda text: f"<{text}>")
    with translation.override("xx"):
        assert conversation.get_status_display() == "<Open>"
    assert conversation.get_status_display() == "Open"
