"""The apply layer against the real target PostgreSQL, without Kafka: value conversion for
Debezium's JSON encodings, the position guard, delete markers and TOAST placeholders.

Records are built as Debezium would send them and go through the same parse → plan → encode →
apply path as in the applier, one batch per `apply` call.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import orjson
import psycopg
import pytest

from cdc.apply import Applied, apply_plan, encode_plan, forget_connection
from cdc.catalog import table_shape
from cdc.config import TableSync
from cdc.errors import PoisonEvent
from cdc.events import UNAVAILABLE, Origin, parse_record
from cdc.mapping import TableMapper
from cdc.plan import Record, make_plan
from cdc.state import ensure_positions, ensure_state
from tests.support import dropping_what_it_creates, unique

pytestmark = pytest.mark.pg

_offset = iter(range(10**9))


def record(op: str, row: dict[str, Any], commit: int, lsn: int, *,
           key: dict[str, Any] | None = None, table: str = "items") -> Record:
    """A Debezium record (JSON, schemas off) of `public.<table>`; `row` is the after image
    (the before image for a delete)."""
    payload = {"before": row if op == "d" else None, "after": None if op == "d" else row,
               "op": op, "ts_ms": 0,
               "source": {"schema": "public", "table": table, "lsn": lsn, "txId": commit,
                          "sequence": orjson.dumps([str(commit), str(lsn)]).decode(),
                          "snapshot": "true" if op == "r" else "false"}}
    raw_key = orjson.dumps(key if key is not None else {"id": row["id"]})
    value = orjson.dumps(payload)
    origin = Origin("test", 0, next(_offset))
    parsed: Any
    try:
        parsed = parse_record(raw_key, value, origin)
    except PoisonEvent as poison:
        parsed = poison
    return Record(origin, raw_key, value, None, parsed)


class Target:
    def __init__(self, conn: psycopg.Connection, table: str, sync: TableSync) -> None:
        self.conn, self.table = conn, table
        columns, key = table_shape(conn, table)
        self.mapper = TableMapper(sync, columns, key)
        ensure_positions(conn, self.mapper)
        conn.commit()
        self.mappers = {sync.source: self.mapper}

    def apply(self, *records: Record) -> Applied:
        plan = make_plan(records, self.mappers, fence_table="public.no_fence", snapshot_floor=0)
        assert not plan.poison, plan.poison
        encode_plan(plan)
        return apply_plan(self.conn, plan, group="test-apply", origin=None)

    def rows(self, columns: str = "*") -> dict[Any, tuple[Any, ...]]:
        got = self.conn.execute(f"select {columns} from {self.table} order by 1").fetchall()
        self.conn.commit()
        return {r[0]: r for r in got}


@pytest.fixture
def conn(inventory_dsn: str) -> Iterator[psycopg.Connection]:
    with dropping_what_it_creates(inventory_dsn), psycopg.connect(inventory_dsn) as connection:
        ensure_state(connection)
        connection.commit()
        yield connection
        forget_connection(connection)


def make_target(conn: psycopg.Connection, ddl: str, **sync: Any) -> Target:
    table = f"public.{unique('ap')}"
    conn.execute(f"create table {table} ({ddl})")
    conn.commit()
    return Target(conn, table, TableSync(source="public.items", target=table, **sync))


def test_debezium_json_encodings_are_converted_to_the_target_types(
        conn: psycopg.Connection) -> None:
    t = make_target(conn, """item_id bigint primary key, sku text, qty integer,
        price numeric(12,2), born date, seen timestamp, at timestamptz, opens time,
        blob bytea, tags text[], attrs jsonb, active boolean, ref uuid, "Mixed Case" text""",
                    columns={"id": "item_id"})
    ref = uuid.uuid4()
    t.apply(record("c", {
        "id": 1, "sku": "tab\there \"quoted\" back\\slash é", "qty": 7, "price": "12.50",
        "born": 19000, "seen": 1_700_000_000_123_456, "at": "2024-02-03T04:05:06.5Z",
        "opens": 34_200_000_000, "blob": "AAEC/w==", "tags": ["a", "b,c", "d\"e"],
        "attrs": '{"k": [1, 2]}', "active": True, "ref": str(ref), "Mixed Case": "m"},
        commit=100, lsn=100))
    row = t.rows()[1]
    assert row == (
        1, "tab\there \"quoted\" back\\slash é", 7, __import__("decimal").Decimal("12.50"),
        dt.date(1970, 1, 1) + dt.timedelta(days=19000),
        dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=1_700_000_000_123_456),
        dt.datetime(2024, 2, 3, 4, 5, 6, 500000, tzinfo=dt.UTC), dt.time(9, 30),
        b"\x00\x01\x02\xff", ["a", "b,c", "d\"e"], {"k": [1, 2]}, True, ref, "m")
    # ISO strings (what some converters send) and nulls are read as well
    t.apply(record("u", {"id": 1, "sku": None, "qty": None, "price": None,
                         "born": "2020-05-06", "seen": "2020-05-06T07:08:09",
                         "at": None, "opens": "10:11:12", "blob": None, "tags": None,
                         "attrs": None, "active": None, "ref": None, "Mixed Case": None},
                    commit=200, lsn=200))
    row = t.rows()[1]
    assert row[4:8] == (dt.date(2020, 5, 6), dt.datetime(2020, 5, 6, 7, 8, 9), None,
                        dt.time(10, 11, 12))
    assert row[1:4] == (None, None, None) and row[8:] == (None,) * 6


def test_the_guard_skips_older_and_duplicate_changes_and_deletes_leave_a_marker(
        conn: psycopg.Connection) -> None:
    t = make_target(conn, "id bigint primary key, qty int not null")
    assert t.apply(record("c", {"id": 1, "qty": 1}, 100, 101),
                   record("c", {"id": 2, "qty": 2}, 100, 102)).applied == 2
    # an older change and an exact duplicate arrive late: both skipped
    result = t.apply(record("u", {"id": 1, "qty": 0}, 50, 51),
                     record("c", {"id": 2, "qty": 2}, 100, 102))
    assert (result.staged, result.applied, result.guard_skips) == (2, 0, 2)
    assert t.rows() == {1: (1, 1), 2: (2, 2)}
    # newest wins inside a batch; the delete of 2 leaves a marker ...
    t.apply(record("u", {"id": 1, "qty": 10}, 200, 201),
            record("u", {"id": 1, "qty": 11}, 200, 202),
            record("d", {"id": 2}, 300, 301))
    assert t.rows() == {1: (1, 11)}
    # ... so a replayed insert of 2 (older than the delete) does not bring it back
    assert t.apply(record("c", {"id": 2, "qty": 2}, 100, 102)).applied == 0
    assert t.rows() == {1: (1, 11)}
    # a newer insert after the delete does
    assert t.apply(record("c", {"id": 2, "qty": 22}, 400, 401)).applied == 1
    assert t.rows() == {1: (1, 11), 2: (2, 22)}


def test_snapshot_rows_lose_to_newer_streamed_changes(conn: psycopg.Connection) -> None:
    t = make_target(conn, "id bigint primary key, qty int not null")
    t.apply(record("u", {"id": 1, "qty": 5}, 500, 501))
    # a snapshot read taken at LSN 400 arrives after the streamed change of LSN 501
    assert t.apply(record("r", {"id": 1, "qty": 4}, 400, 400)).applied == 0
    assert t.rows() == {1: (1, 5)}


def test_toast_placeholder_and_missing_columns_keep_the_target_value(
        conn: psycopg.Connection) -> None:
    t = make_target(conn, "id bigint primary key, qty int, details text, note text")
    t.apply(record("c", {"id": 1, "qty": 1, "details": "long", "note": "n1"}, 100, 101),
            record("c", {"id": 2, "qty": 2, "details": "long2", "note": "n2"}, 100, 102))
    # 1: placeholder for details; 2: an image without `note` next to a full one in the batch
    t.apply(record("u", {"id": 1, "qty": 3, "details": UNAVAILABLE, "note": "n1b"}, 200, 201),
            record("u", {"id": 2, "qty": 4, "details": "d2"}, 200, 202),
            record("c", {"id": 3, "qty": 5, "details": "d3", "note": "n3"}, 200, 203))
    assert t.rows() == {1: (1, 3, "long", "n1b"), 2: (2, 4, "d2", "n2"),
                        3: (3, 5, "d3", "n3")}
    # an older change of the same key in the batch supplies the placeholder's value
    t.apply(record("u", {"id": 1, "qty": 6, "details": "fresh", "note": "x"}, 300, 301),
            record("u", {"id": 1, "qty": 7, "details": UNAVAILABLE, "note": "y"}, 300, 302))
    assert t.rows()[1] == (1, 7, "fresh", "y")
    with conn.transaction():
        assert conn.execute(f"select count(*) from {t.table} where details = %s",
                            (UNAVAILABLE,)).fetchone() == (0,)


def test_composite_keys_and_renamed_key_columns(conn: psycopg.Connection) -> None:
    t = make_target(conn, "shop text, item_no bigint, qty int, primary key (shop, item_no)",
                    columns={"id": "item_no"})
    key = {"shop": "north", "id": 1}
    t.apply(record("c", {"shop": "north", "id": 1, "qty": 1}, 100, 101, key=key),
            record("c", {"shop": "south", "id": 1, "qty": 2}, 100, 102,
                   key={"shop": "south", "id": 1}))
    t.apply(record("d", {"shop": "north", "id": 1}, 200, 201, key=key))
    assert t.apply(record("c", {"shop": "north", "id": 1, "qty": 9}, 100, 101,
                          key=key)).applied == 0
    assert list(t.rows("shop, item_no, qty").values()) == [("south", 1, 2)]


def test_a_value_the_target_type_cannot_hold_fails_the_batch_without_a_trace(
        conn: psycopg.Connection) -> None:
    t = make_target(conn, "id bigint primary key, qty smallint")
    with pytest.raises(psycopg.errors.DataError):
        t.apply(record("c", {"id": 1, "qty": 5}, 100, 101),
                record("c", {"id": 2, "qty": 70000}, 100, 102))
    conn.rollback()
    assert t.rows() == {}
    with conn.transaction():
        assert conn.execute(f"select count(*) from strangler_cdc.{t.mapper.positions_table}"
                            ).fetchone() == (0,)
