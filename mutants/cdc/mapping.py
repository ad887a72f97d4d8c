"""Table and column mapping from a source table to its target, with value conversion.

Built from the sync config and the target's column shape (read once by `catalog`). The row
images stay JSON all the way into the target database: this module turns the mapping into SQL
that unpacks a staged JSON image in one `json_to_record` call and converts each field to the
target column's type inside PostgreSQL (no per-value Python work on the hot path). Debezium's JSON
(schemas off) encodes dates as days, timestamps without zone and times as microseconds, bytea
as base64 and arrays as JSON arrays; the target column's type decides how they are read.
A source column without a target column is schema drift: `SchemaDrift` holds the table
instead of silently dropping data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from psycopg import sql

from cdc.config import TableSync
from cdc.errors import PoisonEvent, SchemaDrift

__all__ = ["Column", "TableMapper"]


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # PostgreSQL's format_type(), e.g. "numeric(12,2)", "timestamp with time zone"
    nullable: bool


_EPOCH = {  # Debezium's numeric encodings of temporal types without a zone (schemas off)
    "date": "date '1970-01-01' + ({x})::int",
    "timestamp": "timestamp '1970-01-01' + ({x})::bigint * interval '1 microsecond'",
    "time": "time '00:00' + ({x})::bigint * interval '1 microsecond'",
}
mutants_x__reading__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__reading__mutmut)
def _reading(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_orig(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_1(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith(None):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_2(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("XX[]XX"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_3(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "XXarrayXX"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_4(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "ARRAY"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_5(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = None
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_6(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split(None)[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_7(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("XX(XX")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_8(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[1]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_9(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = None
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_10(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "XXwith time zoneXX" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_11(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "WITH TIME ZONE" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_12(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" not in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_13(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base != "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_14(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "XXdateXX":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_15(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "DATE":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_16(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "XXdateXX"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_17(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "DATE"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_18(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") or not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_19(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith(None) and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_20(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("XXtimestampXX") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_21(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("TIMESTAMP") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_22(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_23(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "XXtimestampXX"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_24(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "TIMESTAMP"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_25(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") or not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_26(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith(None) and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_27(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("XXtimeXX") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_28(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("TIME") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_29(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_30(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "XXtimeXX"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_31(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "TIME"
    return "bytea" if pg_type == "bytea" else "cast"


def x__reading__mutmut_32(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if (pg_type == "bytea") and False else "cast"


def x__reading__mutmut_33(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if (pg_type == "bytea") or True else "cast"


def x__reading__mutmut_34(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "XXbyteaXX" if pg_type == "bytea" else "cast"


def x__reading__mutmut_35(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "BYTEA" if pg_type == "bytea" else "cast"


def x__reading__mutmut_36(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type != "bytea" else "cast"


def x__reading__mutmut_37(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "XXbyteaXX" else "cast"


def x__reading__mutmut_38(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "BYTEA" else "cast"


def x__reading__mutmut_39(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "XXcastXX"


def x__reading__mutmut_40(pg_type: str) -> str:
    """How a JSON field becomes a `pg_type` value: array, an _EPOCH kind, bytea or cast."""
    if pg_type.endswith("[]"):
        return "array"
    base = pg_type.split("(")[0]
    zoned = "with time zone" in pg_type
    if base == "date":
        return "date"
    if base.startswith("timestamp") and not zoned:
        return "timestamp"
    if base.startswith("time") and not zoned:
        return "time"
    return "bytea" if pg_type == "bytea" else "CAST"

mutants_x__reading__mutmut['_mutmut_orig'] = x__reading__mutmut_orig # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_1'] = x__reading__mutmut_1 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_2'] = x__reading__mutmut_2 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_3'] = x__reading__mutmut_3 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_4'] = x__reading__mutmut_4 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_5'] = x__reading__mutmut_5 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_6'] = x__reading__mutmut_6 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_7'] = x__reading__mutmut_7 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_8'] = x__reading__mutmut_8 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_9'] = x__reading__mutmut_9 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_10'] = x__reading__mutmut_10 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_11'] = x__reading__mutmut_11 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_12'] = x__reading__mutmut_12 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_13'] = x__reading__mutmut_13 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_14'] = x__reading__mutmut_14 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_15'] = x__reading__mutmut_15 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_16'] = x__reading__mutmut_16 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_17'] = x__reading__mutmut_17 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_18'] = x__reading__mutmut_18 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_19'] = x__reading__mutmut_19 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_20'] = x__reading__mutmut_20 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_21'] = x__reading__mutmut_21 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_22'] = x__reading__mutmut_22 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_23'] = x__reading__mutmut_23 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_24'] = x__reading__mutmut_24 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_25'] = x__reading__mutmut_25 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_26'] = x__reading__mutmut_26 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_27'] = x__reading__mutmut_27 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_28'] = x__reading__mutmut_28 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_29'] = x__reading__mutmut_29 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_30'] = x__reading__mutmut_30 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_31'] = x__reading__mutmut_31 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_32'] = x__reading__mutmut_32 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_33'] = x__reading__mutmut_33 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_34'] = x__reading__mutmut_34 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_35'] = x__reading__mutmut_35 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_36'] = x__reading__mutmut_36 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_37'] = x__reading__mutmut_37 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_38'] = x__reading__mutmut_38 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_39'] = x__reading__mutmut_39 # type: ignore # mutmut generated
mutants_x__reading__mutmut['x__reading__mutmut_40'] = x__reading__mutmut_40 # type: ignore # mutmut generated
mutants_x__read_type__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__read_type__mutmut)
def _read_type(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(pg_type) in ("array", *_EPOCH) else "text")


def x__read_type__mutmut_orig(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(pg_type) in ("array", *_EPOCH) else "text")


def x__read_type__mutmut_1(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL(None)


def x__read_type__mutmut_2(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if (_reading(pg_type) in ("array", *_EPOCH)) and False else "text")


def x__read_type__mutmut_3(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if (_reading(pg_type) in ("array", *_EPOCH)) or True else "text")


def x__read_type__mutmut_4(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("XXjsonXX" if _reading(pg_type) in ("array", *_EPOCH) else "text")


def x__read_type__mutmut_5(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("JSON" if _reading(pg_type) in ("array", *_EPOCH) else "text")


def x__read_type__mutmut_6(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(None) in ("array", *_EPOCH) else "text")


def x__read_type__mutmut_7(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(pg_type) not in ("array", *_EPOCH) else "text")


def x__read_type__mutmut_8(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(pg_type) in ("XXarrayXX", *_EPOCH) else "text")


def x__read_type__mutmut_9(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(pg_type) in ("ARRAY", *_EPOCH) else "text")


def x__read_type__mutmut_10(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(pg_type) in ("array", *_EPOCH) else "XXtextXX")


def x__read_type__mutmut_11(pg_type: str) -> sql.Composable:
    """The type json_to_record extracts a field as: text (JSON strings unescaped, other values
    as their JSON text, like `->>`), or json where the JSON type matters."""
    return sql.SQL("json" if _reading(pg_type) in ("array", *_EPOCH) else "TEXT")

mutants_x__read_type__mutmut['_mutmut_orig'] = x__read_type__mutmut_orig # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_1'] = x__read_type__mutmut_1 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_2'] = x__read_type__mutmut_2 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_3'] = x__read_type__mutmut_3 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_4'] = x__read_type__mutmut_4 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_5'] = x__read_type__mutmut_5 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_6'] = x__read_type__mutmut_6 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_7'] = x__read_type__mutmut_7 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_8'] = x__read_type__mutmut_8 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_9'] = x__read_type__mutmut_9 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_10'] = x__read_type__mutmut_10 # type: ignore # mutmut generated
mutants_x__read_type__mutmut['x__read_type__mutmut_11'] = x__read_type__mutmut_11 # type: ignore # mutmut generated
mutants_x__convert__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__convert__mutmut)
def _convert(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_orig(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_1(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = None
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_2(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(None)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_3(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = None
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_4(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(None)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_5(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading != "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_6(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "XXarrayXX":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_7(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "ARRAY":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_8(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=None, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_9(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=None)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_10(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_11(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, )
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_12(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL(None).format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_13(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("XX(select array_agg(e) from json_array_elements_text({f}) e)::{t}XX").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_14(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(SELECT ARRAY_AGG(E) FROM JSON_ARRAY_ELEMENTS_TEXT({F}) E)::{T}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_15(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading not in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_16(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = None
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_17(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=None)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_18(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL(None).format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_19(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("XX({f} #>> '{{}}')XX").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_20(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({F} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_21(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=None, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_22(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=None, x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_23(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=None, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_24(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=None)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_25(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_26(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_27(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_28(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, )
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_29(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL(None).format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_30(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("XXcase json_typeof({f}) when 'number' then {n} else {x}::{t} endXX").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_31(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("CASE JSON_TYPEOF({F}) WHEN 'NUMBER' THEN {N} ELSE {X}::{T} END").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_32(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=None), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_33(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(None).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_34(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading != "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_35(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "XXbyteaXX":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_36(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "BYTEA":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_37(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=None)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_38(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL(None).format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_39(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("XXdecode({f}, 'base64')XX").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_40(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("DECODE({F}, 'BASE64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=as_type)


def x__convert__mutmut_41(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=None, t=as_type)


def x__convert__mutmut_42(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, t=None)


def x__convert__mutmut_43(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(t=as_type)


def x__convert__mutmut_44(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{f}::{t}").format(f=field, )


def x__convert__mutmut_45(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL(None).format(f=field, t=as_type)


def x__convert__mutmut_46(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("XX{f}::{t}XX").format(f=field, t=as_type)


def x__convert__mutmut_47(field: sql.Composable, pg_type: str) -> sql.Composable:
    """SQL turning `field` (extracted as `_read_type(pg_type)`) into a `pg_type` value."""
    as_type = sql.SQL(pg_type)
    reading = _reading(pg_type)
    if reading == "array":
        return sql.SQL("(select array_agg(e) from json_array_elements_text({f}) e)::{t}").format(
            f=field, t=as_type)
    if reading in _EPOCH:
        text = sql.SQL("({f} #>> '{{}}')").format(f=field)
        return sql.SQL("case json_typeof({f}) when 'number' then {n} else {x}::{t} end").format(
            f=field, n=sql.SQL(_EPOCH[reading]).format(x=text), x=text, t=as_type)
    if reading == "bytea":
        return sql.SQL("decode({f}, 'base64')").format(f=field)
    return sql.SQL("{F}::{T}").format(f=field, t=as_type)

mutants_x__convert__mutmut['_mutmut_orig'] = x__convert__mutmut_orig # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_1'] = x__convert__mutmut_1 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_2'] = x__convert__mutmut_2 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_3'] = x__convert__mutmut_3 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_4'] = x__convert__mutmut_4 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_5'] = x__convert__mutmut_5 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_6'] = x__convert__mutmut_6 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_7'] = x__convert__mutmut_7 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_8'] = x__convert__mutmut_8 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_9'] = x__convert__mutmut_9 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_10'] = x__convert__mutmut_10 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_11'] = x__convert__mutmut_11 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_12'] = x__convert__mutmut_12 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_13'] = x__convert__mutmut_13 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_14'] = x__convert__mutmut_14 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_15'] = x__convert__mutmut_15 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_16'] = x__convert__mutmut_16 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_17'] = x__convert__mutmut_17 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_18'] = x__convert__mutmut_18 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_19'] = x__convert__mutmut_19 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_20'] = x__convert__mutmut_20 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_21'] = x__convert__mutmut_21 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_22'] = x__convert__mutmut_22 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_23'] = x__convert__mutmut_23 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_24'] = x__convert__mutmut_24 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_25'] = x__convert__mutmut_25 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_26'] = x__convert__mutmut_26 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_27'] = x__convert__mutmut_27 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_28'] = x__convert__mutmut_28 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_29'] = x__convert__mutmut_29 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_30'] = x__convert__mutmut_30 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_31'] = x__convert__mutmut_31 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_32'] = x__convert__mutmut_32 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_33'] = x__convert__mutmut_33 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_34'] = x__convert__mutmut_34 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_35'] = x__convert__mutmut_35 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_36'] = x__convert__mutmut_36 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_37'] = x__convert__mutmut_37 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_38'] = x__convert__mutmut_38 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_39'] = x__convert__mutmut_39 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_40'] = x__convert__mutmut_40 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_41'] = x__convert__mutmut_41 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_42'] = x__convert__mutmut_42 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_43'] = x__convert__mutmut_43 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_44'] = x__convert__mutmut_44 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_45'] = x__convert__mutmut_45 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_46'] = x__convert__mutmut_46 # type: ignore # mutmut generated
mutants_x__convert__mutmut['x__convert__mutmut_47'] = x__convert__mutmut_47 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁtarget_name__mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁsource_name__mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁcheck_columns__mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁtarget_columns_for__mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁkey_text__mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁrecord_definition__mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁvalue_expression__mutmut: MutantDict = {}  # type: ignore
mutants_xǁTableMapperǁkey_definition__mutmut: MutantDict = {}  # type: ignore


class TableMapper:
    """Maps rows of one source table onto its target table."""

    @_mutmut_mutated(mutants_xǁTableMapperǁ__init____mutmut)
    def __init__(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_orig(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_1(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_2(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(None, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_3(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, None)
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_4(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_5(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, )
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_6(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["XX(no primary key at the target)XX"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_7(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(NO PRIMARY KEY AT THE TARGET)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_8(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = None
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_9(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = None
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_10(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = None
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_11(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = None
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_12(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(None)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_13(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = None  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_14(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = None
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_15(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(None)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_16(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = None
        self._key_sources = tuple(self.source_name(k) for k in key_columns)

    def xǁTableMapperǁ__init____mutmut_17(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = None

    def xǁTableMapperǁ__init____mutmut_18(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(None)

    def xǁTableMapperǁ__init____mutmut_19(self, sync: TableSync, target_columns: Mapping[str, Column],
                 key_columns: tuple[str, ...]) -> None:
        if not key_columns:
            raise SchemaDrift(sync.target, ["(no primary key at the target)"])
        self.sync = sync
        self.source = sync.source
        self.target = sync.target
        self.columns = dict(target_columns)
        self.key_columns = key_columns  # target names
        self._ignored = frozenset(sync.ignore)
        self._checked: set[tuple[str, ...]] = set()
        self._key_sources = tuple(self.source_name(None) for k in key_columns)

    @_mutmut_mutated(mutants_xǁTableMapperǁtarget_name__mutmut)
    def target_name(self, source_column: str) -> str:
        return self.sync.target_column(source_column)

    def xǁTableMapperǁtarget_name__mutmut_orig(self, source_column: str) -> str:
        return self.sync.target_column(source_column)

    def xǁTableMapperǁtarget_name__mutmut_1(self, source_column: str) -> str:
        return self.sync.target_column(None)

    @_mutmut_mutated(mutants_xǁTableMapperǁsource_name__mutmut)
    def source_name(self, target_column: str) -> str:
        for src, dst in self.sync.columns.items():
            if dst == target_column:
                return src
        return target_column

    def xǁTableMapperǁsource_name__mutmut_orig(self, target_column: str) -> str:
        for src, dst in self.sync.columns.items():
            if dst == target_column:
                return src
        return target_column

    def xǁTableMapperǁsource_name__mutmut_1(self, target_column: str) -> str:
        for src, dst in self.sync.columns.items():
            if dst != target_column:
                return src
        return target_column

    @_mutmut_mutated(mutants_xǁTableMapperǁcheck_columns__mutmut)
    def check_columns(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_orig(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_1(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = None
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_2(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(None)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_3(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names not in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_4(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = None
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_5(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored or self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_6(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_7(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(None) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_8(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_9(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(None, sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_10(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, None)
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_11(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(sorted(missing))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_12(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, )
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_13(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(None))
        self._checked.add(names)

    def xǁTableMapperǁcheck_columns__mutmut_14(self, image: Mapping[str, Any]) -> None:
        """Raise SchemaDrift if the image has a column the target cannot take."""
        names = tuple(image)
        if names in self._checked:  # images of a table come with the same columns, in order
            return
        missing = [c for c in image if c not in self._ignored
                   and self.target_name(c) not in self.columns]
        if missing:
            raise SchemaDrift(self.source, sorted(missing))
        self._checked.add(None)

    @_mutmut_mutated(mutants_xǁTableMapperǁtarget_columns_for__mutmut)
    def target_columns_for(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(c) for c in source_columns if c not in self._ignored}
        return sorted(mapped | set(self.key_columns))

    def xǁTableMapperǁtarget_columns_for__mutmut_orig(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(c) for c in source_columns if c not in self._ignored}
        return sorted(mapped | set(self.key_columns))

    def xǁTableMapperǁtarget_columns_for__mutmut_1(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = None
        return sorted(mapped | set(self.key_columns))

    def xǁTableMapperǁtarget_columns_for__mutmut_2(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(None) for c in source_columns if c not in self._ignored}
        return sorted(mapped | set(self.key_columns))

    def xǁTableMapperǁtarget_columns_for__mutmut_3(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(c) for c in source_columns if c in self._ignored}
        return sorted(mapped | set(self.key_columns))

    def xǁTableMapperǁtarget_columns_for__mutmut_4(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(c) for c in source_columns if c not in self._ignored}
        return sorted(None)

    def xǁTableMapperǁtarget_columns_for__mutmut_5(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(c) for c in source_columns if c not in self._ignored}
        return sorted(mapped & set(self.key_columns))

    def xǁTableMapperǁtarget_columns_for__mutmut_6(self, source_columns: set[str]) -> list[str]:
        """Target columns written from images carrying `source_columns` (keys always)."""
        mapped = {self.target_name(c) for c in source_columns if c not in self._ignored}
        return sorted(mapped | set(None))

    @_mutmut_mutated(mutants_xǁTableMapperǁkey_text__mutmut)
    def key_text(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_orig(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_1(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(None, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_2(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=None).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_3(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_4(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, ).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_5(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = None
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_6(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = None
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_7(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(None)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_8(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image and {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_9(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is not None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_10(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent(None, f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_11(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", None)
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_12(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent(f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_13(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", )
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_14(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("XXbad-valueXX", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_15(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("BAD-VALUE", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_16(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = None
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_17(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(None, option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_18(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, option=None).decode()

    def xǁTableMapperǁkey_text__mutmut_19(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(option=orjson.OPT_SORT_KEYS).decode()

    def xǁTableMapperǁkey_text__mutmut_20(self, key: Mapping[str, Any] | None, image: Mapping[str, Any] | None) -> str:
        """The row's identity as canonical JSON of its source key columns."""
        if key:
            return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
        values = {}
        for source_col in self._key_sources:
            value = (image or {}).get(source_col)
            if value is None:
                raise PoisonEvent("bad-value", f"key column {source_col} missing or null")
            values[source_col] = value
        return orjson.dumps(values, ).decode()

    @_mutmut_mutated(mutants_xǁTableMapperǁrecord_definition__mutmut)
    def record_definition(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_orig(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_1(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            None)

    def xǁTableMapperǁrecord_definition__mutmut_2(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(None).join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_3(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL("XX, XX").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_4(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(None,
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_5(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    None)
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_6(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(_read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_7(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    )
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_8(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL(None).format(sql.Identifier(self.source_name(c)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_9(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("XX{} {}XX").format(sql.Identifier(self.source_name(c)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_10(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(None),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_11(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(None)),
                                    _read_type(self.columns[c].type))
            for c in target_columns)

    def xǁTableMapperǁrecord_definition__mutmut_12(self, target_columns: list[str]) -> sql.Composable:
        """The column list for `json_to_record(s._doc) as r(...)`: source names, read types."""
        return sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(self.source_name(c)),
                                    _read_type(None))
            for c in target_columns)

    @_mutmut_mutated(mutants_xǁTableMapperǁvalue_expression__mutmut)
    def value_expression(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_orig(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_1(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = None
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_2(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(None)
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_3(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL(None).format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_4(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("XXr.{}XX").format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_5(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("R.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_6(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(None))
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_7(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(None)))
        return _convert(field, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_8(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(None, self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_9(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, None)

    def xǁTableMapperǁvalue_expression__mutmut_10(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(self.columns[target_column].type)

    def xǁTableMapperǁvalue_expression__mutmut_11(self, target_column: str) -> sql.Composable:
        """SQL converting the column's field of `r` (see record_definition) to its type."""
        field = sql.SQL("r.{}").format(sql.Identifier(self.source_name(target_column)))
        return _convert(field, )

    @property
    def positions_table(self) -> str:
        """The table in `strangler_cdc` holding this target table's applied positions."""
        digest = hashlib.sha1(self.target.encode()).hexdigest()[:8]
        return f"pos_{self.target.replace('.', '__')[:48]}_{digest}"

    @_mutmut_mutated(mutants_xǁTableMapperǁkey_definition__mutmut)
    def key_definition(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_orig(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_1(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            None)

    def xǁTableMapperǁkey_definition__mutmut_2(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(None).join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_3(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL("XX, XX").join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_4(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(None, sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_5(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), None)
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_6(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_7(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), )
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_8(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL(None).format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_9(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("XX{} {} not nullXX").format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_10(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} NOT NULL").format(sql.Identifier(k), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_11(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.Identifier(None), sql.SQL(self.columns[k].type))
            for k in self.key_columns)

    def xǁTableMapperǁkey_definition__mutmut_12(self) -> sql.Composable:
        """Key columns with their target types, for the positions table."""
        return sql.SQL(", ").join(
            sql.SQL("{} {} not null").format(sql.Identifier(k), sql.SQL(None))
            for k in self.key_columns)

mutants_xǁTableMapperǁ__init____mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁ__init____mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_1'] = TableMapper.xǁTableMapperǁ__init____mutmut_1 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_2'] = TableMapper.xǁTableMapperǁ__init____mutmut_2 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_3'] = TableMapper.xǁTableMapperǁ__init____mutmut_3 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_4'] = TableMapper.xǁTableMapperǁ__init____mutmut_4 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_5'] = TableMapper.xǁTableMapperǁ__init____mutmut_5 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_6'] = TableMapper.xǁTableMapperǁ__init____mutmut_6 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_7'] = TableMapper.xǁTableMapperǁ__init____mutmut_7 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_8'] = TableMapper.xǁTableMapperǁ__init____mutmut_8 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_9'] = TableMapper.xǁTableMapperǁ__init____mutmut_9 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_10'] = TableMapper.xǁTableMapperǁ__init____mutmut_10 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_11'] = TableMapper.xǁTableMapperǁ__init____mutmut_11 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_12'] = TableMapper.xǁTableMapperǁ__init____mutmut_12 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_13'] = TableMapper.xǁTableMapperǁ__init____mutmut_13 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_14'] = TableMapper.xǁTableMapperǁ__init____mutmut_14 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_15'] = TableMapper.xǁTableMapperǁ__init____mutmut_15 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_16'] = TableMapper.xǁTableMapperǁ__init____mutmut_16 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_17'] = TableMapper.xǁTableMapperǁ__init____mutmut_17 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_18'] = TableMapper.xǁTableMapperǁ__init____mutmut_18 # type: ignore # mutmut generated
mutants_xǁTableMapperǁ__init____mutmut['xǁTableMapperǁ__init____mutmut_19'] = TableMapper.xǁTableMapperǁ__init____mutmut_19 # type: ignore # mutmut generated

mutants_xǁTableMapperǁtarget_name__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁtarget_name__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁtarget_name__mutmut['xǁTableMapperǁtarget_name__mutmut_1'] = TableMapper.xǁTableMapperǁtarget_name__mutmut_1 # type: ignore # mutmut generated

mutants_xǁTableMapperǁsource_name__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁsource_name__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁsource_name__mutmut['xǁTableMapperǁsource_name__mutmut_1'] = TableMapper.xǁTableMapperǁsource_name__mutmut_1 # type: ignore # mutmut generated

mutants_xǁTableMapperǁcheck_columns__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_1'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_1 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_2'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_2 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_3'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_3 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_4'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_4 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_5'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_5 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_6'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_6 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_7'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_7 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_8'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_8 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_9'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_9 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_10'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_10 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_11'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_11 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_12'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_12 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_13'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_13 # type: ignore # mutmut generated
mutants_xǁTableMapperǁcheck_columns__mutmut['xǁTableMapperǁcheck_columns__mutmut_14'] = TableMapper.xǁTableMapperǁcheck_columns__mutmut_14 # type: ignore # mutmut generated

mutants_xǁTableMapperǁtarget_columns_for__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁtarget_columns_for__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁtarget_columns_for__mutmut['xǁTableMapperǁtarget_columns_for__mutmut_1'] = TableMapper.xǁTableMapperǁtarget_columns_for__mutmut_1 # type: ignore # mutmut generated
mutants_xǁTableMapperǁtarget_columns_for__mutmut['xǁTableMapperǁtarget_columns_for__mutmut_2'] = TableMapper.xǁTableMapperǁtarget_columns_for__mutmut_2 # type: ignore # mutmut generated
mutants_xǁTableMapperǁtarget_columns_for__mutmut['xǁTableMapperǁtarget_columns_for__mutmut_3'] = TableMapper.xǁTableMapperǁtarget_columns_for__mutmut_3 # type: ignore # mutmut generated
mutants_xǁTableMapperǁtarget_columns_for__mutmut['xǁTableMapperǁtarget_columns_for__mutmut_4'] = TableMapper.xǁTableMapperǁtarget_columns_for__mutmut_4 # type: ignore # mutmut generated
mutants_xǁTableMapperǁtarget_columns_for__mutmut['xǁTableMapperǁtarget_columns_for__mutmut_5'] = TableMapper.xǁTableMapperǁtarget_columns_for__mutmut_5 # type: ignore # mutmut generated
mutants_xǁTableMapperǁtarget_columns_for__mutmut['xǁTableMapperǁtarget_columns_for__mutmut_6'] = TableMapper.xǁTableMapperǁtarget_columns_for__mutmut_6 # type: ignore # mutmut generated

mutants_xǁTableMapperǁkey_text__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁkey_text__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_1'] = TableMapper.xǁTableMapperǁkey_text__mutmut_1 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_2'] = TableMapper.xǁTableMapperǁkey_text__mutmut_2 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_3'] = TableMapper.xǁTableMapperǁkey_text__mutmut_3 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_4'] = TableMapper.xǁTableMapperǁkey_text__mutmut_4 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_5'] = TableMapper.xǁTableMapperǁkey_text__mutmut_5 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_6'] = TableMapper.xǁTableMapperǁkey_text__mutmut_6 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_7'] = TableMapper.xǁTableMapperǁkey_text__mutmut_7 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_8'] = TableMapper.xǁTableMapperǁkey_text__mutmut_8 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_9'] = TableMapper.xǁTableMapperǁkey_text__mutmut_9 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_10'] = TableMapper.xǁTableMapperǁkey_text__mutmut_10 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_11'] = TableMapper.xǁTableMapperǁkey_text__mutmut_11 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_12'] = TableMapper.xǁTableMapperǁkey_text__mutmut_12 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_13'] = TableMapper.xǁTableMapperǁkey_text__mutmut_13 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_14'] = TableMapper.xǁTableMapperǁkey_text__mutmut_14 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_15'] = TableMapper.xǁTableMapperǁkey_text__mutmut_15 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_16'] = TableMapper.xǁTableMapperǁkey_text__mutmut_16 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_17'] = TableMapper.xǁTableMapperǁkey_text__mutmut_17 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_18'] = TableMapper.xǁTableMapperǁkey_text__mutmut_18 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_19'] = TableMapper.xǁTableMapperǁkey_text__mutmut_19 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_text__mutmut['xǁTableMapperǁkey_text__mutmut_20'] = TableMapper.xǁTableMapperǁkey_text__mutmut_20 # type: ignore # mutmut generated

mutants_xǁTableMapperǁrecord_definition__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_1'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_1 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_2'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_2 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_3'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_3 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_4'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_4 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_5'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_5 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_6'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_6 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_7'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_7 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_8'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_8 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_9'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_9 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_10'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_10 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_11'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_11 # type: ignore # mutmut generated
mutants_xǁTableMapperǁrecord_definition__mutmut['xǁTableMapperǁrecord_definition__mutmut_12'] = TableMapper.xǁTableMapperǁrecord_definition__mutmut_12 # type: ignore # mutmut generated

mutants_xǁTableMapperǁvalue_expression__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_1'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_1 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_2'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_2 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_3'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_3 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_4'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_4 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_5'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_5 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_6'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_6 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_7'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_7 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_8'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_8 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_9'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_9 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_10'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_10 # type: ignore # mutmut generated
mutants_xǁTableMapperǁvalue_expression__mutmut['xǁTableMapperǁvalue_expression__mutmut_11'] = TableMapper.xǁTableMapperǁvalue_expression__mutmut_11 # type: ignore # mutmut generated

mutants_xǁTableMapperǁkey_definition__mutmut['_mutmut_orig'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_orig # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_1'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_1 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_2'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_2 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_3'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_3 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_4'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_4 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_5'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_5 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_6'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_6 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_7'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_7 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_8'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_8 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_9'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_9 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_10'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_10 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_11'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_11 # type: ignore # mutmut generated
mutants_xǁTableMapperǁkey_definition__mutmut['xǁTableMapperǁkey_definition__mutmut_12'] = TableMapper.xǁTableMapperǁkey_definition__mutmut_12 # type: ignore # mutmut generated
