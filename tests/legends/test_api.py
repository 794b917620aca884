"""The legends API: the whole way from a long call to the public list, errors by field, constant-query lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import api_client_for, fields
from tests.factories import ConversationFactory
from tests.legends import clips
from tests.legends.helpers import published
from wowdesk.legends.models import Candidate, CustomerStory, Legend, State
from wowdesk.legends.services import candidates_find, consent_request_email, reading_list_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_api(lead):
    return api_client_for(lead)


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


def test_from_a_long_call_to_the_public_list(long_call, lead, lead_api, values, client: Client):
    candidates_find(since=long_call.ended_at - dt.timedelta(hours=1))
    [candidate] = lead_api.get("/legend-candidates").json()["items"]
    assert candidate["reasons"][0]["rule"] == "long_call"

    created = lead_api.post(
        "/legends", {"candidate_id": candidate["id"], "lesson": "Take the time.", "value_ids": [values[0].pk]}
    )
    assert created.status_code == 201, created.json()
    legend = created.json()
    assert legend["facts"]["calls"]["total_label"] == "7 h 52 min"
    assert legend["state"] == "draft"
    assert not legend["redacted"]
    pk = legend["id"]

    preview = lead_api.post(f"/legends/{pk}/redaction-preview", {"extra": [], "alias": "", "keep": []}).json()
    assert {"kind": "name", "description": "a name", "text": "Lorna Castellane"} in preview["found"]
    assert lead_api.post(f"/legends/{pk}/redaction", {}).json()["redacted"] is True
    assert lead_api.post(f"/legends/{pk}/transitions", {"to": "review"}).status_code == 200
    checks = lead_api.get(f"/legends/{pk}/checks").json()
    assert checks["staff"] == []
    assert [p["field"] for p in checks["public"]] == ["consent"]
    refused = lead_api.post(f"/legends/{pk}/transitions", {"to": "public"})
    assert refused.status_code == 422
    assert fields(refused) == {"consent"}

    consent = lead_api.post(f"/legends/{pk}/consents/call", {"note": "Yes, share it.", "call_id": long_call.pk})
    assert consent.status_code == 201
    assert consent.json()["for_current_text"]
    assert lead_api.post(f"/legends/{pk}/transitions", {"to": "public"}).json()["state"] == "public"

    public = client.get("/api/public/legends").json()["items"]
    assert [item["id"] for item in public] == [pk]
    assert "Lorna" not in str(public)
    assert client.get(f"/api/public/legends/{pk}").status_code == 200
    assert Candidate.objects.get().state == "captured"


def test_publishing_unredacted_is_a_422_naming_the_field(long_call, lead, lead_api, values):
    pk = lead_api.post(
        "/legends", {"conversation_id": long_call.conversation_id, "lesson": "x", "value_ids": [values[0].pk]}
    ).json()["id"]
    lead_api.post(f"/legends/{pk}/transitions", {"to": "review"})
    response = lead_api.post(f"/legends/{pk}/transitions", {"to": "staff"})
    assert response.status_code == 422
    assert "story" in fields(response)
    assert "Unredacted personal data" in response.json()["detail"][0]["message"]


def test_capture_refuses_what_you_may_not_see_by_field(long_call, outsider, values):
    api = api_client_for(outsider)
    hidden = api.post("/legends", {"conversation_id": long_call.conversation_id})
    nothing = api.post("/legends", {})
    bad_value = api_client_for(long_call.agent).post(
        "/legends", {"conversation_id": long_call.conversation_id, "value_ids": [999]}
    )
    assert (hidden.status_code, fields(hidden)) == (422, {"conversation_id"})
    assert (nothing.status_code, fields(nothing)) == (422, {"conversation_id"})
    assert (bad_value.status_code, fields(bad_value)) == (422, {"value_ids"})
    assert not Legend.objects.exists()


def test_html_in_the_story_is_sanitised(long_call, rep_api):
    legend = rep_api.post(
        "/legends",
        {
            "conversation_id": long_call.conversation_id,
            "story": '<p>Hi<script>x()</script><a href="javascript:y">z</a></p>',
        },
    ).json()
    assert legend["story_html"] == '<p>Hi<a rel="noopener noreferrer nofollow">z</a></p>'


def test_a_stale_update_is_a_422_on_expected_version(long_call, rep_api):
    pk = rep_api.post("/legends", {"conversation_id": long_call.conversation_id}).json()["id"]
    body = {"title": "A", "story": "B", "lesson": "", "value_ids": [], "expected_version": 1}
    assert rep_api.put(f"/legends/{pk}", body).status_code == 200
    stale = rep_api.put(f"/legends/{pk}", {**body, "title": "C"})
    assert (stale.status_code, fields(stale)) == (422, {"expected_version"})
    assert [v["change"] for v in rep_api.get(f"/legends/{pk}/versions").json()["items"]] == ["Edited", "Captured"]


def test_clip_upload_checks_contents_and_serves_safely(long_call, rep, values):
    pk = api_client_for(rep).post("/legends", {"conversation_id": long_call.conversation_id}).json()["id"]
    token_client = api_client_for(rep).client
    fake = token_client.post(f"/api/legends/{pk}/clip", {"clip": SimpleUploadedFile("a.mp3", clips.HTML)})
    real = token_client.post(f"/api/legends/{pk}/clip", {"clip": SimpleUploadedFile("a.bin", clips.mp3())})
    assert (fake.status_code, {e["field"] for e in fake.json()["detail"]}) == (422, {"clip"})
    assert real.status_code == 200
    assert real.json()["clip_type"] == "audio/mpeg"
    served = token_client.get(real.json()["clip_url"], headers={"Range": "bytes=0-9"})
    assert served.status_code == 206
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served.getvalue() == clips.mp3()[:10]


def test_consent_link_over_the_api(long_call, lead, values, client: Client):
    legend = published(lead, long_call.conversation, values)
    _consent, token = consent_request_email(actor=lead, legend=legend, base_url="http://testserver")
    shown = client.get(f"/api/public/legend-consent/{token}")
    assert shown.status_code == 200
    assert shown.json()["story_html"] == legend.story_html
    assert client.get("/api/public/legend-consent/nope").status_code == 404
    answered = client.post(f"/api/public/legend-consent/{token}", {"answer": "agree"}, content_type="application/json")
    again = client.post(f"/api/public/legend-consent/{token}", {"answer": "decline"}, content_type="application/json")
    assert answered.json() == {"state": "given"}
    assert again.status_code == 409
    assert fields(again) == {"token"}


def test_customer_stories_public_submit_and_moderation(lead_api, rep_api, lorna, client: Client):
    submitted = client.post(
        "/api/public/customer-stories",
        {
            "name": "L.",
            "email": "lorna.castellane@example.com",
            "text": "Call me on 555 216 4410! They were wonderful.",
            "may_publish": True,
        },
        content_type="application/json",
    )
    invalid = client.post(
        "/api/public/customer-stories", {"name": "", "email": "x", "text": ""}, content_type="application/json"
    )
    assert submitted.status_code == 201
    assert invalid.status_code == 422
    assert fields(invalid) == {"name", "email", "text"}
    assert rep_api.get("/customer-stories").status_code == 403
    [story] = lead_api.get("/customer-stories").json()["items"]
    accepted = lead_api.post(f"/customer-stories/{story['id']}/accept", {"note": ""}).json()
    assert accepted["customer_id"] == lorna.pk
    assert accepted["published_text"] == "Call me on [phone]! They were wonderful."
    assert (
        client.get("/api/public/customer-stories").json()["items"][0]["text"]
        == "Call me on [phone]! They were wonderful."
    )
    assert lead_api.get("/legend-candidates").json()["items"][0]["customer_story_id"] == story["id"]
    assert CustomerStory.objects.get().state == "accepted"


def test_values_and_reading_lists(admin_user, lead, lead_api, rep_api, long_call, values):
    admin = api_client_for(admin_user)
    assert admin.post("/legend-values", {"name": "Leave it better than we found it"}).status_code == 201
    assert rep_api.post("/legend-values", {"name": "Mine"}).status_code == 403
    legend = published(lead, long_call.conversation, values)
    reading = lead_api.post("/legend-reading-lists", {"name": "New hires", "for_new_hires": True}).json()
    added = lead_api.post(
        f"/legend-reading-lists/{reading['id']}/items", {"legend_id": legend.pk, "note": "Start here"}
    ).json()
    assert added["items"][0]["read"] is False
    rep_api.client.put(f"/api/legends/{legend.pk}/read")
    assert rep_api.get(f"/legend-reading-lists/{reading['id']}").json()["read"] == 1
    assert rep_api.post("/legend-reading-lists", {"name": "x"}).status_code == 403


def _count(api, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path, {"limit": 100})
        assert response.status_code == 200, response.json()
    return len(ctx.captured_queries)


def test_list_endpoints_run_a_fixed_number_of_queries(long_call, lead, lead_api, values, client: Client):
    def add(n: int) -> None:
        for _ in range(n):
            conversation = ConversationFactory.create(
                customer=long_call.conversation.customer, team=long_call.conversation.team
            )
            published(lead, conversation, values, to=State.PUBLIC)
            reading_list_create(actor=lead, name=f"List {Legend.objects.count()}")
        candidates_find(since=long_call.ended_at - dt.timedelta(hours=1))

    add(2)
    lead_api.get("/legends")  # records the token's last use
    paths = ["/legends", "/legend-candidates", "/legend-reading-lists", "/legend-values", "/customer-stories"]
    before = {path: _count(lead_api, path) for path in paths}
    public_before = _count(client, "/api/public/legends")
    add(4)
    assert {path: _count(lead_api, path) for path in paths} == before
    assert _count(client, "/api/public/legends") == public_before


def test_readers_who_do_not_work_on_a_legend_get_no_evidence(long_call, lead, values, outsider):
    legend = published(lead, long_call.conversation, values)
    mine = api_client_for(lead).get(f"/legends/{legend.pk}").json()
    theirs = api_client_for(outsider).get(f"/legends/{legend.pk}").json()
    assert mine["facts"]["customer"]["name"] == "Lorna Castellane"
    assert theirs["facts"] == {}
    assert api_client_for(outsider).get(f"/legends/{legend.pk}/consents").json() == []
