"""The demo's running system: the sample monolith, the inventory service and the gateway as
apps of the local stack, wired together by a routes file of their own.

`start_rig` writes `<state dir>/demo/routes.yaml` from the project's routes file with the
upstreams pointed at the ports the apps got (the admin API rewrites its `stage:` values, so the
tracked file is never touched) and the monolith's inventory port listed for the write switch
(`write_switch.ports`: its admin endpoint, the inventory API through the gateway), an admin
token file for the gateway and one for the monolith (0600), and starts the three apps (each a
stack app: `strangler stack status` shows them, `strangler stack down` stops them). A second
call reuses what runs and the routes file as it is, stages included; a `fresh` one also puts
the monolith's inventory port back to local (a previous walk left it switched, and the switch
outlives restarts).

Guarantees: every address is loopback; `start_rig` returns only once each app answers on its
port, or raises `StackError` naming the app and its log.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

from strangler.errors import StackError
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack

__all__ = ["Rig", "start_rig", "stop_rig"]

APPS = ("monolith", "inventory", "gateway")
PORT_ADMIN = "/admin/inventory-port"
MONOLITH_TOKEN = "monolith-admin-token"  # next to the routes file


@dataclass(frozen=True)
class Rig:
    local: LocalStack
    routes: Path
    token_file: Path
    monolith_port: int
    inventory_port: int
    gateway_port: int
    admin_port: int

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def admin_url(self) -> str:
        return f"http://127.0.0.1:{self.admin_port}"

    @property
    def token(self) -> str:
        return self.token_file.read_text().strip()

    def app_name(self, app: str) -> str:
        return f"demo-{app}"


def _port(local: LocalStack, name: str) -> int:
    running = next((a for a in local.app_status() if a.name == name and a.pid), None)
    return running.port if running is not None and running.port else free_port()


def _routes(source: Path, target: Path, ports: dict[str, int]) -> None:
    """The demo's routes file: the project's, with the upstreams at the apps' ports and the
    monolith's inventory port switched by the write switch."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["upstreams"]["monolith"]["url"] = f"http://127.0.0.1:{ports['monolith']}"
    data["upstreams"]["inventory"]["url"] = f"http://127.0.0.1:{ports['inventory']}"
    data["contexts"]["inventory"]["write_switch"] = {"ports": [{
        "url": f"http://127.0.0.1:{ports['monolith']}{PORT_ADMIN}",
        "remote_url": f"http://127.0.0.1:{ports['gateway']}",
        "token_file": MONOLITH_TOKEN}]}
    text = ("# Written by `strangler demo` from the project's routes file; the gateway's admin\n"
            "# API rewrites the stages here.\n" + yaml.safe_dump(data, sort_keys=False))
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def _wait_ready(url: str, name: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise StackError(f"demo: {name} did not answer at {url} within {timeout:.0f} s "
                             f"(log: {log})")
        time.sleep(0.2)


def stop_rig(local: LocalStack) -> list[str]:
    """Stop the rig's apps; returns those that were running."""
    return [app for app in APPS if local.stop_app(f"demo-{app}")]


def start_rig(local: LocalStack, source_routes: Path, *, workers: int = 2,
              timeout: float = 60.0, fresh: bool = False,
              prepare: Callable[[Path], None] | None = None) -> Rig:
    """Start (or find) the rig. `fresh`: a new routes file at the declared stages (the
    gateway restarted, its state next to the file removed); `prepare` edits a new routes
    file before the gateway reads it."""
    folder = local.state_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    routes, token_file = folder / "routes.yaml", folder / "admin-token"
    if fresh:
        local.stop_app("demo-gateway")
        local.stop_app("demo-monolith")  # started again below with today's flags
        routes.unlink(missing_ok=True)
        shutil.rmtree(folder / ".strangler", ignore_errors=True)
    for secret in (token_file, folder / MONOLITH_TOKEN):
        if not secret.exists():
            fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32) + "\n")
    ports = {app: _port(local, f"demo-{app}") for app in APPS}
    admin_file = folder / "admin-port"
    gateway_running = any(a.name == "demo-gateway" and a.pid for a in local.app_status())
    admin_port = int(admin_file.read_text()) if gateway_running and admin_file.exists() \
        else free_port()
    admin_file.write_text(f"{admin_port}\n")
    if not routes.exists():
        _routes(source_routes, routes, ports)
        if prepare is not None:
            prepare(routes)
    env = {"STRANGLER_STATE_DIR": str(local.state_dir)}
    cli = [sys.executable, "-m", "strangler.cli"]
    local.start_app("demo-monolith", [*cli, "apps", "run", "monolith", "--port",
                                      str(ports["monolith"]), "--admin-token-file",
                                      str(folder / MONOLITH_TOKEN)],
                    env=env, port=ports["monolith"])
    local.start_app("demo-inventory", [*cli, "apps", "run", "inventory", "--port",
                                       str(ports["inventory"])], env=env,
                    port=ports["inventory"])
    local.start_app("demo-gateway", [
        *cli, "gateway", "run", "--config", str(routes), "--listen",
        f"127.0.0.1:{ports['gateway']}", "--admin-listen", f"127.0.0.1:{admin_port}",
        "--admin-token-file", str(token_file), "--workers", str(workers)],
        env=env, port=ports["gateway"])
    rig = Rig(local, routes, token_file, ports["monolith"], ports["inventory"],
              ports["gateway"], admin_port)
    for app, url in (("monolith", f"http://127.0.0.1:{ports['monolith']}/healthz"),
                     ("inventory", f"http://127.0.0.1:{ports['inventory']}/healthz"),
                     ("gateway", f"{rig.admin_url}/healthz")):
        _wait_ready(url, app, local.apps_dir / f"demo-{app}" / "log", timeout)
    if fresh:  # the declared stage is where the monolith writes its own inventory
        answer = requests.post(
            f"http://127.0.0.1:{ports['monolith']}{PORT_ADMIN}",
            json={"mode": "local", "actor": "demo", "reason": "fresh demo rig"},
            headers={"Authorization":
                     f"Bearer {(folder / MONOLITH_TOKEN).read_text().strip()}"}, timeout=30)
        if answer.status_code != 200:
            raise StackError(f"demo: the monolith's inventory port was not reset to local: "
                             f"{answer.status_code} {answer.text[:200]}")
    return rig
