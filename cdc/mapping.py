"""Table and column mapping from a source table to its target, with value conversion.

Built from the sync config and the target's column shape (read once by `catalog`). The row
images stay JSON all the way into the target database: this module turns the mapping into SQL
that unpacks a staged JSON image in one `json_to_record` call and converts each field to the
target column's type inside PostgreSQL (no per-value Python work on the hot path). Debezium's JSON
(schemas off) encodes dates as days, timestamps without zone and times as microseconds, bytea
as base64 and arrays as JSON arrays; the target column's type decides how they are read.
A source column without a target column is schema drift: `SchemaDrift` holds the table
instead of silently dropping data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from psycopg import sql

from cdc.config import TableSync
from cdc.errors import PoisonEvent, SchemaDrift

__all__ = ["Column", "TableMapper", "positions_table"]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # PostgreSQL's format_type(), e.g. "numeric(12,2)", "timestamp with time zone"
    nullable: bool


_EPOCH = {  # Debezium's numeric encodings of temporal types without a zone (schemas off)
    "date": "date '1970-01-01' + ({x})::int",
    "timestamp": "timestamp '1970-01-01' + ({x})::bigint * interval '1 microsecond'",
    "time": "time '00:00' + ({x})::bigint * interval '1 microsecond'",
}


def _reading(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp"):
        return "timestamptz" if zoned else "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def _reads_json(pg_type: str) -> bool:
    return _reading(pg_type) in ("array", *_EPOCH)


def _read_type(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reads_json(pg_type) else "text")


def _element(pg_type: str) -> sql.Composable:
    """SQL turning one array element `e` (as text) into a `pg_type` value: Debezium encodes
    the elements like the scalars (bytea as base64, dates and times without zone as numbers)."""
    reading = _reading(pg_type)
    if reading == "bytea":
        return sql.SQL("decode(e, 'base64')")
    if reading in _EPOCH:
        return sql.SQL("case when e ~ '^-?[0-9]+$' then {n} else e::{t} end").format(
            n=sql.SQL(_EPOCH[reading]).format(x=sql.SQL("e")), t=sql.SQL(pg_type))
    return sql.SQL("e")


def _convert(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        # An empty array stays empty (array_agg over no rows is NULL); a JSON null is NULL.
        return sql.SQL("case when json_typeof({f}) = 'array' then coalesce((select array_agg({e})"
                       " from json_array_elements_text({f}) e), '{{}}') end::{t}").format(
            e=_element(pg_type[:-2]), f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    if reading == "timestamptz":
        # Debezium sends timestamptz as an ISO string (with a ':') or '[-]infinity' (with an
        # 'i'); a source timestamp without zone mapped here arrives as a number of microseconds
        # (neither), taken as UTC. Two strpos keep the cheap text extraction: json_typeof or a
        # regular expression measured slower on this hot path.
        return sql.SQL("case when strpos({f}, ':') = 0 and strpos({f}, 'i') = 0 then "
                       "timestamptz '1970-01-01 00:00:00+00' + ({f})::bigint * "
                       "interval '1 microsecond' else {f}::{t} end").format(f=field, t=as_type)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def positions_table(target: str) -> str:
    """The table in `strangler_cdc` holding a target table's applied positions."""
    digest = hashlib.sha1(target.encode()).hexdigest()[:8]
    return f"pos_{target.replace('.', '__')[:48]}_{digest}"


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
        self._checked: set[tuple[str, ...]] = set()
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
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = self.untaken(image)
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def untaken(self, source_columns: Iterable[str]) -> list[str]:
        """The source columns (not ignored) that have no column at the target."""
        return [c for c in source_columns
                if c not in self._ignored and self.target_name(c) not in self.columns]

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

    def record_definition(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def value_expression(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, self.columns[target_column].type)

    def field_expression(self, document: sql.Composable, target_column: str) -> sql.Composable:
        """SQL converting the column's field of the JSON object `document` to its type (as
        `value_expression` does for a staged image)."""
        pg_type = self.columns[target_column].type
        field = sql.SQL("({} {} {})").format(
            document, sql.SQL("->" if _reads_json(pg_type) else "->>"),
            sql.Literal(self.source_name(target_column)))
        return _convert(field, pg_type)

    @property
    def positions_table(self) -> str:
        """The table in `strangler_cdc` holding this target table's applied positions."""
        return positions_table(self.target)

    def key_definition(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)
