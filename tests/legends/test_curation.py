"""Who sees what, reading lists in order, values retired not deleted, clips replaced cleanly, list page counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ConversationFactory
from tests.legends import clips
from tests.legends.helpers import draft, published
from wowdesk.legends.models import Candidate, Legend, State
from wowdesk.legends.permissions import candidates_visible_to, legends_visible_to
from wowdesk.legends.selectors import reading_list_get_for_user, reading_progress
from wowdesk.legends.services import (
    candidates_find,
    customer_story_submit,
    legend_clip_attach,
    legend_clip_remove,
    legend_comment,
    legend_transition,
    reading_list_add,
    reading_list_create,
    reading_list_move,
    value_update,
)

pytestmark = pytest.mark.django_db


def test_drafts_are_seen_by_author_hero_and_reviewers_published_by_all(
    long_call, rep, teammate, lead, outsider, values
):
    legend = draft(lead, long_call.conversation, values)  # about Rita (the call's rep)
    assert legend.hero == rep
    assert list(legends_visible_to(rep)) == [legend]
    assert legend_comment(actor=rep, legend=legend, body="That is how it went.").is_review
    assert list(legends_visible_to(teammate)) == []
    legend = published(lead, ConversationFactory.create(team=lead.team), values)
    assert legend in legends_visible_to(outsider)
    legend = legend_transition(actor=lead, legend=legend, to=State.RETIRED)
    assert legend not in legends_visible_to(outsider)


def test_candidates_follow_their_conversations_visibility(long_call, rep, outsider, lead):
    candidates_find(since=long_call.ended_at - dt.timedelta(hours=1))
    story = customer_story_submit(name="A", email="a@example.com", text="Lovely people.", may_publish=False)
    assert story is not None
    from wowdesk.legends.services import customer_story_accept

    customer_story_accept(actor=lead, story=story)
    assert candidates_visible_to(rep).count() == 2
    assert [c.customer_story_id for c in candidates_visible_to(outsider)] == [story.pk]
    assert Candidate.objects.count() == 2


def test_reading_list_order_can_change(long_call, lead, rep, values):
    legends = [published(lead, ConversationFactory.create(team=lead.team), values) for _ in range(3)]
    reading = reading_list_create(actor=lead, name="First weeks", for_new_hires=True)
    for legend in legends:
        reading_list_add(actor=lead, reading_list=reading, legend=legend)
    with pytest.raises(ValidationError):
        reading_list_add(actor=lead, reading_list=reading, legend=legends[0])
    reading_list_move(actor=lead, reading_list=reading, legend=legends[2], up=True)
    found = reading_list_get_for_user(user=rep, pk=reading.pk)
    assert [row.item.legend for row in reading_progress(user=rep, reading_list=found).rows] == [
        legends[0],
        legends[2],
        legends[1],
    ]
    with pytest.raises(ValidationError):
        reading_list_create(actor=rep, name="Mine")


def test_a_retired_legend_drops_off_reading_lists(long_call, lead, rep, values):
    legend = published(lead, long_call.conversation, values)
    reading = reading_list_create(actor=lead, name="First weeks")
    reading_list_add(actor=lead, reading_list=reading, legend=legend)
    legend_transition(actor=lead, legend=legend, to=State.RETIRED)
    found = reading_list_get_for_user(user=rep, pk=reading.pk)
    assert reading_progress(user=rep, reading_list=found).total == 0


def test_a_retired_value_cannot_be_chosen_but_stays_on_legends(long_call, admin_user, lead, values):
    legend = published(lead, long_call.conversation, values)
    value_update(actor=admin_user, value=values[0], name=values[0].name, description="", is_active=False, position=1)
    assert list(legend.values.all()) == [values[0]]
    from wowdesk.legends.services import legend_update

    other = draft(lead, ConversationFactory.create(team=lead.team), values[1:])
    with pytest.raises(ValidationError) as exc:
        legend_update(actor=lead, legend=other, title="t", story="s", lesson="l", values=[values[0]])
    assert "values" in exc.value.message_dict
    with pytest.raises(ValidationError):
        value_update(actor=lead, value=values[1], name="x", description="", is_active=True, position=1)


def test_replacing_a_clip_deletes_the_old_file_after_commit(
    long_call, lead, values, django_capture_on_commit_callbacks
):
    legend = draft(lead, long_call.conversation, values)
    with django_capture_on_commit_callbacks(execute=True):
        legend = legend_clip_attach(actor=lead, legend=legend, upload=ContentFile(clips.mp4(), name="a.mp4"))
    first = legend.clip.name or ""
    storage = Legend.clip.field.storage
    with django_capture_on_commit_callbacks(execute=True):
        legend = legend_clip_attach(actor=lead, legend=legend, upload=ContentFile(clips.wav(), name="b.wav"))
    assert not storage.exists(first)
    assert storage.exists(legend.clip.name or "")
    assert legend.clip_kind == "audio"
    with django_capture_on_commit_callbacks(execute=True):
        legend = legend_clip_remove(actor=lead, legend=legend)
    assert not legend.clip
    assert list(legend.versions.values_list("change", flat=True)[:3]) == [
        "Clip removed",
        "Clip added (audio/wav, 1.6 KB)",
        "Clip added (video/mp4, 2.0 KB)",
    ]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_versions_moderation_and_voices_pages_run_a_fixed_number_of_queries(
    long_call, lead, lead_client, client, values
):
    from wowdesk.legends.services import customer_story_accept, legend_update

    legend = draft(lead, long_call.conversation, values)

    def add(n: int) -> None:
        for i in range(n):
            legend_update(actor=lead, legend=legend, title=f"Take {i}", story="s", lesson="l", values=values)
            story = customer_story_submit(
                name=f"N{i}",
                email=f"n{i}-{Legend.objects.get().version}@example.com",
                text="Thanks!",
                may_publish=True,
                ip=f"10.0.0.{i}",
            )
            assert story is not None
            customer_story_accept(actor=lead, story=story)
            customer_story_submit(
                name="P",
                email=f"p{i}-{Legend.objects.get().version}@example.com",
                text="Pending",
                may_publish=True,
                ip=f"10.1.0.{i}",
            )

    add(2)
    urls = [
        f"/legends/{legend.pk}/versions/",
        "/legends/customer-stories/",
        "/legends/customer-stories/?state=accepted",
    ]
    before = [_count(lead_client, url) for url in urls]
    voices = _count(client, "/stories/yours/")
    add(3)
    assert [_count(lead_client, url) for url in urls] == before
    assert _count(client, "/stories/yours/") == voices
