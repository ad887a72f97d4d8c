"""The applier: Debezium topics → target database, never losing and never regressing.

Guarantees (each has a test in tests/cdc/):
* **no loss**: Kafka offsets are stored in the target in the same transaction as the rows; on
  partition assignment the consumer seeks to them. Kafka commits are advisory (monitoring);
* **no regression**: every row write is guarded by its source position (`cdc.events`), so
  replays, duplicates and late snapshot rows are no-ops and deletes are never resurrected;
* **poison** records go to the dead-letter topic (original bytes and headers, plus headers
  naming topic, partition, offset and the error) before the batch that passes them commits;
* **infrastructure errors** (target or source database, DLQ producer) roll the batch back,
  rewind the consumer to the batch start and back off; nothing moves, nothing is dead-lettered;
* **schema drift** (a source column without a target column) holds that table: its partitions
  pause at the first such record while other tables go on; a restart re-reads the target;
* **loop prevention**: each batch transaction writes a marker (xid, origin) in the target; the
  opposite direction skips source transactions whose xid carries this marker.
* **truncates** at the source delete the target rows older than the truncate and raise the
  table's floor, so replays skip what it removed (`cdc.apply`); each is counted per table;
* **TOAST placeholders**: the connector's own (`cdc.placeholders`, read from the source
  database) are recognised where Debezium can send them; the same text elsewhere is data.
* **whole source transactions** (with Debezium's transaction metadata): the records of a source
  transaction are held (`cdc.transactions`) until its END and all its events have arrived, then
  committed in one target transaction, in commit order; the stored offsets never pass a record
  of an unfinished transaction, so a crash re-reads it whole;
* **one active applier** per context and direction by default: it holds a PostgreSQL advisory
  lock on the target (a second one waits as a standby) and assigns itself every partition, so a
  restart applies again within about a second, with no consumer-group rebalance to wait for.
  With `scale_out`, appliers share the partitions through the consumer group instead (and a
  source transaction may be split between them);
* **restarts resume where the target stopped**: a stored offset is trusted while the record
  before it is still the one recorded with it (`cdc.resume`); a recreated topic is re-read;
* SIGTERM (via `stop`) finishes the batch in hand and leaves the consumer group cleanly.

Throughput: the next batch is consumed and planned while a writer thread applies the previous
one (at most one in flight), so Python work overlaps the database's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import psycopg
from confluent_kafka import (
    OFFSET_BEGINNING,
    Consumer,
    KafkaError,
    KafkaException,
    Message,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient, NewTopic

from cdc.apply import Applied, apply_plan, encode_plan, forget_connection
from cdc.catalog import table_shape
from cdc.config import Direction
from cdc.errors import ApplierBusy, PoisonEvent, SchemaDrift, TargetUnavailable, first_line
from cdc.events import ChangeEvent, Origin, parse_record
from cdc.faults import MID_TRANSACTION, crash_point
from cdc.kafka import consumer_config
from cdc.mapping import TableMapper
from cdc.metrics import ApplierMetrics
from cdc.placeholders import Placeholders
from cdc.placeholders import load as load_placeholders
from cdc.plan import Plan, Record, make_plan
from cdc.resume import probe, record_digest, resume_at
from cdc.state import (
    HeldTable,
    ensure_positions,
    ensure_state,
    forget_offsets,
    load_holds,
    load_resume_points,
    load_snapshot_floor,
    load_tx_applied,
    record_digests,
    record_holds,
    record_tx_applied,
    release_holds,
)
from cdc.transactions import TransactionBuffer, parse_marker

__all__ = ["Applier", "ApplierStats"]

_log = logging.getLogger("cdc.applier")
_DATA_ERRORS = (psycopg.errors.DataError, psycopg.errors.IntegrityError)
_INFRA_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError, TargetUnavailable,
                 KafkaException)
_LOCK_SPACE = 7531903  # advisory lock (space, hashtext(group)): the active applier of a group
TP = tuple[str, int]
LAG_REPORT_INTERVAL = 5.0  # seconds between readings of the broker's high watermarks


@dataclass
class _Outcome:
    plan: Plan
    error: Exception | None
    first_offsets: dict[tuple[str, int], int]
    tx_applied: int = 0


@dataclass(frozen=True)
class _Marks:
    """Bookkeeping a batch writes besides its plan: see cdc.resume and cdc.transactions."""

    digests: dict[TP, tuple[int, int]]  # (next offset, digest of the record before it)
    tx_applied: int  # the newest source transaction's commit position released so far


@dataclass
class ApplierStats:
    batches: int = 0
    records: int = 0
    applied: int = 0
    guard_skips: int = 0
    loop_skips: int = 0
    dead_letters: int = 0
    retries: int = 0
    truncates: int = 0  # source truncates applied (replays not counted)
    split_transactions: int = 0  # source transactions applied in parts (see cdc.transactions)
    held: dict[str, str] = field(default_factory=dict)


class Applier:
    def __init__(self, direction: Direction, *, target_dsn: str, bootstrap: str,
                 source_dsn: str | None = None, loop_prevention: bool = False,
                 batch_size: int = 2000, max_wait: float = 0.02,
                 metrics: ApplierMetrics | None = None,
                 consumer_overrides: dict[str, object] | None = None,
                 scale_out: bool = False, atomic_transactions: bool = True,
                 tx_max_records: int = 100_000, tx_abandon_after: float = 30.0,
                 say: Callable[[str], None] = _log.info) -> None:
        self.direction = direction
        self.target_dsn = target_dsn
        self.source_dsn = source_dsn
        self.bootstrap = bootstrap
        self.loop_prevention = loop_prevention and source_dsn is not None
        self.batch_size = batch_size
        self.max_wait = max_wait
        self.metrics = metrics or ApplierMetrics(direction.name)
        self.say = say
        self.stats = ApplierStats()
        self.stop_event = threading.Event()
        self.group = direction.consumer_group
        self.dlq_topic = f"{self.group}.dlq"
        self.fence_table = direction.settings.fence_table
        self.my_origin = direction.origin
        other = "reverse" if direction.name == "forward" else "forward"
        self.foreign_origin = f"{direction.context}-{other}"
        self._consumer_overrides = consumer_overrides or {}
        self._conn: psycopg.Connection | None = None
        self._source: psycopg.Connection | None = None
        self._mappers: dict[str, TableMapper] = {}
        self._floor = 0
        self._placeholders: Placeholders | None = None
        self._held: dict[str, SchemaDrift] = {}
        self._holds_shown: set[str] = set()  # held here or recorded by an earlier run
        self._holds_unrecorded = False
        self._consumer: Consumer | None = None
        self._producer: Producer | None = None
        self._backoff = 0.1
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cdc-writer")
        self._inflight: Future[_Outcome] | None = None
        self.scale_out = scale_out
        # Whole transactions need every partition in one applier: not with a shared group.
        self._buffer: TransactionBuffer | None = None
        self.tx_topic = f"{direction.topic_prefix}.transaction"
        self.topics = list(direction.topics)
        if atomic_transactions and not scale_out:
            self._buffer = TransactionBuffer(
                [t.source for t in direction.tables] + [self.fence_table],
                max_records=tx_max_records, abandon_after=tx_abandon_after)
            self.topics.append(self.tx_topic)
        self._assigned: set[TP] = set()
        self._stored: dict[TP, int] = {}  # the offsets the target holds (as far as known here)
        self._digests: dict[TP, dict[int, int]] = {}  # offset -> digest, not yet stored
        self._next_refresh = 0.0
        self._next_lag_report = 0.0
        self.standing_by = False  # waiting for the active applier of the group to go
        self._tx_committed = 0  # `tx_applied` as the target holds it

    # -- connections -----------------------------------------------------------------------------
    def _target(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            if self._conn is not None:
                forget_connection(self._conn)
            try:
                self._conn = psycopg.connect(self.target_dsn, connect_timeout=3)
            except psycopg.OperationalError as exc:
                raise TargetUnavailable(f"target database unreachable: {first_line(exc)}") from exc
            ensure_state(self._conn)
            self._conn.commit()
            if not self.scale_out:
                self._lock(self._conn)
            if not self._mappers:
                self._load_mappers()
                self._floor = load_snapshot_floor(self._conn, self.group)
                if self._buffer is not None:
                    self._tx_committed = load_tx_applied(self._conn, self.group)
                    self._buffer.clear(self._tx_committed)
                self._conn.commit()
        return self._conn

    def _lock(self, conn: psycopg.Connection) -> None:
        """Become the group's active applier, or raise: the lock lives with this session, so
        it goes when the process dies, and no other applier writes while it holds."""
        row = conn.execute("select pg_try_advisory_lock(%s, hashtext(%s))",
                           (_LOCK_SPACE, self.group)).fetchone()
        conn.commit()
        if row is None or not row[0]:
            holder = conn.execute(
                "select pid from pg_locks where locktype = 'advisory' and classid = %s "
                "and objid = hashtext(%s)::oid and granted", (_LOCK_SPACE, self.group)).fetchone()
            conn.commit()
            self._close_target()
            raise ApplierBusy(f"another applier of {self.group} is active (target backend pid "
                              f"{holder[0] if holder else '?'})")

    def _load_mappers(self) -> None:
        assert self._conn is not None
        mappers = {}
        for table in self.direction.tables:
            columns, key = table_shape(self._conn, table.target)
            mapper = mappers[table.source] = TableMapper(table, columns, key)
            ensure_positions(self._conn, mapper)
        self._conn.commit()
        self._mappers = mappers
        self._release_holds()

    def _close_target(self) -> None:
        if self._conn is not None:
            forget_connection(self._conn)
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _source_conn(self) -> psycopg.Connection:
        if self._source is None or self._source.closed or self._source.broken:
            self._source = psycopg.connect(self.source_dsn or "", connect_timeout=3,
                                           autocommit=True)
        return self._source

    def _current_placeholders(self, events: list[ChangeEvent]) -> Placeholders:
        """The connector's TOAST placeholders, read from the source database at the first
        batch and again when these events may carry one not known yet."""
        known = self._placeholders
        if known is not None and not known.stale(events):
            return known
        if self.source_dsn is None:  # no source to ask: what Debezium sends by default
            known = Placeholders.unrecorded()
        else:
            try:
                known = load_placeholders(self._source_conn(), self.direction.connector_name)
            except psycopg.OperationalError as exc:
                self._source = None
                raise TargetUnavailable(f"source database unreachable: {first_line(exc)}") from exc
        self._placeholders = known
        return known

    def _source_xids(self, xids: set[int]) -> frozenset[int]:
        """Source transactions that the opposite applier wrote (they carry its marker)."""
        if not xids:
            return frozenset()
        try:
            rows = self._source_conn().execute(
                "select xid from strangler_cdc.cdc_origin "
                "where origin = %s and xid = any(%s::bigint[])",
                (self.foreign_origin, list(xids))).fetchall()
        except psycopg.errors.UndefinedTable:
            return frozenset()  # the opposite applier never ran: nothing to skip
        except psycopg.OperationalError as exc:
            self._source = None
            raise TargetUnavailable(f"source database unreachable: {first_line(exc)}") from exc
        return frozenset(r[0] for r in rows)

    # -- partitions -------------------------------------------------------------------------------
    def _start_offsets(self, consumer: Consumer, wanted: list[TP]) -> dict[TP, int]:
        """Where each partition resumes: the target's offset unless the topic was recreated."""
        points = load_resume_points(self._target(), self.group, wanted)
        self._target().commit()
        before = {tp: offset - 1 for tp, (offset, digest) in points.items()
                  if offset > 0 and digest is not None}
        probed = probe(self._probe_config(), before, timeout=2.0)
        recreated = []
        for tp, (offset, digest) in points.items():
            high = None
            if tp not in probed or digest is None:
                with contextlib.suppress(KafkaException):  # unknown now: trust the target
                    _, high = consumer.get_watermark_offsets(TopicPartition(*tp), timeout=5,
                                                             cached=False)
            if not resume_at(offset, digest, probed.get(tp), high):
                recreated.append(tp)
        if recreated:
            # The topic was deleted and created again (or truncated): its offsets start over,
            # so the stored ones would skip new records. Re-read it from the start; the
            # position guard skips what the target already has.
            forget_offsets(self._target(), self.group, recreated)
            self._target().commit()
            for topic, part in recreated:
                self.say(f"{topic}[{part}]: the stored offset {points.pop((topic, part))[0]} "
                         "does not follow the record recorded with it (the topic was "
                         "recreated); re-reading it from the beginning")
        return {tp: offset for tp, (offset, _) in points.items()}

    def _probe_config(self) -> dict[str, Any]:
        return consumer_config(self.bootstrap, self.group, **self._consumer_overrides)

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._drain()
        wanted = [(tp.topic, tp.partition) for tp in partitions]
        try:
            stored = self._start_offsets(consumer, wanted)
        except (*_INFRA_ERRORS, psycopg.Error) as exc:
            # Kafka's committed offsets trail the target's (they are committed after it), so
            # they are a safe, if slower, starting point while the target is down.
            self.say(f"offsets unavailable from the target ({first_line(exc)}); "
                     "starting from Kafka's committed offsets")
            self._close_target()
            consumer.assign(partitions)
            return
        for tp in partitions:
            tp.offset = stored.get((tp.topic, tp.partition), OFFSET_BEGINNING)
        consumer.assign(partitions)
        self._stored.update(stored)
        self.say(f"assigned {', '.join(f'{t}[{p}]@{stored.get((t, p), 0)}' for t, p in wanted)}")

    def _assign_new_partitions(self, consumer: Consumer) -> None:
        """The active applier reads every partition itself: assign those not yet assigned.

        Debezium creates a table's topic with its first change, so topics still missing are
        looked for every second, the others every ten.
        """
        self._next_refresh = time.monotonic() + 10
        try:
            metadata = consumer.list_topics(timeout=5)
        except KafkaException as exc:
            self.say(f"topic metadata unavailable: {exc}")
            self._next_refresh = time.monotonic() + 1
            return
        new: list[TP] = []
        for topic in self.topics:
            found = metadata.topics.get(topic)
            if found is None or found.error is not None or not found.partitions:
                self._next_refresh = time.monotonic() + 1
                continue
            new += [(topic, p) for p in sorted(found.partitions)
                    if (topic, p) not in self._assigned]
        if not new or not self._drain():
            return
        try:
            stored = self._start_offsets(consumer, new)
        except _INFRA_ERRORS as exc:
            self._close_target()
            self.say(f"cannot assign {len(new)} partition(s) yet: {first_line(exc)}")
            self._next_refresh = time.monotonic() + 1
            return
        consumer.incremental_assign([TopicPartition(t, p, stored.get((t, p), OFFSET_BEGINNING))
                                     for t, p in new])
        self._assigned.update(new)
        self._stored.update(stored)
        self.say(f"assigned {', '.join(f'{t}[{p}]@{stored.get((t, p), 0)}' for t, p in new)}")

    def _on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._drain()  # the batch in flight commits (or fails) before the partitions go
        self.say(f"revoked {', '.join(f'{tp.topic}[{tp.partition}]' for tp in partitions)}")

    # -- the loop --------------------------------------------------------------------------------
    def stop(self) -> None:
        self.stop_event.set()

    def run(self, *, until: Callable[[ApplierStats], bool] | None = None) -> ApplierStats:
        """Apply until `stop()` is called (or `until(stats)` is true)."""
        config = consumer_config(self.bootstrap, self.group, **self._consumer_overrides)
        consumer = Consumer(config)
        self._consumer = consumer
        self._producer = Producer({"bootstrap.servers": self.bootstrap, "acks": "all",
                                   "linger.ms": 0, "logger": _log})
        self._ensure_dlq_topic()
        if self.scale_out:
            consumer.subscribe(self.topics, on_assign=self._on_assign, on_revoke=self._on_revoke)
        try:
            if not self.scale_out:
                self._stand_by()
            while not self.stop_event.is_set():
                if until is not None and until(self.stats):
                    break
                if not self.scale_out and time.monotonic() >= self._next_refresh:
                    self._assign_new_partitions(consumer)
                if time.monotonic() >= self._next_lag_report:
                    self._report_consumer_lag(consumer)
                messages = consumer.consume(self.batch_size, timeout=self.max_wait)
                records, caps, tx_applied = self._take(messages)
                if records:
                    self._process(records, caps, tx_applied)
                elif self._inflight is not None and self._inflight.done():
                    self._drain()
            self._drain()
        finally:
            self._writer.shutdown(wait=True)
            consumer.close()
            self._producer.flush(5)
            self._close_target()
            if self._source is not None:
                self._source.close()
        return self.stats

    def _report_consumer_lag(self, consumer: Consumer) -> None:
        """Records on the partitions this applier holds that the target has not stored yet
        (broker high watermark - stored offset), every few seconds, for monitoring only."""
        self._next_lag_report = time.monotonic() + LAG_REPORT_INTERVAL
        behind = 0
        try:
            held = consumer.assignment()
            if not held:
                return  # standing by, or not assigned yet: nothing of ours to measure
            for tp in held:
                _, high = consumer.get_watermark_offsets(tp, timeout=1.0, cached=False)
                behind += max(high - self._stored.get((tp.topic, tp.partition), 0), 0)
        except KafkaException:
            return  # the broker did not answer in time: keep the last reading
        self.metrics.consumer_lag.labels(**self.metrics.labels).set(behind)

    def _stand_by(self) -> None:
        """Wait until this applier is the group's active one (it holds the target's lock)."""
        said = ""
        while not self.stop_event.is_set():
            try:
                self._target()
                if said:
                    self.say("active now")
                self.standing_by = False
                return
            except _INFRA_ERRORS as exc:
                self.standing_by = isinstance(exc, ApplierBusy)
                message = first_line(exc)
                if message != said:
                    self.say(f"standing by: {message}")
                    said = message
                self.stop_event.wait(0.2 if isinstance(exc, ApplierBusy) else 1.0)

    def _take(self, messages: list[Message]
              ) -> tuple[list[Record], dict[TP, int] | None, int]:
        """Records ready to apply, the offsets their batch may store at most (None: any) and
        the commit position of the newest source transaction among them or before."""
        buffer, digests = self._buffer, self._digests
        records = []
        now = time.monotonic()
        for message in messages:
            if message.error() is None:
                topic, part, offset = message.topic() or "", message.partition() or 0, \
                    message.offset() or 0
                seen = digests.get((topic, part))
                if seen is None:
                    seen = digests[topic, part] = {}
                seen[offset] = record_digest(message.key(), message.value())
                if buffer is not None and topic == self.tx_topic:
                    buffer.add_marker(Origin(topic, part, offset), parse_marker(message.value()),
                                      now)
                    continue
            record = self._record(message)
            if record is None:
                continue
            if buffer is None:
                records.append(record)
            else:
                buffer.add(record, now)
        if buffer is None:
            return records, None, 0
        released = buffer.release(now)
        for why in released.splits:
            self.stats.split_transactions += 1
            self.say(f"WARNING: {why}")
        return released.records, released.caps, released.applied_lsn

    def _digests_for(self, offsets: dict[TP, int]) -> dict[TP, tuple[int, int]]:
        """(next offset, digest of the record before it) to store; forgets older digests."""
        stored = {}
        for tp, offset in offsets.items():
            seen = self._digests.get(tp)
            if seen is None:
                continue
            digest = seen.get(offset - 1)
            if digest is not None:
                stored[tp] = (offset, digest)
            for old in [o for o in seen if o < offset - 1]:
                del seen[old]
        return stored

    def _ensure_dlq_topic(self) -> None:
        """One partition, so dead letters keep the order in which they were found."""
        settings: dict[str, Any] = {"bootstrap.servers": self.bootstrap, "logger": _log}
        admin = AdminClient(settings)
        futures = admin.create_topics([NewTopic(self.dlq_topic, num_partitions=1,
                                                replication_factor=1)])
        for future in futures.values():
            try:
                future.result(timeout=10)
            except KafkaException as exc:
                if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                    self.say(f"could not create {self.dlq_topic}: {exc}")

    def _record(self, message: Message) -> Record | None:
        error = message.error()
        if error is not None:
            if error.code() != KafkaError._PARTITION_EOF:
                self.say(f"consumer: {error}")
            return None
        origin = Origin(message.topic() or "", message.partition() or 0, message.offset() or 0)
        key, value = message.key(), message.value()
        raw_headers = message.headers()
        headers = list(raw_headers.items()) if isinstance(raw_headers, dict) else raw_headers
        parsed: ChangeEvent | PoisonEvent | None
        try:
            parsed = parse_record(key, value, origin, headers)
        except PoisonEvent as poison:
            parsed = poison
        return Record(origin, key, value, headers, parsed)

    def _plan(self, records: list[Record], caps: dict[TP, int] | None) -> Plan:
        events = [r.parsed for r in records if isinstance(r.parsed, ChangeEvent)]
        skip: frozenset[int] = frozenset()
        if self.loop_prevention:
            skip = self._source_xids({e.tx_id for e in events if e.tx_id is not None})
        plan = make_plan(records, self._mappers, fence_table=self.fence_table,
                         snapshot_floor=self._floor, skip_tx=skip,
                         placeholders=self._current_placeholders(events),
                         held_tables=frozenset(self._held))
        if caps:
            # Not past a record of a transaction still held, nor past its END.
            offsets = plan.offsets
            for tp, cap in caps.items():
                if tp[0] == self.tx_topic or cap < offsets.get(tp, cap):
                    offsets[tp] = cap
        return plan

    def _process(self, records: list[Record], caps: dict[TP, int] | None = None,
                 tx_applied: int = 0) -> None:
        """Plan a batch here while the writer thread applies the previous one.

        At most one batch is in flight: it is drained before the next is handed over, before
        any rebalance (the callbacks drain too) and before the mappers are reloaded.
        """
        try:
            if not self._mappers:  # never plan without them: every table would look unknown
                if not self._drain():
                    return
                self._target()
            plan = self._plan(records, caps)
            if plan.held:
                if not self._drain():
                    return
                self._target()
                self._load_mappers()  # the target may already have the new columns
                plan = self._plan(records, caps)
        except _INFRA_ERRORS as exc:
            if self._drain():
                self._retry_later(self._first_offsets(records), exc)
            return
        self._floor = max(self._floor, plan.snapshot_floor)
        encode_plan(plan)  # here: the writer thread should only wait on I/O
        marks = _Marks(self._digests_for(plan.offsets), tx_applied)
        if not self._drain():
            return  # the batch in flight failed and the consumer was rewound before it
        self._inflight = self._writer.submit(self._write, records, plan, caps, marks)

    def _drain(self) -> bool:
        """Wait for the batch in flight; False if it failed (then the consumer was rewound)."""
        inflight, self._inflight = self._inflight, None
        if inflight is None:
            return True
        outcome = inflight.result()
        if outcome.error is not None:
            self._retry_later(outcome.first_offsets, outcome.error)
            return False
        self._backoff = 0.1
        self._hold(outcome.plan)
        for tp, offset in outcome.plan.offsets.items():
            self._stored[tp] = max(offset, self._stored.get(tp, 0))
        self._tx_committed = max(self._tx_committed, outcome.tx_applied)
        # The consumer belongs to this thread: the writer never calls it (a commit waiting on a
        # rebalance that waits on the writer would deadlock).
        offsets = [TopicPartition(t, p, o) for (t, p), o in outcome.plan.offsets.items()]
        if offsets and self._consumer is not None:
            try:
                self._consumer.commit(offsets=offsets, asynchronous=False)
            except KafkaException as exc:  # advisory only: the target holds the truth
                self.say(f"advisory Kafka commit failed: {exc}")
        crash_point("after-kafka-commit")
        if self._buffer is not None and self._buffer.incomplete:
            crash_point(MID_TRANSACTION)
        return True

    def _write(self, records: list[Record], plan: Plan, caps: dict[TP, int] | None,
               marks: _Marks) -> _Outcome:
        """The writer thread: one target transaction (the consumer thread commits to Kafka)."""
        started = time.monotonic()
        try:
            conn = self._target()
            ops: dict[tuple[str, str], int] = {}
            try:
                applied = self._apply(conn, plan, ops, marks)
            except _DATA_ERRORS as exc:
                conn.rollback()
                self.say(f"batch rejected by the target ({first_line(exc)}); "
                         "finding the rejected records one by one")
                ops.clear()
                plan, applied = self._apply_individually(records, ops, caps, marks)
        except _INFRA_ERRORS as exc:
            self._rollback_after_error()
            return _Outcome(plan, exc, self._first_offsets(records))
        self._account(plan, applied, records, time.monotonic() - started, ops)
        crash_point("after-db-commit")
        return _Outcome(plan, None, {}, marks.tx_applied)

    @staticmethod
    def _first_offsets(records: list[Record]) -> dict[tuple[str, int], int]:
        first: dict[tuple[str, int], int] = {}
        for record in records:
            key = (record.origin.topic, record.origin.partition)
            first[key] = min(first.get(key, record.origin.offset), record.origin.offset)
        return first

    def _apply(self, conn: psycopg.Connection, plan: Plan, ops: dict[tuple[str, str], int],
               marks: _Marks | None) -> Applied:
        """Apply one plan; on success, add its staged rows per (table, op) to `ops`.

        Without `marks` the plan is part of a larger transaction that finishes elsewhere.
        """
        def finish() -> None:
            if marks is not None:
                self._record_marks(conn, marks)
                self._dead_letter(plan)

        applied = apply_plan(conn, plan, group=self.group,
                             origin=self.my_origin if self.loop_prevention else None,
                             before_commit=finish)
        for target, encoded in plan.encoded.items():
            for op, count in encoded.ops.items():
                ops[target, op] = ops.get((target, op), 0) + count
        return applied

    def _apply_individually(self, records: list[Record], ops: dict[tuple[str, str], int],
                            caps: dict[TP, int] | None, marks: _Marks) -> tuple[Plan, Applied]:
        """Find the records the target rejects, dead-letter them, apply the rest, all in one
        target transaction (a savepoint per record), so source transactions stay whole."""
        conn = self._target()
        total = Plan(snapshot_floor=self._floor)
        staged = applied = unresolved = 0
        truncated: dict[str, int] = {}
        with conn.transaction():
            for record in records:
                plan = self._plan([record], caps)
                try:
                    result = self._apply(conn, plan, ops, None)
                except _DATA_ERRORS as exc:
                    poison = PoisonEvent("bad-value", f"target rejected the row: {first_line(exc)}")
                    plan = Plan(offsets=plan.offsets, poison=[(record, poison)])
                    result = self._apply(conn, plan, ops, None)
                staged += result.staged
                applied += result.applied
                unresolved += result.unresolved
                truncated.update(result.truncated)
                total.poison += plan.poison
                total.held.update(plan.held)
                for tp, offset in plan.offsets.items():
                    total.offsets[tp] = max(offset, total.offsets.get(tp, 0))
                total.loop_skipped += plan.loop_skipped
                total.truncates.update(plan.truncates)
                total.snapshot_floor = max(total.snapshot_floor, plan.snapshot_floor)
                total.fence = plan.fence or total.fence
            self._record_marks(conn, marks)
            self._dead_letter(total)
        return total, Applied(staged, applied, truncated, unresolved)

    def _record_marks(self, conn: psycopg.Connection, marks: _Marks) -> None:
        record_digests(conn, self.group, marks.digests)
        record_tx_applied(conn, self.group, marks.tx_applied)

    def _dead_letter(self, plan: Plan) -> None:
        if not plan.poison:
            return
        assert self._producer is not None
        failures: list[str] = []

        def delivered(err: object, _msg: Message) -> None:
            if err is not None:
                failures.append(str(err))

        for record, poison in plan.poison:
            origin = record.origin
            headers: list[tuple[str, str | bytes | None]] = list(record.headers or []) + [
                ("dlq.topic", origin.topic.encode()),
                ("dlq.partition", str(origin.partition).encode()),
                ("dlq.offset", str(origin.offset).encode()),
                ("dlq.reason", poison.kind.encode()),
                ("dlq.error", str(poison).encode()[:2000]),
                ("dlq.applier", self.group.encode()),
            ]
            self._producer.produce(self.dlq_topic, key=record.key, value=record.value,
                                   headers=headers, on_delivery=delivered)
        remaining = self._producer.flush(10)
        if remaining or failures:
            raise TargetUnavailable(
                f"dead-letter topic {self.dlq_topic} did not take {len(plan.poison)} record(s): "
                f"{failures[:1] or 'timed out'}")

    def _rollback_after_error(self) -> None:
        if self._conn is not None and not self._conn.closed:
            try:
                self._conn.rollback()
            except psycopg.Error:
                self._close_target()
        if self._conn is not None and self._conn.broken:
            self._close_target()

    def _retry_later(self, first: dict[tuple[str, int], int], exc: Exception) -> None:
        """Rewind the consumer to the start of the failed batch and back off."""
        self.stats.retries += 1
        self.metrics.retries.labels(**self.metrics.labels).inc()
        self._rollback_after_error()
        assert self._consumer is not None
        if self._buffer is not None:
            # Held transactions and the batch are dropped alike: everything is read again from
            # the offsets the target holds, the transaction topic too.
            self._buffer.clear(self._tx_committed)
            self._digests.clear()
            first = {tp: self._stored.get(tp, OFFSET_BEGINNING) for tp in self._assigned}
        for (topic, partition), offset in first.items():
            # A partition revoked meanwhile cannot be sought: its new owner starts from the
            # target's offsets anyway.
            with contextlib.suppress(KafkaException):
                self._consumer.seek(TopicPartition(topic, partition, offset))
        self.say(f"infrastructure error, batch rolled back, retrying in {self._backoff:.1f} s: "
                 f"{first_line(exc)}")
        self.stop_event.wait(self._backoff)
        self._backoff = min(self._backoff * 2, 2.0)

    def _release_holds(self) -> None:
        """End the recorded holds whose columns the target (or `ignore`) now takes, and those of
        tables no longer synced. A table held by this run stays held until a restart."""
        assert self._conn is not None
        recorded = load_holds(self._conn, self.group)
        ended = [h.table for h in recorded if h.table not in self._held and (
            h.table not in self._mappers or not self._mappers[h.table].untaken(h.columns))]
        release_holds(self._conn, self.group, ended)
        self._conn.commit()
        for table in ended:
            self.say(f"hold of {table} released: the target takes its columns now")
        self._holds_shown = {h.table for h in recorded if h.table not in ended} | set(self._held)
        self.metrics.show_holds(self._mappers, self._holds_shown)

    def _record_holds(self) -> None:
        """Make the holds visible to `strangler cdc lag`; retried after the next batch while
        the target does not answer."""
        holds = [HeldTable(table, self._mappers[table].target, str(drift), tuple(drift.columns))
                 for table, drift in self._held.items()]
        try:
            conn = self._target()
            record_holds(conn, self.group, holds)
            conn.commit()
        except (*_INFRA_ERRORS, psycopg.Error) as exc:
            self._holds_unrecorded = True
            self._rollback_after_error()
            self.say(f"could not record the hold in the target ({first_line(exc)}); retrying")
            return
        self._holds_unrecorded = False

    def _hold(self, plan: Plan) -> None:
        if not plan.held and not self._holds_unrecorded:
            return
        assert self._consumer is not None
        for table, drift in plan.held.items():
            if table in self._held:
                continue
            self._held[table] = drift
            self.stats.held[table] = str(drift)
            self.say(f"HOLD: {drift}")
            topic = self.direction.topic(table)
            paused = [TopicPartition(t, p, o) for (t, p), o in plan.offsets.items()
                      if t == topic]
            if paused:
                self._consumer.pause(paused)
                for tp in paused:
                    self._consumer.seek(tp)
        self._holds_shown |= set(self._held)
        self.metrics.show_holds(self._mappers, self._holds_shown)
        self._record_holds()

    def _account(self, plan: Plan, applied: Applied, records: list[Record],
                 seconds: float, ops: dict[tuple[str, str], int]) -> None:
        stats, metrics, labels = self.stats, self.metrics, self.metrics.labels
        stats.batches += 1
        stats.records += len(records)
        stats.applied += applied.applied
        stats.guard_skips += applied.guard_skips
        stats.loop_skips += plan.loop_skipped
        stats.dead_letters += len(plan.poison)
        metrics.batch_size.labels(**labels).observe(len(records))
        metrics.batch_seconds.labels(**labels).observe(seconds)
        metrics.guard_skips.labels(**labels).inc(applied.guard_skips)
        metrics.loop_skips.labels(**labels).inc(plan.loop_skipped)
        for _, poison in plan.poison:
            metrics.dlq.labels(reason=poison.kind, **labels).inc()
        for (target, op), count in ops.items():
            metrics.events.labels(table=target, op=op, **labels).inc(count)
        for target, rows in applied.truncated.items():
            truncates = plan.truncates[target].events if target in plan.truncates else 1
            stats.truncates += truncates
            metrics.truncates.labels(table=target, **labels).inc(truncates)
            metrics.truncated_rows.labels(table=target, **labels).inc(rows)
            self.say(f"TRUNCATE of {target}'s source applied: {rows} row(s) deleted")
        if applied.unresolved:
            metrics.toast_unresolved.labels(**labels).inc(applied.unresolved)
            self.say(f"{applied.unresolved} key change(s) left TOASTed values unchanged but the "
                     "row under its old key was already gone: those rows are missing at the "
                     "target; re-sync them (see docs/cdc.md, TOAST)")
        if plan.fence is not None:
            lag = dt.datetime.now(dt.UTC) - plan.fence[1]
            metrics.lag.labels(**labels).set(max(lag.total_seconds(), 0.0))
            metrics.fence_time.labels(**labels).set(plan.fence[1].timestamp())
