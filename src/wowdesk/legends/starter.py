"""A starter list of values for a new install, in plain words. Admins reword, reorder and retire them."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from wowdesk.legends.models import CompanyValue

STARTER_VALUES = (
    ("Take the time it takes", "Nobody is hurried off the phone. A customer's problem is solved when they say it is."),
    ("Say yes, then work out how", "Start from what would help, not from what the rules allow."),
    ("Know the person, not just the order", "Listen for the life around the question, and remember it for next time."),
    ("Put it right, even when it isn't ours", "If a customer trusts us with a problem, it is our problem now."),
    ("No team is too far away", "Pull in whoever can help, from any department, and give them the credit."),
    (
        "Small things, done with care",
        "A note, a joke remembered, a parcel packed as a gift: the details are the service.",
    ),
)


@transaction.atomic
def install_starter_values() -> int:
    """Add the starter values that are missing (by slug); returns how many were added. Safe to run twice."""
    existing = set(CompanyValue.objects.values_list("slug", flat=True))
    rows = [
        CompanyValue(name=name, slug=slugify(name), description=description, position=position)
        for position, (name, description) in enumerate(STARTER_VALUES, start=1)
        if slugify(name) not in existing
    ]
    CompanyValue.objects.bulk_create(rows)
    return len(rows)
