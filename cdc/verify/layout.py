"""What is compared for one mapped table: the key, the columns, and what is left out.

`Layout` is built (purely) from a `TableSync` and the two tables' shapes read from the catalog.
The key is the target's primary key, mapped back to source names; the source must have the
same columns as its key (its primary key or not) for the comparison to mean anything. Compared
columns are those mapped onto a column that exists at the target; `ignore`d source columns and
target-only columns (listed or not in `target_ignore`) are reported as not compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdc.config import TableSync
from cdc.errors import CdcConfigError
from cdc.mapping import Column

__all__ = ["Layout", "Pair", "build_layout"]


@dataclass(frozen=True)
class Pair:
    """One compared column: its name and type on each side."""

    source: str
    target: str
    source_type: str
    target_type: str


@dataclass(frozen=True)
class Layout:
    source_table: str
    target_table: str
    key: tuple[Pair, ...]
    columns: tuple[Pair, ...]          # compared non-key columns
    source_only: tuple[str, ...]       # source columns not compared (ignored or unmapped)
    target_only: tuple[str, ...]       # target columns not compared

    @property
    def name(self) -> str:
        return self.source_table


def build_layout(sync: TableSync, source: tuple[Mapping[str, Column], tuple[str, ...]],
                 target: tuple[Mapping[str, Column], tuple[str, ...]]) -> Layout:
    """Pair the columns of both sides through the mapping. Pure; raises CdcConfigError."""
    source_columns, _ = source
    target_columns, target_key = target
    if not target_key:
        raise CdcConfigError(f"target table {sync.target} has no primary key: the verifier "
                             "compares rows by key")
    reverse = {dst: src for src, dst in sync.columns.items()}
    key: list[Pair] = []
    for name in target_key:
        src = reverse.get(name, name)
        if src not in source_columns:
            raise CdcConfigError(f"key column {sync.target}.{name} has no source column "
                                 f"{sync.source}.{src}")
        key.append(Pair(src, name, source_columns[src].type, target_columns[name].type))
    keyed = {p.source for p in key}
    columns: list[Pair] = []
    source_only: list[str] = []
    for name, column in source_columns.items():
        if name in keyed:
            continue
        dst = sync.target_column(name)
        if name in sync.ignore or dst not in target_columns:
            source_only.append(name)
            continue
        columns.append(Pair(name, dst, column.type, target_columns[dst].type))
    paired = {p.target for p in (*key, *columns)}
    target_only = tuple(n for n in target_columns if n not in paired)
    return Layout(sync.source, sync.target, tuple(key), tuple(columns), tuple(source_only),
                  target_only)
