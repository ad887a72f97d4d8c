"""`GatedPolicy`: the gateway's `StageChangePolicy` that applies the phase controller's gates.

Owns the decision of a stage change request: measure (measure.py, in a thread: it does I/O),
judge (gates.py, pure), record (evidence.py), answer. Guarantees:

* a change is allowed only when every gate of its transition passes; inconclusive blocks;
* a paused context (`strangler phase pause`, the dashboard's pause button) does not move
  forward, whoever asks; a rollback is always judged;
* every evaluation, allowed or refused, writes an evidence bundle before the answer, and the
  answer's evidence (which the gateway's audit record holds verbatim) names the bundle id;
* `force` (the admin API's `"force": true`, which needs a `reason` like every change) lets a
  change through gates that did not pass, never silently: the gates are still evaluated and
  recorded, the bundle's decision is `forced`, the audit record carries `forced: true` and the
  failing gates, and a WARNING is logged naming the actor and the reason;
* a measurement that raises makes its gate inconclusive (measure.py), and a failure of the
  policy itself refuses the change (gateway/changes.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from gateway.changes import is_rollback
from gateway.config import GatewayConfig
from gateway.policy import PolicyVerdict, StageChangeRequest
from gateway.stages import Stage
from phase import evidence
from phase.controller import paused
from phase.gates import GateResult, Measurements, Verdict, allowed, evaluate, summary
from phase.measure import Sources, collect

__all__ = ["GatedPolicy"]

log = logging.getLogger("phase.policy")

Measure = Callable[[str, StageChangeRequest, GatewayConfig], Measurements]


class GatedPolicy:
    """Evaluate the gates of the requested transition; refuse unless all pass."""

    name = "gates"

    def __init__(self, evidence_dir: str | Path, sources: Sources,
                 measure: Measure | None = None) -> None:
        self.evidence_dir = Path(evidence_dir)
        self.sources = sources
        self._measure = measure or self._collect

    def _collect(self, context: str, request: StageChangeRequest,
                 config: GatewayConfig) -> Measurements:
        return collect(context, request.old, request.new, config, self.sources)

    async def evaluate(self, request: StageChangeRequest,
                       config: GatewayConfig) -> PolicyVerdict:
        ctx = config.contexts.get(request.context)
        if ctx is None:  # a context added by hand at a later stage would skip every gate
            return PolicyVerdict(False, f"context {request.context} is not in the config the "
                                        "change starts from: add it at stage legacy, then "
                                        "advance it through the gates")
        held = paused(Path(self.sources.routes_path), request.context)
        if held is not None and not is_rollback(request.old, request.new):
            return PolicyVerdict(False, f"{request.context} is paused by "
                                        f"{held.get('actor', '?')} ({held.get('reason', '')}): "
                                        f"`strangler phase resume {request.context}` first",
                                 {"paused": held})
        if {request.old, request.new} == WRITE_SWITCH:
            verdict = _switch_verdict(request)
            if verdict is not None:
                return verdict
        m = await asyncio.to_thread(self._measure, request.context, request, config)
        results = evaluate(request.old, request.new, m, ctx.gates)
        ok = allowed(results)
        evidence_id = evidence.new_id(request.context)
        data = evidence.bundle(
            evidence_id=evidence_id, context=request.context, old=request.old,
            new=request.new, actor=request.actor, reason=request.reason,
            force=request.force, allowed=ok, results=results, measurements=m,
            thresholds=ctx.gates, config_version=request.config_version,
            config_text=config.model_dump_json())
        await asyncio.to_thread(evidence.write, self.evidence_dir, data)
        brief = summary(results)
        record = {"id": evidence_id, "decision": data["decision"],
                  "gates": [_compact(r) for r in results]}
        if ok:
            return PolicyVerdict(True, brief, record)
        if request.force:
            record["forced"] = True
            log.warning("FORCED stage change of %s %s -> %s by %s past gates that did not "
                        "pass (%s); reason: %s; evidence %s", request.context, request.old,
                        request.new, request.actor, brief, request.reason, evidence_id)
            return PolicyVerdict(True, f"FORCED past gates that did not pass: {brief} "
                                       f"(evidence {evidence_id})", record)
        return PolicyVerdict(False, f"{brief} (evidence {evidence_id})", record)


WRITE_SWITCH = {Stage.READS, Stage.WRITES}


def _switch_verdict(request: StageChangeRequest) -> PolicyVerdict | None:
    """The flip of a write switch: allowed only from the switch itself while the writes are
    held (its gates were judged before the hold; fence, applier and verification are proven
    inside it). A forced writes -> reads without a switch (the emergency rollback) goes on to
    the gates like any forced change (None); anything else is refused."""
    if request.switch is not None and request.writes_held:
        return PolicyVerdict(True, f"flip of write switch {request.switch} while the writes "
                                   "are held", {"switch": request.switch, "writes_held": True})
    if request.switch is not None:
        return PolicyVerdict(False, f"write switch {request.switch}: the gateway does not hold "
                                    f"the writes of {request.context} (the hold expired or was "
                                    "released)", {"switch": request.switch})
    if request.old == Stage.WRITES and request.force:
        return None
    command = "advance" if request.new == Stage.WRITES else "rollback"
    return PolicyVerdict(False, f"{request.old} -> {request.new} is the write switch: "
                                f"`strangler phase {command} {request.context}` holds and "
                                "drains the writes and proves the sync before it flips",
                         {"switch": None})


def _compact(r: GateResult) -> dict[str, object]:
    out: dict[str, object] = {"gate": r.gate, "verdict": r.verdict.value, "value": r.value,
                              "samples": r.samples}
    if r.verdict is not Verdict.PASS:
        out["detail"] = r.detail
    return out
