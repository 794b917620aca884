"""Fixtures for the hiring tests: a finance department and its people, a candidate, and helpers for panels
and scorecards. ``rep`` (the Falcons, customer service) is the service panelist; ``lead`` runs hiring."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import DepartmentFactory, UserFactory
from wowdesk.accounts.models import Department, User
from wowdesk.hiring.models import Candidate, CandidateSource, PanelMember, Scorecard, Status
from wowdesk.hiring.services import candidate_create, candidate_move, panel_add, scorecard_submit


@pytest.fixture
def finance() -> Department:
    return DepartmentFactory.create(name="Finance", slug="finance")


@pytest.fixture
def analyst(finance) -> User:
    """A finance analyst: sits on finance panels, not in customer service, no team."""
    return UserFactory.create(username="fiona", first_name="Fiona", last_name="Frost", team=None, department=finance)


@pytest.fixture
def candidate(lead, finance) -> Candidate:
    return candidate_create(
        actor=lead,
        name="Priya Natarajan",
        email="priya@example.org",
        role="Financial analyst",
        department=finance,
        source=CandidateSource.CAREERS_PAGE,
    )


def seat(candidate: Candidate, *people: User, by: User) -> list[PanelMember]:
    return [panel_add(actor=by, candidate=candidate, user=person) for person in people]


def interview(candidate: Candidate, *people: User, by: User) -> Candidate:
    """Seat ``people`` and move the candidate to interviewing."""
    seat(candidate, *people, by=by)
    return candidate_move(actor=by, candidate=candidate, to=Status.INTERVIEWING)


def card(candidate: Candidate, author: User, **fields: Any) -> Scorecard:
    values: dict[str, Any] = {
        "skills": "yes",
        "skills_evidence": "Walked me through a messy reconciliation and found the error herself.",
        "culture": "yes",
        "culture_evidence": "Spoke about the warehouse team with real warmth; asked how we treat late refunds.",
        "vote": "hire",
        **fields,
    }
    return scorecard_submit(actor=author, candidate=candidate, **values)


@pytest.fixture
def interviewing(candidate, rep, analyst, lead) -> Candidate:
    """The candidate with a service rep and a finance analyst on the panel, being interviewed."""
    return interview(candidate, rep, analyst, by=lead)
