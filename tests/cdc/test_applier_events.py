"""Source TRUNCATEs and TOAST placeholders through the real connector and applier.

Written against public behaviour only (connector apply, applier, target tables), so each test
also runs, and fails, against a version without these features.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from cdc.applier import Applier
from cdc.connectors import Connectors
from cdc.endpoints import Endpoints
from cdc.lag import measure
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines
from tests.support import read_topic

pytestmark = pytest.mark.stack

DEFAULT = "__debezium_unavailable_value"  # Debezium's default placeholder: text anyone can type
BIG = "toast " * 4000  # ~24 kB: stored out of line


def stored_offsets(pipeline: Pipeline) -> dict[tuple[str, int], int]:
    with psycopg.connect(pipeline.target_dsn) as conn:
        rows = conn.execute("select topic, part, next_offset from strangler_cdc.applier_offsets "
                            "where grp = %s", (pipeline.direction.consumer_group,)).fetchall()
    return {(t, p): o for t, p, o in rows}


def truncate_record(pipeline: Pipeline) -> tuple[Any, ...] | None:
    with psycopg.connect(pipeline.target_dsn) as conn:
        return conn.execute(
            "select truncates, rows_deleted, direction from strangler_cdc.truncates "
            "where target = %s", (pipeline.target_table,)).fetchone()


@pytest.fixture
def pipeline(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, seed_rows=30)


def test_a_source_truncate_empties_the_target_and_a_replay_brings_nothing_back(
        pipeline: Pipeline) -> None:
    p = pipeline
    applier = p.start_applier()
    p.wait_converged()
    assert len(p.target_rows()) == 30

    p.source("truncate {t}")
    p.wait_for(lambda: p.target_rows() == {}, what="the truncate at the target")
    # A truncate inside a transaction with other changes: what precedes it goes.
    with psycopg.connect(p.source_dsn) as conn:
        conn.execute(f"insert into {p.source_table} (id, sku, qty, price) values "
                     "(2001, 'gone', 1, 1)")
        conn.execute(f"truncate {p.source_table}")
        conn.execute(f"insert into {p.source_table} (id, sku, qty, price) values "
                     "(2002, 'kept', 2, 2), (2003, 'kept', 3, 3)")
    p.source("insert into {t} (id, sku, qty, price) values (2004, 'later', 4, 4)")
    assert sorted(p.wait_converged()) == [2002, 2003, 2004]

    # Never silent: recorded at the target and counted by the applier. (Row 2001 reached the
    # target first, and was deleted by the truncate, when a batch ended between the two.)
    recorded = truncate_record(p)
    assert recorded is not None and recorded[0] == 2 and recorded[1] in (30, 31)
    assert recorded[2] == p.direction.consumer_group
    labels = {"direction": "forward", "table": p.target_table}
    metric = applier.metrics.registry.get_sample_value
    assert metric("strangler_cdc_truncates_total", labels) == 2
    assert metric("strangler_cdc_truncated_rows_total", labels) == recorded[1]
    # ... and shown by `cdc lag` for the direction.
    shown = measure(p.direction, source_dsn=p.source_dsn, target_dsn=p.target_dsn).truncates
    assert [(t["table"], t["truncates"], t["rows_deleted"]) for t in shown] == [
        (p.target_table, 2, recorded[1])]

    # Replay everything from offset 0: neither the old rows nor row 2001 come back, and the
    # replayed truncates leave the newer rows alone.
    p.stop_appliers()
    reached = stored_offsets(p)
    with psycopg.connect(p.target_dsn) as conn:
        conn.execute("delete from strangler_cdc.applier_offsets where grp = %s",
                     (p.direction.consumer_group,))
    replay = p.start_applier()
    p.wait_for(lambda: all(stored_offsets(p).get(tp, 0) >= offset
                           for tp, offset in reached.items()),
               what="the replay to reach the offsets of the first run")
    assert sorted(p.target_rows()) == [2002, 2003, 2004]
    assert p.wait_converged() == p.target_rows()
    # Nothing written: the truncates' floor and the positions skip every replayed change.
    assert (replay.stats.applied, replay.stats.truncates, replay.stats.dead_letters) == (0, 0, 0)
    assert truncate_record(p) == recorded


TYPES = ("id int primary key, n int, tx text, vc varchar, js jsonb, jn json, by bytea, "
         "ta text[], ia int[], ua uuid[]")
TOASTABLE = ("tx", "vc", "js", "jn", "by", "ta", "ia", "ua")


def values_of(text: str) -> tuple[Any, ...]:
    """The same text in every column type, the way Debezium would render its placeholder."""
    raw = text.encode()
    return (text, text, psycopg.types.json.Jsonb(text), psycopg.types.json.Json(text), raw,
            [text], list(raw), [uuid.UUID(bytes=hashlib.md5(raw).digest(), version=3)])


def big_values(seed: int) -> tuple[Any, ...]:
    text = f"{seed}-{BIG}"
    return (text, text, psycopg.types.json.Jsonb({"v": text}), psycopg.types.json.Json(
        {"v": text}), text.encode(), [text], list(range(seed, seed + 6000)),
        [uuid.UUID(int=seed * 100000 + i) for i in range(1500)])


def insert(conn: psycopg.Connection, table: str, key: int, values: tuple[Any, ...]) -> None:
    conn.execute(f"insert into {table} values (%s, 0, {', '.join(['%s'] * len(values))})",
                 (key, *values))


@pytest.fixture
def typed(stack: LocalStack) -> Iterator[Pipeline]:
    def seed(p: Pipeline) -> None:
        table = p.extra["types"][0]
        with psycopg.connect(p.source_dsn, autocommit=True) as conn:
            for column in TOASTABLE:
                conn.execute(f"alter table {table} alter column {column} set storage external")
            insert(conn, table, 1, values_of(DEFAULT))  # arrives as a snapshot read

    yield from pipelines(stack, extra_tables={"types": TYPES}, before_connector=seed)


def test_debeziums_placeholder_text_is_data_in_every_column_type_and_operation(
        typed: Pipeline) -> None:
    p = typed
    table = p.extra["types"][0]
    with psycopg.connect(p.source_dsn, autocommit=True) as conn:
        insert(conn, table, 2, values_of(DEFAULT))                        # insert
        insert(conn, table, 3, values_of("plain"))
        insert(conn, table, 5, values_of(DEFAULT))
        for key in (4, 6, 7, 8):
            insert(conn, table, key, big_values(key))
    applier = p.start_applier()
    p.wait_extra_converged("types")
    with psycopg.connect(p.source_dsn, autocommit=True) as conn:
        conn.execute(f"update {table} set ({', '.join(TOASTABLE)}) = "    # update to the text
                     f"({', '.join(['%s'] * len(TOASTABLE))}) where id = 3", values_of(DEFAULT))
        conn.execute(f"update {table} set n = 4 where id = 4")            # TOAST left unchanged
        conn.execute(f"delete from {table} where id = 5")                 # delete
        conn.execute(f"update {table} set id = 60 where id = 6")          # key change
        conn.execute(f"update {table} set tx = %s where id = 7", (DEFAULT,))  # one of them
        with conn.transaction():  # unchanged values, then a key change, in one transaction
            conn.execute(f"update {table} set n = 8 where id = 8")
            conn.execute(f"update {table} set id = 80 where id = 8")
    target = p.wait_extra_converged("types")
    assert sorted(target) == [1, 2, 3, 4, 7, 60, 80]
    assert target[2][2] == DEFAULT and target[7][2] == DEFAULT and target[4][2].endswith(BIG)
    with psycopg.connect(p.target_dsn) as conn:
        leaked = conn.execute(f"select count(*) from {p.extra['types'][1]} "
                              "where tx like '\\_\\_strangler%%' or vc like '\\_\\_strangler%%'"
                              ).fetchone()
    assert leaked == (0,) and applier.stats.dead_letters == 0


@pytest.fixture
def docs(stack: LocalStack) -> Iterator[Pipeline]:
    def legacy_connector(p: Pipeline) -> None:
        """The connector as it ran before it had a placeholder of its own."""
        table = p.extra["docs"][0]
        with psycopg.connect(p.source_dsn, autocommit=True) as conn:
            conn.execute(f"alter table {table} alter column body set storage external")
            for k in (1, 2, 3):
                conn.execute(f"insert into {table} values (%s, 0, %s)", (k, f"{k}-{BIG}"))
        config = Connectors(p.direction, Endpoints(state_dir=str(p.stack.state_dir))).config()
        config["unavailable.value.placeholder"] = DEFAULT
        p.stack.register_connector(p.connector, config)
        topic = p.direction.topic(table)
        assert len(read_topic(p.stack.bootstrap_servers, topic, count=3, timeout=60)) == 3
        p.source(f"update {table} set n = 1 where id = 1")  # sent with Debezium's default
        seen = read_topic(p.stack.bootstrap_servers, topic, count=4, timeout=60)
        assert seen[-1].value["after"]["body"] == DEFAULT

    yield from pipelines(stack, extra_tables={"docs": "id int primary key, n int, body text"},
                         before_connector=legacy_connector)


def test_a_connector_that_ran_with_debeziums_default_switches_to_its_own(docs: Pipeline) -> None:
    p = docs
    table = p.extra["docs"][0]
    p.source(f"update {table} set n = 2 where id = 2")                 # with the new placeholder
    p.source(f"update {table} set body = %s where id = 3", (DEFAULT,))  # typed text: data
    applier: Applier = p.start_applier()
    target = p.wait_extra_converged("docs")
    assert target[1][2] == f"1-{BIG}" and target[2][2] == f"2-{BIG}"
    assert target[3][2] == DEFAULT and applier.stats.dead_letters == 0


def test_a_truncate_at_the_service_reaches_the_monolith_once_and_does_not_come_back(
        both_ways: Pipeline) -> None:
    p = both_ways
    assert p.reverse is not None
    forward = p.start_applier(loop_prevention=True)
    p.wait_converged()
    reverse = p.start_applier(reverse=True, loop_prevention=True)
    with psycopg.connect(p.target_dsn, autocommit=True) as conn:  # after the write cut-over
        conn.execute(f"truncate {p.target_table}")
    p.wait_for(lambda: p.source_rows() == {}, what="the service's truncate at the monolith")
    # The monolith's deletes came from the reverse applier: the forward one skips them.
    p.wait_for(lambda: forward.stats.loop_skips >= 20, what="the echo to be recognised")
    assert p.target_rows() == {} and forward.stats.truncates == 0
    assert reverse.stats.truncates == 1
    with psycopg.connect(p.source_dsn) as conn:
        assert conn.execute(
            "select truncates, rows_deleted, direction from strangler_cdc.truncates "
            "where target = %s", (p.source_table,)).fetchone() == (
            1, 20, p.reverse.consumer_group)
    # Both directions go on: a new service row reaches the monolith.
    with psycopg.connect(p.target_dsn, autocommit=True) as conn:
        conn.execute(f"insert into {p.target_table} (item_id, sku_code, on_hand, unit_price, "
                     "changed_at) values (500, 'after', 5, 5, now())")
    p.wait_for(lambda: list(p.source_rows()) == [500], what="a new row after the truncate")
    assert p.wait_converged() == p.target_rows()
