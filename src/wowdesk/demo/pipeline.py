"""The demo data pipeline: generators run in order over one shared context.

Each step takes the ``SeedContext`` (its seeded ``Random`` comes from
``ctx.rng_for(name)``, its progress bar from ``ctx.progress``). A later
feature adds its own step to ``STEPS`` (gestures, cards, legends...) and
reads what earlier steps left in the context.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Call, Conversation, Tag, TimelineEntry
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote, SocialHandle
from wowdesk.demo.cards import seed_cards
from wowdesk.demo.channels import seed_channels
from wowdesk.demo.context import DEMO_PASSWORD, SeedContext, SeedOptions
from wowdesk.demo.conversations import seed_conversations
from wowdesk.demo.customers import seed_customers
from wowdesk.demo.gestures import seed_gestures
from wowdesk.demo.happiness import seed_happiness
from wowdesk.demo.hiring import seed_hiring
from wowdesk.demo.legends import seed_legends
from wowdesk.demo.onboarding import seed_onboarding
from wowdesk.demo.progress import ProgressFactory, silent_progress
from wowdesk.demo.recognition import seed_recognition
from wowdesk.demo.rounds import seed_rounds
from wowdesk.demo.rows import bulk_load
from wowdesk.demo.staff import seed_staff
from wowdesk.demo.stories import seed_stories
from wowdesk.demo.words import TAGS
from wowdesk.orders.models import Order, OrderItem, ProblemReport

Step = Callable[[SeedContext], None]

# The tables that grow with --conversations; their indexes are built once, after the load.
BULK_MODELS: tuple[type[Model], ...] = (
    Customer,
    CustomerEmail,
    CustomerPhone,
    SocialHandle,
    RapportNote,
    LifeMoment,
    Order,
    OrderItem,
    Conversation,
    Conversation.tags.through,
    TimelineEntry,
    Call,
    ProblemReport,
)


@transaction.atomic
def seed_tags(ctx: SeedContext) -> None:
    tags = Tag.objects.bulk_create([Tag(name=name) for name in sorted(TAGS)])
    ctx.tag_ids.update({t.name: t.pk for t in tags})


# The steps that fill the big tables run with their indexes dropped (``bulk_load``); they only
# append rows. The steps after them query what was loaded, so they run once the indexes are back.
LOAD_STEPS: tuple[Step, ...] = (
    seed_staff,
    seed_tags,
    seed_customers,
    seed_stories,
    seed_conversations,
)
EXTRA_STEPS: tuple[Step, ...] = (
    seed_gestures,
    seed_channels,
    # Grades before the steps that read them: card suggestions, legend candidates.
    seed_happiness,
    seed_cards,
    seed_recognition,
    seed_legends,
    seed_onboarding,
    seed_rounds,
    seed_hiring,
)
STEPS: tuple[Step, ...] = LOAD_STEPS + EXTRA_STEPS


@dataclass(frozen=True)
class SeedSummary:
    users: int
    customers: int
    conversations: int


def database_has_data() -> bool:
    return User.objects.exists() or Customer.objects.exists() or Conversation.objects.exists()


def seed_demo(*, options: SeedOptions, progress: ProgressFactory = silent_progress) -> SeedSummary:
    """Build the demo data set into an empty database.

    Precondition: the database holds no users, customers or conversations
    (the command checks, and flushes on request). Steps commit chunk by chunk,
    so a large run does not hold one huge transaction open.
    """
    now = timezone.now().replace(second=0, microsecond=0)
    ctx = SeedContext(options=options, now=now, password_hash=make_password(DEMO_PASSWORD), progress=progress)
    # The generator allocates tens of millions of small objects and keeps none of them in cycles; the cyclic
    # collector would rescan every live one over and over (a third of the run at a million conversations).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with bulk_load(BULK_MODELS):
            for step in LOAD_STEPS:
                step(ctx)
        for step in EXTRA_STEPS:
            step(ctx)
    finally:
        if collecting:
            gc.enable()
    return SeedSummary(
        users=User.objects.count(), customers=Customer.objects.count(), conversations=Conversation.objects.count()
    )
