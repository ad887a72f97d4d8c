"""Pure decisions of a pass: which ranges differ, where to split, how rows differ.

Nothing here does I/O: the verifier feeds it what the two databases answered.

* `split_points` picks up to `parts - 1` bounds from keys in canonical order;
* `differing` names the sub-ranges whose row count or hash sum differ between the sides;
* `classify_rows` compares two sides' `(key text → row hash)` maps of one leaf range:
  a key only in the source is `missing` (from the target), only in the target `extra`,
  in both with different hashes `changed`;
* `changed_columns` names the compared columns whose canonical values differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["KINDS", "RangeSum", "RowDiff", "changed_columns", "classify_rows", "differing",
           "split_points"]

KINDS = ("missing", "extra", "changed")


@dataclass(frozen=True)
class RangeSum:
    rows: int
    hash_sum: str  # a numeric as text: exact, whatever its size


@dataclass(frozen=True)
class RowDiff:
    kind: str                  # one of KINDS
    key_text: str              # canonical key (PostgreSQL text array), identical on both sides
    key: tuple[Any, ...]       # key values as read from the side that has the row


def split_points(keys: Sequence[tuple[Any, ...]], parts: int) -> list[tuple[Any, ...]]:
    """Up to `parts - 1` distinct bounds spreading `keys` (sorted) evenly: the rule
    `SideSql.sample_bounds` applies in SQL to a sample (this is its tested reference)."""
    if parts <= 1 or not keys:
        return []
    step = len(keys) / parts
    chosen: list[tuple[Any, ...]] = []
    for i in range(1, parts):
        key = keys[min(int(i * step), len(keys) - 1)]
        if not chosen or chosen[-1] != key:
            chosen.append(key)
    return chosen


_EMPTY = RangeSum(0, "0")


def differing(source: Mapping[int, RangeSum], target: Mapping[int, RangeSum],
              buckets: int) -> list[int]:
    """Buckets 0..buckets-1 whose (rows, hash sum) differ; an absent bucket is empty."""
    return [b for b in range(buckets) if source.get(b, _EMPTY) != target.get(b, _EMPTY)]


def classify_rows(source: Mapping[str, tuple[int, tuple[Any, ...]]],
                  target: Mapping[str, tuple[int, tuple[Any, ...]]]) -> list[RowDiff]:
    """Differences between two sides' rows of one range (key text → (hash, key values))."""
    diffs = [RowDiff("missing", k, source[k][1]) for k in source.keys() - target.keys()]
    diffs += [RowDiff("extra", k, target[k][1]) for k in target.keys() - source.keys()]
    diffs += [RowDiff("changed", k, source[k][1]) for k in source.keys() & target.keys()
              if source[k][0] != target[k][0]]
    return sorted(diffs, key=lambda d: (KINDS.index(d.kind), d.key_text))


def changed_columns(names: Sequence[str], source: Sequence[str | None],
                    target: Sequence[str | None]) -> list[str]:
    """Names of the columns whose canonical values differ (both sequences in `names` order)."""
    return [n for n, s, t in zip(names, source, target, strict=True) if s != t]
