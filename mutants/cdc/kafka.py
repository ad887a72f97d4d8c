"""Kafka client settings and topic reading shared by the CDC tools.

Clients stay broker-agnostic: the same settings work against Apache Kafka and against the Tansu
broker of the local stack. Tansu completes a consumer-group join only after the group's
rebalance timeout (`max.poll.interval.ms`), so the local defaults keep it at a few seconds.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

__all__ = ["RawRecord", "consumer_config", "tail_topic", "wait_for_topic"]

_log = logging.getLogger("cdc.kafka")


def consumer_config(bootstrap: str, group: str, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "session.timeout.ms": 6000,
        "max.poll.interval.ms": 8000,
        "heartbeat.interval.ms": 1000,
        "topic.metadata.refresh.interval.ms": 1000,
        # Low latency when quiet (the broker answers a fetch after at most 10 ms), big fetches
        # when busy (an applier batch is thousands of records).
        "fetch.wait.max.ms": 10,
        "fetch.max.bytes": 64 * 1024 * 1024,
        "max.partition.fetch.bytes": 16 * 1024 * 1024,
        "queued.max.messages.kbytes": 256 * 1024,
        "logger": _log,
    }
    config.update(overrides)
    return config


@dataclass(frozen=True)
class RawRecord:
    """One record as read: JSON key and value decoded (None for a null/tombstone)."""

    topic: str
    partition: int
    offset: int
    key: Any
    value: Any
    headers: tuple[tuple[str, bytes | None], ...] = ()


def _decode(raw: bytes | None) -> Any:
    return json.loads(raw) if raw else None


def _raw(raw: bytes | None) -> Any:
    return raw


def wait_for_topic(consumer: Consumer, topic: str, timeout: float) -> list[int]:
    """Partitions of `topic` once it exists; raises TimeoutError if it does not appear."""
    deadline = time.monotonic() + timeout
    while True:
        metadata = consumer.list_topics(topic, timeout=5)
        found = metadata.topics.get(topic)
        if found is not None and found.error is None and found.partitions:
            return sorted(found.partitions)
        if time.monotonic() > deadline:
            raise TimeoutError(f"topic {topic!r} did not appear within {timeout:.0f} s")
        time.sleep(0.2)


def tail_topic(bootstrap: str, topic: str, *, timeout: float,
               decode: bool = True) -> Generator[RawRecord, None, None]:
    """Yield every record of `topic` from the beginning until `timeout` seconds pass.

    Keys and values are JSON-decoded unless `decode` is false (then they stay bytes).

    Reads by partition assignment (no consumer group), so no rebalance delay; the caller stops
    early by closing the generator.
    """
    consumer = Consumer(consumer_config(bootstrap, "strangler-tail"))
    deadline = time.monotonic() + timeout
    try:
        partitions = wait_for_topic(consumer, topic, timeout)
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        while time.monotonic() < deadline:
            msg = consumer.poll(0.2)
            if msg is None:
                continue
            error = msg.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    continue
                raise RuntimeError(f"reading {topic}: {error}")
            convert = _decode if decode else _raw
            raw_headers = msg.headers() or []
            headers = raw_headers.items() if isinstance(raw_headers, dict) else raw_headers
            yield RawRecord(topic=topic, partition=msg.partition() or 0, offset=msg.offset() or 0,
                            key=convert(msg.key()), value=convert(msg.value()),
                            headers=tuple((k, v if isinstance(v, bytes | None) else v.encode())
                                          for k, v in headers))
    finally:
        consumer.close()
