"""End-to-end lag: source commit → applied at the target, at a steady write rate.

Run: .venv/bin/python bench/e2e_lag.py [--rate 1000] [--seconds 60] [--no-whole-transactions]

Real path: PostgreSQL (monolith) → Debezium in Kafka Connect → broker → applier → PostgreSQL
(service). Each write is a single-row UPDATE that stamps `updated_at = clock_timestamp()` just
before its commit; a trigger at the target stamps the apply time. Both servers run on this
machine and share its clock, so the difference is the end-to-end lag of that change.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from bench.common import percentile, private_stack  # noqa: E402
from tests.cdc.pipeline import build_pipeline, teardown_pipeline  # noqa: E402

TRIGGER = """
create table lag_samples (k bigint, source_ts timestamptz, applied_ts timestamptz);
create function lag_fn() returns trigger language plpgsql as $$
begin
  insert into lag_samples values (new.item_id, new.changed_at, clock_timestamp());
  return null;
end $$;
create trigger lag_tr after update on {t} for each row execute function lag_fn();
"""


def writer(dsn: str, table: str, rate: float, seconds: float, rows: int,
           counter: Any, worker: int, workers: int) -> None:
    interval = workers / rate
    with psycopg.connect(dsn, autocommit=True) as conn:
        start = time.perf_counter()
        n = 0
        while True:
            due = start + n * interval
            now = time.perf_counter()
            if now - start >= seconds:
                break
            if due > now:
                time.sleep(due - now)
            key = (n * workers + worker) % rows + 1
            conn.execute(f"update {table} set qty = qty + 1, updated_at = clock_timestamp() "
                         "where id = %s", (key,))
            n += 1
        counter[worker] = n


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=1000.0, help="writes per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-whole-transactions", action="store_true",
                        help="apply records as they come, not whole source transactions")
    args = parser.parse_args()
    with private_stack() as stack:
        pipeline = build_pipeline(stack, seed_rows=5000)
        try:
            pipeline.start_applier(batch_size=2000,
                                   atomic_transactions=not args.no_whole_transactions)
            pipeline.wait_converged(timeout=120)
            with psycopg.connect(pipeline.target_dsn, autocommit=True) as conn:
                conn.execute(TRIGGER.format(t=pipeline.target_table))
            # Separate processes: writer threads would compete with the applier for the GIL.
            counts = multiprocessing.Array("l", args.workers)
            threads = [multiprocessing.Process(target=writer, args=(
                pipeline.source_dsn, pipeline.source_table, args.rate, args.seconds, 5000,
                counts, w, args.workers)) for w in range(args.workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            pipeline.wait_converged(timeout=120)
            with psycopg.connect(pipeline.target_dsn) as conn:
                lags = [row[0] for row in conn.execute(
                    "select extract(epoch from applied_ts - source_ts) * 1000 "
                    "from lag_samples").fetchall()]
        finally:
            teardown_pipeline(pipeline)
    total = sum(counts)
    print(f"writes: {total:,} in {args.seconds:.0f} s ({total / args.seconds:,.0f}/s achieved, "
          f"{args.rate:,.0f}/s asked), {len(lags):,} applied samples")
    print(f"e2e lag ms: p50 {percentile(lags, 50):.1f}  p90 {percentile(lags, 90):.1f}  "
          f"p99 {percentile(lags, 99):.1f}  max {max(lags):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
