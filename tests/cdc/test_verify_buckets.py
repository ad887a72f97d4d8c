"""Range bucketing of the verifier's one-scan checksums on a real PostgreSQL: a key equal to a
bound lands in the range that bound closes, `(lo, hi]`, for every kind of key and whichever
way it is bucketed (`width_bucket` for one-column fixed-width keys, the CASE tree for text and
composite keys); and the first-split bounds picked from a sample in SQL follow
`bisect.split_points`."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg import sql

from cdc.verify.bisect import split_points
from cdc.verify.layout import Layout, Pair
from cdc.verify.normalize import SESSION_SETTINGS
from cdc.verify.queries import SideSql
from strangler.stack.runner import LocalStack
from tests.support import unique

pytestmark = pytest.mark.stack

# key columns with their types; row i -> its key values as SQL
KINDS: dict[str, tuple[list[tuple[str, str]], Callable[[int], str]]] = {
    "bigint": ([("id", "bigint")], lambda i: f"{i * 7 - 300}"),
    "timestamptz": ([("at", "timestamp with time zone")],
                    lambda i: f"timestamptz '2026-01-01 00:00:00+00' + interval '{i} min'"),
    # sv-x-icu sorts ä after z; byte order ("C") puts every non-ASCII key after the ASCII ones
    "text": ([("name", 'text collate "sv-x-icu"')],
             lambda i: f"'{random.Random(i).choice(['a', 'z', 'ä', 'Ä', '東', 'B'])}{i:03}'"),
    "composite": ([("region", 'text collate "sv-x-icu"'), ("seq", "int")],
                  lambda i: f"'{['ä', 'z', 'a'][i % 3]}', {i}"),
}


@pytest.fixture
def conn(stack: LocalStack) -> Iterator[psycopg.Connection]:
    with psycopg.connect(stack.monolith_dsn, autocommit=True) as connection:
        connection.execute("; ".join(SESSION_SETTINGS))
        yield connection


def _table(conn: psycopg.Connection, kind: str, rows: int) -> tuple[SideSql, str]:
    columns, key_of = KINDS[kind]
    table = f"public.{unique('vb')}"
    key = ", ".join(name for name, _ in columns)
    conn.execute(f"create table {table} ({', '.join(f'{n} {t}' for n, t in columns)}, "
                 f"qty int, primary key ({key}))")
    conn.execute(f"insert into {table} values "
                 + ", ".join(f"({key_of(i)}, {i})" for i in range(rows)))
    types = [t.split(" collate")[0] for _, t in columns]
    pairs = tuple(Pair(n, n, t, t) for (n, _), t in zip(columns, types, strict=True))
    layout = Layout(table, table, pairs, (Pair("qty", "qty", "integer", "integer"),), (), ())
    return SideSql(layout, "source"), table


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_key_equal_to_a_bound_lands_in_the_range_it_closes(conn: psycopg.Connection,
                                                             kind: str) -> None:
    side, table = _table(conn, kind, 60)
    try:
        bucketing = side.checksums(None, None, [("0",) * len(side.key_types)]).as_string(None)
        assert ("width_bucket" in bucketing) == (kind in ("bigint", "timestamptz"))
        keys = [tuple(r) for r in conn.execute(side.split_keys(None, None, 1, as_text=True))]
        bounds = keys[4::9]  # every bound is a key of the table
        sums = {b: (n, s) for b, n, s in conn.execute(side.checksums(None, None, bounds))}
        expected = {}
        for i in range(len(bounds) + 1):  # range i = (bounds[i-1], bounds[i]], by predicate
            lo, hi = (bounds[i - 1] if i else None), (bounds[i] if i < len(bounds) else None)
            row = conn.execute(f"select count(*), coalesce(sum(h), 0)::text from (select "
                               f"{side.row_hash.as_string(None)} as h from {table} where "
                               f"{side.predicate(lo, hi).as_string(None)}) s").fetchone()
            assert row is not None
            expected[i] = (row[0], row[1])
        assert sums == expected
        # the bound key itself is the last key of its range, the next key opens the next one
        assert [sums[i][0] for i in range(len(bounds) + 1)] == [5] + [9] * 6 + [1]
        # inside (lo, hi] too: the statement of one run of a batch
        part = {b: n for b, n, _ in conn.execute(side.checksums(bounds[0], bounds[3],
                                                                bounds[1:3]))}
        assert part == {0: 9, 1: 9, 2: 9}
    finally:
        conn.execute(f"drop table {table}")


@pytest.mark.parametrize("kind", ["bigint", "text"])
def test_sample_bounds_pick_what_split_points_picks(conn: psycopg.Connection,
                                                    kind: str) -> None:
    side, table = _table(conn, kind, 97)
    try:
        # every key in canonical order: the "sample" of a 100 % sample
        keys = [tuple(r) for r in conn.execute(sql.SQL("select {} from {} order by {}").format(
            side._selected(True), side.table, sql.SQL(", ").join(side._ordered)))]
        for parts in (2, 7, 16, 96, 97, 200):
            picked = [tuple(r) for r in conn.execute(side.sample_bounds(100.0, parts,
                                                                        as_text=True))]
            assert picked == split_points(keys, parts), parts
    finally:
        conn.execute(f"drop table {table}")
