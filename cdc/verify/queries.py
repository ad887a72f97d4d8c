"""The SQL one side of a comparison runs: range checksums, leaf rows, rows by key, split keys.

Every statement is built from a `Layout` for one side (source or target names and types), so
the two sides run the *same* computation over their own schema. Rows are hashed in the database
from their canonical column texts (`normalize.py`) into a 64-bit integer, summed per range as
numeric (exact), and a range is `(lo, hi]` over the key in canonical order
(`normalize.order_expression`); `None` bounds are open. Key values travel as literals cast
to this side's key types, so a bound read on one side is valid on the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from psycopg import sql

from cdc.verify.layout import Layout
from cdc.verify.normalize import canonical, is_fixed_width, is_textual, order_expression

__all__ = ["HASHES", "Bound", "SideSql"]

# fast: PostgreSQL's own 64-bit text hash (hashtextextended), several times cheaper than md5;
# its values depend on the server's byte order, so both servers must share one (any x86-64 or
# arm64 pair does). md5: portable everywhere, slower.
HASHES = ("fast", "md5")

Bound = tuple[Any, ...] | None  # key values of a range bound, in key order; None = open


class SideSql:
    """SQL for one side ("source" or "target") of a `Layout`."""

    def __init__(self, layout: Layout, side: str, hash_function: str = "fast") -> None:
        if side not in ("source", "target") or hash_function not in HASHES:
            raise ValueError((side, hash_function))
        self.side = side
        self.table_name = layout.source_table if side == "source" else layout.target_table
        schema, name = self.table_name.split(".", 1)
        self.table = sql.Identifier(schema, name)
        own, other = ("source", "target") if side == "source" else ("target", "source")
        self.key_names = [getattr(p, own) for p in layout.key]
        self.key_types = [getattr(p, f"{own}_type") for p in layout.key]
        self._keys = [sql.Identifier(n) for n in self.key_names]
        self._ordered = [order_expression(k, t) for k, t in zip(self._keys, self.key_types,
                                                                   strict=True)]
        # a text key is compared under COLLATE "C": a key index of another collation is no
        # use to it (ranges of such keys are read by scanning the table)
        self.indexable = not any(is_textual(t) for p in layout.key
                                  for t in (p.source_type, p.target_type))
        # a one-column key of a fixed-width type is bucketed by width_bucket (a bisection in C);
        # text (bisection walks the array: 25x slower than the CASE tree on 3,900 bounds)
        # and composite keys (row values: variable width too) by a CASE tree
        self.searchable = len(self.key_types) == 1 and is_fixed_width(self.key_types[0])
        key_canon = [canonical(k, getattr(p, f"{own}_type"), getattr(p, f"{other}_type"))
                     for k, p in zip(self._keys, layout.key, strict=True)]
        col_canon = [canonical(sql.Identifier(getattr(p, own)), getattr(p, f"{own}_type"),
                               getattr(p, f"{other}_type")) for p in layout.columns]
        self.key_text = sql.SQL("array[{}]::text").format(sql.SQL(", ").join(key_canon))
        self.values = sql.SQL("array[{}]::text[]").format(
            sql.SQL(", ").join(col_canon) if col_canon else sql.SQL(""))
        everything = [*key_canon, *col_canon]
        if hash_function == "md5":
            self.row_hash: sql.Composable = sql.SQL(
                "('x' || left(md5(array[{}]::text), 16))::bit(64)::bigint").format(
                sql.SQL(", ").join(everything))
        else:
            # One 64-bit hash per column, seeded by its position (a swap of two columns'
            # values changes the row's hash), a NULL hashed as its position; XORed per row.
            self.row_hash = sql.SQL(" # ").join(
                sql.SQL("coalesce(hashtextextended({v}, {i}), {i})").format(
                    v=v, i=sql.Literal(i)) for i, v in enumerate(everything, 1))

    # -- ranges --------------------------------------------------------------------------------
    def _tuple(self, exprs: Sequence[sql.Composable]) -> sql.Composable:
        joined = sql.SQL(", ").join(exprs)
        return sql.SQL("({})").format(joined) if len(exprs) > 1 else joined

    def _params(self, bound: tuple[Any, ...]) -> sql.Composable:
        return sql.SQL(self._literal(bound))

    def _key(self) -> sql.Composable:
        return self._tuple(self._ordered)

    def predicate(self, lo: Bound, hi: Bound) -> sql.Composable:
        parts: list[sql.Composable] = []
        if lo is not None:
            parts.append(sql.SQL("{} > {}").format(self._key(), self._params(lo)))
        if hi is not None:
            parts.append(sql.SQL("{} <= {}").format(self._key(), self._params(hi)))
        return sql.SQL(" and ").join(parts) if parts else sql.SQL("true")

    def _literal(self, bound: tuple[Any, ...]) -> str:
        """A bound as SQL text. Built as a plain string: thousands of bounds composed as
        `sql.Literal`s took ~50 ms per statement, as strings ~5 ms."""
        return _tuple_text([f"{_quote(v)}::{t}" for v, t in zip(bound, self.key_types,
                                                                   strict=True)])

    def _bucket(self, bounds: Sequence[tuple[Any, ...]], lo: int, hi: int,
                labels: Sequence[int] | None = None) -> sql.Composable:
        """Bucket number of a row among `bounds`: bucket i holds (bounds[i-1], bounds[i]]
        (numbered `labels[i]` when given)."""
        key = self._key().as_string(None)

        def tree(lo: int, hi: int) -> str:
            if lo == hi:
                return str(labels[lo] if labels is not None else lo)
            mid = (lo + hi) // 2
            return (f"case when {key} <= {self._literal(bounds[mid])} then {tree(lo, mid)} "
                    f"else {tree(mid + 1, hi)} end")
        return sql.SQL(tree(lo, hi))

    def _array(self, bounds: Sequence[tuple[Any, ...]]) -> sql.Composable:
        """The bounds of a one-column key as one array literal of its type."""
        return sql.SQL("{}::{}[]").format(
            sql.Literal("{" + ",".join(_array_item(str(b[0])) for b in bounds) + "}"),
            sql.SQL(self.key_types[0]))

    def _bucketed(self, bounds: Sequence[tuple[Any, ...]], where: sql.Composable,
                  labels: Sequence[int] | None = None) -> sql.Composable:
        """A subquery of (b, h): the bucket among `bounds` and the hash of each row matching
        `where`; bucket i holds (bounds[i-1], bounds[i]] (numbered `labels[i]` when given).

        `width_bucket` counts the bounds <= the key; a range (lo, hi] holds the keys with i
        bounds < them, so a key equal to its bound goes one bucket down. `offset 0` keeps the
        per-row subquery apart: flattened, PostgreSQL evaluated the bucket and hash expressions
        again for the aggregate (2.8x slower on 1M rows here)."""
        if self.searchable and bounds and labels is None:
            array = self._array(bounds)
            return sql.SQL(
                "select w - (w > 0 and ({a})[w] = k)::int as b, h from (select "
                "width_bucket({key}, {a}) as w, {key} as k, {h} as h from {t} where {p} "
                "offset 0) x").format(a=array, key=self._keys[0], h=self.row_hash,
                                      t=self.table, p=where)
        return sql.SQL("select {bucket} as b, {h} as h from {t} where {p} offset 0").format(
            bucket=self._bucket(bounds, 0, len(bounds), labels), h=self.row_hash,
            t=self.table, p=where)

    def checksums(self, lo: Bound, hi: Bound,
                  bounds: Sequence[tuple[Any, ...]]) -> sql.Composed:
        """(bucket, rows, hash sum) of the sub-ranges of (lo, hi] split at `bounds`."""
        return sql.SQL("select b, count(*), coalesce(sum(h), 0)::text from ({}) s "
                       "group by b").format(self._bucketed(bounds, self.predicate(lo, hi)))

    def checksums_of(self, bounds: Sequence[tuple[Any, ...]],
                     runs: Sequence[tuple[int, int]]) -> sql.Composed:
        """(range, rows, hash sum) of the ranges i0..i1 of each run, the ranges being those
        `bounds` make ((bounds[i-1], bounds[i]]), reading only those ranges.

        An index range scan per range (a LATERAL join over a VALUES list of bounds): planned in
        under a millisecond, where one scan with an OR of ~100 range predicates took ~30 ms to
        plan. Text keys, compared under COLLATE "C", cannot use a key index of another collation:
        for them one scan with the OR of the runs' predicates."""
        wanted = [i for i0, i1 in runs for i in range(i0, i1 + 1)]
        last = len(bounds)
        if not self.indexable:
            edges = [i for i in wanted if i < last]
            where = sql.SQL(" or ").join(
                sql.SQL("({})").format(self.predicate(bounds[i0 - 1] if i0 > 0 else None,
                                                      bounds[i1] if i1 < last else None))
                for i0, i1 in runs)
            return sql.SQL("select b, count(*), coalesce(sum(h), 0)::text from ({}) s "
                           "group by b").format(
                self._bucketed([bounds[i] for i in edges], where, [*edges, last]))
        parts: list[sql.Composable] = []
        inner = [i for i in wanted if 0 < i < last]
        if inner:
            width = len(self.key_types)
            names = [f"l{k}" for k in range(width)] + [f"h{k}" for k in range(width)]
            rows = ", ".join(
                f"({i}, " + ", ".join(f"{_quote(v)}::{t}" for v, t in zip(
                    (*bounds[i - 1], *bounds[i]), self.key_types * 2, strict=True)) + ")"
                for i in inner)
            lo = _tuple_text([f"r.l{k}" for k in range(width)])
            hi = _tuple_text([f"r.h{k}" for k in range(width)])
            parts.append(sql.SQL(
                "select r.i, count(*), coalesce(sum(s.h), 0)::text from (values {rows}) "
                "r(i, {names}) cross join lateral (select {h} as h from {t} "
                "where {k} > {lo} and {k} <= {hi} offset 0) s group by r.i").format(
                rows=sql.SQL(rows), names=sql.SQL(", ".join(names)), h=self.row_hash,
                t=self.table, k=self._key(), lo=sql.SQL(lo), hi=sql.SQL(hi)))
        for i in (i for i in wanted if i == 0 or i == last):  # the open-ended ranges
            parts.append(sql.SQL(
                "select {i}, count(*), coalesce(sum({h}), 0)::text from {t} where {p}").format(
                i=sql.Literal(i), h=self.row_hash, t=self.table,
                p=self.predicate(bounds[i - 1] if i > 0 else None,
                                 bounds[i] if i < last else None)))
        return sql.SQL(" union all ").join(parts)

    def changed_ranges(self, positions: str, bounds: Sequence[tuple[Any, ...]],
                       since: int) -> sql.Composed:
        """(range, newest commit position) of the keys the applier wrote at a position at or
        after `since`, from its positions table (`strangler_cdc.<positions>`, keyed by the
        target's key columns): which of the ranges `bounds` make have changed.

        A one-column key is placed by `width_bucket` over the bounds as one array literal
        (thousands of bounds as a CASE tree took ~50 ms to build and as long to parse);
        `width_bucket` counts the bounds <= the key, a range (lo, hi] those < it."""
        if len(self.key_types) == 1 and bounds:
            collate = sql.SQL(' collate "C"') if is_textual(self.key_types[0]) else sql.SQL("")
            return sql.SQL(
                "select b, max(c) from (select w - (w > 0 and bs[w] = k)::int as b, c from "
                "(select width_bucket(k, bs) as w, k, bs, c from (select {key}{collate} as k, "
                "{array}{collate} as bs, commit_lsn as c from strangler_cdc.{pos} "
                "where commit_lsn >= {since} offset 0) x) y) s group by b").format(
                key=self._keys[0], collate=collate, array=self._array(bounds),
                pos=sql.Identifier(positions), since=sql.Literal(since))
        return sql.SQL(
            "select b, max(c) from (select {bucket} as b, commit_lsn as c "
            "from strangler_cdc.{pos} where commit_lsn >= {since} offset 0) s group by b").format(
            bucket=self._bucket(bounds, 0, len(bounds)), pos=sql.Identifier(positions),
            since=sql.Literal(since))

    def rows(self, lo: Bound, hi: Bound) -> sql.Composed:
        """(key text, row hash, key values...) of every row in (lo, hi]."""
        return sql.SQL("select {kt}, {h}, {k} from {t} where {p}").format(
            kt=self.key_text, h=self.row_hash, k=sql.SQL(", ").join(self._keys), t=self.table,
            p=self.predicate(lo, hi))

    def by_keys(self, keys: Sequence[tuple[Any, ...]]) -> sql.Composed:
        """(key text, row hash, canonical values, key values...) of the rows with these keys."""
        arrays = sql.SQL(", ").join(
            sql.SQL("{}::{}[]").format(sql.Literal([k[i] for k in keys]), sql.SQL(t))
            for i, t in enumerate(self.key_types))
        return sql.SQL(
            "select {kt}, {h}, {v}, {k} from {t} where {key} in "
            "(select * from unnest({arrays}))").format(
            kt=self.key_text, h=self.row_hash, v=self.values, k=sql.SQL(", ").join(self._keys),
            t=self.table, key=self._tuple(self._keys), arrays=arrays)

    def _selected(self, as_text: bool) -> sql.Composable:
        # aliased: an output column named like the key would be what ORDER BY sorts by
        return sql.SQL(", ").join(sql.SQL("{}::text as {}").format(k, sql.Identifier(f"_b{i}"))
                                  for i, k in enumerate(self._keys)) \
            if as_text else sql.SQL(", ").join(self._keys)

    def split_keys(self, lo: Bound, hi: Bound, every: int, *,
                   as_text: bool = False) -> sql.Composed:
        """Every `every`-th key of (lo, hi] in canonical order but the last one (which would
        bound an empty range); exact, one sort of the range. `as_text`: each key column as
        its text (a bound that can be stored, and cast back on either side)."""
        return sql.SQL(
            "select {sel} from (select {k}, row_number() over (order by {o}) as n, "
            "count(*) over () as total from {t} where {p}) s "
            "where n % {every} = 0 and n < total order by {o}").format(
            sel=self._selected(as_text), k=sql.SQL(", ").join(self._keys),
            o=sql.SQL(", ").join(self._ordered), t=self.table, p=self.predicate(lo, hi),
            every=sql.Literal(every))

    def sample_bounds(self, percent: float, parts: int, *, as_text: bool = False
                      ) -> sql.Composed:
        """Up to `parts - 1` distinct bounds spreading a row sample of the keys evenly, in
        canonical order: of the sample's n keys (0-based j in key order), the key j is taken
        when j = floor(i * n / parts) for some i in 1..parts-1, as `bisect.split_points`
        does in Python (picked here, the pass reads ~4,000 keys instead of the ~130,000 of the
        sample). A row sample: a block sample returns runs of neighbouring keys, and ranges of
        very uneven sizes."""
        first = sql.SQL("greatest(1, (j * {p} + n - 1) / n)").format(p=sql.Literal(parts))
        return sql.SQL(
            "select {sel} from (select {k}, row_number() over (order by {o}) - 1 as j, "
            "count(*) over () as n from {t} tablesample bernoulli ({pct})) s "
            "where {first} <= {p} - 1 and {first} * n < (j + 1) * {p} "
            "group by {k} order by min(j)").format(
            sel=self._selected(as_text), k=sql.SQL(", ").join(self._keys),
            o=sql.SQL(", ").join(self._ordered), t=self.table, pct=sql.Literal(percent),
            first=first, p=sql.Literal(parts))

    def estimate(self) -> sql.Composed:
        return sql.SQL("select reltuples::bigint from pg_class where oid = {}::regclass").format(
            sql.Literal(self.table_name))

    def count(self) -> sql.Composed:
        return sql.SQL("select count(*) from {}").format(self.table)


def _quote(value: Any) -> str:
    """A SQL literal of a bound value (text, or a number as read from PostgreSQL)."""
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return f"'{value}'"
    return sql.Literal(value).as_string(None)  # dates, times, uuids, bytes: psycopg's form


def _tuple_text(parts: Sequence[str]) -> str:
    return f"({', '.join(parts)})" if len(parts) > 1 else parts[0]


def _array_item(text: str) -> str:
    """An element of a PostgreSQL array literal, quoted."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
