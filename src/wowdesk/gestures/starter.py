"""A starter catalogue and suggestion rules, so a new install can grant on day one.

Admins change all of it in the back office afterwards. Installing is
idempotent: items are matched by name and rules by (moment, item), and
nothing an admin has edited is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import CatalogueItem, Kind, Reason, SuggestionRule


@dataclass(frozen=True)
class StarterItem:
    name: str
    kind: str
    cost: str = "0"
    value: str | None = None
    description: str = ""
    ship_within_days: int = 2
    complete_within_days: int = 7
    coupon_max_uses: int | None = 1
    coupon_valid_days: int = 365


ITEMS: tuple[StarterItem, ...] = (
    StarterItem("Coupon: $20 off", Kind.COUPON, value="20", description="A single-use code for the next order."),
    StarterItem(
        "Coupon: $15 off, three times",
        Kind.COUPON,
        value="15",
        coupon_max_uses=3,
        description="For a family that shops with us often.",
    ),
    StarterItem("Discount on an order (%)", Kind.PERCENT_DISCOUNT, value="15", complete_within_days=3),
    StarterItem("Discount on an order ($)", Kind.FIXED_DISCOUNT, value="10", complete_within_days=3),
    StarterItem(
        "Refund",
        Kind.REFUND,
        complete_within_days=3,
        description="Full or partial, also for something we never sold.",
    ),
    StarterItem("Free replacement", Kind.REPLACEMENT, ship_within_days=1, complete_within_days=5),
    StarterItem("Upgrade to overnight shipping", Kind.SHIPPING_UPGRADE, cost="18", complete_within_days=2),
    StarterItem("Flowers with a card", Kind.GIFT, cost="45", ship_within_days=1, complete_within_days=3),
    StarterItem("Tin of cookies", Kind.GIFT, cost="22", ship_within_days=2, complete_within_days=6),
    StarterItem("Handwritten note", Kind.GIFT, cost="3", ship_within_days=2, complete_within_days=7),
    StarterItem(
        "Custom package",
        Kind.CUSTOM_PACKAGE,
        description="Whatever fits the moment: describe the contents when granting.",
    ),
)


@dataclass(frozen=True)
class StarterRule:
    moment: str
    item: str
    hint: str
    why: str
    message: str = ""
    days_before: int = 0
    days_after: int = 30
    yearly: bool = False
    reason: str = Reason.LIFE_MOMENT


RULES: tuple[StarterRule, ...] = (
    StarterRule(
        LifeMoment.Kind.BEREAVEMENT,
        "Flowers with a card",
        "Flowers with a card, from all of us",
        "Condolences after their loss.",
        "We were so sorry to hear of your loss. We are thinking of you. With warm wishes from all of us.",
        days_after=45,
    ),
    StarterRule(
        LifeMoment.Kind.ILLNESS,
        "Tin of cookies",
        "Get-well cookies and a card",
        "Wishing them a quick recovery.",
        "Thinking of you and hoping you are back on your feet soon.",
        days_after=45,
    ),
    StarterRule(
        LifeMoment.Kind.NEW_BABY,
        "Coupon: $20 off",
        "A welcome-baby coupon for those first tiny shoes",
        "Congratulations on the new baby.",
        "Congratulations! Here is a little something towards those very first shoes.",
        days_after=60,
    ),
    StarterRule(
        LifeMoment.Kind.MOVING,
        "Handwritten note",
        "A good-luck note for the new home",
        "Good luck with the move.",
        "Good luck in the new place. We hope it feels like home very soon.",
        days_before=30,
        days_after=21,
    ),
    StarterRule(
        LifeMoment.Kind.BIRTHDAY,
        "Coupon: $20 off",
        "A birthday coupon",
        "Happy birthday.",
        "Happy birthday from all of us!",
        days_before=7,
        days_after=3,
        yearly=True,
    ),
    StarterRule(
        LifeMoment.Kind.WEDDING,
        "Flowers with a card",
        "Flowers for the newlyweds",
        "Congratulations on the wedding.",
        "Congratulations to you both, and every happiness.",
        days_before=7,
        days_after=21,
    ),
    StarterRule(
        LifeMoment.Kind.GRADUATION,
        "Handwritten note",
        "A note to say well done",
        "Congratulations on graduating.",
        "Well done! On to the next adventure.",
        days_after=30,
    ),
)


@dataclass(frozen=True)
class Installed:
    items: int
    rules: int


@transaction.atomic
def install_starter_catalogue() -> Installed:
    """Create whatever of the starter catalogue and rules is missing; returns how many were created."""
    existing = {item.name: item for item in CatalogueItem.objects.filter(name__in=[i.name for i in ITEMS])}
    new = [
        CatalogueItem(
            name=spec.name,
            kind=spec.kind,
            description=spec.description,
            cost=Decimal(spec.cost),
            value=Decimal(spec.value) if spec.value is not None else None,
            ship_within_days=spec.ship_within_days,
            complete_within_days=spec.complete_within_days,
            coupon_max_uses=spec.coupon_max_uses,
            coupon_valid_days=spec.coupon_valid_days,
            position=(position + 1) * 10,
        )
        for position, spec in enumerate(ITEMS)
        if spec.name not in existing
    ]
    for item in CatalogueItem.objects.bulk_create(new):
        existing[item.name] = item
    have = set(SuggestionRule.objects.values_list("moment_kind", "item__name"))
    rules = [
        SuggestionRule(
            moment_kind=spec.moment,
            item=existing[spec.item],
            hint=spec.hint,
            why=spec.why,
            message=spec.message,
            reason=spec.reason,
            days_before=spec.days_before,
            days_after=spec.days_after,
            yearly=spec.yearly,
            position=(position + 1) * 10,
        )
        for position, spec in enumerate(RULES)
        if (spec.moment, spec.item) not in have and spec.item in existing
    ]
    SuggestionRule.objects.bulk_create(rules)
    return Installed(items=len(new), rules=len(rules))
