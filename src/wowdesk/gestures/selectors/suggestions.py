"""Moment-aware suggestions for a customer, from the rules admins keep in ``SuggestionRule``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wowdesk.customers.models import Customer, LifeMoment
from wowdesk.gestures.models import Gesture, SuggestionRule

# A customer's most recent moments that are considered; more than enough for anyone.
MOMENTS_CONSIDERED = 50


@dataclass(frozen=True)
class Suggestion:
    rule: SuggestionRule
    moment: LifeMoment
    occasion: dt.date
    # The latest grant of the same item to this customer since the window opened, if any.
    already_granted: Gesture | None

    @property
    def why(self) -> str:
        return self.rule.why


def _anniversary(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 2, 28)


def _occasion(rule: SuggestionRule, moment: LifeMoment, today: dt.date) -> dt.date | None:
    """The date the rule's window is measured from, if today falls inside it."""
    candidates = [moment.happened_on]
    if rule.yearly:
        candidates = [_anniversary(moment.happened_on, year) for year in (today.year - 1, today.year, today.year + 1)]
    for occasion in candidates:
        if occasion - dt.timedelta(days=rule.days_before) <= today <= occasion + dt.timedelta(days=rule.days_after):
            return occasion
    return None


def suggestions_for(*, customer: Customer, today: dt.date) -> list[Suggestion]:
    """What the rules suggest for ``customer`` today, most relevant first (rule position).

    At most three queries (moments, rules, earlier grants) whatever the
    customer's history. One suggestion per rule, for the most recent
    matching moment.
    """
    moments = list(LifeMoment.objects.filter(customer=customer).order_by("-happened_on", "-id")[:MOMENTS_CONSIDERED])
    if not moments:
        return []
    kinds = {m.kind for m in moments}
    rules = SuggestionRule.objects.filter(is_active=True, moment_kind__in=kinds, item__retired_at__isnull=True)
    matched: list[tuple[SuggestionRule, LifeMoment, dt.date]] = []
    for rule in rules.select_related("item").order_by("position", "id"):
        for moment in moments:
            if moment.kind != rule.moment_kind:
                continue
            occasion = _occasion(rule, moment, today)
            if occasion is not None:
                matched.append((rule, moment, occasion))
                break
    if not matched:
        return []
    since = min(occasion - dt.timedelta(days=rule.days_before) for rule, _m, occasion in matched)
    latest: dict[int, Gesture] = {}
    earlier = Gesture.objects.filter(
        customer=customer, item_id__in={rule.item_id for rule, _m, _o in matched}, granted_at__date__gte=since
    ).order_by("-granted_at", "-id")
    for gesture in earlier:
        latest.setdefault(gesture.item_id, gesture)
    return [
        Suggestion(
            rule=rule,
            moment=moment,
            occasion=occasion,
            already_granted=(
                g
                if (g := latest.get(rule.item_id)) is not None
                and g.granted_at.date() >= occasion - dt.timedelta(days=rule.days_before)
                else None
            ),
        )
        for rule, moment, occasion in matched
    ]
