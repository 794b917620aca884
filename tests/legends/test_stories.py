"""Customers' own stories: told on the public page, moderated before anything is shown, then candidates."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import ConversationFactory
from wowdesk.legends.models import Candidate, CustomerStory, Legend, StoryState
from wowdesk.legends.selectors import shown_customer_stories
from wowdesk.legends.services import customer_story_accept, customer_story_submit

pytestmark = pytest.mark.django_db
STORY = {
    "name": "Lorna",
    "email": "lorna.castellane@example.com",
    "text": "Marisa made my move feel possible.",
    "may_publish": "on",
}


def test_a_story_from_the_public_page_waits_for_moderation(client: Client):
    page = client.get("/stories/tell/")
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post("/stories/tell/", STORY)
    assert response.status_code == 302
    assert response["Location"] == "/stories/tell/thanks/"
    story = CustomerStory.objects.get()
    assert (story.state, story.may_publish) == (StoryState.PENDING, True)
    assert list(shown_customer_stories()) == []
    assert "Marisa made my move" not in client.get("/stories/yours/").content.decode()


def test_bad_input_is_a_400_naming_each_field_and_nothing_is_stored(client: Client):
    response = client.post("/stories/tell/", {"name": "", "email": "nope", "text": ""})
    assert response.status_code == 400
    assert response.content.decode().count('class="errorlist"') == 3
    assert not CustomerStory.objects.exists()


def test_the_honeypot_is_answered_like_a_success_and_stores_nothing(client: Client):
    assert client.post("/stories/tell/", {**STORY, "website": "http://spam.example"}).status_code == 302
    assert not CustomerStory.objects.exists()


def test_too_many_stories_from_one_address_is_a_429(client: Client, settings):
    settings.WOWDESK_CONTACT_LIMIT_PER_EMAIL = 1
    assert client.post("/stories/tell/", STORY).status_code == 302
    assert client.post("/stories/tell/", STORY).status_code == 429
    assert CustomerStory.objects.count() == 1


def test_accepting_links_the_customer_hides_contact_details_and_proposes_it(
    lorna, lead, lead_client, rep_client, client
):
    conversation = ConversationFactory.create(customer=lorna)
    story = customer_story_submit(
        name="Lorna",
        email="LORNA.castellane@example.com",
        text="Call me on 555 216 4410, or write to lorna@elsewhere.example. Thank you, Marisa!",
        may_publish=True,
    )
    assert story is not None
    assert rep_client.get("/legends/customer-stories/").status_code == 403
    assert "555 216 4410" in lead_client.get("/legends/customer-stories/").content.decode()

    assert lead_client.post(f"/legends/customer-stories/{story.pk}/accept/", {"note": ""}).status_code == 302

    story.refresh_from_db()
    assert story.customer == lorna
    assert list(story.conversations.all()) == [conversation]
    assert story.published_text == "Call me on [phone], or write to [email]. Thank you, Marisa!"
    shown = client.get("/stories/yours/").content.decode()
    assert "Thank you, Marisa!" in shown
    assert "555 216 4410" not in shown
    assert "lorna@elsewhere" not in shown
    candidate = Candidate.objects.get()
    assert candidate.customer_story == story
    assert lead_client.post(f"/legends/customer-stories/{story.pk}/reject/").status_code == 302
    story.refresh_from_db()
    assert story.state == StoryState.ACCEPTED  # already decided: refused, nothing changed


def test_a_story_without_permission_to_publish_is_never_shown(lead):
    story = customer_story_submit(name="Sam", email="sam@example.com", text="Great service.", may_publish=False)
    assert story is not None
    customer_story_accept(actor=lead, story=story)
    assert list(shown_customer_stories()) == []
    assert Candidate.objects.get().customer_story == story


def test_an_accepted_story_can_be_told_as_a_legend(lorna, lead, lead_client):
    story = customer_story_submit(
        name="Lorna", email="lorna.castellane@example.com", text="Marisa was wonderful.", may_publish=True
    )
    assert story is not None
    customer_story_accept(actor=lead, story=story)
    candidate = Candidate.objects.get()
    form = lead_client.get(f"/legends/new/?candidate={candidate.pk}").content.decode()
    assert "In Lorna&#x27;s own words" in form
    response = lead_client.post(
        "/legends/new/", {"candidate": candidate.pk, "title": "In her words", "story": "Marisa was wonderful."}
    )
    assert response.status_code == 302
    legend = Legend.objects.get()
    assert (legend.customer_story, legend.customer) == (story, lorna)
