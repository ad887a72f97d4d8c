"""Helpers for tests that run against the real local stack."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg

from cdc.kafka import RawRecord, tail_topic


def unique(prefix: str) -> str:
    """A name no other test uses (tables, topics, slots, connectors)."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def execute(dsn: str, *statements: str, params: tuple[Any, ...] | None = None) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement, params)


def read_topic(bootstrap: str, topic: str, *, count: int, timeout: float = 60.0,
               decode: bool = True) -> list[RawRecord]:
    """The first `count` records of `topic` (tombstones included); fewer if time runs out."""
    records: list[RawRecord] = []
    stream = tail_topic(bootstrap, topic, timeout=timeout, decode=decode)
    try:
        for record in stream:
            records.append(record)
            if len(records) >= count:
                break
    finally:
        stream.close()
    return records
