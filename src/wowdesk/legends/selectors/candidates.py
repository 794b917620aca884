"""Reads for legend candidates: the page of likely stories, with their reasons."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.legends.models import Candidate, CandidateReason, CandidateState
from wowdesk.legends.permissions import candidates_visible_to
from wowdesk.legends.rules import RULE_LABELS


def _with_reasons(qs: QuerySet[Candidate]) -> QuerySet[Candidate]:
    return qs.select_related(
        "conversation__customer", "conversation__assignee", "customer_story", "legend", "dismissed_by"
    ).prefetch_related(Prefetch("reasons", queryset=CandidateReason.objects.order_by("happened_at", "id")))


def candidates_page(
    *, user: User, state: str = CandidateState.OPEN, rule: str = "", cursor: str | None, size: int
) -> Page[Candidate]:
    """Candidates ``user`` may see in one state, the newest evidence first; ``rule`` keeps those it found."""
    if state not in CandidateState.values:
        raise field_error("state", _("Choose one of: %(c)s.") % {"c": ", ".join(CandidateState.values)})
    if rule and rule not in RULE_LABELS:
        raise field_error("rule", _("Choose one of: %(c)s.") % {"c": ", ".join(RULE_LABELS)})
    qs = candidates_visible_to(user).filter(state=state)
    if rule:
        qs = qs.filter(pk__in=CandidateReason.objects.filter(rule=rule).values("candidate_id"))
    return paginate(_with_reasons(qs), ordering=("-happened_at", "-id"), cursor=cursor, size=size)


def candidate_get_for_user(*, user: User, pk: int) -> Candidate:
    candidate = _with_reasons(candidates_visible_to(user)).filter(pk=pk).first()
    if candidate is None:
        raise NotFound(_("No such candidate."))
    return candidate
