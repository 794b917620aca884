"""Each candidate rule finds what it should, says why, and ignores what it should not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CallFactory, ConversationFactory, LifeMomentFactory, TimelineEntryFactory
from tests.recognition.helpers import hero_award
from wowdesk.conversations.models import Channel, EntryKind
from wowdesk.gestures.models import CatalogueItem
from wowdesk.gestures.services import gesture_grant
from wowdesk.gestures.starter import install_starter_catalogue
from wowdesk.legends.grades import unknown_grades
from wowdesk.legends.models import CustomerStory, StoryState
from wowdesk.legends.rules import (
    CustomerStoryAccepted,
    GestureThanked,
    HeroAward,
    LifeMomentGradedA,
    LongCall,
    LongCallGradedA,
    SocialPraise,
    Window,
    default_rules,
)
from wowdesk.social.models import SocialMention

pytestmark = pytest.mark.django_db


@pytest.fixture
def window() -> Window:
    now = timezone.now()
    return Window(since=now - dt.timedelta(days=7), until=now + dt.timedelta(minutes=1))


def _ended_call(conversation, agent, *, hours: float, ended_days_ago: float = 1):
    ended = timezone.now() - dt.timedelta(days=ended_days_ago)
    seconds = int(hours * 3600)
    return CallFactory.create(
        conversation=conversation,
        agent=agent,
        started_at=ended - dt.timedelta(seconds=seconds),
        ended_at=ended,
        duration_seconds=seconds,
    )


def test_long_call_finds_calls_of_three_hours_or_more(long_call, rep, team, window):
    short = _ended_call(ConversationFactory.create(channel=Channel.PHONE, team=team), rep, hours=2.9)
    old = _ended_call(ConversationFactory.create(channel=Channel.PHONE, team=team), rep, hours=5, ended_days_ago=30)

    found = list(LongCall().find(window))

    assert [f.evidence for f in found] == [f"call:{long_call.pk}"]
    assert found[0].subject == f"conversation:{long_call.conversation_id}"
    assert found[0].explanation == "A 7 h 52 min call with Lorna Castellane, taken by Rita Reyes."
    assert f"call:{short.pk}" not in {f.evidence for f in found}
    assert f"call:{old.pk}" not in {f.evidence for f in found}


def test_the_long_call_threshold_is_a_setting(long_call, settings, window):
    settings.WOWDESK_LEGEND_LONG_CALL_MINUTES = 8 * 60
    assert list(LongCall().find(window)) == []


def _grant(rep, conversation, name="Refund", why="We want to be the store you trust."):
    install_starter_catalogue()
    return gesture_grant(
        actor=rep, conversation=conversation, item=CatalogueItem.objects.get(name="Tin of cookies"), why=why
    ).gesture


def test_gesture_thanked_needs_a_thank_you_after_the_gesture(rep, team, window):
    thanked = ConversationFactory.create(team=team, assignee=rep)
    TimelineEntryFactory.create(conversation=thanked, kind=EntryKind.INBOUND, body="Thanks in advance!")
    gesture = _grant(rep, thanked)
    TimelineEntryFactory.create(conversation=thanked, kind=EntryKind.INBOUND, body="I can't thank you enough, Rita.")
    quiet = ConversationFactory.create(team=team, assignee=rep)
    _grant(rep, quiet)
    TimelineEntryFactory.create(conversation=quiet, kind=EntryKind.INBOUND, body="The parcel came.")

    found = list(GestureThanked().find(window))

    assert [f.evidence for f in found] == [f"gesture:{gesture.pk}"]
    assert found[0].gesture_id == gesture.pk
    assert "I can't thank you enough, Rita." in found[0].explanation
    assert "Rita Reyes granted Tin of cookies" in found[0].explanation


def test_hero_award_proposes_the_winning_nominations_conversation(rep, window):
    award = hero_award(timezone.localdate().replace(day=1), hero=rep, sidekicks=[], story="Stayed with the caller.")
    assert award.nomination is not None

    found = list(HeroAward().find(window))

    assert [(f.conversation_id, f.nomination_id) for f in found] == [
        (award.nomination.conversation_id, award.nomination_id)
    ]
    assert "Rita Reyes was Hero of" in found[0].explanation


def _mention(conversation, text: str) -> SocialMention:
    return SocialMention.objects.create(
        network="x",
        url=f"https://x.example/status/{conversation.pk}-{len(text)}",
        author_handle="des_on_the_road",
        text=text,
        posted_at=timezone.now() - dt.timedelta(hours=3),
        customer=conversation.customer,
        conversation=conversation,
    )


def test_social_praise_needs_praise_and_a_rep_who_helped(rep, team, window):
    helped = ConversationFactory.create(team=team, assignee=rep, channel=Channel.SOCIAL)
    praise = _mention(helped, "There was a person with a sign and an actual steak. Best landing of my life!")
    _mention(helped, "Landing at 9pm, hungry.")
    unassigned = ConversationFactory.create(team=team, channel=Channel.SOCIAL)
    _mention(unassigned, "Amazing people, thank you!")

    found = list(SocialPraise().find(window))

    assert [f.evidence for f in found] == [f"mention:{praise.pk}"]
    assert "after Rita Reyes helped" in found[0].explanation


def test_customer_story_rule_proposes_accepted_stories_only(window):
    now = timezone.now()
    accepted = CustomerStory.objects.create(
        name="Priya",
        email="p@example.org",
        text="Arlo's toy",
        state=StoryState.ACCEPTED,
        moderated_at=now,
        published_text="Arlo's toy",
    )
    CustomerStory.objects.create(name="X", email="x@example.org", text="pending")
    CustomerStory.objects.create(
        name="Y", email="y@example.org", text="no", state=StoryState.REJECTED, moderated_at=now
    )

    found = list(CustomerStoryAccepted().find(window))

    assert [(f.subject, f.customer_story_id) for f in found] == [(f"story:{accepted.pk}", accepted.pk)]


def _grades(mapping):
    def source(*, conversation_ids):
        return {pk: grade for pk, grade in mapping.items() if pk in conversation_ids}

    return source


def test_long_call_graded_a_needs_an_a(long_call, rep, team, window):
    other = _ended_call(ConversationFactory.create(channel=Channel.PHONE, team=team), rep, hours=4)
    grades = _grades({long_call.conversation_id: "A", other.conversation_id: "B"})

    found = list(LongCallGradedA(grades).find(window))

    assert [f.evidence for f in found] == [f"call:{long_call.pk}"]
    assert "graded the conversation A" in found[0].explanation


def test_life_moment_graded_a_needs_the_moment_in_the_conversation_and_an_a(rep, team, window):
    graded = ConversationFactory.create(team=team, assignee=rep)
    moment = LifeMomentFactory.create(customer=graded.customer, conversation=graded, recorded_by=rep)
    ungraded = ConversationFactory.create(team=team, assignee=rep)
    LifeMomentFactory.create(customer=ungraded.customer, conversation=ungraded, recorded_by=rep)
    LifeMomentFactory.create(customer=graded.customer, conversation=None, recorded_by=rep)

    found = list(LifeMomentGradedA(_grades({graded.pk: "A"})).find(window))

    assert [f.evidence for f in found] == [f"moment:{moment.pk}"]


def test_without_grades_the_grade_rules_find_nothing(long_call, rep, window):
    LifeMomentFactory.create(
        customer=long_call.conversation.customer, conversation=long_call.conversation, recorded_by=rep
    )
    assert list(LongCallGradedA(unknown_grades).find(window)) == []
    assert list(LifeMomentGradedA(unknown_grades).find(window)) == []


def test_each_rule_runs_a_fixed_number_of_queries(long_call, rep, team, window, django_assert_max_num_queries):
    for _ in range(3):
        conversation = ConversationFactory.create(team=team, assignee=rep)
        _ended_call(conversation, rep, hours=4)
        _grant(rep, conversation)
        TimelineEntryFactory.create(conversation=conversation, kind=EntryKind.INBOUND, body="thank you!")
        _mention(conversation, "You are amazing")
    for rule in default_rules(grades=_grades({})):
        with django_assert_max_num_queries(2):
            list(rule.find(window))
