"""The IMAP poller against a real IMAP server on loopback: fetch, store, then mark seen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.mail.imap_server import ImapServer
from wowdesk.conversations.models import Conversation, EntryKind, TimelineEntry
from wowdesk.mail import tasks
from wowdesk.mail.crypto import decrypt
from wowdesk.mail.models import ImapSecurity, InboundReject, Mailbox
from wowdesk.mail.services import polling
from wowdesk.mail.services.mailboxes import mailbox_imap_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def imap():
    with ImapServer() as server:
        yield server


@pytest.fixture
def polled_mailbox(mailbox, imap, admin_user):
    from wowdesk.mail.services.mailboxes import mailbox_update

    return mailbox_update(
        actor=admin_user,
        mailbox=mailbox,
        imap_enabled=True,
        imap_host="127.0.0.1",
        imap_port=imap.port,
        imap_security=ImapSecurity.NONE,
        imap_username=imap.store.user,
        imap_password=imap.store.password,
    )


def test_poll_stores_new_mail_and_marks_it_seen_after_commit(polled_mailbox, imap, eml):
    imap.store.add(eml("plain.eml"))
    imap.store.add(eml("html_only.eml"))

    result = polling.mailbox_poll(mailbox_id=polled_mailbox.pk)

    assert result.error == ""
    assert result.outcomes == {"accepted": 2}
    assert Conversation.objects.count() == 2
    assert imap.store.seen() == [1, 2]
    polled_mailbox.refresh_from_db()
    assert polled_mailbox.last_polled_at is not None
    assert polled_mailbox.poll_lease_until is None


def test_second_poll_fetches_nothing_new(polled_mailbox, imap, eml):
    imap.store.add(eml("plain.eml"))
    polling.mailbox_poll(mailbox_id=polled_mailbox.pk)

    result = polling.mailbox_poll(mailbox_id=polled_mailbox.pk)

    assert result.fetched == 0
    assert TimelineEntry.objects.filter(kind=EntryKind.INBOUND).count() == 1


def test_crash_before_marking_seen_refetches_without_duplicating(polled_mailbox, imap, eml):
    imap.store.add(eml("plain.eml"))
    imap.store.drop_on_store = True

    first = polling.mailbox_poll(mailbox_id=polled_mailbox.pk)
    assert first.error  # the connection died at STORE
    assert imap.store.seen() == []  # still unseen on the server
    assert Conversation.objects.count() == 1  # but committed here

    imap.store.drop_on_store = False
    second = polling.mailbox_poll(mailbox_id=polled_mailbox.pk)

    assert second.outcomes == {"duplicate": 1}
    assert imap.store.seen() == [1]
    assert TimelineEntry.objects.filter(kind=EntryKind.INBOUND).count() == 1


def test_database_failure_leaves_the_message_unseen(polled_mailbox, imap, eml, monkeypatch):
    imap.store.add(eml("plain.eml"))

    def database_down(**kwargs):
        raise OSError("database went away")

    monkeypatch.setattr(polling, "inbound_receive", database_down)
    result = polling.mailbox_poll(mailbox_id=polled_mailbox.pk)

    assert "database went away" in result.error
    assert imap.store.seen() == []


def test_wrong_password_is_recorded_on_the_mailbox(polled_mailbox, imap, admin_user):
    from wowdesk.mail.services.mailboxes import mailbox_update

    mailbox_update(actor=admin_user, mailbox=polled_mailbox, imap_password="wrong")

    result = polling.mailbox_poll(mailbox_id=polled_mailbox.pk)

    assert "AUTHENTICATIONFAILED" in result.error
    polled_mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in polled_mailbox.last_poll_error


def test_password_can_come_from_the_environment(polled_mailbox, imap, eml, monkeypatch, admin_user):
    from wowdesk.mail.services.mailboxes import mailbox_update

    mailbox_update(actor=admin_user, mailbox=polled_mailbox, imap_password="", imap_password_env="HELP_IMAP_PASSWORD")
    monkeypatch.setenv("HELP_IMAP_PASSWORD", imap.store.password)
    imap.store.add(eml("plain.eml"))

    assert polling.mailbox_poll(mailbox_id=polled_mailbox.pk).outcomes == {"accepted": 1}


def test_missing_environment_variable_is_a_clear_error(polled_mailbox, admin_user, monkeypatch):
    from wowdesk.mail.services.mailboxes import mailbox_update

    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    mailbox_update(actor=admin_user, mailbox=polled_mailbox, imap_password_env="NOT_SET_ANYWHERE")

    assert "NOT_SET_ANYWHERE is not set" in polling.mailbox_poll(mailbox_id=polled_mailbox.pk).error


def test_stored_password_is_encrypted(polled_mailbox, imap):
    stored = Mailbox.objects.get(pk=polled_mailbox.pk).imap_password_encrypted

    assert imap.store.password not in stored
    assert decrypt(stored) == imap.store.password
    assert mailbox_imap_password(polled_mailbox) == imap.store.password


def test_only_one_poller_works_on_a_mailbox_at_a_time(polled_mailbox, imap, eml):
    imap.store.add(eml("plain.eml"))
    Mailbox.objects.filter(pk=polled_mailbox.pk).update(poll_lease_until=timezone.now() + dt.timedelta(minutes=5))

    assert polling.mailbox_poll(mailbox_id=polled_mailbox.pk).skipped
    assert imap.store.logins == 0


def test_oversized_message_is_rejected_from_its_header_and_marked_seen(polled_mailbox, imap, eml, settings):
    settings.WOWDESK_MAIL_MAX_MESSAGE_BYTES = 500
    imap.store.add(eml("plain.eml"))  # 757 bytes

    result = polling.mailbox_poll(mailbox_id=polled_mailbox.pk)

    assert result.outcomes == {"rejected": 1}
    reject = InboundReject.objects.get()
    assert reject.reason == "too_large"
    assert reject.size == len(eml("plain.eml"))
    assert imap.store.seen() == [1]


def test_scheduled_task_polls_every_enabled_mailbox(polled_mailbox, imap, eml):
    Mailbox.objects.create(name="Off", address="off@wowdesk.test", imap_enabled=False)
    imap.store.add(eml("plain.eml"))

    assert tasks.poll_all_mailboxes.call() == 1
    assert Conversation.objects.count() == 1


def test_polling_schedule_is_registered():
    from wowdesk.scheduling.registry import get

    assert get("mail.poll_mailboxes") is not None
    assert get("mail.outbox_retry") is not None
