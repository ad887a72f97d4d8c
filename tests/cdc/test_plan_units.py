"""Planning a batch, the details (pure): fences, held tables, the snapshot floor, offsets,
poison from staging, keys taken from the row image. The main cases are in test_plan.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
import pytest

from cdc.events import Op, Origin, Position, parse_record
from cdc.plan import Record, StagedRow, make_plan
from tests.cdc.test_plan import MAPPER, PLACEHOLDERS, change, envelope, plan_of, rec

FENCE_TS = "2026-01-01T00:00:00Z"


def fence(lsn: int, ts: str | None = FENCE_TS, *, partition: int = 0) -> Record:
    row: dict[str, Any] = {"id": lsn, "lsn": lsn}
    if ts is not None:
        row["ts"] = ts
    return rec(change("c", row, 40, 41), table="fence", partition=partition)


def keyless(row: dict[str, Any], *, offset: int = 7) -> Record:
    """A record without a Kafka key: the row's identity comes from its image."""
    raw = orjson.dumps(change("u", row, 10, 11))
    origin = Origin("t", 0, offset)
    return Record(origin, None, raw, None, parse_record(None, raw, origin))


def test_a_fence_carries_its_lsn_and_time_and_the_batch_goes_on_after_it() -> None:
    first = fence(77)
    after = rec(change("u", {"id": 1, "qty": 1}, 50, 51))
    plan = plan_of(first, after)
    assert plan.fence == (77, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert list(plan.rows["public.stock"]) == ['{"id":1}']
    assert plan.offsets == {("t", 0): after.origin.offset + 1}


@pytest.mark.parametrize(("fences", "lsn"), [
    ((77, 66), 77), ((66, 77), 77), ((66, None), 66),
])
def test_the_newest_readable_fence_wins(fences: tuple[int | None, ...], lsn: int) -> None:
    records = [fence(n) if n is not None else fence(99, ts=None) for n in fences]
    plan = plan_of(*records)
    assert plan.fence is not None and plan.fence[0] == lsn


@pytest.mark.parametrize("ts", [None, "yesterday"])
def test_a_fence_without_a_readable_time_is_ignored(ts: str | None) -> None:
    assert plan_of(fence(77, ts=ts)).fence is None


def test_records_of_a_held_table_are_passed_by_and_the_batch_goes_on() -> None:
    held = rec(change("u", {"id": 1, "qty": 1}, 10, 11))
    later = fence(77, partition=1)
    plan = plan_of(held, later, held_tables=frozenset({"public.items"}))
    assert plan.rows == {} and plan.poison == []
    assert plan.fence is not None and plan.fence[0] == 77
    assert plan.offsets == {("t", 1): later.origin.offset + 1}  # not past the held record


def test_a_table_held_in_this_batch_lets_the_other_records_through() -> None:
    drifted = rec(change("u", {"id": 1, "qty": 1, "colour": "red"}, 10, 11))
    plan = plan_of(drifted, rec(change("u", {"id": 2, "qty": 1}, 10, 12)), fence(77, partition=1))
    assert list(plan.held) == ["public.items"] and plan.rows == {}
    assert plan.fence is not None and plan.fence[0] == 77


def test_the_first_record_of_a_partition_moves_its_offset() -> None:
    raw = orjson.dumps(change("u", {"id": 1, "qty": 1}, 10, 11))
    origin = Origin("t", 3, 0)
    plan = plan_of(Record(origin, b'{"id": 1}', raw, None, parse_record(b'{"id": 1}', raw, origin)))
    assert plan.offsets == {("t", 3): 1}


SNAPSHOT = envelope(op="r", row={"id": 1, "qty": 1}, lsn=900, snapshot="true", sequence=None)
RESTARTED = envelope(op="u", row={"id": 2, "qty": 1}, lsn=500, sequence=None)  # no commit lsn
STREAMED = change("u", {"id": 3, "qty": 1}, 950, 960)
RESYNCED = envelope(op="r", row={"id": 4, "qty": 1}, lsn=None, snapshot="incremental",
                    sequence='["1200","1200"]')  # an incremental snapshot's read


@pytest.mark.parametrize(("values", "floor", "new_floor", "restarted_at"), [
    ((STREAMED,), 0, 0, None),  # only snapshot reads move the floor
    ((RESTARTED,), 0, 0, Position(500, 500)),
    ((SNAPSHOT, RESTARTED), 0, 900, Position(901, 500)),  # after the snapshot it follows
    ((SNAPSHOT, STREAMED, RESTARTED), 0, 900, Position(901, 500)),
    ((SNAPSHOT, RESTARTED), 1000, 1000, Position(1001, 500)),  # the floor never goes down
    ((SNAPSHOT, RESYNCED, RESTARTED), 0, 900, Position(901, 500)),  # a re-sync: mid-stream
])
def test_snapshot_reads_raise_the_floor_streamed_changes_without_a_commit_lsn_sit_above(
        values: tuple[dict[str, Any], ...], floor: int, new_floor: int,
        restarted_at: Position | None) -> None:
    records = [rec(orjson.loads(orjson.dumps(v))) for v in values]
    plan = make_plan(records, {"public.items": MAPPER}, fence_table="public.fence",
                     snapshot_floor=floor, placeholders=PLACEHOLDERS)
    assert plan.snapshot_floor == new_floor
    row = plan.rows["public.stock"].get('{"id":2}')
    assert (row.position if row else None) == restarted_at


def test_every_skipped_transaction_is_counted() -> None:
    plan = plan_of(rec(change("u", {"id": 1, "qty": 1}, 10, 11)),
                   rec(change("u", {"id": 2, "qty": 1}, 10, 12)), skip_tx=frozenset({9}))
    assert (plan.staged, plan.loop_skipped) == (0, 2)


def test_an_unmapped_table_is_poison_naming_the_table() -> None:
    record = rec(change("u", {"id": 7, "qty": 1}, 30, 32), table="unknown")
    [(got, poison)] = plan_of(record).poison
    assert got is record
    assert (poison.kind, str(poison)) == ("unknown-table", "table public.unknown is not mapped")


def test_a_row_without_a_kafka_key_is_staged_under_its_image_key() -> None:
    plan = plan_of(keyless({"id": 5, "qty": 1}))
    assert plan.mappers == {"public.stock": MAPPER}
    assert plan.rows["public.stock"] == {
        '{"id":5}': StagedRow('{"id":5}', Position(10, 11), False, {"id": 5, "qty": 1}, Op.UPDATE)}


def test_a_row_without_any_key_is_poison_and_nothing_is_staged() -> None:
    record = keyless({"qty": 1})
    plan = plan_of(record)
    [(got, poison)] = plan.poison
    assert got is record and poison.kind == "bad-value"
    assert plan.rows == {} and plan.offsets == {("t", 0): 8}
