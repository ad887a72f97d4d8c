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
from cdc.errors import PoisonEvent, TruncateBlocked
from cdc.events import Origin, parse_record
from cdc.mapping import TableMapper
from cdc.placeholders import DEBEZIUM_DEFAULT, Placeholders, new_placeholder
from cdc.plan import Record, make_plan
from cdc.state import ensure_positions, ensure_state, load_truncates
from tests.support import dropping_what_it_creates, unique

pytestmark = pytest.mark.pg

_offset = iter(range(10**9))
TOKEN = new_placeholder()
PLACEHOLDERS = Placeholders(((TOKEN, None),))


def record(op: str, row: dict[str, Any], commit: int, lsn: int, *,
           key: dict[str, Any] | None = None, table: str = "items",
           key_change: dict[str, Any] | None = None) -> Record:
    """A Debezium record (JSON, schemas off) of `public.<table>`; `row` is the after image
    (the before image for a delete; ignored for a truncate, op `t`)."""
    images = {"d": (row, None), "t": (None, None)}.get(op, (None, row))
    payload = {"before": images[0], "after": images[1], "op": op, "ts_ms": 0,
               "source": {"schema": "public", "table": table, "lsn": lsn, "txId": commit,
                          "sequence": orjson.dumps([str(commit), str(lsn)]).decode(),
                          "snapshot": "true" if op == "r" else "false"}}
    raw_key = None if op == "t" else orjson.dumps(key if key is not None else {"id": row["id"]})
    value = orjson.dumps(payload)
    origin = Origin("test", 0, next(_offset))
    headers: list[tuple[str, str | bytes | None]] | None = None
    if key_change is not None:  # a primary-key change: its delete and create name the other key
        header = "__debezium.newkey" if op == "d" else "__debezium.oldkey"
        headers = [(header, orjson.dumps(key_change))]
    parsed: Any
    try:
        parsed = parse_record(raw_key, value, origin, headers)
    except PoisonEvent as poison:
        parsed = poison
    return Record(origin, raw_key, value, headers, parsed)


def truncate(commit: int, lsn: int, table: str = "items") -> Record:
    return record("t", {}, commit, lsn, table=table)


class Target:
    def __init__(self, conn: psycopg.Connection, table: str, sync: TableSync) -> None:
        self.conn, self.table = conn, table
        columns, key = table_shape(conn, table)
        self.mapper = TableMapper(sync, columns, key)
        ensure_positions(conn, self.mapper)
        conn.commit()
        self.mappers = {sync.source: self.mapper}

    def apply(self, *records: Record) -> Applied:
        return apply_records(self.conn, self.mappers, records)

    def rows(self, columns: str = "*") -> dict[Any, tuple[Any, ...]]:
        got = self.conn.execute(f"select {columns} from {self.table} order by 1").fetchall()
        self.conn.commit()
        return {r[0]: r for r in got}


def apply_records(conn: psycopg.Connection, mappers: dict[str, TableMapper],
                  records: tuple[Record, ...]) -> Applied:
    plan = make_plan(records, mappers, fence_table="public.no_fence", snapshot_floor=0,
                     placeholders=PLACEHOLDERS)
    assert not plan.poison, plan.poison
    encode_plan(plan)
    return apply_plan(conn, plan, group="test-apply", origin=None)


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


def test_array_elements_are_decoded_like_the_scalars(conn: psycopg.Connection) -> None:
    """Debezium sends bytea[] elements as base64 and date[] elements as days since 1970."""
    t = make_target(conn, "id bigint primary key, blobs bytea[], days date[], tags text[]")
    t.apply(record("c", {"id": 1, "blobs": ["AAEC/w==", "aGk="], "days": [0, 19000],
                         "tags": ["x", "y"]}, commit=100, lsn=100))
    assert t.rows()[1] == (1, [b"\x00\x01\x02\xff", b"hi"],
                           [dt.date(1970, 1, 1), dt.date(1970, 1, 1) + dt.timedelta(days=19000)],
                           ["x", "y"])
    t.apply(record("u", {"id": 1, "blobs": None, "days": ["2020-05-06"], "tags": []},
                   commit=200, lsn=200))
    assert t.rows()[1] == (1, None, [dt.date(2020, 5, 6)], [])  # empty stays empty, not NULL


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
    t.apply(record("u", {"id": 1, "qty": 3, "details": TOKEN, "note": "n1b"}, 200, 201),
            record("u", {"id": 2, "qty": 4, "details": "d2"}, 200, 202),
            record("c", {"id": 3, "qty": 5, "details": "d3", "note": "n3"}, 200, 203))
    assert t.rows() == {1: (1, 3, "long", "n1b"), 2: (2, 4, "d2", "n2"),
                        3: (3, 5, "d3", "n3")}
    # an older change of the same key in the batch supplies the placeholder's value
    t.apply(record("u", {"id": 1, "qty": 6, "details": "fresh", "note": "x"}, 300, 301),
            record("u", {"id": 1, "qty": 7, "details": TOKEN, "note": "y"}, 300, 302))
    assert t.rows()[1] == (1, 7, "fresh", "y")
    with conn.transaction():
        assert conn.execute(f"select count(*) from {t.table} where details = %s",
                            (TOKEN,)).fetchone() == (0,)


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


# -- truncates -----------------------------------------------------------------------------------
def floor_and_positions(conn: psycopg.Connection, t: Target) -> tuple[Any, list[Any]]:
    with conn.transaction():
        floor = conn.execute("select commit_lsn, change_lsn, truncates, rows_deleted "
                             "from strangler_cdc.truncates where target = %s",
                             (t.table,)).fetchone()
        keys = conn.execute(f"select id from strangler_cdc.{t.mapper.positions_table} "
                            "order by id").fetchall()
    return floor, [k[0] for k in keys]


def test_a_truncate_deletes_older_rows_and_a_replay_neither_resurrects_nor_wipes(
        conn: psycopg.Connection) -> None:
    t = make_target(conn, "id bigint primary key, qty int not null")
    t.apply(*(record("c", {"id": i, "qty": i}, 100, 100 + i) for i in (1, 2, 3)))
    # Row 3 changed after the truncate; that change was applied first (another partition).
    t.apply(record("u", {"id": 3, "qty": 33}, 300, 301))
    result = t.apply(truncate(200, 201))
    assert result.truncated == {t.table: 2}
    assert t.rows() == {3: (3, 33)}
    # The floor is recorded with the count; positions older than it are forgotten.
    assert floor_and_positions(conn, t) == ((200, 201, 1, 2), [3])
    assert [(r.target, r.direction, r.truncates, r.rows_deleted, r.source_lsn)
            for r in load_truncates(conn, "test-apply") if r.target == t.table] == [
        (t.table, "test-apply", 1, 2, 201)]
    conn.commit()

    # A replay from the start: the old inserts and the truncate itself change nothing.
    replay = t.apply(*(record("c", {"id": i, "qty": i}, 100, 100 + i) for i in (1, 2, 3)),
                     truncate(200, 201), record("u", {"id": 3, "qty": 33}, 300, 301))
    assert (replay.applied, replay.truncated) == (0, {})
    assert t.rows() == {3: (3, 33)}
    assert floor_and_positions(conn, t) == ((200, 201, 1, 2), [3])
    # Older changes read again without the truncate (it came through another partition, or
    # an earlier batch): the floor alone keeps them out.
    replay = t.apply(*(record("c", {"id": i, "qty": i}, 100, 100 + i) for i in (1, 2)))
    assert replay.applied == 0 and t.rows() == {3: (3, 33)}
    assert floor_and_positions(conn, t) == ((200, 201, 1, 2), [3])

    # A truncate inside a transaction: what came before it goes, what came after it stays.
    t.apply(record("c", {"id": 4, "qty": 4}, 400, 401))
    result = t.apply(record("c", {"id": 5, "qty": 5}, 500, 501), truncate(500, 502),
                     record("c", {"id": 6, "qty": 6}, 500, 503))
    assert result.truncated == {t.table: 2} and t.rows() == {6: (6, 6)}
    assert floor_and_positions(conn, t) == ((500, 502, 2, 4), [6])


def test_truncates_of_related_tables_apply_children_first_and_a_blocked_one_waits(
        conn: psycopg.Connection) -> None:
    parent = make_target(conn, "id bigint primary key")
    child = make_target(conn, f"id bigint primary key, pid bigint references {parent.table}")
    child.mapper.sync = TableSync(source="public.kids", target=child.table)
    child.mapper.source = "public.kids"
    mappers = {"public.items": parent.mapper, "public.kids": child.mapper}
    apply_records(conn, mappers, (record("c", {"id": 1}, 100, 101),
                                  record("c", {"id": 7, "pid": 1}, 100, 102, table="kids")))
    # TRUNCATE parent, kids (or ... CASCADE): one event per table, parent's first.
    result = apply_records(conn, mappers, (truncate(200, 201), truncate(200, 201, "kids")))
    assert result.truncated == {parent.table: 1, child.table: 1}
    assert parent.rows() == {} and child.rows() == {}

    # The parent's truncate without the child's (still on its way): retried, not dropped.
    apply_records(conn, mappers, (record("c", {"id": 2}, 300, 301),
                                  record("c", {"id": 8, "pid": 2}, 300, 302, table="kids")))
    with pytest.raises(TruncateBlocked, match=f"truncate of {parent.table} waits") as blocked:
        apply_records(conn, mappers, (truncate(400, 401),))
    assert blocked.value.retriable
    conn.rollback()
    assert parent.rows() == {2: (2,)} and child.rows() == {8: (8, 2)}
    assert apply_records(conn, mappers, (truncate(400, 401, "kids"),
                                         truncate(400, 401))).truncated == {
        parent.table: 1, child.table: 1}


# -- placeholders --------------------------------------------------------------------------------
def test_debeziums_placeholder_text_is_stored_as_data_in_every_column_type(
        conn: psycopg.Connection) -> None:
    t = make_target(conn, "id bigint primary key, n int, tx text, vc varchar(100), js jsonb, "
                          "jn json, by bytea, ta text[], ia int[]")
    text = DEBEZIUM_DEFAULT
    raw = text.encode()
    literal = {"tx": text, "vc": text, "js": orjson.dumps(text).decode(),
               "jn": orjson.dumps(text).decode(), "by": __import__("base64").b64encode(
                   raw).decode(), "ta": [text], "ia": list(raw)}
    expected = (text, text, text, text, raw, [text], list(raw))
    t.apply(record("c", {"id": 1, "n": 1, **literal}, 100, 101),
            record("r", {"id": 2, "n": 2, **literal}, 90, 90),
            record("c", {"id": 3, "n": 3, **{c: None for c in literal}}, 100, 102),
            record("c", {"id": 4, "n": 4, **literal}, 100, 103))
    t.apply(record("u", {"id": 3, "n": 3, **literal}, 200, 201),
            record("d", {"id": 4}, 200, 202))
    rows = t.rows()
    assert sorted(rows) == [1, 2, 3]
    assert all(rows[i][2:] == expected for i in (1, 2, 3)), rows
    # The connector's own placeholder keeps the stored values.
    token = {"tx": TOKEN, "vc": TOKEN, "js": TOKEN, "jn": TOKEN,
             "by": __import__("base64").b64encode(TOKEN.encode()).decode(), "ta": [TOKEN],
             "ia": list(TOKEN.encode())}
    t.apply(record("u", {"id": 1, "n": 10, **token}, 300, 301))
    assert t.rows()[1] == (1, 10, *expected)


def test_a_key_change_keeps_the_unchanged_toasted_values_of_the_old_row(
        conn: psycopg.Connection) -> None:
    t = make_target(conn, "id bigint primary key, n int, details text")
    t.apply(*(record("c", {"id": i, "n": i, "details": f"long-{i}"}, 100, 100 + i)
              for i in (1, 3, 5)))
    # UPDATE ... SET id = 2 WHERE id = 1: a delete of 1, then a create of 2, in one batch.
    t.apply(record("d", {"id": 1}, 200, 201, key_change={"id": 2}),
            record("c", {"id": 2, "n": 1, "details": TOKEN}, 200, 201, key_change={"id": 1}))
    assert t.rows() == {2: (2, 1, "long-1"), 3: (3, 3, "long-3"), 5: (5, 5, "long-5")}
    # The delete in one batch, the create in the next: the delete left the row's image.
    t.apply(record("d", {"id": 3}, 300, 301, key_change={"id": 4}))
    result = t.apply(record("c", {"id": 4, "n": 3, "details": TOKEN}, 300, 301,
                            key_change={"id": 3}))
    assert result.unresolved == 0 and t.rows()[4] == (4, 3, "long-3") and 3 not in t.rows()
    # A delete that did not say it was a key change (an older applier): said so, not hidden.
    t.apply(record("d", {"id": 5}, 400, 401))
    result = t.apply(record("c", {"id": 6, "n": 5, "details": TOKEN}, 400, 401,
                            key_change={"id": 5}))
    assert result.unresolved == 1 and sorted(t.rows()) == [2, 4]
