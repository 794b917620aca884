"""Timing loops: sequential requests (median, p95) and concurrent clients (throughput, p95)."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.http import BenchError, Client, Response

Check = Callable[[Response], str | None]  # None when the response is right, else what is wrong


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least ``fraction`` of samples at or below it."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


@dataclass(frozen=True)
class Timing:
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95)


@dataclass
class Throughput:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    results: list[Response] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 0.95) if self.latencies else float("nan")


def sequential(request: Callable[[], Response], *, check: Check, warmup: int, requests: int, what: str) -> Timing:
    """Warm up, then time ``requests`` requests one after another; any wrong answer stops the benchmark."""
    for _ in range(warmup):
        _checked(request(), check, what)
    return Timing([_checked(request(), check, what).seconds for _ in range(requests)])


def _checked(response: Response, check: Check, what: str) -> Response:
    problem = check(response)
    if problem:
        raise BenchError(f"{what}: {problem} (status {response.status}: {response.text[:300]!r})")
    return response


def concurrent(
    make: Callable[[], Client],
    request: Callable[[Client, int, int], Response],
    *,
    check: Check,
    clients: int,
    seconds: float,
) -> Throughput:
    """``clients`` threads, each sending ``request(client, thread, i)`` back to back for ``seconds``.

    Every response is checked; wrong ones are counted as failures, not as
    throughput. Threads suit a client that mostly waits on sockets.
    """
    result = Throughput(seconds=seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = 0.0

    def run(thread: int) -> None:
        client = make()
        start.wait()
        i = 0
        while time.perf_counter() < deadline:
            try:
                response = request(client, thread, i)
            except OSError as exc:
                with lock:
                    result.failures.append(f"thread {thread} request {i}: {exc}")
                i += 1
                continue
            problem = check(response)
            with lock:
                if problem:
                    result.failures.append(f"thread {thread} request {i}: {problem} ({response.status})")
                else:
                    result.latencies.append(response.seconds)
                    result.results.append(response)
            i += 1

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    deadline = time.perf_counter() + seconds
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    # Requests in flight at the deadline finish after it; count the time they took too.
    result.seconds = time.perf_counter() - began
    return result
