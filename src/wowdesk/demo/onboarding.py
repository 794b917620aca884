"""Demo stints on the phones (journey 12): Felix from finance in his third week with Ruth beside him,
Rebecca's stint from the spring that ended in a graduation, and the new finance chief, who starts on the
phones next Monday like everyone else.

A handful of rows written through the onboarding services, whatever the size of the data set: nothing
here reads or loops over conversations. The weeks' facts (calls, replies, gestures, grades) are not
seeded; the stint pages read them from the demo's own history.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wowdesk.demo.context import DEMO_USERNAME, SeedContext
from wowdesk.onboarding.models import Milestone
from wowdesk.onboarding.services import stint_check_in, stint_graduate, stint_milestone_tick, stint_start

# Felix's calls in demo/stories.py fall eight, six and four days ago; starting eighteen days ago puts the
# first two in his second week (as his own notes say) and today in his third.
FELIX_DAYS_AGO = 18
GRADUATE_DAYS_AGO = 150

FELIX_CHECK_INS = (
    (
        4,
        "A week of listening in, mostly on Marisa's and Theo's calls. Felix asks why we do things, not only "
        "how, which is exactly right. Next week: his own calls, with me next to him for the first few.",
    ),
    (
        11,
        "First calls on his own: an exchange, and a refund question where he spotted that our FAQ promises "
        "five days when the bank takes three. He got the page fixed himself. He still hurries the goodbye; "
        "we talked about letting the customer be the one to end the call.",
    ),
    (
        16,
        "Calmer on the phone already, and curious about every order he opens. Before the month is out: his "
        "first card, and the rest of the new hires' reading list.",
    ),
)

REBECCA_CHECK_INS = (
    (5, "Rebecca listened in on a dozen calls and already knows where the returns labels live. Quiet, sharp."),
    (12, "Her own calls now. She let a customer talk about her garden for twenty minutes and sold nothing."),
    (26, "She brought Inés into a hard call instead of guessing. That's the instinct we want."),
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _felix(ctx: SeedContext, today: dt.date) -> None:
    felix, ruth, lead = ctx.staff["felix"], ctx.staff["ruth"], ctx.staff[DEMO_USERNAME]
    starts_on = today - dt.timedelta(days=FELIX_DAYS_AGO)
    stint = stint_start(
        actor=lead, hire=felix, coach=ruth, starts_on=starts_on, home_title="Financial analyst", today=starts_on
    )
    stint_milestone_tick(
        actor=ruth,
        stint=stint,
        milestone=Milestone.SHADOWED_CALL,
        note="Spent a morning beside Marisa on returns calls, writing down how she opens each one.",
        now=_at(starts_on + dt.timedelta(days=1), 12),
    )
    for day, note in FELIX_CHECK_INS:
        stint_check_in(actor=ruth, stint=stint, note=note, now=_at(starts_on + dt.timedelta(days=day), 17))


def _rebecca(ctx: SeedContext, today: dt.date) -> None:
    bex, dev, ines = ctx.staff["bex"], ctx.staff["dev"], ctx.staff["ines"]
    starts_on = today - dt.timedelta(days=GRADUATE_DAYS_AGO)
    stint = stint_start(actor=ines, hire=bex, coach=dev, starts_on=starts_on, today=starts_on - dt.timedelta(days=7))
    stint_milestone_tick(
        actor=dev,
        stint=stint,
        milestone=Milestone.SHADOWED_CALL,
        note="Listened in on my calls all of her first day and asked for more.",
        now=_at(starts_on, 16),
    )
    for day, note in REBECCA_CHECK_INS:
        stint_check_in(actor=dev, stint=stint, note=note, now=_at(starts_on + dt.timedelta(days=day), 17))
    stint_milestone_tick(
        actor=dev,
        stint=stint,
        milestone=Milestone.COACH_SIGN_OFF,
        note="She takes the hard calls calmly and knows when to bring someone in. Ready.",
        now=_at(starts_on + dt.timedelta(days=27), 15),
    )
    stint_graduate(
        actor=ines,
        stint=stint,
        note="Four weeks, a lot of laughter on the phones and one customer who asked for her by name. "
        "Welcome to Evergreen for good, Rebecca.",
        now=_at(starts_on + dt.timedelta(days=28), 16),
    )


def _finance_chief(ctx: SeedContext, today: dt.date) -> None:
    chief = ctx.staff["nadia"]
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    stint_start(
        actor=ctx.staff[DEMO_USERNAME], hire=chief, coach=ctx.staff["marisa"], starts_on=next_monday, today=today
    )


@transaction.atomic
def seed_onboarding(ctx: SeedContext) -> None:
    progress = ctx.progress("onboarding", 3)
    today = timezone.localdate(ctx.now)
    _felix(ctx, today)
    _rebecca(ctx, today)
    _finance_chief(ctx, today)
    progress.advance(3)
    progress.finish()
