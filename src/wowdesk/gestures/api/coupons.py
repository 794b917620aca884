"""Coupons for the shop: look a code up, redeem it once."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.errors import ERRORS
from wowdesk.gestures import selectors, services
from wowdesk.gestures.models import Coupon
from wowdesk.gestures.schemas import CouponOut, CouponRedeemIn, RedemptionOut

router = Router(tags=["coupons"])


@router.get("/coupons/{code}", response={200: CouponOut, **ERRORS}, operation_id="coupon_get")
def coupon_get(request: HttpRequest, code: str) -> Coupon:
    """Whether a code is good before checkout: value, expiry and uses left."""
    actor(request)
    return selectors.coupon_get_by_code(code=code)


@router.post("/coupon-redemptions", response={201: RedemptionOut, **ERRORS}, operation_id="coupon_redeem")
def coupon_redeem(request: HttpRequest, payload: CouponRedeemIn, response: HttpResponse) -> Status[dict[str, Any]]:
    """Use a coupon for one shop order.

    Idempotent on ``reference``: retrying the same code and reference answers
    with the same redemption (``replayed: true``) and uses nothing more. Two
    simultaneous redemptions of a single-use code give exactly one success;
    the other is a 422 on ``code``. An unknown or expired code is a 422 on
    ``code`` too.
    """
    redeemed = services.coupon_redeem(
        actor=actor(request), code=payload.code, reference=payload.reference, currency=payload.currency
    )
    if redeemed.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(
        201,
        {
            "coupon": redeemed.coupon,
            "reference": redeemed.redemption.reference,
            "redeemed_at": redeemed.redemption.redeemed_at,
            "replayed": redeemed.replayed,
        },
    )
