"""Applier throughput: a pre-filled topic of Debezium change events into PostgreSQL.

Run: .venv/bin/python bench/applier_throughput.py [--changes 200000] [--batches 500,2000,5000]
     [--tx-size 10]

The topic holds inserts of N/2 keys followed by one update of each (N changes in all), in
Debezium's envelope, grouped into source transactions of `--tx-size` changes with Debezium's
transaction metadata (each event's `transaction` block, BEGIN/END records on
`bench.transaction`; `--tx-size 0`: no metadata). Each run applies the whole topic into a fresh
target table with every guarantee on (offsets in the target transaction, per-key position
guard, TOAST handling, DLQ check, whole source transactions). Side by side, in the same run: a
naive applier that does one `executemany` upsert per batch with the guard in its WHERE clause
(position columns on the target table).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402
from confluent_kafka import Consumer, Producer  # noqa: E402

from bench.common import private_stack  # noqa: E402
from cdc.applier import Applier  # noqa: E402
from cdc.config import Direction, SyncConfig  # noqa: E402
from cdc.kafka import consumer_config  # noqa: E402
from cdc.run import tune_process  # noqa: E402

TARGET_DDL = """create table {t} (item_id bigint primary key, sku_code text not null,
    on_hand int not null, unit_price numeric(12,2) not null, details text not null)"""


def envelope(key: int, op: str, qty: int, lsn: int, tx: int, order: int | None,
             last_commit: int) -> bytes:
    after = {"id": key, "sku": f"SKU-{key}", "qty": qty, "price": "12.50",
             "description": "short description"}
    block = None if order is None else {"id": f"{tx}:{lsn}", "total_order": order,
                                        "data_collection_order": order}
    return json.dumps({"before": None, "after": after, "op": op, "ts_ms": 0, "source": {
        "schema": "public", "table": "items", "lsn": lsn,
        "sequence": f'["{last_commit}","{lsn}"]', "txId": tx, "ts_ms": 0, "snapshot": "false"},
        "transaction": block}).encode()


def marker(status: str, tx: int, lsn: int, count: int | None) -> bytes:
    return json.dumps({"status": status, "id": f"{tx}:{lsn}", "event_count": count,
                       "data_collections": None if count is None else [
                           {"data_collection": "public.items", "event_count": count}],
                       "ts_ms": 0}).encode()


def fill_topic(bootstrap: str, topic: str, changes: int, tx_size: int) -> None:
    """Changes in source transactions of `tx_size` (0: without transaction metadata)."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20,
                         "batch.num.messages": 10000, "queue.buffering.max.messages": 500000})
    tx_topic = topic.split(".", 1)[0] + ".transaction"
    keys = changes // 2
    lsn, tx, order, last_commit = 1000, 500, 0, 1000
    for phase, op in ((0, "c"), (1, "u")):
        for key in range(1, keys + 1):
            lsn += 100
            if tx_size and order == 0:
                producer.produce(tx_topic, key=b"{}", value=marker("BEGIN", tx, lsn, None))
            order += 1
            producer.produce(topic, key=json.dumps({"id": key}).encode(),
                             value=envelope(key, op, phase + key % 50, lsn,
                                            tx if tx_size else lsn,
                                            order if tx_size else None, last_commit))
            if not tx_size or order == tx_size or (phase, key) == (1, keys):
                if tx_size:
                    producer.produce(tx_topic, key=b"{}", value=marker("END", tx, lsn, order))
                tx, order, last_commit = tx + 1, 0, lsn
            if key % 10000 == 0:
                producer.poll(0)
    producer.flush(60)


def run_applier(stack, topic_prefix: str, changes: int, batch: int, run: int  # type: ignore[no-untyped-def]
                ) -> tuple[float, float]:
    table = f"public.bench_stock_{run}"
    with psycopg.connect(stack.service_dsn("inventory"), autocommit=True) as conn:
        conn.execute(TARGET_DDL.format(t=table))
    sync = SyncConfig(source="monolith", target="inventory", topic_prefix=topic_prefix,
                      slot="bench", fence_table="public.bench_fence", tables=[{
                          "source": "public.items", "target": table,
                          "columns": {"id": "item_id", "sku": "sku_code", "qty": "on_hand",
                                      "price": "unit_price", "description": "details"}}])
    direction = Direction(f"bench{run}", sync, "forward")
    applier = Applier(direction, target_dsn=stack.service_dsn("inventory"),
                      bootstrap=stack.bootstrap_servers, batch_size=batch, max_wait=0.1,
                      say=lambda m: None)
    started: list[float] = []
    cpu = time.process_time()

    def done(stats) -> bool:  # type: ignore[no-untyped-def]
        if stats.records and not started:
            started.append(time.perf_counter())
        return stats.records >= changes

    applier.run(until=done)
    elapsed = time.perf_counter() - started[0]
    cpu = time.process_time() - cpu
    with psycopg.connect(stack.service_dsn("inventory")) as conn:
        count = conn.execute(f"select count(*), sum(on_hand) from {table}").fetchone()
    assert count is not None and count[0] == changes // 2, count
    return elapsed, cpu


def run_naive(stack, topic: str, changes: int, batch: int, run: int  # type: ignore[no-untyped-def]
              ) -> tuple[float, float]:
    table = f"public.naive_stock_{run}"
    dsn = stack.service_dsn("inventory")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(TARGET_DDL.format(t=table))
        conn.execute(f"alter table {table} add column _lsn bigint not null default 0")
    consumer = Consumer(consumer_config(stack.bootstrap_servers, f"naive-{run}"))
    consumer.subscribe([topic])
    upsert = (f"insert into {table} as t (item_id, sku_code, on_hand, unit_price, details, _lsn) "
              "values (%s, %s, %s, %s, %s, %s) on conflict (item_id) do update set "
              "sku_code = excluded.sku_code, on_hand = excluded.on_hand, "
              "unit_price = excluded.unit_price, details = excluded.details, _lsn = excluded._lsn "
              "where t._lsn < excluded._lsn")
    seen = 0
    started = None
    cpu = time.process_time()
    with psycopg.connect(dsn) as conn:
        while seen < changes:
            messages = consumer.consume(batch, timeout=0.1)
            rows = []
            for msg in messages:
                if msg.error():
                    continue
                started = started or time.perf_counter()
                event = json.loads(msg.value())
                after = event["after"]
                rows.append((after["id"], after["sku"], after["qty"], after["price"],
                             after["description"], event["source"]["lsn"]))
            if rows:
                with conn.cursor() as cur:
                    cur.executemany(upsert, rows)
                conn.commit()
                seen += len(rows)
    consumer.close()
    assert started is not None
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=200_000)
    parser.add_argument("--batches", default="500,2000,5000")
    parser.add_argument("--tx-size", type=int, default=10,
                        help="changes per source transaction (0: no transaction metadata)")
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    tune_process()  # as `strangler cdc apply` does
    with private_stack() as stack:
        prefix = "bench"
        topic = f"{prefix}.public.items"
        t0 = time.perf_counter()
        fill_topic(stack.bootstrap_servers, topic, args.changes, args.tx_size)
        print(f"filled {topic} with {args.changes:,} changes (source transactions of "
              f"{args.tx_size or 'no metadata'}) in {time.perf_counter() - t0:.1f} s")
        # CPU: the Python process's own (all threads, librdkafka's included), not PostgreSQL's;
        # it moves far less than wall time when other work shares the machine.
        print(f"{'applier':<34} {'batch':>6} {'seconds':>8} {'changes/s':>10} {'cpu s':>6}")
        for run, batch in enumerate(batches):
            seconds, cpu = run_naive(stack, topic, args.changes, batch, run)
            print(f"{'naive executemany + WHERE guard':<34} {batch:>6} {seconds:>8.2f} "
                  f"{args.changes / seconds:>10,.0f} {cpu:>6.2f}", flush=True)
            seconds, cpu = run_applier(stack, prefix, args.changes, batch, run)
            print(f"{'strangler applier (all guarantees)':<34} {batch:>6} {seconds:>8.2f} "
                  f"{args.changes / seconds:>10,.0f} {cpu:>6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
