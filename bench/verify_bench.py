"""`strangler verify` vs reladiff on two 1M-row, 6-column tables, side by side in one run.

    python3 -m venv /tmp/reladiff-venv
    /tmp/reladiff-venv/bin/pip install "reladiff[postgresql]==0.6.0"
    .venv/bin/python bench/verify_bench.py --reladiff /tmp/reladiff-venv/bin/reladiff

A private local stack (ephemeral ports) gets the same table in both PostgreSQL servers; each
tool compares them equal, then after 5 planted differences in the target (2 changed rows, 2
deleted, 1 orphan). The applier's fence bookkeeping is played by `FenceRelay` (no pipeline
snapshots a million rows here), so the verifier's fence wait is part of its time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from bench.common import private_stack  # noqa: E402
from cdc.config import Direction, SyncConfig, TableSync  # noqa: E402
from cdc.fences import FENCE_DDL  # noqa: E402
from cdc.state import ensure_state  # noqa: E402
from cdc.verify.anchor import Database  # noqa: E402
from cdc.verify.verifier import Options, run_pass  # noqa: E402
from tests.cdc.fence_relay import FenceRelay  # noqa: E402

DDL = ("create table bench_items (id bigint primary key, sku text not null, qty int not null, "
       "price numeric(12,2) not null, description text not null, "
       "updated_at timestamptz not null)")
FILL = ("insert into bench_items select g, 'SKU-' || g, g %% 100, (g %% 1000) / 10.0, "
        "'item number ' || g, timestamptz '2026-01-01' + g * interval '1 s' "
        "from generate_series(1, %s) g")
PLANT = ["update bench_items set qty = qty + 1 where id = 123456",
         "update bench_items set description = 'x' where id = 777777",
         "delete from bench_items where id in (42, 999999)",
         "insert into bench_items values (2000000, 'ORPHAN', 1, 1, 'o', now())"]
COLUMNS = ["sku", "qty", "price", "description", "updated_at"]


def prepare(src_dsn: str, tgt_dsn: str, rows: int) -> Direction:
    """The same `rows`-row table in both databases, the fence table at the source and the
    applier's bookkeeping tables at the target; the direction comparing them."""
    for dsn in (src_dsn, tgt_dsn):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(DDL)
            conn.execute(FILL, (rows,))
            conn.execute("vacuum analyze bench_items")
            # flush the fill's dirty pages now, not in a checkpoint during the first runs
            conn.execute("checkpoint")
    with psycopg.connect(src_dsn, autocommit=True) as conn:
        conn.execute(FENCE_DDL.format(table="public.bench_fence"))
    with psycopg.connect(tgt_dsn, autocommit=True) as conn:
        ensure_state(conn)
    sync = SyncConfig(source="monolith", target="inventory", topic_prefix="bench",
                      slot="bench_slot", fence_table="public.bench_fence",
                      tables=(TableSync(source="public.bench_items",
                                        target="public.bench_items"),))
    return Direction("bench", sync, "forward")


def ours(direction: Direction, source: Database, target: Database) -> tuple[float, int]:
    started = time.perf_counter()
    result = run_pass(direction, source, target, direction.tables, Options())
    return time.perf_counter() - started, len(result.tables[0].persistent)


def theirs(reladiff: str, source: str, target: str, pgpass: str) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([reladiff, source, "bench_items", target, "bench_items", "-k", "id",
                           *(a for c in COLUMNS for a in ("-c", c))],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PGPASSFILE": pgpass})
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"reladiff failed: {done.stderr[-2000:]}")
    keys = {line[2:].split(",")[0] for line in done.stdout.splitlines()
            if line.startswith(("- ", "+ "))}
    return elapsed, len(keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reladiff", default=shutil.which("reladiff"),
                        help="the reladiff executable (a venv of its own is simplest)")
    args = parser.parse_args()
    if not args.reladiff:
        print("reladiff not found: pass --reladiff PATH (see the docstring)", file=sys.stderr)
        return 2
    with private_stack() as stack:
        src_dsn, tgt_dsn = stack.monolith_dsn, stack.service_dsn("inventory")
        pgpass = str(stack.write_pgpass())
        direction = prepare(src_dsn, tgt_dsn, args.rows)
        source = Database("monolith", "source", src_dsn, "bench")
        target = Database("inventory", "target", tgt_dsn, "bench")
        relay = FenceRelay(src_dsn, tgt_dsn, "public.bench_fence",
                           direction.consumer_group).start()
        rows = []
        try:
            for label in ("equal", "5 differences"):
                if label != "equal":
                    with psycopg.connect(tgt_dsn, autocommit=True) as conn:
                        for statement in PLANT:
                            conn.execute(statement)
                times: dict[str, list[float]] = {"verify": [], "reladiff": []}
                found: dict[str, int] = {}
                for _ in range(args.runs):  # interleaved, so both see the same machine load
                    t, found["verify"] = ours(direction, source, target)
                    times["verify"].append(t)
                    t, found["reladiff"] = theirs(args.reladiff, src_dsn, tgt_dsn, pgpass)
                    times["reladiff"].append(t)
                ours_s = statistics.median(times["verify"])
                theirs_s = statistics.median(times["reladiff"])
                rows.append((label, ours_s, theirs_s, found["verify"], found["reladiff"],
                             times))
        finally:
            relay.stop()
    print(f"{args.rows} rows x 6 columns, median of {args.runs} interleaved runs")
    print(f"{'case':<15} {'verify s':>9} {'reladiff s':>11} {'speed-up':>9} "
          f"{'found (verify/reladiff)':>24}  all runs")
    for label, ours_s, theirs_s, f_ours, f_theirs, times in rows:
        print(f"{label:<15} {ours_s:>9.2f} {theirs_s:>11.2f} {theirs_s / ours_s:>8.1f}x "
              f"{f'{f_ours}/{f_theirs}':>24}  "
              f"verify {[round(t, 2) for t in times['verify']]}, "
              f"reladiff {[round(t, 2) for t in times['reladiff']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
