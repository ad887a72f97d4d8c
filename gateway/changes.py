"""Stage changes: the same checks and the same audit record, whoever asks for them.

Owns what a stage change is and the checks it passes, whether it comes from the admin API or
from a hand edit of routes.yaml that a reload picked up (`actor: file`). Guarantees:

* `stage_changes(before, after)` lists every context whose stage differs between two configs,
  in config order; a context missing from a config counts as `legacy`, so adding a context at
  `reads` or deleting one at `writes` is a stage change like any other (pure);
* `check()` runs the ladder (stages.py: one step either way), then the `StageChangePolicy`
  (policy.py, the gates seam) against the config the change starts from, and raises
  `StageChangeRefused` naming the context; the policy's evidence lands in the audit record
  either way;
* `audit_record()` gives every stage-change audit record, from any source, the same fields:
  action, context, old, new, actor, reason, policy, result, config versions and, once a new
  routes file is written or judged, `file_version` (the version of that file: the record that
  settles it, which every worker and replica reads before judging the file itself).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from gateway.config import GatewayConfig
from gateway.errors import StageChangeRefused
from gateway.policy import StageChangePolicy, StageChangeRequest
from gateway.stages import LADDER, Stage, transition_problem

__all__ = ["StageChange", "audit_record", "check", "is_rollback", "stage_changes"]

log = logging.getLogger("gateway.changes")


@dataclass(frozen=True, slots=True)
class StageChange:
    context: str
    old: Stage
    new: Stage


def stage_changes(before: GatewayConfig, after: GatewayConfig) -> tuple[StageChange, ...]:
    """Contexts whose stage differs (absent = legacy); contexts of `after` first."""
    names = list(after.contexts) + [n for n in before.contexts if n not in after.contexts]
    out = []
    for name in names:
        old = before.contexts[name].stage if name in before.contexts else Stage.LEGACY
        new = after.contexts[name].stage if name in after.contexts else Stage.LEGACY
        if old != new:
            out.append(StageChange(name, old, new))
    return tuple(out)


def is_rollback(old: Stage, new: Stage) -> bool:
    """One step back along the ladder (the change that must work in an emergency)."""
    return LADDER.index(old) - LADDER.index(new) == 1


def audit_record(request: StageChangeRequest, policy: StageChangePolicy,
                 **extra: Any) -> dict[str, Any]:
    """The audit record of a stage change, before its result is known."""
    return {"action": "stage_change", "context": request.context, "old": request.old.value,
            "new": request.new.value, "actor": request.actor, "reason": request.reason,
            "config_version_before": request.config_version, "policy": policy.name,
            **({"force": True} if request.force else {}), **extra}


async def check(request: StageChangeRequest, config: GatewayConfig,
                policy: StageChangePolicy, record: dict[str, Any]) -> None:
    """Ladder, then policy; raises StageChangeRefused. Fills the policy's part of `record`."""
    problem = transition_problem(request.old, request.new)
    if problem:
        raise StageChangeRefused(f"contexts.{request.context}.stage: {problem}")
    try:
        verdict = await policy.evaluate(request, config)
    except Exception as exc:  # a failing gate refuses; it never waves a change through
        log.exception("policy %s failed on %s", policy.name, request.context)
        raise StageChangeRefused(f"contexts.{request.context}.stage: policy {policy.name} "
                                 f"failed: {type(exc).__name__}") from exc
    record["evidence"] = verdict.evidence
    record["policy_reason"] = verdict.reason
    if verdict.evidence.get("forced"):
        record["forced"] = True
    if not verdict.allowed:
        raise StageChangeRefused(f"contexts.{request.context}.stage: {request.old} -> "
                                 f"{request.new} refused by policy {policy.name}: "
                                 f"{verdict.reason}")
