"""Lag states (pure, table-driven) and a real measurement on a running pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from cdc.lag import Measurements, classify, measure
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, build_pipeline, teardown_pipeline

NOW = dt.datetime(2026, 11, 22, 12, 0, 0, tzinfo=dt.UTC)


def at(seconds_ago: float) -> dt.datetime:
    return NOW - dt.timedelta(seconds=seconds_ago)


def m(*, wal: int = 1000, src_lsn: int | None = 900, src_age: float | None = 0.5,
      applied_lsn: int | None = 900, applied_age: float | None = 0.6) -> Measurements:
    return Measurements(now=NOW, source_wal_lsn=wal, source_fence_lsn=src_lsn,
                        source_fence_ts=at(src_age) if src_age is not None else None,
                        applied_fence_lsn=applied_lsn,
                        applied_source_ts=at(applied_age) if applied_age is not None else None,
                        applied_at=at(applied_age - 0.1) if applied_age is not None else None)


@pytest.mark.parametrize("measurements,state", [
    (m(), "healthy"),
    (m(applied_lsn=800, applied_age=4.0), "healthy"),             # behind, within 5 s
    (m(applied_lsn=500, applied_age=9.0), "stalled"),             # fences stopped arriving
    (m(applied_lsn=None, applied_age=None), "stalled"),           # nothing applied yet
    (m(src_age=60, applied_lsn=900, applied_age=60), "idle"),     # heartbeat off, caught up
    (m(src_age=60, applied_lsn=800, applied_age=70), "stalled"),  # heartbeat off, not caught up
    (m(src_age=60, applied_lsn=None, applied_age=None), "idle"),
    (m(wal=1000, applied_lsn=5000), "rewound"),                   # target ahead of the source
    (m(src_lsn=None, src_age=None), "stalled"),                   # no fence row at the source
])
def test_classify(measurements: Measurements, state: str) -> None:
    assert classify(measurements, stall_after=5.0)[0] == state


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    built = build_pipeline(stack, seed_rows=10)
    yield built
    teardown_pipeline(built)


@pytest.mark.stack
def test_measure_reports_healthy_then_stalled_when_the_applier_stops(
        pipeline: Pipeline, stack: LocalStack) -> None:
    pipeline.start_applier()
    pipeline.wait_converged()
    kwargs = {"source_dsn": pipeline.source_dsn, "target_dsn": pipeline.target_dsn,
              "bootstrap": stack.bootstrap_servers, "stall_after": 3.0}
    pipeline.wait_for(lambda: measure(pipeline.direction, **kwargs).state == "healthy",
                      timeout=30, what="a healthy lag report")
    report = measure(pipeline.direction, **kwargs)
    assert report.e2e_lag_ms is not None and 0 <= report.e2e_lag_ms < 3000
    assert report.wal_bytes_behind is not None and report.slot and report.slot["active"]
    assert {p["topic"] for p in report.partitions} >= {pipeline.direction.topic(
        pipeline.source_table)}
    pipeline.stop_appliers()
    pipeline.wait_for(lambda: measure(pipeline.direction, **kwargs).state == "stalled",
                      timeout=30, what="a stalled lag report")
    stalled = measure(pipeline.direction, **kwargs)
    assert stalled.state == "stalled", stalled
    assert stalled.age_ms is not None and stalled.age_ms > 3000
