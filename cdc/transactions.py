"""Source transactions, whole: holding change records until their transaction is complete.

With `provide.transaction.metadata=true` Debezium writes a BEGIN and an END record per source
transaction to `<topic.prefix>.transaction` (the END counts the transaction's events per data
collection) and names the transaction in every change event (`source.txId`,
`transaction.total_order`). `TransactionBuffer` holds each transaction's records until its END
has been read and every one of its events in the collections this applier reads has arrived,
whatever partitions they came through, then releases it whole. Pure: no I/O, no clock (callers
pass `now`).

Guarantees:
* released records are whole transactions, in the order their ENDs were read in each partition
  of the transaction topic (`cdc.connectors` gives that topic one partition: commit order);
* events are counted once each (by `total_order`), so a transaction a restarted connector sends
  again completes once and its duplicates are harmless;
* `Released.caps` never passes a held record, nor the END of a transaction not yet released,
  nor the END of a released one whose records lie past a held record (they will be read again):
  offsets stored with a batch make a restart re-read every unfinished transaction whole, and
  every transaction it reads again comes with its END;
* records with no transaction (snapshot reads, tombstones, unparseable records, connectors
  without the metadata) and late records of a transaction already released pass straight
  through; so do records and ENDs of transactions at or before `applied_lsn` (the commit
  position of the newest transaction released, which the target stores with each batch), so a
  restart does not wait for what it already applied;
* bounded: past `max_records` held records the oldest incomplete transaction is released as far
  as it has arrived, and so is one that has waited `abandon_after` seconds (an END that never
  comes, an event that never arrives); each such split is reported, never silent.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

import orjson

from cdc.events import ChangeEvent, Origin
from cdc.plan import Record

__all__ = ["Released", "TransactionBuffer", "TxMarker", "parse_marker"]

TopicPartition = tuple[str, int]
_REMEMBERED = 10_000  # released transaction ids kept, to let their late records through


class TxMarker(NamedTuple):
    """A BEGIN or END record of the transaction topic."""

    status: str
    tx: int
    counts: dict[str, int]  # END: events per data collection (schema.table)
    lsn: int = 0  # END: the commit's position (the next transaction's `last_commit_lsn`)


def parse_marker(value: bytes | None) -> TxMarker | None:
    """Parse a transaction-topic record; None if it is not a usable BEGIN/END."""
    try:
        document: Any = orjson.loads(value) if value else None
        if type(document) is dict and "payload" in document and "schema" in document:
            document = document["payload"]
        status, ident = document["status"], str(document["id"])
        tx_text, _, lsn_text = ident.partition(":")  # "<txId>:<lsn>"
        tx, lsn = int(tx_text), int(lsn_text or 0)
        counts = {str(c["data_collection"]): int(c["event_count"])
                  for c in document.get("data_collections") or ()}
    except (orjson.JSONDecodeError, TypeError, KeyError, ValueError):
        return None
    if status not in ("BEGIN", "END"):
        return None
    return TxMarker(status, tx, counts, lsn)


class Released(NamedTuple):
    records: list[Record]
    caps: dict[TopicPartition, int]  # the highest offset a batch of these may store
    splits: list[str]  # transactions released incomplete, and why
    applied_lsn: int  # to store with the batch


@dataclass
class _Tx:
    tx: int
    since: float  # when it last made progress (its END, or a record, arrived)
    records: list[Record] = field(default_factory=list)
    orders: set[int] = field(default_factory=set)
    first: dict[TopicPartition, int] = field(default_factory=dict)
    needed: int | None = None  # events in our collections, known once the END is read
    end: Origin | None = None
    lsn: int = 0  # its commit position, from the END

    @property
    def complete(self) -> bool:
        return self.needed is not None and len(self.orders) >= self.needed


class TransactionBuffer:
    """Holds records per source transaction; see the module docstring."""

    def __init__(self, collections: Iterable[str], *, max_records: int = 100_000,
                 abandon_after: float = 30.0, applied_lsn: int = 0) -> None:
        self.collections = frozenset(collections)
        self.applied_lsn = applied_lsn
        self.max_records = max_records
        self.abandon_after = abandon_after
        self.held = 0  # records held
        self._txs: dict[int, _Tx] = {}
        # Subsets of _txs kept so that a release costs what it releases, not what is held (the
        # transaction topic can run tens of thousands of ENDs ahead of the data): those with
        # records, and those with records but no END yet (both in order of arrival).
        self._filling: dict[int, _Tx] = {}
        self._no_end: dict[int, _Tx] = {}
        # Per data partition, (offset, transaction) of each transaction's first record there, in
        # offset order (a partition's records arrive in it); released ones are dropped lazily.
        self._firsts: dict[TopicPartition, deque[tuple[int, int]]] = {}
        self._ends: dict[TopicPartition, deque[int]] = {}  # per transaction-topic partition
        self._read: dict[TopicPartition, int] = {}  # next offset per transaction-topic partition
        self._through: list[Record] = []
        self._done: OrderedDict[int, None] = OrderedDict()
        # Released transactions: their END and their last offset per partition.
        self._recent: deque[tuple[Origin, dict[TopicPartition, int]]] = deque()

    def add(self, record: Record, now: float) -> None:
        event = record.parsed
        if (type(event) is not ChangeEvent or event.tx_order is None or event.tx_id is None
                or event.tx_id in self._done):
            self._through.append(record)
            return
        if event.last_commit_lsn is not None and event.last_commit_lsn < self.applied_lsn:
            self._through.append(record)  # its transaction committed before one applied
            return
        tx = self._txs.get(event.tx_id)
        if tx is None:
            tx = self._txs[event.tx_id] = _Tx(event.tx_id, now)
        if not tx.records:
            self._filling[tx.tx] = tx
            if tx.end is None:
                self._no_end[tx.tx] = tx
        tx.since = now  # its last progress: a large transaction still arriving is not stuck
        tx.records.append(record)
        tx.orders.add(event.tx_order)
        tp = (record.origin.topic, record.origin.partition)
        if tp not in tx.first:
            tx.first[tp] = record.origin.offset
            firsts = self._firsts.get(tp)
            if firsts is None:
                firsts = self._firsts[tp] = deque()
            firsts.append((record.origin.offset, tx.tx))
        self.held += 1

    def add_marker(self, origin: Origin, marker: TxMarker | None, now: float) -> None:
        """A record of the transaction topic (None: unusable, only its offset counts)."""
        tp = (origin.topic, origin.partition)
        self._read[tp] = max(self._read.get(tp, 0), origin.offset + 1)
        queue = self._ends.setdefault(tp, deque())
        if marker is None or marker.status != "END" or marker.tx in self._done:
            return
        tx = self._txs.get(marker.tx)
        if marker.lsn and marker.lsn <= self.applied_lsn:
            if tx is not None:  # applied before a restart: what was read again goes through
                self._release(tx, self._through)
            return
        if tx is None:
            tx = self._txs[marker.tx] = _Tx(marker.tx, now)
        elif tx.end is not None:
            return  # the END again (the connector re-sent the transaction): the first one counts
        tx.needed = sum(n for c, n in marker.counts.items() if c in self.collections)
        tx.end, tx.lsn = origin, marker.lsn
        self._no_end.pop(tx.tx, None)
        queue.append(marker.tx)

    @property
    def incomplete(self) -> bool:
        """Some records wait for the rest of their transaction."""
        return self.held > 0

    def release(self, now: float) -> Released:
        records, self._through = self._through, []
        splits: list[str] = []
        for queue in self._ends.values():
            while queue:
                tx = self._txs[queue[0]]
                if not tx.complete:
                    if now - tx.since < self.abandon_after:
                        break
                    # Nothing of it yet: its data may only be behind its END (catching up),
                    # unless transactions committed after it have arrived whole meanwhile.
                    if not tx.records and not any(self._txs[t].complete
                                                  for t in islice(queue, 1, None)):
                        break
                    splits.append(self._why(tx, f"incomplete after {self.abandon_after:.0f} s"))
                queue.popleft()
                self._release(tx, records)
        while self._no_end:
            tx = next(iter(self._no_end.values()))  # the oldest
            if now - tx.since < self.abandon_after:
                break
            splits.append(self._why(tx, f"no END after {self.abandon_after:.0f} s"))
            self._release(tx, records)
        while self.held > self.max_records:
            tx = next(iter(self._filling.values()))  # the oldest
            splits.append(self._why(tx, f"more than {self.max_records} records held"))
            if tx.end is not None:
                self._ends[(tx.end.topic, tx.end.partition)].remove(tx.tx)
            self._release(tx, records)
        return Released(records, self._caps(), splits, self.applied_lsn)

    def clear(self, applied_lsn: int) -> None:
        """Forget everything held: the consumer is rewound to the offsets the target stored
        together with `applied_lsn`."""
        self.applied_lsn = applied_lsn
        self.held = 0
        self._txs.clear()
        self._filling.clear()
        self._no_end.clear()
        self._firsts.clear()
        self._ends.clear()
        self._read.clear()
        self._through.clear()
        self._recent.clear()

    def _release(self, tx: _Tx, into: list[Record]) -> None:
        del self._txs[tx.tx]
        self._filling.pop(tx.tx, None)
        self._no_end.pop(tx.tx, None)
        self.applied_lsn = max(self.applied_lsn, tx.lsn)
        if tx.end is not None and tx.records:
            last = {(r.origin.topic, r.origin.partition): r.origin.offset for r in tx.records}
            self._recent.append((tx.end, last))
        into.extend(tx.records)
        self.held -= len(tx.records)
        self._done[tx.tx] = None
        if len(self._done) > _REMEMBERED:
            self._done.popitem(last=False)

    def _caps(self) -> dict[TopicPartition, int]:
        caps = dict(self._read)
        for tp, queue in self._ends.items():
            if queue:  # ENDs not released yet, in offset order: the first is the lowest
                caps[tp] = min(caps[tp], self._txs[queue[0]].end.offset)  # type: ignore[union-attr]
        held: dict[TopicPartition, int] = {}  # the first held record per data partition
        txs = self._txs
        for tp, firsts in self._firsts.items():
            while firsts and firsts[0][1] not in txs:
                firsts.popleft()
            if firsts:
                held[tp] = firsts[0][0]
        caps.update(held)
        # A released transaction with records past a held one is read again after a crash:
        # its END must be read again too. Once no record of it can be, it is forgotten.
        recent = self._recent
        for _ in range(len(recent)):
            end, last = recent.popleft()
            if any(offset >= held.get(tp, offset + 1) for tp, offset in last.items()):
                tp = (end.topic, end.partition)
                caps[tp] = min(caps.get(tp, end.offset), end.offset)
                recent.append((end, last))
        return caps

    @staticmethod
    def _why(tx: _Tx, reason: str) -> str:
        needed = "?" if tx.needed is None else tx.needed
        return (f"source transaction {tx.tx} applied in parts ({reason}; "
                f"{len(tx.orders)} of {needed} events arrived)")
