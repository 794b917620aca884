"""The relay endpoint: a raw RFC 822 message posted with the mailbox's secret."""

from __future__ import annotations

import pytest
from django.test import Client

from wowdesk.conversations.models import Conversation
from wowdesk.mail.models import InboundReject
from wowdesk.mail.services.mailboxes import mailbox_rotate_relay_secret

pytestmark = pytest.mark.django_db
URL = "/api/mail/inbound"


@pytest.fixture
def secret(mailbox, admin_user):
    return mailbox_rotate_relay_secret(actor=admin_user, mailbox=mailbox)


def post(raw: bytes, secret: str | None, content_type: str = "message/rfc822"):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return Client(headers=headers).generic("POST", URL, raw, content_type=content_type)


def test_relayed_message_opens_a_conversation(secret, eml):
    response = post(eml("plain.eml"), secret)

    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == "accepted"
    assert body["opened_conversation"] is True
    assert Conversation.objects.get().pk == body["conversation_id"]


def test_relaying_the_same_message_again_is_a_harmless_200(secret, eml):
    first = post(eml("plain.eml"), secret).json()
    second = post(eml("plain.eml"), secret)

    assert second.status_code == 200
    assert second.json()["outcome"] == "duplicate"
    assert second.json()["conversation_id"] == first["conversation_id"]
    assert Conversation.objects.count() == 1


def test_automatic_mail_is_accepted_but_ignored(secret, eml):
    response = post(eml("out_of_office.eml"), secret)

    assert response.status_code == 202
    assert response.json()["reason"] == "auto_reply"
    assert not Conversation.objects.exists()


def test_hostile_message_is_a_422_naming_the_message_and_is_recorded(secret):
    raw = b'From: x@example.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' + b"--b\r\n\r\nx\r\n" * 5000

    response = post(raw, secret)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "message"
    assert "Too many MIME parts" in error["message"]
    assert InboundReject.objects.get().reason == "too_many_parts"


def test_empty_body_is_a_422(secret):
    response = post(b"", secret)

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "message"


def test_body_over_the_limit_is_a_413(secret, settings):
    settings.WOWDESK_MAIL_MAX_MESSAGE_BYTES = 100

    response = post(b"From: a@example.com\r\n\r\n" + b"x" * 500, secret)

    assert response.status_code == 413
    assert response.json()["detail"][0]["field"] == "body"


def test_message_larger_than_djangos_form_limit_is_still_accepted(secret, settings, eml):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # the raw body is read in chunks, not through request.body
    raw = eml("plain.eml").replace(b"Thanks so much,", b"x" * 5000 + b"\nThanks so much,")

    assert post(raw, secret).status_code == 201


@pytest.mark.parametrize("credential", [None, "wdm_wrong", "wdk_an-api-token-is-not-a-relay-secret"])
def test_without_the_mailbox_secret_it_is_a_401(credential, secret, eml):
    response = post(eml("plain.eml"), credential)

    assert response.status_code == 401
    assert not Conversation.objects.exists()


def test_rotating_the_secret_retires_the_old_one(secret, mailbox, admin_user, eml):
    new = mailbox_rotate_relay_secret(actor=admin_user, mailbox=mailbox)

    assert post(eml("plain.eml"), secret).status_code == 401
    assert post(eml("plain.eml"), new).status_code == 201


def test_inactive_mailbox_takes_no_mail(secret, mailbox, eml):
    type(mailbox).objects.filter(pk=mailbox.pk).update(is_active=False)

    assert post(eml("plain.eml"), secret).status_code == 401


def test_relay_endpoint_is_in_the_openapi_schema(rep_client):
    schema = rep_client.get("/api/openapi.json").json()

    operation = schema["paths"]["/api/mail/inbound"]["post"]
    assert "message/rfc822" in operation["requestBody"]["content"]


def test_relay_endpoint_ignores_a_browser_session(rep_client, secret, eml):
    response = rep_client.generic("POST", URL, eml("plain.eml"), content_type="message/rfc822")

    assert response.status_code == 401
