"""Table and column mapping from a source table to its target, with value conversion.

Built from the sync config and the target's column shape (read once by `catalog`). The row
images stay JSON all the way into the target database: this module turns the mapping into SQL
expressions that read a source column out of the staged JSON and convert it to the target
column's type inside PostgreSQL (no per-value Python work on the hot path). Debezium's JSON
(schemas off) encodes dates as days, timestamps without zone and times as microseconds, bytea
as base64 and arrays as JSON arrays; the target column's type decides how they are read.
A source column without a target column is schema drift: `SchemaDrift` holds the table
instead of silently dropping data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from psycopg import sql

from cdc.config import TableSync
from cdc.errors import PoisonEvent, SchemaDrift
from cdc.events import UNAVAILABLE

__all__ = ["Column", "TableMapper"]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # PostgreSQL's format_type(), e.g. "numeric(12,2)", "timestamp with time zone"
    nullable: bool


def _read(source: str, pg_type: str) -> sql.Composable:
    """SQL reading JSON field `source` of the staged row `s._doc` as `pg_type`."""
    field = sql.SQL("s._doc -> {}").format(sql.Literal(source))
    text = sql.SQL("s._doc ->> {}").format(sql.Literal(source))
    as_type = sql.SQL(pg_type)
    if pg_type.endswith("[]"):
        return sql.SQL("(select array_agg(e) from jsonb_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    numeric_epoch = {
        "date": "date '1970-01-01' + ({x})::int",
        "timestamp": "timestamp '1970-01-01' + ({x})::bigint * interval '1 microsecond'",
        "time": "time '00:00' + ({x})::bigint * interval '1 microsecond'",
    }
    base = pg_type.split("(")[0]
    kind = ("date" if base == "date" else
            "timestamp" if base.startswith("timestamp") and "with time zone" not in pg_type else
            "time" if base.startswith("time") and "with time zone" not in pg_type else None)
    if kind is not None:
        return sql.SQL("case jsonb_typeof({f}) when 'number' then {n} else ({x})::{t} end").format(
            f=field, n=sql.SQL(numeric_epoch[kind]).format(x=text), x=text, t=as_type)
    if pg_type == "bytea":
        return sql.SQL("decode({x}, 'base64')").format(x=text)
    return sql.SQL("({x})::{t}").format(x=text, t=as_type)


class TableMapper:
    """Maps rows of one source table onto its target table."""

    def __init__(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[frozenset[str]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def target_name(self, source_column: str) -> str:
        return self.sync.target_column(source_column)

    def source_name(self, target_column: str) -> str:
        for src, dst in self.sync.columns.items():
            if dst == target_column:
                return src
        return target_column

    def check_columns(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = frozenset(image)
        if names in self._checked:  # every image of a table usually has the same columns
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def target_columns_for(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(c) for c in source_columns if c not in self._ignored}
        return sorted(mapped | set(self.key_columns))

    def key_text(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def value_expression(self, target_column: str) -> sql.Composable:
        """SQL for the column's new value (NULL where Debezium sent its TOAST placeholder)."""
        source = self.source_name(target_column)
        return sql.SQL("case when s._doc ->> {s} = {u} then null else {read} end").format(
            s=sql.Literal(source), u=sql.Literal(UNAVAILABLE),
            read=_read(source, self.columns[target_column].type))

    def unavailable_expression(self, target_column: str) -> sql.Composable:
        """SQL yielding the column's name when the image does not carry its value."""
        source = self.source_name(target_column)
        return sql.SQL("case when not (s._doc ? {s}) or s._doc ->> {s} = {u} then {c} end").format(
            s=sql.Literal(source), u=sql.Literal(UNAVAILABLE), c=sql.Literal(target_column))
