"""The public contact form: page, service and API; honeypot, rate limits, CSRF, confirmation email."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CustomerEmailFactory, OrderFactory
from tests.mail.smtp import SmtpServer
from wowdesk.contact.models import ContactSubmission, ThrottleBucket
from wowdesk.contact.services import RateLimited, client_ip, contact_submit, throttle_prune
from wowdesk.conversations.models import Channel, Conversation, EntryKind
from wowdesk.conversations.services import conversation_reply
from wowdesk.customers.models import Customer
from wowdesk.mail.models import DeliveryStatus, Mailbox, OutboundEmail, OutboundKind
from wowdesk.mail.services.inbound import inbound_receive

pytestmark = pytest.mark.django_db

URL = "/contact/"
GOOD = {"name": "Ivy Chen", "email": "ivy.chen@example.com", "order_number": "", "message": "Do you ship to Canada?"}


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server.inbox


@pytest.fixture
def mailbox(team):
    return Mailbox.objects.create(name="WowDesk Help", address="help@wowdesk.test")


def submit(**overrides):
    data = {**GOOD, **overrides}
    return contact_submit(
        name=data["name"],
        email=data["email"],
        order_number=data["order_number"],
        message=data["message"],
        ip=data.get("ip", "203.0.113.7"),
        honeypot=data.get("honeypot", ""),
    )


def test_the_form_is_public_and_carries_a_csrf_token():
    response = Client().get(URL)

    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert 'name="website"' in response.content.decode()  # the honeypot


def test_posting_the_form_opens_a_web_form_conversation_and_confirms_by_email(
    smtp, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(URL, GOOD)

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    conversation = Conversation.objects.get()
    assert conversation.channel == Channel.WEB_FORM
    assert conversation.customer.name == "Ivy Chen"
    assert conversation.entries.get(kind=EntryKind.INBOUND).body == "Do you ship to Canada?"
    [message] = smtp.messages
    assert message["To"].addresses[0].addr_spec == "ivy.chen@example.com"
    assert f"#{conversation.pk}" in message["Subject"]
    assert message["Auto-Submitted"] == "auto-replied"
    assert "Do you ship to Canada" not in message.get_body(("plain",)).get_content()  # nothing echoed back


def test_a_reply_to_the_confirmation_joins_the_conversation_and_reps_reply_by_email(
    smtp, mailbox, rep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = submit()
    confirmation = OutboundEmail.objects.get(kind=OutboundKind.CONFIRMATION)
    raw = (
        f"From: Ivy Chen <ivy.chen@example.com>\nTo: help@wowdesk.test\nSubject: Re: We have your message\n"
        f"Message-ID: <ivy-2@example.com>\nIn-Reply-To: {confirmation.message_id}\n\nAlso: Vancouver.\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        joined = inbound_receive(mailbox=mailbox, raw=raw, via="relay")
        conversation_reply(actor=rep, conversation=result.conversation, body="Yes, we ship to Canada!")

    assert joined.message is not None
    assert joined.message.conversation == result.conversation
    reply = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    assert reply.status == DeliveryStatus.SENT
    assert reply.to_address == "ivy.chen@example.com"
    assert smtp.messages[-1]["In-Reply-To"] == "<ivy-2@example.com>"


def test_rep_reply_on_a_web_form_conversation_is_emailed_to_the_sender(smtp, rep, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = submit()
        conversation_reply(actor=rep, conversation=result.conversation, body="We do!")

    reply = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    confirmation = OutboundEmail.objects.get(kind=OutboundKind.CONFIRMATION)
    assert reply.to_address == "ivy.chen@example.com"
    assert reply.in_reply_to == confirmation.message_id
    assert reply.status == DeliveryStatus.SENT


def test_known_email_lands_on_the_existing_customer_and_a_matching_order_is_named():
    customer = CustomerEmailFactory.create(email="ivy.chen@example.com").customer
    order = OrderFactory.create(customer=customer, number="WD-123456")

    result = submit(order_number="wd-123456")

    assert result.conversation.customer == customer
    assert Customer.objects.count() == 1
    assert "Order: WD-123456" in result.conversation.entries.get(kind=EntryKind.INBOUND).body
    assert ContactSubmission.objects.get().order_number == order.number


def test_someone_elses_order_number_is_not_linked():
    OrderFactory.create(number="WD-999999")

    result = submit(order_number="WD-999999")

    assert "not found on this customer" in result.conversation.entries.get(kind=EntryKind.INBOUND).body


def test_the_honeypot_pretends_success_and_stores_nothing():
    response = Client().post(URL, {**GOOD, "website": "http://spam.example"})

    assert response.status_code == 302
    assert not Conversation.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_bad_input_is_a_400_naming_each_field():
    response = Client().post(URL, {"name": "", "email": "nope", "message": ""})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "email", "message"}
    assert not Conversation.objects.exists()


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)

    assert client.post(URL, GOOD).status_code == 403
    assert not Conversation.objects.exists()


def test_too_many_messages_from_one_ip_are_refused_with_429(settings):
    settings.WOWDESK_CONTACT_LIMIT_PER_IP = 2
    client = Client(REMOTE_ADDR="198.51.100.9")
    for i in range(2):
        assert client.post(URL, {**GOOD, "email": f"person{i}@example.com"}).status_code == 302

    response = client.post(URL, {**GOOD, "email": "third@example.com"})

    assert response.status_code == 429
    assert "several messages" in response.content.decode()
    assert Conversation.objects.count() == 2
    assert Client(REMOTE_ADDR="198.51.100.10").post(URL, {**GOOD, "email": "other@example.com"}).status_code == 302


def test_too_many_messages_for_one_email_are_refused_whatever_the_ip(settings):
    settings.WOWDESK_CONTACT_LIMIT_PER_EMAIL = 1
    submit(ip="192.0.2.1")

    with pytest.raises(RateLimited) as excinfo:
        submit(ip="192.0.2.2")

    assert "email" in excinfo.value.message_dict
    assert Conversation.objects.count() == 1


def test_the_limit_slides_with_the_hour(settings):
    settings.WOWDESK_CONTACT_LIMIT_PER_EMAIL = 1
    start = timezone.now()
    contact_submit(name="A", email="a@example.com", message="one", ip="192.0.2.1", now=start)

    with pytest.raises(RateLimited):
        contact_submit(
            name="A", email="a@example.com", message="two", ip="192.0.2.1", now=start + dt.timedelta(minutes=30)
        )
    # The refused attempt counts too, so the hour runs from it.
    later = start + dt.timedelta(minutes=100)
    contact_submit(name="A", email="a@example.com", message="three", ip="192.0.2.1", now=later)

    assert Conversation.objects.count() == 2
    assert throttle_prune(now=later + dt.timedelta(hours=2)) > 0
    assert not ThrottleBucket.objects.exists()


def test_rate_limit_state_is_in_the_database_not_the_process(settings):
    settings.WOWDESK_CONTACT_LIMIT_PER_IP = 1
    submit(email="first@example.com")

    assert ThrottleBucket.objects.filter(key__startswith="ip:").get().hits == 1
    assert "203.0.113.7" not in "".join(ThrottleBucket.objects.values_list("key", flat=True))  # hashed


def test_client_ip_trusts_only_the_configured_proxies(settings):
    settings.WOWDESK_PROXY_COUNT = 0
    assert client_ip(remote_addr="10.0.0.1", forwarded_for="1.2.3.4") == "10.0.0.1"
    settings.WOWDESK_PROXY_COUNT = 1
    assert client_ip(remote_addr="10.0.0.1", forwarded_for="6.6.6.6, 1.2.3.4") == "1.2.3.4"


def test_api_contact_is_public_and_opens_a_conversation(django_capture_on_commit_callbacks):
    response = Client().post("/api/contact", GOOD, content_type="application/json")

    assert response.status_code == 201
    assert response.json() == {"status": "received"}
    assert Conversation.objects.get().channel == Channel.WEB_FORM


def test_api_contact_bad_input_is_a_422_naming_the_fields():
    response = Client().post(
        "/api/contact", {"name": " ", "email": "x", "message": ""}, content_type="application/json"
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"name", "email", "message"}


def test_api_contact_rate_limit_is_a_429(settings):
    settings.WOWDESK_CONTACT_LIMIT_PER_EMAIL = 1
    Client().post("/api/contact", GOOD, content_type="application/json")

    response = Client().post("/api/contact", GOOD, content_type="application/json")

    assert response.status_code == 429
    assert response.json()["detail"][0]["field"] == "email"


def test_staff_list_submissions_in_constant_queries(rep, login):
    from tests.api.conftest import api_client_for

    api = api_client_for(rep)
    submit(email="one@example.com")
    api.get("/contact/submissions")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        first = api.get("/contact/submissions").json()
    for i in range(4):
        submit(email=f"more{i}@example.com", ip=f"192.0.2.{i}")
    with CaptureQueriesContext(connection) as many:
        second = api.get("/contact/submissions").json()

    assert len(second["items"]) == len(first["items"]) + 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_old_rate_limit_windows_are_pruned_on_a_schedule():
    from wowdesk.contact.tasks import prune_contact_throttle
    from wowdesk.scheduling.registry import get

    ThrottleBucket.objects.create(key="ip:old", window_start=timezone.now() - dt.timedelta(hours=3), hits=4)
    ThrottleBucket.objects.create(key="ip:new", window_start=timezone.now(), hits=1)

    assert get("contact.prune_throttle") is not None
    assert prune_contact_throttle.call() == 1
    assert list(ThrottleBucket.objects.values_list("key", flat=True)) == ["ip:new"]
