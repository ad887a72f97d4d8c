"""Fence anchoring: a source snapshot with a known WAL position, and a target read only after
the applier has applied past it.

`open_anchor` (1) opens a REPEATABLE READ, read-only transaction on the source whose first
statement takes the snapshot and `pg_current_wal_insert_lsn()` (every commit visible in the
snapshot ends before that position); (2) updates the direction's fence row on the source
(the pipeline's own table, never the application's data) so a fence past that position is on
its way at once instead of at the next heartbeat; (3) waits (event-driven:
`cdc.fences.wait_for_fence`) until the target's `strangler_cdc.fences_applied` for the
direction's consumer group reaches the position, then opens a REPEATABLE READ transaction on
the target whose snapshot includes that fence.

The target then holds every change committed at the source before the snapshot, plus possibly
some later ones: a difference can be *in flight* (the target ahead of the snapshot, or a change
still on its way when the fence and the rows travel through different topics). The verifier
re-checks differing keys under a later anchor before it calls any of them persistent.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psycopg

from cdc.errors import FenceTimeout, SourceUnavailable, VerifyFailed
from cdc.fences import applied_fence, heartbeat_query, lsn_text, wait_for_fence
from cdc.verify.normalize import SESSION_SETTINGS
from strangler.dsn import redact

__all__ = ["Anchor", "Database", "connect", "connect_pair", "lsn_text", "open_anchor"]


@dataclass(frozen=True)
class Database:
    """A database by its name in the config, how to reach it, and where that came from."""

    name: str
    role: str    # "source" or "target"
    dsn: str = field(repr=False)
    origin: str  # e.g. "from STRANGLER_INVENTORY_DSN", for messages


def connect(db: Database, *, timeout: float = 5.0) -> psycopg.Connection:
    """A connection in the verifier's session settings; failures name the database."""
    try:
        conn = psycopg.connect(db.dsn, connect_timeout=max(1, int(timeout)), autocommit=True)
    except psycopg.OperationalError as exc:
        first = " ".join(str(exc).strip().splitlines()[0].split()) if str(exc).strip() else ""
        raise SourceUnavailable(redact(
            f"verify: the {db.role} database {db.name!r} ({db.origin}) is unreachable: "
            f"{first}")) from None
    try:
        conn.execute("; ".join(SESSION_SETTINGS))  # one round trip
    except BaseException:
        conn.close()
        raise
    return conn


def connect_pair(source: Database, target: Database) -> tuple[psycopg.Connection,
                                                                psycopg.Connection]:
    """`connect` to both at once (the target on a thread of its own): a connection costs a
    server process and several round trips, twice as many in a row."""
    done: list[psycopg.Connection | BaseException] = []

    def to_target() -> None:
        try:
            done.append(connect(target))
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the caller's thread
            done.append(exc)
    thread = threading.Thread(target=to_target, name="verify-connect", daemon=True)
    thread.start()
    try:
        src = connect(source)
    finally:
        thread.join()
    if isinstance(done[0], BaseException):
        src.close()
        raise done[0]
    return src, done[0]


@dataclass
class Anchor:
    """Two open snapshots that agree up to `lsn`: read the source and target through them.

    `since_lsn`: a position every change the source snapshot does not see is newer than (as
    the applier records positions, `strangler_cdc.pos_*`): the insert position read inside a
    fence-row update committed just before the snapshot, so the first change after it carries
    at least that fence's commit position. None when the fence row could not be written."""

    lsn: int
    applied_lsn: int
    source: psycopg.Connection
    target: psycopg.Connection
    waited_s: float
    since_lsn: int | None = None

    def close(self) -> None:
        for conn in (self.source, self.target):
            try:
                conn.rollback()
            finally:
                conn.close()


def open_anchor(source: Database, target: Database, *, group: str, fence_table: str,
                timeout: float, write_fence: bool = True,
                writer: psycopg.Connection | None = None) -> Anchor:
    """`writer`: an autocommit source connection to write the fence row through (else one is
    opened for the purpose, and closed)."""
    src, tgt = connect_pair(source, target)
    fences: psycopg.Connection | None = None
    try:
        since = None
        if write_fence:
            fences = writer or _fence_writer(source)
            since = _mark(fences, fence_table)
        _snapshot(src)
        row = src.execute("select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint"
                          ).fetchone()
        lsn = int(row[0]) if row else 0
        started = time.monotonic()
        if fences is not None:
            _push_fence(fences, fence_table, lsn)
        applied = _wait_applied(tgt, group, lsn, timeout)
        return Anchor(lsn, applied, src, tgt, round(time.monotonic() - started, 3), since)
    except BaseException:
        src.close()
        tgt.close()
        raise
    finally:
        if fences is not None and fences is not writer:
            fences.close()


def _snapshot(conn: psycopg.Connection) -> None:
    """Make the next statement begin a REPEATABLE READ, read-only transaction (psycopg's own
    BEGIN carries both: no SET TRANSACTION round trip)."""
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    conn.autocommit = False


def _fence_writer(source: Database) -> psycopg.Connection | None:
    try:
        return psycopg.connect(source.dsn, autocommit=True, connect_timeout=5)
    except psycopg.Error:
        return None  # the snapshot's own connection will say what is wrong


def _mark(conn: psycopg.Connection | None, fence_table: str) -> int | None:
    """Commit a fence-row update and return the insert position read inside it (before its
    commit record). The update travels through the pipeline like any change; a change
    committed after it carries at least its commit position (Debezium's `sequence` starts with
    the last commit position the connector saw, which may be an earlier transaction's, but not
    one before this update). None when the row cannot be written."""
    if conn is None:
        return None
    try:
        row = conn.execute(heartbeat_query(fence_table) +
                           " returning (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint"
                           ).fetchone()
    except psycopg.Error:
        return None
    return int(row[0]) if row else None


def _push_fence(conn: psycopg.Connection | None, fence_table: str, lsn: int) -> None:
    """Update the fence row until it carries a position at or past `lsn` (the heartbeat query
    records the WAL *write* position, which trails the insert position by at most the
    previous commit: two updates always suffice). A fence that cannot be written (no table, no
    privilege) is not an error: the connector's heartbeat gets there, only later."""
    if conn is None:
        return
    try:
        for _ in range(3):
            row = conn.execute(heartbeat_query(fence_table) + " returning lsn").fetchone()
            if row and int(row[0]) >= lsn:
                return
    except psycopg.Error:
        return


def _wait_applied(tgt: psycopg.Connection, group: str, lsn: int, timeout: float) -> int:
    """Wait (event-driven, `cdc.fences.wait_for_fence`) until the applier passed `lsn`, then
    begin the REPEATABLE READ transaction the target is read in: the applied fence only grows,
    so its snapshot includes every change applied before the fence."""
    try:
        wait_for_fence(tgt, group, lsn, timeout)
    except psycopg.errors.UndefinedTable:
        raise VerifyFailed(
            f"verify: the target has no strangler_cdc.fences_applied: no applier of {group} "
            "has run yet (start `strangler cdc apply`)") from None
    except FenceTimeout as exc:
        have = "none" if exc.applied is None else lsn_text(exc.applied)
        raise VerifyFailed(
            f"verify: the applier of {group} did not apply past the source's LSN "
            f"{lsn_text(lsn)} within {timeout:g} s (newest applied fence: {have}); is the "
            "connector running and the applier keeping up? (`strangler cdc lag`)") from None
    _snapshot(tgt)
    applied = applied_fence(tgt, group)
    if applied is None or applied < lsn:  # cannot happen while fences only grow
        raise VerifyFailed(f"verify: the applied fence of {group} went back below "
                           f"{lsn_text(lsn)}: was the target's strangler_cdc state reset?")
    return applied
