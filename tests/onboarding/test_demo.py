"""The demo's stints (journey 12): Felix in week three with Ruth, a graduation from the spring, the new
finance chief starting next Monday; and a step that stays cheap however big the data set is."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wowdesk.demo.context import SeedContext, SeedOptions
from wowdesk.demo.onboarding import seed_onboarding
from wowdesk.demo.staff import seed_staff
from wowdesk.onboarding.models import Milestone, PhoneStint, StintStatus
from wowdesk.onboarding.selectors import stint_detail

pytestmark = pytest.mark.django_db
SMALL = ("--conversations", "60", "--customers", "30")


@pytest.fixture
def seeded(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", *SMALL, stdout=io.StringIO(), stderr=io.StringIO())


def test_felix_is_in_week_three_with_ruth_and_his_calls_count(seeded):
    felix = PhoneStint.objects.select_related("hire", "coach").get(hire__username="felix")
    assert felix.coach.username == "ruth"
    assert felix.status() == StintStatus.ON_THE_PHONES
    assert felix.current_week() == 3
    assert felix.check_ins.count() == 3
    assert set(felix.ticks.values_list("milestone", flat=True)) == {Milestone.SHADOWED_CALL}

    detail = stint_detail(viewer=felix.coach, stint=felix)
    assert [week.calls for week in detail.activity.weeks] == [0, 2, 1, 0]
    done = {m.key for m in detail.summary.milestones if m.done}
    assert {"shadowed_call", "solo_call"} <= done
    assert "coach_sign_off" not in done
    assert (detail.summary.reading.done, detail.summary.reading.total) == (1, 4)


def test_a_graduation_from_the_spring_and_an_executive_next_week(seeded):
    rebecca = PhoneStint.objects.get(hire__username="bex")
    assert rebecca.status() == StintStatus.COMPLETED
    assert rebecca.graduated_by is not None
    assert rebecca.graduated_by.username == "ines"
    assert rebecca.graduated_at is not None
    assert (timezone.now() - rebecca.graduated_at).days > 90

    chief = PhoneStint.objects.select_related("hire").get(hire__username="nadia")
    assert chief.hire.title == "Chief financial officer"
    assert chief.status() == StintStatus.SCHEDULED
    assert chief.starts_on.weekday() == 0
    assert 0 < (chief.starts_on - timezone.localdate()).days <= 7
    assert PhoneStint.objects.count() == 3


def test_the_demo_lead_and_felix_see_the_pages(seeded):
    lead = Client()
    assert lead.login(username="demo", password="wowdesk-demo")
    overview = lead.get("/onboarding/").content.decode()
    assert "Felix Adeyemi" in overview
    assert "Nadia Petrakis" in overview
    felix = PhoneStint.objects.get(hire__username="felix")
    page = lead.get(f"/onboarding/{felix.pk}/").content.decode()
    assert "Week 3 of 4" in page
    assert "refund question" in page

    hire = Client()
    assert hire.login(username="felix", password="wowdesk-demo")
    assert "Your weeks on the phones" in hire.get("/onboarding/me/").content.decode()


def test_the_step_writes_a_handful_of_rows_and_never_reads_conversations():
    """The benchmark seeds a million conversations; this step must not look at any of them."""
    ctx = SeedContext(options=SeedOptions(conversations=60), now=timezone.now(), password_hash="!")
    seed_staff(ctx)
    with CaptureQueriesContext(connection) as queries:
        seed_onboarding(ctx)
    statements = [q["sql"].lower() for q in queries.captured_queries if "savepoint" not in q["sql"].lower()]
    for table in ("conversations_", "gestures_", "happiness_", "cards_", "legends_"):
        assert not [sql for sql in statements if table in sql]
    assert len(statements) < 50
    assert PhoneStint.objects.count() == 3
