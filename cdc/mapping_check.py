"""The mapping preflight: does a direction's table and column mapping fit the live schemas?

`check_mapping` is pure: from a `Direction` (its tables as mapped in that direction; the reverse
direction maps back) and the catalog facts of its source and target tables it returns
`Finding`s. `read_schemas` is the only I/O: catalog reads on one database.

Per mapped table it checks that
* the target table exists (and, unless the caller checks that already, the source table);
* every column named in `columns` exists on its side, and is writable at the target;
* every source column is mapped (by name or through `columns`) or listed as ignored
  (`ignore` forward, `target_ignore` in the reverse direction), and what is ignored exists;
* the keys correspond: the source's primary key, mapped, is the target's primary key;
* every target column an insert must fill (NOT NULL, no default) is fed by a source column;
* each mapped pair's types fit (`cdc.typefit`): an error where values would be rejected,
  truncated, rounded or misread; a warning where they change visibly (a time zone dropped).

Every finding about the config names the table, the column, the path inside routes.yaml and,
when the direction was read from a file, its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdc.catalog import ColumnSchema, TableSchema, reading, table_schemas
from cdc.config import Direction, TableSync
from cdc.preflight import Finding, Level
from cdc.typefit import fits
from strangler.marked_yaml import Path, format_path

__all__ = ["check_live", "check_mapping", "read_schemas"]


@dataclass(frozen=True)
class _Where:
    """Config paths of one table entry, seen from one direction."""

    direction: Direction
    index: int

    @property
    def reverse(self) -> bool:
        return self.direction.name == "reverse"

    @property
    def entry(self) -> Path:
        return ("contexts", self.direction.context, "sync", "tables", self.index)

    def side(self, side: str) -> Path:
        """`source`/`target` as the direction sees them, as written in the file."""
        if self.reverse:
            side = "target" if side == "source" else "source"
        return (*self.entry, side)

    def mapped(self, source_column: str, target_column: str) -> Path:
        # The file maps monolith -> service; the reverse direction reads the pair backwards.
        return (*self.entry, "columns", target_column if self.reverse else source_column)

    @property
    def ignore_key(self) -> str:
        return "target_ignore" if self.reverse else "ignore"

    def ignored(self, position: int) -> Path:
        return (*self.entry, self.ignore_key, position)

    def render(self, path: Path) -> tuple[str, str, int | None]:
        """(suffix for a message, path text, line)."""
        text = format_path(path)
        lines = self.direction.lines
        line = lines.line(path) if lines else None
        where = f"{lines.file} line {line}: {text}" if lines and line else text
        return f" ({where})", text, line


class _Findings:
    def __init__(self, where: _Where) -> None:
        self.where = where
        self.items: list[Finding] = []

    def add(self, level: Level, check: str, message: str, path: Path) -> None:
        suffix, text, line = self.where.render(path)
        self.items.append(Finding(level, check, message + suffix, path=text, line=line))


def check_mapping(direction: Direction, source: Mapping[str, TableSchema],
                  target: Mapping[str, TableSchema], *, source_db: str = "the source",
                  target_db: str = "the target",
                  source_tables_checked: bool = False) -> list[Finding]:
    """Findings for every table of `direction` (pure). `source_tables_checked`: a missing
    source table is reported elsewhere (the connector preflight), so it is not repeated."""
    findings: list[Finding] = []
    for index, table in enumerate(direction.tables):
        out = _Findings(_Where(direction, index))
        src, dst = source.get(table.source), target.get(table.target)
        if src is None and not source_tables_checked:
            out.add("error", "mapping", f"source table {table.source} does not exist in "
                    f"database {source_db}", out.where.side("source"))
        if dst is None:
            out.add("error", "mapping", f"target table {table.target} does not exist in "
                    f"database {target_db}", out.where.side("target"))
        if src is not None and dst is not None:
            _check_table(table, src, dst, out)
            if not any(f.level == "error" for f in out.items):
                out.items.append(Finding("ok", "mapping", f"table {table.source} maps onto "
                                         f"{table.target}"))
        findings += out.items
    return findings


def _check_table(table: TableSync, src: TableSchema, dst: TableSchema, out: _Findings) -> None:
    where = out.where
    ignored = set(table.ignore)
    for name, renamed in table.columns.items():
        path = where.mapped(name, renamed)
        if src.column(name) is None:
            out.add("error", "mapping", f"source table {src.name} has no column {name} "
                    f"(mapped to {dst.name}.{renamed})", path)
        column = dst.column(renamed)
        if column is None:
            out.add("error", "mapping", f"target table {dst.name} has no column {renamed} "
                    f"(mapped from {src.name}.{name})", path)
        elif column.generated:
            out.add("error", "mapping", f"target column {dst.name}.{renamed} is generated and "
                    f"cannot be written (mapped from {src.name}.{name})", path)
    for position, name in enumerate(table.ignore):
        if src.column(name) is None:
            out.add("warning", "mapping", f"source table {src.name} has no column {name} "
                    f"(listed under {where.ignore_key})", where.ignored(position))
    fed: dict[str, ColumnSchema] = {}  # target column -> the source column feeding it
    for column in src.columns:
        if column.name in ignored:
            continue
        renamed = table.target_column(column.name)
        path = where.mapped(column.name, renamed) if column.name in table.columns \
            else where.side("source")
        written = dst.column(renamed)
        if written is None or written.generated:
            if column.name not in table.columns:
                missing = "is generated" if written else "does not exist"
                out.add("error", "mapping", f"source column {src.name}.{column.name} is "
                        f"neither mapped nor ignored, and {dst.name}.{column.name} {missing}: "
                        f"map it under columns or list it under {where.ignore_key}", path)
            continue
        fed[renamed] = column
        fit = fits(column.type, written.type)
        if fit.level != "ok":
            out.add(fit.level, "types", f"{src.name}.{column.name} -> {dst.name}.{renamed}: "
                    f"{fit.reason}", path)
        if written.not_null and not column.not_null:
            out.add("warning", "types", f"{src.name}.{column.name} may be null but "
                    f"{dst.name}.{renamed} is NOT NULL: rows with a null are rejected", path)
    for column in dst.columns:
        if (column.not_null and not column.has_default and not column.generated
                and column.name not in fed):
            out.add("error", "mapping", f"target column {dst.name}.{column.name} is NOT NULL "
                    f"without a default and no source column of {src.name} feeds it: inserts "
                    "would be rejected", where.side("target"))
    _check_keys(table, src, dst, fed, out)


def _check_keys(table: TableSync, src: TableSchema, dst: TableSchema,
                fed: Mapping[str, ColumnSchema], out: _Findings) -> None:
    where = out.where
    if not dst.primary_key:
        out.add("error", "keys", f"target table {dst.name} has no primary key: the applier "
                "keys every row change by it", where.side("target"))
        return
    unfed = [k for k in dst.primary_key if k not in fed]
    if unfed:
        out.add("error", "keys", f"key column(s) {', '.join(unfed)} of {dst.name} are not "
                f"fed by any column of {src.name}", where.side("target"))
        return
    if not src.primary_key:
        return  # REPLICA IDENTITY FULL (checked by the connector preflight): keyed by image
    mapped = {table.target_column(k) for k in src.primary_key if k not in table.ignore}
    if mapped != set(dst.primary_key):
        shown = ", ".join(table.target_column(k) for k in src.primary_key)
        out.add("error", "keys", f"keys do not correspond: the primary key of {src.name} "
                f"({', '.join(src.primary_key)}) maps to ({shown}), the primary key of "
                f"{dst.name} is ({', '.join(dst.primary_key)})", where.side("target"))


def read_schemas(dsn: str, tables: list[str]) -> dict[str, TableSchema]:
    """The catalog facts of `tables` in one database (read-only)."""
    with reading(dsn) as conn:
        return table_schemas(conn, tables)


def check_live(direction: Direction, *, source_dsn: str, target_dsn: str,
               source_tables_checked: bool = False) -> list[Finding]:
    """Read both sides' catalogs and check the mapping (read-only)."""
    source = read_schemas(source_dsn, [t.source for t in direction.tables])
    target = read_schemas(target_dsn, [t.target for t in direction.tables])
    return check_mapping(direction, source, target, source_db=direction.source_db,
                         target_db=direction.target_db,
                         source_tables_checked=source_tables_checked)
