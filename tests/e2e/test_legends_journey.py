"""Journey 11 in a real browser: a long call becomes a legend, is redacted, the customer consents through the
link in a real email (aiosmtpd on loopback), and it appears on the public stories page and in the feed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import (
    TEST_PASSWORD,
    CallFactory,
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
)
from tests.mail.smtp import SmtpServer
from wowdesk.conversations.models import Channel
from wowdesk.legends.models import Legend, State
from wowdesk.legends.services import candidates_find
from wowdesk.legends.starter import install_starter_values

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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


def test_a_long_call_becomes_a_public_legend_with_the_customers_consent(
    live_server, page: Page, smtp, rep, lead, team, settings
):
    # The consent link in the email must lead to this test's server.
    settings.WOWDESK_PUBLIC_URL = live_server.url
    install_starter_values()
    lorna = CustomerFactory.create(name="Lorna Castellane")
    CustomerEmailFactory.create(customer=lorna, email="lorna.castellane@example.com")
    conversation = ConversationFactory.create(
        customer=lorna, channel=Channel.PHONE, subject="Walking shoes, and a move", team=team, assignee=rep
    )
    ended = timezone.now() - dt.timedelta(hours=2)
    CallFactory.create(
        conversation=conversation,
        agent=rep,
        started_at=ended - dt.timedelta(hours=7, minutes=52),
        ended_at=ended,
        duration_seconds=7 * 3600 + 52 * 60,
    )
    candidates_find(since=ended - dt.timedelta(days=1))
    base = live_server.url

    # 1. The lead finds the long call among the candidates and tells its story.
    _log_in(page, base, lead)
    page.goto(base + "/legends/candidates/")
    candidate = page.locator(".candidate", has_text="Walking shoes, and a move")
    expect(candidate).to_contain_text("A 7 h 52 min call with Lorna Castellane, taken by Rita Reyes.")
    candidate.get_by_role("link", name="Tell this story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell this story")
    expect(page.get_by_label("The story")).to_have_value(re.compile("On the phone for 7 h 52 min in all."))
    page.get_by_label("Title").fill("The longest call of the year")
    page.get_by_label("Why it matters").fill("Nobody hurried her. The order took minutes; the care took the day.")
    page.get_by_label("Take the time it takes").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_test_id("legend-state")).to_have_text("Draft")
    expect(page.get_by_test_id("story")).to_contain_text("Lorna Castellane")

    # 2. Redact: the preview marks her name; redacting replaces it.
    page.get_by_role("link", name="Redact").click()
    expect(page.locator("#redaction-preview")).to_contain_text("a name: Lorna Castellane")
    expect(page.get_by_test_id("redacted-story")).to_contain_text("[customer] got in touch by phone")
    page.get_by_role("button", name="Redact", exact=True).click()
    expect(page.get_by_text("Redacted: no personal data found in this version.")).to_be_visible()
    expect(page.get_by_test_id("story")).not_to_contain_text("Lorna")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_test_id("legend-state")).to_have_text("In review")

    # 3. Ask Lorna by email; the link arrives at the SMTP server.
    page.get_by_role("button", name="Email a consent link").click()
    expect(page.get_by_text("Consent link sent to lorna.castellane@example.com.")).to_be_visible()
    [email] = [m for m in smtp.messages if m["Subject"] == "May we share your story?"]
    assert email["To"].addresses[0].addr_spec == "lorna.castellane@example.com"
    link = re.search(r"http://\S+/stories/consent/\S+/", email.get_body(("plain",)).get_content())
    assert link is not None

    # 4. Lorna reads exactly what would be published, and says yes.
    browser = page.context.browser
    assert browser is not None
    customer = browser.new_context().new_page()
    customer.goto(link.group())
    expect(customer.get_by_role("heading", name="The longest call of the year")).to_be_visible()
    expect(customer.locator(".consent-preview")).not_to_contain_text("Lorna")
    customer.get_by_role("button", name="Yes, you may share it").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text("Thank you for letting us share it")
    customer.goto(link.group())
    expect(customer.get_by_text("This consent link has already been used.")).to_be_visible()

    # 5. The lead publishes it to the public.
    page.reload()
    expect(page.get_by_test_id("consent-status")).to_contain_text("Given (email link)")
    page.get_by_role("button", name="Publish to the public").click()
    expect(page.get_by_test_id("legend-state")).to_have_text("Published to the public")
    legend = Legend.objects.get()
    assert legend.state == State.PUBLIC

    # 6. Anyone sees it on the public page and in the feed, without her name.
    customer.goto(base + "/stories/")
    story = customer.locator(f"#story-{legend.pk}")
    expect(story).to_contain_text("The longest call of the year")
    story.get_by_role("link", name="The longest call of the year").click()
    expect(customer.locator(".legend-story")).to_contain_text("[customer] got in touch by phone")
    feed = customer.request.get(base + "/stories/feed/")
    assert feed.ok
    assert feed.headers["content-type"].startswith("application/atom+xml")
    body = feed.text()
    assert "<title>The longest call of the year</title>" in body
    assert "Lorna" not in body
