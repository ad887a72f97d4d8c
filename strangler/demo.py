"""The main job of `make demo`, on the embedded local stack.

1. bring the stack up (idempotent) and run the CDC smoke run;
2. put the sample monolith's schema and a seeded data set in place (first run only) and the
   inventory service's own, differently shaped, schema;
3. apply the inventory context's forward connector (after its preflight checks) and start the
   applier as a stack app with its metrics on a port of its own (recorded in the app's folder
   and shown by `strangler stack status`) and scraped by the stack's Prometheus (job
   `applier`), so `strangler stack down` stops it;
4. wait until the service's `stock_items` matches the monolith's `inventory_items` through the
   mapping, make a few changes in the monolith and show them arrive, then print the lag.

Re-running it is safe: every step checks what is already there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from cdc.config import Direction, load_sync
from cdc.connectors import Connectors
from cdc.endpoints import Endpoints
from cdc.lag import LagReport, measure
from phase.sync_control import StackSync
from strangler.errors import StackError
from strangler.rig import start_rig, stop_rig
from strangler.seed import SeedCounts, create_schema, seed_database
from strangler.smoke import run_smoke
from strangler.stack.runner import LocalStack
from strangler.walk import WalkReport, demo_routes, render_walk, walk

__all__ = ["run_demo"]

CONTEXT = "inventory"
COMPARE = ("select count(*), coalesce(sum({q}), 0), coalesce(sum({r}), 0) from {t}")


def _totals(dsn: str, table: str, qty: str, reserved: str) -> tuple[int, int, int]:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(COMPARE.format(q=qty, r=reserved, t=table)).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def run_demo(config: Path, *, state_dir: str | None = None, items: int = 5000,
             say: Callable[[str], None] = print, timeout: float = 120.0,
             stages: bool = True, break_row: bool = False, keep: bool = False,
             rps: float = 40.0) -> tuple[LagReport, WalkReport | None]:
    local = LocalStack.from_env(state_dir)
    local.up(say=say)
    say("\n== CDC smoke run: monolith PostgreSQL -> Debezium -> broker ==")
    events = run_smoke(local, say=say)
    say(f"smoke run passed: {len(events)} change events in order")

    say("\n== inventory context: forward sync monolith -> inventory service ==")
    sync = load_sync(config, CONTEXT)
    direction = Direction(CONTEXT, sync, "forward")
    endpoints = Endpoints(str(local.state_dir))
    monolith, service = endpoints.dsn(direction.source_db), endpoints.dsn(direction.target_db)
    create_schema(monolith, "monolith")
    create_schema(service, "inventory")
    if _totals(monolith, "inventory_items", "qty_on_hand", "qty_reserved")[0] == 0:
        seeded = seed_database(monolith, SeedCounts(items=items, customers=200, orders=500))
        say(f"seeded the monolith: {seeded.items} items, {seeded.customers} customers, "
            f"{seeded.orders} orders in {seeded.seconds:.1f} s")
    control = StackSync(local, config, CONTEXT)
    _sync_forward(local, control, endpoints, say, timeout)

    with psycopg.connect(monolith, autocommit=True) as conn:
        conn.execute("update inventory_items set qty_on_hand = qty_on_hand + 5, "
                     "updated_at = now() where id <= 3")
        conn.execute("update inventory_items set qty_reserved = qty_reserved + 1 "
                     "where id = 4 and qty_reserved < qty_on_hand")
    say("changed items 1-4 in the monolith ...")
    _wait(lambda: _converged(monolith, service), timeout, "the changes to reach the service")
    with psycopg.connect(service) as conn:
        for item_id, on_hand, reserved in conn.execute(
                "select item_id, on_hand, reserved from stock_items where item_id <= 4 "
                "order by item_id").fetchall():
            say(f"  service stock_items {item_id}: on_hand={on_hand} reserved={reserved}")

    report = measure(direction, source_dsn=monolith, target_dsn=service,
                     bootstrap=endpoints.bootstrap_servers())
    deadline = time.monotonic() + 30
    while report.state != "healthy" and time.monotonic() < deadline:
        time.sleep(1)
        report = measure(direction, source_dsn=monolith, target_dsn=service,
                         bootstrap=endpoints.bootstrap_servers())
    say(f"lag: state={report.state}, end-to-end {report.e2e_lag_ms} ms, "
        f"{report.wal_bytes_behind} WAL bytes behind ({report.reason})")
    if local.prometheus.tracked() is not None:
        say(f"Prometheus: {local.prometheus_url} (the applier's target: "
            f"{local.prometheus_url}/targets, alerts: {local.prometheus_url}/alerts)")
    if not stages:
        say("\nthe stack and the applier keep running: `strangler cdc lag`, "
            "`strangler stack status`, `strangler stack down`")
        return report, None
    walked = _walk(local, config, say=say, break_row=break_row, keep=keep, rps=rps)
    if not keep:
        say("\n== back to the start: inventory synced from the monolith again "
            "(`--keep` keeps the walk's end state) ==")
        _sync_forward(local, control, endpoints, say, timeout)
        say("the stack and the forward applier keep running: `strangler cdc lag`, "
            "`strangler stack status`, `strangler stack down`")
    return report, walked


def _converged(monolith: str, service: str) -> bool:
    return (_totals(monolith, "inventory_items", "qty_on_hand", "qty_reserved")
            == _totals(service, "stock_items", "on_hand", "reserved"))


def _sync_forward(local: LocalStack, control: StackSync, endpoints: Endpoints,
                  say: Callable[[str], None], timeout: float) -> None:
    """The forward sync running and the service caught up with the monolith (after a walk:
    from a new snapshot of the monolith)."""
    if (local.state_dir / "demo" / "routes.yaml").exists():
        _reset_walk(local, control, endpoints, say)
    started = control.start("forward")
    result = started.connector
    for finding in result.preflight.findings if result.preflight else ():
        if finding.level != "ok":
            say(f"  preflight {finding.level}: {finding.message}")
    say(f"connector {result.name}: {'created' if result.created else 'up to date'}, "
        f"{result.status.state}")
    say(f"applier running (pid {started.pid}); metrics: "
        f"http://127.0.0.1:{started.metrics_port}/metrics; log: {started.log}")
    direction = control.direction("forward")
    monolith, service = endpoints.dsn(direction.source_db), endpoints.dsn(direction.target_db)
    _wait(lambda: _converged(monolith, service), timeout,
          "the service to catch up with the monolith")
    count, on_hand, reserved = _totals(service, "stock_items", "on_hand", "reserved")
    say(f"service in sync: {count} stock items, on hand {on_hand}, reserved {reserved}")


def _reset_walk(local: LocalStack, control: StackSync, endpoints: Endpoints,
                say: Callable[[str], None]) -> None:
    """A previous walk moved inventory to the service (and maybe retired the monolith's copy):
    start over from the monolith. Both directions' appliers stop and their connectors go with
    their slots; the forward connector created next snapshots the monolith again, and its
    rows (at the new snapshot's position) overwrite what the service holds."""
    say("a previous walk left inventory at the service: syncing it from the monolith again")
    stop_rig(local)
    for name in ("reverse", "forward"):
        control.stop(name)
        Connectors(control.direction(name), endpoints, timeout=30).delete(drop_slot=True)
    reverse = control.direction("reverse")
    # the reverse direction is gone altogether (`cdc lag` reports it inactive, not stalled):
    # its fence at the service and what its applier recorded at the monolith
    with psycopg.connect(endpoints.dsn(reverse.source_db), autocommit=True) as conn:
        conn.execute(f"drop table if exists {reverse.settings.fence_table}")
    with psycopg.connect(endpoints.dsn(reverse.target_db), autocommit=True) as conn:
        if conn.execute("select to_regclass('strangler_cdc.fences_applied')").fetchone() \
                != (None,):
            conn.execute("delete from strangler_cdc.fences_applied where direction = %s",
                         (reverse.consumer_group,))
        # the monolith's order module back on its own tables (the walk switched it to the API)
        conn.execute("delete from inventory_port_setting")
    (local.state_dir / "demo" / "routes.yaml").unlink()


def _walk(local: LocalStack, config: Path, *, say: Callable[[str], None], break_row: bool,
          keep: bool, rps: float) -> WalkReport:
    say("\n== the migration walk: monolith, service and gateway under load ==")
    rig = start_rig(local, config, fresh=True, prepare=demo_routes)
    say(f"gateway {rig.gateway_url} (admin API {rig.admin_url}, token in {rig.token_file}); "
        f"monolith :{rig.monolith_port}; inventory service :{rig.inventory_port}")
    started = time.monotonic()
    try:
        walked = walk(rig, rps=rps, break_row=break_row, say=say)
    finally:
        if not keep:
            StackSync(local, rig.routes, CONTEXT).stop("reverse")
            stop_rig(local)
    say(f"\n== the walk took {time.monotonic() - started:.0f} s ==")
    say(render_walk(walked))
    if keep:
        say(f"\nstill running (--keep): gateway {rig.gateway_url}, admin API {rig.admin_url} "
            f"(GET /admin/state, /metrics; token in {rig.token_file})")
        say(f"dashboard: {rig.admin_url}/dashboard (enter the token from {rig.token_file})")
        if local.prometheus.tracked() is not None:
            say(f"Prometheus: {local.prometheus_url}")
        say("stop everything with `strangler stack down`")
    return walked


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise StackError(f"demo: timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.5)
