"""Lag fences: a one-row table in each source database, refreshed every second.

Debezium's heartbeat runs `HEARTBEAT_QUERY` every `heartbeat.interval.ms`; the UPDATE flows
through the normal table topic like any change, carrying the source WAL position and commit
time. The applier records the newest fence it has applied (`strangler_cdc.fences_applied` in the
target), so end-to-end lag is measured on the real path, including idle periods.

Waiting for a fence is event-driven: the applier sends a notification on `FENCE_CHANNEL`
(payload: the consumer group) in the same transaction that advances its applied fence, and
`wait_for_fence` LISTENs for it; it also re-reads the table every `recheck` seconds, so a
notification that never comes (a relay or an older applier that does not send one, a dropped
connection) costs at most that much, never a hang.
"""

from __future__ import annotations

import time

import psycopg

from cdc.errors import FenceTimeout

__all__ = ["FENCE_CHANNEL", "FENCE_DDL", "applied_fence", "heartbeat_query", "lsn_text",
           "wait_for_fence"]

FENCE_CHANNEL = "strangler_cdc_fence"

# LSNs are stored as bigint: Debezium drops columns of type pg_lsn from its events.
FENCE_DDL = """
create table if not exists {table} (
    id int primary key,
    lsn bigint not null,
    ts timestamptz not null
);
alter table {table} replica identity full;
insert into {table} (id, lsn, ts)
values (1, (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint, clock_timestamp())
on conflict (id) do nothing;
"""


def heartbeat_query(table: str) -> str:
    return (f"UPDATE {table} SET lsn = (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint, "
            "ts = clock_timestamp() WHERE id = 1")


def lsn_text(lsn: int) -> str:
    """PostgreSQL's notation of a WAL position, e.g. 0/16B3748."""
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def applied_fence(conn: psycopg.Connection, group: str) -> int | None:
    """The newest fence the target has applied for a consumer group (None: none yet).
    Raises `UndefinedTable` when no applier has set up its state in this database."""
    row = conn.execute("select lsn from strangler_cdc.fences_applied where direction = %s",
                       (group,)).fetchone()
    return int(row[0]) if row else None


def wait_for_fence(conn: psycopg.Connection, group: str, lsn: int, timeout: float, *,
                   recheck: float = 0.25) -> int:
    """Wait until the target's applied fence of `group` is at or past `lsn`; return it.

    `conn` is a target connection in autocommit mode, used for nothing else meanwhile (it
    LISTENs on `FENCE_CHANNEL`, and stops listening before it returns). The applied fence only
    grows, so a transaction begun afterwards sees it. Raises `FenceTimeout` after `timeout`
    seconds, and `UndefinedTable` when no applier has run against this database.
    """
    if not conn.autocommit:
        raise ValueError("wait_for_fence needs an autocommit connection")
    deadline = time.monotonic() + timeout
    conn.execute(f"listen {FENCE_CHANNEL}")
    try:
        while True:
            applied = applied_fence(conn, group)  # after LISTEN: no notification is missed
            if applied is not None and applied >= lsn:
                return applied
            left = deadline - time.monotonic()
            if left <= 0:
                have = "none" if applied is None else lsn_text(applied)
                raise FenceTimeout(f"the applier of {group} did not apply a fence at or past "
                                   f"LSN {lsn_text(lsn)} within {timeout:g} s (newest applied "
                                   f"fence: {have})", applied=applied)
            for note in conn.notifies(timeout=min(recheck, left)):
                if note.payload == group:
                    break
    finally:
        conn.execute(f"unlisten {FENCE_CHANNEL}")
