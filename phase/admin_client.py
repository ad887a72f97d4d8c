"""The gateway's admin API as the phase controller uses it (synchronous, one session).

Owns how the controller talks to a gateway: the bearer token (never in a message, repr or
log), bounded timeouts, and turning answers into the phase package's errors:

* the gateway unreachable or answering 5xx -> `GatewayUnavailable` (exit 3) naming the URL;
* 401/403 -> `AdminRefused` (exit 2): the token is wrong or missing;
* 4xx with the gateway's `{"error", "message"}` -> `AdminRefused` carrying that message (a
  refused stage change names the gates that did not pass and the evidence bundle).
"""

from __future__ import annotations

from typing import Any

import requests

from phase.errors import PhaseError

__all__ = ["AdminRefused", "GatewayAdmin", "GatewayUnavailable"]


class GatewayUnavailable(PhaseError):
    """The gateway's admin API did not answer, or failed (5xx)."""


class AdminRefused(PhaseError):
    """The gateway refused the request (bad token, refused change, bad input)."""

    exit_code = 2

    def __init__(self, message: str, *, status: int, body: dict[str, Any] | None = None
                 ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body or {}


class GatewayAdmin:
    def __init__(self, url: str, token: str, *, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self._session = requests.Session()
        self._session.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"GatewayAdmin({self.url!r})"

    def close(self) -> None:
        self._session.close()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None,
              timeout: float | None = None) -> dict[str, Any]:
        url = f"{self.url}{path}"
        try:
            answer = self._session.request(method, url, json=body,
                                           timeout=timeout or self.timeout)
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"the gateway's admin API at {self.url} did not answer "
                                     f"({type(exc).__name__})") from None
        try:
            payload = answer.json()
        except ValueError:
            payload = {}
        if not isinstance(payload, dict):
            payload = {}
        if answer.status_code >= 500:
            raise GatewayUnavailable(f"{method} {path} failed at {self.url}: "
                                     f"{answer.status_code} {payload.get('message', '')}".strip())
        if answer.status_code in (401, 403):
            raise AdminRefused(f"the gateway at {self.url} refused the admin token "
                               f"({answer.status_code})", status=answer.status_code)
        if answer.status_code >= 400:
            message = str(payload.get("message") or f"{answer.status_code} {answer.reason}")
            raise AdminRefused(message, status=answer.status_code, body=payload)
        return payload

    def metrics_text(self) -> str:
        """The gateway's Prometheus exposition (its admin port's /metrics)."""
        try:
            answer = self._session.get(f"{self.url}/metrics", timeout=self.timeout)
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"the gateway's metrics at {self.url} did not answer "
                                     f"({type(exc).__name__})") from None
        if answer.status_code != 200:
            raise GatewayUnavailable(f"the gateway's metrics at {self.url}: "
                                     f"{answer.status_code}")
        return answer.text

    def state(self) -> dict[str, Any]:
        return self._call("GET", "/admin/state")

    def context(self, name: str) -> dict[str, Any]:
        return self._call("GET", f"/admin/contexts/{name}")

    def change_stage(self, name: str, stage: str, *, expected: str, actor: str, reason: str,
                     force: bool = False, switch: str | None = None) -> dict[str, Any]:
        """`switch`: the id of the write switch whose flip this is (writes must be held)."""
        body: dict[str, Any] = {"stage": stage, "expected_stage": expected, "actor": actor,
                                "reason": reason}
        if force:
            body["force"] = True
        if switch is not None:
            body["switch"] = switch
        return self._call("POST", f"/admin/contexts/{name}/stage", body)

    def reload(self) -> dict[str, Any]:
        """Re-read the routes file now (POST /admin/reload)."""
        return self._call("POST", "/admin/reload")

    def hold_writes(self, name: str, *, actor: str, reason: str,
                    max_hold: float | None = None, drain_timeout: float = 5.0
                    ) -> dict[str, Any]:
        body: dict[str, Any] = {"actor": actor, "reason": reason,
                                "drain_timeout_seconds": drain_timeout}
        if max_hold is not None:
            body["max_hold_seconds"] = max_hold
        return self._call("POST", f"/admin/contexts/{name}/hold-writes", body,
                          timeout=self.timeout + drain_timeout)

    def release_writes(self, name: str, *, actor: str, reason: str,
                       expected_stage: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"actor": actor, "reason": reason}
        if expected_stage is not None:
            body["expected_stage"] = expected_stage
        return self._call("POST", f"/admin/contexts/{name}/release-writes", body)
