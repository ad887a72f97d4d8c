"""Helpers for tests that run against the real local stack."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from confluent_kafka import Consumer, KafkaError


def unique(prefix: str) -> str:
    """A name no other test uses (tables, topics, slots, connectors)."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def execute(dsn: str, *statements: str, params: tuple[Any, ...] | None = None) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement, params)


@dataclass(frozen=True)
class Record:
    key: Any
    value: Any
    partition: int
    offset: int


def read_topic(bootstrap: str, topic: str, *, count: int, timeout: float = 60.0,
               group: str | None = None) -> list[Record]:
    """Read at least `count` records (tombstones included) from the start of `topic`."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": group or unique("test"),
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        # Tansu completes a group join only after the rebalance timeout: keep it short.
        "max.poll.interval.ms": 6000,
        "session.timeout.ms": 6000,
        "topic.metadata.refresh.interval.ms": 500,
    })
    records: list[Record] = []
    deadline = time.monotonic() + timeout
    try:
        consumer.subscribe([topic])
        while len(records) < count and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() in (KafkaError._PARTITION_EOF,
                                          KafkaError.UNKNOWN_TOPIC_OR_PART):
                    continue
                raise AssertionError(f"consumer error: {msg.error()}")
            raw_key, raw_value = msg.key(), msg.value()
            records.append(Record(
                key=json.loads(raw_key) if raw_key else None,
                value=json.loads(raw_value) if raw_value else None,
                partition=msg.partition(), offset=msg.offset()))
    finally:
        consumer.close()
    return records
