"""Where the live stage of each bounded context lives: the `StageStore` seam.

Owns what a live stage is (`LiveStage`: stage, revision, who changed it, when, why), the small
API every store offers, and how live stages override the declared ones (`overlay`, pure).
`routes.yaml` stays the declared config; `stage_store.kind` in it picks the store (read at
start-up only):

* `file` (stage_file.py, the default): the live stage is `contexts.<name>.stage` in the routes
  file itself, rewritten by the admin API under a file lock; every process watching the file
  converges (reload.py);
* `postgres` (stage_pg.py): a control table `<schema>.stages` shared by every gateway replica,
  on any number of machines; changes are a compare-and-swap in one UPDATE, NOTIFY'd in the
  same transaction, and recorded in `<schema>.stage_changes` by a trigger in that transaction.

Guarantees of every store: `compare_and_set` changes a stage only while it is still the
expected one (else returns None and changes nothing) and only one rung along the ladder
(stages.py); the revision of a context only grows; the API is synchronous and needs no event
loop, so a CLI process (the phase controller) can use it as well as a gateway. The checks of
changes.py (ladder, policy) and the audit records are the caller's: the admin API runs them
whichever store is configured.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from gateway.errors import ConfigError, StageChangeRefused
from gateway.stages import Stage, transition_problem

if TYPE_CHECKING:
    from gateway.config import GatewayConfig

__all__ = ["LiveStage", "StageStore", "check_step", "open_store", "overlay"]


@dataclass(frozen=True, slots=True)
class LiveStage:
    context: str
    stage: Stage
    revision: int  # per context in the control table; the file's revision in routes.yaml
    changed_at: datetime | None = None
    changed_by: str = ""
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage.value, "revision": self.revision,
                "changed_at": self.changed_at.isoformat() if self.changed_at else None,
                "changed_by": self.changed_by, "reason": self.reason}


class StageStore(Protocol):
    """The live stages: read them, change one atomically, follow changes."""

    kind: str

    def stages(self) -> dict[str, LiveStage]:
        """Every context's live stage."""
        ...

    def current(self, context: str) -> LiveStage | None:
        """One context's live stage, or None when the store does not know the context."""
        ...

    def compare_and_set(self, context: str, expected: Stage, new: Stage, actor: str,
                        reason: str, record: dict[str, Any] | None = None
                        ) -> LiveStage | None:
        """Set `new` if the stage is still `expected`; the new live stage, or None (nothing
        changed). `record` (the caller's audit record) is stored with the change where the
        store keeps a history. Raises StageChangeRefused for a step off the ladder."""
        ...

    def watch(self, timeout: float) -> Iterator[LiveStage]:
        """Changes as they happen, for up to `timeout` seconds."""
        ...


def check_step(context: str, expected: Stage, new: Stage) -> None:
    """The ladder, enforced by every store too (a store is also written to without the admin
    API: the phase controller, a CLI)."""
    problem = transition_problem(expected, new)
    if problem:
        raise StageChangeRefused(f"contexts.{context}.stage: {problem}")


def overlay(config: GatewayConfig, live: Mapping[str, LiveStage]) -> GatewayConfig:
    """`config` with each context's stage replaced by its live stage where one is known; a
    context the store has not seen keeps its declared stage (pure)."""
    changed = {name: ctx.model_copy(update={"stage": live[name].stage})
               for name, ctx in config.contexts.items()
               if name in live and live[name].stage != ctx.stage}
    if not changed:
        return config
    contexts = {name: changed.get(name, ctx) for name, ctx in config.contexts.items()}
    return config.model_copy(update={"contexts": MappingProxyType(contexts)})


def control_dsn(config: GatewayConfig) -> str:
    """The control database's DSN from the variable `stage_store.dsn_env` names, validated
    (strangler/dsn.py); ConfigError naming the variable, never quoting its value."""
    from strangler.dsn import check
    from strangler.errors import DsnError

    variable = config.stage_store.dsn_variable
    value = os.environ.get(variable)
    if not value:
        raise ConfigError("stage_store.dsn_env",
                          f"stage_store kind postgres needs the control database's DSN in "
                          f"the environment variable {variable}, which is not set")
    try:
        return check(value, variable)
    except DsnError as exc:
        raise ConfigError("stage_store.dsn_env", str(exc)) from None


def open_store(config: GatewayConfig, routes: str | Path) -> StageStore:
    """The store `config.stage_store` names, for a routes file at `routes`."""
    if config.stage_store.kind == "postgres":
        from gateway.stage_pg import PostgresStageStore

        return PostgresStageStore(control_dsn(config), config.stage_store.schema_name,
                                  source=config.stage_store.dsn_variable)
    from gateway.stage_file import FileStageStore

    return FileStageStore(routes)
