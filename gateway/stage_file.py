"""The `file` stage store: the live stage is `contexts.<name>.stage` in routes.yaml itself.

Owns changing a stage in the routes file from outside a gateway process (a CLI, the phase
controller). Guarantees: the same write as the admin API's (reload.py): under the routes
file's lock, compare-and-swap on the stage in the file, the audit record (with `file_version`)
appended before the new file is renamed into place, so every running gateway process takes it
as an applied change, not as a hand edit to judge; a file whose stages differ from what the
gateway serves (`.strangler/<file>.last-good`: a hand edit not judged yet) is not rewritten.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gateway.audit import AuditLog
from gateway.changes import stage_changes
from gateway.config import load_config, load_config_text
from gateway.errors import StageChangeRefused
from gateway.reload import file_lock, last_good, rewrite_stage, stage_in, write_audited
from gateway.stage_store import LiveStage, check_step
from gateway.stages import Stage

__all__ = ["FileStageStore"]


class FileStageStore:
    kind = "file"

    def __init__(self, routes: str | Path) -> None:
        self.path = Path(routes).resolve()

    def __repr__(self) -> str:
        return f"FileStageStore({str(self.path)!r})"

    def stages(self) -> dict[str, LiveStage]:
        cfg = load_config(self.path).config
        return {name: LiveStage(name, ctx.stage, cfg.revision)
                for name, ctx in cfg.contexts.items()}

    def current(self, context: str) -> LiveStage | None:
        return self.stages().get(context)

    def compare_and_set(self, context: str, expected: Stage, new: Stage, actor: str,
                        reason: str, record: dict[str, Any] | None = None
                        ) -> LiveStage | None:
        check_step(context, expected, new)
        with file_lock(self.path):
            loaded = load_config(self.path)
            if stage_in(loaded, context) != expected:
                return None
            served = last_good(self.path)
            if served is not None and served.version != loaded.version and \
                    stage_changes(served.config, loaded.config):
                raise StageChangeRefused(f"{self.path.name} holds a stage edit the gateway has "
                                         "not judged yet; retry")
            new_loaded = load_config_text(rewrite_stage(loaded, context, new),
                                          source=str(self.path))
            entry = {"action": "stage_change", "context": context, "old": expected.value,
                     "new": new.value, "actor": actor, "reason": reason,
                     "config_version_before": loaded.version, **(record or {})}
            audit = AuditLog(self.path.parent / loaded.config.admin.audit_log)
            write_audited(self.path, new_loaded, entry, audit)
        return LiveStage(context, new, new_loaded.config.revision, changed_by=actor,
                         reason=reason)

    def watch(self, timeout: float, interval: float = 0.1) -> Iterator[LiveStage]:
        deadline = time.monotonic() + timeout
        known = self.stages()
        while time.monotonic() < deadline:
            time.sleep(interval)
            now = self.stages()
            for name, live in now.items():
                if name not in known or known[name].stage != live.stage:
                    yield live
            known = now
