"""The onboarding pages: overview, a stint week by week, my onboarding, and the forms posted from them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.onboarding.conftest import at, call, days_ago, read, sign_off
from wowdesk.onboarding.models import CheckIn, MilestoneTick, PhoneStint, StintExtension

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


def stint_order(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="stint-row" data-stint="(\d+)"', html)]


# Overview ------------------------------------------------------------------------


def test_a_lead_sees_everyone_on_the_phones_with_their_week(stint, lead_client):
    page = lead_client.get("/onboarding/").content.decode()
    assert "Felix Adeyemi" in page
    assert "week 2 of 4" in page
    assert "0 of 6" in page
    assert 'href="/onboarding/new/"' in page


def test_a_rep_sees_only_the_stints_they_coach(stint, rep_client, outsider_client):
    assert "Felix Adeyemi" in rep_client.get("/onboarding/").content.decode()
    page = outsider_client.get("/onboarding/")
    assert page.status_code == 200
    assert "Felix Adeyemi" not in page.content.decode()
    assert 'href="/onboarding/new/"' not in page.content.decode()


def test_the_overview_is_in_calendar_order_never_by_calls(start, lead, lead_client):
    """The busiest hire does not float up: rows follow the start date, however many calls anyone took."""
    quiet = start(UserFactory.create(title="Buyer"), days_ago=9)
    busy = start(UserFactory.create(title="Buyer"), days_ago=5)
    middle = start(UserFactory.create(title="Buyer"), days_ago=7)
    for i in range(6):
        call(busy.hire, at(busy.starts_on, 9) + dt.timedelta(minutes=20 * i), minutes=300)
    call(middle.hire, at(middle.starts_on, 9))

    page = lead_client.get("/onboarding/").content.decode()
    assert stint_order(page) == [quiet.pk, middle.pk, busy.pk]
    assert "calls" not in page.lower().split("<tbody>")[1]  # no call figures in the rows at all


def test_graduated_stints_are_listed_apart(start, hire, coach, lead, lead_client, stint):
    other = start(UserFactory.create(title="Buyer"), days_ago=30)
    sign_off(other, coach)
    lead_client.post(f"/onboarding/{other.pk}/graduate/", {"note": "Well done."})

    assert stint_order(lead_client.get("/onboarding/").content.decode()) == [stint.pk]
    assert stint_order(lead_client.get("/onboarding/?show=graduated").content.decode()) == [other.pk]
    assert set(stint_order(lead_client.get("/onboarding/?show=all").content.decode())) == {stint.pk, other.pk}
    assert lead_client.get("/onboarding/?show=best").status_code == 400


def test_the_overview_filter_answers_htmx_with_the_list_only(stint, lead_client):
    partial = lead_client.get("/onboarding/?show=current", headers=HTMX).content.decode()
    assert 'id="stint-results"' in partial
    assert "<html" not in partial


def test_the_overview_pages_by_cursor(start, lead_client, settings):
    settings.WOWDESK_PAGE_SIZE = 2
    made = [start(UserFactory.create(title="Buyer"), days_ago=d) for d in (5, 4, 3)]
    first = lead_client.get("/onboarding/").content.decode()
    assert stint_order(first) == [made[0].pk, made[1].pk]
    cursor = re.search(r'rel="next" href="([^"]+)"', first)
    assert cursor is not None
    second = lead_client.get("/onboarding/" + cursor.group(1).replace("&amp;", "&")).content.decode()
    assert stint_order(second) == [made[2].pk]


def test_the_overview_runs_a_fixed_number_of_queries(start, lead, lead_client, coach, reading):
    legends = reading(2)

    def add(n: int) -> None:
        for _ in range(n):
            stint = start(UserFactory.create(title="Buyer"), days_ago=3)
            call(stint.hire, at(stint.starts_on, 10))
            read(stint.hire, legends[0])
            sign_off(stint, coach)
            lead_client.post(f"/onboarding/{stint.pk}/check-ins/", {"note": "Fine week."})

    add(2)
    count(lead_client, "/onboarding/")
    few = count(lead_client, "/onboarding/")
    add(4)
    assert count(lead_client, "/onboarding/") == few
    assert PhoneStint.objects.count() == 6


# The stint page ------------------------------------------------------------------


def test_the_stint_page_shows_the_weeks_milestones_and_reading(stint, hire, lead_client, reading):
    legends = reading(2)
    read(hire, legends[0])
    call(hire, at(stint.starts_on + dt.timedelta(days=8), 10), minutes=95)

    page = lead_client.get(f"/onboarding/{stint.pk}/").content.decode()
    assert "Felix Adeyemi on the phones" in page
    assert "Week 2 of 4" in page
    assert "1 h 35 min" in page
    assert "1 of 2 read" in page
    assert f'href="/legends/{legends[0].pk}/"' in page
    assert "First call on their own" in page
    assert f'action="/onboarding/{stint.pk}/graduate/"' in page


def test_other_reps_get_a_404(stint, outsider_client, teammate, login):
    assert outsider_client.get(f"/onboarding/{stint.pk}/").status_code == 404
    assert login(teammate).get(f"/onboarding/{stint.pk}/").status_code == 404
    assert outsider_client.post(f"/onboarding/{stint.pk}/check-ins/", {"note": "Hi"}).status_code == 404
    assert outsider_client.get("/onboarding/999999/").status_code == 404
    assert not CheckIn.objects.exists()


def test_the_hire_sees_their_own_page_without_the_coachs_forms(stint, hire, login):
    client = login(hire)
    page = client.get("/onboarding/me/").content.decode()
    assert "Your weeks on the phones" in page
    assert "/check-ins/" not in page
    assert "/graduate/" not in page
    assert client.post(f"/onboarding/{stint.pk}/check-ins/", {"note": "I am great"}).status_code == 403
    assert client.get(f"/onboarding/{stint.pk}/").status_code == 200


def test_my_onboarding_without_a_stint(outsider_client):
    page = outsider_client.get("/onboarding/me/")
    assert page.status_code == 200
    assert "no weeks on the phones planned" in page.content.decode()


def test_the_menu_badge_shows_the_hires_week(stint, hire, login, lead_client):
    assert "week 2" in login(hire).get("/onboarding/badge/").content.decode()
    assert lead_client.get("/onboarding/badge/").content.decode().strip() == ""
    assert "/onboarding/badge/" in lead_client.get("/onboarding/").content.decode()


def test_a_check_in_without_javascript_redirects_back(stint, rep_client):
    response = rep_client.post(f"/onboarding/{stint.pk}/check-ins/", {"note": "Great first calls."})
    assert response.status_code == 302
    assert response["Location"] == f"/onboarding/{stint.pk}/"
    assert "Great first calls." in rep_client.get(f"/onboarding/{stint.pk}/").content.decode()


def test_a_check_in_with_htmx_swaps_the_weeks(stint, rep_client):
    response = rep_client.post(f"/onboarding/{stint.pk}/check-ins/", {"note": "Warm with callers."}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="stint-weeks"' in html
    assert "Warm with callers." in html
    assert "<html" not in html


def test_a_blank_check_in_is_a_400_with_the_form(stint, rep_client):
    response = rep_client.post(f"/onboarding/{stint.pk}/check-ins/", {"note": "  "}, headers=HTMX)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_ticking_a_milestone_swaps_the_checklist(stint, rep_client):
    response = rep_client.post(
        f"/onboarding/{stint.pk}/milestones/",
        {"milestone": "shadowed_call", "note": "Listened in on the morning shift."},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="stint-milestones"' in html
    assert "Listened in on the morning shift." in html
    assert MilestoneTick.objects.get().milestone == "shadowed_call"


def test_an_automatic_milestone_cannot_be_ticked_by_hand(stint, rep_client):
    response = rep_client.post(f"/onboarding/{stint.pk}/milestones/", {"milestone": "solo_call", "note": "Yes"})
    assert response.status_code == 400
    assert not MilestoneTick.objects.exists()


def test_a_lead_extends_and_the_page_says_why(stint, lead_client, rep_client):
    assert rep_client.post(f"/onboarding/{stint.pk}/extend/", {"days": 7, "reason": "More."}).status_code == 403
    response = lead_client.post(f"/onboarding/{stint.pk}/extend/", {"days": 7, "reason": "Billing calls need time."})
    assert response.status_code == 302
    page = lead_client.get(f"/onboarding/{stint.pk}/").content.decode()
    assert "Billing calls need time." in page
    assert "Week 2 of 5" in page
    assert lead_client.post(f"/onboarding/{stint.pk}/extend/", {"days": 40, "reason": "x"}).status_code == 400
    assert StintExtension.objects.count() == 1


def test_graduating_early_asks_for_the_reason_on_the_form(stint, coach, lead_client):
    sign_off(stint, coach)
    refused = lead_client.post(f"/onboarding/{stint.pk}/graduate/", {"note": "Off you go."})
    assert refused.status_code == 400
    assert "needs a written reason" in refused.content.decode()
    done = lead_client.post(
        f"/onboarding/{stint.pk}/graduate/", {"note": "Off you go.", "early_reason": "Quarter close starts early."}
    )
    assert done.status_code == 302
    stint.refresh_from_db()
    assert stint.graduated_at is not None
    page = lead_client.get(f"/onboarding/{stint.pk}/").content.decode()
    assert "Quarter close starts early." in page
    assert "/check-ins/" not in page


# Starting ------------------------------------------------------------------------


def test_a_lead_starts_a_stint_from_the_form(lead_client, hire, coach):
    assert lead_client.get("/onboarding/new/").status_code == 200
    response = lead_client.post(
        "/onboarding/new/",
        {"hire": hire.pk, "coach": coach.pk, "starts_on": days_ago(-3).isoformat(), "length_days": 28},
    )
    stint = PhoneStint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/onboarding/{stint.pk}/"
    assert (stint.hire, stint.coach, stint.home_title) == (hire, coach, "Analyst")


def test_a_short_stint_without_a_reason_is_a_400_naming_it(lead_client, hire, coach):
    response = lead_client.post(
        "/onboarding/new/",
        {"hire": hire.pk, "coach": coach.pk, "starts_on": days_ago(0).isoformat(), "length_days": 14},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["short_reason"]
    assert not PhoneStint.objects.exists()


def test_reps_cannot_start_stints(rep_client, hire, teammate):
    assert rep_client.get("/onboarding/new/").status_code == 403
    data = {"hire": hire.pk, "coach": teammate.pk, "starts_on": days_ago(0).isoformat(), "length_days": 28}
    assert rep_client.post("/onboarding/new/", data).status_code == 403
    assert not PhoneStint.objects.exists()


def test_the_pages_need_a_login(stint, client):
    for url in ("/onboarding/", f"/onboarding/{stint.pk}/", "/onboarding/me/", "/onboarding/new/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_a_stint_past_its_plan_is_ready_to_graduate(start, hire, lead_client):
    stint = start(hire, days_ago=30)
    page = lead_client.get(f"/onboarding/{stint.pk}/").content.decode()
    assert "Ready to graduate" in page
    assert "Week 5; 4 planned" in page
    assert "beyond the plan" in page
    assert "week 5; 4 planned" in lead_client.get("/onboarding/").content.decode()


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJ4IiwgIngiXQ", "WzEsIDIsIDNd"])  # garbage, ["x", "x"], [1, 2, 3]
def test_a_tampered_cursor_is_a_400_not_a_crash(stint, lead_client, cursor):
    for show in ("current", "graduated"):
        assert lead_client.get(f"/onboarding/?show={show}&cursor={cursor}").status_code == 400
