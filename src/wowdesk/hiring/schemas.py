"""API schemas of hiring: candidates, their panel, scorecards and the moves between statuses."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from wowdesk.accounts.models import Department
from wowdesk.api.common import Id, PageQuery, Text, UserRefOut
from wowdesk.hiring.models import MAX_EVIDENCE, Assessment, CandidateSource, PanelMember, Scorecard, Status, Vote
from wowdesk.legends.models import CompanyValue


class DepartmentRefOut(Schema):
    id: int
    name: str


class CandidateQuery(PageQuery):
    status: Status | None = None


class CandidateIn(Schema):
    name: Text = Field(..., max_length=1000)
    email: Text = Field(..., max_length=1000)
    role: Text = Field(..., max_length=1000)
    department_id: Id
    source: CandidateSource


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    role: str
    department: DepartmentRefOut
    source: str
    status: str
    status_changed_at: dt.datetime
    created_at: dt.datetime
    hired_user: UserRefOut | None


class CandidatePageOut(Schema):
    items: list[CandidateOut]
    next_cursor: str | None


class PanelMemberOut(Schema):
    user: UserRefOut
    department: DepartmentRefOut | None
    customer_service: bool
    added_at: dt.datetime

    @staticmethod
    def resolve_department(obj: PanelMember) -> Department | None:
        return obj.user.department

    @staticmethod
    def resolve_customer_service(obj: PanelMember) -> bool:
        department = obj.user.department
        return bool(department and department.is_customer_service)


class CandidateDetailOut(Schema):
    candidate: CandidateOut
    panel: list[PanelMemberOut]
    scorecards_in: int = Field(..., description="How many scorecards are in, readable or not")
    you_are_on_the_panel: bool = Field(..., alias="on_panel")
    you_submitted: bool = Field(..., alias="submitted")
    interview_blockers: list[str] = Field(..., description="Why interviews cannot be recorded yet")
    offer_blockers: list[str] = Field(..., description="Why no offer can be made yet (leads and admins)")


class PanelIn(Schema):
    user_id: Id


class ValueRefOut(Schema):
    id: int
    name: str


class ScorecardIn(Schema):
    skills: Assessment
    skills_evidence: Text = Field(..., max_length=100_000, description=f"At most {MAX_EVIDENCE} characters")
    culture: Assessment = Field(..., description="Culture and values fit, assessed apart from skills")
    culture_evidence: Text = Field(..., max_length=100_000, description=f"At most {MAX_EVIDENCE} characters")
    value_ids: list[Id] = Field(default_factory=list, max_length=50, description="Company values the candidate showed")
    vote: Vote


class ScorecardOut(Schema):
    id: int
    author: UserRefOut
    customer_service: bool = Field(..., alias="service")
    skills: str
    skills_evidence: str
    culture: str
    culture_evidence: str
    values: list[ValueRefOut]
    vote: str
    submitted_at: dt.datetime

    @staticmethod
    def resolve_values(obj: Scorecard) -> list[CompanyValue]:
        return list(obj.values_shown.all())


class ScorecardPageOut(Schema):
    items: list[ScorecardOut]
    next_cursor: str | None


class MoveIn(Schema):
    status: Status
    user_id: Id | None = Field(None, description="When hiring: the account someone created for them, if any")
