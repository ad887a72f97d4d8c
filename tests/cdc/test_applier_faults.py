"""Crashes, outages and poison: the applier never loses a change and never goes backwards."""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from confluent_kafka import Producer

from cdc.faults import POINTS
from strangler.stack import process
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines
from tests.support import read_topic

pytestmark = pytest.mark.stack

HISTORY_DDL = """
create table {h} (at bigserial primary key, k bigint, old_qty int, new_qty int, op text);
create function {h}_fn() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then insert into {h} (k, old_qty, new_qty, op)
                           values (new.item_id, old.on_hand, new.on_hand, 'u');
  elsif tg_op = 'INSERT' then
    insert into {h} (k, new_qty, op) values (new.item_id, new.on_hand, 'i');
  else insert into {h} (k, old_qty, op) values (old.item_id, old.on_hand, 'd');
  end if;
  return null;
end $$;
create trigger {h}_tr after insert or update or delete on {t}
  for each row execute function {h}_fn();
"""


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, seed_rows=200)


class WriteLoad:
    """Concurrent source writes: qty only ever grows, so the target must never see it shrink."""

    def __init__(self, pipeline: Pipeline, rows: int = 200) -> None:
        self.pipeline, self.rows = pipeline, rows
        self.stop = threading.Event()
        self.writes = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        rng = random.Random(7)
        next_id = 10_000
        with psycopg.connect(self.pipeline.source_dsn, autocommit=True) as conn:
            while not self.stop.is_set() and self.writes < 20_000:
                if rng.random() < 0.1:
                    conn.execute(f"insert into {self.pipeline.source_table} (id, sku, qty, price)"
                                 " values (%s, 'L', 1, 1.00)", (next_id,))
                    next_id += 1
                else:
                    with conn.transaction():
                        for key in rng.sample(range(1, self.rows + 1), 3):
                            conn.execute(f"update {self.pipeline.source_table} set qty = qty + 1"
                                         " where id = %s", (key,))
                self.writes += 1
                time.sleep(0.002)

    def __enter__(self) -> WriteLoad:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(10)


def add_history(pipeline: Pipeline) -> str:
    history = f"hist_{pipeline.suffix}"
    with psycopg.connect(pipeline.target_dsn, autocommit=True) as conn:
        conn.execute(HISTORY_DDL.format(h=history, t=pipeline.target_table))
    return history


def assert_never_backwards(pipeline: Pipeline, history: str) -> int:
    with psycopg.connect(pipeline.target_dsn) as conn:
        regressions = conn.execute(
            f"select k, old_qty, new_qty from {history} where op = 'u' and new_qty < old_qty"
        ).fetchall()
        resurrected = conn.execute(
            f"select count(*) from {history} where op = 'd'").fetchone()
        total = conn.execute(f"select count(*) from {history}").fetchone()
    assert regressions == [], f"keys went backwards: {regressions[:10]}"
    assert resurrected == (0,)  # the load never deletes
    return int(total[0]) if total else 0


def test_kill_minus_9_at_every_crash_point_under_load(pipeline: Pipeline, tmp_path: Path) -> None:
    history = add_history(pipeline)
    config = pipeline.write_config(tmp_path / "routes.yaml")
    rng = random.Random(11)
    crashes = []
    with WriteLoad(pipeline) as load:
        for cycle in range(12):
            point = POINTS[cycle % 3]
            proc = pipeline.spawn_applier(config, crash_at=f"{point}:{rng.randint(1, 4)}")
            try:
                code = proc.wait(timeout=60)
            except Exception:
                proc.kill()
                raise
            output = (tmp_path / "applier-forward.log").read_text()[-3000:]
            assert code == -signal.SIGKILL, f"cycle {cycle} ({point}) exited {code}:\n{output}"
            crashes.append(point)
        assert load.writes > 100
    final = pipeline.spawn_applier(config)
    try:
        pipeline.wait_converged(timeout=90)
    finally:
        final.send_signal(signal.SIGTERM)
        assert final.wait(timeout=30) == 0
    assert sorted(set(crashes)) == sorted(POINTS) and len(crashes) >= 10
    assert assert_never_backwards(pipeline, history) > 0


def test_target_database_down_for_ten_seconds(pipeline: Pipeline, stack: LocalStack) -> None:
    history = add_history(pipeline)
    applier = pipeline.start_applier(batch_size=100)
    pipeline.wait_converged()
    with WriteLoad(pipeline):
        time.sleep(1)
        process.stop(stack.services_pg.pid_file, sig=signal.SIGQUIT)  # immediate shutdown
        try:
            time.sleep(10)
        finally:
            stack.up(say=print)  # the shared stack comes back whatever happens
        time.sleep(2)
    pipeline.wait_converged(timeout=90)
    assert applier.stats.retries > 0
    assert applier.stats.dead_letters == 0
    assert_never_backwards(pipeline, history)
    try:
        dlq = read_topic(stack.bootstrap_servers, applier.dlq_topic, count=1, timeout=3)
    except TimeoutError:
        dlq = []  # the topic was never even created
    assert dlq == []


def envelope(table: str, op: str, after: dict[str, object] | None, lsn: int) -> bytes:
    schema, name = table.split(".")
    return json.dumps({"before": None, "after": after, "op": op, "ts_ms": 0, "source": {
        "schema": schema, "table": name, "lsn": lsn, "sequence": f'["{lsn}","{lsn}"]',
        "txId": 1, "snapshot": "false", "ts_ms": 0}}).encode()


def test_poison_records_go_to_the_dead_letter_topic_and_valid_ones_apply(
        pipeline: Pipeline, stack: LocalStack) -> None:
    table = pipeline.source_table
    good = {"id": 5, "sku": "X", "qty": 1, "price": "1.00", "description": "",
            "updated_at": "2026-01-01T00:00:00Z"}
    poison = [
        (b'{"id": 1}', b"this is not json"),
        (b'{"id": 1}', b'{"hello": "no envelope"}'),
        (b'{"id": 1}', envelope(table, "x", good, 1)),                     # unknown op
        (b'{"id": 1}', envelope("public.nope", "c", good, 1)),              # unknown table
        (b'{"id": 900001}', envelope(table, "c", {**good, "id": 900001, "qty": "many"}, 1)),
        (b'{"id": 900002}', envelope(table, "c", {**good, "id": 900002, "qty": 2**40}, 1)),
        (b'{"id": 900003}', envelope(table, "c", {**good, "id": 900003,
                                                  "price": "123456789012.99"}, 1)),
    ]
    applier = pipeline.start_applier(batch_size=500)
    pipeline.wait_converged()
    producer = Producer({"bootstrap.servers": stack.bootstrap_servers})
    topic = pipeline.direction.topic(table)
    for index, (key, value) in enumerate(poison):
        pipeline.source(f"update {{t}} set qty = qty + 1 where id = {index + 1}")
        producer.produce(topic, key=key, value=value, headers=[("trace", b"t%d" % index)])
        producer.flush(10)
        pipeline.source("insert into {t} (id, sku, qty, price) values (%s, 'V', 1, 2)",
                        (5000 + index,))
    pipeline.wait_converged()
    assert applier.stats.dead_letters == len(poison)
    with psycopg.connect(pipeline.target_dsn) as conn:
        assert conn.execute(f"select count(*) from {pipeline.target_table} "
                            "where item_id > 900000").fetchone() == (0,)
    dead = read_topic(stack.bootstrap_servers, applier.dlq_topic, count=len(poison) + 1,
                      timeout=8, decode=False)
    seen = [(record.value, dict(record.headers)) for record in dead]
    assert [value for value, _ in seen] == [value for _, value in poison]
    for index, (_, headers) in enumerate(seen):
        assert headers["dlq.topic"] == topic.encode()
        assert headers["trace"] == b"t%d" % index  # original headers kept
        assert int(headers["dlq.offset"]) >= 0 and headers["dlq.partition"] == b"0"
        assert headers["dlq.error"]
    reasons = [headers["dlq.reason"] for _, headers in seen]
    assert reasons == [b"not-json", b"no-payload", b"unknown-op", b"unknown-table",
                       b"bad-value", b"bad-value", b"bad-value"]
    metric = applier.metrics.registry.get_sample_value
    labels = {"direction": applier.direction.name}
    assert {reason: metric("strangler_cdc_dead_letters_total", {**labels, "reason": reason})
            for reason in ("not-json", "no-payload", "unknown-op", "unknown-table",
                           "bad-value")} == {"not-json": 1, "no-payload": 1, "unknown-op": 1,
                                             "unknown-table": 1, "bad-value": 3}
    # the valid inserts around the poison were counted, also those applied one by one
    assert metric("strangler_cdc_events_applied_total",
                  {**labels, "table": pipeline.target_table, "op": "c"}) == len(poison)
    assert (metric("strangler_cdc_batch_size_count", labels) or 0) >= 1


def test_kafka_connect_worker_killed_and_restarted_under_load(
        pipeline: Pipeline, stack: LocalStack) -> None:
    history = add_history(pipeline)
    applier = pipeline.start_applier(batch_size=200)
    pipeline.wait_converged()
    with WriteLoad(pipeline) as load:
        time.sleep(2)
        victim = stack.connect.tracked()
        assert victim is not None
        os.kill(victim.pid, signal.SIGKILL)
        try:
            assert process.wait_for_exit(victim, 10)
            writes_at_kill = load.writes
            time.sleep(3)  # writes keep landing in the source while the worker is down
        finally:
            stack.up(say=print)  # restarts the worker and re-applies the registered connector
        time.sleep(4)
        assert load.writes > writes_at_kill
    pipeline.wait_converged(timeout=120)
    assert_never_backwards(pipeline, history)
    assert applier.stats.dead_letters == 0
