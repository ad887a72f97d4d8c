"""Debezium change events, parsed once into typed values.

A record from a Debezium PostgreSQL topic (JSON, with or without the converter's schemas) is
turned into a `ChangeEvent` with a typed source position, or rejected as `PoisonEvent` with the
reason; tombstones (null values) parse to None. Nothing after this module touches raw dicts.

Besides row changes (c, u, d, r) a topic carries TRUNCATE events (op `t`, no key, no row
images) when the connector emits them (`skipped.operations=none`, see `cdc.debezium`).
A primary-key change arrives as a delete of the old key and a create of the new one, each naming
the other key in a header (`__debezium.newkey`, `__debezium.oldkey`), kept as `key_change`. The
create is the after image of an UPDATE, so it may carry TOAST placeholders (`cdc.placeholders`).

Ordering: every event carries `lsn` (its change's WAL position) and `last_commit_lsn`
(Debezium's `source.sequence[0]`: the end of the previously streamed commit, constant within a
transaction and increasing in commit order; null for the first transaction after the connector
(re)starts). `position(floor)` turns them into a total order per key; see its docstring.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

import orjson

from cdc.errors import PoisonEvent

__all__ = ["ChangeEvent", "Headers", "Op", "Origin", "Position", "parse_record"]

Headers = list[tuple[str, str | bytes | None]]
OLD_KEY_HEADER, NEW_KEY_HEADER = "__debezium.oldkey", "__debezium.newkey"


class Op(StrEnum):
    CREATE = "c"
    UPDATE = "u"
    DELETE = "d"
    READ = "r"  # snapshot
    TRUNCATE = "t"


class Position(NamedTuple):
    """Where a row change sits in the source's history: compare with <, >."""

    commit: int
    change: int


class Origin(NamedTuple):
    """Where a record was read: for DLQ headers and error messages."""

    topic: str
    partition: int
    offset: int

    def __str__(self) -> str:
        return f"{self.topic}[{self.partition}]@{self.offset}"


# Immutable tuples rather than frozen dataclasses: this is built once per record on the hot
# path, and a frozen dataclass costs several times more to construct.
class ChangeEvent(NamedTuple):
    table: str  # schema.table at the source
    op: Op
    key: dict[str, Any]
    after: dict[str, Any] | None
    lsn: int
    last_commit_lsn: int | None
    tx_id: int | None
    snapshot: bool
    origin: Origin
    before: dict[str, Any] | None = None  # an UPDATE's before image (REPLICA IDENTITY FULL)
    # a primary-key change: the other key (the old one on its create, the new one on its delete)
    key_change: dict[str, Any] | None = None
    # The event's place in its source transaction (Debezium's `transaction.total_order`, with
    # `provide.transaction.metadata`); None for snapshot reads and without the metadata.
    tx_order: int | None = None
    # a read of an incremental snapshot (a re-sync through the signal table), emitted in the
    # middle of the stream, not before it
    incremental: bool = False

    def position(self, snapshot_floor: int = 0) -> Position:
        """The change's place in history, comparable across snapshot and streaming.

        * snapshot reads: (lsn, 0), lsn being the snapshot's consistent point, so any change
          streamed after that snapshot wins, and a later re-snapshot wins over older changes
          (an incremental snapshot's read sits at the stream position it was emitted at, see
          `parse_record`);
        * streamed changes: (last_commit_lsn, lsn): commit order first, then order inside the
          transaction. Without last_commit_lsn (first transaction after a restart) the change's
          own lsn stands in, raised above the newest snapshot point seen (`snapshot_floor`),
          since a streamed change always committed after the snapshot it follows. Per key this
          is safe because row locks order conflicting writes: a later writer's change of a
          row is logged after the earlier writer's commit.
        """
        if self.snapshot:
            return Position(self.lsn, 0)
        if self.last_commit_lsn is not None:
            return Position(self.last_commit_lsn, self.lsn)
        return Position(max(self.lsn, snapshot_floor + 1), self.lsn)


_OPS = {op.value: op for op in Op}
_DELETE, _READ, _UPDATE, _CREATE, _TRUNCATE = Op.DELETE, Op.READ, Op.UPDATE, Op.CREATE, Op.TRUNCATE
_loads, _JSONError = orjson.loads, orjson.JSONDecodeError


def _unwrap(document: Any) -> Any:
    """Strip the JsonConverter's {schema, payload} envelope when schemas are enabled."""
    if type(document) is dict and "payload" in document and "schema" in document:
        return document["payload"]
    return document


def _json(raw: bytes | None, what: str) -> Any:
    if raw is None:
        return None
    try:
        return _loads(raw)
    except _JSONError as exc:
        raise PoisonEvent("not-json", f"{what} is not JSON: {exc}") from None


def _other_key(headers: Headers, header: str) -> dict[str, Any] | None:
    for name, raw in headers:
        if name == header and raw is not None:
            try:
                old = _unwrap(_loads(raw))
            except _JSONError:
                return None
            return old if type(old) is dict else None
    return None


def parse_record(key: bytes | None, value: bytes | None, origin: Origin,
                 headers: Headers | None = None) -> ChangeEvent | None:
    """Parse one record; None for a tombstone; raises PoisonEvent for anything unusable."""
    payload = _unwrap(_json(value, "value"))
    if payload is None:
        return None  # tombstone: the delete event before it did the work
    if type(payload) is not dict or "op" not in payload or "source" not in payload:
        raise PoisonEvent("no-payload", "value has no Debezium envelope (op/source missing)")
    raw_op = payload["op"]
    op = _OPS.get(raw_op) if type(raw_op) is str else None
    if op is None:
        raise PoisonEvent("unknown-op", f"unknown op {raw_op!r}")
    source = payload["source"]
    if type(source) is not dict:
        raise PoisonEvent("no-payload", "source is not an object")
    row_key = _unwrap(_json(key, "key"))
    before = key_change = None
    if op is _TRUNCATE:
        image = after = None
        row_key = {}
    elif op is _DELETE:
        image = payload.get("before")
        after = None
        if headers:
            key_change = _other_key(headers, NEW_KEY_HEADER)
    else:
        image = after = payload.get("after")
        if type(after) is not dict:
            raise PoisonEvent("no-payload", f"op {op.value} without an after image")
        if op is _UPDATE:
            before = payload.get("before")
            if type(before) is not dict:
                before = None
        elif op is _CREATE and headers:
            key_change = _other_key(headers, OLD_KEY_HEADER)
    if type(row_key) is not dict:
        if type(image) is not dict:
            raise PoisonEvent("no-payload", "no key and no row image")
        row_key = {}
    try:
        sequence = source.get("sequence")
        stream = _loads(sequence) if sequence else None
        last_commit = stream[0] if stream else None
        lsn = source["lsn"]
        incremental = op is _READ and source.get("snapshot") == "incremental"
        if lsn is None and op is _READ and stream:
            # An incremental snapshot read (a re-sync requested through the signal table):
            # Debezium leaves `lsn` null and puts the stream position it emitted the row at in
            # `sequence`. A streamed change of the key during the snapshot's window drops the
            # row from it, so the row is newer than every change streamed before that position
            # and older than every later one: it takes that position as its snapshot point.
            lsn = max(int(p) for p in stream if p is not None)
        tx = source.get("txId")
        block = payload.get("transaction")
        order = block.get("total_order") if type(block) is dict else None
        return ChangeEvent(
            f"{source['schema']}.{source['table']}", op, row_key, after, int(lsn),
            None if last_commit is None else int(last_commit),
            None if tx is None else int(tx), op is _READ, origin, before, key_change,
            None if order is None or tx is None else int(order), incremental)
    except (KeyError, TypeError, ValueError, IndexError, _JSONError) as exc:
        raise PoisonEvent("no-payload", f"source block unusable: {exc!r}") from None
