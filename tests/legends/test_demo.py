"""The demo's legends: candidates from its long calls and gestures, legends told from the journey stories,
the long call waiting in review for journey 11, a new hires' reading list, customers' own stories."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from wowdesk.accounts.models import User
from wowdesk.legends.models import Candidate, CandidateReason, CompanyValue, CustomerStory, Legend, ReadingList, State
from wowdesk.legends.selectors import public_legends
from wowdesk.legends.starter import STARTER_VALUES, install_starter_values

pytestmark = pytest.mark.django_db
SMALL = ("--conversations", "400", "--customers", "80")


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", *SMALL, stdout=io.StringIO(), stderr=io.StringIO())


def test_candidates_come_from_long_calls_and_gestures(seeded):
    rules = set(CandidateReason.objects.values_list("rule", flat=True))
    assert {"long_call", "gesture_thanked", "hero_award", "social_praise", "customer_story"} <= rules
    open_rules = set(CandidateReason.objects.filter(candidate__state="open").values_list("rule", flat=True))
    assert {"long_call", "gesture_thanked"} <= open_rules
    long_call = Legend.objects.get(title="The longest call of the year")
    assert Candidate.objects.get(legend=long_call).state == "captured"


def test_the_long_call_waits_in_review_unredacted_for_journey_11(seeded):
    legend = Legend.objects.get(title="The longest call of the year")
    assert legend.state == State.REVIEW
    assert not legend.redaction_current
    assert "Lorna" in legend.story_text
    assert legend.facts["calls"]["total_label"] == "7 h 52 min"
    assert legend.author.username == "demo"


def test_public_legends_are_redacted_and_consented(seeded, client: Client):
    public = list(public_legends())
    assert {legend.title for legend in public} == {"The tyres we never sold", "A letter from space"}
    assert Legend.objects.filter(state=State.STAFF).count() == 2
    page = client.get("/stories/").content.decode()
    feed = client.get("/stories/feed/").content.decode()
    for legend in public:
        assert legend.title in page
        assert legend.title in feed
    for name in ("Hollis", "Brandt", "Priyanka", "Sethi", "Arlo"):
        assert name not in page
        assert name not in feed


def test_new_hires_have_a_reading_list_and_felix_has_started_it(seeded, client: Client):
    reading = ReadingList.objects.get(for_new_hires=True)
    assert reading.items.count() == 4
    felix = User.objects.get(username="felix")
    assert client.login(username="felix", password="wowdesk-demo")
    page = client.get(f"/legends/reading/{reading.pk}/").content.decode()
    assert "You have read 1 of 4." in page
    assert felix.legend_reads.count() == 1


def test_customer_stories_are_moderated_and_linked(seeded):
    assert CustomerStory.objects.filter(state="pending").count() == 1
    priya = CustomerStory.objects.get(email="priyanka.sethi@example.org")
    assert priya.state == "accepted"
    assert priya.customer is not None
    assert priya.conversations.exists()
    sam = CustomerStory.objects.get(email="sam.whitford@example.com")
    assert "[phone]" in sam.published_text


def test_starter_values_install_once():
    assert install_starter_values() == len(STARTER_VALUES)
    assert install_starter_values() == 0
    assert CompanyValue.objects.count() == len(STARTER_VALUES)
