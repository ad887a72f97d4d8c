"""The verifier's stored range checksums, in the target database (schema `strangler_cdc`,
the pipeline's own; the application's tables are never written).

* `verify_state`: per consumer group (context and direction) and source table, the `Lineage`
  the state is valid for, the range bounds (each a JSON array of the key columns' texts) and
  whether every range has been hashed (`complete`);
* `verify_ranges`: one row per finished range: its bounds, the fence it was hashed at and its
  `since` position, both sides' rows and hash sums, and whether they were equal.

Ranges are written as they finish (one statement per batch), so an interrupted pass leaves
what it had done; a full pass starts by replacing the table's state. The lineage facts are
read by `read_lineage` from the two anchored snapshots (`anchor.py`), so they describe exactly
the data the pass compares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import psycopg
from psycopg.types.json import Jsonb

from cdc.mapping import positions_table
from cdc.verify.bisect import RangeSum
from cdc.verify.incremental import Lineage, StoredRange, StoredState

__all__ = ["STORE_DDL", "Store", "read_lineage", "source_identity"]

STORE_DDL = """
create schema if not exists strangler_cdc;
create table if not exists strangler_cdc.verify_state (
    grp text not null, source_table text not null, target_table text not null,
    layout_hash text not null, hash_function text not null,
    system_id text not null, timeline int not null, snapshot_floor bigint not null,
    truncate_lsn bigint not null, offsets jsonb not null, bounds jsonb not null,
    complete boolean not null default false, updated_at timestamptz not null default now(),
    primary key (grp, source_table));
create table if not exists strangler_cdc.verify_ranges (
    grp text not null, source_table text not null, idx int not null,
    lo jsonb, hi jsonb, fence_lsn bigint not null, since_lsn bigint not null,
    source_rows bigint not null, source_sum numeric not null,
    target_rows bigint not null, target_sum numeric not null, equal boolean not null,
    verified_at timestamptz not null default now(),
    primary key (grp, source_table, idx));
"""


def source_identity(conn: psycopg.Connection) -> tuple[str, int]:
    """The source server's system identifier and timeline ("", 0 where the role may not read
    them: then only the WAL position tells a replaced server)."""
    try:
        with conn.transaction():  # a savepoint inside the anchor's snapshot
            row = conn.execute("select s.system_identifier::text, c.timeline_id "
                               "from pg_control_system() s, pg_control_checkpoint() c"
                               ).fetchone()
    except psycopg.errors.InsufficientPrivilege:
        return "", 0
    return (str(row[0]), int(row[1])) if row else ("", 0)


def read_lineage(source: psycopg.Connection, target: psycopg.Connection, *, group: str,
                 target_table: str, layout_hash: str,
                 hash_function: str) -> tuple[Lineage, bool]:
    """The lineage now, and whether the applier tracks the target table's keys (its
    positions table exists)."""
    system_id, timeline = source_identity(source)
    row = target.execute(  # one round trip
        "select (select lsn from strangler_cdc.snapshot_floor where direction = %(grp)s), "
        "(select commit_lsn from strangler_cdc.truncates where target = %(table)s), "
        "(select coalesce(jsonb_object_agg(topic || '/' || part, next_offset), '{}') "
        "from strangler_cdc.applier_offsets where grp = %(grp)s), "
        "to_regclass(%(positions)s) is not null",
        {"grp": group, "table": target_table,
         "positions": f"strangler_cdc.{positions_table(target_table)}"}).fetchone()
    assert row is not None  # a select without FROM returns its one row
    floor, truncate, offsets, tracked = row
    lineage = Lineage(layout_hash, hash_function, system_id, timeline, int(floor or 0),
                      int(truncate or 0), {str(tp): int(n) for tp, n in offsets.items()})
    return lineage, bool(tracked)


class Store:
    """Reads and writes one consumer group's stored state on its own (autocommit) target
    connection, apart from the anchored snapshot the pass reads."""

    def __init__(self, conn: psycopg.Connection, group: str) -> None:
        self.conn, self.group = conn, group

    def ensure(self) -> None:
        row = self.conn.execute("select to_regclass('strangler_cdc.verify_ranges')").fetchone()
        if row and row[0] is not None:
            return
        with self.conn.transaction():
            self.conn.execute("select pg_advisory_xact_lock(7531903)")
            self.conn.execute(STORE_DDL)

    def load(self, source_table: str) -> StoredState | None:
        row = self.conn.execute(
            "select layout_hash, hash_function, system_id, timeline, snapshot_floor, "
            "truncate_lsn, offsets, bounds, complete from strangler_cdc.verify_state "
            "where grp = %s and source_table = %s", (self.group, source_table)).fetchone()
        if row is None:
            return None
        lineage = Lineage(row[0], row[1], row[2], int(row[3]), int(row[4]), int(row[5]),
                          {str(k): int(v) for k, v in row[6].items()})
        ranges = {row[0]: StoredRange(*row[1:]) for row in self.conn.execute(
            "select idx, fence_lsn, since_lsn, source_rows, source_sum::text, target_rows, "
            "target_sum::text from strangler_cdc.verify_ranges "
            "where grp = %s and source_table = %s", (self.group, source_table)).fetchall()}
        bounds = tuple(tuple(str(v) for v in b) for b in row[7])
        return StoredState(lineage, bounds, bool(row[8]), ranges)

    def begin(self, source_table: str, target_table: str, lineage: Lineage,
              bounds: Sequence[Sequence[str]]) -> None:
        """Replace the table's state by an empty one over `bounds` (a full pass)."""
        with self.conn.transaction():
            self.conn.execute("delete from strangler_cdc.verify_ranges "
                              "where grp = %s and source_table = %s", (self.group, source_table))
            self.conn.execute(
                "insert into strangler_cdc.verify_state as s (grp, source_table, target_table, "
                "layout_hash, hash_function, system_id, timeline, snapshot_floor, truncate_lsn, "
                "offsets, bounds, complete) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "false) on conflict (grp, source_table) do update set "
                "target_table = excluded.target_table, layout_hash = excluded.layout_hash, "
                "hash_function = excluded.hash_function, system_id = excluded.system_id, "
                "timeline = excluded.timeline, snapshot_floor = excluded.snapshot_floor, "
                "truncate_lsn = excluded.truncate_lsn, offsets = excluded.offsets, "
                "bounds = excluded.bounds, complete = false, updated_at = now()",
                (self.group, source_table, target_table, *self._lineage(lineage),
                 Jsonb([list(b) for b in bounds])))

    @staticmethod
    def _lineage(lineage: Lineage) -> tuple[object, ...]:
        return (lineage.layout_hash, lineage.hash_function, lineage.system_id,
                lineage.timeline, lineage.snapshot_floor, lineage.truncate_lsn,
                Jsonb(dict(lineage.offsets)))

    def save(self, source_table: str, fence_lsn: int, since_lsn: int,
             hashed: Mapping[int, tuple[RangeSum, RangeSum]]) -> None:
        """Store the checksums of finished ranges (range -> (source, target)), their bounds
        taken from the table's state, in one statement (one row per range through
        `executemany` took ~0.5 s for 3,900 ranges, on the full pass's path)."""
        if not hashed:
            return
        order = sorted(hashed)
        # the bounds are unnested once: `bounds -> i` per range read the whole (toasted) array
        # again each time
        self.conn.execute(
            "with b as (select x.n - 1 as i, x.e from strangler_cdc.verify_state st, "
            "jsonb_array_elements(st.bounds) with ordinality x(e, n) "
            "where st.grp = %(grp)s and st.source_table = %(table)s) "
            "insert into strangler_cdc.verify_ranges as r (grp, source_table, idx, lo, hi, "
            "fence_lsn, since_lsn, source_rows, source_sum, target_rows, target_sum, equal) "
            "select %(grp)s, %(table)s, u.i, lo.e, hi.e, %(fence)s, %(since)s, u.sr, u.ss, u.tr, "
            "u.ts, u.eq from unnest(%(i)s::int[], %(sr)s::bigint[], %(ss)s::numeric[], "
            "%(tr)s::bigint[], %(ts)s::numeric[], %(eq)s::boolean[]) u(i, sr, ss, tr, ts, eq) "
            "left join b lo on lo.i = u.i - 1 left join b hi on hi.i = u.i "
            "on conflict (grp, source_table, idx) do update set fence_lsn = "
            "excluded.fence_lsn, since_lsn = excluded.since_lsn, source_rows = "
            "excluded.source_rows, source_sum = excluded.source_sum, target_rows = "
            "excluded.target_rows, target_sum = excluded.target_sum, equal = excluded.equal, "
            "verified_at = now()",
            {"grp": self.group, "table": source_table, "fence": fence_lsn, "since": since_lsn,
             "i": order, "sr": [hashed[i][0].rows for i in order],
             "ss": [hashed[i][0].hash_sum for i in order],
             "tr": [hashed[i][1].rows for i in order],
             "ts": [hashed[i][1].hash_sum for i in order],
             "eq": [hashed[i][0] == hashed[i][1] for i in order]})

    def finish(self, source_table: str, lineage: Lineage) -> None:
        """Every range is stored: the state is complete, valid for `lineage` (its offsets are
        the newest ones, so a topic recreated later is noticed)."""
        self.conn.execute(
            "update strangler_cdc.verify_state set complete = true, offsets = %s, "
            "updated_at = now() where grp = %s and source_table = %s",
            (Jsonb(dict(lineage.offsets)), self.group, source_table))
