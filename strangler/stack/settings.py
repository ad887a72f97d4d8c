"""Where a local stack lives and which ports it asks for.

The state dir holds every component's data, logs and PID files, plus `stack.json` (mode 0600)
with the ports actually in use and the generated database password. Default state dir:
`.strangler/` in the project root; `STRANGLER_STATE_DIR` or `--state-dir` override it.
Ports come from `STRANGLER_<COMPONENT>_PORT` variables or fall back to defaults; a default port
that is taken is replaced by a free one (and said so), an explicitly requested one is not.
Prometheus' scrape/evaluation interval (`STRANGLER_PROMETHEUS_INTERVAL`, default 5s) and an
optional cap on every alert rule's `for:` (`STRANGLER_ALERT_FOR`, for tests and demos that want
an alert to fire within seconds) are Prometheus durations such as `1s` or `2m`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from strangler.errors import UsageError
from strangler.stack.vendor import PROJECT_ROOT

__all__ = ["COMPONENTS", "DEFAULT_PORTS", "PORT_ENV", "StackSettings", "StackState"]

COMPONENTS = ("monolith-pg", "services-pg", "broker", "connect", "exporter", "prometheus")
DEFAULT_PORTS: Mapping[str, int] = {
    "monolith-pg": 55432,
    "services-pg": 55433,
    "broker": 59092,
    "connect": 58083,
    "exporter": 59100,
    "prometheus": 59090,
}
PORT_ENV: Mapping[str, str] = {
    name: "STRANGLER_" + name.upper().replace("-", "_") + "_PORT" for name in COMPONENTS
}


def _parse_port(raw: str, where: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise UsageError(f"{where}: {raw!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise UsageError(f"{where}: {port} is outside 1..65535")
    return port


_DURATION = re.compile(r"[1-9][0-9]*(ms|s|m|h)")


def _parse_duration(raw: str, where: str) -> str:
    if not _DURATION.fullmatch(raw):
        raise UsageError(f"{where}: {raw!r} is not a duration such as 500ms, 5s, 2m or 1h")
    return raw


@dataclass(frozen=True)
class StackSettings:
    """What the user asked for: a state dir and any explicitly requested ports."""

    state_dir: Path
    requested_ports: Mapping[str, int] = field(default_factory=dict)
    host: str = "127.0.0.1"
    prometheus_interval: str = "5s"
    alert_for: str | None = None  # caps every alert rule's `for:` (tests, demos)

    @classmethod
    def from_env(
        cls, state_dir: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
    ) -> StackSettings:
        env = os.environ if env is None else env
        chosen = state_dir or env.get("STRANGLER_STATE_DIR") or PROJECT_ROOT / ".strangler"
        ports = {
            name: _parse_port(env[var], var) for name, var in PORT_ENV.items() if env.get(var)
        }
        interval = env.get("STRANGLER_PROMETHEUS_INTERVAL")
        alert_for = env.get("STRANGLER_ALERT_FOR")
        return cls(state_dir=Path(chosen).resolve(), requested_ports=ports,
                   prometheus_interval=_parse_duration(interval, "STRANGLER_PROMETHEUS_INTERVAL")
                   if interval else "5s",
                   alert_for=_parse_duration(alert_for, "STRANGLER_ALERT_FOR")
                   if alert_for else None)


@dataclass
class StackState:
    """What a stack has settled on (persisted in `stack.json`)."""

    ports: dict[str, int]
    password: str

    @classmethod
    def load(cls, path: Path) -> StackState | None:
        try:
            data = json.loads(path.read_text())
            return cls(ports={k: int(v) for k, v in data["ports"].items()},
                       password=str(data["password"]))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(f"{path}: unreadable stack state ({exc}); remove the state dir "
                             "after `strangler stack down` to start afresh") from None

    @classmethod
    def new(cls) -> StackState:
        return cls(ports={}, password=secrets.token_urlsafe(18))

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump({"ports": self.ports, "password": self.password}, handle, indent=2)
        tmp.replace(path)
