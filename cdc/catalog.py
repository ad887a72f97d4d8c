"""Reading tables' shapes (columns, types, primary key) from PostgreSQL's catalog.

`table_shape` is what the applier maps onto (a target table's writable columns); the
`table_schemas` facts are what the mapping preflight (`cdc.mapping_check`) compares on both
sides. Catalog reads only; nothing is changed. `session` is the connection these reads (and
`cdc.connectors`' own source work) run in: its failures become one-line errors naming the
redacted DSN.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import psycopg

from cdc.endpoints import redact
from cdc.errors import CdcConfigError, CdcError, SourceUnavailable, first_line
from cdc.mapping import Column
from cdc.typefit import PgType

__all__ = ["ColumnSchema", "TableSchema", "reading", "session", "table_schemas", "table_shape"]


@contextmanager
def session(dsn: str, *, unavailable: str, failed: str) -> Iterator[psycopg.Connection]:
    """An autocommit session; a database that does not answer raises `SourceUnavailable`
    (retriable) as `unavailable: <driver's first line>`, any other failure `CdcError` as
    `failed: ...`. Both texts name the DSN redacted."""
    try:
        with psycopg.connect(dsn, connect_timeout=10, autocommit=True) as conn:
            yield conn
    except psycopg.OperationalError as exc:
        raise SourceUnavailable(f"{unavailable}: {first_line(exc)}") from exc
    except psycopg.Error as exc:
        raise CdcError(f"{failed}: {first_line(exc)}") from exc


def reading(dsn: str, what: str = "database") -> AbstractContextManager[psycopg.Connection]:
    """A catalog session (`session`) whose errors name `what` was read."""
    return session(dsn, unavailable=f"{what} {redact(dsn)} did not answer",
                   failed=f"reading the catalog of {redact(dsn)} failed")


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


@dataclass(frozen=True)
class ColumnSchema:
    name: str
    type: PgType
    not_null: bool = False
    has_default: bool = False   # a default or an identity: an insert may leave it out
    generated: bool = False     # GENERATED ALWAYS AS (...) STORED: cannot be written


@dataclass(frozen=True)
class TableSchema:
    name: str                                   # schema.table
    columns: tuple[ColumnSchema, ...]
    primary_key: tuple[str, ...] = ()           # in key order

    def column(self, name: str) -> ColumnSchema | None:
        return next((c for c in self.columns if c.name == name), None)


_SCHEMAS = """
select n.nspname || '.' || c.relname, a.attname,
       coalesce(b.typname, t.typname),
       case when a.atttypmod = -1 and b.oid is not null then t.typtypmod else a.atttypmod end,
       format_type(a.atttypid, a.atttypmod), coalesce(b.typcategory, t.typcategory)::text,
       a.attnotnull, a.atthasdef or a.attidentity <> '', a.attgenerated <> '',
       (select k.n from pg_index i
        cross join lateral unnest(i.indkey) with ordinality as k(attnum, n)
        where i.indrelid = c.oid and i.indisprimary and k.attnum = a.attnum)
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_type b on t.typtype = 'd' and b.oid = t.typbasetype
where c.relkind in ('r', 'p') and n.nspname || '.' || c.relname = any(%s::text[])
  and a.attnum > 0 and not a.attisdropped
order by c.oid, a.attnum
"""


def table_schemas(conn: psycopg.Connection, names: list[str]) -> dict[str, TableSchema]:
    """Columns (with their types; domains as their base type) and primary keys of the tables
    named `schema.table` that exist; a missing table is simply absent."""
    columns: dict[str, list[ColumnSchema]] = {}
    keys: dict[str, list[tuple[int, str]]] = {}
    for table, name, typname, typmod, display, category, not_null, default, generated, key \
            in conn.execute(_SCHEMAS, (names,)):
        columns.setdefault(table, []).append(ColumnSchema(
            name, PgType(typname, typmod, display, category), not_null, default, generated))
        if key is not None:
            keys.setdefault(table, []).append((key, name))
    return {table: TableSchema(table, tuple(cols), tuple(n for _, n in sorted(keys.get(table, []))))
            for table, cols in columns.items()}
