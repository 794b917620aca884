"""Two story journeys, walked through the real pages in a browser.

- Journey 1, the long call: a customer is on the phone for ten hours. The rep
  keeps rapport notes and a life moment while they talk; the conversation
  shows the call's length without a word about cutting it short; after an A
  grade, the lead finds the call proposed as a legend, with its reasons.
- Journey 4, the airport steak: a public post joking that we should meet the
  customer at arrivals with a steak comes in through the social webhook. The
  rep finds it under Mentions, grants a custom package from its
  conversation, and starts a draft legend with "Tell this story".

Starting data comes from factories and services (a call cannot be waited
out in a test, and a grade arrives through the customer's survey link);
everything the staff do is a click or a form fill.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, CallFactory, ConversationFactory, CustomerFactory
from wowdesk.accounts.models import User
from wowdesk.conversations.models import Channel, Conversation
from wowdesk.customers.models import LifeMoment, RapportNote
from wowdesk.gestures.models import Gesture, Shipment
from wowdesk.gestures.starter import install_starter_catalogue
from wowdesk.happiness.models import Survey, SurveyStatus, SurveyTrigger
from wowdesk.happiness.services import grade_record
from wowdesk.happiness.tokens import new_token, token_digest
from wowdesk.legends.models import Candidate, Legend
from wowdesk.legends.services import candidates_find
from wowdesk.social.models import SocialMention
from wowdesk.social.services import social_source_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEN_HOURS = 10 * 60 * 60
# Words a page would use to push a rep off a call or rank reps by time on the phone.
HURRY_WORDS = re.compile(r"talk time|handle time|too long|hang up|wrap up|average call", re.IGNORECASE)


def log_in(page: Page, base: str, user: User) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".usermenu")).to_contain_text(user.display_name)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("Username")).to_be_visible()


def grade_by_customer(conversation: Conversation, letter: str, comment: str) -> None:
    """The customer follows their survey link and grades the conversation."""
    now = timezone.now()
    token = new_token()
    Survey.objects.create(
        conversation=conversation,
        customer=conversation.customer,
        status=SurveyStatus.SENT,
        trigger=SurveyTrigger.RESOLVED,
        token_digest=token_digest(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=30),
    )
    grade_record(token=token, letter=letter, comment=comment, revision=0)


def post_mention(url: str, secret: str, payload: dict[str, str]) -> tuple[int, int]:
    """Post one mention as the relay would; returns (mention id, conversation id)."""
    request = urllib.request.Request(  # noqa: S310 - the live test server on loopback
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        body = json.loads(response.read())
    assert isinstance(body["id"], int)
    assert isinstance(body["conversation_id"], int)
    return body["id"], body["conversation_id"]


def test_the_long_call(live_server, page: Page, rep, lead, team):
    customer = CustomerFactory.create(name="Walter Brinkmann")
    conversation = ConversationFactory.create(
        team=team, customer=customer, assignee=rep, channel=Channel.PHONE, subject="Walter calls about his order"
    )
    ended = timezone.now()
    CallFactory.create(
        conversation=conversation,
        agent=rep,
        started_at=ended - dt.timedelta(seconds=TEN_HOURS),
        ended_at=ended,
        duration_seconds=TEN_HOURS,
    )

    log_in(page, live_server.url, rep)
    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Walter calls about his order")

    # What Walter talks about goes into the customer panel while the call runs.
    notes = page.locator("#panel-notes")
    for body in (
        "Compared the neighbourhoods of Rotterdam with him: he likes Kralingen for the lake.",
        "Job hunting as a carpenter; has an interview on Thursday.",
    ):
        notes.get_by_text("Add a rapport note", exact=True).click()
        notes.get_by_label("Note").fill(body)
        notes.get_by_role("button", name="Add note").click()
        expect(page).to_have_url(re.compile(rf"/conversations/{conversation.pk}/"))
        expect(page.locator("#panel-notes .rapport-note").filter(has_text=body)).to_have_count(1)

    moments = page.locator("#panel-moments")
    moments.get_by_text("Record a life moment", exact=True).click()
    moments.get_by_label("What happened").select_option(label="Moving")
    moments.get_by_label("Note").fill("Moving to Rotterdam for a fresh start")
    moments.get_by_role("button", name="Record life moment").click()
    expect(page).to_have_url(re.compile(rf"/conversations/{conversation.pk}/"))
    moment = page.locator("#panel-moments .life-moment")
    expect(moment).to_have_count(1)
    expect(moment).to_contain_text("Moving")
    expect(moment).to_contain_text("Moving to Rotterdam for a fresh start")

    # Ten hours, shown as a plain fact; nothing on the page nudges the rep to end it or ranks it.
    calls = page.locator("#calls")
    expect(calls.locator(".call-duration")).to_have_text("10:00:00")
    expect(calls).to_contain_text("Rita Reyes")
    expect(page.locator("body")).not_to_contain_text(HURRY_WORDS)

    assert list(RapportNote.objects.filter(customer=customer).values_list("author", flat=True)) == [rep.pk, rep.pk]
    recorded = LifeMoment.objects.get(customer=customer)
    assert (recorded.kind, recorded.conversation_id) == (LifeMoment.Kind.MOVING, conversation.pk)

    # Walter grades the conversation A; the nightly finder looks over the last day.
    grade_by_customer(conversation, "A", "She listened for as long as I needed.")
    assert candidates_find(since=ended - dt.timedelta(days=1)) >= 2

    log_out(page)
    log_in(page, live_server.url, lead)
    page.goto(live_server.url + "/legends/candidates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stories worth telling")
    card = page.locator("article.candidate").filter(has_text="Walter calls about his order")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Walter Brinkmann")
    reasons = card.locator(".reasons li")
    long_call = reasons.filter(has_text="Very long call, graded A")
    expect(long_call).to_have_count(1)
    expect(long_call).to_contain_text("A 10 h call, and the customer graded the conversation A.")
    expect(reasons.filter(has_text="A 10 h call with Walter Brinkmann, taken by Rita Reyes.")).to_have_count(1)
    expect(reasons.filter(has_text="Life moment, graded A")).to_contain_text("shared a life moment (Moving)")
    expect(card.get_by_role("link", name="Tell this story")).to_be_visible()

    candidate = Candidate.objects.get()
    assert candidate.conversation_id == conversation.pk
    assert set(candidate.reasons.values_list("rule", flat=True)) == {"long_call", "long_call_a", "life_moment_a"}


def test_the_airport_steak(live_server, page: Page, rep, admin_user, team):
    install_starter_catalogue()
    _source, secret = social_source_create(actor=admin_user, name="X relay")
    text = "Just landed at the airport and I'm starving. @WowDesk should meet me at arrivals with a steak. Kidding!"
    mention_id, conversation_id = post_mention(
        live_server.url + "/api/social/mentions",
        secret,
        {
            "network": "x",
            "author_handle": "@peckish_pete",
            "author_name": "Pete Lindgren",
            "url": "https://x.example/peckish_pete/status/2002",
            "text": text,
            "posted_at": (timezone.now() - dt.timedelta(minutes=20)).isoformat(),
        },
    )
    assert SocialMention.objects.filter(pk=mention_id, conversation_id=conversation_id).exists()

    log_in(page, live_server.url, rep)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Social mentions")
    card = page.locator(f"#mention-{mention_id}")
    expect(card).to_contain_text("meet me at arrivals with a steak")
    expect(card).to_contain_text("Follow up")
    card.get_by_role("link", name=f"Conversation #{conversation_id}").click()
    expect(page).to_have_url(re.compile(rf"/conversations/{conversation_id}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("@peckish_pete")
    expect(page.locator("#timeline")).to_contain_text("Just landed at the airport")

    panel = page.locator("#panel-gestures")
    panel.get_by_text("Grant a Wow gesture", exact=True).click()
    # A social customer has no postal address on file: the full form says where the package goes.
    panel.get_by_role("link", name="More options (address, cost, currency)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grant a Wow gesture to Pete Lindgren")
    page.get_by_label("Gesture").select_option(label="Custom package (Custom package)")
    page.get_by_label("Reason").select_option(label="Just to delight")
    page.get_by_label("Why").fill("he joked we should meet him with a steak, so we did")
    page.get_by_label("Package contents").fill("a steak dinner delivered to arrivals")
    page.get_by_label("Recipient").fill("Pete Lindgren, arrivals hall")
    page.get_by_label("Send to").fill("Arrivals hall, Terminal 2\nCity Airport")
    page.get_by_role("button", name="Grant", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/conversations/{conversation_id}/"))
    expect(page.locator(".messages")).to_contain_text("Custom package granted")
    expect(page.locator("#timeline")).to_contain_text(
        re.compile(r"Wow gesture granted: Custom package.*he joked we should meet him with a steak, so we did")
    )
    expect(page.locator("#panel-gestures .wow-granted").get_by_role("link", name="Custom package")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Gestures").click()
    expect(page).to_have_url(re.compile(r"/gestures/$"))
    row = page.locator("#gesture-results .gesture-row").filter(has_text="Custom package")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("he joked we should meet him with a steak, so we did")
    expect(row).to_contain_text("Pete Lindgren")

    gesture = Gesture.objects.get()
    assert (gesture.kind, gesture.description, gesture.conversation_id, gesture.granted_by) == (
        "custom_package",
        "a steak dinner delivered to arrivals",
        conversation_id,
        rep,
    )
    assert Shipment.objects.get(gesture=gesture).recipient == "Pete Lindgren, arrivals hall"

    # Back on the conversation, the rep starts the legend from it.
    page.goto(f"{live_server.url}/conversations/{conversation_id}/")
    page.get_by_role("link", name="Tell this story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell this story")
    expect(page.get_by_label("Title")).to_have_value(re.compile("@peckish_pete"))
    page.get_by_label("Title").fill("The steak at arrivals")
    page.get_by_label("Why it matters").fill("A joke taken seriously, kindly: we listen even when nobody asks.")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("The steak at arrivals")
    legend = Legend.objects.get()
    assert page.url.endswith(f"/legends/{legend.pk}/")
    assert (legend.title, legend.state, legend.conversation_id, legend.author) == (
        "The steak at arrivals",
        "draft",
        conversation_id,
        rep,
    )
