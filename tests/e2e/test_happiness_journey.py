"""Journey 8 in a real browser: the rep resolves a conversation, the survey email reaches a real SMTP
server, the customer grades D from the link in it, and the lead sees the recovery and the dashboard move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, ConversationFactory, CustomerEmailFactory, CustomerFactory
from tests.happiness.conftest import make_survey
from tests.mail.smtp import SmtpServer
from wowdesk.conversations.models import Status
from wowdesk.happiness.models import Recovery

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"(http://\S+/happiness/survey/[A-Za-z0-9_-]{43}/)\s")


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server.inbox


def _log_in(page: Page, base: str, user) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_customer_grades_d_from_the_email_and_the_lead_sees_the_recovery(
    live_server, page: Page, smtp, settings, rep, lead, team
):
    settings.WOWDESK_PUBLIC_URL = live_server.url
    # An earlier happy customer, so the dashboard has something to move from.
    earlier = ConversationFactory.create(team=team, assignee=rep, status=Status.RESOLVED, subject="Gift wrap")
    make_survey(earlier).grade("A", "Lovely.")
    customer = CustomerFactory.create(name="Jonas Whitfield", preferred_name="Jonas")
    CustomerEmailFactory.create(customer=customer, email="jonas@example.org")
    conversation = ConversationFactory.create(
        team=team, assignee=rep, customer=customer, status=Status.OPEN, subject="Walking boots, wrong size twice"
    )

    # The lead's dashboard before: every grade an A.
    lead_page = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    _log_in(lead_page, live_server.url, lead)
    lead_page.goto(live_server.url + "/happiness/")
    expect(lead_page.get_by_test_id("good-share")).to_have_text("100%")
    expect(lead_page.get_by_test_id("open-recoveries")).to_have_text("0")

    # 1. The rep resolves the conversation; the survey leaves by SMTP after the commit.
    _log_in(page, live_server.url, rep)
    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    controls = page.locator(".controls form").filter(has=page.get_by_role("button", name="Set status"))
    controls.locator("select").select_option("resolved")
    page.get_by_role("button", name="Set status").click()
    expect(page.get_by_test_id("status")).to_have_text("Resolved")
    [email] = [m for m in smtp.messages if m["To"].addresses[0].addr_spec == "jonas@example.org"]
    assert email["Subject"] == f"How did we do? [#{conversation.pk}]"
    link = LINK.search(email.get_body(("plain",)).get_content() + "\n").group(1)  # type: ignore[union-attr]

    # 2. The customer follows the link (no login) and grades D with a comment.
    customer_page = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    customer_page.goto(link + "?grade=D")
    expect(customer_page.get_by_role("heading", level=1)).to_have_text("Jonas, how did we do?")
    expect(customer_page.get_by_label("D: poor")).to_be_checked()
    customer_page.get_by_label("Anything you want to tell us?").fill("Two wrong sizes and a week of waiting.")
    customer_page.get_by_role("button", name="Send my grade").click()
    expect(customer_page.get_by_test_id("survey-thanks")).to_contain_text("You gave us a D.")

    # 3. The lead sees the recovery item, told about it in the menu, and the dashboard has moved.
    lead_page.goto(live_server.url + "/happiness/recoveries/")
    expect(lead_page.get_by_test_id("recovery-badge")).to_have_text("1")
    row = lead_page.get_by_test_id("recovery-row").filter(has_text="Walking boots, wrong size twice")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Two wrong sizes and a week of waiting.")
    lead_page.goto(live_server.url + "/happiness/")
    expect(lead_page.get_by_test_id("good-share")).to_have_text("50%")
    expect(lead_page.get_by_test_id("bad-share")).to_have_text("50%")
    expect(lead_page.get_by_test_id("open-recoveries")).to_have_text("1")
    expect(lead_page.get_by_test_id("worst-row").first).to_contain_text("Walking boots, wrong size twice")
    expect(lead_page.locator("#chart-weeks")).to_be_visible()

    # 4. The lead calls back and closes the recovery from the conversation page.
    lead_page.get_by_test_id("worst-row").first.get_by_role("link").click()
    panel = lead_page.get_by_test_id("recovery-open")
    expect(panel).to_contain_text("Recovery open after a D")
    panel.get_by_label("What was done").fill("Called Jonas, swapped to the wide fit, shipping on us.")
    panel.get_by_role("button", name="Close the recovery").click()
    expect(lead_page.locator(".messages")).to_contain_text("Recovery closed")
    expect(lead_page.locator("#panel-happiness")).to_contain_text("Recovered after a D")
    assert Recovery.objects.get().closed_by == lead
