"""Pure parts of the applier, table-driven: parsing Debezium records, planning a batch,
encoding the staged rows. No I/O (the apply layer against PostgreSQL is in test_apply.py)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

import orjson
import pytest

from cdc.apply import encode_table
from cdc.config import TableSync
from cdc.errors import PoisonEvent
from cdc.events import ChangeEvent, Op, Origin, Position, parse_record
from cdc.mapping import Column, TableMapper
from cdc.placeholders import DEBEZIUM_DEFAULT, Placeholders, new_placeholder
from cdc.plan import Record, Truncate, make_plan

ORIGIN = Origin("t", 0, 0)
TOKEN = new_placeholder()
PLACEHOLDERS = Placeholders(((TOKEN, None),))


def envelope(op: Any = "u", *, row: Any = None, lsn: Any = 500, sequence: Any = '["400","500"]',
             snapshot: str = "false", **extra: Any) -> dict[str, Any]:
    row = {"id": 1, "qty": 2} if row is None else row
    source = {"schema": "public", "table": "items", "lsn": lsn, "txId": 9,
              "snapshot": snapshot, "sequence": sequence}
    return {"before": row if op == "d" else None, "after": None if op == "d" else row,
            "op": op, "source": source, **extra}


def parse(value: Any, key: Any = b'{"id": 1}',
          headers: list[tuple[str, str | bytes | None]] | None = None) -> ChangeEvent | None:
    raw = value if isinstance(value, bytes) or value is None else orjson.dumps(value)
    return parse_record(key, raw, ORIGIN, headers)


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
    (envelope(lsn=None), b'{"id": 1}', "no-payload"),  # only a snapshot read may lack it
    (envelope(op="r", lsn=None, sequence=None), b'{"id": 1}', "no-payload"),
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
    # an incremental snapshot read (a re-sync through the signal table): no lsn of its own, it
    # sits at the stream position it was emitted at, above the older changes of its key
    (envelope(op="r", snapshot="incremental", lsn=None, sequence='["700","700"]'), 0,
     Position(700, 0)),
    (envelope(op="r", snapshot="incremental", lsn=None, sequence='["650","700"]'), 900,
     Position(700, 0)),
])
def test_positions_order_snapshot_and_streamed_changes(value: dict[str, Any], floor: int,
                                                       position: Position) -> None:
    event = parse(value)
    assert event is not None and event.position(floor) == position


def test_a_truncate_parses_without_key_or_images() -> None:
    event = parse({**envelope(op="t"), "before": None, "after": None}, key=None)
    assert event is not None
    assert (event.op, event.key, event.after, event.table, event.position(0)) == (
        Op.TRUNCATE, {}, None, "public.items", Position(400, 500))


def test_a_key_change_create_carries_the_old_key_from_its_header() -> None:
    create = envelope(op="c", row={"id": 2, "qty": 1})
    event = parse(create, headers=[("__debezium.oldkey", b'{"id": 1}')])
    assert event is not None and event.key_change == {"id": 1}
    assert parse(create) is not None and parse(create).key_change is None  # type: ignore[union-attr]
    update = {**envelope(row={"id": 1, "qty": 2}), "before": {"id": 1, "qty": 1}}
    event = parse(update)
    assert event is not None and event.before == {"id": 1, "qty": 1}


# -- placeholders --------------------------------------------------------------------------------

def renderings(placeholder: str) -> list[Any]:
    """What Debezium 3.1 writes for an unchanged TOASTed value, per column type (observed on the
    stack: text/varchar/json/jsonb/xml/numeric, bytea, text[]/varchar[]/jsonb[], bytea[],
    uuid[], int[]/bigint[]/date[])."""
    raw = placeholder.encode()
    b64 = base64.b64encode(raw).decode()
    name_uuid = str(uuid.UUID(bytes=hashlib.md5(raw).digest(), version=3))
    return [placeholder, b64, [placeholder], [b64], [name_uuid], list(raw)]


def update(after: dict[str, Any], *, lsn: int = 500, before: dict[str, Any] | None = None,
           op: str = "u", old_key: dict[str, Any] | None = None) -> ChangeEvent:
    value = {**envelope(op=op, row=after, lsn=lsn), "before": before}
    headers = [("__debezium.oldkey", orjson.dumps(old_key))] if old_key else None
    event = parse(value, headers=headers)
    assert event is not None
    return event


@pytest.mark.parametrize("value", renderings(TOKEN), ids=["text", "bytea", "text[]", "bytea[]",
                                                          "uuid[]", "int[]"])
@pytest.mark.parametrize(("op", "before", "old_key", "counts"), [
    ("u", None, None, True),                      # REPLICA IDENTITY DEFAULT
    ("u", {"id": 1, "qty": None, "note": None}, None, True),  # USING INDEX: key columns only
    ("u", {"id": 1, "qty": 1, "note": "n"}, None, False),    # FULL: Debezium sends the value
    ("c", None, {"id": 9}, True),                 # the create of a primary-key change
    ("c", None, None, False),                     # an insert
    ("r", None, None, False),                     # a snapshot read
], ids=["update", "update-index", "update-full", "key-change", "insert", "snapshot"])
def test_a_placeholder_counts_only_where_debezium_can_send_it(
        value: Any, op: str, before: dict[str, Any] | None, old_key: dict[str, Any] | None,
        counts: bool) -> None:
    event = update({"id": 1, "qty": 2, "note": value}, op=op, before=before, old_key=old_key)
    assert PLACEHOLDERS.columns(event) == (frozenset({"note"}) if counts else frozenset())
    staged = plan_of(rec(event_value(event), headers=event_headers(event))).rows[
        "public.stock"]['{"id":1}'].doc
    assert staged == ({"id": 1, "qty": 2} if counts else {"id": 1, "qty": 2, "note": value})


def event_value(event: ChangeEvent) -> dict[str, Any]:
    op = event.op.value
    return {**envelope(op=op, row=event.after, lsn=event.lsn,
                       snapshot="true" if op == "r" else "false"), "before": event.before}


def event_headers(event: ChangeEvent) -> list[tuple[str, str | bytes | None]] | None:
    return [("__debezium.oldkey", orjson.dumps(event.key_change))] if event.key_change else None


@pytest.mark.parametrize("op", ["c", "r", "u", "d"])
@pytest.mark.parametrize("value", renderings(DEBEZIUM_DEFAULT),
                         ids=["text", "bytea", "text[]", "bytea[]", "uuid[]", "int[]"])
def test_debeziums_default_placeholder_text_is_data_for_a_connector_with_its_own(
        op: str, value: Any) -> None:
    row = {"id": 1, "qty": 2, "note": value}
    plan = plan_of(rec(change(op, row, 10, 11)))
    staged = plan.rows["public.stock"]['{"id":1}']
    assert staged.doc == ({"id": 1} if op == "d" else row) and staged.delete == (op == "d")


def test_without_a_record_debeziums_default_counts_in_updates_only() -> None:
    unrecorded = Placeholders.unrecorded()
    row = {"id": 1, "qty": 2, "note": DEBEZIUM_DEFAULT}
    assert unrecorded.columns(update(row)) == {"note"}
    assert unrecorded.columns(update(row, op="c")) == frozenset()
    assert unrecorded.columns(update({**row, "note": TOKEN})) == frozenset()


def test_a_retired_placeholder_counts_only_in_events_before_the_switch() -> None:
    switched = Placeholders(((DEBEZIUM_DEFAULT, 500), (TOKEN, None)))
    old, new = {"id": 1, "note": DEBEZIUM_DEFAULT}, {"id": 1, "note": TOKEN}
    assert switched.columns(update(old, lsn=499)) == {"note"}
    assert switched.columns(update(old, lsn=500)) == frozenset()   # typed after the switch
    assert switched.columns(update(new, lsn=400)) == {"note"}     # re-sent after a restart
    assert switched.columns(update({"id": 1, "note": [DEBEZIUM_DEFAULT]}, lsn=600)) == set()


def test_placeholders_are_read_again_when_unrecorded_or_unknown() -> None:
    other = new_placeholder()
    assert Placeholders.unrecorded().stale([update({"id": 1, "note": "x"})])
    assert not Placeholders.unrecorded().stale([update({"id": 1, "note": "x"}, op="c")])
    for value in renderings(other)[:4]:  # the renderings that show our prefix
        assert PLACEHOLDERS.stale([update({"id": 1, "note": value})]), value
    assert not PLACEHOLDERS.stale([update({"id": 1, "note": other}, op="c")])  # an insert
    for value in [*renderings(TOKEN), "plain", DEBEZIUM_DEFAULT, 5, None]:
        assert not PLACEHOLDERS.stale([update({"id": 1, "note": value})]), value


# -- planning ---------------------------------------------------------------------------------

MAPPER = TableMapper(
    TableSync(source="public.items", target="public.stock", columns={"id": "item_id"}),
    {"item_id": Column("item_id", "bigint", False), "qty": Column("qty", "integer", True),
     "note": Column("note", "text", True)}, ("item_id",))
MAPPERS = {"public.items": MAPPER}
_offsets = iter(range(1, 10**6))


def rec(value: Any, *, key: Any = None, partition: int = 0, table: str = "items",
        headers: list[tuple[str, str | bytes | None]] | None = None) -> Record:
    if isinstance(value, dict):
        value["source"]["table"] = table
        row = value["after"] or value["before"]
        if key is None and row is not None:
            key = orjson.dumps({"id": row["id"]})
    raw = value if isinstance(value, bytes) or value is None else orjson.dumps(value)
    origin = Origin("t", partition, next(_offsets))
    try:
        parsed: Any = parse_record(key, raw, origin, headers)
    except PoisonEvent as poison:
        parsed = poison
    return Record(origin, key, raw, headers, parsed)


def change(op: str, row: dict[str, Any], commit: int, lsn: int) -> dict[str, Any]:
    return envelope(op, row=row, lsn=lsn, sequence=orjson.dumps([str(commit), str(lsn)]).decode())


def plan_of(*records: Record, **kwargs: Any) -> Any:
    kwargs.setdefault("placeholders", PLACEHOLDERS)
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
                   rec(change("u", {"id": 1, "qty": 2, "note": TOKEN}, 10, 12)))
    assert plan.rows["public.stock"]['{"id":1}'].doc == {"id": 1, "qty": 2, "note": "long"}


def test_encoding_marks_unavailable_and_missing_columns_and_escapes_for_copy() -> None:
    plan = plan_of(rec(change("u", {"id": 1, "qty": 1, "note": TOKEN}, 10, 11)),
                   rec(change("u", {"id": 2, "qty": 2}, 10, 12)),
                   rec(change("u", {"id": 3, "qty": 3, "note": 'a\\b\t"c"'}, 10, 13)),
                   rec(change("d", {"id": 4}, 10, 14)))
    columns, payload, ops = encode_table(MAPPER, plan.rows["public.stock"].values())
    assert columns == ["item_id", "note", "qty"]
    assert ops == {"u": 3, "d": 1}
    assert payload.decode().splitlines() == [
        '10\t11\tf\t{"note"}\t{"id":1,"qty":1}\t\\N',
        '10\t12\tf\t{"note"}\t{"id":2,"qty":2}\t\\N',
        '10\t13\tf\t\\N\t{"id":3,"qty":3,"note":"a\\\\\\\\b\\\\t\\\\"c\\\\""}\t\\N',
        '10\t14\tt\t\\N\t{"id":4}\t\\N',
    ]


def truncate(commit: int, lsn: int) -> dict[str, Any]:
    return {**change("c", {"id": 0}, commit, lsn), "op": "t", "after": None, "before": None}


def test_a_truncate_drops_older_staged_rows_and_keeps_newer_ones() -> None:
    plan = plan_of(
        rec(change("c", {"id": 1, "qty": 1}, 10, 11)),               # before it: removed
        rec(truncate(10, 12)),
        rec(change("c", {"id": 2, "qty": 2}, 10, 13)),               # same transaction, after
        rec(change("u", {"id": 3, "qty": 3}, 5, 6), partition=1),    # older, arriving late
        rec(truncate(5, 7), partition=1),                            # an older truncate
        rec(change("u", {"id": 4, "qty": 4}, 20, 21), partition=1),  # a later transaction
    )
    assert plan.truncates == {"public.stock": Truncate(Position(10, 12), 12, 2)}
    assert sorted(plan.rows["public.stock"]) == ['{"id":2}', '{"id":4}']
    assert plan.mappers["public.stock"] is MAPPER
    # A newer truncate later in the batch takes over and drops what it removes.
    plan = plan_of(rec(truncate(10, 12)), rec(change("c", {"id": 2, "qty": 2}, 10, 13)),
                   rec(truncate(20, 22)))
    assert plan.truncates["public.stock"] == Truncate(Position(20, 22), 22, 2)
    assert plan.rows["public.stock"] == {}


def test_a_batch_with_only_a_truncate_carries_its_mapper_and_sits_above_the_snapshot_floor(
        ) -> None:
    # Nothing else of the table in the batch: the truncate alone must bring its mapper along
    # (the apply step finds the target's positions table through it).
    plan = plan_of(rec(truncate(10, 12)))
    assert plan.mappers == {"public.stock": MAPPER} and plan.rows == {}
    assert plan.truncates == {"public.stock": Truncate(Position(10, 12), 12, 1)}
    # The first transaction after a connector restart has no last commit LSN: like any such
    # change it sits above the newest snapshot point seen, never below it.
    first = {**truncate(0, 7), "source": {**truncate(0, 7)["source"], "sequence": None}}
    plan = make_plan([rec(first)], MAPPERS, fence_table="public.fence", snapshot_floor=100,
                     placeholders=PLACEHOLDERS)
    assert plan.truncates["public.stock"].position == Position(101, 7)


def test_only_a_delete_keeps_the_image_it_replaced() -> None:
    plan = plan_of(rec(change("c", {"id": 1, "qty": 1}, 10, 11)),
                   rec(change("u", {"id": 1, "qty": 2}, 20, 21)),   # an update over an update
                   rec(change("c", {"id": 2, "qty": 3}, 10, 12)),
                   rec(change("d", {"id": 2}, 30, 31)))             # a delete over a create
    assert plan.deleted_images == {("public.stock", '{"id":2}'): {"id": 2, "qty": 3}}
    assert plan.rows["public.stock"]['{"id":2}'].unavailable == frozenset()


def test_a_key_change_takes_unchanged_values_from_the_old_key_staged_in_the_batch() -> None:
    old_key = {"id": 1}
    plan = plan_of(rec(change("c", {"id": 1, "qty": 1, "note": "long"}, 10, 11)),
                   rec(change("d", {"id": 1}, 20, 21)),
                   rec(change("c", {"id": 2, "qty": 1, "note": TOKEN}, 20, 21),
                       headers=[("__debezium.oldkey", orjson.dumps(old_key))]))
    moved = plan.rows["public.stock"]['{"id":2}']
    assert (moved.doc, moved.unavailable, moved.key_change) == (
        {"id": 2, "qty": 1, "note": "long"}, frozenset(), old_key)
    assert plan.rows["public.stock"]['{"id":1}'].delete
