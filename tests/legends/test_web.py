"""The legends pages: telling a story from a conversation, redacting, publishing, the feed and the lists."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ConversationFactory, UserFactory
from tests.legends import clips
from tests.legends.helpers import LESSON, draft, published
from wowdesk.legends.models import Candidate, CandidateState, Legend, LegendComment, LegendReaction, ReadingList, State
from wowdesk.legends.services import candidates_find, legend_react, reading_list_add, reading_list_create

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def count(client, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
        assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


def test_tell_this_story_from_the_conversation_page(long_call, rep_client, values):
    page = rep_client.get(f"/conversations/{long_call.conversation_id}/").content.decode()
    assert f"/legends/new/?conversation={long_call.conversation_id}" in page

    form = rep_client.get(f"/legends/new/?conversation={long_call.conversation_id}").content.decode()
    assert "On the phone for 7 h 52 min in all." in form
    assert "Lorna Castellane" in form  # the evidence, for the author

    response = rep_client.post(
        "/legends/new/",
        {
            "conversation": long_call.conversation_id,
            "title": "The day-long call",
            "story": "Lorna called about shoes and stayed all day.",
            "lesson": LESSON,
            "values": [values[0].pk],
        },
    )
    legend = Legend.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/legends/{legend.pk}/"
    assert (legend.title, legend.state, legend.conversation_id) == (
        "The day-long call",
        State.DRAFT,
        long_call.conversation_id,
    )
    detail = rep_client.get(response["Location"]).content.decode()
    assert "Not redacted yet for this version." in detail
    assert "Send for review" in detail


def test_capture_of_a_hidden_conversation_is_refused(long_call, outsider_client):
    response = outsider_client.get(f"/legends/new/?conversation={long_call.conversation_id}")
    assert response.status_code == 400
    assert "No such conversation" in response.content.decode()
    assert (
        outsider_client.post(
            "/legends/new/", {"conversation": long_call.conversation_id, "title": "x", "story": "y"}
        ).status_code
        == 400
    )
    assert not Legend.objects.exists()


def test_redact_preview_then_apply(long_call, lead, lead_client, values):
    legend = draft(lead, long_call.conversation, values, story="Lorna emailed lorna.castellane@example.com about Arlo.")
    preview = lead_client.post(f"/legends/{legend.pk}/redact/", {"extra": "Arlo", "alias": ""}, headers=HTMX)
    body = preview.content.decode()
    assert preview.status_code == 200
    assert '<mark class="personal" title="an email address">lorna.castellane@example.com</mark>' in body
    assert '<mark class="redacted" title="a name">[customer]</mark>' in body
    assert "<html" not in body
    assert Legend.objects.get().story_text == legend.story_text

    applied = lead_client.post(f"/legends/{legend.pk}/redact/", {"extra": "Arlo", "alias": "", "apply": "1"})
    assert applied.status_code == 302
    assert Legend.objects.get().story_text == "[customer] emailed [email] about [redacted]."


def test_publishing_unredacted_is_a_400_naming_what_was_found(long_call, lead, lead_client, values):
    legend = draft(lead, long_call.conversation, values)
    lead_client.post(f"/legends/{legend.pk}/move/", {"to": "review"})
    response = lead_client.post(f"/legends/{legend.pk}/move/", {"to": "staff"})
    assert response.status_code == 400
    assert "Unredacted personal data: a name (“Lorna”)" in response.content.decode()
    assert Legend.objects.get().state == State.REVIEW


def test_consent_by_email_from_the_legend_page(
    long_call, lead, lead_client, values, mailoutbox, django_capture_on_commit_callbacks
):
    legend = published(lead, long_call.conversation, values)
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(f"/legends/{legend.pk}/consent/email/", {"email": "lorna.castellane@example.com"})
    assert response.status_code == 302
    assert legend.consents.get().email == "lorna.castellane@example.com"
    stranger = lead_client.post(f"/legends/{legend.pk}/consent/email/", {"email": "who@elsewhere.example"})
    assert stranger.status_code == 400
    assert "the customer&#x27;s own addresses" in stranger.content.decode()


def test_the_consent_page_shows_the_text_and_takes_one_answer(
    long_call, lead, values, client, django_capture_on_commit_callbacks
):
    from wowdesk.legends.services import consent_request_email

    legend = published(lead, long_call.conversation, values)
    _consent, token = consent_request_email(actor=lead, legend=legend, base_url="http://testserver")
    page = client.get(f"/stories/consent/{token}/")
    assert page.status_code == 200
    assert legend.story_html in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    assert client.get(f"/stories/consent/{token}/").status_code == 200  # opening it twice uses nothing
    assert client.post(f"/stories/consent/{token}/", {"answer": "maybe"}).status_code == 400
    done = client.post(f"/stories/consent/{token}/", {"answer": "agree"})
    assert "Thank you for letting us share it" in done.content.decode()
    again = client.post(f"/stories/consent/{token}/", {"answer": "decline"})
    assert again.status_code == 409
    assert "already been used" in again.content.decode()
    assert client.get("/stories/consent/not-a-token/").status_code == 404
    assert legend.consents.get().state == "given"


def test_a_clip_with_a_faked_extension_is_refused_and_nothing_stored(long_call, lead, lead_client, values, media):
    legend = draft(lead, long_call.conversation, values)
    fake = SimpleUploadedFile("telling.mp4", clips.EXECUTABLE, content_type="video/mp4")
    response = lead_client.post(f"/legends/{legend.pk}/clip/upload/", {"clip": fake})
    assert response.status_code == 400
    assert "The file&#x27;s contents were checked, not its name." in response.content.decode()
    assert not Legend.objects.get().clip
    assert not (media / "legends").exists() or not any((media / "legends").rglob("*.*"))


def test_a_clip_over_the_limit_is_refused(long_call, lead, lead_client, values, settings):
    settings.WOWDESK_LEGEND_CLIP_MAX_BYTES = 1000
    legend = draft(lead, long_call.conversation, values)
    response = lead_client.post(
        f"/legends/{legend.pk}/clip/upload/", {"clip": SimpleUploadedFile("a.mp4", clips.mp4())}
    )
    assert response.status_code == 400
    assert "at most" in response.content.decode()
    assert not Legend.objects.get().clip


def test_a_clip_is_stored_under_a_random_name_and_played_never_run(long_call, lead, lead_client, values):
    legend = draft(lead, long_call.conversation, values)
    upload = SimpleUploadedFile("<script>.webm", clips.webm(), content_type="text/html")
    assert lead_client.post(f"/legends/{legend.pk}/clip/upload/", {"clip": upload}).status_code == 302
    legend.refresh_from_db()
    assert legend.clip.name is not None
    assert legend.clip.name.startswith("legends/clips/")
    assert legend.clip.name.endswith(".webm")
    assert "script" not in legend.clip.name
    assert (legend.clip_type, legend.clip_kind) == ("video/webm", "video")
    page = lead_client.get(f"/legends/{legend.pk}/").content.decode()
    assert f'<video controls preload="metadata" src="/legends/{legend.pk}/clip/">' in page
    served = lead_client.get(f"/legends/{legend.pk}/clip/?download=1")
    assert served["Content-Type"] == "video/webm"
    assert served["Content-Disposition"] == f'attachment; filename="legend-{legend.pk}.webm"'
    assert served["X-Content-Type-Options"] == "nosniff"


def test_drafts_are_not_for_everyone(long_call, rep, teammate, login, values):
    legend = draft(rep, long_call.conversation, values)
    assert login(teammate).get(f"/legends/{legend.pk}/").status_code == 404
    assert login(rep).get(f"/legends/{legend.pk}/").status_code == 200


def test_comments_and_reactions(long_call, lead, rep_client, values):
    legend = published(lead, long_call.conversation, values)
    assert rep_client.post(f"/legends/{legend.pk}/comments/", {"body": "This is why I joined."}).status_code == 302
    assert rep_client.post(f"/legends/{legend.pk}/comments/", {"body": ""}, headers=HTMX).status_code == 400
    reacted = rep_client.post(f"/legends/{legend.pk}/react/", {"kind": "touched", "on": "1"}, headers=HTMX)
    assert reacted.status_code == 200
    assert 'aria-pressed="true">Touched · 1' in reacted.content.decode()
    assert LegendComment.objects.get().body == "This is why I joined."
    assert LegendReaction.objects.count() == 1


def test_a_legend_nobody_has_touched_yet_can_be_reacted_to_and_marked_read(long_call, lead, rep_client, values):
    """The first reader finds the reactions and "Mark as read" too, not only those who come after."""
    legend = published(lead, long_call.conversation, values)

    page = rep_client.get(f"/legends/{legend.pk}/").content.decode()
    assert "Mark as read" in page
    assert 'aria-pressed="false">Touched</button>' in page
    legend_react(actor=lead, legend=legend, kind="touched", on=True)
    unreact = rep_client.post(f"/legends/{legend.pk}/react/", {"kind": "touched", "on": ""}, headers=HTMX)
    assert unreact.status_code == 200
    # The buttons are still there for a legend nobody else has reacted to either.
    assert 'aria-pressed="false">Touched · 1</button>' in unreact.content.decode()
    legend_react(actor=lead, legend=legend, kind="touched", on=False)
    last = rep_client.post(f"/legends/{legend.pk}/react/", {"kind": "touched", "on": ""}, headers=HTMX)
    assert 'aria-pressed="false">Touched</button>' in last.content.decode()


def _legends(lead, conversation, values, n: int, *, to: str = State.STAFF) -> None:
    for _ in range(n):
        legend = published(
            lead, ConversationFactory.create(customer=conversation.customer, team=conversation.team), values, to=to
        )
        legend_react(actor=UserFactory.create(), legend=legend, kind="applause", on=True)


def test_the_feed_finds_by_words_value_channel_and_year(long_call, lead, rep_client, values):
    legend = published(lead, long_call.conversation, values)
    assert legend.happened_on is not None
    year = legend.happened_on.year
    assert legend.title in rep_client.get("/legends/?q=long+call").content.decode()
    assert legend.title not in rep_client.get("/legends/?q=tyres").content.decode()
    assert legend.title in rep_client.get(f"/legends/?value={values[0].slug}").content.decode()
    assert legend.title not in rep_client.get(f"/legends/?value={values[1].slug}").content.decode()
    assert legend.title in rep_client.get(f"/legends/?channel=phone&year={year}").content.decode()
    assert legend.title not in rep_client.get(f"/legends/?year={year - 1}").content.decode()
    assert rep_client.get("/legends/?channel=pigeon").status_code == 400
    partial = rep_client.get("/legends/?q=long", headers=HTMX).content.decode()
    assert 'id="legend-results"' in partial
    assert "<html" not in partial


def test_the_feed_query_count_does_not_grow(long_call, lead, rep_client, values):
    _legends(lead, long_call.conversation, values, 2)
    first = count(rep_client, "/legends/")
    _legends(lead, long_call.conversation, values, 4)
    assert count(rep_client, "/legends/") == first


def test_the_public_page_query_count_does_not_grow(long_call, lead, client, values):
    _legends(lead, long_call.conversation, values, 2, to=State.PUBLIC)
    first = count(client, "/stories/")
    feed = count(client, "/stories/feed/")
    _legends(lead, long_call.conversation, values, 4, to=State.PUBLIC)
    assert count(client, "/stories/") == first
    assert count(client, "/stories/feed/") == feed


def test_the_candidates_page_lists_with_reasons_and_remembers_dismissals(long_call, rep_client, rep, team):
    since = long_call.ended_at.replace(hour=0)
    candidates_find(since=since)
    page = rep_client.get("/legends/candidates/").content.decode()
    candidate = Candidate.objects.get()
    assert "A 7 h 52 min call with Lorna Castellane, taken by Rita Reyes." in page
    assert f"/legends/new/?candidate={candidate.pk}" in page
    assert rep_client.post(f"/legends/candidates/{candidate.pk}/dismiss/", headers=HTMX).status_code == 200
    candidates_find(since=since)
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.DISMISSED
    assert "7 h 52 min" not in rep_client.get("/legends/candidates/").content.decode()
    assert "7 h 52 min" in rep_client.get("/legends/candidates/?state=dismissed").content.decode()


def test_the_candidates_query_count_does_not_grow(long_call, rep_client, rep, team):
    from tests.legends.test_rules import _ended_call

    def add(n: int) -> None:
        for _ in range(n):
            _ended_call(ConversationFactory.create(team=team, assignee=rep), rep, hours=4)
        candidates_find(since=long_call.ended_at.replace(hour=0) - __import__("datetime").timedelta(days=2))

    add(2)
    first = count(rep_client, "/legends/candidates/")
    add(4)
    assert count(rep_client, "/legends/candidates/") == first
    assert Candidate.objects.count() == 7


def test_a_reading_list_with_progress(long_call, lead, rep, rep_client, lead_client, values):
    legend = published(lead, long_call.conversation, values)
    reading = reading_list_create(actor=lead, name="Your first weeks", for_new_hires=True)
    reading_list_add(actor=lead, reading_list=reading, legend=legend, note="Start here.")
    assert "Your first weeks" in rep_client.get("/legends/").content.decode()
    page = rep_client.get(f"/legends/reading/{reading.pk}/").content.decode()
    assert "You have read 0 of 1." in page
    assert "Start here." in page
    rep_client.post(f"/legends/{legend.pk}/read/", {"next": f"/legends/reading/{reading.pk}/"})
    assert "You have read 1 of 1." in rep_client.get(f"/legends/reading/{reading.pk}/").content.decode()
    assert rep_client.post("/legends/reading/", {"name": "Mine"}).status_code == 403
    assert lead_client.post("/legends/reading/", {"name": "Heroes"}).status_code == 302
    assert ReadingList.objects.count() == 2


def test_the_reading_lists_query_count_does_not_grow(lead, lead_client):
    for i in range(2):
        reading_list_create(actor=lead, name=f"List {i}")
    first = count(lead_client, "/legends/reading/")
    for i in range(2, 6):
        reading_list_create(actor=lead, name=f"List {i}")
    assert count(lead_client, "/legends/reading/") == first


def test_values_are_managed_by_admins(admin_user, login, rep_client, values):
    admin = login(admin_user)
    assert (
        admin.post(
            "/legends/values/", {"name": "Leave it better than we found it", "description": "", "is_active": "on"}
        ).status_code
        == 302
    )
    assert (
        admin.post("/legends/values/", {"name": "leave it better than we found it", "is_active": "on"}).status_code
        == 400
    )
    assert rep_client.post("/legends/values/", {"name": "Mine"}).status_code == 403
    assert "Leave it better than we found it" in rep_client.get("/legends/values/").content.decode()


def test_versions_page(long_call, lead, lead_client, values):
    legend = published(lead, long_call.conversation, values)
    page = lead_client.get(f"/legends/{legend.pk}/versions/").content.decode()
    assert "Redacted (1 replaced)" in page
    assert "Published to staff" in page
    old = lead_client.get(f"/legends/{legend.pk}/versions/2/").content.decode()
    assert "Lorna phoned" in old
