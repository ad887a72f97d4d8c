"""Turning a batch of records into what one target transaction must do. Pure, no I/O.

Guarantees of a plan:
* one staged row per target key, the one with the newest source position in the batch (the
  database guard then compares it with what is already applied);
* a TOAST placeholder (the connector's, see `cdc.placeholders`) is never staged as a value: it
  is filled from an older change of the same key in the batch when there is one, otherwise the
  column is left out of the image and the target keeps its current value. The same text
  anywhere Debezium cannot put a placeholder is staged as the data it is;
* a TRUNCATE of a table is staged once per target table, at the newest truncate position in
  the batch; rows of that table staged at an older position are dropped (the truncate removes
  them), newer ones stay and are applied after it;
* poison records are listed with their reason and never staged; fences, offsets and the
  snapshot floor are carried alongside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cdc.errors import PoisonEvent, SchemaDrift
from cdc.events import ChangeEvent, Op, Origin, Position
from cdc.mapping import TableMapper
from cdc.placeholders import Placeholders

__all__ = ["Encoded", "Plan", "Record", "StagedRow", "Truncate", "make_plan"]


class Record(NamedTuple):
    """One consumed record: raw bytes plus the parse result (event, None=tombstone, or poison)."""

    origin: Origin
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, str | bytes | None]] | None
    parsed: ChangeEvent | PoisonEvent | None


class StagedRow(NamedTuple):
    key: str  # canonical JSON of the source key columns
    position: Position
    delete: bool
    doc: dict[str, Any]  # the source row image (the key columns for a delete), without
    op: Op                 # the `unavailable` columns
    unavailable: frozenset[str] = frozenset()  # source columns Debezium sent no value for
    key_change: dict[str, Any] | None = None  # a key change: the other source key


class Truncate(NamedTuple):
    """A TRUNCATE of one target table's source, at the newest truncate position in the batch."""

    position: Position
    lsn: int  # the truncate's own WAL position at the source
    events: int  # truncate events of this table in the batch


class Encoded(NamedTuple):
    """One table's staged rows as written (see cdc.apply.encode_table)."""

    columns: list[str]  # target columns
    payload: bytes  # COPY text
    ops: dict[str, int]  # staged rows per op value ("c", "u", "d", "r")


@dataclass
class Plan:
    rows: dict[str, dict[str, StagedRow]] = field(default_factory=dict)  # target -> key -> row
    mappers: dict[str, TableMapper] = field(default_factory=dict)  # target -> its mapper
    poison: list[tuple[Record, PoisonEvent]] = field(default_factory=list)
    held: dict[str, SchemaDrift] = field(default_factory=dict)
    offsets: dict[tuple[str, int], int] = field(default_factory=dict)
    truncates: dict[str, Truncate] = field(default_factory=dict)  # target -> truncate
    # (target, key) -> the image a delete in this batch replaced: a key change's create finds
    # its unchanged TOASTed values there when the old row never reached the target
    deleted_images: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    fence: tuple[int, dt.datetime] | None = None
    snapshot_floor: int = 0
    loop_skipped: int = 0
    encoded: dict[str, Encoded] = field(default_factory=dict)  # see cdc.apply

    @property
    def staged(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _fence_of(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


# module constants: enum attribute lookups cost per record
_READ, _DELETE, _TRUNCATE = Op.READ, Op.DELETE, Op.TRUNCATE


def make_plan(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int, placeholders: Placeholders,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier;
    `placeholders`: what the connector sends for an unchanged TOASTed value."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        # The floor is the point streaming starts after: an incremental snapshot's read sits in
        # the middle of the stream and does not move it.
        if event.op is _READ and event.lsn > plan.snapshot_floor and not event.incremental:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            if event.op is _TRUNCATE:
                _truncate(plan, mapper, event)
            else:
                _stage(plan, mapper, event, placeholders)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def _truncate(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    position = event.position(plan.snapshot_floor)
    target = mapper.target
    plan.mappers.setdefault(target, mapper)
    seen = plan.truncates.get(target)
    events = 1 if seen is None else seen.events + 1
    if seen is not None and seen.position >= position:
        plan.truncates[target] = seen._replace(events=events)
        return
    plan.truncates[target] = Truncate(position, event.lsn, events)
    rows = plan.rows.get(target)
    if rows:
        for key in [k for k, row in rows.items() if row.position < position]:
            del rows[key]


def _stage(plan: Plan, mapper: TableMapper, event: ChangeEvent,
           placeholders: Placeholders) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    truncate = plan.truncates.get(mapper.target) if plan.truncates else None
    if truncate is not None and position < truncate.position:
        return  # an older change, arriving after the truncate that removed it
    delete = event.op is _DELETE
    unavailable: frozenset[str] = frozenset()
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
        unavailable = placeholders.columns(event)
        if unavailable:
            doc = {column: value for column, value in doc.items() if column not in unavailable}
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if delete and not current.delete:
            plan.deleted_images[mapper.target, key] = current.doc
    if unavailable:
        # An older change in this batch still knows the values the placeholders stand for: the
        # same key's, or for a key change the old key's (its delete is staged by now).
        earlier = current.doc if current is not None and not current.delete else None
        if earlier is None and event.key_change is not None:
            earlier = plan.deleted_images.get(
                (mapper.target, mapper.key_text(event.key_change, None)))
        known = {c: earlier[c] for c in unavailable if c in earlier} if earlier else None
        if known:
            doc = {**doc, **known}
            unavailable = unavailable.difference(known)
    table_rows[key] = StagedRow(key, position, delete, doc, event.op, unavailable,
                                event.key_change)
