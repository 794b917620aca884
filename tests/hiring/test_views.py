"""The hiring pages: the list and its filter, a new candidate, and one candidate's page with its forms."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.hiring.conftest import card, seat
from wowdesk.hiring.models import Candidate, PanelMember, Scorecard, Status
from wowdesk.hiring.services import candidate_create, candidate_move

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _html(response) -> str:
    return str(response.content.decode())


def _make(lead, finance, n: int) -> list[Candidate]:
    return [
        candidate_create(
            actor=lead, name=f"Person {i}", email=f"p{i}@example.org", role="Buyer", department=finance, source="other"
        )
        for i in range(n)
    ]


def test_the_list_is_for_leads_with_a_status_filter(lead_client, candidate, lead):
    other = _make(lead, candidate.department, 1)[0]
    candidate_move(actor=lead, candidate=other, to=Status.WITHDRAWN)

    page = lead_client.get("/hiring/")
    assert [c.pk for c in page.context["page"].items] == [other.pk, candidate.pk]
    assert "Priya Natarajan" in _html(page)
    filtered = lead_client.get("/hiring/", {"status": "withdrawn"}, headers=HTMX)
    assert _html(filtered).lstrip().startswith('<div id="candidate-results">')
    assert [c.pk for c in filtered.context["page"].items] == [other.pk]
    assert lead_client.get("/hiring/", {"status": "famous"}).status_code == 400


def test_a_rep_lists_only_the_candidates_whose_panel_they_sit_on(rep_client, candidate, lead, rep, finance):
    _make(lead, finance, 2)
    assert "Priya Natarajan" not in _html(rep_client.get("/hiring/"))
    assert rep_client.get(f"/hiring/{candidate.pk}/").status_code == 404

    seat(candidate, rep, by=lead)

    page = rep_client.get("/hiring/")
    assert [c.pk for c in page.context["page"].items] == [candidate.pk]
    assert 'data-testid="new-candidate"' not in _html(page)
    assert rep_client.get(f"/hiring/{candidate.pk}/").status_code == 200


def test_new_candidate_form(lead_client, rep_client, finance):
    assert rep_client.get("/hiring/new/").status_code == 403
    assert lead_client.get("/hiring/new/").status_code == 200
    bad = lead_client.post(
        "/hiring/new/", {"name": "Sam", "email": "nope", "role": "Buyer", "department": finance.pk, "source": "other"}
    )
    assert bad.status_code == 400
    assert not Candidate.objects.exists()

    good = lead_client.post(
        "/hiring/new/",
        {
            "name": "Sam Ortiz",
            "email": "sam@example.org",
            "role": "Buyer",
            "department": finance.pk,
            "source": "referral",
        },
    )

    created = Candidate.objects.get()
    assert good.status_code == 302
    assert good["Location"] == f"/hiring/{created.pk}/"


def test_seating_the_panel_and_the_service_rule_on_the_page(lead_client, candidate, analyst, rep):
    url = f"/hiring/{candidate.pk}/"
    assert lead_client.post(f"{url}panel/", {"user": analyst.pk}).status_code == 302
    page = _html(lead_client.get(url))
    assert "The panel needs at least one person from customer service." in page

    refused = lead_client.post(f"{url}status/", {"status": "interviewing"})
    assert refused.status_code == 400
    assert "The panel needs at least one person from customer service." in _html(refused)

    lead_client.post(f"{url}panel/", {"user": rep.pk})
    assert "Customer service is on the panel." in _html(lead_client.get(url))
    assert lead_client.post(f"{url}status/", {"status": "interviewing"}).status_code == 302
    duplicate = lead_client.post(f"{url}panel/", {"user": rep.pk})
    assert duplicate.status_code == 400
    assert "is already on the panel" in _html(duplicate)
    assert PanelMember.objects.count() == 2


def test_a_panelist_writes_then_reads(interviewing, login, rep, analyst):
    url = f"/hiring/{interviewing.pk}/"
    card(interviewing, rep, culture_evidence="Told me about the customer she drove a parcel to.")
    client = login(analyst)

    before = _html(client.get(url))
    assert 'data-testid="anchoring"' in before
    assert "drove a parcel" not in before
    assert 'data-testid="scorecard-form"' in before

    bad = client.post(f"{url}scorecard/", {"skills": "yes", "culture": "yes", "vote": "hire"})
    assert bad.status_code == 400
    assert not Scorecard.objects.filter(author=analyst).exists()
    data = {
        "skills": "strong_yes",
        "skills_evidence": "Built the cash-flow model on the whiteboard.",
        "culture": "yes",
        "culture_evidence": "Credited her old team for everything.",
        "vote": "hire",
    }
    assert client.post(f"{url}scorecard/", data).status_code == 302

    after = _html(client.get(url))
    assert "drove a parcel" in after
    assert "Credited her old team for everything." in after
    assert 'data-testid="scorecard-form"' not in after
    again = client.post(f"{url}scorecard/", data)
    assert again.status_code == 400
    assert "scorecards are final" in _html(again)


def test_someone_off_the_panel_cannot_post_a_scorecard(interviewing, lead_client):
    response = lead_client.post(
        f"/hiring/{interviewing.pk}/scorecard/",
        {"skills": "yes", "skills_evidence": "x", "culture": "yes", "culture_evidence": "x", "vote": "hire"},
    )
    assert response.status_code == 403
    assert not Scorecard.objects.exists()


def test_the_offer_is_refused_with_its_reasons_then_made(interviewing, lead_client, rep, analyst):
    url = f"/hiring/{interviewing.pk}/"
    card(interviewing, rep, culture="no")
    card(interviewing, analyst)
    assert "Customer service did not see a culture fit" in _html(lead_client.get(url))

    refused = lead_client.post(f"{url}status/", {"status": "offer"})

    assert refused.status_code == 400
    assert "culture is not traded for skills" in _html(refused)
    assert Candidate.objects.get().status == Status.INTERVIEWING
    assert lead_client.post(f"{url}status/", {"status": "declined"}).status_code == 302


def test_hiring_from_the_page_links_the_account(interviewing, lead_client, lead, rep, analyst):
    card(interviewing, rep)
    card(interviewing, analyst)
    candidate_move(actor=lead, candidate=interviewing, to=Status.OFFER)
    starter = UserFactory.create(first_name="Priya", last_name="Natarajan")

    assert (
        lead_client.post(f"/hiring/{interviewing.pk}/status/", {"status": "hired", "user": starter.pk}).status_code
        == 302
    )

    assert Candidate.objects.get().hired_user == starter
    assert "Joined as Priya Natarajan" in _html(lead_client.get(f"/hiring/{interviewing.pk}/"))


def test_removing_from_the_panel(candidate, lead_client, lead, analyst, rep):
    seat(candidate, analyst, by=lead)
    assert lead_client.post(f"/hiring/{candidate.pk}/panel/{analyst.pk}/remove/").status_code == 302
    assert not PanelMember.objects.exists()
    shown = lead_client.post(f"/hiring/{candidate.pk}/panel/{rep.pk}/remove/", follow=True)
    assert "That person is not on the panel." in _html(shown)


def test_personal_data_is_shown_as_text(lead_client, lead, finance):
    evil = candidate_create(
        actor=lead, name="<script>x</script>", email="e@example.org", role="Buyer", department=finance, source="other"
    )
    html = _html(lead_client.get(f"/hiring/{evil.pk}/"))
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x" not in html


def test_writes_need_the_csrf_token(candidate, lead, analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    assert client.post(f"/hiring/{candidate.pk}/panel/", {"user": analyst.pk}).status_code == 403
    assert not PanelMember.objects.exists()


# Query counts.


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_page_runs_a_fixed_number_of_queries(lead_client, lead, finance):
    _make(lead, finance, 3)
    few = _count(lead_client, "/hiring/")
    _make(lead, finance, 6)
    # Session and user, the candidates with department and hired account.
    assert few == _count(lead_client, "/hiring/") == 3


def test_the_candidate_page_runs_a_fixed_number_of_queries(interviewing, login, rep, analyst, lead, team):
    card(interviewing, rep)
    client = login(analyst)
    url = f"/hiring/{interviewing.pk}/"
    few = _count(client, url)
    for _ in range(3):
        person = UserFactory.create(team=team)
        seat(interviewing, person, by=lead)
        card(interviewing, person)
    assert _count(client, url) == few
