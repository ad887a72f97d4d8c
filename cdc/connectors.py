"""The Debezium connector of one sync direction: its config, and managing it in Kafka Connect.

`connector_config` is pure: from a `Direction`, the source DSN and the connector's TOAST
placeholder it builds the complete connector config (captured tables plus the fence table and
the signal table (`cdc.signals`: targeted re-syncs), heartbeat fences, transaction metadata,
truncates, partitions, the placeholder, then the direction's `connector_overrides` last;
overrides may not replace the placeholder or skip truncates). `Connectors` carries out the
operations against Kafka Connect and the source database:

* `apply` runs the preflight checks first and stops on any error, before anything changes;
  then creates the fence and signal tables if they are missing (and adds the signal table to
  an existing publication), takes the connector's recorded placeholder (or records a new
  one, see `cdc.placeholders`; a connector that ran with Debezium's default is stopped for
  the switch and resumed), creates or updates the connector (idempotent: the
  same config twice is one connector, resumed from its offsets, with no new snapshot) and
  waits until it and its tasks are RUNNING, failing with the connector's trace otherwise;
* `status` reports the connector, its tasks, the failure trace and the replication slot's
  health (active, wal_status, confirmed flush LSN, WAL it retains);
* `delete(drop_slot=True)` also resets the connector's stored offsets and drops the slot and
  the publication once the slot is inactive, so the next `apply` starts with a fresh snapshot
  instead of resuming from positions that no longer exist.

Connector configs hold the database password and the placeholder: they only ever leave
through `redact_config`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import psycopg
import requests
from psycopg import sql

from cdc import placeholders
from cdc.catalog import session
from cdc.config import Direction
from cdc.connect import ConnectClient, ConnectorStatus
from cdc.debezium import postgres_connector_config
from cdc.endpoints import Endpoints, redact
from cdc.errors import (
    CdcConfigError,
    ConnectError,
    ConnectUnavailable,
    SlotBusy,
    SourceUnavailable,
    first_line,
)
from cdc.fences import FENCE_DDL, heartbeat_query
from cdc.preflight import Plan, PreflightReport, evaluate, gather_facts
from cdc.signals import SIGNAL_DDL, signal_config
from strangler.errors import StranglerError

__all__ = [
    "ApplyResult",
    "ConnectorReport",
    "Connectors",
    "DeleteResult",
    "SlotInfo",
    "connector_config",
    "drop_slot_and_publication",
    "redact_config",
]

REDACTED = "***"
HEARTBEAT_INTERVAL_MS = 1000


def _is_secret(key: str) -> bool:
    key = key.lower()
    # The placeholder too: it only works because nobody who writes data knows it.
    return "password" in key or "secret" in key or key == placeholders.CONFIG_KEY


def redact_config(config: Mapping[str, str]) -> dict[str, str]:
    """The config with every password (`database.password`, ...) and the TOAST placeholder
    replaced by ***."""
    return {k: (REDACTED if _is_secret(k) and v else v) for k, v in config.items()}


def connector_config(direction: Direction, dsn: str, *, placeholder: str,
                     extra_tables: Iterable[str] = ()) -> dict[str, str]:
    """The complete Debezium PostgreSQL connector config of one direction (pure).

    `placeholder`: the connector's TOAST placeholder (`Connectors.placeholder`; the applier
    recognises only what is recorded for the connector). `extra_tables` are captured too (e.g.
    a loop-prevention marker table).
    """
    settings = direction.settings
    fence, signal = settings.fence_table, settings.signal_table
    tables = [t.source for t in direction.tables]
    if fence in tables:
        raise CdcConfigError(f"{_config_path(direction)}.fence_table: {fence} is also a "
                             "captured table; the fence needs a table of its own")
    if signal in (*tables, fence):
        raise CdcConfigError(f"{_config_path(direction)}.signal_table: {signal} is also a "
                             "captured table or the fence; the signals need a table of their own")
    _check_overrides(direction)
    # The signal table is captured so that it is in the publication: Debezium sees its signals
    # and its own snapshot watermarks in the stream.
    captured = list(dict.fromkeys([*tables, *extra_tables, fence, signal]))
    config = postgres_connector_config(
        dsn=dsn,
        topic_prefix=settings.topic_prefix,
        tables=captured,
        slot_name=settings.slot,
        partitions=settings.partitions,
        extra={
            # Fences: every second Debezium updates the fence row; the UPDATE travels through
            # the fence table's topic like any change, so lag is measured on the real path and
            # an idle source still confirms WAL (the slot does not retain WAL forever).
            "heartbeat.interval.ms": str(HEARTBEAT_INTERVAL_MS),
            "heartbeat.action.query": heartbeat_query(fence),
            # BEGIN/END records on <prefix>.transaction, and each event's transaction id: the
            # applier applies whole transactions and recognises its own (loop prevention).
            # One partition: the ENDs are read in commit order, so transactions apply in it.
            "provide.transaction.metadata": "true",
            # What an unchanged TOASTed value arrives as: the connector's own, unguessable
            # placeholder, so a value a user typed is never mistaken for one.
            placeholders.CONFIG_KEY: placeholder,
            "topic.creation.groups": "transactions",
            "topic.creation.transactions.include": re.escape(settings.topic_prefix)
            + r"\.transaction",
            "topic.creation.transactions.partitions": "1",
            "topic.creation.transactions.replication.factor": "1",
            # Targeted re-syncs (`strangler verify --repair --apply`): incremental snapshots of
            # given keys, requested through the signal table (`cdc.signals`).
            **signal_config(signal),
            # The reverse direction carries the service's changes from the moment it starts;
            # its initial data came the other way. A snapshot would copy the service's rows as
            # they are when it starts, which the phase controller does while the monolith is
            # still the writer (before the write hold): stale rows over newer ones.
            **({"snapshot.mode": "no_data"} if direction.name == "reverse" else {}),
        },
    )
    config.update(settings.connector_overrides)
    return config


def _check_overrides(direction: Direction) -> None:
    overrides = direction.settings.connector_overrides
    path = f"{_config_path(direction)}.connector_overrides"
    if placeholders.CONFIG_KEY in overrides:
        raise CdcConfigError(
            f"{path}.{placeholders.CONFIG_KEY}: managed by strangler (each connector gets a "
            "random placeholder recorded in the source database, which the applier reads); "
            "remove it")
    skipped = {op.strip() for op in overrides.get("skipped.operations", "").split(",")}
    if "t" in skipped:
        raise CdcConfigError(
            f"{path}.skipped.operations: must not skip truncates (t): the target would keep "
            "rows the source no longer has, silently; the applier applies truncates")


def _config_path(direction: Direction) -> str:
    base = f"contexts.{direction.context}.sync"
    return base if direction.name == "forward" else f"{base}.reverse"


def plan_for(direction: Direction, config: Mapping[str, str], *,
             creates_fence: bool = True) -> Plan:
    """What the preflight checks compare the source database with, for this direction."""
    return Plan.from_config(
        config, tables=[t.source for t in direction.tables],
        fence_table=direction.settings.fence_table, config_path=_config_path(direction),
        tables_path=f"contexts.{direction.context}.sync.tables", creates_fence=creates_fence,
        signal_table=direction.settings.signal_table)


# -- reports -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SlotInfo:
    """A replication slot as `pg_replication_slots` shows it."""

    name: str
    active: bool
    active_pid: int | None
    wal_status: str | None
    confirmed_flush_lsn: str | None
    restart_lsn: str | None
    retained_bytes: int | None      # WAL kept for this slot: current LSN - restart_lsn
    flush_lag_bytes: int | None     # current LSN - confirmed_flush_lsn

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ConnectorReport:
    """Status of one direction's connector and its replication slot."""

    name: str
    connector: ConnectorStatus | None    # None: Kafka Connect has no such connector
    slot_name: str
    slot: SlotInfo | None                # None: no such slot (or the database did not answer)
    publication: str
    publication_exists: bool | None
    database_error: str | None = None

    @property
    def trace(self) -> str | None:
        if self.connector is None:
            return None
        return self.connector.trace or next(
            (t.trace for t in self.connector.tasks if t.trace), None)

    @property
    def healthy(self) -> bool:
        """Connector and tasks RUNNING and the slot not lost."""
        return (self.connector is not None and self.connector.running
                and (self.slot is None or self.slot.wal_status != "lost"))

    def as_dict(self) -> dict[str, Any]:
        connector = None
        if self.connector is not None:
            connector = {
                "state": self.connector.state,
                "worker_id": self.connector.worker_id,
                "trace": self.connector.trace,
                "tasks": [{"id": t.id, "state": t.state, "worker_id": t.worker_id,
                           "trace": t.trace} for t in self.connector.tasks],
            }
        return {"name": self.name, "healthy": self.healthy, "connector": connector,
                "slot_name": self.slot_name,
                "slot": self.slot.as_dict() if self.slot else None,
                "publication": self.publication, "publication_exists": self.publication_exists,
                "database_error": self.database_error}


@dataclass(frozen=True)
class ApplyResult:
    name: str
    created: bool
    fence_created: bool
    status: ConnectorStatus
    preflight: PreflightReport | None
    config: dict[str, str]               # redacted

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "created": self.created, "fence_created": self.fence_created,
                "state": self.status.state, "tasks": [t.state for t in self.status.tasks],
                "preflight": self.preflight.as_dict() if self.preflight else None,
                "config": self.config}


@dataclass(frozen=True)
class DeleteResult:
    name: str
    deleted: bool                        # False: there was no such connector
    offsets_reset: bool
    slot_dropped: bool
    publication_dropped: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# -- operations ----------------------------------------------------------------------------------
class Connectors:
    """Manages the Debezium connector of one direction. Every operation is idempotent."""

    def __init__(self, direction: Direction, endpoints: Endpoints | None = None, *,
                 timeout: float = 60.0) -> None:
        self.direction = direction
        self.endpoints = endpoints or Endpoints()
        self.timeout = timeout
        self.name = direction.connector_name
        self.client = ConnectClient(self.endpoints.connect_url())

    # Resolved lazily: `pause` and friends need neither the DSN nor a local stack's state.
    @property
    def dsn(self) -> str:
        return self.endpoints.dsn(self.direction.source_db)

    def config(self, placeholder: str | None = None) -> dict[str, str]:
        """The full config (with the password: never print it, use `redact_config`).

        Without `placeholder`, the recorded one if any (read-only; a fresh, unrecorded one
        otherwise: such a config is for reading names, `apply` records before it registers).
        """
        if placeholder is None:
            placeholder = self._recorded_placeholder() or placeholders.new_placeholder()
        return connector_config(self.direction, self.dsn, placeholder=placeholder)

    def preflight(self) -> PreflightReport:
        plan = plan_for(self.direction, self.config())
        return evaluate(gather_facts(self.dsn, plan), plan, connector=self.name)

    def apply(self, *, check: bool = True) -> ApplyResult:
        """Preflight, fence table, create-or-update, wait until RUNNING.

        Raises `PreflightFailed` (nothing changed) or `ConnectError` with the trace.
        """
        report = None
        if check:
            report = self.preflight()
            report.raise_for_errors()
        fence_created = self._ensure_fence()
        self._ensure_signal_table()
        before = self.client.status(self.name)
        placeholder, stopped = self._placeholder(before)
        config = self.config(placeholder)
        try:
            self.endpoints.register_connector(self.name, config)
            if stopped:
                self.client.resume(self.name)
            elif before is not None and before.failed:
                # Re-putting an unchanged config leaves FAILED tasks failed; applying again is
                # how a user recovers once the cause is fixed.
                self.client.restart(self.name, include_tasks=True, only_failed=True)
            status = self.client.wait_running(self.name, timeout=self.timeout)
        except ConnectError as exc:
            # Refusals and traces quote the worker; keep any echoed secret out of them.
            exc.args = (_scrub(str(exc), config),)
            raise
        except StranglerError as exc:  # the local stack's own client refused the config
            raise ConnectError(_scrub(str(exc), config)) from None
        except requests.RequestException as exc:
            raise ConnectUnavailable(f"Kafka Connect at {self.client.url} did not answer: "
                                     f"{type(exc).__name__}") from None
        return ApplyResult(name=self.name, created=before is None, fence_created=fence_created,
                           status=status, preflight=report, config=redact_config(config))

    def status(self) -> ConnectorReport:
        connector = self.client.status(self.name)
        config = self.client.config(self.name) if connector is not None else None
        config = config or self.config()
        slot_name, publication = config["slot.name"], config.get("publication.name", "")
        slot, exists, error = None, None, None
        try:
            slot, exists = _slot_info(self.dsn, slot_name, publication)
        except SourceUnavailable as exc:
            error = str(exc)
        return ConnectorReport(name=self.name, connector=connector, slot_name=slot_name,
                               slot=slot, publication=publication, publication_exists=exists,
                               database_error=error)

    def pause(self) -> ConnectorStatus:
        self._require()
        self.client.pause(self.name)
        return self._wait_state("PAUSED")

    def resume(self) -> ConnectorStatus:
        self._require()
        self.client.resume(self.name)
        return self.client.wait_running(self.name, timeout=self.timeout)

    def restart(self) -> ConnectorStatus:
        """Restart the connector and all its tasks; wait until they run again."""
        self._require()
        self.client.restart(self.name, include_tasks=True)
        return self.client.wait_running(self.name, timeout=self.timeout)

    def offsets(self) -> list[dict[str, Any]]:
        self._require()
        return self.client.offsets(self.name)

    def delete(self, *, drop_slot: bool = False) -> DeleteResult:
        """Delete the connector; with `drop_slot`, also its offsets, slot and publication.

        Without `drop_slot` the slot keeps retaining WAL, so a later `apply` resumes where
        this connector stopped (no snapshot, nothing missed).
        """
        exists = self.client.status(self.name) is not None
        # Read the names before the connector (and its live config) is gone.
        config = (self.client.config(self.name) if exists else None) or self.config()
        offsets_reset = False
        if exists and drop_slot:
            # Otherwise a re-created connector would find offsets pointing into the dropped
            # slot's history and skip the snapshot.
            self.client.stop(self.name)
            self._wait_state("STOPPED")
            self.client.reset_offsets(self.name)
            offsets_reset = True
        self._forget()
        deleted = self.client.delete(self.name)
        slot_dropped = publication_dropped = False
        if drop_slot:
            slot_dropped, publication_dropped = drop_slot_and_publication(
                self.dsn, config["slot.name"], config.get("publication.name", ""),
                timeout=self.timeout)
        return DeleteResult(name=self.name, deleted=deleted, offsets_reset=offsets_reset,
                            slot_dropped=slot_dropped, publication_dropped=publication_dropped)

    # -- helpers ---------------------------------------------------------------------------------
    def _require(self) -> None:
        if self.client.status(self.name) is None:
            raise ConnectError(f"connector {self.name!r} does not exist in Kafka Connect at "
                               f"{self.client.url}; run `strangler cdc connectors apply`",
                               status=404)

    def _wait_state(self, state: str) -> ConnectorStatus:
        deadline = time.monotonic() + self.timeout
        while True:
            status = self.client.status(self.name)
            if status is not None and status.state == state and all(
                    t.state == state for t in status.tasks):
                return status
            if time.monotonic() > deadline:
                seen = status.state if status else "absent"
                raise ConnectError(f"connector {self.name!r} not {state} after "
                                   f"{self.timeout:.0f} s ({seen})", retriable=True)
            time.sleep(0.2)

    def _source(self, doing: str) -> AbstractContextManager[psycopg.Connection]:
        """A connection to the source database whose errors say what was being done."""
        dsn = self.dsn
        where = f"{doing} in {redact(dsn)}"
        return session(dsn, unavailable=where, failed=f"{where} failed")

    def _ensure_fence(self) -> bool:
        table = self.direction.settings.fence_table
        with self._source(f"creating fence table {table}") as conn:
            row = conn.execute("select to_regclass(%s)", (table,)).fetchone()
            if row is not None and row[0] is not None:
                return False
            with conn.transaction():
                conn.execute(FENCE_DDL.format(table=table))
            return True

    def _ensure_signal_table(self) -> None:
        """Create the signal table if missing, and put it in the connector's publication when
        that exists already (a connector registered before it had one): Debezium must see the
        signals in the stream. Its rows never need a snapshot, so adding it is safe."""
        table = self.direction.settings.signal_table
        publication = self.config(placeholders.new_placeholder()).get("publication.name", "")
        with self._source(f"creating signal table {table}") as conn, conn.transaction():
            conn.execute(SIGNAL_DDL.format(table=table))
            row = conn.execute(
                "select p.puballtables, exists (select 1 from pg_publication_tables t "
                "where t.pubname = p.pubname and t.schemaname || '.' || t.tablename = %s) "
                "from pg_publication p where p.pubname = %s", (table, publication)).fetchone()
            if row is not None and not row[0] and not row[1]:
                schema, name = table.split(".", 1)
                conn.execute(sql.SQL("alter publication {} add table {}").format(
                    sql.Identifier(publication), sql.Identifier(schema, name)))

    def _recorded_placeholder(self) -> str | None:
        with self._source(f"reading the TOAST placeholder of {self.name}") as conn:
            return placeholders.current(conn, self.name)

    def _placeholder(self, status: ConnectorStatus | None) -> tuple[str, bool]:
        """The connector's placeholder, recorded before any config carries it, and whether
        the connector was stopped to switch to it (then the caller resumes it).

        A connector that ran before anything was recorded used the placeholder in its live
        config, or Debezium's default: it is stopped, so that placeholder's last event is
        before the WAL position recorded with it, and resumed with the new one."""
        with self._source(f"recording the TOAST placeholder of {self.name}") as conn:
            recorded = placeholders.current(conn, self.name)
            if recorded is not None:
                return recorded, False
            live = (self.client.config(self.name) or {}) if status is not None else {}
            previous = live.get(placeholders.CONFIG_KEY)
            if previous is not None and previous.startswith(placeholders.PREFIX):
                placeholders.record(conn, self.name, previous)  # ours; the record was lost
                return previous, False
            ran = status is not None or conn.execute(
                "select 1 from pg_replication_slots where slot_name = %s",
                (self.direction.settings.slot,)).fetchone() is not None
            stopped = False
            if status is not None and status.state != "STOPPED":
                self.client.stop(self.name)
                self._wait_state("STOPPED")
                stopped = True
            fresh = placeholders.new_placeholder()
            placeholders.record(conn, self.name, fresh, retire=(
                previous or placeholders.DEBEZIUM_DEFAULT) if ran else None)
            return fresh, stopped

    def _forget(self) -> None:
        """On the local stack, stop re-applying this connector when the worker restarts."""
        if self.endpoints.uses_local_stack:
            from strangler.stack.runner import LocalStack

            LocalStack.from_env(self.endpoints.state_dir).forget_connector(self.name)


_SLOT_INFO = """
select slot_name, active, active_pid, wal_status, confirmed_flush_lsn::text, restart_lsn::text,
       pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint,
       pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint
from pg_replication_slots where slot_name = %s
"""


def _slot_info(dsn: str, slot: str, publication: str) -> tuple[SlotInfo | None, bool]:
    try:
        with psycopg.connect(dsn, connect_timeout=5, autocommit=True) as conn:
            row = conn.execute(_SLOT_INFO, (slot,)).fetchone()
            pub = conn.execute("select 1 from pg_publication where pubname = %s",
                               (publication,)).fetchone()
    except psycopg.Error as exc:
        raise SourceUnavailable(f"source database {redact(dsn)}: {first_line(exc)}") from exc
    info = SlotInfo(*row) if row is not None else None
    return info, pub is not None


def drop_slot_and_publication(dsn: str, slot: str, publication: str, *,
                               timeout: float) -> tuple[bool, bool]:
    """Drop the slot once no walsender uses it, then the publication. (dropped, dropped)."""
    deadline = time.monotonic() + timeout
    try:
        with psycopg.connect(dsn, connect_timeout=10, autocommit=True) as conn:
            slot_dropped = False
            while True:
                row = conn.execute("select active, active_pid from pg_replication_slots "
                                   "where slot_name = %s", (slot,)).fetchone()
                if row is None:
                    break
                if not row[0]:
                    try:
                        conn.execute("select pg_drop_replication_slot(%s)", (slot,))
                        slot_dropped = True
                        break
                    except psycopg.errors.ObjectInUse:
                        pass  # a walsender took it again between the two statements
                if time.monotonic() > deadline:
                    raise SlotBusy(f"replication slot {slot} is still in use (pid {row[1]}) "
                                   f"after {timeout:.0f} s; stop whatever streams from it, "
                                   "then run `strangler cdc connectors delete --drop-slot` "
                                   "again")
                time.sleep(0.2)
            pub = conn.execute("select 1 from pg_publication where pubname = %s",
                               (publication,)).fetchone()
            if pub is not None:
                conn.execute(sql.SQL("drop publication {}").format(sql.Identifier(publication)))
            return slot_dropped, pub is not None
    except psycopg.OperationalError as exc:
        raise SourceUnavailable(f"dropping slot {slot} in {redact(dsn)}: "
                                f"{first_line(exc)}") from exc


def _scrub(message: str, config: Mapping[str, str]) -> str:
    for key, value in config.items():
        if _is_secret(key) and value:
            message = message.replace(value, REDACTED)
    return message
