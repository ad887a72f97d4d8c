"""A real forward pipeline for tests: tables, fence, connector, and an applier in a thread.

The connector is applied the way `strangler cdc connectors apply` does it (`Connectors.apply`,
without the preflight checks), so tests run the production connector config.
"""

from __future__ import annotations

import os
import reprlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import yaml

from cdc.applier import Applier
from cdc.config import Direction, SyncConfig
from cdc.connectors import Connectors
from cdc.endpoints import Endpoints
from cdc.fences import FENCE_DDL
from strangler.stack.runner import LocalStack
from tests.support import drop_connector, drop_tagged, unique

SOURCE_DDL = """
create table {t} (
    id bigint primary key, sku text not null, qty int not null, price numeric(12,2) not null,
    description text not null default '', updated_at timestamptz not null default now());
alter table {t} alter column description set storage external;
"""
TARGET_DDL = """
create table {t} (
    item_id bigint primary key, sku_code text not null, on_hand int not null,
    unit_price numeric(12,2) not null, details text not null default '',
    changed_at timestamptz not null, extra_target_only text default 'kept');
"""
COLUMNS = {"id": "item_id", "sku": "sku_code", "qty": "on_hand", "price": "unit_price",
           "description": "details", "updated_at": "changed_at"}


@dataclass
class Pipeline:
    stack: LocalStack
    suffix: str
    source_table: str
    target_table: str
    fence_table: str
    direction: Direction
    sync: SyncConfig
    connector: str
    slot: str
    appliers: list[tuple[Applier, threading.Thread]] = field(default_factory=list)
    reverse: Direction | None = None
    extra: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (source, target)

    @property
    def source_dsn(self) -> str:
        return self.stack.monolith_dsn

    @property
    def target_dsn(self) -> str:
        return self.stack.service_dsn("inventory")

    def source(self, statement: str, params: tuple[Any, ...] | None = None) -> None:
        with psycopg.connect(self.source_dsn, autocommit=True) as conn:
            conn.execute(statement.format(t=self.source_table), params)

    def start_applier(self, *, reverse: bool = False, **kwargs: Any) -> Applier:
        if reverse:
            assert self.reverse is not None
            applier = Applier(self.reverse, target_dsn=self.source_dsn,
                              bootstrap=self.stack.bootstrap_servers, source_dsn=self.target_dsn,
                              say=lambda m: print(f"[reverse] {m}"), **kwargs)
        else:
            applier = Applier(self.direction, target_dsn=self.target_dsn,
                              bootstrap=self.stack.bootstrap_servers, source_dsn=self.source_dsn,
                              say=lambda m: print(f"[applier] {m}"), **kwargs)
        thread = threading.Thread(target=applier.run, daemon=True)
        thread.start()
        self.appliers.append((applier, thread))
        return applier

    def stop_appliers(self) -> None:
        for applier, thread in self.appliers:
            applier.stop()
            thread.join(30)
        self.appliers.clear()

    def write_config(self, path: Path) -> Path:
        sync = self.sync.model_dump(mode="json", exclude_none=True)
        path.write_text(yaml.safe_dump({"contexts": {self.direction.context: {"sync": sync}}}))
        return path

    def spawn_applier(self, config: Path, *, crash_at: str | None = None,
                      direction: str = "forward",
                      metrics_port: int | None = None) -> subprocess.Popen[str]:
        env = {**os.environ,
               "STRANGLER_MONOLITH_DSN": self.stack.monolith_dsn,
               "STRANGLER_INVENTORY_DSN": self.target_dsn,
               "STRANGLER_BOOTSTRAP_SERVERS": self.stack.bootstrap_servers,
               "STRANGLER_CONNECT_URL": self.stack.connect_url}
        env.pop("STRANGLER_CDC_CRASH_AT", None)
        if crash_at:
            env["STRANGLER_CDC_CRASH_AT"] = crash_at
        log = config.with_name(f"applier-{direction}.log")
        metrics = ["--metrics-port", str(metrics_port)] if metrics_port else []
        with open(log, "a") as handle:
            return subprocess.Popen(
                [sys.executable, "-m", "cdc.run", "--config", str(config), "--context",
                 self.direction.context, "--direction", direction, "--batch-size", "200",
                 *metrics],
                env=env, stdout=handle, stderr=subprocess.STDOUT, text=True)

    def source_rows(self) -> dict[int, tuple[Any, ...]]:
        with psycopg.connect(self.source_dsn) as conn:
            rows = conn.execute(f"select id, sku, qty, price, description, updated_at "
                                f"from {self.source_table}").fetchall()
        return {r[0]: r for r in rows}

    def target_rows(self) -> dict[int, tuple[Any, ...]]:
        with psycopg.connect(self.target_dsn) as conn:
            rows = conn.execute(f"select item_id, sku_code, on_hand, unit_price, details, "
                                f"changed_at from {self.target_table}").fetchall()
        return {r[0]: r for r in rows}

    def extra_rows(self, name: str, *, target: bool = False) -> dict[Any, tuple[Any, ...]]:
        """Rows of an extra table (see `build_pipeline`) by their first column."""
        dsn, table = (self.target_dsn, self.extra[name][1]) if target else (
            self.source_dsn, self.extra[name][0])
        with psycopg.connect(dsn) as conn:
            rows = conn.execute(f"select * from {table} order by 1").fetchall()
        return {r[0]: r for r in rows}

    def wait_extra_converged(self, name: str,
                             timeout: float = 60.0) -> dict[Any, tuple[Any, ...]]:
        return _converge(lambda: self.extra_rows(name),
                         lambda: self.extra_rows(name, target=True), name, timeout)

    def wait_converged(self, timeout: float = 60.0) -> dict[int, tuple[Any, ...]]:
        return _converge(self.source_rows, self.target_rows, "target", timeout)

    def wait_applied_past_now(self, *, reverse: bool = False, timeout: float = 60.0) -> None:
        """Wait until a direction's applier applies a lag fence taken after this call, so every
        change committed at its source before the call has reached the applier: the signal to
        wait for before asserting that something did not arrive."""
        direction = self.reverse if reverse else self.direction
        assert direction is not None
        source, target = ((self.target_dsn, self.source_dsn) if reverse
                          else (self.source_dsn, self.target_dsn))
        with psycopg.connect(source) as conn:
            row = conn.execute("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint").fetchone()
        assert row is not None
        mark = int(row[0])

        def passed() -> bool:
            with psycopg.connect(target) as conn:
                if conn.execute("select to_regclass('strangler_cdc.fences_applied')"
                                ).fetchone() == (None,):
                    return False  # the applier has not set up its state yet
                applied = conn.execute("select lsn from strangler_cdc.fences_applied "
                                       "where direction = %s", (direction.consumer_group,)
                                       ).fetchone()
            return applied is not None and applied[0] >= mark

        self.wait_for(passed, timeout, what=f"the {direction.name} applier to apply a fence "
                                            f"past LSN {mark}")

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 60.0,
                 what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.2)


def _short(value: object) -> str:
    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = 80
    shortener.maxlevel = 4
    return shortener.repr(value)


def _converge(source_rows: Callable[[], dict[Any, tuple[Any, ...]]],
              target_rows: Callable[[], dict[Any, tuple[Any, ...]]], what: str,
              timeout: float) -> dict[Any, tuple[Any, ...]]:
    deadline = time.monotonic() + timeout
    while True:
        source, target = source_rows(), target_rows()
        if source == target:
            return target
        if time.monotonic() > deadline:
            missing = sorted(set(source) - set(target))[:10]
            extra = sorted(set(target) - set(source))[:10]
            changed = [k for k in source if k in target and source[k] != target[k]][:5]
            raise AssertionError(
                f"{what} did not converge in {timeout} s: missing {missing}, extra {extra},"
                f" changed {_short([(source[k], target[k]) for k in changed])}")
        time.sleep(0.3)


def build_pipeline(stack: LocalStack, *, partitions: int = 1, seed_rows: int = 0,
                   reverse: bool = False, extra_tables: Mapping[str, str] | None = None,
                   before_connector: Callable[[Pipeline], None] | None = None) -> Pipeline:
    """`extra_tables`: name -> column definitions of more tables, created alike at the source
    (`public.<name>_<suffix>`) and the target (`public.<name>_t_<suffix>`) and synced 1:1.
    `before_connector` runs once the tables exist, before the connector snapshots them."""
    suffix = unique("p").split("_", 1)[1]
    try:
        return _build(stack, suffix, partitions, seed_rows, reverse, extra_tables,
                      before_connector)
    except BaseException:
        remove_pipeline(stack, suffix)  # what was made before the failure
        raise


def _build(stack: LocalStack, suffix: str, partitions: int, seed_rows: int, reverse: bool,
           extra_tables: Mapping[str, str] | None,
           before_connector: Callable[[Pipeline], None] | None) -> Pipeline:
    source_table, target_table = f"public.items_{suffix}", f"public.stock_{suffix}"
    fence_table = f"public.fence_{suffix}"
    slot = f"fwd_{suffix}"
    extra = {name: (f"public.{name}_{suffix}", f"public.{name}_t_{suffix}")
             for name in extra_tables or {}}
    with psycopg.connect(stack.monolith_dsn, autocommit=True) as conn:
        conn.execute(SOURCE_DDL.format(t=source_table))
        conn.execute(FENCE_DDL.format(table=fence_table))
        for name, (source, _) in extra.items():
            conn.execute(f"create table {source} ({(extra_tables or {})[name]})")
        if seed_rows:
            conn.execute(
                f"insert into {source_table} (id, sku, qty, price, description) "
                "select g, 'SKU-' || g, g %% 100, (g %% 1000) / 10.0, repeat('d', 10) "
                "from generate_series(1, %s) g", (seed_rows,))
    with psycopg.connect(stack.service_dsn("inventory"), autocommit=True) as conn:
        conn.execute(TARGET_DDL.format(t=target_table))
        for name, (_, target) in extra.items():
            conn.execute(f"create table {target} ({(extra_tables or {})[name]})")
    sync = SyncConfig(
        source="monolith", target="inventory", topic_prefix=f"fwd{suffix}", slot=slot,
        fence_table=fence_table, partitions=partitions, connector=f"fwd-{suffix}",
        signal_table=f"public.signal_{suffix}",
        tables=[{"source": source_table, "target": target_table, "columns": COLUMNS,
                 "target_ignore": ["extra_target_only"]},
                *({"source": s, "target": t} for s, t in extra.values())],
        reverse={"topic_prefix": f"rev{suffix}", "slot": f"rev_{suffix}",
                 "fence_table": fence_table, "connector": f"rev-{suffix}",
                 "signal_table": f"public.signal_{suffix}"} if reverse else None)
    direction = Direction(f"ctx{suffix}", sync, "forward")
    pipeline = Pipeline(stack, suffix, source_table, target_table, fence_table, direction, sync,
                        direction.connector_name, slot, extra=extra)
    if before_connector is not None:
        before_connector(pipeline)
    endpoints = Endpoints(state_dir=str(stack.state_dir))
    Connectors(direction, endpoints).apply(check=False)
    if reverse:
        with psycopg.connect(stack.service_dsn("inventory"), autocommit=True) as conn:
            conn.execute(FENCE_DDL.format(table=fence_table))
        rev = Direction(direction.context, sync, "reverse")
        Connectors(rev, endpoints).apply(check=False)
        pipeline.reverse = rev
    return pipeline


def pipelines(stack: LocalStack, **options: Any) -> Iterator[Pipeline]:
    """A pipeline for the length of a fixture: `yield from pipelines(stack, ...)`."""
    built = build_pipeline(stack, **options)
    yield built
    teardown_pipeline(built)


def teardown_pipeline(pipeline: Pipeline) -> None:
    try:
        pipeline.stop_appliers()
    finally:
        remove_pipeline(pipeline.stack, pipeline.suffix)


def remove_pipeline(stack: LocalStack, suffix: str) -> None:
    """Remove the connectors, slots, publications, tables and functions of pipeline `suffix`
    (every name a pipeline or its test makes carries the suffix); what is absent is skipped."""
    source, target = stack.monolith_dsn, stack.service_dsn("inventory")
    try:
        drop_connector(stack, f"fwd-{suffix}", source, f"fwd_{suffix}")
        drop_connector(stack, f"rev-{suffix}", target, f"rev_{suffix}")
    finally:
        drop_tagged(source, suffix)
        drop_tagged(target, suffix)
