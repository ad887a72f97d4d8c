"""Table and column mapping from a source table to its target, with value conversion.

Pure: built from the sync config and the target's column types (read once by `catalog`),
it turns an event's row image into the target's column values, text-encoded for COPY.
Debezium's JSON (schemas off) encodes some types as numbers (dates as days, timestamps
without zone as microseconds, times as microseconds) and bytea as base64; the target column's
type decides how to read them. A source column without a target column is schema drift:
`SchemaDrift` holds the table instead of silently dropping data.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cdc.config import TableSync
from cdc.errors import PoisonEvent, SchemaDrift
from cdc.events import UNAVAILABLE

__all__ = ["Column", "TableMapper"]

_EPOCH_DATE = dt.date(1970, 1, 1)
_EPOCH = dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # PostgreSQL's format_type(), e.g. "numeric(12,2)", "timestamp with time zone"
    nullable: bool


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _converter(pg_type: str) -> Callable[[Any], str]:
    if pg_type == "date":
        return lambda v: (_EPOCH_DATE + dt.timedelta(days=v)).isoformat() if isinstance(
            v, int) else _text(v)
    if pg_type.startswith("timestamp") and "with time zone" not in pg_type:
        return lambda v: (_EPOCH + dt.timedelta(microseconds=v)).isoformat() if isinstance(
            v, int) else _text(v)
    if pg_type.startswith("time") and "with time zone" not in pg_type:
        return lambda v: (_EPOCH + dt.timedelta(microseconds=v)).time().isoformat() if isinstance(
            v, int) else _text(v)
    if pg_type == "bytea":
        return lambda v: "\\x" + base64.b64decode(v).hex() if isinstance(v, str) else _text(v)
    return _text


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
        self._convert = {name: _converter(col.type) for name, col in self.columns.items()}
        self._ignored = frozenset(sync.ignore)
        # source column -> (target column, converter); None for ignored columns
        self._plan: dict[str, tuple[str, Callable[[Any], str]] | None] = {}
        self._checked: set[frozenset[str]] = set()
        self._key_sources = tuple(self._source_name(k) for k in key_columns)

    def target_name(self, source_column: str) -> str:
        return self.sync.target_column(source_column)

    def check_columns(self, image: Mapping[str, Any]) -> None:
        names = frozenset(image)
        if names in self._checked:  # every image of a table usually has the same columns
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        for column in image:
            target = self.target_name(column)
            self._plan[column] = (None if column in self._ignored
                                  else (target, self._convert[target]))
        self._checked.add(names)

    def key_of(self, key: Mapping[str, Any], image: Mapping[str, Any] | None) -> tuple[str, ...]:
        """The target key as text values, from the event key (or the row image)."""
        values = []
        for target_col, source_col in zip(self.key_columns, self._key_sources, strict=True):
            raw = key.get(source_col) if source_col in key else (image or {}).get(source_col)
            if raw is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values.append(self._convert[target_col](raw))
        return tuple(values)

    def _source_name(self, target_col: str) -> str:
        for src, dst in self.sync.columns.items():
            if dst == target_col:
                return src
        return target_col

    def row(self, image: Mapping[str, Any]) -> tuple[dict[str, str | None], list[str]]:
        """Target column → COPY text value (None for NULL), and the unavailable columns."""
        self.check_columns(image)
        values: dict[str, str | None] = {}
        unavailable: list[str] = []
        plan = self._plan
        for source_col, raw in image.items():
            entry = plan[source_col]
            if entry is None:
                continue
            target_col, convert = entry
            if raw == UNAVAILABLE:
                unavailable.append(target_col)
                values[target_col] = None
                continue
            try:
                values[target_col] = None if raw is None else convert(raw)
            except (ValueError, TypeError, OverflowError) as exc:
                raise PoisonEvent("bad-value",
                                  f"{self.source}.{source_col}={raw!r}: {exc}") from None
        return values, unavailable
