"""The `postgres` stage store: live stages in a control table shared by every gateway replica.

Owns the control schema (`<schema>.stages`, `<schema>.stage_changes`, their trigger) and the
two ways to use it: `PostgresStageStore` (synchronous, one short connection per call: the admin
API from a thread, a CLI, the phase controller) and `StageWatcher` (one per gateway process:
follows the table on one asyncio connection). Guarantees:

* a stage changes in one `UPDATE ... WHERE context = ... AND stage = <expected>` (the
  compare-and-swap: a lost race changes nothing); in the same transaction a trigger bumps the
  context's revision (it only grows, also across a deleted and re-seeded row), appends the
  change to `stage_changes` (with the caller's audit record) and NOTIFYs the channel
  `<schema>_stages`; a row changed by anyone (another controller, psql) goes the same way;
* `seed()` inserts the declared stage of contexts the table has not seen and never overwrites
  a live one;
* a `StageWatcher` LISTENs, re-reads the table on every notification and every
  `resync_interval` seconds (the safety net for a lost notification), hands what it read to the
  gateway (`apply`), and while the database is away keeps the gateway on the last stages it
  knows, says so (`state`, `last_error`, the metrics) and reconnects with a bounded backoff,
  re-reading on reconnect, so a change made meanwhile is picked up;
* the DSN never appears in a message, a log line or a repr (strangler/dsn.py `redact`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import TupleRow

from gateway.errors import StageStoreUnavailable, UnknownContext
from gateway.stage_store import LiveStage, check_step
from gateway.stages import LADDER, Stage
from strangler.dsn import redact

__all__ = ["PostgresStageStore", "StageWatcher"]

log = logging.getLogger("gateway.stage_pg")

CONNECT_TIMEOUT = 3  # seconds
READ_TIMEOUT = 3.0  # a read that takes longer: the database counts as away
# a silent network loss shows within seconds, not at the kernel's default of hours
_OPTIONS: dict[str, str | int] = {
    "connect_timeout": CONNECT_TIMEOUT, "keepalives": 1, "keepalives_idle": 5,
    "keepalives_interval": 2, "keepalives_count": 2,
    "application_name": "strangler-gateway-stages"}

_SCHEMA = """
create schema if not exists {s};
create table if not exists {s}.stages (
    context text primary key,
    stage text not null check (stage in ({stages})),
    revision bigint not null default 1 check (revision > 0),
    changed_at timestamptz not null default clock_timestamp(),
    changed_by text not null,
    reason text not null);
create table if not exists {s}.stage_changes (
    id bigserial primary key,
    context text not null,
    old_stage text,
    new_stage text not null,
    revision bigint not null,
    changed_at timestamptz not null,
    changed_by text not null,
    reason text not null,
    record jsonb);
create or replace function {s}.stage_before() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        -- a re-seeded context continues its old revisions: they only grow
        new.revision := coalesce((select max(revision) from {s}.stage_changes
                                  where context = new.context), 0) + 1;
        new.changed_at := clock_timestamp();
    elsif new.stage is distinct from old.stage then
        new.revision := old.revision + 1;
        new.changed_at := clock_timestamp();
    else
        new.revision := old.revision;
    end if;
    return new;
end $$;
create or replace function {s}.stage_after() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.stage is not distinct from old.stage then
        return null;
    end if;
    insert into {s}.stage_changes (context, old_stage, new_stage, revision, changed_at,
                                   changed_by, reason, record)
    values (new.context, case when tg_op = 'UPDATE' then old.stage end, new.stage,
            new.revision, new.changed_at, new.changed_by, new.reason,
            nullif(current_setting('strangler.audit_record', true), '')::jsonb);
    perform pg_notify(tg_argv[0], json_build_object(
        'context', new.context, 'stage', new.stage, 'revision', new.revision)::text);
    return null;
end $$;
drop trigger if exists stage_before on {s}.stages;
create trigger stage_before before insert or update on {s}.stages
    for each row execute function {s}.stage_before();
drop trigger if exists stage_after on {s}.stages;
create trigger stage_after after insert or update on {s}.stages
    for each row execute function {s}.stage_after({channel});
"""

_COLUMNS = "context, stage, revision, changed_at, changed_by, reason"


def _live(row: TupleRow) -> LiveStage:
    context, stage, revision, changed_at, changed_by, reason = row
    return LiveStage(context, Stage(stage), int(revision), changed_at, changed_by, reason)


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")


def _reason(exc: BaseException) -> str:
    """One redacted line saying why the database could not be used."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return redact(text)


class PostgresStageStore:
    kind = "postgres"

    def __init__(self, dsn: str, schema: str = "strangler_control", *,
                 source: str = "the control database") -> None:
        self._dsn = make_conninfo(dsn, **_OPTIONS)
        self.schema = schema
        self.source = source  # where the DSN came from (a variable name), for messages
        self.channel = f"{schema}_stages"
        self._ready = False

    def __repr__(self) -> str:
        return f"PostgresStageStore(schema={self.schema!r}, dsn from {self.source})"

    def _sql(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(
            s=sql.Identifier(self.schema), channel=sql.Literal(self.channel),
            stages=sql.SQL(", ").join(sql.Literal(s.value) for s in LADDER))

    @contextlib.contextmanager
    def _connect(self) -> Iterator[psycopg.Connection[TupleRow]]:
        try:
            with psycopg.connect(self._dsn, autocommit=True) as conn:
                if not self._ready:
                    self.ensure(conn)
                yield conn
        except psycopg.Error as exc:
            raise StageStoreUnavailable(
                f"stage store ({self.schema} via {self.source}) unavailable: "
                f"{_reason(exc)}") from None

    def ensure(self, conn: psycopg.Connection[TupleRow]) -> None:
        """Create the control schema if it is missing (one creator at a time)."""
        exists = conn.execute("select to_regclass(%s)",
                              (f"{self.schema}.stage_changes",)).fetchone()
        if exists is None or exists[0] is None:
            with conn.transaction():
                conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (self.channel,))
                conn.execute(self._sql(_SCHEMA))
        self._ready = True

    # --- the StageStore API --------------------------------------------------------------

    def stages(self) -> dict[str, LiveStage]:
        with self._connect() as conn:
            rows = conn.execute(self._sql(f"select {_COLUMNS} from {{s}}.stages")).fetchall()
        return {row[0]: _live(row) for row in rows}

    def current(self, context: str) -> LiveStage | None:
        with self._connect() as conn:
            row = conn.execute(self._sql(f"select {_COLUMNS} from {{s}}.stages "
                                         "where context = %s"), (context,)).fetchone()
        return None if row is None else _live(row)

    def seed(self, declared: Mapping[str, Stage], actor: str = "routes.yaml") -> None:
        """Insert the declared stage of every context the table does not hold yet."""
        with self._connect() as conn:
            self.seed_on(conn, declared, actor)

    def seed_on(self, conn: psycopg.Connection[TupleRow], declared: Mapping[str, Stage],
                actor: str = "routes.yaml") -> None:
        for name, stage in declared.items():
            conn.execute(self._sql("insert into {s}.stages (context, stage, changed_by, reason) "
                                   "values (%s, %s, %s, %s) on conflict (context) do nothing"),
                         (name, stage.value, actor, "declared stage (seed)"))

    def compare_and_set(self, context: str, expected: Stage, new: Stage, actor: str,
                        reason: str, record: dict[str, Any] | None = None
                        ) -> LiveStage | None:
        check_step(context, expected, new)
        with self._connect() as conn, conn.transaction():
            if record is not None:
                conn.execute("select set_config('strangler.audit_record', %s, true)",
                             (json.dumps(record, default=str),))
            row = conn.execute(self._sql(
                "update {s}.stages set stage = %s, changed_by = %s, reason = %s "
                f"where context = %s and stage = %s returning {_COLUMNS}"),
                (new.value, actor, reason, context, expected.value)).fetchone()
            if row is None and conn.execute(self._sql(
                    "select 1 from {s}.stages where context = %s"), (context,)).fetchone() \
                    is None:
                raise UnknownContext(f"context {context!r} is not in {self.schema}.stages")
        return None if row is None else _live(row)

    def history(self, context: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """The newest recorded changes, newest first."""
        where = "where context = %s" if context else ""
        with self._connect() as conn:
            cur = conn.execute(self._sql(
                "select id, context, old_stage, new_stage, revision, changed_at, changed_by, "
                f"reason, record from {{s}}.stage_changes {where} order by id desc limit %s"),
                (context, limit) if context else (limit,))
            names = [d.name for d in cur.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def watch(self, timeout: float) -> Iterator[LiveStage]:
        deadline = time.monotonic() + timeout
        with self._connect() as conn:
            conn.execute(sql.SQL("listen {}").format(sql.Identifier(self.channel)))
            while (left := deadline - time.monotonic()) > 0:
                for note in conn.notifies(timeout=left, stop_after=1):
                    got = self.current(json.loads(note.payload)["context"])
                    if got is not None:
                        yield got

    # --- for the watcher -----------------------------------------------------------------

    async def aconnect(self) -> psycopg.AsyncConnection[TupleRow]:
        conn = await psycopg.AsyncConnection.connect(self._dsn, autocommit=True)
        if not self._ready:
            await asyncio.to_thread(self._ensure_sync)
        return conn

    def _ensure_sync(self) -> None:
        with psycopg.connect(self._dsn, autocommit=True) as conn:
            self.ensure(conn)

    def read_sql(self) -> sql.Composed:
        return self._sql(f"select {_COLUMNS} from {{s}}.stages")

    def seed_sql(self) -> sql.Composed:
        return self._sql("insert into {s}.stages (context, stage, changed_by, reason) "
                         "values (%s, %s, 'routes.yaml', 'declared stage (seed)') "
                         "on conflict (context) do nothing")


class StageWatcher:
    """Follows the control table for one gateway process; `start()` / `close()` pair up.

    `declared()` gives the routes file's stages (seeds); `apply(stages)` hands every read to
    the gateway; `on_state(up)` reports getting connected (True) and every failed attempt
    (False)."""

    def __init__(self, store: PostgresStageStore, *, interval: float,
                 declared: Callable[[], Mapping[str, Stage]],
                 apply: Callable[[Mapping[str, LiveStage]], object],
                 on_state: Callable[[bool], None] | None = None) -> None:
        self.store = store
        self.interval = interval
        self.declared = declared
        self.apply = apply
        self.on_state = on_state
        self.state = "connecting"  # connecting | connected | unavailable
        self.last_error: str | None = None
        self.since = time.time()  # when `state` last changed
        self.last_sync: float | None = None  # wall time of the last successful read
        self.errors = 0
        self._synced = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "postgres", "schema": self.store.schema, "dsn_from": self.store.source,
                "state": self.state, "since": _iso(self.since),
                "last_sync": _iso(self.last_sync) if self.last_sync else None,
                "last_error": self.last_error, "errors": self.errors,
                "resync_interval": self.interval}

    async def start(self, timeout: float) -> bool:
        """Start following; True once the table was read, False if that took longer than
        `timeout` (the watcher keeps trying)."""
        self._task = asyncio.create_task(self._run(), name="stage-watch")
        try:
            await asyncio.wait_for(self._synced.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        backoff = 0.1
        while True:
            try:
                conn = await asyncio.wait_for(self.store.aconnect(), CONNECT_TIMEOUT + 1)
                try:
                    await self._follow(conn)
                finally:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 1.0)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # psycopg.Error, OSError, a timeout: the database is away
                self._down(exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 1.0)
            else:
                backoff = 0.1

    async def _follow(self, conn: psycopg.AsyncConnection[TupleRow]) -> None:
        await conn.execute(sql.SQL("listen {}").format(sql.Identifier(self.store.channel)))
        while True:
            await asyncio.wait_for(self._sync(conn), READ_TIMEOUT)
            # wake on a notification, or re-read after `interval` anyway
            async for _ in conn.notifies(timeout=self.interval, stop_after=1):
                pass

    async def _sync(self, conn: psycopg.AsyncConnection[TupleRow]) -> None:
        rows = await (await conn.execute(self.store.read_sql())).fetchall()
        found = {row[0]: _live(row) for row in rows}
        unseen = {n: s for n, s in self.declared().items() if n not in found}
        if unseen:
            for name, stage in unseen.items():
                await conn.execute(self.store.seed_sql(), (name, stage.value))
            rows = await (await conn.execute(self.store.read_sql())).fetchall()
            found = {row[0]: _live(row) for row in rows}
        self.apply(found)
        self.last_sync = time.time()
        if self.state != "connected":
            if self.state == "unavailable":
                log.warning("stage store %s reachable again; stages re-read", self.store.schema)
            self._set_state("connected", None)
        self._synced.set()

    def _down(self, exc: BaseException) -> None:
        reason = _reason(exc)
        self.errors += 1
        if self.state != "unavailable" or reason != self.last_error:
            log.error("stage store %s unavailable (%s); routing with the last known stages",
                      self.store.schema, reason)
        self._set_state("unavailable", reason)
        if self.on_state:
            self.on_state(False)  # every failed attempt counts

    def _set_state(self, state: str, error: str | None) -> None:
        changed = state != self.state
        self.state, self.last_error = state, error
        if changed:
            self.since = time.time()
            if self.on_state and state == "connected":
                self.on_state(True)
