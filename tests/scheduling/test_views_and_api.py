"""The schedules page and endpoints: everyone reads, only admins run a job by hand."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_client_for
from tests.scheduling import jobs
from wowdesk.scheduling.models import ScheduledRun

pytestmark = pytest.mark.django_db


def test_schedules_page_lists_every_schedule_with_its_last_run(every_hour, rep_client, django_assert_num_queries):
    ScheduledRun.objects.create(name="tests.every_hour", slot="2026-11-20T12:00:00Z")
    # session, user, last runs: constant however many schedules exist.
    with django_assert_num_queries(3):
        response = rep_client.get("/schedules/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "tests.every_hour" in html
    assert "scheduling.prune_task_results" in html
    assert "Run now" not in html  # reps cannot run jobs by hand


def test_admin_runs_a_schedule_now(every_hour, admin_user, login):
    response = login(admin_user).post("/schedules/tests.every_hour/run/")
    assert response.status_code == 302
    assert jobs.RUNS == ["ran"]
    assert ScheduledRun.objects.filter(name="tests.every_hour").count() == 1


def test_rep_cannot_run_a_schedule(every_hour, rep_client):
    assert rep_client.post("/schedules/tests.every_hour/run/").status_code == 403
    assert jobs.RUNS == []


def test_unknown_schedule_is_404(admin_user, login):
    assert login(admin_user).post("/schedules/nope/run/").status_code == 404


def test_api_lists_schedules(every_hour, rep):
    body = api_client_for(rep).get("/schedules").json()
    by_name = {s["name"]: s for s in body}
    assert by_name["tests.every_hour"]["every_minutes"] == 60
    assert by_name["tests.every_hour"]["last_enqueued_at"] is None


def test_api_run_is_for_admins_only(every_hour, rep, admin_user):
    refused = api_client_for(rep).post("/schedules/tests.every_hour/run")
    assert refused.status_code == 403
    assert refused.json()["detail"][0]["message"] == "Only administrators can run a schedule by hand."
    ran = api_client_for(admin_user).post("/schedules/tests.every_hour/run")
    assert ran.status_code == 200
    assert ran.json()["name"] == "tests.every_hour"
    assert jobs.RUNS == ["ran"]
    assert api_client_for(admin_user).post("/schedules/nope/run").status_code == 404
