"""PostgreSQL → Debezium (Kafka Connect) → broker → confluent-kafka, on the real local stack."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import psycopg
import pytest

from cdc.connect import ConnectClient
from cdc.debezium import postgres_connector_config
from strangler.stack.runner import LocalStack
from tests.support import drop_connector, dropping_what_it_creates, read_topic, unique

pytestmark = pytest.mark.stack


@pytest.fixture
def names(stack: LocalStack) -> Iterator[tuple[str, str, str]]:
    """(table, connector, slot) of this test; all removed afterwards, also when it fails."""
    table, name, slot = unique("e2e_items"), unique("e2e").replace("_", "-"), unique("e2e_slot")
    with dropping_what_it_creates(stack.monolith_dsn):
        try:
            yield table, name, slot
        finally:
            drop_connector(stack, name, stack.monolith_dsn, slot)


def test_snapshot_and_streamed_changes_arrive_with_op_key_and_values(
        stack: LocalStack, names: tuple[str, str, str]) -> None:
    table, name, slot = names
    dsn = stack.monolith_dsn
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"create table {table} (id bigint primary key, sku text not null, "
                     "qty int not null, price numeric(12,2) not null)")
        conn.execute(f"insert into {table} values (1, 'A-1', 10, 9.99), (2, 'B-2', 0, 120.50)")

    client = ConnectClient(stack.connect_url)
    config = postgres_connector_config(dsn=dsn, topic_prefix=name, tables=[f"public.{table}"],
                                       slot_name=slot)
    assert client.apply(name, config) is True          # created
    assert client.apply(name, config) is False         # idempotent update
    status = client.wait_running(name, timeout=60)
    assert status.running and status.tasks[0].state == "RUNNING"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"insert into {table} values (3, 'C-3', 7, 0.10)")
        conn.execute(f"update {table} set qty = qty - 1, price = 10.00 where id = 1")
        conn.execute(f"delete from {table} where id = 2")
    records = read_topic(stack.bootstrap_servers, f"{name}.public.{table}", count=6)

    events = [(r.key, r.value and r.value["op"], r.value and r.value["after"]) for r in records]
    assert events == [
        ({"id": 1}, "r", {"id": 1, "sku": "A-1", "qty": 10, "price": "9.99"}),
        ({"id": 2}, "r", {"id": 2, "sku": "B-2", "qty": 0, "price": "120.50"}),
        ({"id": 3}, "c", {"id": 3, "sku": "C-3", "qty": 7, "price": "0.10"}),
        ({"id": 1}, "u", {"id": 1, "sku": "A-1", "qty": 9, "price": "10.00"}),
        ({"id": 2}, "d", None),
        ({"id": 2}, None, None),  # the tombstone that follows a delete
    ]
    delete = records[4].value
    assert delete["before"]["id"] == 2
    # Every event names its source and carries a position; streamed ones grow monotonically.
    sources = [r.value["source"] for r in records[:5]]
    assert {s["table"] for s in sources} == {table}
    assert [s["snapshot"] for s in sources[:2]] != ["false", "false"]
    lsns = [int(s["lsn"]) for s in sources[2:]]
    assert lsns == sorted(lsns) and len(set(lsns)) == 3
    assert Decimal(records[3].value["after"]["price"]) == Decimal("10.00")


def test_connector_lifecycle_through_rest(stack: LocalStack,
                                         names: tuple[str, str, str]) -> None:
    table, name, slot = names
    with psycopg.connect(stack.monolith_dsn, autocommit=True) as conn:
        conn.execute(f"create table {table} (id int primary key)")
    client = ConnectClient(stack.connect_url)
    client.apply(name, postgres_connector_config(
        dsn=stack.monolith_dsn, topic_prefix=name, tables=[f"public.{table}"], slot_name=slot))
    client.wait_running(name, timeout=60)
    assert name in client.connectors()
    assert client.config(name)["slot.name"] == slot
    client.pause(name)
    client.resume(name)
    client.restart(name, include_tasks=True)
    assert client.wait_running(name, timeout=60).running
    assert client.delete(name) is True
    assert client.delete(name) is False
    assert client.status(name) is None
