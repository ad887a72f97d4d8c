"""Which target column types hold which source column types (pure, table-driven), and a
contract test: the facts these tests build by hand are the ones the real catalog returns."""

from __future__ import annotations

import datetime as dt
import re

import psycopg
import pytest

from cdc.catalog import table_schemas
from cdc.state import ensure_state
from cdc.typefit import PgType, fits
from tests.cdc.test_apply import make_target, record
from tests.support import unique

# SQL spelling -> (typname, typcategory)
_NAMES = {
    "smallint": ("int2", "N"), "integer": ("int4", "N"), "bigint": ("int8", "N"),
    "numeric": ("numeric", "N"), "real": ("float4", "N"), "double precision": ("float8", "N"),
    "text": ("text", "S"), "varchar": ("varchar", "S"), "char": ("bpchar", "S"),
    "boolean": ("bool", "B"), "date": ("date", "D"), "timestamp": ("timestamp", "D"),
    "timestamptz": ("timestamptz", "D"), "time": ("time", "D"), "timetz": ("timetz", "D"),
    "interval": ("interval", "T"), "uuid": ("uuid", "U"), "json": ("json", "U"),
    "jsonb": ("jsonb", "U"), "bytea": ("bytea", "U"),
}


def pg(spelled: str) -> PgType:
    """`numeric(10,2)`, `varchar(40)`, `timestamp(3)`, `integer[]` as the catalog shows them."""
    array = spelled.endswith("[]")
    match = re.fullmatch(r"([a-z ]+?)(?:\((\d+)(?:,(\d+))?\))?", spelled.removesuffix("[]"))
    assert match, spelled
    name, category = _NAMES[match.group(1)]
    typmod = -1
    if match.group(2) is not None:
        first = int(match.group(2))
        if name == "numeric":
            typmod = (first << 16 | int(match.group(3) or 0)) + 4
        elif name in ("varchar", "bpchar"):
            typmod = first + 4
        else:
            typmod = first
    if array:
        return PgType("_" + name, typmod, spelled, "A")
    return PgType(name, typmod, spelled, category)


CASES = [
    # same type
    ("integer", "integer", "ok"),
    ("numeric(12,2)", "numeric(12,2)", "ok"),
    ("text", "text", "ok"),
    # integers: widening holds, narrowing overflows
    ("smallint", "integer", "ok"),
    ("integer", "bigint", "ok"),
    ("bigint", "integer", "error"),
    ("integer", "smallint", "error"),
    ("integer", "numeric", "ok"),
    ("integer", "numeric(10,0)", "ok"),
    ("integer", "numeric(12,2)", "ok"),
    ("integer", "numeric(9,0)", "error"),
    ("bigint", "numeric(18,0)", "error"),
    ("bigint", "numeric(19,0)", "ok"),
    ("integer", "double precision", "ok"),
    ("bigint", "double precision", "warning"),
    ("integer", "real", "warning"),
    # numeric precision and scale
    ("numeric(10,2)", "numeric(5,1)", "error"),
    ("numeric(10,2)", "numeric(12,2)", "ok"),
    ("numeric(10,2)", "numeric(12,4)", "ok"),
    ("numeric(10,2)", "numeric(10,1)", "error"),   # rounds the second decimal away
    ("numeric(10,2)", "numeric(11,3)", "ok"),
    ("numeric(10,2)", "numeric(10,3)", "error"),   # one integer digit less
    ("numeric(10,2)", "numeric", "ok"),
    ("numeric", "numeric(12,2)", "error"),
    ("numeric(9,0)", "integer", "ok"),
    ("numeric(10,0)", "integer", "error"),
    ("numeric(12,2)", "bigint", "error"),
    ("numeric", "bigint", "error"),
    ("numeric(12,2)", "double precision", "warning"),
    # floats
    ("real", "double precision", "ok"),
    ("double precision", "real", "error"),
    ("double precision", "numeric", "ok"),
    ("double precision", "numeric(12,2)", "error"),
    ("double precision", "bigint", "error"),
    # text into numbers and back
    ("text", "integer", "error"),
    ("text", "numeric(12,2)", "error"),
    ("text", "uuid", "error"),
    ("text", "timestamptz", "error"),
    ("integer", "text", "warning"),
    ("numeric(12,2)", "text", "warning"),
    ("uuid", "text", "warning"),
    ("bytea", "text", "warning"),
    ("integer", "varchar(5)", "warning"),
    # text lengths
    ("varchar(40)", "text", "ok"),
    ("text", "varchar(40)", "error"),
    ("varchar(40)", "varchar(80)", "ok"),
    ("varchar(80)", "varchar(40)", "error"),
    ("varchar", "varchar(40)", "error"),
    ("char(3)", "varchar(3)", "ok"),
    ("char(3)", "text", "ok"),
    # temporal: Debezium's encodings decide what survives the trip
    ("timestamptz", "timestamp", "warning"),
    ("timestamp", "timestamptz", "warning"),
    ("timestamp(6)", "timestamp(3)", "error"),
    ("timestamp(3)", "timestamp", "ok"),
    ("timestamptz", "timestamptz(0)", "error"),
    ("timestamp", "text", "error"),                # epoch microseconds would be stored
    ("date", "text", "error"),
    ("timestamptz", "text", "warning"),            # an ISO string
    ("date", "timestamp", "error"),
    ("date", "timestamptz", "error"),
    ("timestamptz", "date", "error"),
    ("time", "timetz", "error"),
    ("timetz", "time", "warning"),
    ("time(6)", "time(0)", "error"),
    ("interval", "interval", "ok"),
    ("interval", "bigint", "error"),
    # others
    ("boolean", "integer", "error"),
    ("integer", "boolean", "error"),
    ("uuid", "uuid", "ok"),
    ("json", "jsonb", "warning"),
    ("jsonb", "json", "ok"),
    ("uuid", "bigint", "error"),
    # arrays: element by element
    ("integer[]", "bigint[]", "ok"),
    ("bigint[]", "integer[]", "error"),
    ("text[]", "text", "error"),
    ("integer", "integer[]", "error"),
]


@pytest.mark.parametrize("source,target,level", CASES)
def test_fits(source: str, target: str, level: str) -> None:
    fit = fits(pg(source), pg(target))
    assert fit.level == level, fit
    if level != "ok":  # the reason names both types
        assert fit.reason.startswith(f"{source} into {target}: "), fit.reason


def test_reasons_say_what_happens_to_the_values() -> None:
    assert fits(pg("numeric(10,2)"), pg("numeric(5,1)")).reason == (
        "numeric(10,2) into numeric(5,1): values of more than 4 integer digits are rejected; "
        "digits beyond 1 decimal place are rounded away")
    assert fits(pg("bigint"), pg("integer")).reason == (
        "bigint into integer: values beyond ±2147483647 are rejected")
    assert "stored as UTC wall-clock" in fits(pg("timestamptz"), pg("timestamp")).reason


def test_enums() -> None:
    mood, other = PgType("mood", -1, "mood", "E"), PgType("feeling", -1, "feeling", "E")
    assert fits(mood, pg("text")).level == "ok"
    assert fits(pg("text"), mood).level == "error"
    assert fits(mood, other).level == "warning"


@pytest.mark.stack
def test_the_hand_built_facts_are_what_the_catalog_reports(inventory_dsn: str) -> None:
    spelled = sorted({s for case in CASES for s in case[:2]})
    table = unique("types")
    columns = ", ".join(f"c{i} {s}" for i, s in enumerate(spelled))
    with psycopg.connect(inventory_dsn, autocommit=True) as conn:
        conn.execute(f"create table {table} ({columns})")
        try:
            facts = table_schemas(conn, [f"public.{table}"])[f"public.{table}"]
        finally:
            conn.execute(f"drop table {table}")
    for i, s in enumerate(spelled):
        real, built = facts.columns[i].type, pg(s)
        assert (real.name, real.typmod, real.category) == (built.name, built.typmod,
                                                           built.category), s


@pytest.mark.stack
def test_timestamps_with_and_without_zone_arrive_as_the_warnings_say(inventory_dsn: str) -> None:
    """The pairs `fits` calls warnings really apply: a timestamp's wall time is taken as UTC in
    a timestamptz column, a timestamptz is stored as its UTC wall time in a timestamp column
    (Debezium sends the former as microseconds, the latter as an ISO string)."""
    assert fits(pg("timestamp"), pg("timestamptz")).level == "warning"
    assert fits(pg("timestamptz"), pg("timestamp")).level == "warning"
    with psycopg.connect(inventory_dsn) as conn:
        ensure_state(conn)
        conn.commit()
        target = make_target(conn, "item_id bigint primary key, seen timestamptz, at timestamp",
                             columns={"id": "item_id"})
        target.apply(record("c", {"id": 1, "seen": 1_700_000_000_123_456,
                                  "at": "2024-02-03T04:05:06.5Z"}, commit=100, lsn=100),
                     record("c", {"id": 2, "seen": "2024-02-03T04:05:06.5Z", "at": None},
                            commit=100, lsn=101),
                     record("c", {"id": 3, "seen": "infinity", "at": -1}, commit=100, lsn=102))
        rows = target.rows("item_id, case when seen <> 'infinity' then seen end, at, "
                           "seen = 'infinity'")
        conn.execute(f"drop table {target.table}")
        conn.commit()
    assert rows[1][1:3] == (
        dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=1_700_000_000_123_456),
        dt.datetime(2024, 2, 3, 4, 5, 6, 500000))
    assert rows[2][1:3] == (dt.datetime(2024, 2, 3, 4, 5, 6, 500000, tzinfo=dt.UTC), None)
    assert rows[3][2:] == (dt.datetime(1969, 12, 31, 23, 59, 59, 999999), True)
