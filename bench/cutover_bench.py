#!/usr/bin/env python3
"""Benchmark: the write hold of the write switch under load, on the real system.

A private local stack (PostgreSQL x2, broker, Kafka Connect), the demo's rig on it (sample
monolith, inventory service, gateway with `--workers 2`) starting at `reads`, forward sync
running. Load through the gateway the whole time (`--rps`, mix `--mix`: by default 250 req/s of
which 80 % writes = 200 writes/s), and the phase controller runs `--switches` cut-overs
(`reads -> writes`) and as many rollbacks, alternating, each through its gates.

Prints per switch the hold (journal data `release_writes.held_seconds`), the held writes
released, the time of each step (from the journal's timestamps) and the CPU of the controller
(its thread, `time.thread_time`) and of the gateway (all its processes and threads, from
/proc/<pid>/task/*/schedstat) during the switch; then p50 and max of the hold, the write
answers (503s held past `max_wait_seconds` counted apart), and lost writes: items whose state
in the system of record differs from what the acknowledged writes imply, and writes without an
answer.

    .venv/bin/python bench/cutover_bench.py [--switches 5] [--rps 250] [--mix ...] [--items 2000]
        [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
import yaml  # noqa: E402

from bench.common import private_stack  # noqa: E402
from bench.write_hold_bench import cpu_seconds, gateway_pids  # noqa: E402
from gateway.stages import Stage  # noqa: E402
from phase.admin_client import GatewayAdmin  # noqa: E402
from phase.controller import Controller, phase_dir  # noqa: E402
from phase.cutover import CUTOVER  # noqa: E402
from phase.sync_control import StackSync  # noqa: E402
from strangler.loadgen import BackgroundLoad, WriteLedger  # noqa: E402
from strangler.rig import Rig, start_rig, stop_rig  # noqa: E402
from strangler.seed import SeedCounts, create_schema, seed_database  # noqa: E402
from strangler.stack.runner import LocalStack  # noqa: E402
from strangler.walk import demo_routes  # noqa: E402

CONTEXT = "inventory"
STATE = {"monolith": "select id, qty_on_hand, qty_reserved from inventory_items",
         "service": "select item_id, on_hand, reserved from stock_items"}


def at_reads(path: Path) -> None:
    demo_routes(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["contexts"][CONTEXT]["stage"] = "reads"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def state(dsn: str, which: str) -> dict[int, tuple[int, int]]:
    with psycopg.connect(dsn) as conn:
        return {int(i): (int(h), int(r)) for i, h, r in conn.execute(STATE[which]).fetchall()}


def wait_equal(local: LocalStack, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while state(local.monolith_dsn, "monolith") != state(local.service_dsn(CONTEXT), "service"):
        if time.monotonic() > deadline:
            raise SystemExit(f"the stores did not agree within {timeout:.0f} s")
        time.sleep(0.5)


def step_times(journal: Path) -> dict[str, float]:
    """Seconds from each step's `begin` to its `done`, from the journal's timestamps."""
    begun: dict[str, datetime] = {}
    took: dict[str, float] = {}
    for line in journal.read_text().splitlines()[1:]:
        record = json.loads(line)
        at = datetime.fromisoformat(record["at"])
        if record["kind"] == "begin":
            begun[record["step"]] = at
        elif record["kind"] == "done" and record["step"] in begun:
            took[record["step"]] = (at - begun[record["step"]]).total_seconds()
    return took


def switch_once(rig: Rig, ctl: Controller, to: Stage, pids: list[int]) -> dict[str, Any]:
    cpu_before, thread_before = cpu_seconds(pids), time.thread_time()
    started = time.monotonic()
    outcome = ctl.advance(CONTEXT, to, reason=f"bench: -> {to}", wait=180)
    wall = time.monotonic() - started
    if not outcome.changed:
        raise SystemExit(f"-> {to} did not happen: {outcome.detail}")
    released = outcome.switch["release_writes"]
    return {"to": to.value, "held_s": released["held_seconds"],
            "released_writes": released["released_writes"], "wall_s": round(wall, 3),
            "controller_cpu_s": round(time.thread_time() - thread_before, 3),
            "gateway_cpu_s": round(cpu_seconds(pids) - cpu_before, 3),
            "steps_s": step_times(phase_dir(rig.routes) / "history"
                                  / f"{outcome.switch['id']}.journal")}


def run(args: argparse.Namespace) -> dict[str, Any]:
    with private_stack() as local:
        monolith, service = local.monolith_dsn, local.service_dsn(CONTEXT)
        create_schema(monolith, "monolith")
        create_schema(service, "inventory")
        seed_database(monolith, SeedCounts(items=args.items))
        rig = start_rig(local, REPO / "routes.yaml", fresh=True, prepare=at_reads)
        try:
            sync = StackSync(local, rig.routes, CONTEXT)
            sync.start("forward")
            wait_equal(local)
            admin = GatewayAdmin(rig.admin_url, rig.token)
            ctl = Controller(rig.routes, [admin], sync=sync, state_dir=str(local.state_dir),
                             actor="bench")
            gateway = next(a for a in local.app_status() if a.name == "demo-gateway")
            assert gateway.pid is not None
            pids = gateway_pids(gateway.pid)
            before = state(monolith, "monolith")
            ledger = WriteLedger()
            load = BackgroundLoad(rig.gateway_url, args.rps, mix=args.mix,
                                  on_result=ledger.record).start()
            switches = []
            try:
                time.sleep(5)  # traffic at `reads` for the gates
                for i in range(args.switches * 2):
                    to = Stage.WRITES if i % 2 == 0 else Stage.READS
                    switches.append(switch_once(rig, ctl, to, pids))
                    print(json.dumps(switches[-1]), file=sys.stderr)
                    time.sleep(args.pause)
            finally:
                reports = load.stop()
            if load.failure is not None:
                raise SystemExit(f"the load generator stopped: {load.failure!r}")
            writer = monolith if ctl.stage(CONTEXT) == Stage.READS else service
            after = state(writer, "monolith" if writer == monolith else "service")
            expected = ledger.expected(before)
            lost = sorted(k for k, v in expected.items() if after.get(k) != v)
            wait_equal(local)
            admin.close()
        finally:
            StackSync(local, rig.routes, CONTEXT).stop("reverse")
            StackSync(local, rig.routes, CONTEXT).stop("forward")
            stop_rig(local)
    held = [s["held_s"] for s in switches]
    statuses: Counter[str] = Counter()
    for report in reports:
        statuses.update(report.statuses)
    return {"rps": args.rps, "mix": args.mix, "achieved_rps": round(
                sum(r.completed for r in reports) / sum(r.elapsed_s for r in reports), 1),
            "switches": switches, "hold_p50_s": round(statistics.median(held), 3),
            "hold_max_s": round(max(held), 3),
            "writes_acknowledged": ledger.acknowledged,
            "write_statuses": {str(k): v for k, v in sorted(ledger.statuses.items())},
            "held_503": ledger.held_503, "other_5xx": ledger.server_errors(),
            "writes_without_answer": ledger.unknown, "items_lost_writes": len(lost),
            "all_statuses": dict(statuses)}


def render(result: dict[str, Any]) -> str:
    steps = [step.name for step in CUTOVER]
    lines = [f"load {result['rps']:g} req/s ({result['mix']}), achieved "
             f"{result['achieved_rps']:g} req/s",
             f"{'switch':<16} {'held s':>7} {'released':>8} {'wall s':>7} {'ctl CPU s':>9} "
             f"{'gw CPU s':>8}"]
    for s in result["switches"]:
        lines.append(f"{'-> ' + s['to']:<16} {s['held_s']:>7.3f} {s['released_writes']:>8} "
                     f"{s['wall_s']:>7.1f} {s['controller_cpu_s']:>9.3f} "
                     f"{s['gateway_cpu_s']:>8.3f}")
    lines.append("median seconds per step (cut-over / rollback):")
    for step in steps:
        cut, back = ([s["steps_s"][step] for s in result["switches"]
                      if s["to"] == to and step in s["steps_s"]] for to in ("writes", "reads"))
        lines.append(f"  {step:<16} {statistics.median(cut or [0]):>7.3f} "
                     f"{statistics.median(back or [0]):>7.3f}")
    lines.append(f"hold p50 {result['hold_p50_s']:.3f} s, max {result['hold_max_s']:.3f} s; "
                 f"writes acknowledged {result['writes_acknowledged']}, statuses "
                 f"{result['write_statuses']}; 503 (hold past max_wait) {result['held_503']}, "
                 f"other 5xx {result['other_5xx'] or 0}; lost: {result['items_lost_writes']} "
                 f"item(s) off, {result['writes_without_answer']} write(s) without an answer")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--switches", type=int, default=5, help="cut-overs (and rollbacks)")
    parser.add_argument("--rps", type=float, default=250.0)
    parser.add_argument("--mix", default="reads=0.2,writes=0.8")
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between switches")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    threading.current_thread().name = "controller"
    result = run(args)
    print(json.dumps(result, indent=1) if args.json else render(result))


if __name__ == "__main__":
    main()
