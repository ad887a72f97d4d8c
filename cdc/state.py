"""The applier's bookkeeping in the target database (schema `strangler_cdc`).

(Not `strangler`: with the default search_path `"$user", public`, a schema named like the role
the apps connect as would capture their unqualified CREATE TABLEs.)

Written in the same transaction as the applied rows, so the target alone knows exactly how far
it is: a crash anywhere loses nothing and a replay is recognised, not re-applied.

* `applier_offsets`: next Kafka offset per consumer group, topic and partition (only grows),
  with a digest of the record just before it (`cdc.resume`: was the topic recreated?);
* `pos_<target table>_<hash>` (one per target table, keyed by the target's primary key): the
  newest source position applied per target row (indexed by it), with a delete marker, so an
  older or duplicated change is skipped and a replayed insert cannot resurrect a delete; the
  delete of a primary-key change keeps the row's image there (`moved`), for values the
  change's create does not carry (TOAST) when it is applied after the delete;
* `fences_applied`: the newest lag fence applied per consumer group, i.e. per context and
  direction (source LSN, source time, applied time);
* `snapshot_floor`: the newest snapshot point seen per consumer group (see `ChangeEvent.position`);
* `tx_applied`: the commit position of the newest source transaction applied whole, per consumer
  group (`cdc.transactions`: what a restart reads again and need not wait for);
* `cdc_origin`: a marker per applier transaction (its xid and the direction that wrote it); the
  opposite direction reads it to skip changes that came from this one (loop prevention);
* `held_tables`: the tables an applier holds (schema drift), per consumer group, with the
  reason. Unlike the rest it is not written with the rows: the applier records a hold once the
  batch that found it has committed, and releases it when a restarted applier finds the target
  able to take the columns. `strangler cdc lag` (another process) reads it.
* `truncates` (one row per target table): the position of the newest source TRUNCATE applied
  (a floor: any change of the table at or before it is skipped, so a replay cannot bring back
  truncated rows), how many truncates were applied, the rows they deleted and when the last
  one was applied (`load_truncates` reads it for `cdc lag`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import psycopg
from psycopg import sql

from cdc.mapping import TableMapper

__all__ = ["HeldTable", "TruncateRecord", "ensure_positions", "ensure_state", "forget_offsets",
           "load_holds", "load_resume_points", "load_snapshot_floor",
           "load_truncates", "load_tx_applied", "record_digests", "record_holds",
           "record_tx_applied", "release_holds"]

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
create table if not exists strangler_cdc.held_tables (
    direction text not null, source_table text not null, target_table text not null,
    reason text not null, columns text[] not null default '{}',
    since timestamptz not null default now(),
    primary key (direction, source_table));
create table if not exists strangler_cdc.truncates (
    target text primary key, direction text,
    commit_lsn bigint not null default 0, change_lsn bigint not null default 0,
    source_lsn bigint, truncates bigint not null default 0,
    rows_deleted bigint not null default 0, last_at timestamptz);
"""


@dataclass(frozen=True)
class HeldTable:
    """A table an applier holds: `table` is the source table, `columns` the source columns the
    target cannot take."""

    table: str
    target: str
    reason: str
    columns: tuple[str, ...] = ()
    since: dt.datetime | None = None

    def as_dict(self) -> dict[str, object]:
        return {"table": self.table, "target": self.target, "reason": self.reason,
                "columns": list(self.columns),
                "since": self.since.isoformat() if self.since else None}


class TruncateRecord(NamedTuple):
    """The truncates applied to one target table (see `cdc.apply`)."""

    target: str
    direction: str  # the consumer group (context and direction) that applied them
    truncates: int
    rows_deleted: int
    source_lsn: int  # WAL position of the newest truncate at the source
    last_at: dt.datetime  # when the newest one was applied


def _create(conn: psycopg.Connection, ddl: str | sql.Composed) -> None:
    """Run idempotent DDL under one advisory lock, so appliers starting together don't race."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(7531902)")
        conn.execute(ddl)


def ensure_state(conn: psycopg.Connection) -> None:
    """Create the bookkeeping tables if missing (idempotent; safe from several appliers)."""
    _create(conn, STATE_DDL)


def ensure_positions(conn: psycopg.Connection, mapper: TableMapper) -> None:
    """Create the positions table of `mapper`'s target if missing, its index on the commit
    position (the verifier's incremental pass reads the keys written since a position through
    it) and its truncate floor row (which every batch locks in share mode), idempotently."""
    keys = sql.SQL(", ").join(sql.Identifier(k) for k in mapper.key_columns)
    _create(conn, sql.SQL(
        "create table if not exists strangler_cdc.{table} ({key}, commit_lsn bigint not null, "
        "change_lsn bigint not null, deleted boolean not null, moved jsonb, "
        "primary key ({keys})) with (fillfactor = 70); "
        "alter table strangler_cdc.{table} add column if not exists moved jsonb; "
        "create index if not exists {index} on strangler_cdc.{table} (commit_lsn); "
        "insert into strangler_cdc.truncates (target) values ({target}) on conflict do nothing"
    ).format(table=sql.Identifier(mapper.positions_table), key=mapper.key_definition(),
             keys=keys, target=sql.Literal(mapper.target),
             index=sql.Identifier(mapper.positions_table[:59] + "_lsn")))


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


def record_holds(conn: psycopg.Connection, group: str, holds: Iterable[HeldTable]) -> None:
    """Insert or refresh held tables (a hold already recorded keeps its `since`)."""
    with conn.cursor() as cur:
        cur.executemany(
            "insert into strangler_cdc.held_tables as h "
            "(direction, source_table, target_table, reason, columns) values (%s, %s, %s, %s, %s) "
            "on conflict (direction, source_table) do update set target_table = "
            "excluded.target_table, reason = excluded.reason, columns = excluded.columns",
            [(group, h.table, h.target, h.reason, list(h.columns)) for h in holds])


def load_holds(conn: psycopg.Connection, group: str) -> list[HeldTable]:
    """The held tables of a consumer group, oldest first. Raises `UndefinedTable` when no
    applier has created the bookkeeping tables in this database yet."""
    rows = conn.execute(
        "select source_table, target_table, reason, columns, since "
        "from strangler_cdc.held_tables where direction = %s order by since, source_table",
        (group,)).fetchall()
    return [HeldTable(table, target, reason, tuple(columns), since)
            for table, target, reason, columns, since in rows]


def release_holds(conn: psycopg.Connection, group: str, tables: Iterable[str]) -> None:
    conn.execute("delete from strangler_cdc.held_tables "
                 "where direction = %s and source_table = any(%s::text[])", (group, list(tables)))


def load_truncates(conn: psycopg.Connection, group: str) -> list[TruncateRecord]:
    """The target tables a consumer group has applied source truncates to (none: [])."""
    try:
        rows = conn.execute(
            "select target, direction, truncates, rows_deleted, source_lsn, last_at "
            "from strangler_cdc.truncates where direction = %s and truncates > 0 "
            "order by target", (group,)).fetchall()
    except psycopg.errors.UndefinedTable:
        conn.rollback()
        return []
    return [TruncateRecord(*row) for row in rows]


def load_tx_applied(conn: psycopg.Connection, group: str) -> int:
    row = conn.execute("select commit_lsn from strangler_cdc.tx_applied where grp = %s",
                       (group,)).fetchone()
    return int(row[0]) if row else 0


def record_tx_applied(conn: psycopg.Connection, group: str, lsn: int) -> None:
    if lsn:
        conn.execute("insert into strangler_cdc.tx_applied as a (grp, commit_lsn) values (%s, %s) "
                     "on conflict (grp) do update set "
                     "commit_lsn = greatest(a.commit_lsn, excluded.commit_lsn)", (group, lsn))
