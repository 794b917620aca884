"""Catalogue upkeep: admins add items and retire the ones no longer offered."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wowdesk.core.errors import field_error
from wowdesk.core.validation import validate
from wowdesk.gestures.models import CatalogueItem, Kind
from wowdesk.gestures.money import check_currency, parse_amount, parse_percent


@transaction.atomic
def catalogue_item_create(
    *,
    name: str,
    kind: str,
    cost: Decimal | str | int = Decimal("0"),
    currency: str = "USD",
    value: Decimal | str | int | None = None,
    description: str = "",
    coupon_valid_days: int = 365,
    coupon_max_uses: int | None = 1,
    ship_within_days: int = 2,
    complete_within_days: int = 7,
    position: int = 100,
) -> CatalogueItem:
    if kind not in Kind.values:
        raise field_error("kind", f"Choose one of: {', '.join(Kind.values)}.")
    currency = check_currency(currency)
    parsed_value = None
    if value is not None:
        if kind == Kind.PERCENT_DISCOUNT:
            parsed_value = parse_percent(value, field="value")
        else:
            parsed_value = parse_amount(value, currency=currency, field="value")
    if coupon_max_uses is not None and coupon_max_uses < 1:
        raise field_error("coupon_max_uses", "At least 1, or empty for unlimited.")
    item = CatalogueItem(
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        cost=parse_amount(cost, currency=currency, field="cost"),
        value=parsed_value,
        currency=currency,
        coupon_valid_days=coupon_valid_days,
        coupon_max_uses=coupon_max_uses,
        ship_within_days=ship_within_days,
        complete_within_days=complete_within_days,
        position=position,
    )
    validate(item)
    item.save()
    return item


@transaction.atomic
def catalogue_item_retire(*, item: CatalogueItem) -> CatalogueItem:
    """Stop offering ``item``. Past grants keep pointing at it and stay readable; retiring twice is a no-op."""
    if item.retired_at is None:
        item.retired_at = timezone.now()
        item.save(update_fields=["retired_at"])
    return item


@transaction.atomic
def catalogue_item_restore(*, item: CatalogueItem) -> CatalogueItem:
    if item.retired_at is not None:
        item.retired_at = None
        item.save(update_fields=["retired_at"])
    return item
