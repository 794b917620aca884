"""Email pages: delivery state on the conversation, the outbox and retry, mailboxes, rejects, downloads."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ConversationFactory, CustomerEmailFactory, TimelineEntryFactory
from wowdesk.conversations.models import EntryKind
from wowdesk.mail.catcher import store_caught
from wowdesk.mail.models import DeliveryStatus, InboundReject, MailAttachment, Mailbox, OutboundEmail
from wowdesk.mail.services.inbound import inbound_receive

pytestmark = pytest.mark.django_db


def _outbound(conversation, status=DeliveryStatus.SENT, error="", body="Hello") -> OutboundEmail:
    entry = TimelineEntryFactory.create(conversation=conversation, kind=EntryKind.OUTBOUND, body=body)
    return OutboundEmail.objects.create(
        conversation=conversation,
        entry=entry,
        from_header="help@wowdesk.test",
        to_address="maria@example.com",
        subject="Re: Boots",
        body_text=body,
        message_id=f"<wd.{entry.pk}@wowdesk.test>",
        status=status,
        last_error=error,
        sent_at=conversation.created_at if status == DeliveryStatus.SENT else None,
    )


@pytest.fixture
def conversation(team):
    customer = CustomerEmailFactory.create(email="maria@example.com").customer
    return ConversationFactory.create(team=team, customer=customer, subject="Boots")


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_conversation_page_shows_each_replys_delivery_state_and_a_retry_button(rep_client, conversation):
    _outbound(conversation, body="Sent one")
    failed = _outbound(conversation, DeliveryStatus.FAILED, "550 5.1.1 User unknown", body="Failed one")
    _outbound(conversation, DeliveryStatus.QUEUED, body="Queued one")

    page = rep_client.get(reverse("conversations:detail", args=[conversation.pk])).content.decode()

    assert "Sent " in page
    assert "550 5.1.1 User unknown" in page
    assert "Queued" in page
    assert reverse("mail:retry", args=[failed.pk]) in page


def test_conversation_page_query_count_does_not_grow_with_emails(rep_client, conversation):
    url = reverse("conversations:detail", args=[conversation.pk])
    _outbound(conversation)
    few = count(rep_client, url)
    for _ in range(6):
        _outbound(conversation)

    assert count(rep_client, url) == few


def test_retry_button_requeues_and_returns_to_the_conversation(
    rep_client, conversation, smtp, django_capture_on_commit_callbacks
):
    failed = _outbound(conversation, DeliveryStatus.FAILED, "421 busy")

    with django_capture_on_commit_callbacks(execute=True):
        response = rep_client.post(reverse("mail:retry", args=[failed.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:detail", args=[conversation.pk])
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT
    assert len(smtp.received) == 1


def test_retry_of_another_teams_email_is_not_found(outsider_client, conversation):
    failed = _outbound(conversation, DeliveryStatus.FAILED, "421 busy")

    assert outsider_client.post(reverse("mail:retry", args=[failed.pk])).status_code == 404


def test_outbox_lists_visible_mail_filtered_by_state_in_constant_queries(rep_client, conversation, other_team):
    _outbound(conversation, DeliveryStatus.FAILED, "boom")
    hidden = ConversationFactory.create(team=other_team)
    _outbound(hidden, DeliveryStatus.FAILED, "secret")

    response = rep_client.get(reverse("mail:outbox"), {"status": "failed"})

    assert response.status_code == 200
    assert [row.conversation_id for row in response.context["page"].items] == [conversation.pk]
    few = count(rep_client, reverse("mail:outbox"))
    for _ in range(5):
        _outbound(ConversationFactory.create(team=conversation.team))
    assert count(rep_client, reverse("mail:outbox")) == few


def test_outbox_htmx_request_gets_the_results_partial(rep_client, conversation):
    _outbound(conversation)

    response = rep_client.get(reverse("mail:outbox"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="outbox-results">')


@pytest.fixture
def attachment(mailbox, eml, team) -> MailAttachment:
    outcome = inbound_receive(mailbox=mailbox, raw=eml("multipart_attachments.eml"), via="relay")
    return MailAttachment.objects.filter(inbound=outcome.message).order_by("id")[0]


def test_attachment_is_served_only_as_a_download(rep_client, attachment):
    response = rep_client.get(reverse("mail:attachment", args=[attachment.key]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="sole.png"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_attachment_of_a_conversation_you_cannot_see_is_not_found(outsider_client, attachment):
    assert outsider_client.get(reverse("mail:attachment", args=[attachment.key])).status_code == 404


def test_attachment_links_show_on_the_conversation(rep_client, attachment):
    page = rep_client.get(reverse("conversations:detail", args=[attachment.conversation_id])).content.decode()

    assert reverse("mail:attachment", args=[attachment.key]) in page
    assert "receipt.pdf" in page


def test_mailbox_pages_are_for_leads_and_admins(rep_client, lead_client, mailbox):
    assert rep_client.get(reverse("mail:mailboxes")).status_code == 403
    assert lead_client.get(reverse("mail:mailboxes")).status_code == 200
    assert lead_client.get(reverse("mail:mailbox", args=[mailbox.pk])).status_code == 200
    # A lead sees but may not change.
    assert lead_client.post(reverse("mail:mailbox", args=[mailbox.pk]), {"name": "x"}).status_code == 403


def test_admin_creates_a_mailbox_and_gets_a_relay_secret_shown_once(admin_user, login, team):
    client = login(admin_user)
    response = client.post(
        reverse("mail:mailbox_new"),
        {
            "name": "Returns",
            "address": "Returns@WowDesk.test",
            "team": team.pk,
            "is_active": "on",
            "imap_port": 993,
            "imap_security": "ssl",
            "imap_folder": "INBOX",
        },
    )
    mailbox = Mailbox.objects.get(name="Returns")
    assert response.status_code == 302
    assert mailbox.address == "returns@wowdesk.test"

    shown = client.post(reverse("mail:relay_secret", args=[mailbox.pk]))
    secret = shown.context["secret"]
    assert secret.startswith("wdm_")
    assert secret in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    mailbox.refresh_from_db()
    assert secret not in mailbox.relay_secret_digest
    assert secret not in client.get(reverse("mail:mailbox", args=[mailbox.pk])).content.decode()


def test_mailbox_form_names_the_wrong_field(admin_user, login):
    response = login(admin_user).post(
        reverse("mail:mailbox_new"),
        {
            "name": "Bad",
            "address": "bad@wowdesk.test",
            "imap_enabled": "on",
            "imap_host": "imap.example.com",
            "imap_port": 143,
            "imap_security": "none",
            "imap_username": "u",
            "imap_password": "p",
            "imap_folder": "INBOX",
        },
    )

    assert response.status_code == 400
    assert "imap_security" in response.context["form"].errors
    assert not Mailbox.objects.filter(name="Bad").exists()


def test_stored_password_is_never_shown_back(admin_user, login, mailbox):
    client = login(admin_user)
    client.post(
        reverse("mail:mailbox", args=[mailbox.pk]),
        {
            "name": mailbox.name,
            "address": mailbox.address,
            "is_active": "on",
            "imap_port": 993,
            "imap_security": "ssl",
            "imap_folder": "INBOX",
            "imap_password": "hunter2-very-secret",
        },
    )

    page = client.get(reverse("mail:mailbox", args=[mailbox.pk])).content.decode()
    assert "hunter2-very-secret" not in page
    assert "A password is stored" in page


def test_rejects_page_lists_reasons_for_leads(lead_client, rep_client, mailbox, eml):
    inbound_receive(mailbox=mailbox, raw=eml("out_of_office.eml"), via="relay")
    inbound_receive(mailbox=mailbox, raw=eml("bounce.eml"), via="relay")

    response = lead_client.get(reverse("mail:rejects"), {"reason": "bounce"})

    assert response.status_code == 200
    assert [r.reason for r in response.context["page"].items] == ["bounce"]
    assert rep_client.get(reverse("mail:rejects")).status_code == 403


def test_rejects_page_query_count_is_constant(lead_client, mailbox):
    def add(n: int) -> None:
        for _ in range(n):
            InboundReject.objects.create(mailbox=mailbox, reason="bulk", via="relay", subject="news")

    add(2)
    few = count(lead_client, reverse("mail:rejects"))
    add(6)
    assert count(lead_client, reverse("mail:rejects")) == few


def test_reject_raw_message_is_a_download(lead_client, mailbox, eml):
    reject = inbound_receive(mailbox=mailbox, raw=eml("bounce.eml"), via="relay").reject
    assert reject is not None

    response = lead_client.get(reverse("mail:reject_raw", args=[reject.pk]))

    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == eml("bounce.eml")


def test_caught_mail_page_shows_what_the_catcher_stored(lead_client):
    caught = store_caught(
        mail_from="help@wowdesk.test",
        recipients=["maria@example.com"],
        raw=b"Subject: Re: Boots\r\nMessage-ID: <c@x>\r\nIn-Reply-To: <m@x>\r\n\r\nThey ship today.\r\n",
    )

    listing = lead_client.get(reverse("mail:caught")).content.decode()
    detail = lead_client.get(reverse("mail:caught_detail", args=[caught.pk])).content.decode()

    assert "Re: Boots" in listing
    assert "In-Reply-To" in detail
    assert "They ship today." in detail


def test_pages_need_a_login(client: Client, mailbox):
    for url in (reverse("mail:outbox"), reverse("mail:mailboxes"), reverse("mail:rejects"), reverse("mail:caught")):
        assert client.get(url).status_code == 302


def test_mailbox_and_caught_lists_query_counts_are_constant(lead_client):
    def add(n: int) -> None:
        for _ in range(n):
            number = Mailbox.objects.count()
            Mailbox.objects.create(name=f"Box {number}", address=f"box{number}@wowdesk.test")
            store_caught(mail_from="a@x", recipients=["b@x"], raw=b"Subject: hi %d\r\n\r\nhi\r\n" % number)

    add(2)
    few = (count(lead_client, reverse("mail:mailboxes")), count(lead_client, reverse("mail:caught")))
    add(5)
    assert (count(lead_client, reverse("mail:mailboxes")), count(lead_client, reverse("mail:caught"))) == few
