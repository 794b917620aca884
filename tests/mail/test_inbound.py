"""Inbound email: each .eml fixture in tests/fixtures/email and what must become of it.

See tests/fixtures/email/README.md for the fixtures. The bomb and the
30 MB attachment are generated here at run time rather than committed.
"""

from __future__ import annotations

import base64

import pytest
from django.core.files.storage import default_storage

from tests.factories import ConversationFactory, CustomerEmailFactory
from wowdesk.conversations.models import Channel, Conversation, EntryKind, Status, TimelineEntry
from wowdesk.conversations.services import conversation_reply
from wowdesk.customers.models import Customer
from wowdesk.mail.models import (
    DeliveryStatus,
    InboundMessage,
    InboundReject,
    MailAttachment,
    Mailbox,
    OutboundEmail,
    OutboundKind,
    ThreadMatch,
)
from wowdesk.mail.services.inbound import inbound_receive
from wowdesk.mail.threads import reply_address

pytestmark = pytest.mark.django_db

FIRST_REPLY = "<wd.fixture-first-reply@wowdesk.test>"


@pytest.fixture
def receive(mailbox, django_capture_on_commit_callbacks):
    def run(raw: bytes, *, box: Mailbox | None = None, via: str = "relay"):
        with django_capture_on_commit_callbacks(execute=True):
            return inbound_receive(mailbox=box or mailbox, raw=raw, via=via)

    return run


@pytest.fixture
def nadias_thread(nadia, team):
    """Nadia's conversation, with our first reply (the Message-ID the reply fixtures quote)."""
    conversation = ConversationFactory.create(
        customer=nadia, team=team, subject="Running shoes for a first half marathon", status=Status.WAITING
    )
    entry = TimelineEntry.objects.create(conversation=conversation, kind=EntryKind.OUTBOUND, body="Try these.")
    OutboundEmail.objects.create(
        conversation=conversation,
        entry=entry,
        from_header="help@wowdesk.test",
        to_address="nadia.okonkwo@example.org",
        subject="Re: Running shoes",
        body_text="Try these.",
        message_id=FIRST_REPLY,
        status=DeliveryStatus.SENT,
        sent_at=conversation.created_at,
    )
    return conversation


def _inbound(conversation: Conversation) -> list[TimelineEntry]:
    return list(conversation.entries.filter(kind=EntryKind.INBOUND).order_by("id"))


# fixture -> (status, reject reason or None)
OUTCOMES = {
    "plain.eml": ("accepted", None),
    "html_only.eml": ("accepted", None),
    "multipart_attachments.eml": ("accepted", None),
    "bad_charset.eml": ("accepted", None),
    "mislabeled_charset.eml": ("accepted", None),
    "no_message_id.eml": ("accepted", None),
    "out_of_office.eml": ("ignored", "auto_reply"),
    "read_receipt.eml": ("ignored", "auto_reply"),
    "bounce.eml": ("ignored", "bounce"),
    "bulk_newsletter.eml": ("ignored", "bulk"),
}


@pytest.mark.parametrize(("name", "expected"), OUTCOMES.items(), ids=list(OUTCOMES))
def test_each_fixture_has_its_expected_outcome(name, expected, receive, eml):
    outcome = receive(eml(name))

    assert (outcome.status, outcome.reject.reason if outcome.reject else None) == expected
    if expected[0] == "accepted":
        assert outcome.opened
        conversation = outcome.message.conversation
        assert conversation.channel == Channel.EMAIL
        assert len(_inbound(conversation)) == 1
    else:
        assert not Conversation.objects.exists()
        assert not OutboundEmail.objects.exists()  # automatic mail never triggers a reply


def test_plain_message_opens_a_conversation_on_a_new_customer_in_the_mailboxes_team(receive, eml, team):
    outcome = receive(eml("plain.eml"))

    conversation = outcome.message.conversation
    customer = conversation.customer
    assert customer.name == "Nadia Okonkwo"
    assert list(customer.emails.values_list("email", flat=True)) == ["nadia.okonkwo@example.org"]
    assert conversation.subject == "Running shoes for a first half marathon"
    assert conversation.team == team
    [entry] = _inbound(conversation)
    assert "first half marathon in May" in entry.body
    assert "=\n" not in entry.body  # quoted-printable decoded
    assert entry.data["email"]["message_id"] == "<CAF3x9-plain-0001@mail.example.org>"
    assert outcome.message.thread_match == ThreadMatch.NONE


def test_known_sender_gets_the_conversation_on_their_customer(receive, eml, nadia):
    outcome = receive(eml("plain.eml"))

    assert outcome.message.conversation.customer == nadia
    assert Customer.objects.count() == 1


def test_html_is_sanitised_and_stored_beside_a_plain_text_version(receive, eml):
    [entry] = _inbound(receive(eml("html_only.eml")).message.conversation)

    assert "<script" not in entry.body_html
    assert "alert" not in entry.body_html
    assert "onload" not in entry.body_html
    assert "javascript:" not in entry.body_html
    assert "<style" not in entry.body_html
    assert "<img" not in entry.body_html
    assert "<b>waterproof hiking boots</b>" in entry.body_html
    assert 'href="https://shop.example.com/boots"' in entry.body_html
    assert "Are the waterproof hiking boots still available in size 45?" in entry.body
    assert "<" not in entry.body


def test_encoded_subject_is_decoded(receive, eml):
    conversation = receive(eml("html_only.eml")).message.conversation

    assert conversation.subject == "Größe 45 boots – still in stock?"


def test_attachments_are_stored_under_random_names_with_the_original_name_kept(receive, eml):
    outcome = receive(eml("multipart_attachments.eml"))

    attachments = list(MailAttachment.objects.filter(inbound=outcome.message).order_by("id"))
    assert [(a.filename, a.content_type) for a in attachments] == [
        ("sole.png", "image/png"),  # the ../../etc/ path was dropped
        ("receipt.pdf", "application/pdf"),
    ]
    for attachment in attachments:
        assert attachment.filename not in attachment.storage_name
        assert attachment.storage_name.startswith("mail/attachments/")
        with default_storage.open(attachment.storage_name) as handle:
            assert len(handle.read()) == attachment.size
    [entry] = _inbound(outcome.message.conversation)
    assert [a["filename"] for a in entry.data["email"]["attachments"]] == ["sole.png", "receipt.pdf"]
    assert {a["key"] for a in entry.data["email"]["attachments"]} == {a.key for a in attachments}
    assert "The sole of my left sneaker is peeling off" in entry.body
    assert "<p>Hi,</p>" in entry.body_html


def test_unknown_charset_falls_back_instead_of_failing(receive, eml):
    conversation = receive(eml("bad_charset.eml")).message.conversation

    [entry] = _inbound(conversation)
    assert conversation.subject == "Problème de taille"
    assert conversation.customer.name == "Renée Dubé"
    assert "reçues sont trop petites" in entry.body


def test_mislabeled_charset_is_decoded_as_windows_1252(receive, eml):
    [entry] = _inbound(receive(eml("mislabeled_charset.eml")).message.conversation)

    assert "“forest green”" in entry.body
    assert "£45" in entry.body


def test_same_message_delivered_twice_gives_one_message(receive, eml):
    first = receive(eml("plain.eml"))
    second = receive(eml("plain.eml"), via="imap")

    assert second.status == "duplicate"
    assert second.message == first.message
    assert Conversation.objects.count() == 1
    assert len(_inbound(first.message.conversation)) == 1
    assert OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT).count() == 1


def test_message_without_message_id_is_still_deduplicated(receive, eml):
    receive(eml("no_message_id.eml"))
    again = receive(eml("no_message_id.eml"))

    assert again.status == "duplicate"
    assert TimelineEntry.objects.filter(kind=EntryKind.INBOUND).count() == 1
    assert InboundMessage.objects.get().message_id.startswith("<sha256.")


def test_same_message_in_two_mailboxes_yields_one_conversation_message(receive, eml, mailbox):
    sales = Mailbox.objects.create(name="Sales", address="sales@wowdesk.test")

    first = receive(eml("plain.eml"))
    second = receive(eml("plain.eml"), box=sales)

    assert second.status == "duplicate"
    assert second.message.mailbox == sales
    assert second.message.thread_match == ThreadMatch.DUPLICATE
    assert second.message.entry_id == first.message.entry_id
    assert TimelineEntry.objects.filter(kind=EntryKind.INBOUND).count() == 1
    assert InboundMessage.objects.count() == 2


def test_reply_joins_its_conversation_by_in_reply_to(receive, eml, nadias_thread):
    outcome = receive(eml("reply_in_thread.eml"))

    assert outcome.status == "accepted"
    assert not outcome.opened
    assert outcome.message.conversation == nadias_thread
    assert outcome.message.thread_match == ThreadMatch.HEADERS
    nadias_thread.refresh_from_db()
    assert nadias_thread.status == Status.OPEN  # a customer reply reopens a waiting conversation
    assert Conversation.objects.count() == 1
    assert not OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT).exists()


def test_reply_joins_its_conversation_by_signed_reply_address(receive, nadias_thread, mailbox):
    to = reply_address(mailbox_address=mailbox.address, conversation_id=nadias_thread.pk)
    raw = (
        f"From: Nadia Okonkwo <nadia.okonkwo@example.org>\nTo: {to}\nSubject: shoes\n"
        "Message-ID: <token-reply@mail.example.org>\n\nOne more question about laces.\n"
    ).encode()

    outcome = receive(raw)

    assert outcome.message.conversation == nadias_thread
    assert outcome.message.thread_match == ThreadMatch.TOKEN


def test_a_tampered_reply_token_is_ignored(receive, nadias_thread, mailbox):
    to = reply_address(mailbox_address=mailbox.address, conversation_id=nadias_thread.pk)
    forged = to.replace(f"r{nadias_thread.pk}-", f"r{nadias_thread.pk + 1}-")
    raw = (
        f"From: Nadia Okonkwo <nadia.okonkwo@example.org>\nTo: {forged}\nSubject: A new question\n"
        "Message-ID: <tampered@mail.example.org>\n\nSomething else entirely.\n"
    ).encode()

    outcome = receive(raw)

    assert outcome.opened
    assert outcome.message.conversation != nadias_thread


def test_signed_reply_address_admits_a_new_address_of_the_same_person(receive, nadias_thread, mailbox):
    to = reply_address(mailbox_address=mailbox.address, conversation_id=nadias_thread.pk)
    raw = (
        f"From: Nadia at work <n.okonkwo@work.example>\nTo: {to}\nSubject: Re: shoes\n"
        "Message-ID: <from-work@work.example>\n\nWriting from my work address.\n"
    ).encode()

    outcome = receive(raw)

    assert outcome.message.conversation == nadias_thread
    assert Customer.objects.count() == 1


def test_forged_in_reply_to_from_another_customer_opens_their_own_conversation(receive, eml, nadias_thread):
    eve = CustomerEmailFactory.create(email="eve.mallory@example.com", customer__name="Eve Mallory").customer

    outcome = receive(eml("forged_in_reply_to.eml"))

    assert outcome.opened
    conversation = outcome.message.conversation
    assert conversation != nadias_thread
    assert conversation.customer == eve
    assert len(_inbound(nadias_thread)) == 0
    [entry] = _inbound(conversation)
    assert entry.data["email"]["thread_refused"] == nadias_thread.pk


def test_forged_in_reply_to_from_an_unknown_sender_does_not_join_either(receive, eml, nadias_thread):
    outcome = receive(eml("forged_in_reply_to.eml"))

    assert outcome.opened
    assert outcome.message.conversation.customer.name == "Eve Mallory"
    assert len(_inbound(nadias_thread)) == 0


def test_reply_to_a_merged_conversation_lands_on_the_survivor(receive, eml, nadias_thread, nadia, team):
    survivor = ConversationFactory.create(customer=nadia, team=team)
    Conversation.objects.filter(pk=nadias_thread.pk).update(merged_into=survivor)

    outcome = receive(eml("reply_in_thread.eml"))

    assert outcome.message.conversation == survivor


def test_out_of_office_on_a_thread_neither_joins_nor_reopens_nor_replies(receive, eml, nadias_thread):
    outcome = receive(eml("out_of_office.eml"))

    assert outcome.status == "ignored"
    assert outcome.reject.conversation == nadias_thread
    nadias_thread.refresh_from_db()
    assert nadias_thread.status == Status.WAITING
    assert len(_inbound(nadias_thread)) == 0
    assert OutboundEmail.objects.count() == 1  # only our original reply


def test_bounce_marks_the_mail_it_reports_as_failed_with_the_servers_reason(receive, eml, nadias_thread):
    outcome = receive(eml("bounce.eml"))

    ours = OutboundEmail.objects.get(message_id=FIRST_REPLY)
    assert outcome.reject.reason == "bounce"
    assert outcome.reject.outbound == ours
    assert ours.status == DeliveryStatus.FAILED
    assert "550 5.1.1 User unknown" in ours.last_error
    assert len(_inbound(nadias_thread)) == 0


def test_our_own_mail_coming_back_is_a_loop(receive, mailbox):
    raw = b"From: WowDesk Help <help@wowdesk.test>\nTo: help@wowdesk.test\nSubject: Re: hi\nMessage-ID: <l@x>\n\nhi\n"

    outcome = receive(raw)

    assert outcome.reject.reason == "loop"
    assert not Conversation.objects.exists()


def test_loop_header_is_recognised(receive):
    raw = b"From: a@example.com\nTo: help@wowdesk.test\nX-WowDesk-Loop: other.example\nMessage-ID: <l2@x>\n\nhi\n"

    assert receive(raw).reject.reason == "loop"


def test_message_without_sender_is_rejected(receive):
    outcome = receive(b"To: help@wowdesk.test\nSubject: who am I\nMessage-ID: <anon@x>\n\nhello\n")

    assert outcome.status == "rejected"
    assert outcome.reject.reason == "no_sender"


def test_empty_message_is_rejected(receive):
    assert receive(b"   \n").reject.reason == "unparseable"


def _bomb(parts: int) -> bytes:
    head = (
        b"From: bomber@example.com\r\nTo: help@wowdesk.test\r\nSubject: many parts\r\nMessage-ID: <bomb@x>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
    )
    body = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(parts))
    return head + body + b"--b--\r\n"


def test_ten_thousand_part_bomb_is_rejected_without_a_conversation(receive):
    outcome = receive(_bomb(10_000))

    assert outcome.status == "rejected"
    assert outcome.reject.reason == "too_many_parts"
    assert not Conversation.objects.exists()
    assert InboundReject.objects.get().raw_name  # kept for an admin to look at


def test_parts_just_under_the_limit_are_accepted_but_one_over_is_not(receive, settings):
    settings.WOWDESK_MAIL_MAX_PARTS = 50

    assert receive(_bomb(40)).status == "accepted"
    assert receive(_bomb(60).replace(b"<bomb@x>", b"<bomb2@x>")).reject.reason == "too_many_parts"


def test_deeply_nested_parts_are_rejected(receive):
    depth = 40
    body = b""
    for i in range(depth):
        body += b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i, i + 1)
    body += b"--b%d\r\nContent-Type: text/plain\r\n\r\ndeep\r\n--b%d--\r\n" % (depth, depth)
    for i in range(depth - 1, -1, -1):
        body += b"--b%d--\r\n" % i
    raw = b'From: deep@example.com\r\nMessage-ID: <deep@x>\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n'

    assert receive(raw + body).reject.reason == "too_many_parts"


def test_thirty_megabyte_attachment_is_not_kept_but_the_message_is(receive):
    blob = base64.encodebytes(b"\0" * (30 * 1024 * 1024))
    raw = (
        b"From: Big Sender <big@example.com>\r\nTo: help@wowdesk.test\r\nSubject: the video\r\n"
        b'Message-ID: <big@x>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n'
        b"--z\r\nContent-Type: text/plain\r\n\r\nHere is the unboxing video.\r\n"
        b'--z\r\nContent-Type: video/mp4\r\nContent-Disposition: attachment; filename="unboxing.mp4"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + blob + b"--z--\r\n"
    )

    outcome = receive(raw)

    assert outcome.status == "accepted"
    assert not MailAttachment.objects.exists()
    [entry] = _inbound(outcome.message.conversation)
    assert "unboxing video" in entry.body
    [skipped] = entry.data["email"]["skipped_attachments"]
    assert skipped["filename"] == "unboxing.mp4"
    assert skipped["size"] == 30 * 1024 * 1024


def test_message_over_the_size_limit_is_rejected_before_parsing(receive, settings):
    settings.WOWDESK_MAIL_MAX_MESSAGE_BYTES = 1000

    outcome = receive(b"From: a@example.com\r\nMessage-ID: <huge@x>\r\n\r\n" + b"x" * 2000)

    assert outcome.reject.reason == "too_large"
    assert not Conversation.objects.exists()


def test_new_conversation_is_acknowledged_once_an_hour_per_sender(receive, eml, smtp):
    receive(eml("plain.eml"))
    receive(eml("reply_in_thread.eml").replace(b"wd.fixture-first-reply", b"unknown"))  # a second new thread

    acks = OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT)
    assert acks.count() == 1
    [message] = smtp.messages
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["In-Reply-To"] == "<CAF3x9-plain-0001@mail.example.org>"
    assert "conversation #" in message.get_body(("plain",)).get_content()


def test_mailbox_can_turn_acknowledgements_off(receive, eml, mailbox):
    Mailbox.objects.filter(pk=mailbox.pk).update(send_acknowledgements=False)
    mailbox.refresh_from_db()

    receive(eml("plain.eml"))

    assert not OutboundEmail.objects.exists()


def test_no_reply_senders_get_no_acknowledgement(receive):
    receive(b"From: noreply@shop.example\nTo: help@wowdesk.test\nMessage-ID: <nr@x>\nSubject: Order\n\nHello\n")

    assert Conversation.objects.count() == 1
    assert not OutboundEmail.objects.exists()


def test_rep_reply_to_an_email_conversation_goes_to_the_address_that_wrote(receive, eml, rep, smtp):
    conversation = receive(eml("plain.eml")).message.conversation
    smtp.received.clear()

    conversation_reply(actor=rep, conversation=conversation, body="Hi Nadia")

    row = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    assert row.to_address == "nadia.okonkwo@example.org"
    assert row.in_reply_to == "<CAF3x9-plain-0001@mail.example.org>"
