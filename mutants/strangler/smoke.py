"""The CDC smoke run: one table through PostgreSQL → Debezium → broker, printed as it arrives.

Creates a scratch table with two rows, registers a Debezium connector for it, then inserts,
updates and deletes a row, and checks that the snapshot reads (`op=r`) and the three changes
arrive in order with the right keys and values. Everything it creates (table, connector,
replication slot, publication) is removed at the end, also on failure, so no slot is left
holding WAL.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from cdc.connect import ConnectClient
from cdc.connectors import drop_slot_and_publication
from cdc.debezium import postgres_connector_config
from cdc.kafka import tail_topic
from strangler.errors import StackError
from strangler.stack.runner import LocalStack

__all__ = ["SmokeEvent", "run_smoke"]


@dataclass(frozen=True)
class SmokeEvent:
    op: str
    key: Any
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def describe(self) -> str:
        if self.op == "d":
            return f"op=d key={self.key} (row deleted)"
        return f"op={self.op} key={self.key} row={self.after}"


# (op, id, expected row after the change; None for a delete)
_EXPECTED = [
    ("r", 1, {"id": 1, "name": "anvil", "qty": 5}),
    ("r", 2, {"id": 2, "name": "rope", "qty": 12}),
    ("c", 3, {"id": 3, "name": "glue", "qty": 7}),
    ("u", 1, {"id": 1, "name": "anvil", "qty": 4}),
    ("d", 2, None),
]


def run_smoke(stack: LocalStack, *, say: Callable[[str], None] = print,
              timeout: float = 90.0) -> list[SmokeEvent]:
    suffix = secrets.token_hex(4)
    table, name, prefix = f"smoke_items_{suffix}", f"smoke-{suffix}", f"smoke{suffix}"
    slot = f"smoke_{suffix}"
    dsn = stack.monolith_dsn
    client = ConnectClient(stack.connect_url)
    topic = f"{prefix}.public.{table}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"create table {table} (id int primary key, name text not null, qty int)")
        conn.execute(f"insert into {table} values (1, 'anvil', 5), (2, 'rope', 12)")
    say(f"created {table} with 2 rows; registering connector {name}")
    try:
        config = postgres_connector_config(dsn=dsn, topic_prefix=prefix,
                                           tables=[f"public.{table}"], slot_name=slot)
        stack.register_connector(name, config)
        client.wait_running(name, timeout=60)
        say(f"connector {name} RUNNING; reading {topic}")
        events = _collect(stack, topic, dsn, table, say, timeout)
    finally:
        _cleanup(stack, client, name, dsn, table, slot, say)
    return events


def _collect(stack: LocalStack, topic: str, dsn: str, table: str,
             say: Callable[[str], None], timeout: float) -> list[SmokeEvent]:
    events: list[SmokeEvent] = []
    changes_made = False
    stream = tail_topic(stack.bootstrap_servers, topic, timeout=timeout)
    try:
        for record in stream:
            if record.value is None:  # the tombstone after a delete
                say(f"  tombstone key={record.key}")
                continue
            event = SmokeEvent(op=record.value["op"], key=record.key,
                               before=record.value.get("before"), after=record.value.get("after"))
            events.append(event)
            say(f"  {event.describe()}")
            if len(events) == 2 and not changes_made:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"insert into {table} values (3, 'glue', 7)")
                    conn.execute(f"update {table} set qty = 4 where id = 1")
                    conn.execute(f"delete from {table} where id = 2")
                changes_made = True
                say("  (inserted id=3, updated id=1, deleted id=2)")
            if len(events) == len(_EXPECTED):
                break
    except TimeoutError as exc:
        raise StackError(f"CDC smoke run: {exc}") from exc
    finally:
        stream.close()
    _check(events)
    return events


def _check(events: list[SmokeEvent]) -> None:
    got = [(e.op, (e.key or {}).get("id"), e.after) for e in events]
    if got != _EXPECTED:
        raise StackError(f"CDC smoke run: expected events {_EXPECTED}, got {got}")


def _cleanup(stack: LocalStack, client: ConnectClient, name: str, dsn: str, table: str,
             slot: str, say: Callable[[str], None]) -> None:
    client.delete(name)
    stack.forget_connector(name)
    drop_slot_and_publication(dsn, slot, f"{slot}_pub", timeout=30)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"drop table if exists {table}")
    say(f"removed connector {name}, slot {slot}, publication {slot}_pub and {table}")
