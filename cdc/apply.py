"""Carrying a plan out in the target database: one transaction per batch.

In that transaction: first the batch's source TRUNCATEs, one per target table (children before
the tables they reference): each raises the table's truncate floor (`strangler_cdc.truncates`)
to its position and deletes the target rows, and forgets the positions, older than it; a
truncate at or below the floor already applied (a replay) does nothing, so rows written after
it survive. Then staged rows (position, delete flag, unavailable columns, JSON image, old key)
are COPYed into a temp table and one statement per target table unpacks the images, skips
those at or below the table's truncate floor, advances the table's positions
(`strangler_cdc.pos_*`, keyed like the target) only where the staged position is newer and,
for exactly those keys, upserts, updates (keeping the columns Debezium sent no value for; a
key change takes them from the row under its old key, or from the image its delete left in the
positions table when that row is gone already) or deletes the target rows; then the lag fence
(with a notification for fence waiters), the snapshot floor, the consumer offsets and the
loop-prevention marker are written. Either all of it commits or none of it does.

Every statement writing rows locks the table's floor row in share mode and a truncate locks it
exclusively, so a truncate and a batch of changes of the same table in another applier of the
group never interleave: either the changes see the new floor, or the truncate sees them.
"""

from __future__ import annotations

import graphlib
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import orjson
import psycopg
from psycopg import sql

from cdc.errors import TruncateBlocked, first_line
from cdc.faults import crash_point
from cdc.fences import FENCE_CHANNEL
from cdc.mapping import TableMapper
from cdc.plan import Encoded, Plan, StagedRow, Truncate

__all__ = ["Applied", "apply_plan", "encode_plan", "encode_table", "forget_connection"]


@dataclass(frozen=True)
class Applied:
    staged: int
    applied: int  # rows whose position was newer than the target's: written
    # target -> rows deleted, for each truncate applied (replayed ones are not listed)
    truncated: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0  # key changes whose unchanged TOASTed values the target no longer had

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
                "_del boolean not null, _unavail text[], _doc json not null, _moved json) "
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
    """Unpack, skip what a truncate removed, guard, then upsert / keep-unavailable update /
    move from the old key / delete, for the winners only."""
    target = _ident(mapper.target)
    cols = [sql.Identifier(c) for c in columns]
    keys = sql.SQL(", ").join(sql.Identifier(k) for k in mapper.key_columns)
    non_key = [c for c in columns if c not in mapper.key_columns]

    def match(alias: str) -> sql.Composable:  # alias's key = the winner's key
        return sql.SQL(" and ").join(
            sql.SQL("{a}.{c} = w.{c}").format(a=sql.Identifier(alias), c=sql.Identifier(k))
            for k in mapper.key_columns)

    def keep(c: str, old: str) -> sql.Composable:
        return sql.SQL("case when {name} = any(w._unavail) then {o}.{c} else w.{c} end").format(
            c=sql.Identifier(c), name=sql.Literal(c), o=sql.Identifier(old))

    def old_key_match(alias: str) -> sql.Composable:
        return sql.SQL(" and ").join(
            sql.SQL("{a}.{c} = {v}").format(a=sql.Identifier(alias), c=sql.Identifier(k),
                                            v=mapper.field_expression(sql.SQL("w._moved"), k))
            for k in mapper.key_columns)

    set_all = sql.SQL(", ").join(
        sql.SQL("{c} = excluded.{c}").format(c=sql.Identifier(c)) for c in non_key)
    set_keep = sql.SQL(", ").join(
        sql.SQL("{c} = {v}").format(c=sql.Identifier(c), v=keep(c, "t")) for c in non_key
    ) if non_key else sql.SQL("{k} = t.{k}").format(k=sql.Identifier(mapper.key_columns[0]))
    on_conflict = (sql.SQL("do update set {}").format(set_all) if non_key
                   else sql.SQL("do nothing"))
    values = sql.SQL(", ").join(
        sql.SQL("{} as {}").format(mapper.value_expression(c), sql.Identifier(c))
        for c in columns)
    return sql.SQL("""
with floor as materialized (
    select commit_lsn, change_lsn from strangler_cdc.truncates where target = {name} for share
), src as materialized (
    select s._commit, s._change, s._del, s._unavail, s._moved, {values}
    from {stg} s cross join lateral json_to_record(s._doc) as r({record})
    where not exists (select 1 from floor f
                      where (f.commit_lsn, f.change_lsn) >= (s._commit, s._change))
), won as (
    insert into strangler_cdc.{positions} as p ({keys}, commit_lsn, change_lsn, deleted, moved)
    select {keys}, _commit, _change, _del,
           case when _del and _moved is not null
                then (select to_jsonb(t) from {target} t where {match_src}) end
    from src
    on conflict ({keys}) do update
        set commit_lsn = excluded.commit_lsn, change_lsn = excluded.change_lsn,
            deleted = excluded.deleted, moved = excluded.moved
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
    from w where not w._del and w._unavail is not null and {match_t}
    returning 1
), moving as materialized (
    select w.*, coalesce(
        (select to_jsonb(o) from {target} o where {old_key_match_o}),
        (select p.moved from strangler_cdc.{positions} p where {old_key_match_p})) as _old
    from w
    where not w._del and w._unavail is not null and w._moved is not null
      and not exists (select 1 from {target} t where {match_t})
), moved as (
    insert into {target} ({cols})
    select {moved} from moving w
    cross join lateral jsonb_populate_record(null::{target}, w._old) o
    where w._old is not null
    on conflict ({keys}) do nothing
    returning 1
), deleted as (
    delete from {target} t using w where w._del and {match_t}
    returning 1
)
select (select count(*) from won), (select count(*) from upserted),
       (select count(*) from kept), (select count(*) from deleted),
       (select count(*) from moving) - (select count(*) from moved)
""").format(
        name=sql.Literal(mapper.target), values=values, stg=sql.Identifier(staging),
        record=mapper.record_definition(columns),
        positions=sql.Identifier(mapper.positions_table), keys=keys, target=target,
        cols=sql.SQL(", ").join(cols), on_conflict=on_conflict, set_keep=set_keep,
        match_t=match("t"), old_key_match_o=old_key_match("o"),
        old_key_match_p=old_key_match("p"), match_src=sql.SQL(" and ").join(
            sql.SQL("t.{c} = src.{c}").format(c=sql.Identifier(k)) for k in mapper.key_columns),
        moved=sql.SQL(", ").join(keep(c, "o") for c in columns))


def _truncate_statements(mapper: TableMapper) -> tuple[sql.Composed, sql.Composed]:
    """(raise the floor, delete what is older than it): two statements, so the delete's
    snapshot is taken once the floor row is locked and sees every batch committed before."""
    raise_floor = sql.SQL("""
insert into strangler_cdc.truncates as f
    (target, commit_lsn, change_lsn, source_lsn, truncates, direction, last_at)
values ({name}, %(commit)s, %(change)s, %(lsn)s, %(events)s, %(group)s, clock_timestamp())
on conflict (target) do update set
    commit_lsn = excluded.commit_lsn, change_lsn = excluded.change_lsn,
    source_lsn = excluded.source_lsn, truncates = f.truncates + excluded.truncates,
    direction = excluded.direction, last_at = excluded.last_at
    where (f.commit_lsn, f.change_lsn) < (excluded.commit_lsn, excluded.change_lsn)
returning 1""").format(name=sql.Literal(mapper.target))
    match = sql.SQL(" and ").join(sql.SQL("p.{c} = t.{c}").format(c=sql.Identifier(k))
                                  for k in mapper.key_columns)
    delete = sql.SQL("""
with gone as (
    delete from {target} t where not exists (
        select 1 from strangler_cdc.{positions} p
        where {match} and (p.commit_lsn, p.change_lsn) > (%(commit)s, %(change)s))
    returning 1
), forgotten as (
    delete from strangler_cdc.{positions} p
    where (p.commit_lsn, p.change_lsn) < (%(commit)s, %(change)s)
)
update strangler_cdc.truncates set rows_deleted = rows_deleted + (select count(*) from gone)
where target = {name}
returning (select count(*) from gone)
""").format(target=_ident(mapper.target), positions=sql.Identifier(mapper.positions_table),
            match=match, name=sql.Literal(mapper.target))
    return raise_floor, delete


def _truncate_order(conn: psycopg.Connection, targets: list[str]) -> list[str]:
    """`targets` with every table before the tables it references (foreign keys at the
    target), so deleting the rows of a truncated parent does not trip its truncated child."""
    if len(targets) < 2:
        return targets
    edges = conn.execute(
        "select a.t, b.t from unnest(%s::text[]) a(t), unnest(%s::text[]) b(t) "
        "where a.t <> b.t and exists (select 1 from pg_constraint c where c.contype = 'f' "
        "and c.conrelid = a.t::regclass and c.confrelid = b.t::regclass)",
        (targets, targets)).fetchall()
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter(
        {t: set() for t in targets})
    for child, parent in edges:
        sorter.add(parent, child)
    try:
        return list(sorter.static_order())
    except graphlib.CycleError:
        return targets  # a cycle: the database decides (and says which constraint, if any)


def _apply_truncates(conn: psycopg.Connection, plan: Plan, group: str) -> dict[str, int]:
    deleted: dict[str, int] = {}
    for target in _truncate_order(conn, list(plan.truncates)):
        truncate: Truncate = plan.truncates[target]
        mapper = plan.mappers[target]
        raise_floor, delete = _truncate_statements(mapper)
        params = {"commit": truncate.position.commit, "change": truncate.position.change,
                  "lsn": truncate.lsn, "events": truncate.events, "group": group}
        if conn.execute(raise_floor, params).fetchone() is None:
            continue  # a truncate at or after this one is applied already: a replay
        try:
            with conn.transaction():  # a savepoint: the error names the table that blocks
                row = conn.execute(delete, params).fetchone()
        except psycopg.errors.ForeignKeyViolation as exc:
            raise TruncateBlocked(
                f"truncate of {target} waits: {first_line(exc)} (a table referencing it is "
                "not truncated in this batch; retrying)") from exc
        deleted[target] = int(row[0]) if row else 0
    return deleted


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

    A row whose image lacks a written column (missing, or a TOAST placeholder that the plan
    took out) lists those columns as unavailable: the target keeps its values.
    """
    rows = list(rows)
    present: set[str] = set()
    for row in rows:
        if not row.delete:
            present.update(row.doc)
            present.update(row.unavailable)
    columns = mapper.target_columns_for(present)
    written = [(mapper.source_name(c), c) for c in columns if c not in mapper.key_columns]
    width = len(present)
    lines = []
    ops: dict[str, int] = {}
    for row in rows:
        ops[row.op] = ops.get(row.op, 0) + 1
        doc = row.doc
        unavailable = moved = b"\\N"
        if not row.delete and len(doc) != width:
            missing = [target for source, target in written if source not in doc]
            if missing:
                unavailable = _text_array(missing)
                if row.key_change is not None:  # where the values it lacks are
                    moved = _copy_text(orjson.dumps(row.key_change))
        elif row.delete and row.key_change is not None:  # keep the image for the move
            moved = _copy_text(orjson.dumps(row.key_change))
        lines.append(b"%d\t%d\t%s\t%s\t%s\t%s\n" % (
            row.position.commit, row.position.change, b"t" if row.delete else b"f",
            unavailable, _copy_text(orjson.dumps(doc)), moved))
    return Encoded(columns, b"".join(lines), {str(op): n for op, n in ops.items()})


def encode_plan(plan: Plan) -> None:
    """Encode every table's staged rows once, into `plan.encoded`."""
    for target, rows in plan.rows.items():
        plan.encoded[target] = encode_table(plan.mappers[target], rows.values())


def _copy_rows(conn: psycopg.Connection, staging: str, payload: bytes) -> None:
    copy_sql = sql.SQL(
        "copy {} (_commit, _change, _del, _unavail, _doc, _moved) from stdin").format(
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
    applied = unresolved = 0
    truncated: dict[str, int] = {}
    with conn.transaction():
        if plan.truncates:
            truncated = _apply_truncates(conn, plan, group)
        for target, keyed in plan.rows.items():
            mapper = plan.mappers[target]
            encoded = plan.encoded.get(target)
            if encoded is None:
                encoded = plan.encoded[target] = encode_table(mapper, keyed.values())
            columns, payload, _ = encoded
            staging = _stager.table_for(conn, mapper)
            _copy_rows(conn, staging, payload)
            result = conn.execute(_cached_statement(conn, mapper, staging, columns)).fetchone()
            if result:
                applied += int(result[0])
                unresolved += int(result[4])
        if plan.fence is not None:
            # The notification is sent at commit, only if the fence advanced: fence waiters
            # (`cdc.fences.wait_for_fence`) wake at once instead of polling.
            conn.execute(
                "with advanced as (insert into strangler_cdc.fences_applied as f "
                "(direction, lsn, source_ts, applied_at) values (%s, %s, %s, clock_timestamp()) "
                "on conflict (direction) do update set lsn = excluded.lsn, "
                "source_ts = excluded.source_ts, applied_at = excluded.applied_at "
                "where f.lsn < excluded.lsn returning direction) "
                "select pg_notify(%s, direction) from advanced",
                (group, plan.fence[0], plan.fence[1], FENCE_CHANNEL))
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
        if origin is not None and (plan.staged or truncated):
            conn.execute(
                "insert into strangler_cdc.cdc_origin (xid, origin) "
                "values (txid_current() %% 4294967296, %s) on conflict do nothing", (origin,))
        if before_commit is not None:
            before_commit()
        crash_point("before-db-commit")
    return Applied(staged=plan.staged, applied=applied, truncated=truncated,
                   unresolved=unresolved)
