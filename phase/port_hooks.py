"""The monolith ports a write switch moves (`contexts.<name>.write_switch.ports`).

Owns calling each listed monolith's `/admin/inventory-port` endpoint: the bearer token from the
hook's `token_file` (relative to the routes file) or its environment variable, never in a
message, log or repr; bounded timeouts; one call per hook, in the listed order. Each call is
idempotent at the monolith (the same mode again changes nothing and waits for the drain again),
so a switch resumed after a crash simply calls again. Every failure is a `StepFailed` naming
the hook by its path in the routes file and its URL, so the switch is undone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import requests

from gateway.config import PortHook
from phase.errors import StepFailed

__all__ = ["switch_ports"]


def _token(hook: PortHook, config: Path, where: str) -> str:
    if hook.token_file is not None:
        path = config.resolve().parent / hook.token_file
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise StepFailed(f"{where}.token_file: cannot read {path}: {exc.strerror}"
                             ) from None
    else:
        token = os.environ.get(hook.token_variable, "").strip()
    if not token:
        raise StepFailed(f"{where}: no admin token for {hook.url}: set "
                         f"{hook.token_variable} or token_file")
    return token


def switch_ports(hooks: Sequence[PortHook], *, config: Path, context: str,
                 mode: Literal["local", "remote"], actor: str, reason: str
                 ) -> list[dict[str, Any]]:
    """Switch every hook's port to `mode`; returns what each monolith answered (no secrets)."""
    answers = []
    for i, hook in enumerate(hooks):
        where = f"contexts.{context}.write_switch.ports[{i}]"
        body: dict[str, Any] = {"mode": mode, "actor": actor, "reason": reason,
                                "drain_timeout_seconds": hook.drain_timeout_seconds}
        if mode == "remote":
            body["url"] = hook.remote_url
        headers = {"Authorization": f"Bearer {_token(hook, config, where)}"}
        try:
            resp = requests.post(hook.url, json=body, headers=headers, allow_redirects=False,
                                 timeout=(5.0, hook.drain_timeout_seconds + 15.0))
        except requests.RequestException as exc:
            raise StepFailed(f"{where}: {hook.url} did not answer ({type(exc).__name__})"
                             ) from None
        try:
            payload = resp.json()
        except ValueError:
            payload = {}
        payload = payload if isinstance(payload, dict) else {}
        if resp.status_code != 200:
            raw = payload.get("error")
            error: dict[str, Any] = raw if isinstance(raw, dict) else {}
            raise StepFailed(f"{where}: {hook.url} answered {resp.status_code} "
                             f"{error.get('code', '')}: {error.get('message', resp.reason)}")
        answers.append({"url": hook.url, "mode": payload.get("mode"),
                        "changed": payload.get("changed"),
                        "drained_local_orders": payload.get("drained_local_orders"),
                        "drain_seconds": payload.get("drain_seconds")})
    return answers
