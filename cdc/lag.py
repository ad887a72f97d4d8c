"""How far behind a direction is, measured on the real path, and what state it is in.

Measurements (`measure`, I/O) come from three places: the source database (current WAL
position, its fence row, the replication slot), the target database (the newest fence the
applier applied, the offsets it stored, the tables it holds) and the broker (high watermarks).
`classify` (pure) turns them into a state, the first that applies:

* `rewound`: the target has applied a position the source has not reached (the source was
  restored or replaced): stop and investigate;
* `held`: the applier holds a table (schema drift: a source column the target cannot take);
  that table's changes wait while fences (and other tables) flow, so lag alone looks healthy;
* `inactive`: no slot and no fence at the source: the direction is not set up (e.g. the
  reverse direction before the write cut-over), or was removed (the target may still record
  the fences it applied then);
* `stalled`: the source's fence keeps advancing but the applied one has fallen more than
  `stall_after` behind (connector paused or stuck, broker or applier stuck: Debezium keeps
  running its heartbeat query while the connector is paused);
* `idle`: the source's fence itself stopped (no heartbeat: the connector is stopped or
  deleted, or its worker is down) and the target has applied everything the source showed;
* `healthy`: otherwise.

`EXIT_CODES` maps each state to the exit code of `strangler cdc lag`, following the CLI's
convention (0 ok, 1 a check found a problem; 2 and 3 are for usage errors and measurements
that could not be taken).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg
from confluent_kafka import Consumer, KafkaException, TopicPartition

from cdc.config import Direction
from cdc.errors import TargetUnavailable, first_line
from cdc.kafka import consumer_config
from cdc.state import HeldTable, load_holds, load_truncates

__all__ = ["EXIT_CODES", "LagReport", "Measurements", "classify", "exit_code", "measure"]

EXIT_CODES = {"healthy": 0, "idle": 0, "inactive": 0, "held": 1, "stalled": 1, "rewound": 1}


@dataclass(frozen=True)
class Measurements:
    now: dt.datetime
    source_wal_lsn: int
    source_fence_lsn: int | None
    source_fence_ts: dt.datetime | None
    applied_fence_lsn: int | None
    applied_source_ts: dt.datetime | None
    applied_at: dt.datetime | None
    slot_exists: bool = True
    held: tuple[HeldTable, ...] = ()


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
    held: list[dict[str, object]] = field(default_factory=list)
    truncates: list[dict[str, object]] = field(default_factory=list)  # applied source TRUNCATEs
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
    if m.held:
        return "held", "; ".join(f"table {h.table} held: {h.reason}" for h in m.held)
    if m.source_fence_lsn is None and not m.slot_exists:
        # what the target applied then is history: nothing can flow without slot and fence
        return "inactive", ("not set up: no replication slot and no fence at the source"
                            + ("" if m.applied_fence_lsn is None
                               else " (the target still records fences it applied before)"))
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


def exit_code(states: Iterable[str]) -> int:
    """The exit code of a lag check over these states: the worst of them."""
    return max((EXIT_CODES[state] for state in states), default=0)


def _read_source(direction: Direction, dsn: str) -> tuple[Any, ...]:
    """(WAL position, now, fence row or None, slot row or None) from the source database."""
    with psycopg.connect(dsn, connect_timeout=3) as src:
        wal, now = src.execute(
            "select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint, clock_timestamp()"
        ).fetchone() or (0, None)
        try:
            row = src.execute(
                f"select lsn, ts from {direction.settings.fence_table} where id = 1").fetchone()
        except psycopg.errors.UndefinedTable:
            src.rollback()
            row = None
        slot_row = src.execute(
            "select active, wal_status, (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint, "
            "(pg_current_wal_lsn() - restart_lsn)::bigint "
            "from pg_replication_slots where slot_name = %s",
            (direction.settings.slot,)).fetchone()
    return wal, now, row, slot_row


def _read_target(direction: Direction, dsn: str) -> tuple[Any, ...]:
    """(applied fence or None, stored offsets, held tables, applied truncates) from the target
    database."""
    group = direction.consumer_group
    with psycopg.connect(dsn, connect_timeout=3) as tgt:
        try:
            applied = tgt.execute(
                "select lsn, source_ts, applied_at from strangler_cdc.fences_applied "
                "where direction = %s", (group,)).fetchone()
            offsets = tgt.execute(
                "select topic, part, next_offset from strangler_cdc.applier_offsets "
                "where grp = %s", (group,)).fetchall()
        except psycopg.errors.UndefinedTable:  # no applier has run against this target
            tgt.rollback()
            applied, offsets = None, []
        try:
            held = load_holds(tgt, group)
        except psycopg.errors.UndefinedTable:
            tgt.rollback()  # the next read runs in a fresh transaction
            held = []
        truncates = load_truncates(tgt, group)
    return applied, offsets, held, truncates


def measure(direction: Direction, *, source_dsn: str, target_dsn: str,
            bootstrap: str | None = None, stall_after: float = 5.0) -> LagReport:
    """Measure one direction (read-only). Raises `TargetUnavailable` naming the database or
    the broker that did not answer."""
    readings: list[tuple[Any, ...]] = []
    for role, database, dsn, read in (("source", direction.source_db, source_dsn, _read_source),
                                      ("target", direction.target_db, target_dsn, _read_target)):
        try:
            readings.append(read(direction, dsn))
        except psycopg.Error as exc:
            raise TargetUnavailable(f"lag of {direction.context}/{direction.name}: {role} "
                                    f"database {database}: {first_line(exc)}") from exc
    (wal, now, row, slot_row), (applied, offsets, held, truncates) = readings
    m = Measurements(now=now, source_wal_lsn=int(wal),
                     source_fence_lsn=row[0] if row else None,
                     source_fence_ts=row[1] if row else None,
                     applied_fence_lsn=applied[0] if applied else None,
                     applied_source_ts=applied[1] if applied else None,
                     applied_at=applied[2] if applied else None,
                     slot_exists=slot_row is not None, held=tuple(held))
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
        slot=slot, held=[h.as_dict() for h in held],
        truncates=[{"table": t.target, "truncates": t.truncates, "rows_deleted": t.rows_deleted,
                    "source_lsn": t.source_lsn, "last_at": t.last_at.isoformat()}
                   for t in truncates])
    if bootstrap:
        report.partitions = _partition_lag(direction, bootstrap, offsets)
    return report


def _partition_lag(direction: Direction, bootstrap: str,
                   stored: list[tuple[str, int, int]]) -> list[dict[str, object]]:
    """Per partition: broker high watermark minus the offset the target stored."""
    # librdkafka's own connection errors stay quiet: a broker that does not answer is reported
    # once, below, instead of as a stream of retries on stderr.
    consumer = Consumer(consumer_config(bootstrap, direction.consumer_group + "-lag",
                                        log_level=2))
    done = {(t, p): o for t, p, o in stored}
    rows: list[dict[str, object]] = []
    try:
        try:
            metadata = consumer.list_topics(timeout=5)
        except KafkaException as exc:
            raise TargetUnavailable(f"lag of {direction.context}/{direction.name}: the broker "
                                    f"at {bootstrap} did not answer ({exc})") from exc
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
