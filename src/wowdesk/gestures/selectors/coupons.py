"""Reads for coupons: the shop looks a code up before checkout."""

from __future__ import annotations

from wowdesk.core.errors import NotFound
from wowdesk.gestures.models import Coupon
from wowdesk.gestures.services.coupons import coupon_code_normalise


def coupon_get_by_code(*, code: str) -> Coupon:
    """Knowing the code is the permission: it is what the customer hands the shop.

    Codes carry about 78 random bits, so they cannot be found by guessing.
    """
    normalised = coupon_code_normalise(code)
    coupon = Coupon.objects.filter(code=normalised).first() if normalised else None
    if coupon is None:
        raise NotFound("No coupon has this code.")
    return coupon
