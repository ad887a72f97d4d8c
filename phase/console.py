"""What the gateway's dashboard asks of the phase controller: gate previews, evidence bundles,
pause files and live lag readings.

The gateway owns the page and its HTTP side (gateway/dashboard.py); everything that needs the
phase controller's measurements, files or the CDC tools is here, behind the small surface the
dashboard's `Console` protocol names, so the gateway never imports the controller at start-up.
Guarantees:

* `gates()` is the same evaluation as `phase.controller.Controller.evaluate` and the gateway's
  `GatedPolicy` (`phase.measure.collect`, then `phase.gates.evaluate` against the context's
  thresholds) and writes its evidence bundle with `dry_run: true`; it changes nothing;
* `evidence()` is `phase.evidence.load` on the gateway's evidence folder: an id names a file
  inside it, never outside;
* errors the page should show are the gateway's own (`NotFound`, `InvalidAdminRequest`), so
  the admin API answers them with their status;
* `pause()` / `resume()` write and remove the same pause file as `strangler phase pause` /
  `resume` (`.strangler/phase/<context>.paused`), which `GatedPolicy` and the controller honour;
* `lag()` reads each configured sync direction with `cdc.lag.measure` (the newest fence applied
  at the target, `strangler_cdc.fences_applied`); a direction that cannot be measured is
  reported with its state `unavailable` and a redacted reason, never raised.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gateway.config import GatewayConfig
from gateway.errors import InvalidAdminRequest, NotFound
from gateway.stages import Stage, transition_problem
from phase import evidence
from phase.controller import paused, remove_pause, write_pause
from phase.errors import EvidenceNotFound
from phase.gates import allowed, evaluate, summary
from phase.measure import Sources, collect
from strangler.dsn import redact

__all__ = ["PhaseConsole"]


class PhaseConsole:
    def __init__(self, routes_path: str | Path, evidence_dir: str | Path,
                 metrics: Callable[[], str | None], state_dir: str | None = None) -> None:
        self.routes_path = Path(routes_path)
        self.evidence_dir = Path(evidence_dir)
        self.sources = Sources(self.routes_path, metrics=metrics, state_dir=state_dir)
        self.state_dir = state_dir

    # --- gates -----------------------------------------------------------------------------
    def gates(self, context: str, old: Stage, new: Stage | None, config: GatewayConfig,
              config_version: str, actor: str) -> dict[str, Any]:
        """Measure and judge `old -> new` (blocking I/O: run it in a thread). A step the
        ladder does not allow is `InvalidAdminRequest` (400)."""
        paused_by = paused(self.routes_path, context)
        if new is None:
            return {"context": context, "from": old.value, "to": None, "gates": [],
                    "allowed": False, "summary": f"{context} is at {old}: the last stage",
                    "evidence_id": None, "paused": paused_by}
        problem = transition_problem(old, new)
        if problem:
            raise InvalidAdminRequest(f"{context}: {problem}")
        thresholds = config.contexts[context].gates
        measurements = collect(context, old, new, config, self.sources)
        results = evaluate(old, new, measurements, thresholds)
        ok = allowed(results)
        evidence_id = evidence.new_id(context)
        data = evidence.bundle(
            evidence_id=evidence_id, context=context, old=old, new=new, actor=actor,
            reason="dashboard preview", force=False, allowed=ok, results=results,
            measurements=measurements, thresholds=thresholds, config_version=config_version,
            config_text=config.model_dump_json(), dry_run=True)
        evidence.write(self.evidence_dir, data)
        return {"context": context, "from": old.value, "to": new.value,
                "gates": [r.as_dict() for r in results], "allowed": ok,
                "summary": summary(results), "evidence_id": evidence_id,
                "missing": dict(measurements.missing), "plan": data["plan"],
                "paused": paused_by}

    # --- evidence --------------------------------------------------------------------------
    def evidence(self, evidence_id: str) -> dict[str, Any]:
        """The bundle; `NotFound` (404) for an unknown or malformed id."""
        try:
            return evidence.load(self.evidence_dir, evidence_id)
        except EvidenceNotFound as exc:
            raise NotFound(exc.message) from None

    # --- pause -----------------------------------------------------------------------------
    def paused(self, context: str) -> dict[str, Any] | None:
        return paused(self.routes_path, context)

    def pause(self, context: str, actor: str, reason: str) -> dict[str, Any]:
        """The pause file `strangler phase pause` writes; returns its record."""
        return write_pause(self.routes_path, context, actor, reason)

    def resume(self, context: str) -> bool:
        return remove_pause(self.routes_path, context)

    # --- lag -------------------------------------------------------------------------------
    def lag(self, config: GatewayConfig) -> list[dict[str, Any]]:
        """One reading per configured sync direction (blocking I/O: run it in a thread)."""
        from cdc.config import Direction
        from cdc.endpoints import Endpoints
        from cdc.lag import measure

        endpoints = Endpoints(self.state_dir)
        out: list[dict[str, Any]] = []
        for name, ctx in config.contexts.items():
            if ctx.sync is None:
                continue
            for which in ("forward", "reverse"):
                if which == "reverse" and ctx.sync.reverse is None:
                    continue
                row: dict[str, Any] = {"context": name, "direction": which}
                try:
                    d = Direction(name, ctx.sync, which)
                    report = measure(d, source_dsn=endpoints.dsn(d.source_db),
                                     target_dsn=endpoints.dsn(d.target_db))
                except Exception as exc:  # a reading that cannot be taken is shown, not raised
                    row.update(state="unavailable", reason=redact(str(exc))[:200],
                               e2e_lag_seconds=None, wal_bytes_behind=None)
                else:
                    row.update(state=report.state, reason=report.reason[:200],
                               e2e_lag_seconds=None if report.e2e_lag_ms is None
                               else report.e2e_lag_ms / 1000,
                               wal_bytes_behind=report.wal_bytes_behind)
                out.append(row)
        return out
