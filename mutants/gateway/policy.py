"""The seam where stage gates plug in.

Owns the `StageChangePolicy` protocol that every stage change passes through after the ladder
check (stages.py) and before anything is persisted. The gateway ships `AllowAll`; the phase
controller will provide a policy that evaluates the gates over live measurements and returns
its evidence bundle, which the audit log records verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from gateway.config import GatewayConfig
from gateway.stages import Stage

__all__ = ["AllowAll", "PolicyVerdict", "StageChangePolicy", "StageChangeRequest"]


@dataclass(frozen=True, slots=True)
class StageChangeRequest:
    context: str
    old: Stage
    new: Stage
    actor: str
    reason: str
    config_version: str


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
