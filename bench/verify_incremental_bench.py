"""The verifier's incremental pass next to its full pass, on a 1M-row, 6-column table.

    .venv/bin/python bench/verify_incremental_bench.py [--rows 1000000] [--changed 100] [--runs 3]

A private local stack (ephemeral ports) gets the same table in both PostgreSQL servers, and the
applier's bookkeeping for it in the target: its positions table (every key at an old position,
as after the initial snapshot) and, played by `FenceRelay`, the applied fences (no pipeline
snapshots a million rows here). Then, per run: a full pass (which stores the range
checksums), `--changed` random rows changed the way the applier changes them (the row in both
databases, its position in the positions table at the source's current WAL position), and an
incremental pass; plus an incremental pass with nothing changed.

Printed per pass: wall time, the fence wait and the hashing apart, ranges hashed of total, and
CPU seconds from /proc: the benchmark's own process (the verifier) and both PostgreSQL servers
(every backend, live or exited, through the postmaster's own and its children's counters).
Second part: the fence wait alone (fence row update → applied fence seen), event-driven
(`cdc.fences.wait_for_fence`) against the polling loop it replaced (10 ms doubling to 200 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from bench.common import private_stack  # noqa: E402
from bench.verify_bench import prepare  # noqa: E402
from cdc.catalog import table_shape  # noqa: E402
from cdc.fences import applied_fence, heartbeat_query, wait_for_fence  # noqa: E402
from cdc.mapping import TableMapper  # noqa: E402
from cdc.state import ensure_positions  # noqa: E402
from cdc.verify.anchor import Database  # noqa: E402
from cdc.verify.verifier import Options, run_pass  # noqa: E402
from tests.cdc.fence_relay import FenceRelay  # noqa: E402

T = TypeVar("T")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of its reaped children)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), sum(int(f) for f in fields[11:15]) / TICKS


def server_cpu(postmasters: list[int]) -> float:
    """CPU seconds of the servers: each postmaster (its reaped children included) and its
    live children (backends, background workers)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat and (stat[0] in postmasters or int(entry) in postmasters):
                total += stat[1]
    return total


def postmaster(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("show data_directory").fetchone()
    assert row is not None
    return int((Path(row[0]) / "postmaster.pid").read_text().split()[0])


def measured(postmasters: list[int], work: Callable[[], T]) -> tuple[T, float, float, float]:
    mine, servers = os.times(), server_cpu(postmasters)
    started = time.perf_counter()
    value = work()
    wall = time.perf_counter() - started
    after = os.times()
    return value, wall, (after.user + after.system) - (mine.user + mine.system), \
        server_cpu(postmasters) - servers


def change_rows(src_dsn: str, tgt_dsn: str, positions: str, keys: list[int]) -> None:
    """Change rows the way the pipeline does: at the source, then the applier's write of the
    row and of its position (the source's WAL position of the change)."""
    with psycopg.connect(src_dsn, autocommit=True) as conn:
        conn.execute("update bench_items set qty = qty + 1, updated_at = now() "
                     "where id = any(%s)", (keys,))
        row = conn.execute("select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint"
                           ).fetchone()
        rows = conn.execute("select id, qty, updated_at from bench_items where id = any(%s)",
                            (keys,)).fetchall()
    assert row is not None
    with psycopg.connect(tgt_dsn) as conn, conn.cursor() as cur:
        cur.executemany("update bench_items set qty = %s, updated_at = %s where id = %s",
                        [(qty, at, key) for key, qty, at in rows])
        cur.executemany(f"update strangler_cdc.{positions} set commit_lsn = %s, "
                        "change_lsn = %s where id = %s", [(row[0], row[0], k) for k in keys])


def polling_wait(conn: psycopg.Connection, group: str, lsn: int, timeout: float) -> int:
    """The fence wait before it was event-driven: re-read, sleeping 10 ms doubling to 200."""
    delay, deadline = 0.01, time.monotonic() + timeout
    while True:
        applied = applied_fence(conn, group)
        if applied is not None and applied >= lsn:
            return applied
        if time.monotonic() > deadline:
            raise TimeoutError(lsn)
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def fence_round_trips(src_dsn: str, tgt_dsn: str, group: str, rounds: int
                      ) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"event-driven": [], "polling (before)": []}
    with psycopg.connect(src_dsn, autocommit=True) as src, \
            psycopg.connect(tgt_dsn, autocommit=True) as tgt:
        for i in range(rounds * 2):
            label = "event-driven" if i % 2 == 0 else "polling (before)"
            row = src.execute(heartbeat_query("public.bench_fence") +
                              " returning lsn").fetchone()
            assert row is not None
            started = time.perf_counter()
            if label == "event-driven":
                wait_for_fence(tgt, group, int(row[0]), 30)
            else:
                polling_wait(tgt, group, int(row[0]), 30)
            times[label].append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fence-rounds", type=int, default=20)
    args = parser.parse_args()
    lines: list[tuple[str, float, float, float, float, str, float, float]] = []
    with private_stack() as stack:
        src_dsn, tgt_dsn = stack.monolith_dsn, stack.service_dsn("inventory")
        direction = prepare(src_dsn, tgt_dsn, args.rows)
        with psycopg.connect(tgt_dsn, autocommit=True) as conn:
            mapper = TableMapper(direction.tables[0], *table_shape(conn, "public.bench_items"))
            ensure_positions(conn, mapper)
            conn.execute(f"insert into strangler_cdc.{mapper.positions_table} "
                         "select id, 1, 0, false from bench_items")
            conn.execute(f"vacuum analyze strangler_cdc.{mapper.positions_table}")
        source = Database("monolith", "source", src_dsn, "bench")
        target = Database("inventory", "target", tgt_dsn, "bench")
        postmasters = [postmaster(src_dsn), postmaster(tgt_dsn)]
        relay = FenceRelay(src_dsn, tgt_dsn, "public.bench_fence",
                           direction.consumer_group).start()
        chooser = random.Random(7)

        def verify(label: str, incremental: bool) -> None:
            result, wall, mine, servers = measured(postmasters, lambda: run_pass(
                direction, source, target, direction.tables, Options(incremental=incremental)))
            t = result.tables[0]
            assert t.verdict == "consistent", t.as_dict()
            assert t.mode == ("incremental" if incremental else "full"), t.as_dict()
            lines.append((label, wall, t.fence_wait_s, t.lookup_s, t.hash_s,
                          f"{t.ranges_hashed}/{t.ranges_total}", mine, servers))

        try:
            for _ in range(args.runs):
                verify("full pass (stores state)", False)
                keys = chooser.sample(range(1, args.rows + 1), args.changed)
                change_rows(src_dsn, tgt_dsn, mapper.positions_table, keys)
                verify(f"incremental, {args.changed} changed", True)
                verify("incremental, none changed", True)
            fences = fence_round_trips(src_dsn, tgt_dsn, direction.consumer_group,
                                       args.fence_rounds)
        finally:
            relay.stop()
    print(f"{args.rows} rows x 6 columns, {args.runs} runs; seconds")
    print(f"{'pass':<28} {'wall':>6} {'fence wait':>10} {'lookup':>7} {'hash':>6} "
          f"{'ranges hashed':>14} {'cpu verifier':>12} {'cpu postgres':>12}")
    for label, wall, fence, lookup, hashed, ranges, mine, servers in lines:
        print(f"{label:<28} {wall:>6.3f} {fence:>10.3f} {lookup:>7.3f} {hashed:>6.3f} "
              f"{ranges:>14} {mine:>12.3f} {servers:>12.3f}")
    by_label: dict[str, list[float]] = {}
    for label, wall, *_ in lines:
        by_label.setdefault(label, []).append(wall)
    for label, walls in by_label.items():
        print(f"median {label}: {statistics.median(walls):.3f} s")
    print(f"fence wait alone (fence row update -> applied fence seen; FenceRelay copies the "
          f"fence every 20 ms), {args.fence_rounds} rounds each, interleaved:")
    for label, waits in fences.items():
        ordered = sorted(waits)
        print(f"  {label:<17} median {statistics.median(waits) * 1000:6.1f} ms, "
              f"p90 {ordered[int(0.9 * (len(ordered) - 1))] * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
