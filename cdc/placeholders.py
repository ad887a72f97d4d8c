"""Debezium's "unavailable value" placeholder of one connector: chosen, recorded, recognised.

An UPDATE that leaves a TOASTed column unchanged reaches Debezium without the column's value,
and Debezium puts its `unavailable.value.placeholder` there. Its default,
`__debezium_unavailable_value`, is text anybody can type into a form, so a connector
configured here gets its own: `__strangler_unavailable_` and 128 random bits
(`new_placeholder`). It is generated at the connector's first `connectors apply`, recorded in
the source database (`strangler_cdc.unavailable_placeholders`, keyed by connector name, readable
by nobody but its owner) and reused by every later apply, restart, delete and re-create, so it
never changes under a running pipeline. The applier reads it from there (`load`).

Recognition (`Placeholders.columns`, pure) happens only where Debezium can emit a placeholder:
the after image of an UPDATE (op `u`) in a column its before image does not carry (REPLICA
IDENTITY DEFAULT or USING INDEX; with FULL, Debezium fills unchanged values from the old row),
and the create event of a primary-key change (`ChangeEvent.key_change`). There, a value equal to
one of the placeholder's renderings means "unchanged": the string itself (text, varchar, char,
json, jsonb, xml, numeric), its bytes in base64 (bytea), a one-element list of either (text[],
varchar[], jsonb[], bytea[]), the name-based UUID of its bytes in a one-element list (uuid[]) or
its bytes as numbers (int[], bigint[], date[]). Everywhere else (inserts, snapshot reads,
deletes, other columns) the same text is data.

A placeholder changes only for a connector that ran before one was recorded (it used Debezium's
default): `connectors apply` then stops the connector, records the old placeholder with the WAL
position the connector stopped at (`until_lsn`: it stands for "unchanged" only in events before
that position, which are the only ones it can be in), records the new one, updates the config
and resumes. Without any record (a connector configured elsewhere) the applier recognises
Debezium's default, as Debezium would emit it, and reads the records again for every batch that
could hold a placeholder, so it learns a switch before the first event carrying the new one.
It also reads them again when a value looks like a placeholder of ours that it does not know.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from cdc.events import ChangeEvent, Op

__all__ = ["CONFIG_KEY", "DEBEZIUM_DEFAULT", "PREFIX", "Placeholders", "current", "load",
           "new_placeholder", "record"]

CONFIG_KEY = "unavailable.value.placeholder"
DEBEZIUM_DEFAULT = "__debezium_unavailable_value"
PREFIX = "__strangler_unavailable_"

_DDL = """
create schema if not exists strangler_cdc;
create table if not exists strangler_cdc.unavailable_placeholders (
    connector text not null, placeholder text not null,
    until_lsn bigint,  -- null: the connector's current placeholder
    recorded_at timestamptz not null default now(),
    primary key (connector, placeholder));
revoke all on strangler_cdc.unavailable_placeholders from public;
"""


def new_placeholder() -> str:
    return PREFIX + secrets.token_hex(16)


def _renderings(placeholder: str) -> tuple[list[str], list[list[Any]]]:
    """How Debezium writes `placeholder` into JSON per column type: (strings, lists)."""
    raw = placeholder.encode()
    b64 = base64.b64encode(raw).decode()
    # Java's UUID.nameUUIDFromBytes: MD5 with the version 3 bits set
    name_uuid = str(uuid.UUID(bytes=hashlib.md5(raw).digest(), version=3))
    as_numbers = [b - 256 if b > 127 else b for b in raw]  # Java bytes are signed
    return [placeholder, b64], [[placeholder], [b64], [name_uuid], as_numbers]


_B64_PREFIX = base64.b64encode(PREFIX.encode()).decode()  # PREFIX is 24 bytes: no padding


def _looks_ours(value: Any) -> bool:
    if type(value) is list and len(value) == 1:
        value = value[0]
    return type(value) is str and (value.startswith(PREFIX) or value.startswith(_B64_PREFIX))


@dataclass(frozen=True)
class Placeholders:
    """The placeholders a connector's events may carry: (placeholder, until_lsn) pairs, where a
    placeholder with an `until_lsn` counts only in events before that WAL position."""

    known: tuple[tuple[str, int | None], ...]
    recorded: bool = True  # False: nothing recorded, Debezium's default assumed
    _strings: dict[str, int | None] = field(init=False, repr=False, compare=False)
    _lists: dict[int, list[tuple[list[Any], int | None]]] = field(init=False, repr=False,
                                                                   compare=False)

    def __post_init__(self) -> None:
        strings: dict[str, int | None] = {}
        lists: dict[int, list[tuple[list[Any], int | None]]] = {}
        for placeholder, until in self.known:
            texts, arrays = _renderings(placeholder)
            for text in texts:
                strings[text] = _later(strings.get(text, 0), until)
            for array in arrays:
                lists.setdefault(len(array), []).append((array, until))
        object.__setattr__(self, "_strings", strings)
        object.__setattr__(self, "_lists", lists)

    @classmethod
    def unrecorded(cls) -> Placeholders:
        """Nothing recorded for the connector: it uses Debezium's default (as configured
        outside this tool, or before this version)."""
        return cls(((DEBEZIUM_DEFAULT, None),), recorded=False)

    def columns(self, event: ChangeEvent) -> frozenset[str]:
        """Source columns of `event` whose value is a placeholder ("unchanged, not sent")."""
        if not (event.op is Op.UPDATE or event.key_change is not None) or event.after is None:
            return frozenset()
        before, lsn = event.before, event.lsn
        strings, lists = self._strings, self._lists
        found = []
        for column, value in event.after.items():
            kind = type(value)
            if kind is str:
                if value not in strings:
                    continue
                until = strings[value]
            elif kind is list and len(value) in lists:
                until = next((u for form, u in lists[len(value)] if value == form), 0)
                if until == 0:
                    continue
            else:
                continue
            if (until is None or lsn < until) and (before is None or before.get(column) is None):
                found.append(column)
        return frozenset(found)

    def stale(self, events: Iterable[ChangeEvent]) -> bool:
        """Should the records be read again before these events are planned?

        Yes when nothing is recorded and an event could carry a placeholder (a connector
        switching from Debezium's default records the new one before it emits it), or when a
        value looks like one of ours but is not known."""
        for event in events:
            if not (event.op is Op.UPDATE or event.key_change is not None) or event.after is None:
                continue
            if not self.recorded:
                return True
            for value in event.after.values():
                if _looks_ours(value) and not self._known_value(value):
                    return True
        return False

    def _known_value(self, value: Any) -> bool:
        if type(value) is str:
            return value in self._strings
        return any(value == form for form, _ in self._lists.get(len(value), ()))


def _later(a: int | None, b: int | None) -> int | None:
    """The later of two bounds, None (no bound) being the latest."""
    return None if a is None or b is None else max(a, b)


# -- the records in the source database ---------------------------------------------------------
def _ensure(conn: psycopg.Connection) -> None:
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(7531903)")
        conn.execute(_DDL)


def _rows(conn: psycopg.Connection, connector: str) -> list[tuple[str, int | None]]:
    try:
        with conn.transaction():
            rows = conn.execute(
                "select placeholder, until_lsn from strangler_cdc.unavailable_placeholders "
                "where connector = %s order by recorded_at", (connector,)).fetchall()
    except psycopg.errors.UndefinedTable:
        return []
    return [(str(p), None if u is None else int(u)) for p, u in rows]


def load(conn: psycopg.Connection, connector: str) -> Placeholders:
    """The connector's recorded placeholders (`Placeholders.unrecorded()` if there are none)."""
    rows = _rows(conn, connector)
    return Placeholders(tuple(rows)) if rows else Placeholders.unrecorded()


def current(conn: psycopg.Connection, connector: str) -> str | None:
    """The connector's current placeholder, if one is recorded (read-only)."""
    return next((p for p, until in _rows(conn, connector) if until is None), None)


def record(conn: psycopg.Connection, connector: str, placeholder: str, *,
           retire: str | None = None) -> None:
    """Record `placeholder` as the connector's current one. `retire`: the placeholder the
    connector used so far (it must be stopped): it keeps standing for "unchanged" in events
    before the current WAL position, and only there."""
    _ensure(conn)
    with conn.transaction():
        if retire is not None and retire != placeholder:
            conn.execute(
                "insert into strangler_cdc.unavailable_placeholders as u "
                "(connector, placeholder, until_lsn) "
                "values (%s, %s, (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint) "
                "on conflict (connector, placeholder) do update set until_lsn = "
                "excluded.until_lsn", (connector, retire))
        conn.execute(
            "update strangler_cdc.unavailable_placeholders "
            "set until_lsn = (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint "
            "where connector = %s and until_lsn is null and placeholder <> %s",
            (connector, placeholder))
        conn.execute(
            "insert into strangler_cdc.unavailable_placeholders (connector, placeholder) "
            "values (%s, %s) on conflict (connector, placeholder) do update "
            "set until_lsn = null", (connector, placeholder))
