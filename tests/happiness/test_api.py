"""The JSON API: public survey endpoints for customers, staff endpoints for everything else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.conftest import api_client_for, fields
from tests.factories import ConversationFactory, UserFactory
from wowdesk.conversations.models import Channel
from wowdesk.happiness.models import Grade, GradeChange, Poll, Recovery, Survey
from wowdesk.happiness.tokens import new_token

pytestmark = pytest.mark.django_db


class Public:
    """A customer's client: no login, no token, JSON."""

    def __init__(self) -> None:
        self.client = Client()

    def get(self, path: str):
        return self.client.get(f"/api{path}")

    def post(self, path: str, body: dict):
        return self.client.post(f"/api{path}", body, content_type="application/json")


@pytest.fixture
def public() -> Public:
    return Public()


@pytest.fixture
def api_for():
    return api_client_for


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


@pytest.fixture
def outsider_api(outsider):
    return api_client_for(outsider)


@pytest.fixture
def lead_api(lead):
    return api_client_for(lead)


def test_a_customer_grades_and_regrades_with_the_token_alone(public, surveyed):
    path = f"/surveys/{surveyed.token}"
    shown = public.get(path).json()
    assert shown["revision"] == 0
    assert shown["grade"] is None
    assert shown["conversation"] == {"id": surveyed.conversation.pk, "subject": surveyed.conversation.subject}

    first = public.post(f"{path}/grade", {"grade": "D", "comment": "<b>Slow</b>", "revision": 0})
    assert first.status_code == 201
    assert first.json() == {"grade": "D", "revision": 1}
    replay = public.post(f"{path}/grade", {"grade": "F", "revision": 0})
    assert replay.status_code == 409
    assert fields(replay) == {"revision"}
    again = public.post(f"{path}/grade", {"grade": "B", "revision": 1})
    assert again.json() == {"grade": "B", "revision": 2}
    assert public.get(path).json()["grade"] == "B"
    assert list(GradeChange.objects.values_list("letter", flat=True)) == ["D", "B"]
    assert GradeChange.objects.order_by("id")[0].comment == "<b>Slow</b>"


def test_wrong_and_expired_tokens(public, surveyed):
    for token in (new_token(), "short", "x" * 300):
        response = public.get(f"/surveys/{token}")
        assert response.status_code == 404
        assert fields(response) == {"__all__"}
        assert public.post(f"/surveys/{token}/grade", {"grade": "A", "revision": 0}).status_code == 404
    Survey.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = public.post(f"/surveys/{surveyed.token}/grade", {"grade": "A", "revision": 0})
    assert expired.status_code == 410
    assert fields(expired) == {"token"}
    assert public.get(f"/surveys/{surveyed.token}").status_code == 410
    assert not Grade.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"grade": "E", "revision": 0}, "grade"),
        ({"grade": "A", "revision": -1}, "revision"),
        ({"grade": "A"}, "revision"),
        ({"grade": "A", "comment": "x" * 100_000, "revision": 0}, "comment"),
        ({"grade": "A", "comment": "x" * 100_001, "revision": 0}, "comment"),
    ],
)
def test_bad_grades_are_422_naming_the_field(public, surveyed, body, field):
    response = public.post(f"/surveys/{surveyed.token}/grade", body)
    assert response.status_code == 422
    assert fields(response) == {field}
    assert not Grade.objects.exists()


def test_staff_see_grades_of_conversations_they_may_see(surveyed_factory, rep_api, outsider_api, other_team, outsider):
    mine = surveyed_factory()
    mine.grade("F", "Awful")
    theirs = surveyed_factory(team=other_team, assignee=outsider)
    theirs.grade("A")
    listed = rep_api.get("/grades").json()["items"]
    assert [(g["conversation"]["id"], g["grade"]) for g in listed] == [(mine.conversation.pk, "F")]
    assert listed[0]["team"]["name"] == "Falcons"
    assert [g["grade"] for g in outsider_api.get("/grades").json()["items"]] == ["A"]
    assert rep_api.get("/grades", {"worst": "true", "grade": "F"}).json()["items"][0]["comment"] == "Awful"
    assert fields(rep_api.get("/grades", {"channel": "fax"})) == {"channel"}

    detail = rep_api.get(f"/conversations/{mine.conversation.pk}/happiness").json()
    assert detail["survey"]["status"] == "sent"
    assert detail["grade"]["grade"] == "F"
    assert [h["grade"] for h in detail["history"]] == ["F"]
    assert rep_api.get(f"/conversations/{theirs.conversation.pk}/happiness").status_code == 404


def test_recoveries_over_the_api(surveyed, rep_api, outsider_api, cookies_for, team):
    surveyed.grade("D", "Box crushed")
    [item] = rep_api.get("/recoveries").json()["items"]
    assert (item["grade"], item["comment"], item["closed_at"]) == ("D", "Box crushed", None)
    assert outsider_api.get(f"/recoveries/{item['id']}").status_code == 404
    elsewhere = cookies_for(ConversationFactory.create(team=team))
    wrong = rep_api.post(f"/recoveries/{item['id']}/close", {"what_was_done": "Cookies", "gesture_id": elsewhere.pk})
    assert wrong.status_code == 422
    assert fields(wrong) == {"gesture_id"}
    cookies = cookies_for(surveyed.conversation)
    closed = rep_api.post(f"/recoveries/{item['id']}/close", {"what_was_done": "Called back", "gesture_id": cookies.pk})
    assert closed.status_code == 200
    assert closed.json()["gesture_id"] == cookies.pk
    assert closed.json()["recovery_seconds"] >= 0
    twice = rep_api.post(f"/recoveries/{item['id']}/close", {"what_was_done": "Again"})
    assert fields(twice) == {"recovery"}
    assert rep_api.get("/recoveries", {"state": "closed"}).json()["items"][0]["what_was_done"] == "Called back"
    assert fields(rep_api.get("/recoveries", {"state": "all"})) == {"state"}


def test_polls_over_the_api(lead_api, rep_api, api_for):
    assert rep_api.post("/polls", {"question": "Grade us"}).status_code == 403
    assert fields(lead_api.post("/polls", {"question": "Grade us", "department_ids": [999]})) == {"department_ids"}
    created = lead_api.post("/polls", {"question": "How would you grade our service this month?"})
    assert created.status_code == 201
    poll_id = created.json()["id"]
    assert created.json()["results_visible"] is False

    assert rep_api.post(f"/polls/{poll_id}/answers", {"grade": "B", "comment": "Pretty good"}).json() == {"answers": 1}
    second = rep_api.post(f"/polls/{poll_id}/answers", {"grade": "A"})
    assert second.status_code == 422
    assert fields(second) == {"poll"}
    hidden = rep_api.get(f"/polls/{poll_id}/results")
    assert hidden.status_code == 403
    assert "at least 5" in hidden.json()["detail"][0]["message"]
    for letter in "ACDF":
        api_for(UserFactory.create()).post(f"/polls/{poll_id}/answers", {"grade": letter})
    results = rep_api.get(f"/polls/{poll_id}/results").json()
    assert results["counts"] == {"A": 1, "B": 1, "C": 1, "D": 1, "F": 1}
    assert results["good_share"] == pytest.approx(0.4)
    assert results["comments"] == ["Pretty good"]
    assert "voter" not in str(results).lower()
    assert lead_api.post(f"/polls/{poll_id}/close").json()["is_open"] is False
    assert Poll.objects.get().answers == 5


def test_dashboard_figures_over_the_api(surveyed_factory, lead_api, rep_api, rep):
    surveyed_factory().grade("A")
    surveyed_factory(channel=Channel.PHONE).grade("F")
    board = lead_api.get("/happiness/dashboard", {"period": "4w"}).json()
    assert board["total"]["counts"] == {"A": 1, "B": 0, "C": 0, "D": 0, "F": 1}
    assert board["total"]["spread"] == pytest.approx(2.0)
    assert board["without_f"]["current"] == 0
    assert board["teams"][0]["name"] == "Falcons"
    assert board["tail"]["channels"][0]["key"] == "phone"
    assert board["open_recoveries"] == 1
    assert fields(lead_api.get("/happiness/dashboard", {"period": "1y"})) == {"period"}
    assert fields(lead_api.get("/happiness/dashboard", {"period": "custom", "to": "2026-01-01"})) == {"from"}
    people = rep_api.get("/happiness/people", {"period": "4w"}).json()["items"]
    assert [(p["rep"]["id"], p["grades"]["total"]) for p in people] == [(rep.pk, 2)]
    assert fields(rep_api.get("/happiness/people", {"cursor": "bm9wZQ"})) == {"cursor"}


def test_every_endpoint_is_in_the_openapi_schema(rep_api):
    paths = set(rep_api.get("/openapi.json").json()["paths"])
    assert {
        "/api/surveys/{token}",
        "/api/surveys/{token}/grade",
        "/api/grades",
        "/api/conversations/{pk}/happiness",
        "/api/recoveries",
        "/api/recoveries/{pk}",
        "/api/recoveries/{pk}/close",
        "/api/polls",
        "/api/polls/{pk}",
        "/api/polls/{pk}/answers",
        "/api/polls/{pk}/results",
        "/api/polls/{pk}/close",
        "/api/happiness/dashboard",
        "/api/happiness/people",
    } <= paths


def test_no_time_per_customer_figure_anywhere_in_the_api(rep_api):
    schema = rep_api.get("/openapi.json").content.decode().lower()
    assert "/api/happiness/dashboard" in schema
    for banned in (
        "talk time",
        "talk_time",
        "handle time",
        "handle_time",
        "calls per hour",
        "calls_per_hour",
        "revenue",
    ):
        assert banned not in schema


@pytest.mark.parametrize("path", ["/grades", "/recoveries", "/polls", "/happiness/people"])
def test_list_endpoints_run_a_fixed_number_of_queries(path, surveyed_factory, lead, django_assert_num_queries):
    from wowdesk.happiness.services import poll_answer, poll_create

    api = api_client_for(lead)

    def add(n: int) -> None:
        for _ in range(n):
            surveyed_factory().grade("D")
            poll = poll_create(actor=lead, question="Grade us")
            poll_answer(actor=UserFactory.create(), poll=poll, letter="A")

    add(3)
    assert api.get(path, {"limit": 100}).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        first = api.get(path, {"limit": 100})
    add(6)
    with django_assert_num_queries(len(ctx.captured_queries)):
        second = api.get(path, {"limit": 100})
    if path != "/happiness/people":
        assert len(second.json()["items"]) == len(first.json()["items"]) + 6
    assert Recovery.objects.count() == 9


def test_grades_page_through_the_worst_first(surveyed_factory, rep_api):
    for i, letter in enumerate("FDCFDA"):
        surveyed_factory().grade(letter, now=timezone.now() - dt.timedelta(hours=i))
    letters, cursor = [], None
    while True:
        body = rep_api.get("/grades", {"worst": "true", "limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        letters += [g["grade"] for g in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert letters == ["F", "F", "D", "D", "C"]
