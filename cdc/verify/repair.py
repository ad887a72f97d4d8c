"""Repairing what a verification pass found: a targeted re-sync through the pipeline itself.

`plan_repair` (pure) turns a pass's *persistent* differences into a plan per table: the keys
to re-sync (missing and changed) and the target-only keys to delete (extra). In-flight
differences are never repaired. `run_repair` carries a plan out:

1. **check**: the direction's connector in Kafka Connect watches the configured signal table
   (`signal.data.collection`) and that table exists (`cdc.signals`); otherwise a config error
   (`strangler cdc connectors apply` sets it up) before anything is written;
2. **confirm** under a fresh fence anchor which planned keys still differ, and read the
   applier's positions of the extra keys in the same target snapshot;
3. **re-sync** the missing and changed keys: one `execute-snapshot` row in the signal table
   (the pipeline's own table in the source database, like the fence; the application's data
   is never written) asks the connector for an incremental snapshot of exactly those keys.
   Their rows travel as `op=r` events through the broker and the applier, like every other
   change: guarded by position, counted in the applier's metrics;
4. **delete** the extra keys in the target, in one transaction that carries the direction's
   loop-prevention marker (`strangler_cdc.cdc_origin`), so a reverse-direction applier does
   not carry the deletes to the other database. A key is deleted only if its applier position
   is still the one confirmed in step 2 (a change that arrived since wins), and its position
   row is kept (or created at the lowest position) marked deleted: a replay of any change the
   applier already applied is skipped by the guard, so it cannot resurrect the row, while a
   genuinely newer change of the key still applies;
5. **wait** until the re-synced keys match the source (bounded: `timeout`; what did not
   arrive is named), then **re-verify** exactly the planned keys under another fresh anchor;
   like a pass, a key that still differs there is re-read under a later anchor, and only what
   differs then remains.

Dry run (`apply=False`) stops after the plan: no connection is even opened.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from cdc.catalog import table_shape
from cdc.config import Direction, TableSync, load_sync
from cdc.connect import ConnectClient
from cdc.endpoints import Endpoints
from cdc.errors import CdcConfigError, CdcError, VerifyFailed
from cdc.mapping import TableMapper
from cdc.signals import Signal, snapshot_signal
from cdc.state import ensure_positions
from cdc.verify.anchor import Anchor, Database, connect, lsn_text, open_anchor
from cdc.verify.api import databases
from cdc.verify.bisect import KINDS, RowDiff, classify_rows
from cdc.verify.layout import Layout
from cdc.verify.queries import SideSql
from cdc.verify.result import Difference, VerifyResult
from cdc.verify.verifier import (
    Options,
    Progress,
    _layouts,
    _recheck,
    _Sides,
    run_pass,
    select_tables,
)

__all__ = ["RepairFailed", "RepairReport", "TableRepair", "check_signal_channel", "plan_repair",
           "repair", "run_repair"]

Key = tuple[Any, ...]


class RepairFailed(VerifyFailed):
    """A repair that could not finish (re-synced rows that did not arrive in time)."""


@dataclass
class TableRepair:
    """One table's plan and, once applied, its outcome. Keys are source key column → value."""

    source_table: str
    target_table: str
    resync: list[Difference] = field(default_factory=list)   # missing and changed
    delete: list[Difference] = field(default_factory=list)   # extra
    # outcome (applied only)
    resolved_before: list[dict[str, Any]] = field(default_factory=list)  # no longer differed
    deleted: int = 0
    delete_skipped: list[dict[str, Any]] = field(default_factory=list)   # changed meanwhile
    remaining: list[Difference] = field(default_factory=list)  # still differ after the repair

    def planned(self) -> list[Difference]:
        return [*self.resync, *self.delete]

    def repaired(self) -> dict[str, int]:
        """Planned keys per class that no longer differ."""
        left = {_label(d.key) for d in self.remaining}
        left |= {_label(k) for k in self.resolved_before}  # nothing was done for these
        counts = dict.fromkeys(KINDS, 0)
        for diff in self.planned():
            if _label(diff.key) not in left:
                counts[diff.kind] += 1
        return counts

    def as_dict(self, applied: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source_table, "target": self.target_table,
            "resync": [{"kind": d.kind, "key": d.as_dict()["key"]} for d in self.resync],
            "delete": [{"kind": d.kind, "key": d.as_dict()["key"]} for d in self.delete]}
        if applied:
            data.update({
                "repaired": self.repaired(),
                "resolved_before": [Difference("changed", k, False).as_dict()["key"]
                                    for k in self.resolved_before],
                "deleted": self.deleted,
                "delete_skipped": [Difference("extra", k, False).as_dict()["key"]
                                   for k in self.delete_skipped],
                "remaining": [d.as_dict() for d in self.remaining]})
        return data


@dataclass
class RepairReport:
    """The `repair` section of a verification result (docs/verify.md)."""

    applied: bool
    tables: list[TableRepair] = field(default_factory=list)
    signal_id: str | None = None
    recheck_lsn: int | None = None
    waited_s: float = 0.0      # until the re-synced rows had arrived
    duration_s: float = 0.0
    error: str | None = None

    @property
    def empty(self) -> bool:
        return not any(t.planned() for t in self.tables)

    @property
    def verdict(self) -> str:
        """planned (dry run) | repaired | differences | error."""
        if self.error is not None:
            return "error"
        if not self.applied:
            return "planned"
        return "differences" if any(t.remaining for t in self.tables) else "repaired"

    @property
    def exit_code(self) -> int:
        return {"repaired": 0, "differences": 1, "error": 3, "planned": 1}[self.verdict]

    def as_dict(self) -> dict[str, Any]:
        return {"applied": self.applied, "verdict": self.verdict, "error": self.error,
                "signal_id": self.signal_id, "recheck_lsn": self.recheck_lsn,
                "recheck_lsn_text": lsn_text(self.recheck_lsn) if self.recheck_lsn else None,
                "waited_s": round(self.waited_s, 3), "duration_s": round(self.duration_s, 3),
                "tables": [t.as_dict(self.applied) for t in self.tables]}


def _label(key: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in key.values())


def plan_repair(result: VerifyResult, *, apply: bool = False) -> RepairReport:
    """The plan for a pass's persistent differences (pure): per table with any, the keys to
    re-sync through the pipeline (missing, changed) and the target-only keys to delete."""
    report = RepairReport(applied=apply)
    for table in result.tables:
        persistent = table.persistent
        if not persistent:
            continue
        report.tables.append(TableRepair(
            table.source_table, table.target_table,
            resync=[d for d in persistent if d.kind in ("missing", "changed")],
            delete=[d for d in persistent if d.kind == "extra"]))
    return report


# -- carrying a plan out -----------------------------------------------------------------------
def check_signal_channel(direction: Direction, connect_url: str, source: Database) -> str:
    """The signal table the direction's running connector watches; CdcConfigError when the
    connector does not exist, watches none or another one, or the table is missing."""
    wanted = direction.settings.signal_table
    name = direction.connector_name
    live = ConnectClient(connect_url).config(name)
    fix = (f"run `strangler cdc connectors apply --context {direction.context}"
           f"{' --direction reverse' if direction.name == 'reverse' else ''}` first")
    if live is None:
        raise CdcConfigError(f"repair: connector {name!r} does not exist in Kafka Connect at "
                             f"{connect_url}; {fix}")
    watched = live.get("signal.data.collection")
    if watched is None:
        raise CdcConfigError(f"repair: connector {name!r} has no signal table "
                             f"(signal.data.collection), so it cannot re-sync keys; {fix}")
    if watched != wanted:
        raise CdcConfigError(f"repair: connector {name!r} watches signal table {watched}, the "
                             f"config says {wanted}; {fix}")
    conn = connect(source)
    try:
        row = conn.execute("select to_regclass(%s)", (wanted,)).fetchone()
    finally:
        conn.close()
    if row is None or row[0] is None:
        raise CdcConfigError(f"repair: signal table {wanted} does not exist in the source "
                             f"database {source.name!r}; {fix}")
    return wanted


def _keys(layout: Layout, diffs: Sequence[Difference]) -> list[Key]:
    return [tuple(d.key[p.source] for p in layout.key) for d in diffs]


def _differing(source: psycopg.Connection, target: psycopg.Connection, layout: Layout,
               keys: list[Key], options: Options) -> list[RowDiff]:
    """Which of `keys` differ between what the two connections see."""
    if not keys:
        return []
    src = SideSql(layout, "source", options.hash_function)
    tgt = SideSql(layout, "target", options.hash_function)
    return classify_rows(
        {r[0]: (r[1], tuple(r[3:])) for r in source.execute(src.by_keys(keys))},
        {r[0]: (r[1], tuple(r[3:])) for r in target.execute(tgt.by_keys(keys))})


def _mapper(conn: psycopg.Connection, sync: TableSync) -> TableMapper:
    columns, key = table_shape(conn, sync.target)
    return TableMapper(sync, columns, key)


def _key_match(mapper: TableMapper) -> sql.Composable:
    return sql.SQL(" and ").join(sql.SQL("{} = %s").format(sql.Identifier(k))
                                 for k in mapper.key_columns)


def _positions(conn: psycopg.Connection, mapper: TableMapper, keys: list[Key]
               ) -> list[tuple[int, int] | None]:
    query = sql.SQL("select commit_lsn, change_lsn from strangler_cdc.{} where {}").format(
        sql.Identifier(mapper.positions_table), _key_match(mapper))
    found = []
    for key in keys:
        row = conn.execute(query, key).fetchone()
        found.append((int(row[0]), int(row[1])) if row else None)
    return found


def _filter(conn: psycopg.Connection, layout: Layout, keys: list[Key]) -> str:
    """A SQL filter over the source table matching exactly `keys`."""
    names = [sql.Identifier(p.source) for p in layout.key]
    column = names[0] if len(names) == 1 else sql.SQL("({})").format(sql.SQL(", ").join(names))
    values = sql.SQL(", ").join(
        sql.Literal(k[0]) if len(k) == 1 else
        sql.SQL("({})").format(sql.SQL(", ").join(sql.Literal(v) for v in k)) for k in keys)
    return sql.SQL("{} in ({})").format(column, values).as_string(conn)


def _send(source: Database, signal_table: str, filters: dict[str, str]) -> Signal:
    signal = snapshot_signal(filters)
    schema, name = signal_table.split(".", 1)
    conn = connect(source)
    try:
        conn.execute(sql.SQL("insert into {} (id, type, data) values (%s, %s, %s)").format(
            sql.Identifier(schema, name)), signal)
    finally:
        conn.close()
    return signal


Deletes = list[tuple[TableRepair, TableMapper, list[Difference], list[Key],
                     list[tuple[int, int] | None]]]


def _delete_extras(target: Database, direction: Direction, work: Deletes) -> None:
    """Delete target-only rows in one transaction tagged with the direction's origin marker;
    a key whose applier position moved since it was confirmed extra is left alone. `work`:
    per table, the confirmed extra keys and their applier positions then (None: none)."""
    conn = connect(target)
    try:
        with conn.transaction():
            tagged = False
            for table, mapper, diffs, keys, seen in work:
                if not keys:
                    continue
                ensure_positions(conn, mapper)
                positions = sql.Identifier(mapper.positions_table)
                key_columns = sql.SQL(", ").join(sql.Identifier(k) for k in mapper.key_columns)
                placeholders = sql.SQL(", ").join(sql.Placeholder() for _ in mapper.key_columns)
                conn.execute("select 1 from strangler_cdc.truncates where target = %s for share",
                             (mapper.target,))
                for key, position, diff in zip(keys, seen, diffs, strict=True):
                    conn.execute(sql.SQL(
                        "insert into strangler_cdc.{} ({}, commit_lsn, change_lsn, deleted) "
                        "values ({}, 0, 0, true) on conflict do nothing").format(
                        positions, key_columns, placeholders), key)
                    row = conn.execute(sql.SQL(
                        "select commit_lsn, change_lsn from strangler_cdc.{} where {} "
                        "for update").format(positions, _key_match(mapper)), key).fetchone()
                    now = (int(row[0]), int(row[1])) if row else None
                    if now != (position or (0, 0)):
                        table.delete_skipped.append(diff.key)
                        continue
                    conn.execute(sql.SQL(
                        "update strangler_cdc.{} set deleted = true, moved = null where {}"
                    ).format(positions, _key_match(mapper)), key)
                    schema, name = mapper.target.split(".", 1)
                    done = conn.execute(sql.SQL("delete from {} where {}").format(
                        sql.Identifier(schema, name), _key_match(mapper)), key)
                    table.deleted += done.rowcount
                    tagged = True
            if tagged:
                conn.execute("insert into strangler_cdc.cdc_origin (xid, origin) values "
                             "(txid_current() %% 4294967296, %s) on conflict do nothing",
                             (direction.origin,))
    finally:
        conn.close()


def _late(pending: dict[str, tuple[Layout, list[Key]]], late: dict[str, list[RowDiff]],
          limit: int = 10) -> str:
    """`table: changed id=9, missing id=12 and 3 more; ...` for an error message."""
    parts = []
    for name, diffs in late.items():
        key = pending[name][0].key
        shown = ", ".join(f"{d.kind} " + ", ".join(
            f"{p.source}={v}" for p, v in zip(key, d.key, strict=True)) for d in diffs[:limit])
        more = f" and {len(diffs) - limit} more" if len(diffs) > limit else ""
        parts.append(f"{name}: {shown}{more}")
    return "; ".join(parts)


def _wait_arrived(source: Database, target: Database, pending: dict[str, tuple[Layout, list[Key]]],
                  options: Options, timeout: float) -> float:
    """Wait until the re-synced keys hold the source's rows at the target; RepairFailed naming
    the keys that did not arrive in time."""
    started = time.monotonic()
    delay = 0.05
    src, tgt = connect(source), connect(target)
    try:
        while True:
            late: dict[str, list[RowDiff]] = {}
            for name, (layout, keys) in pending.items():
                diffs = _differing(src, tgt, layout, keys, options)
                if diffs:
                    late[name] = diffs
            if not late:
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise RepairFailed(
                    f"repair: the re-synced rows did not all arrive within {timeout:g} s "
                    f"({_late(pending, late)}); is the connector running and the applier "
                    "keeping up? (`strangler cdc connectors status`, `strangler cdc lag`)")
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    finally:
        src.close()
        tgt.close()


def run_repair(report: RepairReport, direction: Direction, source: Database, target: Database,
               connect_url: str, options: Options, *, timeout: float = 60.0) -> RepairReport:
    """Carry out `report`'s plan (see the module docstring). Raises CdcConfigError before any
    write when the connector cannot take signals; RepairFailed / SourceUnavailable /
    VerifyFailed at runtime (the report then holds what was done so far)."""
    started = time.monotonic()
    if report.empty:
        return report
    signal_table = check_signal_channel(direction, connect_url, source)
    syncs = {t.source: t for t in direction.tables}
    chosen = [syncs[t.source_table] for t in report.tables]
    src, tgt = connect(source), connect(target)
    try:
        layouts = {layout.source_table: layout for layout in _layouts(src, tgt, chosen)}
    finally:
        src.close()
        tgt.close()

    def anchor() -> Anchor:
        return open_anchor(source, target, group=direction.consumer_group,
                           fence_table=direction.settings.fence_table,
                           timeout=options.fence_timeout, write_fence=options.write_fence)

    # 2. confirm, and the positions of the extra keys in the same target snapshot
    filters: dict[str, str] = {}
    pending: dict[str, tuple[Layout, list[Key]]] = {}
    deletes: Deletes = []
    confirm = anchor()
    try:
        for table in report.tables:
            layout = layouts[table.source_table]
            planned = table.planned()
            diffs = _differing(confirm.source, confirm.target, layout, _keys(layout, planned),
                               options)
            still = {_label(dict(zip([p.source for p in layout.key], d.key, strict=True)))
                     for d in diffs}
            table.resolved_before = [d.key for d in planned if _label(d.key) not in still]
            resync = [k for k, d in zip(_keys(layout, table.resync), table.resync, strict=True)
                      if _label(d.key) in still]
            extra = [d for d in table.delete if _label(d.key) in still]
            mapper = _mapper(confirm.target, syncs[table.source_table])
            extra_keys = [tuple(d.key[p.source] for p in layout.key) for d in extra]
            deletes.append((table, mapper, extra, extra_keys,
                            _positions(confirm.target, mapper, extra_keys)))
            if resync:
                filters[table.source_table] = _filter(confirm.source, layout, resync)
                pending[table.source_table] = (layout, resync)
    finally:
        confirm.close()
    # 3. re-sync through the pipeline, 4. delete target-only rows
    if filters:
        report.signal_id = _send(source, signal_table, filters).id
    _delete_extras(target, direction, deletes)
    # 5. wait for the rows, then re-verify exactly the planned keys under a fresh anchor
    try:
        if pending:
            report.waited_s = _wait_arrived(source, target, pending, options, timeout)
        # Like a pass: a key that differs under one anchor is re-read under a later one, and
        # only what still differs then remains (the target may be ahead of a source snapshot).
        found: list[tuple[TableRepair, Layout, list[RowDiff]]] = []
        final = anchor()
        try:
            report.recheck_lsn = final.lsn
            for table in report.tables:
                layout = layouts[table.source_table]
                found.append((table, layout, _differing(
                    final.source, final.target, layout, _keys(layout, table.planned()),
                    options)))
        finally:
            final.close()
        if any(diffs for _, _, diffs in found):
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="repair-target") as pool:
                later = anchor()
                try:
                    report.recheck_lsn = later.lsn
                    for table, layout, diffs in found:
                        rechecked = _recheck(_Sides(pool, later), layout, diffs, options)
                        table.remaining = [d for d in rechecked if d.persistent]
                finally:
                    later.close()
    finally:
        report.duration_s = time.monotonic() - started
    return report


def repair(context: str, *, apply: bool = False, config: str | Path = "routes.yaml",
           table: str | None = None, direction: str = "forward",
           options: Options | None = None, state_dir: str | None = None,
           progress: Progress | None = None, timeout: float = 60.0) -> VerifyResult:
    """A verification pass of `context`, then the repair of its persistent differences:
    planned only (`apply=False`, nothing written), or carried out. `result.repair` holds the
    plan and outcome; `result.exit_code` is 0 once everything is consistent after an applied
    repair, 1 while differences remain, 3 when the repair could not finish (`result.error`).
    Raises CdcConfigError (exit 2) before the pass when `apply` and the connector cannot take
    signals."""
    options = options or Options()
    chosen = Direction(context, load_sync(config, context), direction)
    tables = select_tables(chosen, table)
    endpoints = Endpoints(state_dir)
    source, target = databases(chosen, endpoints)
    if apply:
        check_signal_channel(chosen, endpoints.connect_url(), source)
    result = run_pass(chosen, source, target, tables, options, progress)
    result.repair = report = plan_repair(result, apply=apply)
    if apply and result.verdict != "error":
        try:
            run_repair(report, chosen, source, target, endpoints.connect_url(), options,
                       timeout=timeout)
        except CdcConfigError:
            raise
        except CdcError as exc:
            report.error = result.error = str(exc)
    return result
