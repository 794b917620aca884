"""What the demo generators share while they build a data set."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import accumulate
from typing import TYPE_CHECKING

from wowdesk.accounts.models import Team, User
from wowdesk.demo.progress import ProgressFactory, silent_progress

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

DEMO_PASSWORD = "wowdesk-demo"  # noqa: S105 - the documented demo login, not a secret
DEMO_USERNAME = "demo"
HISTORY_DAYS = 180


class DemoRandom(random.Random):
    """``random.Random`` with cheaper ``choice``, ``randint`` and ``choices``, all from one ``random()`` draw.

    The standard methods draw exact uniform integers bit by bit, which is
    most of the generator's time at a million conversations. Scaling one
    53-bit float is biased by less than one part in 2**40 for the small
    ranges demo data uses, and the same seed still gives the same data.
    """

    def choice[T](self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choices[T](
        self,
        population: SupportsLenAndGetItem[T],
        weights: Sequence[float | Fraction] | None = None,
        *,
        cum_weights: Sequence[float | Fraction] | None = None,
        k: int = 1,
    ) -> list[T]:
        if cum_weights is None:
            if weights is None:
                return [self.choice(population) for _ in range(k)]
            cum_weights = list(accumulate(weights))
        total = cum_weights[-1]
        return [population[bisect(cum_weights, self.random() * total)] for _ in range(k)]


@dataclass(frozen=True)
class SeedOptions:
    conversations: int = 3000
    customers: int = 500
    seed: int = 42
    chunk_size: int = 2000
    # Processes that build conversations beside the writing one; None picks one per core, 0 builds all here.
    workers: int | None = None


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
        return DemoRandom(f"{self.options.seed}:{name}")

    def order_number(self) -> str:
        self.next_order_number += 1
        return f"WD-{self.next_order_number}"
