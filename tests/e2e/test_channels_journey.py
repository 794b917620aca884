"""The channels end to end in a real browser against a live server and a real SMTP server.

An email posted to the relay endpoint opens a conversation; the rep replies
in the browser and the reply arrives at the SMTP server threaded under the
customer's message. The public contact form and the social webhook each open
a conversation, and the rep follows the mention up.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD
from tests.mail.smtp import SmtpServer
from wowdesk.conversations.models import Channel, Conversation
from wowdesk.mail.models import Mailbox
from wowdesk.mail.services.mailboxes import mailbox_rotate_relay_secret
from wowdesk.social.services import social_source_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "email"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server.inbox


def _post(url: str, data: bytes, content_type: str, secret: str) -> dict[str, object]:
    request = urllib.request.Request(  # noqa: S310 - the live test server on loopback
        url, data=data, method="POST", headers={"Content-Type": content_type, "Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        body: dict[str, object] = json.loads(response.read())
    return body


def _log_in(page: Page, base: str, user) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_email_in_reply_out_contact_form_and_social_mention(live_server, page: Page, smtp, rep, admin_user, team):
    mailbox = Mailbox.objects.create(name="WowDesk Help", address="help@wowdesk.test", team=team)
    relay_secret = mailbox_rotate_relay_secret(actor=admin_user, mailbox=mailbox)
    _source, social_secret = social_source_create(actor=admin_user, name="X relay")

    # 1. A mail relay posts a raw message: it opens a conversation (and Nadia gets an acknowledgement).
    relayed = _post(
        live_server.url + "/api/mail/inbound", (FIXTURES / "plain.eml").read_bytes(), "message/rfc822", relay_secret
    )
    assert relayed["outcome"] == "accepted"
    conversation_id = relayed["conversation_id"]

    # 2. The rep replies in the browser; the reply reaches the SMTP server, threaded.
    _log_in(page, live_server.url, rep)
    page.goto(f"{live_server.url}/conversations/{conversation_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Running shoes for a first half marathon")
    expect(page.locator("#timeline")).to_contain_text("first half marathon in May")
    page.get_by_label("Reply to the customer").fill("Hi Nadia, the cushioned trainers in a 41 will suit you.")
    page.get_by_role("button", name="Send reply").click()
    reply = page.locator("#timeline .entry-outbound").last
    expect(reply).to_contain_text("cushioned trainers")
    expect(reply.get_by_test_id("delivery")).to_have_text(re.compile(r"^Sent "))
    sent = [m for m in smtp.messages if "cushioned trainers" in m.get_body(("plain",)).get_content()]
    assert len(sent) == 1
    assert sent[0]["In-Reply-To"] == "<CAF3x9-plain-0001@mail.example.org>"
    assert "<CAF3x9-plain-0001@mail.example.org>" in sent[0]["References"]
    assert sent[0]["To"].addresses[0].addr_spec == "nadia.okonkwo@example.org"

    # 3. A visitor writes through the public contact form.
    browser = page.context.browser
    assert browser is not None
    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + "/contact/")
    visitor.get_by_label("Your name").fill("Ivy Chen")
    visitor.get_by_label("Your email").fill("ivy.chen@example.com")
    visitor.get_by_label("Your message").fill("Do you ship hiking boots to Canada?")
    visitor.get_by_role("button", name="Send message").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Thank you, we have your message")
    assert Conversation.objects.filter(channel=Channel.WEB_FORM, customer__name="Ivy Chen").exists()
    assert any(m["To"].addresses[0].addr_spec == "ivy.chen@example.com" for m in smtp.messages)

    # 4. The relay for X posts a public mention; the rep sees it flagged and follows it up.
    mention = _post(
        live_server.url + "/api/social/mentions",
        json.dumps(
            {
                "network": "x",
                "author_handle": "@hungry_hank",
                "author_name": "Hank Oyelaran",
                "url": "https://x.example/hungry_hank/status/1001",
                "text": "Landing at 9pm starving. @WowDesk, meet me at arrivals with a steak? Kidding. Mostly.",
                "posted_at": "2026-03-09T19:40:00Z",
            }
        ).encode(),
        "application/json",
        social_secret,
    )
    page.goto(live_server.url + "/social/")
    card = page.locator(f"#mention-{mention['id']}")
    expect(card).to_contain_text("meet me at arrivals with a steak")
    card.get_by_role("link", name=f"Conversation #{mention['conversation_id']}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("@hungry_hank")
    expect(page.get_by_role("link", name="Open the original post")).to_have_attribute(
        "href", "https://x.example/hungry_hank/status/1001"
    )
    page.goto(live_server.url + "/social/")
    page.locator(f"#mention-{mention['id']}").get_by_role("button", name="Mark followed up").click()
    expect(page.locator(f"#mention-{mention['id']}")).to_have_count(0)
