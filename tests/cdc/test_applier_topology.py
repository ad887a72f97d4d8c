"""Both directions at once (loop prevention), scale-out in one consumer group, schema drift."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from cdc.state import ensure_state
from strangler.stack.runner import LocalStack
from tests.cdc.pipeline import Pipeline, pipelines

pytestmark = pytest.mark.stack

COUNT_DDL = """
create table {c} (k bigint, n int);
create function {c}_fn() returns trigger language plpgsql as $$
begin insert into {c} values (new.{key}, 1); return null; end $$;
create trigger {c}_tr after update on {t} for each row execute function {c}_fn();
"""


def count_updates(dsn: str, table: str, key: int) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(f"select count(*) from {table} where k = %s", (key,)).fetchone()
    return int(row[0]) if row else 0


def test_reverse_change_reaches_the_monolith_once_and_does_not_come_back(
        both_ways: Pipeline) -> None:
    p = both_ways
    forward = p.start_applier(loop_prevention=True)
    p.wait_converged()
    reverse = p.start_applier(reverse=True, loop_prevention=True)
    svc_count, mono_count = f"cnt_svc_{p.suffix}", f"cnt_mono_{p.suffix}"
    with psycopg.connect(p.target_dsn, autocommit=True) as conn:
        conn.execute(COUNT_DDL.format(c=svc_count, t=p.target_table, key="item_id"))
    with psycopg.connect(p.source_dsn, autocommit=True) as conn:
        conn.execute(COUNT_DDL.format(c=mono_count, t=p.source_table, key="id"))
    # Forward changes applied to the service before the reverse applier ran must not echo.
    p.wait_applied_past_now(reverse=True)
    assert count_updates(p.source_dsn, mono_count, 3) == 0

    with psycopg.connect(p.target_dsn, autocommit=True) as conn:
        conn.execute(f"update {p.target_table} set on_hand = 777 where item_id = 3")
    p.wait_for(lambda: p.source_rows()[3][2] == 777, what="service change at the monolith")
    p.wait_converged()
    p.wait_applied_past_now()  # the echo of 777 would have reached the forward applier
    p.wait_applied_past_now(reverse=True)
    applied_forward, applied_reverse = forward.stats.applied, reverse.stats.applied
    p.wait_applied_past_now()  # and one more round each way: no ping-pong
    p.wait_applied_past_now(reverse=True)
    assert count_updates(p.target_dsn, svc_count, 3) == 1   # only the original service write
    assert count_updates(p.source_dsn, mono_count, 3) == 1  # applied once at the monolith
    assert forward.stats.loop_skips >= 1                    # the echo was recognised
    assert (forward.stats.applied, reverse.stats.applied) == (applied_forward, applied_reverse)

    # And the other way round: a monolith change reaches the service once, no echo back.
    p.source("update {t} set qty = 555 where id = 4")
    p.wait_for(lambda: p.target_rows()[4][2] == 555, what="monolith change at the service")
    p.wait_applied_past_now(reverse=True)  # the echo of 555 would have reached the reverse one
    assert count_updates(p.source_dsn, mono_count, 4) == 1
    assert count_updates(p.target_dsn, svc_count, 4) == 1
    assert reverse.stats.loop_skips >= 1


@pytest.fixture
def partitioned(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, partitions=4, seed_rows=400)


def test_two_appliers_in_one_group_share_partitions_and_survive_one_leaving(
        partitioned: Pipeline) -> None:
    p = partitioned
    first = p.start_applier(batch_size=100, scale_out=True)
    second = p.start_applier(batch_size=100, scale_out=True)
    p.wait_converged(timeout=90)
    p.wait_for(lambda: first.stats.applied > 0 and second.stats.applied > 0, timeout=30,
               what="both appliers to apply something")
    assert first.stats.applied + second.stats.applied >= 400
    applier, thread = p.appliers.pop()
    applier.stop()
    thread.join(30)
    p.source("update {t} set qty = qty + 10, updated_at = now()")
    p.wait_converged(timeout=90)


@pytest.fixture
def plain(stack: LocalStack) -> Iterator[Pipeline]:
    yield from pipelines(stack, seed_rows=10)


def test_column_added_at_the_source_holds_the_table_until_the_target_has_it(
        plain: Pipeline) -> None:
    p = plain
    applier = p.start_applier()
    p.wait_converged()
    p.source("alter table {t} add column colour text")
    p.source("update {t} set colour = 'red', qty = 41 where id = 1")
    p.wait_for(lambda: bool(applier.stats.held), what="the table to be held")
    assert "colour" in applier.stats.held[p.source_table]
    p.wait_applied_past_now()  # the applier went on past the change (fences keep coming)
    assert p.target_rows()[1][2] != 41  # not applied with the column silently dropped
    p.stop_appliers()
    with psycopg.connect(p.target_dsn, autocommit=True) as conn:
        conn.execute(f"alter table {p.target_table} add column colour text")
    p.start_applier()
    p.wait_for(lambda: p.target_rows()[1][2] == 41, what="the held change to apply")
    with psycopg.connect(p.target_dsn) as conn:
        assert conn.execute(f"select colour from {p.target_table} where item_id = 1"
                            ).fetchone() == ("red",)


def test_a_stored_offset_past_the_end_of_a_recreated_topic_is_reset_not_trusted(
        plain: Pipeline) -> None:
    """A topic deleted and created again starts its offsets over; the target's stored offset
    (say 1,000,000) would skip every new record. The applier re-reads from the start."""
    p = plain
    topic = p.direction.topic(p.source_table)
    with psycopg.connect(p.target_dsn, autocommit=True) as conn:
        ensure_state(conn)
        conn.execute("insert into strangler_cdc.applier_offsets (grp, topic, part, next_offset) "
                     "values (%s, %s, 0, 1000000)", (p.direction.consumer_group, topic))
    p.start_applier()
    p.source("update {t} set qty = 4242 where id = 2")
    target = p.wait_converged()
    assert target[2][2] == 4242
    with psycopg.connect(p.target_dsn) as conn:
        stored = conn.execute("select next_offset from strangler_cdc.applier_offsets "
                              "where grp = %s and topic = %s and part = 0",
                              (p.direction.consumer_group, topic)).fetchone()
    assert stored is not None and 0 < stored[0] < 1000000
