"""Coupon codes: issued with a grant, redeemed by the shop.

Codes are 16 characters from a 30-letter alphabet with no look-alikes
(no 0/O, 1/I/L, U/V pairs to misread over the phone): about 78 bits from
``secrets``, far past guessing. They are stored upper-case without
separators; the shop may send them grouped, spaced or in lower case.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.gestures.models import AuditAction, Coupon, CouponRedemption, Gesture
from wowdesk.gestures.money import check_currency, in_minor_units
from wowdesk.gestures.services.audit import audit_record, timeline_note

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols: no 0 O 1 I L U V
CODE_LENGTH = 16  # 16 * log2(29) ≈ 77.7 bits
MAX_REFERENCE = 100
_ATTEMPTS = 5


def coupon_code_generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def coupon_code_normalise(raw: str) -> str | None:
    """The stored form of a code the customer typed, or None if it cannot be one of ours."""
    code = "".join(ch for ch in (raw or "").upper() if ch not in " -_\t")
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def coupon_issue(
    *, gesture: Gesture, value: Decimal, currency: str, expires_at: dt.datetime, max_uses: int | None
) -> Coupon:
    """Create the gesture's coupon with a fresh code. Precondition: inside the grant's transaction."""
    for attempt in range(_ATTEMPTS):
        coupon = Coupon(
            gesture=gesture,
            code=coupon_code_generate(),
            value=value,
            currency=currency,
            expires_at=expires_at,
            max_uses=max_uses,
        )
        try:
            with transaction.atomic():
                coupon.save()
        except IntegrityError:
            # A 78-bit collision is astronomically unlikely; try a new code rather than fail a grant.
            if attempt == _ATTEMPTS - 1:
                raise
            continue
        return coupon
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Redeemed:
    coupon: Coupon
    redemption: CouponRedemption
    replayed: bool


@transaction.atomic
def coupon_redeem(*, actor: User, code: str, reference: str, currency: str | None = None) -> Redeemed:
    """Use the coupon once for the shop's order ``reference``.

    Idempotent: the same code with the same reference is the same
    redemption, returned again with ``replayed`` set. Race-safe: the coupon
    row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
    ``BEGIN IMMEDIATE`` serialises writers instead), and the use is counted
    by one conditional ``UPDATE … WHERE uses < max_uses``, so two
    simultaneous redemptions of a single-use code give exactly one success
    whichever database runs them.
    """
    reference = (reference or "").strip()
    if not reference:
        raise field_error("reference", "Give the shop's order reference, so a retry does not use the coupon twice.")
    if len(reference) > MAX_REFERENCE:
        raise field_error("reference", f"At most {MAX_REFERENCE} characters.")
    normalised = coupon_code_normalise(code)
    coupon = Coupon.objects.select_for_update().filter(code=normalised).first() if normalised is not None else None
    if coupon is None:
        raise field_error("code", "No coupon has this code.")
    previous = coupon.redemptions.filter(reference=reference).first()
    if previous is not None:
        return Redeemed(coupon=coupon, redemption=previous, replayed=True)
    if coupon.is_expired:
        raise field_error("code", f"This coupon expired on {timezone.localtime(coupon.expires_at):%Y-%m-%d}.")
    if currency is not None and check_currency(currency) != coupon.currency:
        raise field_error("currency", f"This coupon is in {coupon.currency}.")
    counted = (
        Coupon.objects.filter(pk=coupon.pk)
        .filter(Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
        .update(uses=F("uses") + 1)
    )
    if not counted:
        raise field_error("code", "This coupon has already been used.")
    redemption = CouponRedemption.objects.create(coupon=coupon, reference=reference, redeemed_by=actor)
    coupon.refresh_from_db(fields=["uses"])
    gesture = Gesture.objects.select_related("conversation").get(pk=coupon.gesture_id)
    audit_record(
        gesture=gesture,
        action=AuditAction.COUPON_REDEEMED,
        actor=actor,
        from_state=str(coupon.uses - 1),
        to_state=str(coupon.uses),
        detail=f"Redeemed for {reference}",
        data={"reference": reference, "redemption": redemption.pk},
    )
    timeline_note(
        gesture=gesture,
        actor=actor,
        body=f"Coupon {coupon.display_code} ({in_minor_units(coupon.value, coupon.currency)} {coupon.currency}) "
        f"redeemed for {reference}",
    )
    return Redeemed(coupon=coupon, redemption=redemption, replayed=False)
