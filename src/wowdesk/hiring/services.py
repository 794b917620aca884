"""Every write in hiring: candidates, their panel, scorecards and the moves from applied to hired.

One transaction each. Callers resolve the candidate with
``selectors.candidate_get_for_user`` first. Managing (creating, choosing
the panel, moving along) is for leads and admins; a scorecard is written
by a panelist, about a candidate who is being interviewed, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import Department, User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text
from wowdesk.core.validation import validate
from wowdesk.hiring.models import (
    MAX_EVIDENCE,
    TRANSITIONS,
    Assessment,
    Candidate,
    PanelMember,
    Scorecard,
    Status,
    Vote,
)
from wowdesk.hiring.permissions import can_manage_hiring
from wowdesk.hiring.rules import NO_SERVICE, is_service_person, offer_blockers, panel_has_service
from wowdesk.legends.models import CompanyValue


def _require_manager(actor: User) -> None:
    if not can_manage_hiring(actor):
        raise PermissionDenied(_("Hiring is run by leads and admins."))


def _lock(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().get(pk=candidate.pk)


def _panel(candidate: Candidate) -> list[PanelMember]:
    return list(PanelMember.objects.filter(candidate=candidate).select_related("user__department"))


def _line(value: str) -> str:
    """One line of text as typed, whitespace collapsed; too long is the model's error to report, not cut here."""
    return " ".join(clean_text(value).split())


@transaction.atomic
def candidate_create(
    *,
    actor: User,
    name: str,
    email: str,
    role: str,
    department: Department,
    source: str,
    now: dt.datetime | None = None,
) -> Candidate:
    _require_manager(actor)
    now = now or timezone.now()
    candidate = Candidate(
        created_at=now,
        status_changed_at=now,
        name=_line(name),
        email=clean_text(email).strip(),
        role=_line(role),
        department=department,
        source=source,
        created_by=actor,
    )
    validate(candidate, exclude=["created_by", "department", "hired_user"])
    candidate.save()
    return candidate


@transaction.atomic
def panel_add(*, actor: User, candidate: Candidate, user: User, now: dt.datetime | None = None) -> PanelMember:
    """Seat ``user`` on the panel: anyone on the staff, from any department."""
    _require_manager(actor)
    locked = _lock(candidate)
    if not locked.is_active:
        raise field_error("candidate", _("This candidate's process has ended."))
    if not is_active_staff(user):
        raise field_error("user", _("Choose an active member of staff."))
    if PanelMember.objects.filter(candidate=locked, user=user).exists():
        raise field_error("user", _("%(who)s is already on the panel.") % {"who": user.display_name})
    return PanelMember.objects.create(candidate=locked, user=user, added_by=actor, added_at=now or timezone.now())


@transaction.atomic
def panel_remove(*, actor: User, candidate: Candidate, user_id: int) -> None:
    """Take someone off the panel before they have written their scorecard.

    Once interviews have started the panel keeps its customer-service seat:
    removing the last one is refused, so the rule cannot be undone midway.
    """
    _require_manager(actor)
    locked = _lock(candidate)
    panel = _panel(locked)
    member = next((m for m in panel if m.user_id == user_id), None)
    if member is None:
        raise field_error("user", _("That person is not on the panel."))
    if Scorecard.objects.filter(candidate=locked, author_id=user_id).exists():
        raise field_error(
            "user", _("%(who)s has submitted a scorecard; it stays on the record.") % {"who": member.user.display_name}
        )
    rest = [m for m in panel if m.pk != member.pk]
    if locked.status != Status.APPLIED and panel_has_service(panel) and not panel_has_service(rest):
        raise field_error("user", str(NO_SERVICE))
    member.delete()


def _evidence(value: str, field: str) -> str:
    text = clean_text(value).strip()
    if not text:
        raise field_error(field, _("Write down what you saw or heard that supports this."))
    if len(text) > MAX_EVIDENCE:
        raise field_error(field, _("At most %(n)s characters.") % {"n": f"{MAX_EVIDENCE:,}"})
    return text


def _choice(value: str, field: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise field_error(field, _("Choose one of: %(values)s.") % {"values": ", ".join(allowed)})
    return value


@transaction.atomic
def scorecard_submit(
    *,
    actor: User,
    candidate: Candidate,
    skills: str,
    skills_evidence: str,
    culture: str,
    culture_evidence: str,
    vote: str,
    values: Iterable[CompanyValue] = (),
    now: dt.datetime | None = None,
) -> Scorecard:
    """Record the actor's interview. Final once submitted; then the actor may read the others.

    Refused unless the actor sits on the panel, the candidate is being
    interviewed and the panel includes customer service. ``values`` are the
    company values the candidate showed (active ones; legends keeps the list).
    """
    locked = _lock(candidate)
    panel = _panel(locked)
    member = next((m for m in panel if m.user_id == actor.pk), None)
    if member is None:
        raise PermissionDenied(_("Only members of this candidate's panel write scorecards."))
    # Every field is checked before anything is refused, so a form shows all its mistakes at once.
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    raw = {
        "skills": (skills, Assessment.values),
        "skills_evidence": (skills_evidence, None),
        "culture": (culture, Assessment.values),
        "culture_evidence": (culture_evidence, None),
        "vote": (vote, Vote.values),
    }
    for field, (value, allowed) in raw.items():
        try:
            cleaned[field] = _evidence(value, field) if allowed is None else _choice(value, field, allowed)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    chosen = list(values)
    if any(not value.is_active for value in chosen):
        errors["values"] = [_("Choose values from the current list.")]
    if errors:
        raise ValidationError(errors)
    if locked.status != Status.INTERVIEWING:
        raise field_error("candidate", _("Scorecards are written while the candidate is being interviewed."))
    if not panel_has_service(panel):
        raise field_error("panel", str(NO_SERVICE))
    if Scorecard.objects.filter(candidate=locked, author=actor).exists():
        raise field_error("scorecard", _("You have already submitted your scorecard; scorecards are final."))
    card = Scorecard.objects.create(
        candidate=locked,
        author=actor,
        service=is_service_person(member.user),
        submitted_at=now or timezone.now(),
        **cleaned,
    )
    card.values_shown.set(chosen)
    return card


@transaction.atomic
def candidate_move(
    *, actor: User, candidate: Candidate, to: str, hired_user: User | None = None, now: dt.datetime | None = None
) -> Candidate:
    """Move a candidate along (``TRANSITIONS``), checking the panel rules of decision 0013.

    Interviewing needs customer service on the panel; an offer needs
    ``offer_blockers`` to be empty. Hiring may link the account someone
    created for the new starter (``hired_user``); no account is created here.
    """
    _require_manager(actor)
    locked = _lock(candidate)
    if to not in Status.values:
        raise field_error("status", _("Choose one of: %(values)s.") % {"values": ", ".join(Status.values)})
    if to not in TRANSITIONS[locked.status]:
        raise field_error(
            "status",
            _("A candidate who is “%(now)s” cannot become “%(to)s”.")
            % {"now": locked.get_status_display(), "to": Status(to).label},
        )
    if hired_user is not None and to != Status.HIRED:
        raise field_error("user", _("Link an account only when hiring."))
    panel = _panel(locked)
    if to == Status.INTERVIEWING and not panel_has_service(panel):
        raise field_error("panel", str(NO_SERVICE))
    if to == Status.OFFER:
        scorecards = list(Scorecard.objects.filter(candidate=locked).select_related("author"))
        blockers = offer_blockers(panel, scorecards)
        if blockers:
            raise ValidationError({"status": blockers})
    if hired_user is not None:
        _check_hired_user(locked, hired_user)
        locked.hired_user = hired_user
    locked.status = to
    locked.status_changed_at = now or timezone.now()
    locked.save(update_fields=["status", "status_changed_at", "hired_user", "updated_at"])
    return locked


def _check_hired_user(candidate: Candidate, user: User) -> None:
    if not is_active_staff(user):
        raise field_error("user", _("Choose an active member of staff."))
    taken = Candidate.objects.filter(hired_user=user).exclude(pk=candidate.pk).exists()
    if taken:
        raise field_error("user", _("%(who)s is already linked to another hire.") % {"who": user.display_name})


@transaction.atomic
def candidate_link_user(*, actor: User, candidate: Candidate, user: User) -> Candidate:
    """Link a hired candidate to their account once someone has created it."""
    _require_manager(actor)
    locked = _lock(candidate)
    if locked.status != Status.HIRED:
        raise field_error("user", _("Only a hired candidate is linked to an account."))
    _check_hired_user(locked, user)
    locked.hired_user = user
    locked.save(update_fields=["hired_user", "updated_at"])
    return locked
