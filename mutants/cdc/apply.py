"""Carrying a plan out in the target database: one transaction per batch.

In that transaction: staged rows (position, delete flag, unavailable columns, JSON image) are
COPYed into a temp table, then one statement per target table unpacks the images, advances the
table's positions (`strangler_cdc.pos_*`, keyed like the target) only where the staged position
is newer and, for exactly those keys, upserts, updates (keeping the columns Debezium marked
unavailable) or deletes the target rows; then the lag fence, the snapshot floor, the consumer
offsets and the loop-prevention marker are written. Either all of it commits or none of it does.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import orjson
import psycopg
from psycopg import sql

from cdc.events import UNAVAILABLE
from cdc.faults import crash_point
from cdc.mapping import TableMapper
from cdc.plan import Encoded, Plan, StagedRow

__all__ = ["Applied", "apply_plan", "encode_plan", "encode_table", "forget_connection"]


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
                "create temp table {} (_commit bigint not null, _change bigint not null, "
                "_del boolean not null, _unavail text[], _doc json not null) "
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
    """Unpack, guard, then upsert / keep-unavailable update / delete, for the winners only."""
    target = _ident(mapper.target)
    cols = [sql.Identifier(c) for c in columns]
    keys = sql.SQL(", ").join(sql.Identifier(k) for k in mapper.key_columns)
    non_key = [c for c in columns if c not in mapper.key_columns]
    key_match = sql.SQL(" and ").join(
        sql.SQL("t.{c} = w.{c}").format(c=sql.Identifier(k)) for k in mapper.key_columns)
    set_all = sql.SQL(", ").join(
        sql.SQL("{c} = excluded.{c}").format(c=sql.Identifier(c)) for c in non_key)
    set_keep = sql.SQL(", ").join(
        sql.SQL("{c} = case when {name} = any(w._unavail) then t.{c} else w.{c} end").format(
            c=sql.Identifier(c), name=sql.Literal(c)) for c in non_key) if non_key else \
        sql.SQL("{k} = t.{k}").format(k=sql.Identifier(mapper.key_columns[0]))
    on_conflict = (sql.SQL("do update set {}").format(set_all) if non_key
                   else sql.SQL("do nothing"))
    values = sql.SQL(", ").join(
        sql.SQL("{} as {}").format(mapper.value_expression(c), sql.Identifier(c))
        for c in columns)
    return sql.SQL("""
with src as materialized (
    select s._commit, s._change, s._del, s._unavail, {values}
    from {stg} s cross join lateral json_to_record(s._doc) as r({record})
), won as (
    insert into strangler_cdc.{positions} as p ({keys}, commit_lsn, change_lsn, deleted)
    select {keys}, _commit, _change, _del from src
    on conflict ({keys}) do update
        set commit_lsn = excluded.commit_lsn, change_lsn = excluded.change_lsn,
            deleted = excluded.deleted
        where (p.commit_lsn, p.change_lsn) < (excluded.commit_lsn, excluded.change_lsn)
    returning {keys}
), w as materialized (
    select src.* from src join won using ({keys})
), upserted as (
    insert into {target} ({cols})
    select {cols} from w where not w._del and w._unavail is null
    on conflict ({keys}) {on_conflict}
    returning 1
), kept as (
    update {target} t set {set_keep}
    from w where not w._del and w._unavail is not null and {key_match}
    returning 1
), deleted as (
    delete from {target} t using w where w._del and {key_match}
    returning 1
)
select (select count(*) from won), (select count(*) from upserted),
       (select count(*) from kept), (select count(*) from deleted)
""").format(
        values=values, stg=sql.Identifier(staging), record=mapper.record_definition(columns),
        positions=sql.Identifier(mapper.positions_table), keys=keys, target=target,
        cols=sql.SQL(", ").join(cols), on_conflict=on_conflict, set_keep=set_keep,
        key_match=key_match)


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


def _copy_text(raw: bytes) -> bytes:
    """COPY text-format escaping for JSON text (JSON never holds raw control characters)."""
    return raw.replace(b"\\", b"\\\\")


def _text_array(names: list[str]) -> bytes:
    """A text[] literal, COPY-escaped."""
    quoted = ",".join('"' + n.replace("\\", "\\\\").replace('"', '\\"') + '"' for n in names)
    return _copy_text(("{" + quoted + "}").encode())


def encode_table(mapper: TableMapper, rows: Iterable[StagedRow]) -> Encoded:
    """The target columns written and the COPY payload for one table's staged rows (pure; the
    applier runs it on the consumer thread, not the writer).

    A row whose image lacks a written column, or carries Debezium's TOAST placeholder for it,
    lists those columns as unavailable (the target keeps its values) and is staged without them.
    """
    rows = list(rows)
    present: set[str] = set()
    for row in rows:
        if not row.delete:
            present.update(row.doc)
    columns = mapper.target_columns_for(present)
    written = [(mapper.source_name(c), c) for c in columns if c not in mapper.key_columns]
    width = len(present)
    lines = []
    ops: dict[str, int] = {}
    for row in rows:
        ops[row.op] = ops.get(row.op, 0) + 1
        doc = row.doc
        unavailable = b"\\N"
        if not row.delete and (len(doc) != width or UNAVAILABLE in doc.values()):
            missing = [target for source, target in written
                       if doc.get(source, UNAVAILABLE) == UNAVAILABLE]
            if missing:
                unavailable = _text_array(missing)
                doc = {k: v for k, v in doc.items() if v != UNAVAILABLE}
        lines.append(b"%d\t%d\t%s\t%s\t%s\n" % (
            row.position.commit, row.position.change, b"t" if row.delete else b"f",
            unavailable, _copy_text(orjson.dumps(doc))))
    return Encoded(columns, b"".join(lines), {str(op): n for op, n in ops.items()})


def encode_plan(plan: Plan) -> None:
    """Encode every table's staged rows once, into `plan.encoded`."""
    for target, rows in plan.rows.items():
        plan.encoded[target] = encode_table(plan.mappers[target], rows.values())


def _copy_rows(conn: psycopg.Connection, staging: str, payload: bytes) -> None:
    copy_sql = sql.SQL("copy {} (_commit, _change, _del, _unavail, _doc) from stdin").format(
        sql.Identifier(staging))
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        copy.write(payload)


def apply_plan(conn: psycopg.Connection, plan: Plan, *, group: str, origin: str | None,
               before_commit: Callable[[], None] | None = None) -> Applied:
    """Apply `plan` in one transaction on `conn` (autocommit off). Raises psycopg errors.

    The consumer group (one per context and direction) keys the offsets, the lag fence and
    the snapshot floor.

    `before_commit` runs last inside the transaction (the applier dead-letters there: a
    failure rolls everything back, and nothing is dead-lettered for a batch that fails).
    """
    applied = 0
    with conn.transaction():
        for target, keyed in plan.rows.items():
            mapper = plan.mappers[target]
            encoded = plan.encoded.get(target)
            if encoded is None:
                encoded = plan.encoded[target] = encode_table(mapper, keyed.values())
            columns, payload, _ = encoded
            staging = _stager.table_for(conn, mapper)
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
                (group, plan.fence[0], plan.fence[1]))
        if plan.snapshot_floor:
            conn.execute(
                "insert into strangler_cdc.snapshot_floor as f (direction, lsn) values (%s, %s) "
                "on conflict (direction) do update set lsn = greatest(f.lsn, excluded.lsn)",
                (group, plan.snapshot_floor))
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
