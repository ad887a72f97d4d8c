"""Source transactions arrive whole: a reader of the target never sees part of one.

The load moves quantity between rows inside each source transaction, so the sum over the table
is the same after every source commit; a reader polling the target in its own transactions
must never see another sum, however batches, partitions and crashes cut the stream.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cdc.faults import MID_TRANSACTION
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines

pytestmark = pytest.mark.stack

ROWS = 60


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, partitions=2, seed_rows=ROWS)


class Transfers:
    """Source transactions that each move quantity between `width` rows (the sum stays)."""

    def __init__(self, pipeline: Pipeline, *, count: int, width: int, pause: float) -> None:
        self.pipeline, self.count, self.width, self.pause = pipeline, count, width, pause
        self.done = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        rng = random.Random(3)
        with psycopg.connect(self.pipeline.source_dsn, autocommit=True) as conn:
            while self.done < self.count and not self.stop.is_set():
                keys = sorted(rng.sample(range(1, ROWS + 1), self.width))  # sorted: no deadlock
                deltas = [rng.randint(-5, 5) for _ in keys[1:]]
                with conn.transaction():
                    for key, delta in zip(keys, [-sum(deltas), *deltas], strict=True):
                        conn.execute(f"update {self.pipeline.source_table} "
                                     "set qty = qty + %s where id = %s", (delta, key))
                self.done += 1
                time.sleep(self.pause)

    def __enter__(self) -> Transfers:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join(300)


class SumReader:
    """Polls sum(on_hand) at the target, one snapshot per read; keeps every other sum seen."""

    def __init__(self, pipeline: Pipeline, expected: int) -> None:
        self.pipeline, self.expected = pipeline, expected
        self.reads = 0
        self.broken: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with psycopg.connect(self.pipeline.target_dsn, autocommit=True) as conn:
            while not self.stop.is_set():
                row = conn.execute(f"select sum(on_hand) from {self.pipeline.target_table}"
                                   ).fetchone()
                self.reads += 1
                if row is None or row[0] != self.expected:
                    self.broken.append(row[0] if row else None)
                time.sleep(0.001)

    def __enter__(self) -> SumReader:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(10)


def source_sum(pipeline: Pipeline) -> int:
    with psycopg.connect(pipeline.source_dsn) as conn:
        row = conn.execute(f"select sum(qty) from {pipeline.source_table}").fetchone()
    assert row is not None
    return int(row[0])


def test_a_reader_never_sees_part_of_a_source_transaction(pipeline: Pipeline) -> None:
    applier = pipeline.start_applier(batch_size=50)  # small batches: transactions cross them
    pipeline.wait_converged()
    expected = source_sum(pipeline)
    with SumReader(pipeline, expected) as reader:
        with Transfers(pipeline, count=400, width=12, pause=0.005) as load:
            pass
        pipeline.wait_converged(timeout=120)
        time.sleep(0.5)  # more reads of the final state
    assert load.done == 400
    assert reader.reads > 200
    assert reader.broken == [], (f"{len(reader.broken)} of {reader.reads} reads saw a sum no "
                                 f"source transaction left (expected {expected}): "
                                 f"{reader.broken[:10]}")
    assert applier.stats.split_transactions == 0


def test_kill_minus_9_while_a_transaction_is_half_read_re_reads_it_whole(
        pipeline: Pipeline, tmp_path: Path) -> None:
    config = pipeline.write_config(tmp_path / "routes.yaml")
    first = pipeline.spawn_applier(config)
    try:
        pipeline.wait_converged()
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0
    expected = source_sum(pipeline)
    crashes = 0
    with SumReader(pipeline, expected) as reader:
        # Wide transactions, so the consumer often holds part of one when a batch commits.
        with Transfers(pipeline, count=100_000, width=40, pause=0.01) as load:
            for cycle in range(4):
                proc = pipeline.spawn_applier(config, crash_at=f"{MID_TRANSACTION}:{cycle + 1}")
                try:
                    code = proc.wait(timeout=90)
                except Exception:
                    proc.kill()
                    raise
                log = (tmp_path / "applier-forward.log").read_text()[-3000:]
                assert code == -signal.SIGKILL, f"cycle {cycle} exited {code}:\n{log}"
                crashes += 1
            load.stop.set()
        final = pipeline.spawn_applier(config)
        try:
            pipeline.wait_converged(timeout=120)
        finally:
            final.send_signal(signal.SIGTERM)
            assert final.wait(timeout=30) == 0
    assert crashes == 4
    assert reader.broken == [], (f"{len(reader.broken)} of {reader.reads} reads saw a sum no "
                                 f"source transaction left: {reader.broken[:10]}")
