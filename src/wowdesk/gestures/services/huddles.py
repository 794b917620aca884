"""Huddles: open one on a gesture, invite anyone in the company, collect what they bring.

Helpers who contribute (anyone but the rep who granted the gesture) become
its sidekicks, once each.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.gestures.models import AuditAction, Contribution, Gesture, Huddle, HuddleMember, Sidekick
from wowdesk.gestures.services.audit import audit_record

MAX_TEXT = 500


def _text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise field_error(field, message)
    if len(text) > MAX_TEXT:
        raise field_error(field, f"At most {MAX_TEXT} characters.")
    return text


def _join(huddle: Huddle, *, user: User, invited_by: User) -> tuple[HuddleMember, bool]:
    try:
        with transaction.atomic():
            return HuddleMember.objects.get_or_create(huddle=huddle, user=user, defaults={"invited_by": invited_by})
    except IntegrityError:
        # Invited by someone else at the same moment: already a member, which is all we wanted.
        return HuddleMember.objects.get(huddle=huddle, user=user), False


@transaction.atomic
def huddle_open(*, actor: User, gesture: Gesture, purpose: str) -> Huddle:
    """Open the gesture's huddle, with ``actor`` as its first member.

    Precondition: the caller may see ``gesture``.
    """
    purpose = _text(purpose, "purpose", "Say what you are putting together.")
    if Huddle.objects.filter(gesture=gesture).exists():
        raise field_error("huddle", "This gesture already has a huddle; invite people to it instead.")
    try:
        with transaction.atomic():
            huddle = Huddle.objects.create(gesture=gesture, purpose=purpose, opened_by=actor)
    except IntegrityError as exc:
        raise field_error("huddle", "This gesture already has a huddle; invite people to it instead.") from exc
    _join(huddle, user=actor, invited_by=actor)
    audit_record(gesture=gesture, action=AuditAction.HUDDLE_OPENED, actor=actor, detail=purpose)
    return huddle


@transaction.atomic
def huddle_invite(*, actor: User, huddle: Huddle, user: User) -> HuddleMember:
    """Bring someone in, from any department. Inviting a member again changes nothing."""
    if not user.is_active:
        raise field_error("user", "This person's account is not active.")
    member, created = _join(huddle, user=user, invited_by=actor)
    if created:
        where = user.department.name if user.department_id and user.department else ""
        audit_record(
            gesture=huddle.gesture,
            action=AuditAction.MEMBER_INVITED,
            actor=actor,
            detail=f"{user.display_name}{f' ({where})' if where else ''} invited",
            data={"user": user.pk},
        )
    return member


@transaction.atomic
def huddle_contribute(*, actor: User, huddle: Huddle, kind: str, description: str) -> Contribution:
    """Add what ``actor`` brings to the package; a helper becomes a sidekick on the gesture.

    Anyone who may see the gesture may contribute; doing so makes them a member.
    """
    if kind not in Contribution.Kind.values:
        raise field_error("kind", f"Choose one of: {', '.join(Contribution.Kind.values)}.")
    description = _text(description, "description", "Say what you are adding.")
    _join(huddle, user=actor, invited_by=actor)
    contribution = Contribution.objects.create(huddle=huddle, author=actor, kind=kind, description=description)
    gesture = huddle.gesture
    audit_record(
        gesture=gesture,
        action=AuditAction.CONTRIBUTED,
        actor=actor,
        detail=f"{contribution.get_kind_display()}: {description}",
        data={"contribution": contribution.pk},
    )
    if actor.pk != gesture.granted_by_id:
        try:
            with transaction.atomic():
                _sidekick, created = Sidekick.objects.get_or_create(gesture=gesture, user=actor)
        except IntegrityError:
            created = False
        if created:
            audit_record(
                gesture=gesture,
                action=AuditAction.SIDEKICK_ADDED,
                actor=actor,
                detail=f"{actor.display_name} is a sidekick on this gesture",
                data={"user": actor.pk},
            )
    return contribution
