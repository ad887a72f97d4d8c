"""Where reading a partition resumes: the target's stored offset, unless the topic was recreated.

With every batch the target stores, per partition, the next offset and a digest of the record
just before it. On assignment the applier reads that record again (`probe`): still there and
unchanged, the stored offset is trusted however the broker reports its end (the local broker
reports an end below the true one, so "stored offset past the end" cannot tell a recreated topic
from a caught-up applier); gone or different, the topic was deleted and created again (or a
broker that keeps topics in memory restarted) and the partition is re-read from the start, the
position guard skipping what the target already has. Without a digest (older state) or an
answer, the broker's high watermark decides, as before. `resume_at` is pure.
"""

from __future__ import annotations

import time
import zlib
from typing import Any, NamedTuple

from confluent_kafka import Consumer, KafkaError, TopicPartition

__all__ = ["ABSENT", "Seen", "probe", "record_digest", "resume_at"]

TP = tuple[str, int]


def record_digest(key: bytes | None, value: bytes | None) -> int:
    return zlib.crc32(value or b"", zlib.crc32(key or b"\x00"))


class Seen(NamedTuple):
    """The record found at the probed offset."""

    digest: int


ABSENT = "absent"  # the partition ends before the probed offset (or no longer has it)


def resume_at(stored: int, digest: int | None, probed: Seen | str | None,
              high: int | None) -> bool:
    """True: resume at the stored offset; False: the topic was recreated, read it again.

    `probed`: what the record before the stored offset turned out to be (None: no answer);
    `high`: the broker's high watermark (None: unknown).
    """
    if digest is not None and isinstance(probed, Seen):
        return probed.digest == digest
    if digest is not None and probed == ABSENT:
        return False
    return high is None or stored <= high


def probe(config: dict[str, Any], offsets: dict[TP, int], timeout: float) -> dict[TP, Seen | str]:
    """Read the record at each given offset; partitions with no answer in time are left out."""
    found: dict[TP, Seen | str] = {}
    if not offsets:
        return found
    answered: set[TP] = set()
    consumer = Consumer({**config, "enable.auto.commit": False, "auto.offset.reset": "error",
                         "enable.partition.eof": True, "fetch.wait.max.ms": 10})
    try:
        consumer.assign([TopicPartition(t, p, o) for (t, p), o in offsets.items()])
        deadline = time.monotonic() + timeout
        while len(answered) < len(offsets) and time.monotonic() < deadline:
            message = consumer.poll(0.05)
            if message is None:
                continue
            tp = (message.topic() or "", message.partition() or 0)
            if tp not in offsets or tp in answered:
                continue
            answered.add(tp)
            error = message.error()
            if error is None:
                # At a higher offset the record was compacted away: nothing to compare with.
                if message.offset() == offsets[tp]:
                    found[tp] = Seen(record_digest(message.key(), message.value()))
            elif error.code() in (KafkaError._PARTITION_EOF, KafkaError._AUTO_OFFSET_RESET,
                                  KafkaError.OFFSET_OUT_OF_RANGE):
                found[tp] = ABSENT  # the partition ends at or before the offset
            else:
                answered.discard(tp)  # a passing error: keep waiting
    finally:
        consumer.close()
    return found
