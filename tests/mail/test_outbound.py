"""Replies leave by SMTP after commit, threaded, header-safe, retried, and never sent twice."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ConversationFactory, CustomerEmailFactory, CustomerFactory
from wowdesk.conversations.models import Channel
from wowdesk.conversations.services import conversation_reply
from wowdesk.mail.models import DeliveryStatus, InboundMessage, OutboundEmail, OutboundKind
from wowdesk.mail.services import outbox
from wowdesk.mail.services.inbound import inbound_receive
from wowdesk.mail.threads import conversation_from_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(mailbox, eml, nadia, django_capture_on_commit_callbacks):
    """The conversation plain.eml opened, with the acknowledgement it triggered already sent."""
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(mailbox=mailbox, raw=eml("plain.eml"), via="relay")
    assert outcome.status == "accepted"
    return outcome.message


def _time_passes(row, **fields):
    """Move a row's clock fields as if time had passed (the worker reads the real clock)."""
    OutboundEmail.objects.filter(pk=row.pk).update(**fields)


def _reply(rep, conversation, body, capture):
    with capture(execute=True):
        return conversation_reply(actor=rep, conversation=conversation, body=body)


def test_reply_is_sent_over_smtp_after_commit_with_threading_headers(
    smtp, rep, mailbox, received, django_capture_on_commit_callbacks
):
    smtp.received.clear()  # the acknowledgement
    conversation = received.conversation

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = conversation_reply(actor=rep, conversation=conversation, body="Try the cushioned ones in a 41.")
    row = OutboundEmail.objects.get(entry=entry)
    assert row.status == DeliveryStatus.QUEUED  # the outbox row exists before anything is sent
    assert smtp.received == []
    for callback in callbacks:
        callback()

    [delivered] = smtp.received
    message = delivered.message
    assert delivered.rcpt_tos == ["nadia.okonkwo@example.org"]
    assert message["Message-ID"] == row.message_id
    assert message["In-Reply-To"] == "<CAF3x9-plain-0001@mail.example.org>"
    assert message["References"].split() == ["<CAF3x9-plain-0001@mail.example.org>"]
    assert message["Subject"] == "Re: Running shoes for a first half marathon"
    assert message["From"].addresses[0].addr_spec == "help@wowdesk.test"
    assert message.get_body(("plain",)).get_content().strip() == "Try the cushioned ones in a 41."
    reply_to = message["Reply-To"].addresses[0].addr_spec
    assert conversation_from_address(reply_to, mailbox_address="help@wowdesk.test") == conversation.pk
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert row.sent_at is not None


def test_second_reply_references_the_whole_thread(smtp, rep, received, django_capture_on_commit_callbacks):
    first = _reply(rep, received.conversation, "First answer.", django_capture_on_commit_callbacks)
    _reply(rep, received.conversation, "And one more thing.", django_capture_on_commit_callbacks)

    second = smtp.messages[-1]
    assert second["In-Reply-To"] == "<CAF3x9-plain-0001@mail.example.org>"
    assert OutboundEmail.objects.get(entry=first).message_id != second["Message-ID"]


def test_reply_to_a_customer_reply_threads_under_their_latest_message(
    smtp, rep, mailbox, received, django_capture_on_commit_callbacks
):
    first = _reply(rep, received.conversation, "How about these?", django_capture_on_commit_callbacks)
    ours = OutboundEmail.objects.get(entry=first).message_id
    raw = (
        b"From: Nadia Okonkwo <nadia.okonkwo@example.org>\nTo: help@wowdesk.test\nSubject: Re: Running shoes\n"
        b"Message-ID: <nadia-2@mail.example.org>\nIn-Reply-To: " + ours.encode() + b"\n"
        b"References: <CAF3x9-plain-0001@mail.example.org> " + ours.encode() + b"\n\nPerfect, thanks!\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = inbound_receive(mailbox=mailbox, raw=raw, via="relay").message
    assert message is not None
    assert message.conversation == received.conversation
    _reply(rep, received.conversation, "Wonderful, they ship today.", django_capture_on_commit_callbacks)

    last = smtp.messages[-1]
    assert last["In-Reply-To"] == "<nadia-2@mail.example.org>"
    assert last["References"].split() == ["<CAF3x9-plain-0001@mail.example.org>", ours, "<nadia-2@mail.example.org>"]


def test_names_and_subjects_with_line_breaks_cannot_inject_headers(smtp, rep, team, django_capture_on_commit_callbacks):
    customer = CustomerFactory.create(name="Mallory\r\nBcc: victim@example.net")
    CustomerEmailFactory.create(customer=customer, email="mallory@example.com")
    conversation = ConversationFactory.create(
        customer=customer, team=team, subject="Hello\r\nBcc: victim@example.net\r\nX-Evil: 1"
    )

    _reply(rep, conversation, "Hi there", django_capture_on_commit_callbacks)

    [delivered] = smtp.received
    message = delivered.message
    assert delivered.rcpt_tos == ["mallory@example.com"]
    assert message["Bcc"] is None
    assert message["X-Evil"] is None
    assert "\n" not in message["Subject"]
    assert "\r" not in message["Subject"]
    assert message["Subject"] == "Re: Hello Bcc: victim@example.net X-Evil: 1"
    assert message["To"].addresses[0].display_name == "Mallory Bcc: victim@example.net"
    assert b"\nBcc:" not in delivered.raw


def test_non_ascii_names_and_subjects_are_encoded(smtp, rep, team, django_capture_on_commit_callbacks):
    customer = CustomerFactory.create(name="Zoë Sørensen, Jr.")
    CustomerEmailFactory.create(customer=customer, email="zoe@example.dk")
    conversation = ConversationFactory.create(customer=customer, team=team, subject="Størrelse på støvler")

    _reply(rep, conversation, "Hej Zoë!", django_capture_on_commit_callbacks)

    [delivered] = smtp.received
    head = delivered.raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # names and subject travel as encoded words
    message = delivered.message
    assert message["Subject"] == "Re: Størrelse på støvler"
    assert message["To"].addresses[0].display_name == "Zoë Sørensen, Jr."
    assert message.get_body(("plain",)).get_content().strip() == "Hej Zoë!"


def test_crash_between_commit_and_send_leaves_it_queued_and_a_retry_sends_exactly_once(
    smtp, rep, received, monkeypatch, django_capture_on_commit_callbacks
):
    smtp.received.clear()

    def worker_killed(message):
        raise SystemExit("worker killed")

    monkeypatch.setattr(outbox, "smtp_send", worker_killed)
    entry = _reply(rep, received.conversation, "This must arrive once.", django_capture_on_commit_callbacks)
    row = OutboundEmail.objects.get(entry=entry)
    assert row.status == DeliveryStatus.QUEUED
    assert row.lease_until is not None  # the dead worker's claim
    assert smtp.received == []

    monkeypatch.undo()
    assert outbox.outbox_enqueue_due() == []  # the lease still holds: nobody doubles up
    _time_passes(row, lease_until=timezone.now() - dt.timedelta(seconds=1))  # the dead worker's lease runs out
    assert outbox.outbox_enqueue_due() == [row.pk]  # the sweep's task sends it
    assert outbox.outbound_deliver(outbound_id=row.pk) == "skipped"  # a duplicate task does nothing
    assert outbox.outbox_enqueue_due(now=timezone.now() + dt.timedelta(hours=1)) == []

    assert [m["Message-ID"] for m in smtp.messages] == [row.message_id]
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT


def test_row_queued_but_never_enqueued_is_sent_by_the_sweep(smtp, rep, received, django_capture_on_commit_callbacks):
    smtp.received.clear()
    with django_capture_on_commit_callbacks(execute=False):  # the process died right after commit
        entry = conversation_reply(actor=rep, conversation=received.conversation, body="Lost enqueue")
    row = OutboundEmail.objects.get(entry=entry)

    assert outbox.outbox_enqueue_due(now=row.created_at + dt.timedelta(seconds=10)) == []  # its own task may come
    assert outbox.outbox_enqueue_due(now=row.created_at + dt.timedelta(minutes=2)) == [row.pk]

    assert len(smtp.received) == 1


def test_temporary_smtp_failure_is_retried_with_backoff(smtp, rep, received, django_capture_on_commit_callbacks):
    smtp.received.clear()
    smtp.refuse_data = "451 4.3.0 Try again later"
    entry = _reply(rep, received.conversation, "Retry me", django_capture_on_commit_callbacks)
    row = OutboundEmail.objects.get(entry=entry)
    assert row.status == DeliveryStatus.QUEUED
    assert row.attempts == 1
    assert "451" in row.last_error
    assert row.next_attempt_at - timezone.now() > dt.timedelta(seconds=50)

    assert outbox.outbox_enqueue_due() == []  # not due yet
    smtp.refuse_data = "451 4.3.0 Still busy"
    _time_passes(row, next_attempt_at=timezone.now())
    outbox.outbox_enqueue_due()
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at - timezone.now() > dt.timedelta(minutes=1, seconds=50)  # backs off further

    smtp.refuse_data = None
    _time_passes(row, next_attempt_at=timezone.now())
    outbox.outbox_enqueue_due()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert len(smtp.received) == 1


def test_permanent_refusal_fails_with_the_reason_and_is_not_retried(
    smtp, rep, received, django_capture_on_commit_callbacks
):
    smtp.refuse_rcpt = "550 5.1.1 No such user here"
    entry = _reply(rep, received.conversation, "Nobody home", django_capture_on_commit_callbacks)

    row = OutboundEmail.objects.get(entry=entry)
    assert row.status == DeliveryStatus.FAILED
    assert "550" in row.last_error
    assert "No such user" in row.last_error
    assert outbox.outbox_enqueue_due(now=timezone.now() + dt.timedelta(days=1)) == []


def test_too_many_attempts_fail_for_good(smtp, rep, received, settings, django_capture_on_commit_callbacks):
    settings.WOWDESK_MAIL_MAX_ATTEMPTS = 2
    smtp.refuse_data = "421 4.7.0 Too busy"
    entry = _reply(rep, received.conversation, "Give up eventually", django_capture_on_commit_callbacks)
    row = OutboundEmail.objects.get(entry=entry)
    _time_passes(row, next_attempt_at=timezone.now())
    outbox.outbox_enqueue_due()

    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert row.attempts == 2


def test_retry_button_sends_a_failed_email_once_and_refuses_a_sent_one(
    smtp, rep, received, django_capture_on_commit_callbacks
):
    smtp.received.clear()
    smtp.refuse_rcpt = "550 5.7.1 Rejected for policy reasons"
    entry = _reply(rep, received.conversation, "Please arrive", django_capture_on_commit_callbacks)
    row = OutboundEmail.objects.get(entry=entry)
    assert row.status == DeliveryStatus.FAILED

    smtp.refuse_rcpt = None
    with django_capture_on_commit_callbacks(execute=True):
        outbox.outbound_retry(actor=rep, outbound=row)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert len(smtp.received) == 1

    with pytest.raises(ValidationError, match="already sent"):
        outbox.outbound_retry(actor=rep, outbound=row)
    assert len(smtp.received) == 1


def test_reply_to_customer_without_email_is_recorded_as_failed(rep, team, django_capture_on_commit_callbacks):
    conversation = ConversationFactory.create(team=team, channel=Channel.EMAIL)

    entry = _reply(rep, conversation, "Hello?", django_capture_on_commit_callbacks)

    row = OutboundEmail.objects.get(entry=entry)
    assert row.status == DeliveryStatus.FAILED
    assert "no email address" in row.last_error


def test_phone_replies_send_no_email(rep, team, django_capture_on_commit_callbacks):
    customer = CustomerEmailFactory.create().customer
    conversation = ConversationFactory.create(customer=customer, team=team, channel=Channel.PHONE)

    _reply(rep, conversation, "Noted on the call.", django_capture_on_commit_callbacks)

    assert not OutboundEmail.objects.exists()


def test_reply_rolled_back_queues_nothing(rep, received, django_capture_on_commit_callbacks):
    from django.db import transaction

    before = OutboundEmail.objects.count()

    def reply_then_fail():
        with transaction.atomic():
            conversation_reply(actor=rep, conversation=received.conversation, body="Never mind")
            raise RuntimeError("rollback")

    with pytest.raises(RuntimeError):
        reply_then_fail()

    assert OutboundEmail.objects.count() == before


def test_email_queue_is_reusable_for_other_mail(smtp, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.email_queue(
            to_address="someone@example.com",
            to_name="Some One",
            subject="How did we do?",
            body_text="Grade us from A to F.",
            kind=OutboundKind.NOTIFICATION,
            mailbox=mailbox,
        )

    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert smtp.messages[0]["Subject"] == "How did we do?"


def test_email_queue_refuses_a_bad_address():
    with pytest.raises(ValidationError) as excinfo:
        outbox.email_queue(to_address="not an address", subject="x", body_text="y")
    assert "to_address" in excinfo.value.message_dict


def test_smtp_errors_are_classified():
    assert outbox._classify(smtplib.SMTPRecipientsRefused({"a@b.c": (550, b"no")}))
    assert not outbox._classify(smtplib.SMTPRecipientsRefused({"a@b.c": (450, b"later")}))
    assert not outbox._classify(smtplib.SMTPServerDisconnected("gone"))
    assert not outbox._classify(ConnectionRefusedError())
    assert not outbox._classify(smtplib.SMTPAuthenticationError(535, b"bad credentials"))
    assert outbox._classify(smtplib.SMTPDataError(554, b"spam"))


def test_inbound_message_keeps_its_message_id(received):
    assert InboundMessage.objects.get(pk=received.pk).message_id == "<CAF3x9-plain-0001@mail.example.org>"
