"""Lag fences: a one-row table in each source database, refreshed every second.

Debezium's heartbeat runs `HEARTBEAT_QUERY` every `heartbeat.interval.ms`; the UPDATE flows
through the normal table topic like any change, carrying the source WAL position and commit
time. The applier records the newest fence it has applied (`strangler_cdc.fences_applied` in the
target), so end-to-end lag is measured on the real path, including idle periods.
"""

from __future__ import annotations

__all__ = ["FENCE_DDL", "heartbeat_query"]

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
