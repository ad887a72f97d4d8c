"""One verification pass over a context's mapped tables (the I/O side of the verifier).

A pass opens one fence anchor (`anchor.py`) for all tables, so every table is compared at the
same source position. Per table: decide from the stored range checksums (`incremental.py`,
`store.py`) whether this is a full, incremental or resumed pass; pick range bounds in the source
snapshot (or take the stored ones); checksum the ranges to hash on both sides in parallel
(a statement per batch of ranges, stored as it finishes), then only for ranges that differ:
split again (`split` parts) until a range holds at most `leaf_rows` rows, then read its row
hashes from both sides and classify (`bisect.py`). Differing keys are then re-read by key under
a *later* anchor: those that still differ are persistent, the others were in flight.

Guarantees: read-only on both databases except the fence row of the direction (see
`anchor.py`) and the verifier's own tables in the target's `strangler_cdc` schema; a table or
key column that does not exist stops the pass with a config error before any fence is waited
for, so no table is ever called consistent without being compared; the work (ranges hashed
and reused) and time spent are in the result.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg

from cdc.catalog import table_shape
from cdc.config import Direction, TableSync
from cdc.errors import CdcConfigError, first_line
from cdc.mapping import positions_table
from cdc.verify.anchor import Anchor, Database, connect_pair, open_anchor
from cdc.verify.bisect import (
    KINDS,
    RangeSum,
    RowDiff,
    changed_columns,
    classify_rows,
    differing,
)
from cdc.verify.incremental import (
    Lineage,
    Plan,
    StoredState,
    batches,
    decide,
    fallback_reason,
    layout_hash,
    to_hash,
)
from cdc.verify.layout import Layout, build_layout
from cdc.verify.queries import Bound, SideSql
from cdc.verify.result import Difference, TableResult, VerifyResult
from cdc.verify.store import Store, read_lineage

__all__ = ["Options", "Progress", "run_pass", "select_tables"]

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Options:
    show_values: bool = False
    fence_timeout: float = 30.0
    write_fence: bool = True
    range_rows: int = 256        # rows per range of the first split (stored ranges: small, so
    max_ranges: int = 4096       # an incremental pass re-hashes little around each change)
    split: int = 16              # parts per bisection step
    leaf_rows: int = 4096        # a differing range this small is read row by row
    sample_above: int = 200_000  # larger tables take first-split bounds from a row sample
    hash_function: str = "fast"  # see queries.HASHES
    incremental: bool = False    # re-hash only ranges changed since the stored state
    store_state: bool = True     # keep range checksums in the target for the next pass
    chunk_rows: int = 1_048_576  # rows hashed per statement of a full pass (stored as they end)


class Progress:
    """Receives progress; the CLI draws bars, the API ignores it. `advance` gets the rows and
    ranges done so far (stored ranges a pass reuses count as done)."""

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


def _layouts(src: psycopg.Connection, tgt: psycopg.Connection, tables: Sequence[TableSync],
             pool: ThreadPoolExecutor | None = None) -> list[Layout]:
    """Every table's layout, read before any fence is waited for: a table or column that does
    not exist is a config error at once, not after a timeout. With a `pool`, the target's
    catalog is read on it meanwhile."""
    def shapes(conn: psycopg.Connection, role: str) -> list[Any]:
        out: list[Any] = []
        for sync in tables:
            table = sync.source if role == "source" else sync.target
            try:
                out.append(table_shape(conn, table))
            except CdcConfigError:  # it names the table, as the target's: name the side
                raise CdcConfigError(f"{role} table {table} does not exist") from None
        return out
    if pool is None:
        source, target = shapes(src, "source"), shapes(tgt, "target")
    else:
        future = pool.submit(shapes, tgt, "target")
        source = shapes(src, "source")
        target = future.result()
    return [build_layout(sync, s, t) for sync, s, t in zip(tables, source, target, strict=True)]


class _TablePass:
    def __init__(self, sides: _Sides, layout: Layout, options: Options, progress: Progress,
                 group: str, store: Store | None, store_note: str | None) -> None:
        self.sides, self.layout, self.options, self.progress = sides, layout, options, progress
        self.group, self.store, self.store_note = group, store, store_note
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

    def _first_bounds(self, rows: int) -> list[tuple[str, ...]]:
        """Bounds of the first split, as key texts (stored, and cast back on either side)."""
        parts = min(self.options.max_ranges, max(1, math.ceil(rows / self.options.range_rows)))
        if parts <= 1:
            return []
        source = self.sides.anchor.source
        if rows <= self.options.sample_above:
            every = max(1, math.ceil(rows / parts))
            return [tuple(r) for r in source.execute(
                self.src.split_keys(None, None, every, as_text=True))]
        # 8 sampled keys per range: ranges within ~35 % of their size (a sample of 32 per
        # range, ~18 %, took 0.2-0.3 s more of a 1M-row pass, before any hashing)
        percent = min(100.0, 100.0 * min(parts * 8, 131_072) / rows)
        return [tuple(r) for r in source.execute(
            self.src.sample_bounds(percent, parts, as_text=True))]

    def _checksums(self, lo: Bound, hi: Bound, bounds: Sequence[tuple[Any, ...]]
                   ) -> tuple[dict[int, RangeSum], dict[int, RangeSum]]:
        def run(side: SideSql) -> Callable[[psycopg.Connection], dict[int, RangeSum]]:
            query = side.checksums(lo, hi, bounds)
            return lambda conn: _sums(conn, query)
        return self.sides.both(run(self.src), run(self.tgt))

    def _hash_batch(self, bounds: Sequence[tuple[str, ...]], batch: list[tuple[int, int]]
                    ) -> dict[int, tuple[RangeSum, RangeSum]]:
        """Both sides' checksums of the ranges of `batch` (runs of range numbers)."""
        if len(batch) == 1:  # one run: the plain range statement, sub-ranges numbered from 0
            first, last = batch[0]
            lo = bounds[first - 1] if first > 0 else None
            hi = bounds[last] if last < len(bounds) else None
            source, target = self._checksums(lo, hi, bounds[first:last])
            source = {first + b: v for b, v in source.items()}
            target = {first + b: v for b, v in target.items()}
        else:
            def run(side: SideSql) -> Callable[[psycopg.Connection], dict[int, RangeSum]]:
                query = side.checksums_of(bounds, batch)
                return lambda conn: _sums(conn, query)
            source, target = self.sides.both(run(self.src), run(self.tgt))
        return {i: (source.get(i, _EMPTY), target.get(i, _EMPTY))
                for first, last in batch for i in range(first, last + 1)}

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

    def _plan(self) -> tuple[Plan, StoredState | None, Lineage]:
        """Full, incremental or resumed, from the stored state and the lineage now."""
        anchor, layout = self.sides.anchor, self.layout
        lineage, tracked = read_lineage(anchor.source, anchor.target, group=self.group,
                                        target_table=layout.target_table,
                                        layout_hash=layout_hash(layout),
                                        hash_function=self.options.hash_function)
        if self.store is None:
            note = self.store_note or "no stored state is kept (store_state off)"
            return decide(None, note, incremental=self.options.incremental), None, lineage
        stored = self.store.load(layout.source_table)
        reason = fallback_reason(stored, lineage, source_lsn=anchor.lsn,
                                 applied_lsn=anchor.applied_lsn, tracked=tracked)
        return decide(stored, reason, incremental=self.options.incremental), stored, lineage

    def _changed(self, bounds: Sequence[tuple[str, ...]], stored: StoredState) -> dict[int, int]:
        """Range -> newest commit position of its keys the applier wrote since the oldest
        stored range's `since` (after the anchor's fence wait: every change before the fence)."""
        since = min((r.since_lsn for r in stored.ranges.values()), default=None)
        if since is None:
            return {}
        query = self.tgt.changed_ranges(positions_table(self.layout.target_table), bounds,
                                        since)
        return {int(b): int(c) for b, c in self.sides.anchor.target.execute(query).fetchall()}

    def _per_batch(self, rows: int, ranges: int) -> int:
        """Ranges hashed per statement. Text keys are compared under COLLATE "C", which a key
        index of another collation cannot serve: every statement would scan the table, so
        they are hashed in one."""
        if not self.src.indexable:
            return ranges
        return max(1, self.options.chunk_rows // max(1, rows // max(1, ranges)))

    def run(self) -> TableResult:
        started = time.monotonic()
        opts, layout, anchor, r = self.options, self.layout, self.sides.anchor, self.result
        r.compared_columns = [p.source for p in (*layout.key, *layout.columns)]
        r.not_compared_source = list(layout.source_only)
        r.not_compared_target = list(layout.target_only)
        estimate = self._rows_estimate(anchor.source, self.src)
        plan, stored, lineage = self._plan()
        r.mode, r.fallback_reason = plan.mode, plan.fallback
        store = self.store if anchor.since_lsn is not None else None
        sums: dict[int, tuple[RangeSum, RangeSum]] = {}
        kept = (0, 0, 0)  # reused ranges: source rows, target rows, the larger of the two
        if plan.bounds is None or stored is None:
            bounds: Sequence[tuple[str, ...]] = self._first_bounds(estimate)
            chosen = list(range(len(bounds) + 1))
            if store is not None:
                store.begin(layout.source_table, layout.target_table, lineage, bounds)
        else:
            bounds = plan.bounds
            looked = time.monotonic()
            chosen = to_hash(len(bounds) + 1, stored.ranges, self._changed(bounds, stored))
            r.lookup_s = time.monotonic() - looked
            again = set(chosen)
            reused = [k for i, k in stored.ranges.items() if i not in again]
            kept = (sum(k.source_rows for k in reused), sum(k.target_rows for k in reused),
                    sum(max(k.source_rows, k.target_rows) for k in reused))
        total = len(bounds) + 1
        r.ranges_total, r.ranges_hashed, r.ranges_reused = total, len(chosen), total - len(chosen)
        r.state_stored = store is not None
        self.progress.start(layout.name, max(estimate, kept[2]), total)
        hashing, done = time.monotonic(), kept[2]
        # a batch's checksums are stored (on the store's own connection) while the next batch
        # is hashed; in order, and all of them before the state is marked complete
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify-store") as saver:
            saved: list[Future[None]] = []
            for batch in batches(chosen, self._per_batch(estimate, total)):
                hashed = self._hash_batch(bounds, batch)
                if store is not None:
                    saved.append(saver.submit(store.save, layout.source_table, anchor.lsn,
                                              anchor.since_lsn or 0, hashed))
                sums.update(hashed)
                done += sum(max(s.rows, t.rows) for s, t in hashed.values())
                self.progress.advance(layout.name, done, r.ranges_reused + len(sums))
                for future in [f for f in saved if f.done()]:
                    future.result()  # a failed save stops the pass here
            for future in saved:
                future.result()
        if store is not None:
            store.finish(layout.source_table, lineage)
        r.hash_s = time.monotonic() - hashing
        r.source_rows = kept[0] + sum(s.rows for s, _ in sums.values())
        r.target_rows = kept[1] + sum(t.rows for _, t in sums.values())
        queue = [(bounds[i - 1] if i > 0 else None, bounds[i] if i < len(bounds) else None,
                  sums[i][0].rows, sums[i][1].rows) for i in chosen if sums[i][0] != sums[i][1]]
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


_EMPTY = RangeSum(0, "0")


def _sums(conn: psycopg.Connection, query: Any) -> dict[int, RangeSum]:
    return {int(b): RangeSum(int(n), str(s)) for b, n, s in conn.execute(query).fetchall()}


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


def _open_store(conn: psycopg.Connection, group: str, options: Options
                ) -> tuple[Store | None, str | None]:
    """The stored state on `conn` (the target, autocommit), or why there is none (a role that
    may not create the verifier's tables in `strangler_cdc` still verifies, in full passes)."""
    if not options.store_state:
        return None, "no stored state is kept (store_state off)"
    store = Store(conn, group)
    try:
        store.ensure()
    except psycopg.Error as exc:
        return None, f"range checksums cannot be stored in the target: {first_line(exc)}"
    return store, None


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

    # Autocommit connections for the catalog, the fence row and the stored state; each
    # anchor opens its own two snapshot connections.
    src, tgt = connect_pair(source, target)

    def anchor() -> Anchor:
        return open_anchor(source, target, group=direction.consumer_group,
                           fence_table=direction.settings.fence_table,
                           timeout=options.fence_timeout, write_fence=options.write_fence,
                           writer=src)

    found: list[tuple[TableResult, Layout, list[RowDiff]]] = []
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify-target") as pool:
            layouts = _layouts(src, tgt, tables, pool)
            store, note = _open_store(tgt, direction.consumer_group, options)
            first = anchor()
            try:
                sides = _Sides(pool, first)
                if first.since_lsn is None and store is not None:
                    note = ("the fence row could not be written, so no position marks what a "
                            "later pass must re-hash: range checksums not stored")
                for layout in layouts:
                    table_pass = _TablePass(sides, layout, options, progress,
                                            direction.consumer_group, store, note)
                    table = table_pass.run()
                    table.fence_lsn = first.lsn
                    table.fence_wait_s = first.waited_s
                    table.state_note = note
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
    finally:
        src.close()
        tgt.close()
    for table, layout, _ in found:
        progress.finish(layout.name, table)
        result.tables.append(table)
    result.duration_s = time.monotonic() - started
    return result
