"""The benchmark harness: its arithmetic, its arguments, and one tiny end-to-end run.

The run builds a 300-conversation data set, serves it with gunicorn and
measures every workload a few times, so ``make bench`` is known to work in
every commit. It asserts what was measured and reported, never a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys

import pytest
from bench.__main__ import _size, _sizes, bench_engine, parse
from bench.datasets import DataSet
from bench.measure import percentile
from bench.report import Report
from bench.server import ROOT


def test_percentile_is_the_nearest_rank():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.95) == 95.0
    assert percentile(samples, 0.5) == 50.0
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([5.0, 1.0, 3.0], 0.95) == 5.0


@pytest.mark.parametrize(("text", "size"), [("10k", 10_000), ("1M", 1_000_000), ("2.5k", 2_500), ("300", 300)])
def test_sizes_read_like_people_write_them(text, size):
    assert _size(text) == size


def test_sizes_are_sorted_and_bad_ones_refused():
    assert _sizes("1M,10k,100k") == [10_000, 100_000, 1_000_000]
    with pytest.raises(argparse.ArgumentTypeError):
        _sizes("ten")
    with pytest.raises(argparse.ArgumentTypeError):
        _sizes("50")


def test_defaults_are_the_issue_s_sizes_and_both_databases():
    args = parse([])
    assert args.sizes == [10_000, 100_000, 1_000_000]
    assert args.databases == ["sqlite", "postgresql"]
    assert (args.requests, args.clients, args.seconds) == (100, 8, 10.0)


def test_a_tiny_run_measures_every_workload_and_reports_each_target():
    args = parse(["--sizes", "300", "--databases", "sqlite", "--requests", "5", "--warmup", "1", "--seconds", "1"])
    report = bench_engine("sqlite", args)

    [result] = report.results
    assert result.generation_s is not None
    assert result.generation_s > 0
    assert result.rows["conversations_conversation"] == 300
    assert result.messages > 300
    measured = result.measured
    assert measured is not None
    assert set(measured.timings) >= {"floor", "W2", "W2rep", "W3", "W4", "W6gestures"}
    assert all(len(t.samples) == 5 for t in measured.timings.values())
    # W5: every answered create is stored exactly once.
    assert measured.create_throughput is not None
    assert measured.create_throughput.ok > 0
    assert measured.created_rows == (measured.create_throughput.ok, measured.create_throughput.ok)
    assert not measured.create_throughput.failures
    assert len(measured.worker_rss_mb) == 2
    targets = "\n".join(report.targets())
    for name in ("W2 median", "W3 median", "W4 median", "W5", "peak RSS"):
        assert name in targets
    assert isinstance(report, Report)
    assert "| W3 median / p95 |" in report.markdown(dt.date(2026, 12, 1))


def test_profile_splits_each_page_between_database_and_python_and_shows_its_plans():
    # A subprocess: the profiler configures Django for the data set, and this process already has test settings.
    # 301 conversations, so the data set is not the one the end-to-end run above builds and drops.
    data = DataSet("sqlite", 301)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bench.profile", "--size", "301", "--requests", "3", "--no-save"],
            cwd=ROOT, capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        out = result.stdout
        rows = [line for line in out.splitlines() if line.startswith("| ") and " | " in line[2:]]
        keys = ("floor /healthz/", "W2 /?status=open", "W3 /conversations/", "W4 /search/", "W5 /api/conversations")
        for key in keys:
            assert any(row.startswith(f"| {key}") for row in rows), key
        floor = next(row for row in rows if row.startswith("| floor"))
        assert floor.split(" | ")[5] == "0"  # the floor runs no query
        assert "Functions by own time" in out
        assert "Call tree" in out
        assert "SEARCH conversations_conversation" in out  # the inbox's plan, read from SQLite itself
    finally:
        data.drop()


def test_search_vector_times_both_ways_on_postgresql():
    # The PostgreSQL suite only: the comparison is of two PostgreSQL indexes.
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("compares two PostgreSQL indexes")
    data = DataSet("postgresql", 301)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bench.search_vector", "--size", "301", "--no-save"],
            cwd=ROOT, capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "×" in line]
        assert [row.split(" | ")[0] for row in rows] == ["| zanzibar", "| parcel", "| size"]
        for row in rows:
            before, now = (float(cell.removesuffix(" ms")) for cell in row.split(" | ")[2:4])
            assert before > 0
            assert now > 0
    finally:
        data.drop()
