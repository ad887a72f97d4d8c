"""Pure parts of the applier, table-driven: parsing Debezium records, planning a batch,
encoding the staged rows. No I/O (the apply layer against PostgreSQL is in test_apply.py)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from cdc.apply import encode_table
from cdc.config import TableSync
from cdc.errors import PoisonEvent
from cdc.events import UNAVAILABLE, ChangeEvent, Op, Origin, Position, parse_record
from cdc.mapping import Column, TableMapper
from cdc.plan import Record, make_plan

ORIGIN = Origin("t", 0, 0)


def envelope(op: Any = "u", *, row: Any = None, lsn: Any = 500, sequence: Any = '["400","500"]',
             snapshot: str = "false", **extra: Any) -> dict[str, Any]:
    row = {"id": 1, "qty": 2} if row is None else row
    source = {"schema": "public", "table": "items", "lsn": lsn, "txId": 9,
              "snapshot": snapshot, "sequence": sequence}
    return {"before": row if op == "d" else None, "after": None if op == "d" else row,
            "op": op, "source": source, **extra}


def parse(value: Any, key: Any = b'{"id": 1}') -> ChangeEvent | None:
    raw = value if isinstance(value, bytes) or value is None else orjson.dumps(value)
    return parse_record(key, raw, ORIGIN)


@pytest.mark.parametrize(("value", "key", "kind"), [
    (b"{not json", b'{"id": 1}', "not-json"),
    (envelope(), b"\xff", "not-json"),
    ([1, 2], b'{"id": 1}', "no-payload"),
    ({"op": "c"}, b'{"id": 1}', "no-payload"),
    (envelope(op="x"), b'{"id": 1}', "unknown-op"),
    (envelope(op=[]), b'{"id": 1}', "unknown-op"),
    (envelope(op=None), b'{"id": 1}', "unknown-op"),
    ({**envelope(), "source": "public.items"}, b'{"id": 1}', "no-payload"),
    ({**envelope(), "after": None}, b'{"id": 1}', "no-payload"),
    (envelope(op="d"), None, None),  # a delete without a key but with its before image: fine
    ({**envelope(op="d"), "before": None}, None, "no-payload"),
    (envelope(lsn=[1]), b'{"id": 1}', "no-payload"),
    (envelope(sequence="[oops"), b'{"id": 1}', "no-payload"),
    ({**envelope(), "source": {"lsn": 1}}, b'{"id": 1}', "no-payload"),
])
def test_unusable_records_are_poison_with_a_kind(value: Any, key: Any, kind: str | None) -> None:
    if kind is None:
        assert parse(value, key) is not None
        return
    with pytest.raises(PoisonEvent) as caught:
        parse(value, key)
    assert caught.value.kind == kind


def test_tombstones_parse_to_none_and_schemas_are_unwrapped() -> None:
    assert parse(None) is None
    assert parse({"schema": {}, "payload": None}) is None
    event = parse({"schema": {"type": "struct"}, "payload": envelope(op="c")},
                  key=b'{"schema": {}, "payload": {"id": 1}}')
    assert event is not None
    assert (event.table, event.op, event.key, event.after, event.tx_id) == (
        "public.items", Op.CREATE, {"id": 1}, {"id": 1, "qty": 2}, 9)


@pytest.mark.parametrize(("value", "floor", "position"), [
    (envelope(), 0, Position(400, 500)),                                  # streamed
    (envelope(op="r", snapshot="true", sequence=None), 0, Position(500, 0)),  # snapshot read
    (envelope(sequence=None), 0, Position(500, 500)),     # first tx after a connector restart
    (envelope(sequence=None), 900, Position(901, 500)),   # ... raised above the snapshot point
    (envelope(sequence='[null,"500"]'), 900, Position(901, 500)),
])
def test_positions_order_snapshot_and_streamed_changes(value: dict[str, Any], floor: int,
                                                       position: Position) -> None:
    event = parse(value)
    assert event is not None and event.position(floor) == position


# -- planning ---------------------------------------------------------------------------------

MAPPER = TableMapper(
    TableSync(source="public.items", target="public.stock", columns={"id": "item_id"}),
    {"item_id": Column("item_id", "bigint", False), "qty": Column("qty", "integer", True),
     "note": Column("note", "text", True)}, ("item_id",))
MAPPERS = {"public.items": MAPPER}
_offsets = iter(range(1, 10**6))


def rec(value: Any, *, key: Any = None, partition: int = 0, table: str = "items") -> Record:
    if isinstance(value, dict):
        value["source"]["table"] = table
        row = value["after"] or value["before"]
        key = key if key is not None else orjson.dumps({"id": row["id"]})
    raw = value if isinstance(value, bytes) or value is None else orjson.dumps(value)
    origin = Origin("t", partition, next(_offsets))
    try:
        parsed: Any = parse_record(key, raw, origin)
    except PoisonEvent as poison:
        parsed = poison
    return Record(origin, key, raw, None, parsed)


def change(op: str, row: dict[str, Any], commit: int, lsn: int) -> dict[str, Any]:
    return envelope(op, row=row, lsn=lsn, sequence=orjson.dumps([str(commit), str(lsn)]).decode())


def plan_of(*records: Record, **kwargs: Any) -> Any:
    return make_plan(records, MAPPERS, fence_table="public.fence", snapshot_floor=0, **kwargs)


def test_a_plan_keeps_the_newest_change_per_key_and_carries_offsets_poison_and_fences() -> None:
    records = [
        rec(change("c", {"id": 1, "qty": 1}, 10, 11)),
        rec(change("u", {"id": 1, "qty": 3}, 20, 21)),
        rec(change("u", {"id": 1, "qty": 2}, 10, 12)),   # older than the one above: dropped
        rec(b"garbage", key=b'{"id": 5}'),
        rec(None, key=b'{"id": 1}', partition=1),          # tombstone: only moves the offset
        rec(change("d", {"id": 2}, 30, 31), partition=1),
        rec(change("u", {"id": 7, "qty": 1}, 30, 32), table="unknown"),
        rec(change("c", {"id": 1, "lsn": 77, "ts": "2026-01-01T00:00:00Z"}, 40, 41),
            table="fence"),
        rec(change("c", {"id": 2, "lsn": 66, "ts": "2026-01-01T00:00:00Z"}, 40, 42),
            table="fence"),
    ]
    plan = plan_of(*records)
    rows = plan.rows["public.stock"]
    assert {k: (r.position, r.delete, r.doc) for k, r in rows.items()} == {
        '{"id":1}': (Position(20, 21), False, {"id": 1, "qty": 3}),
        '{"id":2}': (Position(30, 31), True, {"id": 2})}
    assert [(r.origin.offset, p.kind) for r, p in plan.poison] == [
        (records[3].origin.offset, "not-json"), (records[6].origin.offset, "unknown-table")]
    assert plan.fence is not None and plan.fence[0] == 77
    assert plan.offsets == {("t", 0): records[-1].origin.offset + 1,
                            ("t", 1): records[5].origin.offset + 1}


def test_transactions_of_the_opposite_direction_are_skipped_but_passed_over() -> None:
    record = rec(change("u", {"id": 1, "qty": 1}, 10, 11))
    plan = plan_of(record, skip_tx=frozenset({9}))
    assert (plan.rows, plan.loop_skipped) == ({}, 1)
    assert plan.offsets == {("t", 0): record.origin.offset + 1}


def test_an_unknown_column_holds_the_table_before_the_record() -> None:
    first = rec(change("u", {"id": 1, "qty": 1}, 10, 11))
    drifted = rec(change("u", {"id": 1, "qty": 1, "colour": "red"}, 10, 12))
    plan = plan_of(first, drifted, rec(change("u", {"id": 2, "qty": 1}, 10, 13)))
    assert "colour" in str(plan.held["public.items"])
    assert plan.offsets == {("t", 0): drifted.origin.offset}  # not past the held record


def test_the_toast_placeholder_is_filled_from_an_older_change_in_the_batch() -> None:
    plan = plan_of(rec(change("u", {"id": 1, "qty": 1, "note": "long"}, 10, 11)),
                   rec(change("u", {"id": 1, "qty": 2, "note": UNAVAILABLE}, 10, 12)))
    assert plan.rows["public.stock"]['{"id":1}'].doc == {"id": 1, "qty": 2, "note": "long"}


def test_encoding_marks_unavailable_and_missing_columns_and_escapes_for_copy() -> None:
    plan = plan_of(rec(change("u", {"id": 1, "qty": 1, "note": UNAVAILABLE}, 10, 11)),
                   rec(change("u", {"id": 2, "qty": 2}, 10, 12)),
                   rec(change("u", {"id": 3, "qty": 3, "note": 'a\\b\t"c"'}, 10, 13)),
                   rec(change("d", {"id": 4}, 10, 14)))
    columns, payload, ops = encode_table(MAPPER, plan.rows["public.stock"].values())
    assert columns == ["item_id", "note", "qty"]
    assert ops == {"u": 3, "d": 1}
    assert payload.decode().splitlines() == [
        '10\t11\tf\t{"note"}\t{"id":1,"qty":1}',
        '10\t12\tf\t{"note"}\t{"id":2,"qty":2}',
        '10\t13\tf\t\\N\t{"id":3,"qty":3,"note":"a\\\\\\\\b\\\\t\\\\"c\\\\""}',
        '10\t14\tt\t\\N\t{"id":4}',
    ]
