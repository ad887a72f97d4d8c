"""The sync section of a bounded context: what is captured, where it goes, how it is mapped.

Lives in routes.yaml under `contexts.<name>.sync` (one config file for the whole migration):

    sync:
      source: monolith                 # database names, resolved by `cdc.endpoints`
      target: inventory
      topic_prefix: monolith
      slot: strangler_inventory_fwd
      fence_table: public.strangler_fence
      signal_table: public.strangler_signal   # Debezium's signal table (targeted re-syncs)
      appliers: 1                      # >1: appliers share the partitions (docs/cdc.md)
      tables:
        - source: public.inventory_items
          target: public.stock_items
          columns: {id: item_id, sku: sku_code}   # renames; other columns keep their name
          ignore: [legacy_flag]                    # source columns never copied
          target_ignore: [served_note]             # target-only columns, not copied back
      reverse:                                     # service -> monolith after the write cut-over
        topic_prefix: inventory
        slot: strangler_inventory_rev
        fence_table: public.strangler_fence

The model is immutable and validated once; unknown keys are rejected and errors name the path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from cdc.errors import CdcConfigError
from strangler import marked_yaml
from strangler.marked_yaml import Path as YamlPath
from strangler.marked_yaml import format_path, line_of

__all__ = ["ConfigLines", "Direction", "DirectionConfig", "SyncConfig", "TableSync",
           "load_direction", "load_sync", "load_sync_lines", "root_errors", "sync_contexts"]

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_QUALIFIED = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")


def _qualified(value: str) -> str:
    if "." not in value:
        value = f"public.{value}"
    if not _QUALIFIED.match(value):
        raise ValueError(f"{value!r} is not a lower-case schema.table name")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableSync(_Frozen):
    """One captured table and its counterpart at the target."""

    source: str
    target: str
    columns: dict[str, str] = Field(default_factory=dict)
    ignore: tuple[str, ...] = ()          # source columns never copied to the target
    target_ignore: tuple[str, ...] = ()   # target-only columns never copied back (reverse)

    _qualify = field_validator("source", "target")(_qualified)

    @field_validator("columns")
    @classmethod
    def _columns(cls, value: dict[str, str]) -> dict[str, str]:
        for src, dst in value.items():
            for name in (src, dst):
                if not _IDENT.match(name):
                    raise ValueError(f"column name {name!r} is not a lower-case identifier")
        if len(set(value.values())) != len(value):
            raise ValueError("two source columns map to the same target column")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TableSync:
        for name, listed in (("ignore", self.ignore), ("target_ignore", self.target_ignore)):
            if len(set(listed)) != len(listed):
                raise ValueError(f"{name} lists a column twice")
        both = sorted(set(self.ignore) & set(self.columns))
        if both:
            raise ValueError(f"source column(s) {', '.join(both)} are both mapped (columns) "
                             "and ignored (ignore)")
        both = sorted(set(self.target_ignore) & set(self.columns.values()))
        if both:
            raise ValueError(f"target column(s) {', '.join(both)} are both mapped (columns) "
                             "and ignored (target_ignore)")
        return self

    def target_column(self, source_column: str) -> str:
        return self.columns.get(source_column, source_column)

    def reversed(self) -> TableSync:
        return TableSync(source=self.target, target=self.source,
                         columns={v: k for k, v in self.columns.items()},
                         ignore=self.target_ignore, target_ignore=self.ignore)


class DirectionConfig(_Frozen):
    """Connector settings of one direction."""

    topic_prefix: str
    slot: str
    fence_table: str = "public.strangler_fence"
    # Debezium's signal table in the direction's source database (the pipeline's own table,
    # like the fence): `strangler verify --repair --apply` re-syncs keys through it.
    signal_table: str = "public.strangler_signal"
    partitions: int = Field(default=1, ge=1, le=256)
    # 1: one active applier (others stand by), whole source transactions, restart in ~1 s;
    # more: the appliers share the partitions through the consumer group (see docs/cdc.md).
    appliers: int = Field(default=1, ge=1, le=256)
    connector: str | None = None  # defaults to "<context>-<direction>"
    connector_overrides: dict[str, str] = Field(default_factory=dict)

    _fence = field_validator("fence_table", "signal_table")(_qualified)

    @field_validator("slot")
    @classmethod
    def _slot(cls, value: str) -> str:
        if not _IDENT.match(value) or len(value) > 63:
            raise ValueError("a replication slot name is lower-case letters, digits and _ "
                             "(at most 63)")
        return value

    @field_validator("topic_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9_.-]+$", value):
            raise ValueError("a topic prefix is letters, digits, '.', '_' and '-'")
        return value


class SyncConfig(DirectionConfig):
    """The forward direction (source → target) plus the optional reverse one."""

    source: str
    target: str
    tables: tuple[TableSync, ...] = Field(min_length=1)
    reverse: DirectionConfig | None = None

    @model_validator(mode="after")
    def _distinct(self) -> SyncConfig:
        if self.source == self.target:
            raise ValueError("source and target must be different databases")
        seen: set[str] = set()
        for table in self.tables:
            if table.source in seen:
                raise ValueError(f"table {table.source} is listed twice")
            seen.add(table.source)
        if self.reverse is not None and self.reverse.slot == self.slot:
            raise ValueError("reverse.slot must differ from slot")
        return self


class Direction:
    """One direction of a context's sync, with everything the CDC tools derive from it."""

    def __init__(self, context: str, sync: SyncConfig, name: str, *,
                 lines: ConfigLines | None = None) -> None:
        if name not in ("forward", "reverse"):
            raise CdcConfigError(f"direction must be forward or reverse, not {name!r}")
        if name == "reverse" and sync.reverse is None:
            raise CdcConfigError(f"contexts.{context}.sync.reverse is not configured")
        self.context, self.name = context, name
        self.lines = lines  # where the config came from, when it was read from a file
        settings: DirectionConfig = sync if name == "forward" else sync.reverse  # type: ignore[assignment]
        self.settings = settings
        self.source_db = sync.source if name == "forward" else sync.target
        self.target_db = sync.target if name == "forward" else sync.source
        self.tables = sync.tables if name == "forward" else tuple(t.reversed() for t in sync.tables)
        self.connector_name = settings.connector or f"{context}-{name}"
        # The other direction's applier writes into this direction's source; its marker table
        # tells this direction which transactions to skip (loop prevention).
        self.origin = f"{context}-{name}"

    @property
    def topic_prefix(self) -> str:
        return self.settings.topic_prefix

    def topic(self, table: str) -> str:
        return f"{self.topic_prefix}.{table}"

    @property
    def topics(self) -> list[str]:
        return [self.topic(t.source) for t in self.tables] + [self.topic(self.settings.fence_table)]

    @property
    def consumer_group(self) -> str:
        return f"strangler-{self.context}-{self.name}"


@dataclass(frozen=True)
class ConfigLines:
    """Where a loaded routes file keeps each value: `line(path)` is the 1-based line of a path
    from the document root (or of its nearest ancestor in the file)."""

    file: str
    locations: Mapping[YamlPath, tuple[int, int, int]] = field(default_factory=dict)

    def line(self, path: YamlPath) -> int | None:
        return line_of(self.locations, path)


def _read(path: str | Path) -> tuple[Any, ConfigLines]:
    file = Path(path)
    try:
        parsed = marked_yaml.parse(file.read_text())
    except FileNotFoundError:
        raise CdcConfigError(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CdcConfigError(f"{file}: cannot be read: {exc}") from None
    except marked_yaml.DuplicateKey as exc:
        raise CdcConfigError(f"{file}: {format_path(exc.path)}: duplicate key "
                             f"(line {exc.line})") from None
    except yaml.YAMLError as exc:
        raise CdcConfigError(f"{file}: not valid YAML: {exc}") from None
    document, locations = parsed if parsed is not None else (None, {})
    return document, ConfigLines(str(file), locations)


def root_errors(exc: ValidationError) -> list[ErrorDetails]:
    """The errors worth showing: without "too short" for a list whose own items failed (pydantic
    reports the list as empty then, which is a consequence, not a second problem)."""
    errors = exc.errors(include_url=False)

    def inside(outer: tuple[Any, ...], other: tuple[Any, ...]) -> bool:
        return len(other) > len(outer) and other[:len(outer)] == outer

    return [e for e in errors if not (e["type"] == "too_short" and any(
        inside(tuple(e["loc"]), tuple(other["loc"])) for other in errors))]


def _child(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


def sync_contexts(path: str | Path) -> list[str]:
    """The contexts of a routes file that have a `sync` section, in file order."""
    document, _ = _read(path)
    contexts = _child(document, "contexts")
    return [name for name in contexts or {} if _child(contexts[name], "sync")]


def load_sync_lines(path: str | Path, context: str) -> tuple[SyncConfig, ConfigLines]:
    """`contexts.<context>.sync` of a routes file and the lines of its values; errors name the
    path inside the file and its line."""
    document, lines = _read(path)
    file = lines.file
    prefix: YamlPath = ("contexts", context, "sync")
    raw = _child(_child(_child(document, "contexts"), context), "sync")
    if raw is None:
        raise CdcConfigError(f"{file}: {format_path(prefix)}: missing (context {context!r} has "
                             "no sync)")
    try:
        return SyncConfig.model_validate(raw), lines
    except ValidationError as exc:
        problems = []
        for error in root_errors(exc):
            where = (*prefix, *error["loc"])
            line = lines.line(where)
            at = f" (line {line})" if line else ""
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{file}: {format_path(where)}: {message}{at}")
        raise CdcConfigError("\n".join(problems)) from None


def load_sync(path: str | Path, context: str) -> SyncConfig:
    """Read `contexts.<context>.sync` from a routes file; errors name the path inside it."""
    return load_sync_lines(path, context)[0]


def load_direction(path: str | Path, context: str, direction: str) -> Direction:
    """One direction of a context's sync, knowing the lines of its config (for findings)."""
    sync, lines = load_sync_lines(path, context)
    return Direction(context, sync, direction, lines=lines)
