"""The conversation page: header, timeline, customer panel, merges, pagination, query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CallFactory,
    ConversationFactory,
    CustomerPhoneFactory,
    LifeMomentFactory,
    OrderFactory,
    OrderItemFactory,
    ProblemReportFactory,
    RapportNoteFactory,
    TimelineEntryFactory,
)
from wowdesk.conversations.models import EntryKind, Tag
from wowdesk.conversations.services import conversation_merge
from wowdesk.conversations.views import page
from wowdesk.customers.models import LifeMoment

pytestmark = pytest.mark.django_db


def url(conversation) -> str:
    return reverse("conversations:detail", args=[conversation.pk])


def test_anonymous_visitor_is_sent_to_login(conversation):
    response = Client().get(url(conversation))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_outsider_gets_404_for_another_teams_conversation(outsider_client, conversation):
    assert outsider_client.get(url(conversation)).status_code == 404


def test_missing_conversation_is_404(rep_client):
    assert rep_client.get(reverse("conversations:detail", args=[999_999])).status_code == 404


def test_header_shows_subject_customer_channel_status_priority_team_assignee_and_tags(rep_client, rep, conversation):
    conversation.assignee = rep
    conversation.save()
    conversation.tags.add(Tag.objects.create(name="sizing"))

    response = rep_client.get(url(conversation))

    assert response.status_code == 200
    for shown in ("Boots too small", "Maria Lopez", "Email", "New", "Normal", "Falcons", "Rita Reyes", "sizing"):
        assert shown in response.text


def test_timeline_shows_messages_notes_and_events_distinctly(rep_client, rep, conversation):
    TimelineEntryFactory.create(
        conversation=conversation, kind=EntryKind.OUTBOUND, author=rep, body="Sending a size up."
    )
    TimelineEntryFactory.create(conversation=conversation, kind=EntryKind.NOTE, author=rep, body="Loyal customer.")
    TimelineEntryFactory.create(
        conversation=conversation, kind=EntryKind.EVENT, event_type="status_changed", body="New → Open"
    )

    text = rep_client.get(url(conversation)).text

    assert 'class="entry entry-inbound"' in text
    assert 'class="entry entry-outbound"' in text
    assert 'class="entry entry-note"' in text
    assert 'class="entry entry-event"' in text
    assert text.index("The boots pinch") < text.index("Sending a size up.") < text.index("Loyal customer.")


def test_customer_panel_shows_profile_rapport_orders_and_past_conversations(rep_client, rep, team, conversation):
    customer = conversation.customer
    customer.address_line1 = "12 Elm Street"
    customer.save()
    CustomerPhoneFactory.create(customer=customer, number="+1 555 0100")
    LifeMomentFactory.create(customer=customer, kind=LifeMoment.Kind.NEW_BABY, note="A girl, Ana", recorded_by=rep)
    RapportNoteFactory.create(customer=customer, author=rep, body="Runs marathons")
    order = OrderFactory.create(customer=customer, number="WD-777")
    OrderItemFactory.create(order=order, description="Trail shoes, size 39")
    ProblemReportFactory.create(order=order, conversation=conversation, reported_by=rep, description="Sole came off")
    ConversationFactory.create(team=team, customer=customer, subject="Last year's sandals")

    text = rep_client.get(url(conversation)).text

    for shown in (
        "Likes to be called",
        "Mari",
        "maria@example.com",
        "+1 555 0100",
        "12 Elm Street",
        "New baby",
        "A girl, Ana",
        "Runs marathons",
        "WD-777",
        "Trail shoes, size 39",
        "Sole came off",
        "Last year&#x27;s sandals",
    ):
        assert shown in text
    # From the life moments on: the Wow gestures panel above them lists orders in its grant form.
    panel = text[text.index('id="panel-moments"') :]
    assert panel.index("New baby") < panel.index("WD-777"), "life moments come before orders"


def test_customer_panel_forms_post_to_the_customer_and_order_pages_and_come_back(rep_client, conversation):
    order = OrderFactory.create(customer=conversation.customer)

    text = rep_client.get(url(conversation)).text

    customer_pk = conversation.customer_id
    assert f'action="{reverse("customers:life_moment_add", args=[customer_pk])}"' in text
    assert f'action="{reverse("customers:rapport_note_add", args=[customer_pk])}"' in text
    assert f'action="{reverse("orders:problem_add", args=[order.pk])}"' in text
    for name in ('name="kind"', 'name="happened_on"', 'name="note"', 'name="body"', 'name="description"'):
        assert name in text
    assert f'name="conversation" value="{conversation.pk}"' in text
    assert f'name="next" value="{url(conversation)}"' in text
    assert 'value="new_baby"' in text
    assert 'value="never_arrived"' in text


def test_other_team_conversations_of_the_customer_stay_hidden_in_the_panel(rep_client, other_team, conversation):
    ConversationFactory.create(team=other_team, customer=conversation.customer, subject="Otters only")

    assert "Otters only" not in rep_client.get(url(conversation)).text


def test_merged_conversation_redirects_to_the_one_it_was_merged_into(rep_client, rep, team, conversation):
    source = ConversationFactory.create(team=team, customer=conversation.customer)
    conversation_merge(actor=rep, source=source, target=conversation)

    response = rep_client.get(url(source), follow=True)

    assert response.redirect_chain == [(url(conversation), 302)]
    assert f"#{source.pk} was merged into this one" in response.text


def test_timeline_pages_backwards_from_the_latest_entries(rep_client, conversation, monkeypatch):
    monkeypatch.setattr(page, "TIMELINE_SIZE", 2)
    start = timezone.now()
    for i in range(3):
        TimelineEntryFactory.create(conversation=conversation, body=f"Message {i}", created_at=start + dt.timedelta(i))

    latest = rep_client.get(url(conversation))
    earlier = rep_client.get(url(conversation), {"before": latest.context["timeline"].next_cursor})

    assert [e.body for e in latest.context["entries"]] == ["Message 1", "Message 2"]
    assert [e.body for e in earlier.context["entries"]] == ["The boots pinch at the toes.", "Message 0"]
    assert "Earlier entries" in latest.text


@pytest.mark.parametrize("param", ["before", "calls"])
def test_bad_cursor_is_a_400_naming_the_parameter(rep_client, conversation, param):
    response = rep_client.get(url(conversation), {param: "garbage!"})

    assert response.status_code == 400
    assert f"{param}:" in response.text


def test_htmx_request_gets_only_the_conversation_part(rep_client, conversation, htmx):
    response = rep_client.get(url(conversation), headers=htmx)

    assert response.status_code == 200
    assert 'id="conversation"' in response.text
    assert "<html" not in response.text
    assert "Likes to be called" not in response.text


def test_open_call_timer_counts_from_the_stored_start_with_no_upper_limit(rep_client, rep, conversation):
    started = timezone.now() - dt.timedelta(hours=10, seconds=5)
    CallFactory.create(conversation=conversation, agent=rep, started_at=started)

    response = rep_client.get(url(conversation))

    assert f'data-call-started="{started.isoformat(timespec="milliseconds")}"' in response.text
    # Rendered server-side too, so the page shows the time without JavaScript.
    assert response.context["open_call_elapsed"] >= 10 * 3600 + 5
    assert ">10:00:" in response.text
    assert "Stop call" in response.text


def _history(conversation, rep, team, count: int) -> None:
    customer = conversation.customer
    for i in range(count):
        TimelineEntryFactory.create(conversation=conversation, kind=EntryKind.OUTBOUND, author=rep, body=f"Reply {i}")
        TimelineEntryFactory.create(
            conversation=conversation, kind=EntryKind.EVENT, event_type="assigned", author=rep, body="Assigned"
        )
        call = CallFactory.create(conversation=conversation, agent=rep)
        call.ended_at, call.duration_seconds = call.started_at + dt.timedelta(minutes=3), 180
        call.save()
        LifeMomentFactory.create(customer=customer, recorded_by=rep)
        RapportNoteFactory.create(customer=customer, author=rep)
        order = OrderFactory.create(customer=customer)
        OrderItemFactory.create_batch(2, order=order)
        ProblemReportFactory.create(order=order, conversation=conversation, reported_by=rep)
        other = ConversationFactory.create(team=team, customer=customer, assignee=rep)
        other.tags.add(Tag.objects.get_or_create(name=f"tag-{i}")[0])
        conversation.tags.add(Tag.objects.get_or_create(name=f"label-{i}")[0])


def test_query_count_does_not_grow_with_history(
    rep_client, rep, team, conversation, django_assert_num_queries, count_queries
):
    _history(conversation, rep, team, 2)
    baseline = count_queries(rep_client, url(conversation))

    _history(conversation, rep, team, 4)
    with django_assert_num_queries(baseline):
        rep_client.get(url(conversation))

    # 20 for the page itself, 5 for the Wow gestures panel (moments, rules, catalogue, orders, gestures here),
    # 1 for the replies' email delivery states (mail app), 1 for the customer's grade (happiness app).
    assert baseline == 27
