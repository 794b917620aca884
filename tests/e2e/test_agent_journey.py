"""One agent's journey through the web UI in a real browser.

Log in, filter the inbox, open a conversation, reply, record a life moment
from the customer panel, start a call, watch the timer tick, stop it and
see the stored duration.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, ConversationFactory, CustomerEmailFactory, CustomerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_agent_journey(live_server, page: Page, rep, teammate, team):
    customer = CustomerFactory.create(name="Maria Lopez", preferred_name="Mari")
    CustomerEmailFactory.create(customer=customer, email="maria@example.com")
    ConversationFactory.create(team=team, customer=customer, assignee=rep, subject="Boots too small")
    ConversationFactory.create(team=team, assignee=teammate, subject="Teammate's case")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("Username").fill(rep.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    results = page.locator("#inbox-results")
    expect(results).to_contain_text("Teammate's case")
    page.get_by_label("Show").select_option("mine")
    expect(results).not_to_contain_text("Teammate's case")
    expect(page).to_have_url(re.compile(r"scope=mine"))

    results.get_by_role("link", name="Boots too small").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boots too small")

    page.get_by_label("Reply to the customer").fill("A size 40 is on its way to you.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#timeline .entry-outbound")).to_contain_text("A size 40 is on its way to you.")

    moments = page.locator("#panel-moments")
    moments.get_by_text("Record a life moment").click()
    moments.get_by_label("What happened").select_option("new_baby")
    moments.get_by_label("Note").fill("A girl, Ana")
    moments.get_by_role("button", name="Record life moment").click()
    expect(page.locator("#panel-moments")).to_contain_text("New baby")
    expect(page.locator("#panel-moments")).to_contain_text("A girl, Ana")

    page.get_by_role("button", name="Start call").click()
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^\d+:\d\d:\d\d$"))
    first_reading = timer.inner_text()
    expect(timer).not_to_have_text(first_reading)

    page.get_by_role("button", name="Stop call").click()
    expect(page.get_by_role("timer")).to_have_count(0)
    expect(page.locator("#calls .call-duration").first).to_have_text(re.compile(r"^\d+:\d\d$"))
