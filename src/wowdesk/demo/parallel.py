"""Run a generator's chunks in worker processes while this process writes them.

Benchmark data sets are CPU-bound in Python (building text and rows), and
the database takes one writer at a time on SQLite. So workers forked from
this process build chunks (no database access: they only produce a
``RowBlock``) and hand them back in order; this process writes each one as
it arrives. A chunk's content depends only on its index, never on which
process built it or how many there were, so the data set is the same with
or without workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

# Below this many chunks, starting processes costs more than it saves.
MIN_CHUNKS_FOR_WORKERS = 8

_job: Callable[[int], Any] | None = None
_parent_pid = os.getpid()


def _run(index: int) -> Any:
    assert _job is not None, "workers are forked after the job is set"
    return _job(index)


def in_worker() -> bool:
    """True in a process forked by ``map_chunks`` (or any child of the process that imported this)."""
    return os.getpid() != _parent_pid


def worker_count() -> int:
    """Workers to fork: one per core beyond this one's (which writes), at least one, at most four."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, cores))


def map_chunks[T](job: Callable[[int], T], count: int, *, workers: int | None = None) -> Iterator[T]:
    """``job(0), job(1), …, job(count - 1)``, in order, computed in forked workers when that is worth it.

    ``job`` must not touch the database (a forked process must not use the
    parent's connection) and must be deterministic in its index. With
    ``workers=0``, or few chunks, or no ``fork`` on this platform, it all
    runs here.
    """
    global _job
    workers = worker_count() if workers is None else workers
    if workers == 0 or count < MIN_CHUNKS_FOR_WORKERS or "fork" not in multiprocessing.get_all_start_methods():
        yield from (job(i) for i in range(count))
        return
    _job = job
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # imap keeps the order and lets workers run ahead while chunks are written here.
            results: Iterable[T] = pool.imap(_run, range(count))
            yield from results
    finally:
        _job = None


@dataclass(frozen=True)
class ChunkPlan:
    """How ``total`` items are cut into chunks of ``size``, and where each chunk's ids start.

    Every chunk gets fixed id ranges: ``size * per[model]`` ids of each
    model from ``bases[model]`` on, ``per`` being the most rows of that model
    one item can have. So chunks can be built in any process, in any order,
    and still point at each other's rows. Ranges a chunk does not fill
    leave gaps in the ids, which nothing relies on.
    """

    total: int
    size: int
    bases: dict[type[Model], int]
    per: dict[type[Model], int]

    @property
    def count(self) -> int:
        return -(-self.total // self.size)

    def first(self, index: int) -> int:
        """The position (0-based, over all chunks) of chunk ``index``'s first item."""
        return index * self.size

    def items_in(self, index: int) -> int:
        return min(self.size, self.total - index * self.size)

    def ranges(self, index: int) -> dict[type[Model], tuple[int, int]]:
        return {
            model: (base + index * self.size * self.per[model], base + (index + 1) * self.size * self.per[model])
            for model, base in self.bases.items()
        }
