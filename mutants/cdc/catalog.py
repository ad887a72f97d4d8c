"""Reading a target table's shape (columns, types, primary key) from PostgreSQL's catalog."""

from __future__ import annotations

import psycopg

from cdc.errors import CdcConfigError
from cdc.mapping import Column

__all__ = ["table_shape"]


def table_shape(conn: psycopg.Connection,
                qualified: str) -> tuple[dict[str, Column], tuple[str, ...]]:
    """Columns (writable ones: generated columns are left out) and primary key of a table."""
    exists = conn.execute("select to_regclass(%s)", (qualified,)).fetchone()
    if not exists or exists[0] is None:
        raise CdcConfigError(f"target table {qualified} does not exist")
    rows = conn.execute(
        "select a.attname, format_type(a.atttypid, a.atttypmod), not a.attnotnull "
        "from pg_attribute a where a.attrelid = %s::regclass and a.attnum > 0 "
        "and not a.attisdropped and a.attgenerated = '' order by a.attnum",
        (qualified,)).fetchall()
    columns = {name: Column(name, type_, nullable) for name, type_, nullable in rows}
    key = conn.execute(
        "select a.attname from pg_index i "
        "cross join lateral unnest(i.indkey) with ordinality as k(attnum, n) "
        "join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum "
        "where i.indrelid = %s::regclass and i.indisprimary order by k.n",
        (qualified,)).fetchall()
    return columns, tuple(r[0] for r in key)
