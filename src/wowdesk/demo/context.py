"""What the demo generators share while they build a data set."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from wowdesk.accounts.models import Team, User
from wowdesk.demo.progress import ProgressFactory, silent_progress

DEMO_PASSWORD = "wowdesk-demo"  # noqa: S105 - the documented demo login, not a secret
DEMO_USERNAME = "demo"
HISTORY_DAYS = 180


@dataclass(frozen=True)
class SeedOptions:
    conversations: int = 3000
    customers: int = 500
    seed: int = 42
    chunk_size: int = 2000


@dataclass(frozen=True)
class CustomerRef:
    """What the conversation generator needs of a customer, without holding model instances."""

    id: int
    first_name: str
    city: str


@dataclass(frozen=True)
class OrderRef:
    id: int
    number: str
    product: str
    color: str
    size: str


@dataclass
class Staff:
    teams: list[Team] = field(default_factory=list)
    members: dict[int, list[User]] = field(default_factory=dict)  # team id -> people who answer customers
    leads: dict[int, User] = field(default_factory=dict)  # team id -> lead
    by_username: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, username: str) -> User:
        return self.by_username[username]


@dataclass
class SeedContext:
    """Shared state of one run.

    ``now`` anchors every date, so two runs with the same seed differ only
    by when they ran. Each generator gets its own ``Random`` derived from
    the seed and its name (``rng_for``): a generator added later does not
    shift the numbers every other generator draws.
    """

    options: SeedOptions
    now: dt.datetime
    password_hash: str
    progress: ProgressFactory = silent_progress
    staff: Staff = field(default_factory=Staff)
    customers: list[CustomerRef] = field(default_factory=list)
    orders_by_customer: dict[int, list[OrderRef]] = field(default_factory=dict)
    tag_ids: dict[str, int] = field(default_factory=dict)
    # Numbers used by the generators so far, so stories and bulk data never collide.
    next_order_number: int = 100_000
    stories: int = 0
    # Story function name ("long_call", "tyres", ...) -> its conversation ids, in the order written.
    story_conversations: dict[str, list[int]] = field(default_factory=dict)

    def chunk_for(self, total: int) -> int:
        """Rows per write: at most ``chunk_size``, small enough for a progress line every tenth."""
        return max(1, min(self.options.chunk_size, max(200, total // 10)))

    def rng_for(self, name: str) -> random.Random:
        return random.Random(f"{self.options.seed}:{name}")

    def order_number(self) -> str:
        self.next_order_number += 1
        return f"WD-{self.next_order_number}"
