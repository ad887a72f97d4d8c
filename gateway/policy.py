"""The seam where stage gates plug in.

Owns the `StageChangePolicy` protocol that every stage change passes through after the ladder
check (stages.py) and before anything is persisted. The gateway ships `AllowAll`; the phase
controller's `phase.policy.GatedPolicy` evaluates the gates over live measurements and returns
its evidence bundle's id and verdicts, which the audit log records verbatim. `for_config` picks
the policy a gateway runs with from `admin.policy` (read at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from gateway.config import GatewayConfig
from gateway.stages import Stage

__all__ = ["AllowAll", "PolicyVerdict", "StageChangePolicy", "StageChangeRequest",
           "for_config"]


@dataclass(frozen=True, slots=True)
class StageChangeRequest:
    context: str
    old: Stage
    new: Stage
    actor: str
    reason: str
    config_version: str
    force: bool = False  # go ahead past gates that did not pass (loud, audited: docs/phase.md)
    # the flip of a write switch (reads <-> writes): the switch's id, and whether the gateway
    # holds the context's writes at this moment (phase.cutover)
    switch: str | None = None
    writes_held: bool = False


@dataclass(frozen=True, slots=True)
class PolicyVerdict:
    allowed: bool
    reason: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)


class StageChangePolicy(Protocol):
    name: str

    async def evaluate(self, request: StageChangeRequest,
                       config: GatewayConfig) -> PolicyVerdict: ...


class AllowAll:
    """No gates yet: every ladder-valid change is allowed (and still audited)."""

    name = "allow-all"

    async def evaluate(self, request: StageChangeRequest,
                       config: GatewayConfig) -> PolicyVerdict:
        return PolicyVerdict(True, "no gates configured (allow-all policy)")


def for_config(config: GatewayConfig, *, routes_path: Path, evidence_dir: Path,
               metrics: Callable[[], str | None]) -> StageChangePolicy:
    """The policy `admin.policy` names: `gates` (the default) or `allow-all`."""
    if config.admin.policy == "allow-all":
        return AllowAll()
    from phase.measure import Sources  # the phase controller builds on the gateway
    from phase.policy import GatedPolicy

    return GatedPolicy(evidence_dir, Sources(routes_path, metrics=metrics))
