"""Nothing unconsented or unredacted reaches the public page, the feed, the public API or public clips."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client

from tests.factories import ConversationFactory
from tests.legends import clips
from tests.legends.helpers import draft, published
from wowdesk.legends.models import Consent, ConsentState, Legend, State
from wowdesk.legends.selectors import public_legend_get, public_legends, public_legends_page
from wowdesk.legends.services import (
    consent_record_call,
    legend_clip_attach,
    legend_clip_confirm,
    legend_redact,
    legend_transition,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own feed, from the test server


@pytest.fixture
def shelf(long_call, lead, values, team) -> dict[str, Legend]:
    """One legend in every situation the public selectors must tell apart."""

    def conversation():
        return ConversationFactory.create(customer=long_call.conversation.customer, team=team)

    ok = published(lead, long_call.conversation, values, to=State.PUBLIC)
    staff = published(lead, conversation(), values, to=State.STAFF)
    declined = published(lead, conversation(), values, to=State.PUBLIC)
    Consent.objects.filter(legend=declined).update(state=ConsentState.DECLINED)
    withdrawn = published(lead, conversation(), values, to=State.PUBLIC)
    Consent.objects.filter(legend=withdrawn).update(state=ConsentState.WITHDRAWN)
    # Changed behind the services' back: consent and redaction were for other words.
    edited = published(lead, conversation(), values, to=State.PUBLIC)
    Legend.objects.filter(pk=edited.pk).update(title="Lorna's day", content_digest="0" * 64)
    unredacted = published(lead, conversation(), values, to=State.PUBLIC)
    Legend.objects.filter(pk=unredacted.pk).update(redaction_digest="")
    forced = published(lead, conversation(), values, to=State.STAFF)
    Legend.objects.filter(pk=forced.pk).update(state=State.PUBLIC, public_since=forced.published_at)
    in_draft = draft(lead, conversation(), values)
    return {
        "ok": ok,
        "staff": staff,
        "declined": declined,
        "withdrawn": withdrawn,
        "edited": edited,
        "unredacted": unredacted,
        "forced": forced,
        "draft": in_draft,
    }


def test_the_public_queryset_holds_only_public_redacted_consented_legends(shelf):
    assert list(public_legends()) == [shelf["ok"]]
    assert public_legends_page(cursor=None, size=50).items == [shelf["ok"]]
    for name, legend in shelf.items():
        if name != "ok":
            with pytest.raises(Exception, match="No such story"):
                public_legend_get(pk=legend.pk)


def test_the_public_pages_show_only_that_legend(shelf, client: Client):
    index = client.get("/stories/")
    assert index.status_code == 200
    assert f'id="story-{shelf["ok"].pk}"' in index.content.decode()
    for name, legend in shelf.items():
        if name == "ok":
            assert client.get(f"/stories/{legend.pk}/").status_code == 200
            continue
        assert f'id="story-{legend.pk}"' not in index.content.decode()
        assert client.get(f"/stories/{legend.pk}/").status_code == 404


def test_the_public_page_never_names_the_customer(shelf, client: Client):
    for url in ("/stories/", f"/stories/{shelf['ok'].pk}/", "/stories/feed/"):
        body = client.get(url).content.decode()
        assert "Lorna" not in body
        assert "Castellane" not in body
        assert "lorna.castellane" not in body


def _one(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path.replace("a:", ATOM))
    assert found is not None, f"missing {path}"
    return found


def _text(element: ET.Element, path: str) -> str:
    text = _one(element, path).text
    assert text, f"empty {path}"
    return text


def test_the_feed_is_valid_atom_with_only_the_public_legend(shelf, client: Client):
    response = client.get("/stories/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = _atom(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("a:id", "a:title", "a:updated"):
        assert _text(root, required)
    dt.datetime.fromisoformat(_text(root, "a:updated"))
    assert _text(root, "a:author/a:name") == "WowDesk"
    assert _one(root, "a:link[@rel='self']").get("href") == "http://testserver/stories/feed/"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    dt.datetime.fromisoformat(_text(entry, "a:updated"))
    dt.datetime.fromisoformat(_text(entry, "a:published"))
    assert _text(entry, "a:id") == f"tag:wowdesk.localhost,2026:legend/{shelf['ok'].pk}"
    assert _one(entry, "a:link[@rel='alternate']").get("href") == f"http://testserver/stories/{shelf['ok'].pk}/"
    assert _text(entry, "a:title") == shelf["ok"].title
    assert "Why it matters" in _text(entry, "a:summary")
    assert _one(entry, "a:summary").get("type") == "html"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Take the time it takes"]


def test_the_feed_is_valid_even_when_empty(client: Client):
    root = _atom(client.get("/stories/feed/").content)
    assert _text(root, "a:updated")
    assert root.findall(f"{ATOM}entry") == []


def test_a_public_clip_is_served_only_when_checked_and_public(long_call, lead, values, client: Client):
    legend = draft(lead, long_call.conversation, values)
    legend = legend_clip_attach(actor=lead, legend=legend, upload=ContentFile(clips.mp4(), name="telling.mp4"))
    legend = legend_transition(actor=lead, legend=legend_redact(actor=lead, legend=legend), to=State.REVIEW)
    consent_record_call(actor=lead, legend=legend, note="Yes, happily.")
    with pytest.raises(ValidationError) as exc:
        legend_transition(actor=lead, legend=legend, to=State.PUBLIC)
    assert "clip" in exc.value.message_dict
    assert client.get(f"/stories/{legend.pk}/clip/").status_code == 404

    legend = legend_transition(actor=lead, legend=legend_clip_confirm(actor=lead, legend=legend), to=State.PUBLIC)

    response = client.get(f"/stories/{legend.pk}/clip/")
    assert response.status_code == 200
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("video/mp4", "nosniff")
    assert response.getvalue() == clips.mp4()
    enclosure = _one(_atom(client.get("/stories/feed/").content), "a:entry/a:link[@rel='enclosure']")
    assert (enclosure.get("href"), enclosure.get("type"), enclosure.get("length")) == (
        f"http://testserver/stories/{legend.pk}/clip/",
        "video/mp4",
        "2048",
    )
    Legend.objects.filter(pk=legend.pk).update(content_digest="changed")
    assert client.get(f"/stories/{legend.pk}/clip/").status_code == 404
