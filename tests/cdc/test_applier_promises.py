"""Promises of the applier's docstring that had no test: the DLQ acknowledgement, SIGTERM in
the middle of a batch, and the source database down during the loop-prevention lookup."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from confluent_kafka import Producer

from strangler.stack import process
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines
from tests.support import read_topic

pytestmark = pytest.mark.stack

COUNT_DDL = """
create table {c} (k bigint, at timestamptz default clock_timestamp());
create function {c}_fn() returns trigger language plpgsql as $$
begin insert into {c} (k) values (new.item_id); return null; end $$;
create trigger {c}_tr after insert or update on {t} for each row execute function {c}_fn();
"""


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, seed_rows=20)


class UnacknowledgedDlq:
    """Stands in for the DLQ producer: the first `failures` flushes report records not sent."""

    def __init__(self, real: Any, failures: int) -> None:
        self.real, self.failures, self.flushes = real, failures, 0

    def produce(self, *args: Any, **kwargs: Any) -> None:
        if self.flushes >= self.failures:
            self.real.produce(*args, **kwargs)

    def flush(self, timeout: float) -> int:
        self.flushes += 1
        if self.flushes <= self.failures:
            return 1  # one record still waiting for its acknowledgement
        return int(self.real.flush(timeout))


def stored_offset(p: Pipeline) -> int:
    with psycopg.connect(p.target_dsn) as conn:
        row = conn.execute("select next_offset from strangler_cdc.applier_offsets "
                           "where grp = %s and topic = %s and part = 0",
                           (p.direction.consumer_group, p.direction.topic(p.source_table))
                           ).fetchone()
    return int(row[0]) if row else 0


def test_a_dead_letter_not_acknowledged_rolls_the_batch_back(
        pipeline: Pipeline, stack: LocalStack) -> None:
    p = pipeline
    applier = p.start_applier()
    p.wait_converged()
    before = stored_offset(p)
    dlq = UnacknowledgedDlq(applier._producer, failures=5)
    applier._producer = dlq  # type: ignore[assignment]
    producer = Producer({"bootstrap.servers": stack.bootstrap_servers, "linger.ms": 100})
    producer.produce(p.direction.topic(p.source_table), key=b'{"id": 1}', value=b"not json")
    assert producer.flush(10) == 0
    p.source("update {t} set qty = 4321 where id = 3")
    p.wait_for(lambda: applier.stats.retries >= 3, what="unacknowledged dead-letter writes")
    assert dlq.flushes >= 3
    assert stored_offset(p) == before  # nothing of the batch committed
    assert applier.stats.dead_letters == 0
    p.wait_for(lambda: p.target_rows()[3][2] == 4321, what="the batch after the DLQ recovered")
    assert applier.stats.dead_letters == 1
    assert stored_offset(p) > before + 1
    dead = read_topic(stack.bootstrap_servers, applier.dlq_topic, count=2, timeout=5,
                      decode=False)
    assert [record.value for record in dead] == [b"not json"]  # once, not once per attempt


def test_sigterm_in_the_middle_of_a_batch_commits_it_and_lets_go(
        pipeline: Pipeline, tmp_path: Path) -> None:
    p = pipeline
    config = p.write_config(tmp_path / "routes.yaml")
    proc = p.spawn_applier(config)
    try:
        p.wait_converged()
        with psycopg.connect(p.target_dsn, autocommit=True) as conn:
            conn.execute(f"create function slow_{p.suffix}() returns trigger language plpgsql "
                         "as $$ begin perform pg_sleep(0.2); return new; end $$")
            conn.execute(f"create trigger slow_{p.suffix} before update on {p.target_table} "
                         f"for each row execute function slow_{p.suffix}()")
        p.source("update {t} set qty = qty + 100")  # one transaction, one batch: ~4 s to apply

        def applying() -> bool:
            with psycopg.connect(p.target_dsn) as conn:
                return conn.execute("select count(*) from pg_stat_activity "
                                    "where wait_event = 'PgSleep' and pid <> pg_backend_pid()"
                                    ).fetchone() != (0,)

        p.wait_for(applying, what="the batch to be in the target")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert p.target_rows() == p.source_rows()  # the batch in hand committed whole
    log = (tmp_path / "applier-forward.log").read_text()
    assert "stopped: " in log
    with psycopg.connect(p.target_dsn) as conn:  # it let go: no longer the active applier
        assert conn.execute("select count(*) from pg_locks where locktype = 'advisory' "
                            "and objid = hashtext(%s)::oid", (p.direction.consumer_group,)
                            ).fetchone() == (0,)


def test_source_down_during_the_loop_prevention_lookup_retries_the_batch(
        both_ways: Pipeline, stack: LocalStack) -> None:
    p = both_ways
    applier = p.start_applier(loop_prevention=True)
    p.wait_converged()
    p.stop_appliers()
    counts = f"cnt_{p.suffix}"
    with psycopg.connect(p.target_dsn, autocommit=True) as conn:
        conn.execute(COUNT_DDL.format(c=counts, t=p.target_table))
    p.source("update {t} set qty = qty + 1 where id <= 10")
    topic = p.direction.topic(p.source_table)
    assert len(read_topic(stack.bootstrap_servers, topic, count=30, timeout=30)) == 30
    process.stop(stack.monolith_pg.pid_file, sig=signal.SIGQUIT)  # the source is down
    try:
        applier = p.start_applier(loop_prevention=True)
        p.wait_for(lambda: applier.stats.retries >= 2, what="the lookup to fail and retry")
        assert applier.stats.applied == 0
    finally:
        stack.up(say=print)
    p.wait_converged(timeout=90)
    with psycopg.connect(p.target_dsn) as conn:
        per_key = conn.execute(f"select k, count(*) from {counts} group by k order by k"
                               ).fetchall()
    assert per_key == [(k, 1) for k in range(1, 11)]  # each change applied once
    assert applier.stats.dead_letters == 0
