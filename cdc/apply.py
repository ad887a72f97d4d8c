"""Carrying a plan out in the target database: one transaction per batch.

In that transaction: staged rows are COPYed into a temp table, then one statement per target
table advances `strangler_cdc.row_positions` only where the staged position is newer and, for
exactly those keys, upserts, updates (keeping columns Debezium marked unavailable) or deletes
the target rows; then the lag fence, the snapshot floor, the consumer offsets and the
loop-prevention marker are written. Either all of it commits or none of it does.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import orjson
import psycopg
from psycopg import sql

from cdc.faults import crash_point
from cdc.mapping import TableMapper
from cdc.plan import Plan, StagedRow

__all__ = ["Applied", "apply_plan"]



@dataclass(frozen=True)
class Applied:
    staged: int
    applied: int  # rows whose position was newer than the target's: written

    @property
    def guard_skips(self) -> int:
        return self.staged - self.applied


def _ident(qualified: str) -> sql.Composable:
    schema, table = qualified.split(".", 1)
    return sql.Identifier(schema, table)


class _Stager:
    """Per-connection temp tables, one per target table, emptied at every commit."""

    def __init__(self) -> None:
        self.created: dict[tuple[int, str], str] = {}

    def table_for(self, conn: psycopg.Connection, mapper: TableMapper) -> str:
        key = (id(conn), mapper.target)
        name = self.created.get(key)
        if name is None:
            name = f"_stg_{len(self.created)}_{mapper.target.replace('.', '_')}"[:63]
            conn.execute(sql.SQL(
                "create temp table {} (_k text not null, _commit bigint not null, "
                "_change bigint not null, _del boolean not null, _doc jsonb not null) "
                "on commit delete rows").format(sql.Identifier(name)))
            self.created[key] = name
        return name

    def forget(self, conn: psycopg.Connection) -> None:
        for key in [k for k in self.created if k[0] == id(conn)]:
            del self.created[key]


_stager = _Stager()


def forget_connection(conn: psycopg.Connection) -> None:
    """Call when a connection is closed or broken: its temp tables are gone."""
    _stager.forget(conn)


def _statement(mapper: TableMapper, staging: str, columns: list[str]) -> sql.Composed:
    """Guard, then upsert / keep-unavailable update / delete, for the winners only."""
    target = _ident(mapper.target)
    cols = [sql.Identifier(c) for c in columns]
    non_key = [c for c in columns if c not in mapper.key_columns]
    key_match = sql.SQL(" and ").join(
        sql.SQL("t.{c} = src.{c}").format(c=sql.Identifier(k)) for k in mapper.key_columns)
    conflict = sql.SQL(", ").join(sql.Identifier(k) for k in mapper.key_columns)
    set_all = sql.SQL(", ").join(
        sql.SQL("{c} = excluded.{c}").format(c=sql.Identifier(c)) for c in non_key)
    set_keep = sql.SQL(", ").join(
        sql.SQL("{c} = case when {name} = any(src._unavail) then t.{c} else src.{c} end").format(
            c=sql.Identifier(c), name=sql.Literal(c)) for c in non_key) if non_key else \
        sql.SQL("{k} = t.{k}").format(k=sql.Identifier(mapper.key_columns[0]))
    on_conflict = (sql.SQL("do update set {}").format(set_all) if non_key
                   else sql.SQL("do nothing"))
    values = sql.SQL(", ").join(
        sql.SQL("{} as {}").format(mapper.value_expression(c), sql.Identifier(c))
        for c in columns)
    unavailable = sql.SQL("array_remove(array[{}]::text[], null)").format(
        sql.SQL(", ").join(mapper.unavailable_expression(c) for c in non_key)) if non_key \
        else sql.SQL("'{}'::text[]")
    return sql.SQL("""
with won as (
    insert into strangler_cdc.row_positions as p (tbl, k, commit_lsn, change_lsn, deleted)
    select {tbl}, s._k, s._commit, s._change, s._del from {stg} s
    on conflict (tbl, k) do update
        set commit_lsn = excluded.commit_lsn, change_lsn = excluded.change_lsn,
            deleted = excluded.deleted
        where (p.commit_lsn, p.change_lsn) < (excluded.commit_lsn, excluded.change_lsn)
    returning k
), src as materialized (
    select s._del, {values}, case when s._del then '{{}}'::text[] else {unavailable} end
           as _unavail
    from {stg} s join won on won.k = s._k
), upserted as (
    insert into {target} ({cols})
    select {src_cols} from src where not src._del and cardinality(src._unavail) = 0
    on conflict ({conflict}) {on_conflict}
    returning 1
), kept as (
    update {target} t set {set_keep}
    from src where not src._del and cardinality(src._unavail) > 0 and {key_match}
    returning 1
), deleted as (
    delete from {target} t using src where src._del and {key_match}
    returning 1
)
select (select count(*) from won), (select count(*) from upserted),
       (select count(*) from kept), (select count(*) from deleted)
""").format(
        tbl=sql.Literal(mapper.target), stg=sql.Identifier(staging), target=target,
        cols=sql.SQL(", ").join(cols), values=values, unavailable=unavailable,
        src_cols=sql.SQL(", ").join(sql.SQL("src.{}").format(c) for c in cols),
        conflict=conflict, on_conflict=on_conflict, set_keep=set_keep, key_match=key_match)


# Rendered statements per mapper and column set: built once, not once per batch. Weak keys:
# a mapper reloaded after schema drift brings fresh statements.
_statements: weakref.WeakKeyDictionary[TableMapper, dict[tuple[str, tuple[str, ...]], bytes]] = (
    weakref.WeakKeyDictionary())


def _cached_statement(conn: psycopg.Connection, mapper: TableMapper, staging: str,
                      columns: list[str]) -> bytes:
    cache = _statements.setdefault(mapper, {})
    key = (staging, tuple(columns))
    rendered = cache.get(key)
    if rendered is None:
        rendered = cache[key] = _statement(mapper, staging, columns).as_bytes(conn)
    return rendered


def _copy_text(value: str | bytes) -> bytes:
    """COPY text-format escaping for JSON text (JSON never holds raw control characters)."""
    raw = value.encode() if isinstance(value, str) else value
    return raw.replace(b"\\", b"\\\\")


def encode_rows(rows: Iterable[StagedRow]) -> bytes:
    """The COPY text payload of staged rows (pure; the applier runs it off the writer thread)."""
    return b"".join([b"%s\t%d\t%d\t%s\t%s\n" % (
        _copy_text(row.key), row.position.commit, row.position.change,
        b"t" if row.delete else b"f", _copy_text(orjson.dumps(row.doc))) for row in rows])


def encode_plan(plan: Plan) -> None:
    """Encode every table's staged rows once, into `plan.encoded`."""
    for target, rows in plan.rows.items():
        plan.encoded[target] = encode_rows(rows.values())


def _copy_rows(conn: psycopg.Connection, staging: str, payload: bytes) -> None:
    copy_sql = sql.SQL("copy {} (_k, _commit, _change, _del, _doc) from stdin").format(
        sql.Identifier(staging))
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        copy.write(payload)


def apply_plan(conn: psycopg.Connection, plan: Plan, mappers: dict[str, TableMapper], *,
               group: str, direction: str, origin: str | None,
               before_commit: Callable[[], None] | None = None) -> Applied:
    """Apply `plan` in one transaction on `conn` (autocommit off). Raises psycopg errors.

    `before_commit` runs last inside the transaction (the applier dead-letters there: a
    failure rolls everything back, and nothing is dead-lettered for a batch that fails).
    """
    applied = 0
    with conn.transaction():
        by_target = {m.target: m for m in mappers.values()}
        for target, keyed in plan.rows.items():
            mapper = by_target[target]
            rows = list(keyed.values())
            present: set[str] = set()
            for shape in {frozenset(r.doc) for r in rows if not r.delete}:
                present |= shape
            columns = mapper.target_columns_for(present)
            staging = _stager.table_for(conn, mapper)
            payload = plan.encoded.get(target) or encode_rows(rows)
            _copy_rows(conn, staging, payload)
            result = conn.execute(_cached_statement(conn, mapper, staging, columns)).fetchone()
            applied += int(result[0]) if result else 0
        if plan.fence is not None:
            conn.execute(
                "insert into strangler_cdc.fences_applied as f "
                "(direction, lsn, source_ts, applied_at) values (%s, %s, %s, clock_timestamp()) "
                "on conflict (direction) do update set lsn = excluded.lsn, "
                "source_ts = excluded.source_ts, applied_at = excluded.applied_at "
                "where f.lsn < excluded.lsn",
                (direction, plan.fence[0], plan.fence[1]))
        if plan.snapshot_floor:
            conn.execute(
                "insert into strangler_cdc.snapshot_floor as f (direction, lsn) values (%s, %s) "
                "on conflict (direction) do update set lsn = greatest(f.lsn, excluded.lsn)",
                (direction, plan.snapshot_floor))
        if plan.offsets:
            conn.execute(
                "insert into strangler_cdc.applier_offsets as o (grp, topic, part, next_offset) "
                "select %s, t, p, n from unnest(%s::text[], %s::int[], %s::bigint[]) as x(t, p, n)"
                " on conflict (grp, topic, part) do update set "
                "next_offset = greatest(o.next_offset, excluded.next_offset), updated_at = now()",
                (group, [t for t, _ in plan.offsets], [p for _, p in plan.offsets],
                 list(plan.offsets.values())))
        if origin is not None and plan.staged:
            conn.execute(
                "insert into strangler_cdc.cdc_origin (xid, origin) "
                "values (txid_current() %% 4294967296, %s) on conflict do nothing", (origin,))
        if before_commit is not None:
            before_commit()
        crash_point("before-db-commit")
    return Applied(staged=plan.staged, applied=applied)
