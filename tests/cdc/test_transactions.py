"""Pure parts of whole-transaction apply and of resuming: `cdc.transactions`, `cdc.resume`."""

from __future__ import annotations

import orjson
import pytest

from cdc.events import ChangeEvent, Op, Origin
from cdc.plan import Record
from cdc.resume import ABSENT, Seen, resume_at
from cdc.transactions import TransactionBuffer, TxMarker, parse_marker

ITEMS, FENCE, OTHER = "public.items", "public.fence", "public.not_read_here"
TX_TOPIC = "p.transaction"


def change(tx: int | None, order: int | None, offset: int, *, partition: int = 0,
           table: str = ITEMS, after_commit: int | None = 99) -> Record:
    origin = Origin(f"p.{table}", partition, offset)
    event = ChangeEvent(table, Op.UPDATE, {"id": offset}, {"id": offset}, 100 + offset,
                        after_commit, tx, False, origin, tx_order=order)
    return Record(origin, b"k", b"v", None, event)


def end(tx: int, offset: int, lsn: int = 0, **counts: int) -> tuple[Origin, TxMarker]:
    named = {{"items": ITEMS, "fence": FENCE, "other": OTHER}[k]: n for k, n in counts.items()}
    return Origin(TX_TOPIC, 0, offset), TxMarker("END", tx, named, lsn)


def buffer(**kwargs: float) -> TransactionBuffer:
    return TransactionBuffer([ITEMS, FENCE], **kwargs)  # type: ignore[arg-type]


def offsets(records: list[Record]) -> list[int]:
    return [r.origin.offset for r in records]


def test_a_transaction_is_released_once_its_end_and_all_its_events_arrived() -> None:
    buf = buffer()
    buf.add(change(7, 1, 10), now=0)
    buf.add(change(7, 2, 3, partition=1), now=0)
    assert buf.release(now=1).records == []
    buf.add_marker(*end(7, 0, items=3, other=5), now=1)  # OTHER: a collection not read here
    released = buf.release(now=1)
    assert released.records == []
    assert released.caps == {("p.public.items", 0): 10, ("p.public.items", 1): 3, (TX_TOPIC, 0): 0}
    buf.add(change(7, 3, 11), now=2)
    released = buf.release(now=2)
    assert offsets(released.records) == [10, 3, 11]
    assert released.caps == {(TX_TOPIC, 0): 1} and not buf.incomplete


def test_events_sent_again_by_a_restarted_connector_count_once() -> None:
    buf = buffer()
    buf.add(change(7, 1, 0), now=0)
    buf.add(change(7, 2, 1), now=0)
    buf.add(change(7, 1, 2), now=0)  # the connector restarted mid-transaction: from the start
    buf.add_marker(*end(7, 0, items=3), now=0)
    assert buf.release(now=0).records == []
    buf.add(change(7, 2, 3), now=0)
    buf.add(change(7, 3, 4), now=0)
    assert offsets(buf.release(now=0).records) == [0, 1, 2, 3, 4]
    buf.add_marker(*end(7, 1, items=3), now=0)  # its END again: already done
    buf.add(change(7, 3, 5), now=0)  # a late duplicate passes through
    released = buf.release(now=0)
    assert offsets(released.records) == [5] and released.caps == {(TX_TOPIC, 0): 2}


def test_transactions_are_released_in_the_order_of_their_ends() -> None:
    buf = buffer()
    buf.add_marker(*end(1, 0, items=1), now=0)
    buf.add_marker(*end(2, 1, items=1), now=0)
    buf.add(change(2, 1, 5), now=0)  # the later transaction is complete first: it waits
    assert buf.release(now=0).records == []
    buf.add(change(1, 1, 4, partition=1), now=0)
    assert offsets(buf.release(now=0).records) == [4, 5]


def test_a_transaction_released_past_a_held_record_keeps_its_end_to_be_read_again() -> None:
    buf = buffer()
    buf.add(change(1, 1, 0), now=0)  # held: its END is not here yet
    buf.add_marker(*end(2, 0, items=1), now=0)
    buf.add(change(2, 1, 1), now=0)  # released, after the held record in the same partition
    released = buf.release(now=0)
    assert offsets(released.records) == [1]
    # A restart reads the partition again from offset 0, so transaction 2 comes again: its
    # END (offset 0 of the transaction topic) must be read again with it.
    assert released.caps == {("p.public.items", 0): 0, (TX_TOPIC, 0): 0}
    buf.add_marker(*end(1, 1, items=1), now=0)
    released = buf.release(now=0)
    assert offsets(released.records) == [0]
    assert released.caps == {(TX_TOPIC, 0): 2}


def test_after_a_restart_what_the_target_already_applied_is_not_waited_for() -> None:
    buf = buffer(applied_lsn=500)  # stored with the last batch before the restart
    buf.add(change(4, 1, 0, after_commit=400), now=0)  # its transaction committed at <= 500
    buf.add(change(5, 2, 1, after_commit=None), now=0)  # first after a connector restart
    assert offsets(buf.release(now=0).records) == [0]  # that one waits for its END
    buf.add_marker(*end(5, 0, lsn=500, items=2), now=0)  # ... which says: at 500, applied
    buf.add_marker(*end(6, 1, lsn=600, items=1), now=0)  # not applied yet: waits for its event
    released = buf.release(now=0)
    assert offsets(released.records) == [1] and released.splits == []
    buf.add(change(6, 1, 2, after_commit=500), now=0)
    released = buf.release(now=0)
    assert offsets(released.records) == [2] and released.applied_lsn == 600


def test_records_without_a_transaction_pass_straight_through() -> None:
    buf = buffer()
    snapshot = change(None, None, 0)
    tombstone = Record(Origin("p.public.items", 0, 1), b"k", None, None, None)
    buf.add(change(9, 1, 2), now=0)
    buf.add(snapshot, now=0)
    buf.add(tombstone, now=0)
    released = buf.release(now=0)
    assert released.records == [snapshot, tombstone]
    assert released.caps[("p.public.items", 0)] == 2  # not past the held record at 2


def test_a_transaction_with_no_events_here_is_released_at_once() -> None:
    buf = buffer()
    buf.add_marker(*end(3, 0, other=4), now=0)
    buf.add_marker(Origin(TX_TOPIC, 0, 1), TxMarker("BEGIN", 4, {}), now=0)
    released = buf.release(now=0)
    assert released.records == [] and released.caps == {(TX_TOPIC, 0): 2}


@pytest.mark.parametrize(("end_first", "reason"), [(True, "incomplete after"),
                                                   (False, "no END after")])
def test_a_transaction_that_never_completes_is_released_in_parts_after_a_while(
        end_first: bool, reason: str) -> None:
    buf = buffer(abandon_after=30)
    if end_first:
        buf.add_marker(*end(5, 0, items=3), now=0)
    buf.add(change(5, 1, 0), now=0)
    assert buf.release(now=29).records == []
    released = buf.release(now=30)
    assert offsets(released.records) == [0]
    assert len(released.splits) == 1 and reason in released.splits[0]
    assert "1 of" in released.splits[0]


def test_an_end_read_long_before_its_events_is_waited_for_while_nothing_overtakes_it() -> None:
    buf = buffer(abandon_after=30)
    buf.add_marker(*end(1, 0, items=1), now=0)  # catching up: the ENDs are read ahead
    buf.add_marker(*end(2, 1, items=1), now=0)
    assert buf.release(now=100).records == []
    buf.add(change(2, 1, 7), now=100)  # a later transaction arrives whole, this one never
    released = buf.release(now=100)
    assert offsets(released.records) == [7]
    assert "transaction 1 applied in parts" in released.splits[0]


def test_held_records_are_bounded() -> None:
    buf = buffer(max_records=3)
    for offset in range(3):
        buf.add(change(1, offset + 1, offset), now=0)
    buf.add(change(2, 1, 3), now=1)
    released = buf.release(now=1)
    assert offsets(released.records) == [0, 1, 2]  # the oldest transaction goes, in parts
    assert "more than 3 records held" in released.splits[0]
    assert buf.held == 1


@pytest.mark.parametrize(("value", "marker"), [
    (b'{"status": "END", "id": "735:26385872", "event_count": 4, "data_collections": '
     b'[{"data_collection": "public.items", "event_count": 4}]}',
     TxMarker("END", 735, {"public.items": 4}, 26385872)),
    (b'{"status": "BEGIN", "id": "736:1", "event_count": null, "data_collections": null}',
     TxMarker("BEGIN", 736, {}, 1)),
    (orjson.dumps({"schema": {}, "payload": {"status": "END", "id": "9:1",
                                             "data_collections": []}}),
     TxMarker("END", 9, {}, 1)),
    (b"not json", None),
    (b'{"status": "MAYBE", "id": "1:1"}', None),
    (b'{"status": "END", "id": "x:1"}', None),
    (None, None),
])
def test_transaction_topic_records(value: bytes | None, marker: TxMarker | None) -> None:
    assert parse_marker(value) == marker


@pytest.mark.parametrize(("stored", "digest", "probed", "high", "resume"), [
    (400, 7, Seen(7), 398, True),      # caught up; the broker under-reports its end
    (400, 7, Seen(8), 900, False),     # a recreated topic that has grown past the offset
    (400, 7, ABSENT, 900, False),      # the record is gone
    (400, 7, None, 398, False),        # no answer: the high watermark decides, as before
    (400, 7, None, 400, True),
    (400, None, Seen(1), 398, False),  # no digest stored (older state): likewise
    (400, None, None, None, True),
])
def test_where_reading_resumes(stored: int, digest: int | None, probed: Seen | str | None,
                               high: int | None, resume: bool) -> None:
    assert resume_at(stored, digest, probed, high) is resume
