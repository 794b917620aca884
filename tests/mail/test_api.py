"""The email API: outbox and retries, a conversation's emails, mailboxes, rejects, attachments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import api_client_for, fields
from tests.factories import ConversationFactory, CustomerEmailFactory, TimelineEntryFactory
from wowdesk.conversations.models import EntryKind
from wowdesk.mail.models import DeliveryStatus, InboundReject, MailAttachment, Mailbox, OutboundEmail
from wowdesk.mail.services.inbound import inbound_receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


@pytest.fixture
def lead_api(lead):
    return api_client_for(lead)


@pytest.fixture
def admin_api(admin_user):
    return api_client_for(admin_user)


@pytest.fixture
def conversation(team):
    return ConversationFactory.create(team=team, customer=CustomerEmailFactory.create().customer)


def _outbound(conversation, status=DeliveryStatus.SENT, error="") -> OutboundEmail:
    entry = TimelineEntryFactory.create(conversation=conversation, kind=EntryKind.OUTBOUND)
    return OutboundEmail.objects.create(
        conversation=conversation,
        entry=entry,
        from_header="help@wowdesk.test",
        to_address="c@example.com",
        subject="Re: x",
        body_text="x",
        message_id=f"<wd.api.{entry.pk}@wowdesk.test>",
        status=status,
        last_error=error,
        sent_at=entry.created_at if status == DeliveryStatus.SENT else None,
    )


def _pinned(api, path: str, add, params: dict | None = None) -> None:
    """Same number of queries for N and 3N rows."""
    add(3)
    api.get(path, params or {})  # records the token's last use
    with CaptureQueriesContext(connection) as few:
        first = api.get(path, {"limit": 100, **(params or {})})
    add(6)
    with CaptureQueriesContext(connection) as many:
        second = api.get(path, {"limit": 100, **(params or {})})
    assert len(second.json()["items"]) == len(first.json()["items"]) + 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_reply_over_the_api_shows_its_delivery_state(rep_api, conversation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply = rep_api.post(f"/conversations/{conversation.pk}/replies", {"body": "On its way"}).json()

    emails = rep_api.get(f"/conversations/{conversation.pk}/emails").json()["items"]
    assert [(e["entry_id"], e["status"]) for e in emails] == [(reply["id"], "sent")]


def test_outbox_filters_by_state_and_hides_other_teams(rep_api, conversation, other_team):
    _outbound(conversation, DeliveryStatus.FAILED, "550 no")
    _outbound(conversation)
    _outbound(ConversationFactory.create(team=other_team), DeliveryStatus.FAILED, "hidden")

    items = rep_api.get("/mail/outbox", {"status": "failed"}).json()["items"]

    assert [(i["conversation_id"], i["last_error"]) for i in items] == [(conversation.pk, "550 no")]


def test_outbox_rejects_an_unknown_state(rep_api):
    response = rep_api.get("/mail/outbox", {"status": "lost"})

    assert response.status_code == 422
    assert fields(response) == {"status"}


def test_outbox_list_queries_are_constant(rep_api, team):
    _pinned(rep_api, "/mail/outbox", lambda n: [_outbound(ConversationFactory.create(team=team)) for _ in range(n)])


def test_conversation_emails_queries_are_constant(rep_api, conversation):
    _pinned(rep_api, f"/conversations/{conversation.pk}/emails", lambda n: [_outbound(conversation) for _ in range(n)])


def test_retry_endpoint_sends_a_failed_email(rep_api, conversation, smtp, django_capture_on_commit_callbacks):
    failed = _outbound(conversation, DeliveryStatus.FAILED, "421 busy")

    with django_capture_on_commit_callbacks(execute=True):
        response = rep_api.post(f"/mail/outbox/{failed.pk}/retry")

    assert response.status_code == 200
    assert OutboundEmail.objects.get(pk=failed.pk).status == DeliveryStatus.SENT
    assert len(smtp.received) == 1


def test_retry_of_a_sent_email_is_a_422_and_sends_nothing(rep_api, conversation, smtp):
    sent = _outbound(conversation)

    response = rep_api.post(f"/mail/outbox/{sent.pk}/retry")

    assert response.status_code == 422
    assert fields(response) == {"status"}
    assert smtp.received == []


def test_retry_of_a_hidden_email_is_a_404(api_for, conversation, outsider):
    failed = _outbound(conversation, DeliveryStatus.FAILED, "x")

    assert api_client_for(outsider).post(f"/mail/outbox/{failed.pk}/retry").status_code == 404


@pytest.fixture
def api_for():
    return api_client_for


def test_admin_creates_and_updates_a_mailbox_over_the_api(admin_api, team):
    created = admin_api.post(
        "/mail/mailboxes",
        {"name": "Returns", "address": "returns@wowdesk.test", "team_id": team.pk, "imap_password": "pw"},
    )
    assert created.status_code == 201
    body = created.json()
    assert body["has_stored_password"] is True
    assert "pw" not in created.content.decode().replace('"imap_password_env"', "")

    updated = admin_api.put(
        f"/mail/mailboxes/{body['id']}",
        {"name": "Returns desk", "address": "returns@wowdesk.test", "send_acknowledgements": False},
    )
    assert updated.status_code == 200
    assert updated.json()["name"] == "Returns desk"
    assert updated.json()["has_stored_password"] is True  # omitted password is kept

    secret = admin_api.post(f"/mail/mailboxes/{body['id']}/relay-secret")
    assert secret.status_code == 201
    assert secret.json()["secret"].startswith("wdm_")


def test_mailbox_input_errors_name_the_field(admin_api):
    bad_address = admin_api.post("/mail/mailboxes", {"name": "X", "address": "not-an-address"})
    bad_security = admin_api.post(
        "/mail/mailboxes",
        {"name": "X", "address": "x@wowdesk.test", "imap_host": "imap.example.com", "imap_security": "none"},
    )
    bad_team = admin_api.post("/mail/mailboxes", {"name": "X", "address": "x@wowdesk.test", "team_id": 999999})

    assert (bad_address.status_code, fields(bad_address)) == (422, {"address"})
    assert (bad_security.status_code, fields(bad_security)) == (422, {"imap_security"})
    assert (bad_team.status_code, fields(bad_team)) == (422, {"team_id"})
    assert not Mailbox.objects.exists()


def test_duplicate_mailbox_address_is_a_422(admin_api, mailbox):
    response = admin_api.post("/mail/mailboxes", {"name": "Again", "address": "HELP@wowdesk.test"})

    assert response.status_code == 422


def test_leads_read_mailboxes_but_only_admins_change_them(lead_api, rep_api, mailbox):
    assert [m["address"] for m in lead_api.get("/mail/mailboxes").json()] == ["help@wowdesk.test"]
    assert rep_api.get("/mail/mailboxes").status_code == 403
    assert lead_api.post("/mail/mailboxes", {"name": "X", "address": "x@wowdesk.test"}).status_code == 403
    assert lead_api.post(f"/mail/mailboxes/{mailbox.pk}/relay-secret").status_code == 403


def test_rejects_are_listed_with_reasons_for_leads(lead_api, rep_api, mailbox, eml):
    inbound_receive(mailbox=mailbox, raw=eml("bounce.eml"), via="relay")

    items = lead_api.get("/mail/rejects").json()["items"]

    assert [(i["reason"], i["from_address"]) for i in items] == [("bounce", "mailer-daemon@mx.example.org")]
    assert lead_api.get(f"/mail/rejects/{items[0]['id']}").json()["detail"].startswith("Delivery status")
    assert rep_api.get("/mail/rejects").status_code == 403


def test_reject_list_queries_are_constant(lead_api, mailbox):
    def add(n: int) -> None:
        InboundReject.objects.bulk_create(
            InboundReject(mailbox=mailbox, reason="bulk", via="relay", subject=f"news {i}") for i in range(n)
        )

    _pinned(lead_api, "/mail/rejects", add)


def test_attachment_download_over_the_api(rep_api, mailbox, eml):
    outcome = inbound_receive(mailbox=mailbox, raw=eml("multipart_attachments.eml"), via="relay")
    attachment = MailAttachment.objects.filter(inbound=outcome.message).get(filename="receipt.pdf")

    response = rep_api.client.get(f"/api/mail/attachments/{attachment.key}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert rep_api.get("/mail/attachments/not-a-key").status_code == 404
