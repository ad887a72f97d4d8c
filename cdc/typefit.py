"""Can a target column hold every value of a source column? Pure, over catalog facts.

`fits(source, target)` answers for one mapped column pair with a `Fit`: `ok`; `warning` (every
value arrives, but changed in a way a reader may notice: a time zone dropped, a number turned
into text, a float rounded); or `error` (some values would be rejected by the target, and
dead-lettered by the applier, or silently changed: truncated, rounded, overflowing, or misread).

The rules know how values travel: Debezium's JSON (with the connector settings of
`cdc.debezium`) sends numerics as exact decimal strings, `timestamp`, `time` and `date` as
numbers (microseconds or days since 1970), `timestamptz` as an ISO string, and the applier
(`cdc.mapping`) converts each field by the *target* column's type. A pair whose values would be
misread on that path is an error even where PostgreSQL could cast between the types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Fit", "PgType", "fits"]

Level = Literal["ok", "warning", "error"]

_INTEGERS = {"int2": (2, 32767), "int4": (4, 2147483647), "int8": (8, 9223372036854775807)}
# numeric(p, 0) whose every value fits the integer type (int4 holds 9 digits, not every 10).
_INT_SAFE_DIGITS = {"int2": 4, "int4": 9, "int8": 18}
_FLOATS = {"float4": 4, "float8": 8}
_EXACT_IN_FLOAT = {"float4": {"int2"}, "float8": {"int2", "int4"}}  # mantissa 24 / 53 bits
_TEXTS = {"text", "varchar", "bpchar", "name", "citext"}
_TIMESTAMPS = {"timestamp", "timestamptz"}
_TIMES = {"time", "timetz"}
_EPOCH_NUMBERS = {"date", "timestamp", "time"}  # sent by Debezium as numbers since 1970
_FRACTIONAL = _TIMESTAMPS | _TIMES | {"interval"}


@dataclass(frozen=True)
class PgType:
    """A column's type as the catalog shows it."""

    name: str                # pg_type.typname (domains resolved): int4, numeric, _int4 (array)
    typmod: int = -1         # pg_attribute.atttypmod: -1 means no length/precision given
    display: str = ""        # format_type(): "numeric(10,2)", "character varying(40)"
    category: str = ""       # pg_type.typcategory: E enum, S string, N numeric, A array, ...

    def __str__(self) -> str:
        return self.display or self.name

    @property
    def is_array(self) -> bool:
        return self.category == "A" or self.name.startswith("_")

    @property
    def element(self) -> PgType:
        return PgType(self.name.removeprefix("_"), self.typmod,
                      self.display.removesuffix("[]"), "")

    @property
    def length(self) -> int | None:
        """Character limit of varchar(n)/char(n); None when unlimited."""
        if self.name in ("varchar", "bpchar") and self.typmod >= 4:
            return self.typmod - 4
        return None

    @property
    def numeric(self) -> tuple[int, int] | None:
        """(precision, scale) of numeric(p, s); None when unconstrained."""
        if self.name != "numeric" or self.typmod < 4:
            return None
        packed = self.typmod - 4
        scale = packed & 0x7FF
        return packed >> 16 & 0xFFFF, scale - 2048 if scale & 0x400 else scale

    @property
    def fraction_digits(self) -> int:
        """Fractional-second digits of a time, timestamp or interval type (6 by default)."""
        if self.name == "interval":
            return self.typmod & 0xFFFF if self.typmod >= 0 and self.typmod & 0xFFFF != 0xFFFF \
                else 6
        return self.typmod if self.typmod >= 0 else 6


@dataclass(frozen=True)
class Fit:
    level: Level
    reason: str = ""


_OK = Fit("ok")


def _error(source: PgType, target: PgType, why: str) -> Fit:
    return Fit("error", f"{source} into {target}: {why}")


def _warning(source: PgType, target: PgType, why: str) -> Fit:
    return Fit("warning", f"{source} into {target}: {why}")


def fits(source: PgType, target: PgType) -> Fit:
    """Whether `target` holds every value of `source` as the applier writes it."""
    if source.name == target.name and source.typmod == target.typmod:
        return _OK
    if source.is_array or target.is_array:
        if not (source.is_array and target.is_array):
            return _error(source, target, "an array and a single value do not convert")
        inner = fits(source.element, target.element)
        return inner if inner.level == "ok" else Fit(
            inner.level, f"{source} into {target}: elements: {inner.reason}")
    s, t = source.name, target.name
    if t in _TEXTS:
        return _into_text(source, target)
    if source.category == target.category == "E":
        return _warning(source, target, "labels the target enum lacks are rejected")
    if s in _TEXTS or source.category == "E":
        return _error(source, target, f"values that are not a valid {target} are rejected")
    if s in _INTEGERS or s == "numeric" or s in _FLOATS:
        return _number(source, target)
    if s in _TIMESTAMPS or s in _TIMES or s in ("date", "interval"):
        return _temporal(source, target)
    if s == t:  # same type, another modifier: bit(n), varbit(n), ...
        if target.typmod < 0 or 0 <= source.typmod <= target.typmod:
            return _OK
        return _error(source, target, "longer values are rejected")
    if {s, t} == {"json", "jsonb"}:
        return _OK if s == "jsonb" else _warning(
            source, target, "whitespace, key order and duplicate keys are not kept")
    return _error(source, target, "no conversion between these types")


def _into_text(source: PgType, target: PgType) -> Fit:
    limit = target.length
    if source.name in _TEXTS or source.category == "E":
        if limit is None or (source.length is not None and source.length <= limit):
            return _OK
        return _error(source, target, f"values longer than {limit} characters are rejected")
    if source.name in _EPOCH_NUMBERS:
        return _error(source, target, f"Debezium sends {source.name} values as numbers since "
                                      "1970, which would be stored as those numbers")
    if source.name == "bytea":
        return _warning(source, target, "values are stored as base64 text")
    if limit is not None:
        return _warning(source, target, "values are stored as text; text forms longer than "
                                        f"{limit} characters are rejected")
    return _warning(source, target, "values are stored as their text form")


def _number(source: PgType, target: PgType) -> Fit:
    s, t = source.name, target.name
    digits = source.numeric
    if t in _INTEGERS:
        if s in _INTEGERS:
            if _INTEGERS[t][0] >= _INTEGERS[s][0]:
                return _OK
            return _error(source, target, f"values beyond ±{_INTEGERS[t][1]} are rejected")
        if s == "numeric" and digits is not None and digits[1] <= 0 \
                and digits[0] <= _INT_SAFE_DIGITS[t]:
            return _OK
        if s == "numeric" and digits is not None and digits[1] <= 0:
            return _error(source, target, f"values beyond ±{_INTEGERS[t][1]} are rejected")
        return _error(source, target, "fractions are rounded away and large values rejected")
    if t == "numeric":
        room = target.numeric
        if room is None:
            return _OK
        if s in _INTEGERS:
            needed = len(str(_INTEGERS[s][1]))
            if room[0] - room[1] >= needed:
                return _OK
            return _error(source, target, f"values of more than {room[0] - room[1]} integer "
                                          "digits are rejected")
        if digits is None:
            return _error(source, target, f"values beyond {room[0] - room[1]} integer digits "
                                          f"are rejected and beyond {room[1]} decimals rounded")
        problems = []
        if room[0] - room[1] < digits[0] - digits[1]:
            problems.append(f"values of more than {room[0] - room[1]} integer digits are "
                            "rejected")
        if room[1] < digits[1]:
            places = "decimal place" if room[1] == 1 else "decimal places"
            problems.append(f"digits beyond {room[1]} {places} are rounded away")
        return _error(source, target, "; ".join(problems)) if problems else _OK
    if t in _FLOATS:
        if s in _FLOATS:
            if _FLOATS[t] >= _FLOATS[s]:
                return _OK
            return _error(source, target, "values lose precision, and large ones overflow")
        if s in _EXACT_IN_FLOAT[t]:
            return _OK
        return _warning(source, target, "values are rounded to binary floating point")
    return _error(source, target, "no conversion between these types")


def _temporal(source: PgType, target: PgType) -> Fit:
    s, t = source.name, target.name
    same_kind = ({s, t} <= _TIMESTAMPS or {s, t} <= _TIMES or s == t)
    if not same_kind:
        if s == "date" and t in _TIMESTAMPS:
            return _error(source, target, "Debezium sends dates as day numbers, which the "
                                          "applier would read as microseconds")
        return _error(source, target, "no conversion between these types")
    if s == "time" and t == "timetz":
        return _error(source, target, "Debezium sends a time without zone as a number, which "
                                      "a timetz column does not take")
    if s in _FRACTIONAL and target.fraction_digits < source.fraction_digits:
        return _error(source, target, "fractional seconds beyond "
                                      f"{target.fraction_digits} digits are rounded away")
    if s == "timestamptz" and t == "timestamp":
        return _warning(source, target, "the time zone is dropped: values are stored as UTC "
                                        "wall-clock times")
    if s == "timestamp" and t == "timestamptz":
        return _warning(source, target, "wall-clock times are taken as UTC")
    if s == "timetz" and t == "time":
        return _warning(source, target, "the time zone is dropped")
    return _OK
