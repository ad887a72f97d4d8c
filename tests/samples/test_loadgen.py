"""The load generator: pure parts table-driven, the runner against the real apps."""

from __future__ import annotations

import json
import random
import time
from collections import Counter

import click
import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strangler.errors import UsageError
from strangler.loadgen import (
    LoadError,
    Mix,
    Sample,
    Workload,
    check_target,
    load,
    percentile,
    run_load,
    summarize,
)
from strangler.stack.process import free_port
from tests.samples.conftest import AppProcess, Items


@pytest.mark.parametrize("text,reads,writes", [
    ("reads=0.8,writes=0.2", 0.8, 0.2),
    ("writes=0.25", 0.75, 0.25),
    ("reads=1", 1.0, 0.0),
    (" reads = 0.5 , writes=0.5 ", 0.5, 0.5),
    ("writes=1.0", 0.0, 1.0),
])
def test_mix_parses(text: str, reads: float, writes: float) -> None:
    mix = Mix.parse(text)
    assert (mix.reads, mix.writes) == pytest.approx((reads, writes))


@pytest.mark.parametrize("text", ["", "reads", "reads=0.8,writes=0.3", "reads=x",
                                  "deletes=0.1", "reads=1.5", "reads=0.5,reads=0.5",
                                  "reads=nan", "reads=-0.1,writes=1.1"])
def test_mix_rejects(text: str) -> None:
    with pytest.raises(UsageError, match="mix"):
        Mix.parse(text)


@pytest.mark.parametrize("url,allow,ok", [
    ("http://127.0.0.1:8081", False, True),
    ("http://127.9.9.9:8081/", False, True),
    ("http://[::1]:8081", False, True),
    ("http://localhost:8081", False, True),
    ("https://localhost", False, True),
    ("http://10.0.0.1:8081", False, False),
    ("http://example.com", False, False),
    ("http://localhost.example.com", False, False),
    ("http://example.com", True, True),
    ("ftp://127.0.0.1", False, False),
    ("127.0.0.1:8081", False, False),
    ("http://127.0.0.1:99999", False, False),
    ("http://127.0.0.1/?q=1", False, False),
])
def test_check_target(url: str, allow: bool, ok: bool) -> None:
    if ok:
        assert not check_target(url, allow_remote=allow).endswith("/")
    else:
        with pytest.raises(UsageError):
            check_target(url, allow_remote=allow)


@pytest.mark.parametrize("values,q,want", [
    ([], 50, 0.0),
    ([1.0], 99, 1.0),
    ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
    ([float(i) for i in range(1, 101)], 95, 95.0),
    ([float(i) for i in range(1, 101)], 99, 99.0),
    ([float(i) for i in range(1, 101)], 100, 100.0),
])
def test_percentile(values: list[float], q: float, want: float) -> None:
    assert percentile(values, q) == want


def test_summarize_separates_expected_conflicts_from_errors() -> None:
    samples = [Sample("get_item", 0.001, 200), Sample("reserve", 0.002, 409),
               Sample("reserve", 0.003, 200), Sample("get_item", 0.004, 404, "status_404"),
               Sample("adjust", 5.0, None, "timeout")]
    report = summarize(samples, target="http://127.0.0.1:1", mix=Mix(), rps=10, duration=1,
                       elapsed=1.0, sent=5, skipped=0)
    assert report.statuses == {"200": 2, "404": 1, "409": 1}
    assert report.expected_conflicts == 1
    assert report.errors == {"status_404": 1, "timeout": 1}
    assert report.completed == 4 and not report.ok
    assert report.latency["all"].count == 5 and report.latency["get_item"].count == 2
    assert report.latency["all"].max_ms == 5000.0


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), outcomes=st.lists(st.sampled_from([200, 409, 500, None]),
                                                      min_size=1, max_size=300))
def test_workload_never_releases_more_than_it_holds(seed: int, outcomes: list[int | None]) -> None:
    """Whatever the server answers, releases stay within what this run reserved."""
    workload = Workload([(1, "A"), (2, "B"), (3, "C")], Mix(0.1, 0.9), random.Random(seed))
    truly_reserved: Counter[int] = Counter()
    for status in outcomes:
        planned = workload.next()
        item = int(planned.path.split("/")[3]) if planned.op in ("reserve", "release") else 0
        if planned.op == "release":
            assert planned.body is not None
            assert 1 <= planned.body["quantity"] <= truly_reserved[item]
        if status == 200 and planned.op == "reserve":
            truly_reserved[item] += planned.body["quantity"]  # type: ignore[index]
        if status == 200 and planned.op == "release":
            truly_reserved[item] -= planned.body["quantity"]  # type: ignore[index]
        if status is None and planned.op == "release":
            # Unknown outcome: assume the worst, that it was applied.
            truly_reserved[item] -= planned.body["quantity"]  # type: ignore[index]
        workload.observe(planned, status)
        assert all(v >= 0 for v in workload.held.values())
        assert all(workload.held[i] <= truly_reserved[i] for i in workload.held)


@pytest.mark.pg  # the app fixture is requested by name, which collection cannot see
@pytest.mark.parametrize("kind", ["monolith", "inventory"])
async def test_run_load_against_each_app(kind: str, request: pytest.FixtureRequest) -> None:
    app: AppProcess = request.getfixturevalue(f"{kind}_app")
    started = time.monotonic()
    report = await run_load(app.url, rps=150, duration=2.0, mix="reads=0.6,writes=0.4", seed=1)
    assert time.monotonic() - started < 2.0 + 3.0
    assert report.ok, report
    assert report.sent == report.completed == 300
    assert report.achieved_rps == pytest.approx(150, rel=0.15)
    assert set(report.statuses) <= {"200", "409"}
    assert {"get_item", "reserve", "all"} <= set(report.latency)
    assert report.latency["all"].p50_ms <= report.latency["all"].p99_ms


async def test_run_load_bounded_by_max_requests(monolith_app: AppProcess) -> None:
    started = time.monotonic()
    report = await run_load(monolith_app.url, rps=200, duration=30, max_requests=40)
    assert report.sent == report.completed == 40
    assert time.monotonic() - started < 3


async def test_run_load_writes_only_to_known_items(monolith_app: AppProcess, items: Items) -> None:
    """Given item ids, writes only touch them, and conflicts are genuine 409s, never errors."""
    # No stock: the run's first request (seed 3) is a reserve, a certain 409 whatever the
    # timing (with stock, later plans depend on which responses arrived first)
    item_id = items.make(on_hand=0, reserved=0)
    dsn = items.dbs.monolith
    before = everything_but(dsn, item_id)
    report = await run_load(monolith_app.url, rps=200, duration=1.0, mix="writes=1",
                            items=[(item_id, f"T-{item_id}")], seed=3)
    assert report.ok, report
    assert report.expected_conflicts > 0 and report.statuses.get("200", 0) > 0
    assert everything_but(dsn, item_id) == before  # no other row was written
    with psycopg.connect(dsn) as conn:
        written = conn.execute("SELECT qty_on_hand, updated_at > '2026-03-04 05:06:07.123456Z' "
                               "FROM inventory_items WHERE id = %s", (item_id,)).fetchone()
    assert written is not None and written[0] > 0 and written[1]  # the known item was


def everything_but(dsn: str, item_id: int) -> tuple[object, ...]:
    """Every monolith row a write could touch, apart from one item's."""
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM inventory_items t"
            "        WHERE id <> %s),"
            " (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM orders t),"
            " (SELECT md5(string_agg(t::text, ',' ORDER BY order_id, line_no))"
            "  FROM order_lines t)", (item_id,)).fetchone()
    assert row is not None
    return tuple(row)


async def test_run_load_reports_transport_errors() -> None:
    port = free_port()
    report = await run_load(f"http://127.0.0.1:{port}", rps=50, duration=0.2,
                            items=[(1, "SKU-1")], timeout=1.0)
    assert report.errors == {"connect": 10} and not report.ok


async def test_run_load_fails_fast_when_target_is_down() -> None:
    with pytest.raises(LoadError, match="cannot list items"):
        await run_load(f"http://127.0.0.1:{free_port()}", rps=10, duration=1)


async def test_run_load_refuses_remote_targets() -> None:
    with pytest.raises(UsageError, match="not loopback"):
        await run_load("http://192.0.2.1:80", rps=10, duration=1)


def test_cli_json(monolith_app: AppProcess, capsys: pytest.CaptureFixture[str]) -> None:
    rv = load.main(["--target", monolith_app.url, "--rps", "50", "--duration", "0.5", "--json"],
                   standalone_mode=False)
    report = json.loads(capsys.readouterr().out)
    assert rv == 0 and report["ok"] and report["sent"] == 25
    assert set(report["latency"]["all"]) == {"count", "p50_ms", "p95_ms", "p99_ms", "max_ms"}


def test_cli_table(monolith_app: AppProcess, capsys: pytest.CaptureFixture[str]) -> None:
    rv = load.main(["--target", monolith_app.url, "--rps", "40", "--duration", "0.5"],
                   standalone_mode=False)
    out = capsys.readouterr().out
    assert rv == 0
    assert "achieved" in out and "p99 ms" in out and "errors 0" in out


@pytest.mark.parametrize("args", [
    ["--target", "http://example.com", "--rps", "1", "--duration", "1"],
    ["--target", "http://127.0.0.1:1", "--mix", "reads=2"],
    ["--target", "http://127.0.0.1:1", "--rps", "0"],
    ["--target", "http://127.0.0.1:1", "--duration", "-1"],
])
def test_cli_usage_errors(args: list[str]) -> None:
    with pytest.raises(click.UsageError):
        load.main(args, standalone_mode=False)
