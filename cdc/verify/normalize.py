"""Canonical text of a column value, computed inside PostgreSQL, so equal data hashes equal on
both sides of a mapping whatever the two schemas say about it.

Every value becomes text under one fixed session setting (`SESSION_SETTINGS`: UTC, ISO dates,
shortest exact floats), with these rules, chosen per column from the types on *both* sides:

* numbers (integer, numeric, real, double) → numeric without trailing zeros:
  `1.5` = `1.50` = `1.500`, and `2` (integer) = `2.0` (numeric);
* timestamps → UTC instants (`timestamp without time zone` is read as UTC, the applier's
  convention), rounded to the smaller of the two sides' precisions, so `timestamp(3)` and
  `timestamptz(6)` holding the same millisecond compare equal;
* time → rounded to the smaller precision; dates, booleans, uuids → their text;
* json / jsonb → jsonb text (key order and whitespace do not matter);
* bytea → hex; `char(n)` → without the padding; everything else → its text output.

NULL stays NULL (`queries.py` hashes it apart from every string).

Key columns are also *ordered* canonically: text-like keys compare under `COLLATE "C"` (byte
order of UTF-8, the same as Python's code-point order), so both servers agree on which keys fall
into a range whatever their own collations.
"""

from __future__ import annotations

import re

from psycopg import sql

__all__ = ["SESSION_SETTINGS", "canonical", "is_fixed_width", "is_textual", "order_expression"]

SESSION_SETTINGS = ("set timezone = 'UTC'", "set datestyle = 'ISO, YMD'",
                    "set extra_float_digits = 1", "set intervalstyle = 'iso_8601'",
                    "set bytea_output = 'hex'",
                    # JIT compiling the range CASE tree cost seconds per scan and saved nothing
                    "set jit = off",
                    # a checksum scan hands each worker's rows (bucket, hash: 12 bytes) to the
                    # aggregate; at the default 0.1 per row PostgreSQL kept a width_bucket scan
                    # of 262,144 rows serial (the CASE tree's own cost made it go parallel)
                    "set parallel_tuple_cost = 0.01")

_NUMERIC = ("smallint", "integer", "bigint", "numeric", "real", "double precision")
_INTEGER = ("smallint", "integer", "bigint")
_TEXTUAL = ("text", "character varying", "character", "name", "citext")
# types stored in a fixed number of bytes, whose arrays PostgreSQL's width_bucket searches by
# bisection (on text or numeric it walks the array element by element)
_FIXED_WIDTH = ("smallint", "integer", "bigint", "date", "uuid", "timestamp without time zone",
                "timestamp with time zone")
_PRECISION = re.compile(r"\((\d+)(?:,\s*\d+)?\)")


def _base(pg_type: str) -> str:
    return _PRECISION.sub("", pg_type).strip()


def _precision(pg_type: str) -> int:
    match = _PRECISION.search(pg_type)
    return int(match.group(1)) if match else 6


def is_textual(pg_type: str) -> bool:
    return _base(pg_type) in _TEXTUAL


def is_fixed_width(pg_type: str) -> bool:
    return _base(pg_type) in _FIXED_WIDTH


def canonical(column: sql.Composable, pg_type: str, other_type: str) -> sql.Composable:
    """SQL giving the canonical text of `column` (of `pg_type`); `other_type` is the type of
    its counterpart on the other side (it decides the shared precision)."""
    base = _base(pg_type)
    if pg_type.endswith("[]"):
        return sql.SQL("{}::text").format(column)
    if base in _NUMERIC:
        if base in _INTEGER and _base(other_type) in _INTEGER:
            return sql.SQL("{}::text").format(column)  # already canonical, and cheaper
        # trim_scale: 1.50 -> 1.5. Floats go through numeric too (15 significant digits).
        return sql.SQL("trim_scale({}::numeric)::text").format(column)
    if base.startswith("timestamp"):
        digits = min(_precision(pg_type), _precision(other_type))
        instant = column if "with time zone" in base else sql.SQL(
            "({} at time zone 'UTC')").format(column)
        return sql.SQL("({}::timestamptz({}))::text").format(instant, sql.Literal(digits))
    if base.startswith("time"):
        digits = min(_precision(pg_type), _precision(other_type))
        kind = "timetz" if "with time zone" in base else "time"
        return sql.SQL("({}::{}({}))::text").format(column, sql.SQL(kind), sql.Literal(digits))
    if base in ("json", "jsonb"):
        return sql.SQL("{}::jsonb::text").format(column)
    if base == "bytea":
        return sql.SQL("encode({}, 'hex')").format(column)
    if base == "text":
        return column
    return sql.SQL("{}::text").format(column)


def order_expression(column: sql.Composable, pg_type: str) -> sql.Composable:
    """The column as it is ordered and compared in key ranges (byte order for text)."""
    if is_textual(pg_type):
        return sql.SQL('({} collate "C")').format(column)
    return column
