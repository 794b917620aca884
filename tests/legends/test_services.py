"""Capturing, editing, redacting and publishing legends; every change versioned, every refusal naming its field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ConversationFactory, LifeMomentFactory, TimelineEntryFactory, UserFactory
from tests.legends.helpers import LESSON, STORY, draft, published
from wowdesk.conversations.models import EntryKind
from wowdesk.gestures.models import CatalogueItem
from wowdesk.gestures.services import gesture_grant
from wowdesk.gestures.starter import install_starter_catalogue
from wowdesk.legends.facts import Sources
from wowdesk.legends.models import Candidate, CandidateState, Legend, LegendVersion, State
from wowdesk.legends.services import (
    candidates_find,
    legend_capture,
    legend_comment,
    legend_mark_read,
    legend_react,
    legend_redact,
    legend_transition,
    legend_update,
    redaction_preview,
)
from wowdesk.recognition.models import AwardKind, Nomination

pytestmark = pytest.mark.django_db


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_capture_prefills_the_key_facts_and_a_first_draft(long_call, rep, lead):
    conversation = long_call.conversation
    LifeMomentFactory.create(
        customer=conversation.customer, conversation=conversation, recorded_by=rep, note="Moving to Albuquerque."
    )
    TimelineEntryFactory.create(
        conversation=conversation, kind=EntryKind.INBOUND, body="Thank you for the whole day, Rita!"
    )
    install_starter_catalogue()
    gesture_grant(
        actor=rep,
        conversation=conversation,
        item=CatalogueItem.objects.get(name="Handwritten note"),
        why="For the move.",
    )

    legend = legend_capture(
        actor=lead,
        sources=Sources(conversation=conversation),
        grades=lambda *, conversation_ids: {conversation.pk: "A"},
    )

    facts = legend.facts
    assert facts["customer"]["name"] == "Lorna Castellane"
    assert facts["conversation"]["channel"] == "phone"
    assert facts["calls"]["total_label"] == "7 h 52 min"
    assert [g["item"] for g in facts["gestures"]] == ["Handwritten note"]
    assert facts["life_moments"][0]["note"] == "Moving to Albuquerque."
    assert facts["grade"] == "A"
    assert facts["thanks"] == "Thank you for the whole day, Rita!"
    assert [p["name"] for p in facts["people"]] == ["Rita Reyes"]
    assert "On the phone for 7 h 52 min in all." in legend.story_text
    assert "Lorna Castellane got in touch by phone" in legend.story_text
    assert (legend.state, legend.hero, legend.team, legend.channel, legend.customer) == (
        State.DRAFT,
        rep,
        rep.team,
        "phone",
        conversation.customer,
    )
    assert legend.title == conversation.subject
    assert list(legend.versions.values_list("number", "change")) == [(1, "Captured")]


def test_capture_without_grades_says_not_graded(long_call, lead):
    legend = legend_capture(actor=lead, sources=Sources(conversation=long_call.conversation))
    assert legend.facts["grade"] is None


def test_capture_from_a_hero_nomination_is_about_the_nominee(rep, teammate, lead, team):
    conversation = ConversationFactory.create(team=team, assignee=teammate)
    nomination = Nomination.objects.create(
        kind=AwardKind.HERO,
        month=conversation.created_at.date().replace(day=1),
        nominee=rep,
        nominator=teammate,
        conversation=conversation,
        story="Found shoes for a patient.",
    )
    legend = legend_capture(actor=lead, sources=Sources(nomination=nomination))
    assert legend.hero == rep
    assert legend.conversation == conversation
    assert legend.facts["nomination"]["story"] == "Found shoes for a patient."


def test_capturing_a_candidate_marks_it_captured(long_call, lead):
    since = long_call.ended_at.replace(hour=0, minute=0)
    candidates_find(since=since)
    candidate = Candidate.objects.get()
    legend = legend_capture(actor=lead, sources=Sources(conversation=long_call.conversation), candidate=candidate)
    candidate.refresh_from_db()
    assert (candidate.state, candidate.legend) == (CandidateState.CAPTURED, legend)


def test_story_html_is_sanitised_to_a_small_safe_subset(long_call, lead, values):
    legend = draft(
        lead,
        long_call.conversation,
        values,
        story='<p onclick="steal()">She <b>stayed</b><script>alert(1)</script> <a href="javascript:x()">here</a>'
        '<img src=x onerror=alert(2)><iframe src="https://evil"></iframe> <a href="https://example.org">map</a></p>',
    )
    html = legend.story_html
    for bad in ("<script", "onclick", "javascript:", "<img", "onerror", "<iframe"):
        assert bad not in html
    assert "<b>stayed</b>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_plain_text_stories_become_paragraphs(long_call, lead, values):
    legend = draft(lead, long_call.conversation, values, story="First para <3\n\nSecond\nline")
    assert legend.story_html == "<p>First para &lt;3</p>\n\n<p>Second<br>line</p>"


def test_every_change_is_versioned(long_call, lead, values):
    legend = published(lead, long_call.conversation, values)
    changes = list(
        LegendVersion.objects.filter(legend=legend).order_by("number").values_list("number", "change", "state")
    )
    assert changes == [
        (1, "Captured", "draft"),
        (2, "Edited", "draft"),
        (3, "Redacted (1 replaced)", "draft"),
        (4, "Sent for review", "review"),
        (5, "Published to staff", "staff"),
    ]
    assert legend.version == 5


def test_an_edit_from_an_old_version_is_refused_and_nothing_is_lost(long_call, lead, rep, values):
    legend = draft(rep, long_call.conversation, values)
    legend_update(
        actor=lead,
        legend=legend,
        title="Lena's version",
        story=STORY,
        lesson=LESSON,
        values=values,
        expected_version=legend.version,
    )
    with pytest.raises(ValidationError) as exc:
        legend_update(
            actor=rep,
            legend=legend,
            title="Stale",
            story=STORY,
            lesson=LESSON,
            values=values,
            expected_version=legend.version,
        )
    assert "version" in _messages(exc)
    assert Legend.objects.get().title == "Lena's version"


def test_only_the_author_and_reviewers_edit_and_only_drafts(long_call, lead, teammate, values):
    legend = draft(lead, long_call.conversation, values)
    with pytest.raises(ValidationError):
        legend_update(actor=teammate, legend=legend, title="x", story="x", lesson="", values=[])
    legend = published(lead, long_call.conversation, values)
    with pytest.raises(ValidationError):
        legend_update(actor=lead, legend=legend, title="x", story="x", lesson="", values=[])


def test_redaction_preview_and_apply(long_call, lead, values):
    story = "Lorna (lorna.castellane@example.com, +1 555 216 4410) ordered WD-100023. Her son Arlo came too."
    legend = draft(lead, long_call.conversation, values, story=story)

    preview = redaction_preview(legend=legend, extra=["Arlo"])
    assert {(kind, text) for kind, _d, text in preview.found} == {
        ("name", "Lorna"),
        ("email", "lorna.castellane@example.com"),
        ("phone", "+1 555 216 4410"),
        ("order", "WD-100023"),
        ("other", "Arlo"),
    }
    assert Legend.objects.get().story_text == legend.story_text  # a preview changes nothing

    legend = legend_redact(actor=lead, legend=legend, extra=["Arlo"], alias="L.")
    assert legend.story_text == "L. ([email], [phone]) ordered [order]. Her son [redacted] came too."
    assert legend.redaction_current


def test_publishing_with_personal_data_is_refused_naming_it(long_call, lead, values):
    legend = draft(lead, long_call.conversation, values, story="Lorna rang from 555 216 4410.")
    legend = legend_transition(actor=lead, legend=legend, to=State.REVIEW)
    with pytest.raises(ValidationError) as exc:
        legend_transition(actor=lead, legend=legend, to=State.STAFF)
    message = " ".join(_messages(exc)["story"])
    assert "Unredacted personal data" in message
    assert "“Lorna”" in message
    assert "“555 216 4410”" in message
    assert Legend.objects.get().state == State.REVIEW
    assert LegendVersion.objects.filter(legend=legend, state=State.STAFF).count() == 0


def test_personal_data_added_to_the_database_later_is_caught_at_publishing(long_call, lead, values):
    legend = draft(lead, long_call.conversation, values, story="She called from Cleveland.")
    legend = legend_redact(actor=lead, legend=legend)
    legend = legend_transition(actor=lead, legend=legend, to=State.REVIEW)
    long_call.conversation.customer.social_handles.create(network="x", handle="Cleveland")
    with pytest.raises(ValidationError) as exc:
        legend_transition(actor=lead, legend=legend, to=State.STAFF)
    assert "“Cleveland”" in " ".join(_messages(exc)["story"])


def test_words_marked_not_personal_data_are_remembered(long_call, lead, values):
    long_call.conversation.customer.preferred_name = "Hope"
    long_call.conversation.customer.save()
    legend = draft(lead, long_call.conversation, values, story="There is always hope on a long call.")
    legend = legend_redact(actor=lead, legend=legend, keep=["hope"])
    assert legend.story_text == "There is always hope on a long call."
    legend = legend_transition(actor=lead, legend=legend, to=State.REVIEW)
    assert legend_transition(actor=lead, legend=legend, to=State.STAFF).state == State.STAFF


def test_publishing_needs_a_lesson_and_a_value(long_call, lead):
    legend = legend_capture(actor=lead, sources=Sources(conversation=long_call.conversation), story="A fine day.")
    legend = legend_transition(actor=lead, legend=legend, to=State.REVIEW)
    with pytest.raises(ValidationError) as exc:
        legend_transition(actor=lead, legend=legend, to=State.STAFF)
    assert {"lesson", "values"} <= set(_messages(exc))


def test_public_needs_consent_for_this_exact_text(long_call, lead, values):
    legend = legend_redact(actor=lead, legend=draft(lead, long_call.conversation, values))
    legend = legend_transition(actor=lead, legend=legend, to=State.REVIEW)
    with pytest.raises(ValidationError) as exc:
        legend_transition(actor=lead, legend=legend, to=State.PUBLIC)
    assert "consent" in _messages(exc)


def test_authors_submit_and_withdraw_reviewers_publish(long_call, rep, lead, values):
    legend = legend_redact(actor=rep, legend=draft(rep, long_call.conversation, values))
    legend = legend_transition(actor=rep, legend=legend, to=State.REVIEW)
    with pytest.raises(ValidationError) as exc:
        legend_transition(actor=rep, legend=legend, to=State.STAFF)
    assert "reviewer" in " ".join(_messages(exc)["to"])
    legend = legend_transition(actor=rep, legend=legend, to=State.DRAFT)
    with pytest.raises(ValidationError):
        legend_transition(actor=lead, legend=legend, to=State.PUBLIC)  # not from a draft
    legend = legend_transition(actor=rep, legend=legend, to=State.REVIEW)
    assert legend_transition(actor=lead, legend=legend, to=State.STAFF).published_at is not None


def test_retire_and_revive(long_call, lead, values):
    legend = published(lead, long_call.conversation, values)
    legend = legend_transition(actor=lead, legend=legend, to=State.RETIRED, note="Policy changed")
    assert legend.versions.values_list("change", flat=True).first() == "Retired: Policy changed"
    legend = legend_transition(actor=lead, legend=legend, to=State.DRAFT)
    assert legend.is_editable


def test_comments_on_drafts_are_review_comments_for_author_and_reviewers(long_call, rep, lead, teammate, values):
    legend = draft(rep, long_call.conversation, values)
    assert legend_comment(actor=lead, legend=legend, body="Say more about the schools.").is_review
    with pytest.raises(ValidationError):
        legend_comment(actor=teammate, legend=legend, body="Nice")
    with pytest.raises(ValidationError) as exc:
        legend_comment(actor=rep, legend=legend, body="   ")
    assert "body" in _messages(exc)


def test_reactions_and_reads_are_idempotent(long_call, lead, rep, values):
    legend = published(lead, long_call.conversation, values)
    for _ in range(2):
        legend_react(actor=rep, legend=legend, kind="touched", on=True)
        legend_mark_read(actor=rep, legend=legend)
    assert legend.reactions.count() == 1
    assert legend.reads.count() == 1
    legend_react(actor=rep, legend=legend, kind="touched", on=False)
    assert legend.reactions.count() == 0
    with pytest.raises(ValidationError):
        legend_react(actor=rep, legend=legend, kind="shrug", on=True)


def test_an_inactive_account_cannot_capture(long_call):
    gone = UserFactory.create(is_active=False)
    with pytest.raises(ValidationError):
        legend_capture(actor=gone, sources=Sources(conversation=long_call.conversation))


def test_a_link_to_a_clip_elsewhere_is_checked_too(long_call, lead, values):
    from wowdesk.legends.services import consent_record_call, legend_clip_confirm

    legend = legend_redact(actor=lead, legend=draft(lead, long_call.conversation, values))

    def link(url: str) -> Legend:
        return legend_update(
            actor=lead,
            legend=legend,
            title=legend.title,
            story=legend.story_html,
            lesson=legend.lesson,
            values=values[:1],
            clip_link=url,
        )

    with pytest.raises(ValidationError) as plain:
        link("http://plain.example")
    assert set(_messages(plain)) == {"clip_link"}
    legend = legend_transition(actor=lead, legend=link("https://video.example/lorna-castellane-tells"), to=State.REVIEW)
    with pytest.raises(ValidationError) as named:
        legend_transition(actor=lead, legend=legend, to=State.STAFF)
    assert set(_messages(named)) == {"clip_link"}
    legend = legend_transition(actor=lead, legend=legend, to=State.DRAFT)
    legend = legend_transition(actor=lead, legend=link("https://video.example/the-long-call"), to=State.REVIEW)
    consent_record_call(actor=lead, legend=legend, note="Yes.")
    with pytest.raises(ValidationError) as unchecked:
        legend_transition(actor=lead, legend=legend, to=State.PUBLIC)
    assert set(_messages(unchecked)) == {"clip"}
    legend = legend_clip_confirm(actor=lead, legend=legend)
    assert legend_transition(actor=lead, legend=legend, to=State.PUBLIC).state == State.PUBLIC
