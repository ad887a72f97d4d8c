"""The applier's bookkeeping in the target database (schema `strangler_cdc`).

(Not `strangler`: with the default search_path `"$user", public`, a schema named like the role
the apps connect as would capture their unqualified CREATE TABLEs.)

Written in the same transaction as the applied rows, so the target alone knows exactly how far
it is: a crash anywhere loses nothing and a replay is recognised, not re-applied.

* `applier_offsets`: next Kafka offset per consumer group, topic and partition (only grows),
  with a digest of the record just before it (`cdc.resume`: was the topic recreated?);
* `pos_<target table>_<hash>` (one per target table, keyed by the target's primary key): the
  newest source position applied per target row, with a delete marker, so an older or
  duplicated change is skipped and a replayed insert cannot resurrect a delete;
* `fences_applied`: the newest lag fence applied per consumer group, i.e. per context and
  direction (source LSN, source time, applied time);
* `snapshot_floor`: the newest snapshot point seen per consumer group (see `ChangeEvent.position`);
* `tx_applied`: the commit position of the newest source transaction applied whole, per consumer
  group (`cdc.transactions`: what a restart reads again and need not wait for);
* `cdc_origin`: a marker per applier transaction (its xid and the direction that wrote it); the
  opposite direction reads it to skip changes that came from this one (loop prevention).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from cdc.mapping import TableMapper

__all__ = ["ensure_positions", "ensure_state", "forget_offsets", "load_offsets",
           "load_resume_points", "load_snapshot_floor", "load_tx_applied", "record_digests",
           "record_tx_applied"]

STATE_DDL = """
create schema if not exists strangler_cdc;
create table if not exists strangler_cdc.applier_offsets (
    grp text not null, topic text not null, part int not null,
    next_offset bigint not null, updated_at timestamptz not null default now(),
    primary key (grp, topic, part));
alter table strangler_cdc.applier_offsets add column if not exists last_digest bigint;
create table if not exists strangler_cdc.fences_applied (
    direction text primary key, lsn bigint not null, source_ts timestamptz not null,
    applied_at timestamptz not null);
create table if not exists strangler_cdc.snapshot_floor (
    direction text primary key, lsn bigint not null);
create table if not exists strangler_cdc.tx_applied (
    grp text primary key, commit_lsn bigint not null);
create table if not exists strangler_cdc.cdc_origin (
    xid bigint not null, origin text not null, at timestamptz not null default now(),
    primary key (xid, origin));
"""


def _create(conn: psycopg.Connection, ddl: str | sql.Composed) -> None:
    """Run idempotent DDL under one advisory lock, so appliers starting together don't race."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(7531902)")
        conn.execute(ddl)


def ensure_state(conn: psycopg.Connection) -> None:
    """Create the bookkeeping tables if missing (idempotent; safe from several appliers)."""
    _create(conn, STATE_DDL)


def ensure_positions(conn: psycopg.Connection, mapper: TableMapper) -> None:
    """Create the positions table of `mapper`'s target if missing (idempotent). Fill factor
    70: most position updates stay on their page (HOT), with no index write."""
    keys = sql.SQL(", ").join(sql.Identifier(k) for k in mapper.key_columns)
    _create(conn, sql.SQL(
        "create table if not exists strangler_cdc.{} ({}, commit_lsn bigint not null, "
        "change_lsn bigint not null, deleted boolean not null, primary key ({})) "
        "with (fillfactor = 70)").format(sql.Identifier(mapper.positions_table),
                                         mapper.key_definition(), keys))


def load_offsets(conn: psycopg.Connection, group: str,
                 partitions: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
    rows = conn.execute(
        "select topic, part, next_offset from strangler_cdc.applier_offsets "
        "where grp = %s and (topic, part) in (select * from unnest(%s::text[], %s::int[]))",
        (group, [t for t, _ in partitions], [p for _, p in partitions])).fetchall()
    return {(topic, part): offset for topic, part, offset in rows}


def load_resume_points(conn: psycopg.Connection, group: str, partitions: list[tuple[str, int]]
                       ) -> dict[tuple[str, int], tuple[int, int | None]]:
    """Stored (next offset, digest of the record before it) per partition."""
    rows = conn.execute(
        "select topic, part, next_offset, last_digest from strangler_cdc.applier_offsets "
        "where grp = %s and (topic, part) in (select * from unnest(%s::text[], %s::int[]))",
        (group, [t for t, _ in partitions], [p for _, p in partitions])).fetchall()
    return {(topic, part): (offset, digest) for topic, part, offset, digest in rows}


def record_digests(conn: psycopg.Connection, group: str,
                   digests: dict[tuple[str, int], tuple[int, int]]) -> None:
    """Store the digest of the record before each partition's next offset (next, digest)."""
    if digests:
        conn.execute(
            "update strangler_cdc.applier_offsets o set last_digest = x.d "
            "from unnest(%s::text[], %s::int[], %s::bigint[], %s::bigint[]) as x(t, p, n, d) "
            "where o.grp = %s and o.topic = x.t and o.part = x.p and o.next_offset = x.n",
            ([t for t, _ in digests], [p for _, p in digests],
             [n for n, _ in digests.values()], [d for _, d in digests.values()], group))


def forget_offsets(conn: psycopg.Connection, group: str,
                   partitions: list[tuple[str, int]]) -> None:
    """Drop stored offsets (they only grow otherwise): for partitions whose topic was recreated."""
    conn.execute(
        "delete from strangler_cdc.applier_offsets where grp = %s "
        "and (topic, part) in (select * from unnest(%s::text[], %s::int[]))",
        (group, [t for t, _ in partitions], [p for _, p in partitions]))


def load_snapshot_floor(conn: psycopg.Connection, group: str) -> int:
    row = conn.execute("select lsn from strangler_cdc.snapshot_floor where direction = %s",
                       (group,)).fetchone()
    return int(row[0]) if row else 0


def load_tx_applied(conn: psycopg.Connection, group: str) -> int:
    row = conn.execute("select commit_lsn from strangler_cdc.tx_applied where grp = %s",
                       (group,)).fetchone()
    return int(row[0]) if row else 0


def record_tx_applied(conn: psycopg.Connection, group: str, lsn: int) -> None:
    if lsn:
        conn.execute("insert into strangler_cdc.tx_applied as a (grp, commit_lsn) values (%s, %s) "
                     "on conflict (grp) do update set "
                     "commit_lsn = greatest(a.commit_lsn, excluded.commit_lsn)", (group, lsn))
