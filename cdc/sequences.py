"""Moving the new writer's sequences past every id the old writer handed out (write cut-over).

Until the write cut-over the monolith hands out the ids, and the service's tables receive them
through the applier: the service's own sequences (serial and identity columns) never moved.
Before the service takes writes, each of its sequences must be set past both the highest id in
its table and the position the monolith's sequence for the same column had reached (ids handed
out and then rolled back or deleted must not come back either). The rollback runs the same step
the other way round (the reverse direction's tables), so the monolith passes the service's ids.

Guarantees: `next_value` (pure) never moves a sequence backwards, so the step is idempotent and
safe to repeat after a crash; only sequences of the direction's target tables are touched; a
sequence that cannot hold the value (its `maxvalue` is too small) is an error naming it, before
any sequence of that call was moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql

from cdc.config import TableSync
from cdc.errors import CdcError

__all__ = ["SequenceMove", "advance_sequences", "next_value", "plan_moves"]


@dataclass(frozen=True)
class SequenceMove:
    """One sequence of a target column: where it was, and where the step leaves it."""

    table: str
    column: str
    sequence: str
    before: int | None  # the sequence's last value (None: never used)
    after: int | None   # the value it is set to (None: nothing to do)
    max_value: int

    @property
    def moved(self) -> bool:
        return self.after is not None


def next_value(current: int | None, highest_id: int | None,
               source_position: int | None) -> int | None:
    """The value to `setval` a target sequence to, or None when it is already far enough:
    past the highest id in its table and past the source sequence's position, never back."""
    wanted = max((v for v in (highest_id, source_position) if v is not None), default=None)
    if wanted is None or (current is not None and current >= wanted):
        return None
    return wanted


@dataclass(frozen=True)
class _Column:
    table: str
    column: str
    sequence: str


_SEQUENCES = """
select a.attname, pg_get_serial_sequence(%(table)s, a.attname)
from pg_attribute a
where a.attrelid = %(table)s::regclass and a.attnum > 0 and not a.attisdropped
  and pg_get_serial_sequence(%(table)s, a.attname) is not null
order by a.attnum
"""


def _sequenced(conn: psycopg.Connection, table: str) -> list[_Column]:
    return [_Column(table, name, seq) for name, seq in conn.execute(_SEQUENCES, {"table": table})]


def _position(conn: psycopg.Connection, sequence: str) -> tuple[int | None, int]:
    """(last value handed out or None, maxvalue) of a sequence."""
    row = conn.execute(
        "select s.last_value, s.max_value from pg_sequences s "
        "where format('%%I.%%I', s.schemaname, s.sequencename)::regclass = %s::regclass",
        (sequence,)).fetchone()
    if row is None:  # pg_sequences hides sequences the role may not read
        raise CdcError(f"sequence {sequence}: not readable by this role")
    return (None if row[0] is None else int(row[0])), int(row[1])


_SETVAL = sql.SQL(
    "select setval(s.oid, greatest(%s, q.last_value)) from pg_class s, "
    "lateral (select last_value from {}) q where s.oid = %s::regclass")


def _highest(conn: psycopg.Connection, table: str, column: str) -> int | None:
    schema, name = table.split(".", 1)
    row = conn.execute(sql.SQL("select max({})::bigint from {}").format(
        sql.Identifier(column), sql.Identifier(schema, name))).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def plan_moves(source: psycopg.Connection, target: psycopg.Connection,
               tables: Sequence[TableSync]) -> list[SequenceMove]:
    """What `advance_sequences` would do for the target tables of `tables` (reads only)."""
    moves: list[SequenceMove] = []
    for sync in tables:
        source_sequences = {c.column: c.sequence for c in _sequenced(source, sync.source)}
        renamed = {target: src for src, target in sync.columns.items()}
        for col in _sequenced(target, sync.target):
            before, max_value = _position(target, col.sequence)
            source_column = renamed.get(col.column, col.column)
            source_seq = source_sequences.get(source_column)
            source_position = _position(source, source_seq)[0] if source_seq else None
            after = next_value(before, _highest(target, sync.target, col.column),
                               source_position)
            moves.append(SequenceMove(sync.target, col.column, col.sequence, before, after,
                                      max_value))
    return moves


def advance_sequences(source: psycopg.Connection, target: psycopg.Connection,
                      tables: Sequence[TableSync]) -> list[SequenceMove]:
    """Set every sequence of the target tables past the ids the source handed out.

    Both connections in autocommit. Raises CdcError naming a sequence whose maxvalue is too
    small (then nothing was moved)."""
    moves = plan_moves(source, target, tables)
    too_small = [m for m in moves if m.after is not None and m.after > m.max_value]
    if too_small:
        m = too_small[0]
        raise CdcError(f"sequence {m.sequence} of {m.table}.{m.column} cannot go past "
                       f"{m.after}: its maxvalue is {m.max_value}")
    for move in moves:
        if move.after is not None:
            # setval moves a sequence back too: take the larger of the planned value and the
            # one it has now, in case the service handed out ids since the plan was read.
            target.execute(_SETVAL.format(_identifier(target, move.sequence)),
                           (move.after, move.sequence))
    return moves


def _identifier(conn: psycopg.Connection, sequence: str) -> sql.Identifier:
    """The sequence as an identifier (pg_get_serial_sequence gives a quoted name)."""
    row = conn.execute("select n.nspname, c.relname from pg_class c join pg_namespace n "
                       "on n.oid = c.relnamespace where c.oid = %s::regclass",
                       (sequence,)).fetchone()
    assert row is not None  # the name came from the catalog a moment ago
    return sql.Identifier(row[0], row[1])
