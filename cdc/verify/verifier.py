"""One verification pass over a context's mapped tables (the I/O side of the verifier).

A pass opens one fence anchor (`anchor.py`) for all tables, so every table is compared at the
same source position. Per table: pick range bounds in the source snapshot, checksum all ranges
on both sides at once (one scan per side, run in parallel), then only for ranges that differ:
split again (`split` parts) until a range holds at most `leaf_rows` rows, then read its row
hashes from both sides and classify (`bisect.py`). Differing keys are then re-read by key under
a *later* anchor: those that still differ are persistent, the others were in flight.

Guarantees: read-only on both databases except the fence row of the direction (see
`anchor.py`); a table or key column that does not exist stops the pass with a config error
before any fence is waited for, so no table is ever called consistent without being compared;
the work (ranges hashed) and time spent are in the result.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg

from cdc.catalog import table_shape
from cdc.config import Direction, TableSync
from cdc.errors import CdcConfigError
from cdc.verify.anchor import Anchor, Database, connect, open_anchor
from cdc.verify.bisect import (
    KINDS,
    RangeSum,
    RowDiff,
    changed_columns,
    classify_rows,
    differing,
    split_points,
)
from cdc.verify.layout import Layout, build_layout
from cdc.verify.queries import Bound, SideSql
from cdc.verify.result import Difference, TableResult, VerifyResult

__all__ = ["Options", "Progress", "run_pass", "select_tables"]

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Options:
    show_values: bool = False
    fence_timeout: float = 30.0
    write_fence: bool = True
    range_rows: int = 4096       # rows per range of the first split
    max_ranges: int = 1024
    split: int = 16              # parts per bisection step
    leaf_rows: int = 4096        # a differing range this small is read row by row
    sample_above: int = 200_000  # larger tables take first-split bounds from a block sample
    hash_function: str = "fast"  # see queries.HASHES


class Progress:
    """Receives progress; the CLI draws bars, the API ignores it."""

    def start(self, table: str, rows: int, ranges: int) -> None: ...
    def advance(self, table: str, rows: int, ranges: int) -> None: ...
    def finish(self, table: str, result: TableResult) -> None: ...


def select_tables(direction: Direction, table: str | None) -> tuple[TableSync, ...]:
    """The tables of a pass: all, or the one named by its source or target name."""
    if table is None:
        return direction.tables
    wanted = table if "." in table else f"public.{table}"
    chosen = tuple(t for t in direction.tables if wanted in (t.source, t.target))
    if not chosen:
        known = ", ".join(t.source for t in direction.tables)
        raise CdcConfigError(f"--table {table}: not a table of context {direction.context} "
                             f"(its tables: {known})")
    return chosen


class _Sides:
    """The two sides' connections, used in parallel (one thread per connection)."""

    def __init__(self, pool: ThreadPoolExecutor, anchor: Anchor) -> None:
        self.pool, self.anchor = pool, anchor

    def both(self, source: Callable[[psycopg.Connection], T],
             target: Callable[[psycopg.Connection], U]) -> tuple[T, U]:
        future = self.pool.submit(target, self.anchor.target)
        left = source(self.anchor.source)
        return left, future.result()


def _fetch(query: Any) -> Callable[[psycopg.Connection], list[tuple[Any, ...]]]:
    return lambda conn: conn.execute(query).fetchall()


def _layouts(source: Database, target: Database,
             tables: Sequence[TableSync]) -> list[Layout]:
    """Every table's layout, read before any fence is waited for: a table or column that does
    not exist is a config error at once, not after a timeout."""
    src, tgt = connect(source), None
    try:
        tgt = connect(target)
        return [_layout(src, tgt, sync) for sync in tables]
    finally:
        src.close()
        if tgt is not None:
            tgt.close()


def _layout(src: psycopg.Connection, tgt: psycopg.Connection, sync: TableSync) -> Layout:
    shapes = []
    for conn, table, role in ((src, sync.source, "source"), (tgt, sync.target, "target")):
        exists = conn.execute("select to_regclass(%s)", (table,)).fetchone()
        if not exists or exists[0] is None:
            raise CdcConfigError(f"{role} table {table} does not exist")
        shapes.append(table_shape(conn, table))
    return build_layout(sync, shapes[0], shapes[1])


class _TablePass:
    def __init__(self, sides: _Sides, layout: Layout, options: Options,
                 progress: Progress) -> None:
        self.sides, self.layout, self.options, self.progress = sides, layout, options, progress
        self.src = SideSql(layout, "source", options.hash_function)
        self.tgt = SideSql(layout, "target", options.hash_function)
        self.result = TableResult(layout.source_table, layout.target_table)
        self.diffs: list[RowDiff] = []

    def _rows_estimate(self, conn: psycopg.Connection, side: SideSql) -> int:
        row = conn.execute(side.estimate()).fetchone()
        estimate = int(row[0]) if row and row[0] is not None else -1
        if estimate < 1:  # never analysed (-1) or stale: count (cheap next to the hashing)
            row = conn.execute(side.count()).fetchone()
            estimate = int(row[0]) if row else 0
        return estimate

    def _first_bounds(self, rows: int) -> list[tuple[Any, ...]]:
        parts = min(self.options.max_ranges, max(1, math.ceil(rows / self.options.range_rows)))
        if parts <= 1:
            return []
        source = self.sides.anchor.source
        if rows <= self.options.sample_above:
            every = max(1, math.ceil(rows / parts))
            return [tuple(r) for r in source.execute(self.src.split_keys(None, None, every))]
        percent = min(100.0, 100.0 * parts * 32 / rows)
        sample = [tuple(r) for r in source.execute(self.src.sample_keys(percent))]
        return split_points(sample, parts)

    def _checksums(self, lo: Bound, hi: Bound, bounds: Sequence[tuple[Any, ...]]
                   ) -> tuple[dict[int, RangeSum], dict[int, RangeSum]]:
        def run(side: SideSql) -> Callable[[psycopg.Connection], dict[int, RangeSum]]:
            query = side.checksums(lo, hi, bounds)
            return lambda conn: {int(b): RangeSum(int(n), str(s))
                                 for b, n, s in conn.execute(query).fetchall()}
        return self.sides.both(run(self.src), run(self.tgt))

    def _leaf(self, lo: Bound, hi: Bound) -> None:
        source, target = self.sides.both(_fetch(self.src.rows(lo, hi)),
                                         _fetch(self.tgt.rows(lo, hi)))
        self.diffs += classify_rows({r[0]: (r[1], tuple(r[2:])) for r in source},
                                    {r[0]: (r[1], tuple(r[2:])) for r in target})

    def _split(self, lo: Bound, hi: Bound, source_rows: int, target_rows: int
               ) -> list[tuple[Any, ...]]:
        """Bounds splitting (lo, hi] into about `split` parts, from the fuller side's keys."""
        side, conn, rows = (self.src, self.sides.anchor.source, source_rows) \
            if source_rows >= target_rows else (self.tgt, self.sides.anchor.target, target_rows)
        every = max(1, math.ceil(rows / self.options.split))
        return [tuple(r) for r in conn.execute(side.split_keys(lo, hi, every))]

    def run(self) -> TableResult:
        started = time.monotonic()
        opts, layout = self.options, self.layout
        self.result.compared_columns = [p.source for p in (*layout.key, *layout.columns)]
        self.result.not_compared_source = list(layout.source_only)
        self.result.not_compared_target = list(layout.target_only)
        estimate = self._rows_estimate(self.sides.anchor.source, self.src)
        bounds = self._first_bounds(estimate)
        self.progress.start(layout.name, estimate, len(bounds) + 1)
        source, target = self._checksums(None, None, bounds)
        r = self.result
        r.source_rows = sum(s.rows for s in source.values())
        r.target_rows = sum(s.rows for s in target.values())
        r.ranges_total = r.ranges_hashed = len(bounds) + 1
        self.progress.advance(layout.name, max(r.source_rows, r.target_rows), len(bounds) + 1)
        queue = _differing_ranges(None, None, bounds, source, target)
        r.ranges_differing = len(queue)
        while queue:
            lo, hi, s_rows, t_rows = queue.pop()
            inner = [] if max(s_rows, t_rows) <= opts.leaf_rows else \
                self._split(lo, hi, s_rows, t_rows)
            if not inner:
                self._leaf(lo, hi)
                continue
            sub_source, sub_target = self._checksums(lo, hi, inner)
            r.ranges_hashed += len(inner) + 1
            queue += _differing_ranges(lo, hi, inner, sub_source, sub_target)
        r.duration_s = time.monotonic() - started
        return r


def _differing_ranges(lo: Bound, hi: Bound, inner: Sequence[tuple[Any, ...]],
                      source: dict[int, RangeSum], target: dict[int, RangeSum]
                      ) -> list[tuple[Bound, Bound, int, int]]:
    """(lo, hi, source rows, target rows) of the sub-ranges of (lo, hi] split at `inner`
    whose checksums differ: sub-range i is (inner[i-1], inner[i]], the ends are the parent's."""
    empty = RangeSum(0, "0")
    return [(inner[i - 1] if i > 0 else lo, inner[i] if i < len(inner) else hi,
             source.get(i, empty).rows, target.get(i, empty).rows)
            for i in differing(source, target, len(inner) + 1)]


def _recheck(sides: _Sides, layout: Layout, diffs: list[RowDiff],
             options: Options) -> list[Difference]:
    """Re-read the differing keys under a later anchor: what still differs is persistent."""
    show_values = options.show_values
    src = SideSql(layout, "source", options.hash_function)
    tgt = SideSql(layout, "target", options.hash_function)
    keys = [d.key for d in diffs]
    source, target = sides.both(_fetch(src.by_keys(keys)), _fetch(tgt.by_keys(keys)))
    now_src = {r[0]: r for r in source}
    now_tgt = {r[0]: r for r in target}
    names = [p.source for p in layout.columns]
    target_names = {p.source: p.target for p in layout.columns}
    key_names = [p.source for p in layout.key]
    out: list[Difference] = []
    for diff in diffs:
        s, t = now_src.get(diff.key_text), now_tgt.get(diff.key_text)
        if s is not None and t is not None and s[1] == t[1]:
            out.append(Difference(diff.kind, dict(zip(key_names, diff.key, strict=True)),
                                  persistent=False))
            continue
        if s is None and t is None:  # deleted at the source, and the delete got applied
            out.append(Difference(diff.kind, dict(zip(key_names, diff.key, strict=True)),
                                  persistent=False))
            continue
        kind = "missing" if t is None else "extra" if s is None else "changed"
        key_values = (s or t)[3:]  # type: ignore[index]
        difference = Difference(kind, dict(zip(key_names, key_values, strict=True)),
                                persistent=True)
        if kind == "changed":
            difference.columns = changed_columns(names, s[2], t[2])  # type: ignore[index]
            difference.target_columns = [target_names[c] for c in difference.columns]
        if show_values:
            difference.values = _values(kind, names, difference.columns, s, t)
        out.append(difference)
    return out


def _values(kind: str, names: list[str], changed: list[str], s: Any, t: Any
            ) -> dict[str, dict[str, str | None]]:
    shown = changed if kind == "changed" else names
    index = {n: i for i, n in enumerate(names)}
    values: dict[str, dict[str, str | None]] = {}
    if s is not None:
        values["source"] = {n: s[2][index[n]] for n in shown}
    if t is not None:
        values["target"] = {n: t[2][index[n]] for n in shown}
    return values


def _order(diff: Difference) -> tuple[int, tuple[Any, ...]]:
    """Report order: by class, then by key (values of one column share a type)."""
    return KINDS.index(diff.kind), tuple(diff.key.values())


def run_pass(direction: Direction, source: Database, target: Database,
             tables: Sequence[TableSync], options: Options,
             progress: Progress | None = None) -> VerifyResult:
    """Verify `tables` of `direction` under one anchor, re-checking differences under a
    second one. Raises CdcConfigError (a table or column that does not exist) and
    SourceUnavailable / VerifyFailed (runtime)."""
    progress = progress or Progress()
    started = time.monotonic()
    result = VerifyResult(direction.context, dt.datetime.now(dt.UTC),
                          show_values=options.show_values)

    def anchor() -> Anchor:
        return open_anchor(source, target, group=direction.consumer_group,
                           fence_table=direction.settings.fence_table,
                           timeout=options.fence_timeout, write_fence=options.write_fence)

    layouts = _layouts(source, target, tables)
    found: list[tuple[TableResult, Layout, list[RowDiff]]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify-target") as pool:
        first = anchor()
        try:
            sides = _Sides(pool, first)
            for layout in layouts:
                table_pass = _TablePass(sides, layout, options, progress)
                table = table_pass.run()
                table.fence_lsn = first.lsn
                found.append((table, layout, table_pass.diffs))
        finally:
            first.close()
        if any(diffs for _, _, diffs in found):
            second = anchor()
            try:
                for table, layout, diffs in found:
                    if diffs:
                        began = time.monotonic()
                        table.differences = _recheck(_Sides(pool, second), layout, diffs,
                                                     options)
                        table.differences.sort(key=_order)
                        table.recheck_lsn = second.lsn
                        table.duration_s += time.monotonic() - began
            finally:
                second.close()
    for table, layout, _ in found:
        progress.finish(layout.name, table)
        result.tables.append(table)
    result.duration_s = time.monotonic() - started
    return result
