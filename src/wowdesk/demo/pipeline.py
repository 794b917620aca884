"""The demo data pipeline: generators run in order over one shared context.

Each step takes the ``SeedContext`` (its seeded ``Random`` comes from
``ctx.rng_for(name)``, its progress bar from ``ctx.progress``). A later
feature adds its own step to ``STEPS`` (gestures, cards, legends...) and
reads what earlier steps left in the context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation, Tag
from wowdesk.customers.models import Customer
from wowdesk.demo.cards import seed_cards
from wowdesk.demo.context import DEMO_PASSWORD, SeedContext, SeedOptions
from wowdesk.demo.conversations import seed_conversations
from wowdesk.demo.customers import seed_customers
from wowdesk.demo.orders import seed_orders
from wowdesk.demo.progress import ProgressFactory, silent_progress
from wowdesk.demo.recognition import seed_recognition
from wowdesk.demo.staff import seed_staff
from wowdesk.demo.stories import seed_stories
from wowdesk.demo.words import TAGS

Step = Callable[[SeedContext], None]


@transaction.atomic
def seed_tags(ctx: SeedContext) -> None:
    tags = Tag.objects.bulk_create([Tag(name=name) for name in sorted(TAGS)])
    ctx.tag_ids.update({t.name: t.pk for t in tags})


STEPS: tuple[Step, ...] = (
    seed_staff,
    seed_tags,
    seed_customers,
    seed_orders,
    seed_stories,
    seed_conversations,
    seed_cards,
    seed_recognition,
)


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
    for step in STEPS:
        step(ctx)
    return SeedSummary(
        users=User.objects.count(), customers=Customer.objects.count(), conversations=Conversation.objects.count()
    )
