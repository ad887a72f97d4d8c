"""Turning a batch of records into what one target transaction must do. Pure, no I/O.

Guarantees of a plan:
* one staged row per target key, the one with the newest source position in the batch (the
  database guard then compares it with what is already applied);
* a TOAST placeholder (`__debezium_unavailable_value`) is never staged as a value: it is filled
  from an older change of the same key in the batch when there is one, otherwise the column is
  marked unavailable and the target keeps its current value;
* poison records are listed with their reason and never staged; fences, offsets and the
  snapshot floor are carried alongside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cdc.errors import PoisonEvent, SchemaDrift
from cdc.events import UNAVAILABLE, ChangeEvent, Op, Origin, Position
from cdc.mapping import TableMapper

__all__ = ["Encoded", "Plan", "Record", "StagedRow", "make_plan"]


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict


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
    doc: dict[str, Any]  # the source row image (the key columns for a delete)
    op: Op


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
    fence: tuple[int, dt.datetime] | None = None
    snapshot_floor: int = 0
    loop_skipped: int = 0
    encoded: dict[str, Encoded] = field(default_factory=dict)  # see cdc.apply

    @property
    def staged(self) -> int:
        return sum(len(rows) for rows in self.rows.values())
mutants_x__fence_of__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__fence_of__mutmut)
def _fence_of(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_orig(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_1(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = None
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_2(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after and {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_3(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = None
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_4(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(None)
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_5(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["XXlsnXX"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_6(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["LSN"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_7(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = None
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_8(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(None)
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_9(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace(None, "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_10(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", None))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_11(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_12(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", ))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_13(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(None).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_14(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["XXtsXX"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_15(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["TS"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_16(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("XXZXX", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_17(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts


def x__fence_of__mutmut_18(event: ChangeEvent) -> tuple[int, dt.datetime] | None:
    after = event.after or {}
    try:
        lsn = int(after["lsn"])
        ts = dt.datetime.fromisoformat(str(after["ts"]).replace("Z", "XX+00:00XX"))
    except (KeyError, TypeError, ValueError):
        return None
    return lsn, ts

mutants_x__fence_of__mutmut['_mutmut_orig'] = x__fence_of__mutmut_orig # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_1'] = x__fence_of__mutmut_1 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_2'] = x__fence_of__mutmut_2 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_3'] = x__fence_of__mutmut_3 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_4'] = x__fence_of__mutmut_4 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_5'] = x__fence_of__mutmut_5 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_6'] = x__fence_of__mutmut_6 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_7'] = x__fence_of__mutmut_7 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_8'] = x__fence_of__mutmut_8 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_9'] = x__fence_of__mutmut_9 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_10'] = x__fence_of__mutmut_10 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_11'] = x__fence_of__mutmut_11 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_12'] = x__fence_of__mutmut_12 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_13'] = x__fence_of__mutmut_13 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_14'] = x__fence_of__mutmut_14 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_15'] = x__fence_of__mutmut_15 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_16'] = x__fence_of__mutmut_16 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_17'] = x__fence_of__mutmut_17 # type: ignore # mutmut generated
mutants_x__fence_of__mutmut['x__fence_of__mutmut_18'] = x__fence_of__mutmut_18 # type: ignore # mutmut generated


_READ, _DELETE = Op.READ, Op.DELETE  # module constants: enum attribute lookups cost per record
mutants_x_make_plan__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_make_plan__mutmut)
def make_plan(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_orig(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_1(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = None
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_2(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=None)
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_3(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = None
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_4(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = None
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_5(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = None
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_6(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = None
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_7(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent or (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_8(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(None) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_9(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is not ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_10(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables and event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_11(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table not in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_12(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table not in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_13(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            break  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_14(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset > offsets.get(tp, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_15(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(None, 0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_16(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, None):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_17(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(0):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_18(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, ):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_19(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 1):
            offsets[tp] = origin.offset + 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_20(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = None
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_21(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset - 1
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_22(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
    plan = Plan(snapshot_floor=snapshot_floor)
    offsets = plan.offsets
    for record in records:
        origin = record.origin
        tp = (origin.topic, origin.partition)
        event = record.parsed
        if type(event) is ChangeEvent and (event.table in held_tables or event.table in plan.held):
            continue  # a held table's records are neither applied nor passed over
        if origin.offset >= offsets.get(tp, 0):
            offsets[tp] = origin.offset + 2
        if event is None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_23(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event is not None:
            continue  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_24(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
            break  # a tombstone: the delete before it did the work
        if isinstance(event, PoisonEvent):
            plan.poison.append((record, event))
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_25(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
            plan.poison.append(None)
            continue
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_26(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
            break
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_27(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ or event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_28(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is not _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_29(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn >= plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_30(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = None
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_31(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx or event.tx_id in skip_tx:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_32(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id not in skip_tx:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_33(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped = 1
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_34(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped -= 1
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_35(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 2
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_36(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            break
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_37(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table != fence_table:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_38(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = None
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_39(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(None)
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_40(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None or (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_41(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_42(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None and fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_43(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is not None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_44(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[1] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_45(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[0] >= plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_46(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[1]):
                plan.fence = fence
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_47(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = None
            continue
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_48(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            break
        mapper = mappers.get(event.table)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_49(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = None
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_50(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
            plan.snapshot_floor = event.lsn
        if skip_tx and event.tx_id in skip_tx:
            plan.loop_skipped += 1
            continue
        if event.table == fence_table:
            fence = _fence_of(event)
            if fence is not None and (plan.fence is None or fence[0] > plan.fence[0]):
                plan.fence = fence
            continue
        mapper = mappers.get(None)
        if mapper is None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_51(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
        if mapper is not None:
            plan.poison.append((record, PoisonEvent("unknown-table",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_52(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            plan.poison.append(None)
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_53(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            plan.poison.append((record, PoisonEvent(None,
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_54(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
                                                    None)))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_55(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            plan.poison.append((record, PoisonEvent(f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_56(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
                                                    )))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_57(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            plan.poison.append((record, PoisonEvent("XXunknown-tableXX",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_58(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            plan.poison.append((record, PoisonEvent("UNKNOWN-TABLE",
                                                    f"table {event.table} is not mapped")))
            continue
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_59(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            break
        try:
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_60(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(None, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_61(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, None, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_62(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, None)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_63(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_64(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_65(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, )
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_66(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append(None)
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_67(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = None
            offsets[tp] = origin.offset  # not past the held record
    return plan


def x_make_plan__mutmut_68(records: Iterable[Record], mappers: Mapping[str, TableMapper], *,
              fence_table: str, snapshot_floor: int,
              skip_tx: frozenset[int] = frozenset(),
              held_tables: frozenset[str] = frozenset()) -> Plan:
    """Plan a batch. `skip_tx`: source transactions written by the opposite applier."""
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
        if event.op is _READ and event.lsn > plan.snapshot_floor:
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
            _stage(plan, mapper, event)
        except PoisonEvent as poison:
            plan.poison.append((record, poison))
        except SchemaDrift as drift:
            plan.held[event.table] = drift
            offsets[tp] = None  # not past the held record
    return plan

mutants_x_make_plan__mutmut['_mutmut_orig'] = x_make_plan__mutmut_orig # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_1'] = x_make_plan__mutmut_1 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_2'] = x_make_plan__mutmut_2 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_3'] = x_make_plan__mutmut_3 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_4'] = x_make_plan__mutmut_4 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_5'] = x_make_plan__mutmut_5 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_6'] = x_make_plan__mutmut_6 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_7'] = x_make_plan__mutmut_7 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_8'] = x_make_plan__mutmut_8 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_9'] = x_make_plan__mutmut_9 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_10'] = x_make_plan__mutmut_10 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_11'] = x_make_plan__mutmut_11 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_12'] = x_make_plan__mutmut_12 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_13'] = x_make_plan__mutmut_13 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_14'] = x_make_plan__mutmut_14 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_15'] = x_make_plan__mutmut_15 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_16'] = x_make_plan__mutmut_16 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_17'] = x_make_plan__mutmut_17 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_18'] = x_make_plan__mutmut_18 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_19'] = x_make_plan__mutmut_19 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_20'] = x_make_plan__mutmut_20 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_21'] = x_make_plan__mutmut_21 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_22'] = x_make_plan__mutmut_22 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_23'] = x_make_plan__mutmut_23 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_24'] = x_make_plan__mutmut_24 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_25'] = x_make_plan__mutmut_25 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_26'] = x_make_plan__mutmut_26 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_27'] = x_make_plan__mutmut_27 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_28'] = x_make_plan__mutmut_28 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_29'] = x_make_plan__mutmut_29 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_30'] = x_make_plan__mutmut_30 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_31'] = x_make_plan__mutmut_31 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_32'] = x_make_plan__mutmut_32 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_33'] = x_make_plan__mutmut_33 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_34'] = x_make_plan__mutmut_34 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_35'] = x_make_plan__mutmut_35 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_36'] = x_make_plan__mutmut_36 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_37'] = x_make_plan__mutmut_37 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_38'] = x_make_plan__mutmut_38 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_39'] = x_make_plan__mutmut_39 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_40'] = x_make_plan__mutmut_40 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_41'] = x_make_plan__mutmut_41 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_42'] = x_make_plan__mutmut_42 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_43'] = x_make_plan__mutmut_43 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_44'] = x_make_plan__mutmut_44 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_45'] = x_make_plan__mutmut_45 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_46'] = x_make_plan__mutmut_46 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_47'] = x_make_plan__mutmut_47 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_48'] = x_make_plan__mutmut_48 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_49'] = x_make_plan__mutmut_49 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_50'] = x_make_plan__mutmut_50 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_51'] = x_make_plan__mutmut_51 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_52'] = x_make_plan__mutmut_52 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_53'] = x_make_plan__mutmut_53 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_54'] = x_make_plan__mutmut_54 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_55'] = x_make_plan__mutmut_55 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_56'] = x_make_plan__mutmut_56 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_57'] = x_make_plan__mutmut_57 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_58'] = x_make_plan__mutmut_58 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_59'] = x_make_plan__mutmut_59 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_60'] = x_make_plan__mutmut_60 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_61'] = x_make_plan__mutmut_61 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_62'] = x_make_plan__mutmut_62 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_63'] = x_make_plan__mutmut_63 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_64'] = x_make_plan__mutmut_64 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_65'] = x_make_plan__mutmut_65 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_66'] = x_make_plan__mutmut_66 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_67'] = x_make_plan__mutmut_67 # type: ignore # mutmut generated
mutants_x_make_plan__mutmut['x_make_plan__mutmut_68'] = x_make_plan__mutmut_68 # type: ignore # mutmut generated
mutants_x__stage__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__stage__mutmut)
def _stage(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_orig(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_1(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = None
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_2(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(None, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_3(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, None)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_4(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_5(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, )
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_6(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = None
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_7(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(None)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_8(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = None
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_9(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is not _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_10(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = None
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_11(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key and {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_12(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = None
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_13(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after and {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_14(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(None)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_15(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = None
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_16(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(None)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_17(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is not None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_18(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = None
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_19(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = None
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_20(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = None
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_21(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(None)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_22(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_23(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position > position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_24(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete or UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_25(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete or not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_26(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_27(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_28(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE not in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_29(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = None
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_30(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if (value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE) and False
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_31(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if (value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE) or True
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_32(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(None, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_33(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, None)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_34(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_35(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, )
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_36(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE or current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_37(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value != UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_38(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(None, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_39(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, None) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_40(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_41(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, ) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_42(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) == UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, event.op)


def x__stage__mutmut_43(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = None


def x__stage__mutmut_44(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(None, position, delete, doc, event.op)


def x__stage__mutmut_45(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, None, delete, doc, event.op)


def x__stage__mutmut_46(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, None, doc, event.op)


def x__stage__mutmut_47(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, None, event.op)


def x__stage__mutmut_48(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, None)


def x__stage__mutmut_49(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(position, delete, doc, event.op)


def x__stage__mutmut_50(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, delete, doc, event.op)


def x__stage__mutmut_51(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, doc, event.op)


def x__stage__mutmut_52(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, event.op)


def x__stage__mutmut_53(plan: Plan, mapper: TableMapper, event: ChangeEvent) -> None:
    key = mapper.key_text(event.key, event.after)
    position = event.position(plan.snapshot_floor)
    delete = event.op is _DELETE
    if delete:
        doc = event.key or {}
    else:
        doc = event.after or {}
        mapper.check_columns(doc)
    table_rows = plan.rows.get(mapper.target)
    if table_rows is None:
        table_rows = plan.rows[mapper.target] = {}
        plan.mappers[mapper.target] = mapper
    current = table_rows.get(key)
    if current is not None:
        if current.position >= position:
            return  # an older (or duplicate) change of a key already staged in this batch
        if not delete and not current.delete and UNAVAILABLE in doc.values():
            # The older change in this batch still knows the value the placeholder stands for.
            doc = {column: current.doc.get(column, value)
                   if value == UNAVAILABLE and current.doc.get(column, UNAVAILABLE) != UNAVAILABLE
                   else value for column, value in doc.items()}
    table_rows[key] = StagedRow(key, position, delete, doc, )

mutants_x__stage__mutmut['_mutmut_orig'] = x__stage__mutmut_orig # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_1'] = x__stage__mutmut_1 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_2'] = x__stage__mutmut_2 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_3'] = x__stage__mutmut_3 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_4'] = x__stage__mutmut_4 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_5'] = x__stage__mutmut_5 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_6'] = x__stage__mutmut_6 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_7'] = x__stage__mutmut_7 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_8'] = x__stage__mutmut_8 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_9'] = x__stage__mutmut_9 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_10'] = x__stage__mutmut_10 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_11'] = x__stage__mutmut_11 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_12'] = x__stage__mutmut_12 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_13'] = x__stage__mutmut_13 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_14'] = x__stage__mutmut_14 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_15'] = x__stage__mutmut_15 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_16'] = x__stage__mutmut_16 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_17'] = x__stage__mutmut_17 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_18'] = x__stage__mutmut_18 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_19'] = x__stage__mutmut_19 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_20'] = x__stage__mutmut_20 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_21'] = x__stage__mutmut_21 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_22'] = x__stage__mutmut_22 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_23'] = x__stage__mutmut_23 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_24'] = x__stage__mutmut_24 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_25'] = x__stage__mutmut_25 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_26'] = x__stage__mutmut_26 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_27'] = x__stage__mutmut_27 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_28'] = x__stage__mutmut_28 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_29'] = x__stage__mutmut_29 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_30'] = x__stage__mutmut_30 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_31'] = x__stage__mutmut_31 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_32'] = x__stage__mutmut_32 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_33'] = x__stage__mutmut_33 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_34'] = x__stage__mutmut_34 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_35'] = x__stage__mutmut_35 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_36'] = x__stage__mutmut_36 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_37'] = x__stage__mutmut_37 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_38'] = x__stage__mutmut_38 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_39'] = x__stage__mutmut_39 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_40'] = x__stage__mutmut_40 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_41'] = x__stage__mutmut_41 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_42'] = x__stage__mutmut_42 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_43'] = x__stage__mutmut_43 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_44'] = x__stage__mutmut_44 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_45'] = x__stage__mutmut_45 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_46'] = x__stage__mutmut_46 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_47'] = x__stage__mutmut_47 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_48'] = x__stage__mutmut_48 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_49'] = x__stage__mutmut_49 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_50'] = x__stage__mutmut_50 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_51'] = x__stage__mutmut_51 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_52'] = x__stage__mutmut_52 # type: ignore # mutmut generated
mutants_x__stage__mutmut['x__stage__mutmut_53'] = x__stage__mutmut_53 # type: ignore # mutmut generated
