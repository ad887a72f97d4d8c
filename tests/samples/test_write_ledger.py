"""`WriteLedger`: what acknowledged writes did, per item (pure)."""

from __future__ import annotations

from strangler.loadgen import Planned, WriteLedger


def reserve(item: int, q: int) -> Planned:
    return Planned("reserve", "POST", f"/api/inventory/{item}/reserve", {"quantity": q})


def release(item: int, q: int) -> Planned:
    return Planned("release", "POST", f"/api/inventory/{item}/release", {"quantity": q})


def adjust(item: int, delta: int) -> Planned:
    return Planned("adjust", "POST", "/api/inventory/adjust",
                   {"item_id": item, "delta": delta, "reason": "test"})


def test_only_acknowledged_writes_count_and_unknown_outcomes_are_counted_apart() -> None:
    ledger = WriteLedger()
    ledger.record(reserve(1, 3), 200, {})
    ledger.record(release(1, 2), 200, {})
    ledger.record(adjust(2, 5), 200, {})
    ledger.record(adjust(2, -1), 409, {})                    # refused: did not happen
    ledger.record(reserve(2, 1), 503, {"Retry-After": "1"})  # held past max_wait: not forwarded
    ledger.record(reserve(1, 9), None, {})                   # nobody knows
    ledger.record(Planned("get_item", "GET", "/api/inventory/1"), 200, {})
    assert ledger.expected({1: (10, 0), 2: (4, 1), 3: (7, 7)}) == \
        {1: (10, 1), 2: (9, 1), 3: (7, 7)}
    assert (ledger.acknowledged, ledger.unknown, ledger.held_503) == (3, 1, 1)
    assert ledger.server_errors() == {}


def test_a_503_without_retry_after_is_a_server_error() -> None:
    ledger = WriteLedger()
    ledger.record(adjust(1, 1), 503, {"Retry-After": "1"})
    ledger.record(adjust(1, 1), 503, {})
    ledger.record(adjust(1, 1), 502, {})
    assert ledger.server_errors() == {503: 1, 502: 1}
