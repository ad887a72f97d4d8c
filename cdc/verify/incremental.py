"""Pure decisions of incremental and resumed passes: is the stored state still valid, which
ranges to hash again, and how to group them into statements.

A table's stored state (`store.py`) is its range bounds, one checksum row per finished range
(both sides' rows and hash sums, the fence it was hashed at, and `since`: the position from
which a change of one of its keys is "newer"), and the `Lineage` it is valid for. A later pass
may reuse a range only if nothing in that lineage changed and no key of the range was written
by the applier at or after the range's `since` (`changed`, from the applier's positions
table). Everything else is hashed again: unfinished ranges (a resumed pass), ranges stored as
differing, ranges with changed keys. A pass whose state cannot be proved valid is a full pass,
and `fallback_reason` says why.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cdc.fences import lsn_text
from cdc.verify.bisect import RangeSum
from cdc.verify.layout import Layout

__all__ = ["FULL", "INCREMENTAL", "RESUME", "Lineage", "Plan", "StoredRange", "StoredState",
           "batches", "decide", "fallback_reason", "layout_hash", "runs", "to_hash"]

FULL, INCREMENTAL, RESUME = "full", "incremental", "resume"
STATE_FORMAT = 1  # part of the layout hash: a new format invalidates every stored state


def layout_hash(layout: Layout) -> str:
    """What is compared, and how: tables, key and columns with their types on both sides."""
    shape = {"format": STATE_FORMAT, "source": layout.source_table,
             "target": layout.target_table,
             "key": [list(vars(p).values()) for p in layout.key],
             "columns": [list(vars(p).values()) for p in layout.columns]}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Lineage:
    """What a stored state is valid for; read again at the start of every pass."""

    layout_hash: str
    hash_function: str
    system_id: str        # the source server's system identifier ("" if unreadable)
    timeline: int         # its timeline (0 if unreadable)
    snapshot_floor: int   # the target's newest applied snapshot point of the consumer group
    truncate_lsn: int     # position of the newest source TRUNCATE applied to the target table
    offsets: Mapping[str, int] = field(default_factory=dict)  # "topic/partition" -> next offset


class StoredRange(NamedTuple):
    """One stored range (a tuple: thousands are loaded per pass)."""

    fence_lsn: int   # the anchor it was hashed under
    since_lsn: int   # a key written by the applier at or after this position: hash again
    source_rows: int
    source_sum: str
    target_rows: int
    target_sum: str

    @property
    def equal(self) -> bool:
        return (self.source_rows, self.source_sum) == (self.target_rows, self.target_sum)

    @property
    def source(self) -> RangeSum:
        return RangeSum(self.source_rows, self.source_sum)

    @property
    def target(self) -> RangeSum:
        return RangeSum(self.target_rows, self.target_sum)


@dataclass(frozen=True)
class StoredState:
    lineage: Lineage
    bounds: tuple[tuple[str, ...], ...]
    complete: bool
    ranges: Mapping[int, StoredRange]

    @property
    def newest_fence(self) -> int:
        return max((r.fence_lsn for r in self.ranges.values()), default=0)


def fallback_reason(stored: StoredState | None, now: Lineage, *, source_lsn: int,
                    applied_lsn: int, tracked: bool) -> str | None:
    """Why the stored state cannot be used (None: it can). `source_lsn`: the source's WAL
    position now; `applied_lsn`: the target's applied fence now; `tracked`: the applier's
    positions table exists for the target table."""
    if stored is None:
        return "no stored state for this table"
    was = stored.lineage
    if was.hash_function != now.hash_function:
        return (f"the stored checksums use the {was.hash_function} hash, this pass "
                f"{now.hash_function}")
    if was.layout_hash != now.layout_hash:
        return "the mapping, the compared columns or their types changed"
    if (was.system_id, was.timeline) != (now.system_id, now.timeline):
        return (f"the source server is another one (system identifier {was.system_id or '?'} "
                f"timeline {was.timeline} before, {now.system_id or '?'} timeline "
                f"{now.timeline} now)")
    fence = stored.newest_fence
    if source_lsn < fence:
        return (f"the source's WAL position {lsn_text(source_lsn)} is behind the stored fence "
                f"{lsn_text(fence)} (a restored or replaced source)")
    if applied_lsn < fence:
        return (f"the target's applied fence {lsn_text(applied_lsn)} is behind the stored "
                f"fence {lsn_text(fence)} (the target's sync state was reset)")
    if was.snapshot_floor != now.snapshot_floor:
        return "a new snapshot was applied since the stored state"
    if was.truncate_lsn != now.truncate_lsn:
        return "a TRUNCATE was applied since the stored state"
    gone = sorted(tp for tp, offset in was.offsets.items() if now.offsets.get(tp, -1) < offset)
    if gone:
        return (f"the applier's offsets went back on {', '.join(gone)} (a recreated topic): "
                "changes may have been lost without a trace")
    if not tracked:
        return "the applier's positions table of the target table is missing (no key tracking)"
    return None


@dataclass(frozen=True)
class Plan:
    """How one table is verified: `mode` (full, incremental or resume), why a stored state was
    not used (`fallback`), and the bounds of its ranges (None: choose new ones)."""

    mode: str
    fallback: str | None = None
    bounds: tuple[tuple[str, ...], ...] | None = None


def decide(stored: StoredState | None, reason: str | None, *, incremental: bool) -> Plan:
    """The pass for one table, given its stored state and `fallback_reason`'s answer.

    A full pass refreshes the state, but resumes an unfinished one of the same lineage; an
    incremental pass uses a finished state (and resumes an unfinished one). A state that
    cannot be used gives a full pass; its reason is reported when the state would have been
    used (an incremental pass, or an unfinished state a full pass would resume)."""
    if stored is not None and reason is None:
        if not stored.complete:
            return Plan(RESUME, bounds=stored.bounds)
        if incremental:
            return Plan(INCREMENTAL, bounds=stored.bounds)
        return Plan(FULL)
    wanted = incremental or (stored is not None and not stored.complete)
    return Plan(FULL, fallback=reason if wanted else None)


def to_hash(ranges: int, stored: Mapping[int, StoredRange] | None,
            changed: Mapping[int, int]) -> list[int]:
    """The ranges (0..ranges-1) to hash: all without a stored state; else those not stored
    (unfinished), stored as differing, or with a key the applier wrote at or after the range's
    `since` (`changed`: range -> newest commit position among its written keys)."""
    if stored is None:
        return list(range(ranges))
    chosen = []
    for i in range(ranges):
        kept = stored.get(i)
        if kept is None or not kept.equal or changed.get(i, -1) >= kept.since_lsn:
            chosen.append(i)
    return chosen


def runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted indices as runs of consecutive ones, (first, last) inclusive."""
    out: list[tuple[int, int]] = []
    for i in sorted(indices):
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def batches(indices: Sequence[int], per_batch: int,
            max_runs: int = 256) -> list[list[tuple[int, int]]]:
    """Runs of `indices` packed into statements of at most `per_batch` ranges and `max_runs`
    runs each, in order (a run longer than a batch is cut)."""
    per_batch = max(1, per_batch)
    out: list[list[tuple[int, int]]] = []
    size = 0
    for first, last in runs(indices):
        while first <= last:
            if not out or size >= per_batch or len(out[-1]) >= max_runs:
                out.append([])
                size = 0
            end = min(last, first + per_batch - size - 1)
            out[-1].append((first, end))
            size += end - first + 1
            first = end + 1
    return out
