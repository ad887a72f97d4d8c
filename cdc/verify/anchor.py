"""Fence anchoring: a source snapshot with a known WAL position, and a target read only after
the applier has applied past it.

`open_anchor` (1) opens a REPEATABLE READ, read-only transaction on the source whose first
statement takes the snapshot and `pg_current_wal_insert_lsn()` (every commit visible in the
snapshot ends before that position); (2) updates the direction's fence row on the source
(the pipeline's own table, never the application's data) so a fence past that position is on
its way at once instead of at the next heartbeat; (3) waits until the target's
`strangler_cdc.fences_applied` for the direction's consumer group reaches the position, then
opens a REPEATABLE READ transaction on the target whose snapshot includes that fence.

The target then holds every change committed at the source before the snapshot, plus possibly
some later ones: a difference can be *in flight* (the target ahead of the snapshot, or a change
still on its way when the fence and the rows travel through different topics). The verifier
re-checks differing keys under a later anchor before it calls any of them persistent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import psycopg

from cdc.errors import SourceUnavailable, VerifyFailed
from cdc.fences import heartbeat_query
from cdc.verify.normalize import SESSION_SETTINGS
from strangler.dsn import redact

__all__ = ["Anchor", "Database", "connect", "lsn_text", "open_anchor"]


@dataclass(frozen=True)
class Database:
    """A database by its name in the config, how to reach it, and where that came from."""

    name: str
    role: str    # "source" or "target"
    dsn: str = field(repr=False)
    origin: str  # e.g. "from STRANGLER_INVENTORY_DSN", for messages


def lsn_text(lsn: int) -> str:
    """PostgreSQL's notation of a WAL position, e.g. 0/16B3748."""
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def connect(db: Database, *, timeout: float = 5.0) -> psycopg.Connection:
    """A connection in the verifier's session settings; failures name the database."""
    try:
        conn = psycopg.connect(db.dsn, connect_timeout=max(1, int(timeout)), autocommit=True)
    except psycopg.OperationalError as exc:
        first = " ".join(str(exc).strip().splitlines()[0].split()) if str(exc).strip() else ""
        raise SourceUnavailable(redact(
            f"verify: the {db.role} database {db.name!r} ({db.origin}) is unreachable: "
            f"{first}")) from None
    for statement in SESSION_SETTINGS:
        conn.execute(statement)
    return conn


@dataclass
class Anchor:
    """Two open snapshots that agree up to `lsn`: read the source and target through them."""

    lsn: int
    applied_lsn: int
    source: psycopg.Connection
    target: psycopg.Connection
    waited_s: float

    def close(self) -> None:
        for conn in (self.source, self.target):
            try:
                conn.rollback()
            finally:
                conn.close()


def open_anchor(source: Database, target: Database, *, group: str, fence_table: str,
                timeout: float, write_fence: bool = True) -> Anchor:
    src = connect(source)
    try:
        tgt = connect(target)
    except BaseException:
        src.close()
        raise
    try:
        src.autocommit = False
        src.execute("set transaction isolation level repeatable read, read only")
        row = src.execute("select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint"
                          ).fetchone()
        lsn = int(row[0]) if row else 0
        started = time.monotonic()
        if write_fence:
            _push_fence(source, fence_table, lsn)
        applied = _wait_applied(tgt, group, lsn, timeout, started)
        return Anchor(lsn, applied, src, tgt, round(time.monotonic() - started, 3))
    except BaseException:
        src.close()
        tgt.close()
        raise


def _push_fence(source: Database, fence_table: str, lsn: int) -> None:
    """Update the fence row until it carries a position at or past `lsn` (the heartbeat query
    records the WAL *write* position, which trails the insert position by at most the
    previous commit: two updates always suffice). A fence that cannot be written (no table, no
    privilege) is not an error: the connector's heartbeat gets there, only later."""
    try:
        with psycopg.connect(source.dsn, autocommit=True, connect_timeout=5) as conn:
            for _ in range(3):
                conn.execute(heartbeat_query(fence_table))
                row = conn.execute(f"select lsn from {fence_table} where id = 1").fetchone()
                if row and int(row[0]) >= lsn:
                    return
    except psycopg.Error:
        return


def _wait_applied(tgt: psycopg.Connection, group: str, lsn: int, timeout: float,
                  started: float) -> int:
    delay, applied = 0.01, None
    while True:
        try:
            tgt.autocommit = False
            tgt.execute("set transaction isolation level repeatable read, read only")
            row = tgt.execute("select lsn from strangler_cdc.fences_applied where direction = %s",
                              (group,)).fetchone()
        except psycopg.errors.UndefinedTable:
            tgt.rollback()
            raise VerifyFailed(
                f"verify: the target has no strangler_cdc.fences_applied: no applier of {group} "
                "has run yet (start `strangler cdc apply`)") from None
        applied = int(row[0]) if row else None
        if applied is not None and applied >= lsn:
            return applied  # this transaction's snapshot includes the fence: keep it open
        tgt.rollback()
        if time.monotonic() - started > timeout:
            have = "none" if applied is None else lsn_text(applied)
            raise VerifyFailed(
                f"verify: the applier of {group} did not apply past the source's LSN "
                f"{lsn_text(lsn)} within {timeout:g} s (newest applied fence: {have}); is the "
                "connector running and the applier keeping up? (`strangler cdc lag`)")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
