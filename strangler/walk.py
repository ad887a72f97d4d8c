"""The demo's migration walk: inventory from `legacy` to `retired` through the gates, under load.

`walk` drives load through the gateway the whole time (the load generator in a thread, in
short bounded rounds, so per-stage figures are exact), and takes the context through
legacy -> shadow -> canary 10 % -> canary 50 % -> reads -> writes -> retired with the phase
controller: each step re-evaluates its gates until they pass (printing every gate with value,
threshold and samples) or its time is up. The write cut-over is the journaled switch; its
measured write hold is in the report. `break_row` corrupts one row in the service's store
before the reads step, so the consistency gate refuses and names the key; the walk then
repairs it through the pipeline (`verify --repair --apply`) and goes on.

The demo's routes file sizes the gates' sample thresholds for a few minutes of demo traffic
(`DEMO_GATES`); production thresholds stay the defaults of `routes.yaml`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import yaml

from gateway.stages import Stage
from phase.admin_client import GatewayAdmin
from phase.controller import Controller, Evaluation, Outcome, StepRefused
from phase.sync_control import StackSync
from strangler.errors import StackError
from strangler.loadgen import run_load
from strangler.rig import Rig

__all__ = ["DEMO_GATES", "StageFigures", "WalkReport", "demo_routes", "render_walk", "walk"]

CONTEXT = "inventory"
# enough evidence for a demo of a few minutes; the defaults ask for far more
DEMO_GATES = {"min_shadow_samples": 100, "max_shadow_diff_rate": 0.02, "min_requests": 150,
              "max_error_rate_delta": 0.05, "max_p99_slow_share_delta": 0.1,
              "max_fallback_rate": 0.05, "lag_consecutive_fences": 2,
              "ping_pong_window_seconds": 15}


@dataclass
class StageFigures:
    stage: str
    seconds: float = 0.0
    requests: int = 0
    errors: int = 0  # transport failures, unexpected statuses (a 409 stock conflict is fine)
    statuses: Counter[str] = field(default_factory=Counter)
    fallbacks: float = 0.0
    shadow_compared: float = 0.0
    shadow_mismatches: float = 0.0
    lag_seconds: float | None = None  # end-to-end lag the gates measured last in the stage


@dataclass
class WalkReport:
    stages: list[StageFigures] = field(default_factory=list)
    gates: list[dict[str, Any]] = field(default_factory=list)  # every evaluation shown
    hold_seconds: float | None = None
    held_writes: int = 0
    broke: str | None = None


class _Load:
    """Load through the gateway in rounds of `chunk` seconds until stopped; each round's
    report is added to the stage that was current when it ran."""

    def __init__(self, url: str, rps: float, chunk: float = 2.0) -> None:
        self.url, self.rps, self.chunk = url, rps, chunk
        self.stage = StageFigures("legacy")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-load", daemon=True)
        self.failure: BaseException | None = None

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        items = None
        while not self._stop.is_set():
            try:
                report = asyncio.run(run_load(self.url, self.rps, self.chunk, items=items,
                                              timeout=10.0))
            except BaseException as exc:  # shown by the walk, never a silent stop
                self.failure = exc
                return
            figures = self.stage
            figures.requests += report.completed
            figures.errors += report.error_count
            figures.statuses.update(report.statuses)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.chunk + 15)


def demo_routes(path: Path) -> None:
    """Size the rig's gate thresholds for demo traffic (in place, before the gateway starts)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    context = data["contexts"][CONTEXT]
    context.setdefault("gates", {}).update(DEMO_GATES)
    context["shadow"]["sample_percent"] = 50  # enough comparisons in seconds, not minutes
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _set_canary(rig: Rig, admin: GatewayAdmin, percent: int) -> None:
    data = yaml.safe_load(rig.routes.read_text(encoding="utf-8"))
    data["contexts"][CONTEXT]["canary"]["percent"] = percent
    rig.routes.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    admin.reload()


def _counter(text: str, name: str, **labels: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    total = 0.0
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                total += s.value
    return total


def walk(rig: Rig, *, rps: float = 40.0, step_timeout: float = 180.0, break_row: bool = False,
         say: Callable[[str], None] = print) -> WalkReport:
    admin = GatewayAdmin(rig.admin_url, rig.token)
    controller = Controller(rig.routes, [admin], sync=StackSync(rig.local, rig.routes, CONTEXT),
                            state_dir=str(rig.local.state_dir), actor="demo", say=say)
    report = WalkReport()
    load = _Load(rig.gateway_url, rps)
    load.start()
    started = time.monotonic()

    last_lag: dict[str, float | None] = {"seconds": None}

    def show(evaluation: Evaluation) -> None:
        for r in evaluation.results:
            if r.gate in ("forward_lag", "reverse_lag") and isinstance(r.value, int | float):
                last_lag["seconds"] = float(r.value)
        verdicts = ", ".join(f"{r.gate} {r.verdict.value}"
                             f"{'' if r.value is None else f' ({r.value}, n={r.samples})'}"
                             for r in evaluation.results)
        say(f"  gates {evaluation.old} -> {evaluation.new}: {verdicts}")
        report.gates.append({"from": evaluation.old.value, "to": evaluation.new.value,
                             "evidence": evaluation.evidence_id,
                             "gates": [r.as_dict() for r in evaluation.results]})

    def step(to: Stage, reason: str) -> Outcome:
        say(f"\n== {CONTEXT}: -> {to} ==")
        outcome = controller.advance(CONTEXT, to, reason=reason, wait=step_timeout,
                                     progress=show)
        if not outcome.changed:
            raise StackError(f"demo: {CONTEXT} did not reach {to}: {outcome.detail}")
        return outcome

    totals = {"fallbacks": 0.0, "compared": 0.0, "mismatches": 0.0}

    def close_stage(new: str) -> None:
        nonlocal started
        figures = load.stage
        figures.seconds = round(time.monotonic() - started, 1)
        text = admin.metrics_text()
        now = {"fallbacks": _counter(text, "gateway_fallbacks_total", context=CONTEXT),
               "compared": sum(_counter(text, "gateway_shadow_requests_total", context=CONTEXT,
                                        outcome=o) for o in ("match", "mismatch")),
               "mismatches": _counter(text, "gateway_shadow_requests_total", context=CONTEXT,
                                      outcome="mismatch")}
        figures.lag_seconds = last_lag["seconds"]
        figures.fallbacks = now["fallbacks"] - totals["fallbacks"]
        figures.shadow_compared = now["compared"] - totals["compared"]
        figures.shadow_mismatches = now["mismatches"] - totals["mismatches"]
        totals.update(now)
        report.stages.append(figures)
        load.stage = StageFigures(new)
        started = time.monotonic()

    try:
        time.sleep(3)  # some legacy traffic first
        for to, label in ((Stage.SHADOW, "shadow"), (Stage.CANARY, "canary 10%")):
            step(to, f"demo: {label}")
            close_stage(label)
        time.sleep(5)
        _set_canary(rig, admin, 50)
        say("\n== inventory: canary 10% -> 50% (routes file, hot reload) ==")
        close_stage("canary 50%")
        if break_row:
            report.broke = _break_row(rig)
            say(f"\n== --break: changed {report.broke} by hand in the service's store ==")
            try:
                controller.advance(CONTEXT, Stage.READS, reason="demo: reads (broken row)",
                                   progress=show)
            except StepRefused as exc:
                say(f"refused, as it should be: {exc}")
            _repair(rig, say)
        step(Stage.READS, "demo: reads")
        close_stage("reads")
        time.sleep(5)
        cut = step(Stage.WRITES, "demo: the write cut-over")
        released = cut.switch.get("release_writes") or {}
        report.hold_seconds = released.get("held_seconds")
        report.held_writes = int(released.get("released_writes", 0))
        close_stage("writes")
        time.sleep(5)
        step(Stage.RETIRED, "demo: retire the monolith's inventory")
        close_stage("retired")
        time.sleep(3)
    finally:
        load.stop()
        admin.close()
    if load.failure is not None:
        raise StackError(f"demo: the load generator stopped: {load.failure}")
    figures = load.stage
    figures.seconds = round(time.monotonic() - started, 1)
    report.stages.append(figures)
    return report


def _break_row(rig: Rig) -> str:
    dsn = rig.local.service_dsn("inventory")
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("update stock_items set on_hand = on_hand + 1000 "
                           "where item_id = (select min(item_id) from stock_items) "
                           "returning item_id").fetchone()
    if row is None:
        raise StackError("demo --break: the service's stock_items is empty")
    return f"stock_items item_id={row[0]}"


def _repair(rig: Rig, say: Callable[[str], None]) -> None:
    from cdc.verify.repair import repair

    say("repairing through the pipeline: strangler verify --context inventory --repair --apply")
    result = repair(CONTEXT, apply=True, config=rig.routes, state_dir=str(rig.local.state_dir))
    outcome = result.repair.verdict if result.repair is not None else result.verdict
    say(f"after the repair: exit {result.exit_code} ({outcome})")
    if result.exit_code != 0:
        raise StackError(f"demo --break: the repair did not bring the stores together "
                         f"({result.verdict})")


def render_walk(report: WalkReport) -> str:
    """The final report: per stage the traffic and what the gateway saw, then the hold."""
    lines = [f"{'stage':<12} {'seconds':>8} {'requests':>9} {'errors':>7} {'5xx':>5} "
             f"{'fallbacks':>9} {'diff rate':>9} {'lag s':>7}"]
    for f in report.stages:
        rate = f"{f.shadow_mismatches / f.shadow_compared:.4f}" if f.shadow_compared else "-"
        lines.append(f"{f.stage:<12} {f.seconds:>8.1f} {f.requests:>9} {f.errors:>7} "
                     f"{sum(n for k, n in f.statuses.items() if k.startswith('5')):>5} "
                     f"{f.fallbacks:>9.0f} {rate:>9} "
                     f"{'-' if f.lag_seconds is None else f'{f.lag_seconds:.3f}':>7}")
    if report.hold_seconds is not None:
        lines.append(f"write cut-over: writes held {report.hold_seconds:.3f} s, "
                     f"{report.held_writes} held write(s) released to the service")
    if report.broke:
        lines.append(f"--break: {report.broke} was found by the consistency gate and repaired")
    return "\n".join(lines)
