"""The seed_demo command: a small, deterministic data set with every journey in it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import CustomerFactory
from wowdesk.accounts.models import Department, Team, User
from wowdesk.conversations.models import Call, Channel, Conversation, EntryKind, EventType, Status, TimelineEntry
from wowdesk.customers.models import Customer, LifeMoment, RapportNote, SocialHandle
from wowdesk.demo.context import SeedContext, SeedOptions
from wowdesk.demo.pipeline import STEPS, seed_demo
from wowdesk.demo.progress import ProgressBar
from wowdesk.demo.timeline import preview_of
from wowdesk.orders.models import Order, OrderItem, ProblemReport
from wowdesk.search.selectors import search_conversations, search_customers

pytestmark = pytest.mark.django_db

SMALL = ("--conversations", "60", "--customers", "30")
STORY_CUSTOMERS = 6


def seed(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", *SMALL, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def seeded() -> str:
    out, _err = seed()
    return out


def fingerprint() -> dict[str, list[object]]:
    return {
        "customers": list(Customer.objects.order_by("id").values_list("name", "preferred_name", "city")),
        "emails": list(Customer.objects.order_by("id", "emails__id").values_list("emails__email", flat=True)),
        "subjects": list(Conversation.objects.order_by("id").values_list("subject", "channel", "status")),
        "bodies": list(TimelineEntry.objects.order_by("id").values_list("body", flat=True)),
        "calls": list(Call.objects.order_by("id").values_list("duration_seconds", flat=True)),
        "orders": list(Order.objects.order_by("id").values_list("number", "status", "total")),
    }


def test_small_run_creates_the_requested_counts(seeded):
    assert User.objects.count() == 21
    assert Team.objects.count() == 3
    assert Department.objects.count() == 3
    assert Department.objects.filter(is_customer_service=False).count() == 2
    assert Customer.objects.count() == 30 + STORY_CUSTOMERS
    assert Conversation.objects.count() == 60
    assert TimelineEntry.objects.count() > 60 * 3
    assert Order.objects.exists()
    assert RapportNote.objects.exists()
    assert "Created 21 staff, 36 customers and 60 conversations." in seeded


def test_staff_have_every_role_and_other_departments_have_no_team(seeded):
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    outside = User.objects.filter(department__is_customer_service=False)
    assert outside.count() == 5
    assert not outside.filter(team__isnull=False).exists()
    for team in Team.objects.all():
        assert team.members.filter(role=User.Role.LEAD).count() == 1


def test_every_staff_member_logs_in_with_the_demo_password(seeded, client):
    assert all(user.check_password("wowdesk-demo") for user in User.objects.all())
    assert client.login(username="demo", password="wowdesk-demo")


def test_demo_login_is_a_lead_in_the_first_team_and_is_printed(seeded):
    demo = User.objects.get(username="demo")

    assert demo.role == User.Role.LEAD
    assert demo.team == Team.objects.order_by("id").first()
    assert "Log in at http://127.0.0.1:8000/ as demo / wowdesk-demo" in seeded


def test_every_channel_is_present(seeded):
    assert set(Conversation.objects.values_list("channel", flat=True)) == set(Channel.values)


def test_some_calls_run_for_hours(seeded):
    assert Call.objects.filter(duration_seconds__gt=3 * 3600).count() >= 2
    assert not Call.objects.filter(ended_at__isnull=True).exists()


def test_orders_have_problems_and_items_we_do_not_sell(seeded):
    assert ProblemReport.objects.exists()
    assert OrderItem.objects.filter(sku="").exists()
    for report in ProblemReport.objects.select_related("conversation", "order"):
        assert report.conversation.customer_id == report.order.customer_id


def test_life_moments_of_every_kind(seeded):
    assert set(LifeMoment.objects.values_list("kind", flat=True)) == set(LifeMoment.Kind.values)


def test_journey_stories_are_present(seeded):
    long_call = Conversation.objects.get(subject__contains="move to Albuquerque")
    assert long_call.channel == Channel.PHONE
    assert (long_call.calls.get().duration_seconds or 0) > 7 * 3600
    lorna = long_call.customer
    assert lorna.life_moments.filter(kind=LifeMoment.Kind.MOVING, conversation=long_call).exists()
    assert lorna.rapport_notes.filter(body__contains="Nob Hill").exists()
    assert lorna.rapport_notes.filter(body__contains="Job hunting").exists()

    tyres = Conversation.objects.get(subject="Can I return a set of tyres?")
    assert tyres.channel == Channel.EMAIL
    assert OrderItem.objects.filter(order__customer=tyres.customer, sku="", description__contains="tyres").exists()

    toy = Conversation.objects.get(subject__contains="Captain Comet")
    assert toy.problem_reports.filter(kind=ProblemReport.Kind.OTHER).exists()
    assert toy.entries.filter(kind=EntryKind.OUTBOUND, body__startswith="Dear Arlo").exists()

    steak = Conversation.objects.get(subject__contains="steak")
    assert steak.channel == Channel.SOCIAL
    assert SocialHandle.objects.filter(customer=steak.customer).exists()

    loss = LifeMoment.objects.get(kind=LifeMoment.Kind.BEREAVEMENT, conversation__isnull=False)
    assert loss.conversation is not None
    assert loss.conversation.subject.startswith("Return of order")

    hospital = Conversation.objects.get(subject__contains="hospital")
    assert hospital.entries.filter(kind=EntryKind.NOTE, author__department__slug="kids-shoes").exists()
    assert hospital.customer.life_moments.filter(kind=LifeMoment.Kind.ILLNESS).exists()

    felix = User.objects.get(title__contains="new hire")
    assert felix.department is not None
    assert felix.department.name == "Finance"
    assert Conversation.objects.filter(assignee=felix, channel=Channel.PHONE, team__isnull=True).count() == 3


def test_nothing_happens_in_the_future(seeded):
    now = timezone.now()

    assert not TimelineEntry.objects.filter(created_at__gt=now).exists()
    assert not Call.objects.filter(ended_at__gt=now).exists()
    assert not Conversation.objects.filter(last_activity_at__gt=now).exists()


def test_denormalised_fields_agree_with_the_timeline(seeded):
    for conversation in Conversation.objects.prefetch_related("entries", "calls"):
        entries = sorted(conversation.entries.all(), key=lambda e: (e.created_at, e.pk))
        assert entries[0].event_type == EventType.CREATED
        active = [e.created_at for e in entries if e.kind != EntryKind.EVENT]
        for call in conversation.calls.all():
            assert call.ended_at is not None
            active += [call.started_at, call.ended_at]
        assert conversation.last_activity_at == max([conversation.created_at, *active])
        messages = [e for e in entries if e.kind in (EntryKind.INBOUND, EntryKind.OUTBOUND)]
        assert conversation.preview == (preview_of(messages[-1].body) if messages else "")
        changes = [e for e in entries if e.event_type == EventType.STATUS_CHANGED]
        assert conversation.status == (changes[-1].data["to"] if changes else Status.NEW)
        if conversation.status == Status.RESOLVED:
            assert conversation.resolved_at == changes[-1].created_at
        else:
            assert conversation.resolved_at is None


# --flush runs Django's flush (TRUNCATE on PostgreSQL), which cannot run
# inside the test's transaction while constraint checks are pending.
@pytest.mark.django_db(transaction=True)
def test_same_seed_builds_the_same_data():
    seed()
    first = fingerprint()
    seed("--flush")
    assert fingerprint() == first
    seed("--flush", "--seed", "7")
    assert fingerprint() != first


def test_refuses_to_run_on_a_database_with_data():
    CustomerFactory.create()

    with pytest.raises(CommandError, match="--flush"):
        seed()
    assert Conversation.objects.count() == 0


def test_if_empty_leaves_existing_data_alone():
    CustomerFactory.create()

    out, err = seed("--if-empty")

    assert (out, err) == ("", "")
    assert Customer.objects.count() == 1
    assert not User.objects.exists()


def test_if_empty_seeds_an_empty_database():
    seed("--if-empty")

    assert Conversation.objects.count() == 60


@pytest.mark.django_db(transaction=True)
def test_flush_replaces_existing_data():
    CustomerFactory.create(name="Not From The Demo")

    seed("--flush")

    assert not Customer.objects.filter(name="Not From The Demo").exists()
    assert Conversation.objects.count() == 60


def test_progress_is_reported_per_step():
    _out, err = seed()

    assert "[####################] 51/51 conversations" in err
    assert "30/30 customers" in err


def test_search_finds_seeded_content():
    seed()
    demo = User.objects.get(username="demo")

    found = search_conversations(user=demo, query="Albuquerque neighbourhoods", cursor=None, size=10).items
    assert [c.subject for c in found] == ["Walking shoes, and a move to Albuquerque"]
    assert [c.name for c in search_customers(user=demo, query="lorna castellane")] == ["Lorna Castellane"]
    assert [c.name for c in search_customers(user=demo, query="hollis.brandt@example.net")] == ["Hollis Brandt"]


def test_larger_runs_scale_by_conversations_argument():
    call_command("seed_demo", "--conversations", "250", "--customers", "40", stdout=io.StringIO(), stderr=io.StringIO())

    assert Conversation.objects.count() == 250
    assert Customer.objects.count() == 40 + STORY_CUSTOMERS


def test_progress_bar_prints_a_line_per_tenth_when_not_a_terminal():
    lines: list[str] = []
    bar = ProgressBar(write=lines.append, label="things", total=100, is_tty=False)
    for _ in range(100):
        bar.advance()
    bar.finish()

    assert len(lines) == 11
    assert lines[-1] == "[####################] 100/100 things\n"
    assert lines[4] == "[########............] 40/100 things\n"


def test_progress_bar_redraws_in_place_on_a_terminal():
    written: list[str] = []
    bar = ProgressBar(write=written.append, label="rows", total=3_000, is_tty=True)
    bar.advance(1_500)
    bar.finish()

    assert written == ["\r[##########..........] 1,500/3,000 rows", "\r[####################] 3,000/3,000 rows\n"]


def test_later_steps_can_find_each_story_conversation():
    ctx = SeedContext(options=SeedOptions(conversations=20, customers=10), now=timezone.now(), password_hash="x")
    for step in STEPS:
        step(ctx)
    long_call = Conversation.objects.get(pk=ctx.story_conversations["long_call"][0])
    assert "Albuquerque" in long_call.subject
    tyres = Conversation.objects.get(pk=ctx.story_conversations["tyres"][0])
    assert tyres.subject == "Can I return a set of tyres?"
    assert set(ctx.story_conversations) >= {"lost_toy", "airport_steak", "bereavement", "hospital_shoes"}


@pytest.mark.django_db(transaction=True)
def test_worker_processes_build_exactly_what_one_process_builds():
    # Twenty chunks of ten, so the pool is used; the chunk index alone decides what a chunk holds.
    options = {"conversations": 200, "customers": 20, "chunk_size": 10}
    seed_demo(options=SeedOptions(**options, workers=0))
    alone = fingerprint()
    entry_ids = list(TimelineEntry.objects.order_by("id").values_list("id", "conversation_id"))
    call_command("flush", interactive=False, verbosity=0)

    seed_demo(options=SeedOptions(**options, workers=2))

    assert fingerprint() == alone
    assert list(TimelineEntry.objects.order_by("id").values_list("id", "conversation_id")) == entry_ids
    assert Conversation.objects.count() == 200


def test_ids_a_chunk_leaves_unused_are_not_reused_by_later_writes(seeded):
    # Chunks reserve id ranges; an ordinary insert afterwards must land after all of them.
    conversation = Conversation.objects.first()
    assert conversation is not None
    entry = TimelineEntry.objects.create(conversation=conversation, kind=EntryKind.NOTE, body="after the seed")
    assert entry.pk > TimelineEntry.objects.exclude(pk=entry.pk).order_by("-id").values_list("id", flat=True)[0]
