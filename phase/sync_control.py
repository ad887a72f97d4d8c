"""Starting and stopping a context's sync directions on the local stack.

Each stage owns which directions run (forward until the write cut-over, reverse after it); the
phase controller starts and stops them through `StackSync`. A direction is its Debezium
connector (registered idempotently, after its preflight checks, by `cdc.connectors`) plus one
applier process, a stack app named `applier-<context>-<direction>` with its metrics on a port of
its own (recorded in the app's folder, shown by `strangler stack status`, stopped by
`strangler stack down`).

Stopping a direction stops its applier and leaves its connector running: the connector keeps
consuming its replication slot, so the database it reads does not retain WAL while the
direction rests, and a later start (a rollback) resumes from the applier's stored offsets. What
the other direction wrote meanwhile carries its loop-prevention marker and is skipped then.

Guarantees: `start` and `stop` are idempotent (the switch runs them again after a crash).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from cdc.config import Direction, load_sync
from cdc.connectors import ApplyResult, Connectors
from cdc.endpoints import Endpoints
from strangler.stack.monitoring import Scrape
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack

__all__ = ["Started", "StackSync"]


@dataclass(frozen=True)
class Started:
    direction: str
    connector: ApplyResult
    pid: int
    metrics_port: int
    log: Path


class StackSync:
    """The sync directions of one context, run as apps of a local stack."""

    def __init__(self, local: LocalStack, config: Path, context: str) -> None:
        self.local, self.config, self.context = local, config.resolve(), context

    def app_name(self, direction: str) -> str:
        return f"applier-{self.context}-{direction}"

    def direction(self, name: str) -> Direction:
        return Direction(self.context, load_sync(self.config, self.context), name)

    def start(self, direction: str) -> Started:
        """Register the direction's connector and start its applier (no-op where running)."""
        connector = Connectors(self.direction(direction),
                               Endpoints(str(self.local.state_dir))).apply()
        name = self.app_name(direction)
        running = next((app for app in self.local.app_status()
                        if app.name == name and app.pid), None)
        port = running.port if running is not None and running.port else free_port()
        tracked = self.local.start_app(
            name,
            [sys.executable, "-m", "cdc.run", "--config", str(self.config), "--context",
             self.context, "--direction", direction, "--state-dir", str(self.local.state_dir),
             "--metrics-port", str(port)],
            port=port, scrape=Scrape("applier", port, labels={"context": self.context}))
        return Started(direction, connector, tracked.pid, port,
                       self.local.apps_dir / name / "log")

    def stop(self, direction: str) -> bool:
        """Stop the direction's applier; True when one was running."""
        return self.local.stop_app(self.app_name(direction))

    def running(self, direction: str) -> bool:
        name = self.app_name(direction)
        return any(app.name == name and app.pid for app in self.local.app_status())
