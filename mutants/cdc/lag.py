"""How far behind a direction is, measured on the real path, and what state it is in.

Measurements (`measure`, I/O) come from three places: the source database (current WAL
position, its fence row, the replication slot), the target database (the newest fence the
applier applied, the offsets it stored) and the broker (high watermarks). `classify` (pure)
turns them into a state:

* `rewound`: the target has applied a position the source has not reached (the source was
  restored or replaced): stop and investigate;
* `stalled`: the source's fence keeps advancing but the applied one has fallen more than
  `stall_after` behind (connector, broker or applier stuck);
* `idle`: the source's fence itself stopped (heartbeat not running, e.g. connector paused) and
  the target has applied everything the source showed;
* `healthy`: otherwise.

A direction with no slot, no fence and nothing applied is `inactive` (e.g. the reverse direction
before the write cut-over).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import psycopg
from confluent_kafka import Consumer, KafkaException, TopicPartition

from cdc.config import Direction
from cdc.errors import TargetUnavailable
from cdc.kafka import consumer_config

__all__ = ["LagReport", "Measurements", "classify", "measure"]


@dataclass(frozen=True)
class Measurements:
    now: dt.datetime
    source_wal_lsn: int
    source_fence_lsn: int | None
    source_fence_ts: dt.datetime | None
    applied_fence_lsn: int | None
    applied_source_ts: dt.datetime | None
    applied_at: dt.datetime | None


@dataclass
class LagReport:
    context: str
    direction: str
    state: str
    reason: str
    e2e_lag_ms: float | None
    age_ms: float | None
    wal_bytes_behind: int | None
    slot: dict[str, object] | None = None
    partitions: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _ms(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() * 1000, 1)


def classify(m: Measurements, *, stall_after: float = 5.0) -> tuple[str, str]:
    """(state, reason) for a set of measurements. Pure."""
    limit = dt.timedelta(seconds=stall_after)
    if m.applied_fence_lsn is not None and m.applied_fence_lsn > m.source_wal_lsn:
        return "rewound", (f"target applied LSN {m.applied_fence_lsn} but the source is at "
                           f"{m.source_wal_lsn}")
    if m.source_fence_ts is None or m.source_fence_lsn is None:
        return "stalled", "the source has no fence row (run `strangler cdc connectors apply`)"
    source_moving = m.now - m.source_fence_ts <= limit
    if m.applied_source_ts is None:
        return ("stalled", "no fence applied at the target yet") if source_moving else (
            "idle", "no fences yet and the source heartbeat is not running")
    behind = m.source_fence_ts - m.applied_source_ts
    if source_moving:
        if behind > limit:
            return "stalled", f"applied fence is {_ms(behind):.0f} ms behind the source's"
        return "healthy", "fences flowing"
    if m.applied_fence_lsn is not None and m.applied_fence_lsn >= m.source_fence_lsn:
        return "idle", "source heartbeat stopped; everything it showed is applied"
    return "stalled", "source heartbeat stopped and the target has not applied its last fence"


def measure(direction: Direction, *, source_dsn: str, target_dsn: str,
            bootstrap: str | None = None, stall_after: float = 5.0) -> LagReport:
    fence = direction.settings.fence_table
    try:
        with psycopg.connect(source_dsn, connect_timeout=3) as src:
            wal, now = src.execute(
                "select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint, clock_timestamp()"
            ).fetchone() or (0, None)
            try:
                row = src.execute(f"select lsn, ts from {fence} where id = 1").fetchone()
            except psycopg.errors.UndefinedTable:
                src.rollback()
                row = None
            slot_row = src.execute(
                "select active, wal_status, (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint, "
                "(pg_current_wal_lsn() - restart_lsn)::bigint "
                "from pg_replication_slots where slot_name = %s",
                (direction.settings.slot,)).fetchone()
        with psycopg.connect(target_dsn, connect_timeout=3) as tgt:
            try:
                applied = tgt.execute(
                    "select lsn, source_ts, applied_at from strangler_cdc.fences_applied "
                    "where direction = %s", (direction.consumer_group,)).fetchone()
                offsets = tgt.execute(
                    "select topic, part, next_offset from strangler_cdc.applier_offsets "
                    "where grp = %s", (direction.consumer_group,)).fetchall()
            except psycopg.errors.UndefinedTable:
                applied, offsets = None, []
    except psycopg.OperationalError as exc:
        raise TargetUnavailable(f"lag: database unreachable: {exc}") from exc
    m = Measurements(now=now, source_wal_lsn=int(wal),
                     source_fence_lsn=row[0] if row else None,
                     source_fence_ts=row[1] if row else None,
                     applied_fence_lsn=applied[0] if applied else None,
                     applied_source_ts=applied[1] if applied else None,
                     applied_at=applied[2] if applied else None)
    if row is None and slot_row is None and applied is None:
        state, reason = "inactive", "not set up: no replication slot and no fence at the source"
    else:
        state, reason = classify(m, stall_after=stall_after)
    slot = None
    if slot_row is not None:
        slot = {"name": direction.settings.slot, "active": slot_row[0],
                "wal_status": slot_row[1], "confirmed_flush_lsn": slot_row[2],
                "retained_wal_bytes": slot_row[3]}
    report = LagReport(
        context=direction.context, direction=direction.name, state=state, reason=reason,
        e2e_lag_ms=_ms(m.applied_at - m.applied_source_ts)
        if m.applied_at and m.applied_source_ts else None,
        age_ms=_ms(m.now - m.applied_source_ts) if m.applied_source_ts else None,
        wal_bytes_behind=max(m.source_wal_lsn - m.applied_fence_lsn, 0)
        if m.applied_fence_lsn is not None else None,
        slot=slot)
    if bootstrap:
        report.partitions = _partition_lag(direction, bootstrap, offsets)
    return report


def _partition_lag(direction: Direction, bootstrap: str,
                   stored: list[tuple[str, int, int]]) -> list[dict[str, object]]:
    """Per partition: broker high watermark minus the offset the target stored."""
    consumer = Consumer(consumer_config(bootstrap, direction.consumer_group + "-lag"))
    done = {(t, p): o for t, p, o in stored}
    rows: list[dict[str, object]] = []
    try:
        metadata = consumer.list_topics(timeout=5)
        for topic in direction.topics:
            info = metadata.topics.get(topic)
            if info is None or info.error is not None:
                continue
            for partition in sorted(info.partitions):
                try:
                    low, high = consumer.get_watermark_offsets(
                        TopicPartition(topic, partition), timeout=5)
                except KafkaException:
                    continue
                applied = done.get((topic, partition), low)
                rows.append({"topic": topic, "partition": partition, "high_watermark": high,
                             "applied_offset": applied, "lag": max(high - applied, 0)})
    finally:
        consumer.close()
    return rows
