"""The pages: the customer's public survey, the dashboard and its export, recoveries, grades, polls."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from wowdesk.happiness.models import Grade, Poll, Recovery, Survey
from wowdesk.happiness.services import poll_answer, poll_create
from wowdesk.happiness.tokens import new_token

pytestmark = pytest.mark.django_db


def _url(surveyed) -> str:
    return f"/happiness/survey/{surveyed.token}/"


# The customer's survey page.


def test_the_survey_page_is_public_and_a_link_only_preselects(surveyed):
    page = Client().get(_url(surveyed) + "?grade=b")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert surveyed.conversation.subject in html
    assert re.search(r'<input[^>]*value="B"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="A"[^>]*checked', html)
    assert not Grade.objects.exists()  # following a link from the email grades nothing


def test_grading_from_the_page_then_changing_it(surveyed):
    client = Client()
    done = client.post(_url(surveyed), {"grade": "D", "comment": "Took a week.", "revision": "0"}, follow=True)
    assert done.redirect_chain[-1][0].endswith("?done=1")
    assert "You gave us a D." in done.content.decode()
    assert Recovery.objects.filter(closed_at__isnull=True).count() == 1
    changed = client.post(_url(surveyed), {"grade": "B", "comment": "They called me.", "revision": "1"}, follow=True)
    assert "You gave us a B." in changed.content.decode()
    assert Grade.objects.get().revision == 2


def test_a_replayed_form_is_a_409_and_changes_nothing(surveyed):
    surveyed.grade("A")
    replay = Client().post(_url(surveyed), {"grade": "F", "revision": "0"})
    assert replay.status_code == 409
    assert "used to grade again" in replay.content.decode()
    assert Grade.objects.get().letter == "A"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"grade": "E", "revision": "0"}, "Select a valid choice"),
        ({"grade": "A", "comment": "x" * 100_000, "revision": "0"}, "at most 2000 characters"),
        ({"revision": "0"}, "This field is required"),
    ],
)
def test_bad_input_is_a_400_on_the_field(surveyed, data, message):
    response = Client().post(_url(surveyed), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Grade.objects.exists()


def test_wrong_and_expired_links_say_so(surveyed):
    assert Client().get(f"/happiness/survey/{new_token()}/").status_code == 404
    assert Client().post(f"/happiness/survey/{new_token()}/", {"grade": "A", "revision": "0"}).status_code == 404
    Survey.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = Client().get(_url(surveyed))
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()


def test_the_survey_form_needs_its_csrf_token(surveyed):
    client = Client(enforce_csrf_checks=True)
    assert client.post(_url(surveyed), {"grade": "A", "revision": "0"}).status_code == 403
    assert not Grade.objects.exists()


def test_a_comment_with_html_is_shown_as_text(surveyed, lead_client):
    surveyed.grade("C", "<script>alert('x')</script><b>meh</b>")
    for page in (lead_client.get("/happiness/grades/"), lead_client.get(f"/conversations/{surveyed.conversation.pk}/")):
        html = page.content.decode()
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;meh&lt;/b&gt;" in html
        assert "<script>alert" not in html


# The conversation page.


def test_the_conversation_page_shows_the_grade_and_closes_the_recovery(surveyed, rep_client, cookies_for):
    surveyed.grade("F", "Never again.")
    cookies = cookies_for(surveyed.conversation)
    url = f"/conversations/{surveyed.conversation.pk}/"
    page = rep_client.get(url).content.decode()
    assert "Recovery open after a F" in page
    assert "Never again." in page
    recovery = Recovery.objects.get()
    refused = rep_client.post(f"/happiness/recoveries/{recovery.pk}/", {"what_was_done": "", "next": url})
    assert refused.status_code == 400
    closed = rep_client.post(
        f"/happiness/recoveries/{recovery.pk}/",
        {"what_was_done": "Called, apologised.", "gesture": cookies.pk, "next": url},
    )
    assert closed.status_code == 302
    assert closed["Location"] == url
    assert "Recovered after a F" in rep_client.get(url).content.decode()


def test_the_conversation_page_costs_one_query_more_without_a_grade(surveyed, rep_client, django_assert_num_queries):
    """The panel's share of the page: one query for a conversation with no grade; the page's own pin is 27."""
    url = f"/conversations/{surveyed.conversation.pk}/"
    with CaptureQueriesContext(connection) as before:
        rep_client.get(url)
    surveyed.grade("D")
    with CaptureQueriesContext(connection) as after:
        rep_client.get(url)
    # Graded with an open recovery: recoveries and the gestures to close it with, two more.
    assert len(after.captured_queries) == len(before.captured_queries) + 2


# Staff pages.


def test_the_dashboard_page_draws_from_our_own_static_files(surveyed_factory, lead_client):
    surveyed_factory().grade("A")
    surveyed_factory().grade("F", "No.")
    page = lead_client.get("/happiness/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="happiness-charts"' in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert finders.find("vendor/chartjs/chart.umd.min.js") is not None
    assert 'data-testid="good-share">50%' in html
    part = lead_client.get("/happiness/?period=4w", headers={"HX-Request": "true"})
    assert part.content.decode().lstrip().startswith('<div id="figures">')


@pytest.mark.parametrize(
    "query", ["period=9w", "period=custom&to=2026-01-01", "from=yesterday", "team=abc", "channel=fax"]
)
def test_bad_dashboard_filters_are_a_400_naming_them(lead_client, query):
    response = lead_client.get(f"/happiness/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_no_talk_time_handle_time_calls_per_hour_or_revenue_anywhere(surveyed_factory, lead_client):
    surveyed_factory().grade("B")
    pages = [
        "/happiness/",
        "/happiness/grades/",
        "/happiness/recoveries/",
        "/happiness/polls/",
        "/happiness/export.csv",
    ]
    for path in pages:
        response = lead_client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode().lower()
        for banned in ("talk time", "handle time", "handling time", "calls per hour", "revenue"):
            assert banned not in text, (path, banned)


def test_the_csv_export_cannot_smuggle_a_formula(surveyed_factory, lead_client):
    surveyed_factory().grade("C", '=HYPERLINK("http://evil.example","click")')
    surveyed_factory().grade("B", "+1 for Rita")
    surveyed_factory().grade("A", "  @SUM(A1:A9)")
    surveyed_factory().grade("A", "Plain words")
    response = lead_client.get("/happiness/export.csv?period=4w")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["day", "conversation", "grade", "channel", "team", "rep", "problem", "comment", "graded_at"]
    comments = sorted(row[7] for row in rows[1:])
    assert comments == sorted(
        ['\'=HYPERLINK("http://evil.example","click")', "'+1 for Rita", "'@SUM(A1:A9)", "Plain words"]
    )
    assert lead_client.get("/happiness/export.csv?period=bad").status_code == 400


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("  -2", "'  -2"),
        ("\t=cmd", "'\t=cmd"),
        ("＝1", "'＝1"),
        ("a=b", "a=b"),
        (42, "42"),
        (None, ""),
    ],
)
def test_safe_cell(value, cell):
    from wowdesk.happiness.csvsafe import safe_cell

    assert safe_cell(value) == cell


def test_recoveries_page_and_detail(surveyed, rep_client, outsider_client):
    surveyed.grade("D", "Meh")
    page = rep_client.get("/happiness/recoveries/")
    assert page.status_code == 200
    assert "Meh" in page.content.decode()
    recovery = Recovery.objects.get()
    assert rep_client.get(f"/happiness/recoveries/{recovery.pk}/").status_code == 200
    assert outsider_client.get(f"/happiness/recoveries/{recovery.pk}/").status_code == 404
    assert rep_client.get("/happiness/recoveries/?state=nope").status_code == 400
    assert "Meh" not in outsider_client.get("/happiness/recoveries/").content.decode()


def test_the_menu_badge_counts_my_open_recoveries(lead, surveyed, rep_client):
    assert rep_client.get("/happiness/badge/").content.decode().strip() == ""
    surveyed.grade("F")
    assert 'data-testid="recovery-badge">1<' in rep_client.get("/happiness/badge/").content.decode()


def test_polls_pages(lead_client, rep_client, rep, login):
    assert rep_client.get("/happiness/polls/new/").status_code == 403
    created = lead_client.post("/happiness/polls/new/", {"question": "How would you grade our service this month?"})
    assert created.status_code == 302
    poll = Poll.objects.get()
    assert lead_client.post("/happiness/polls/new/", {"question": ""}).status_code == 400

    answered = rep_client.post(f"/happiness/polls/{poll.pk}/answer/", {"grade": "B", "comment": "Good"}, follow=True)
    assert "nobody can tell it is yours" in answered.content.decode()
    again = rep_client.post(f"/happiness/polls/{poll.pk}/answer/", {"grade": "A"})
    assert again.status_code == 400
    assert "already answered" in again.content.decode()
    hidden = rep_client.get(f"/happiness/polls/{poll.pk}/").content.decode()
    assert "Results are shown once at least 5 people have answered (1 so far)." in hidden
    for letter in "ABFF":
        poll_answer(actor=UserFactory.create(), poll=poll, letter=letter)
    shown = rep_client.get(f"/happiness/polls/{poll.pk}/").content.decode()
    assert "60%" in shown  # A, B, A, B of five... three A/B: 60%
    assert "Good" in shown
    assert "you answered" in rep_client.get("/happiness/polls/").content.decode()


def _pin(client: Client, path: str, grow, django_assert_num_queries) -> None:
    grow(2)
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    grow(5)
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/happiness/", "/happiness/grades/", "/happiness/grades/?worst=1", "/happiness/recoveries/", "/happiness/polls/"],
)
def test_list_pages_run_a_fixed_number_of_queries(path, surveyed_factory, lead, lead_client, django_assert_num_queries):
    def grow(n: int) -> None:
        for i in range(n):
            surveyed_factory().grade("CDF"[i % 3], "Hm", now=timezone.now() - dt.timedelta(days=i))
            poll = poll_create(actor=lead, question=f"Grade us {i}")
            poll_answer(actor=UserFactory.create(), poll=poll, letter="A")

    _pin(lead_client, path, grow, django_assert_num_queries)


def test_the_worst_tail_pages_worst_first_across_pages(surveyed_factory, lead_client, settings):
    settings.WOWDESK_PAGE_SIZE = 2
    for i, letter in enumerate("FDCFDB"):
        surveyed_factory().grade(letter, f"number {i}", now=timezone.now() - dt.timedelta(days=i))
    seen, url = [], "/happiness/grades/?worst=1"
    while url:
        page = lead_client.get(url)
        assert page.status_code == 200
        seen += re.findall(r'class="grade grade-(\w)"', page.content.decode())
        found = re.search(r'rel="next" href="([^"]+)"', page.content.decode())
        url = "/happiness/grades/" + found.group(1).replace("&amp;", "&") if found else ""
    assert seen == ["f", "f", "d", "d", "c"]
