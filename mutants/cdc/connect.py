"""A client for the Kafka Connect REST API (with `requests`).

Owns the HTTP conversation with one Connect worker or cluster: create-or-update (idempotent
PUT of a config), status with the failure trace, pause, resume, restart including tasks, delete,
and offsets. Transport failures and 5xx/409 answers raise `ConnectUnavailable` (retriable: the
worker is down or rebalancing); other refusals raise `ConnectError` with the worker's message.
Connector configs may hold passwords: they are never included in error messages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

from cdc.errors import ConnectError, ConnectUnavailable

__all__ = ["ConnectClient", "ConnectorStatus", "TaskStatus"]


@dataclass(frozen=True)
class TaskStatus:
    id: int
    state: str
    worker_id: str
    trace: str | None = None


@dataclass(frozen=True)
class ConnectorStatus:
    name: str
    state: str
    worker_id: str
    tasks: tuple[TaskStatus, ...] = field(default_factory=tuple)
    trace: str | None = None

    @property
    def running(self) -> bool:
        """The connector and every one of its tasks are RUNNING (and there is at least one)."""
        return (self.state == "RUNNING" and bool(self.tasks)
                and all(t.state == "RUNNING" for t in self.tasks))

    @property
    def failed(self) -> bool:
        return self.state == "FAILED" or any(t.state == "FAILED" for t in self.tasks)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConnectorStatus:
        connector = data.get("connector", {})
        tasks = tuple(
            TaskStatus(id=int(t["id"]), state=t["state"], worker_id=t.get("worker_id", ""),
                       trace=t.get("trace"))
            for t in data.get("tasks", [])
        )
        return cls(name=data["name"], state=connector.get("state", "UNKNOWN"),
                   worker_id=connector.get("worker_id", ""), tasks=tasks,
                   trace=connector.get("trace"))


class ConnectClient:
    """One Kafka Connect REST endpoint."""

    def __init__(self, url: str, *, timeout: float = 30.0,
                 session: requests.Session | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            response = self._session.request(method, self.url + path,
                                             timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise ConnectUnavailable(
                f"Kafka Connect at {self.url} did not answer {method} {path}: "
                f"{type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 409:
            raise ConnectUnavailable(
                f"Kafka Connect answered {method} {path} with {response.status_code}: "
                f"{_message(response)}", status=response.status_code)
        return response

    @staticmethod
    def _path(name: str, suffix: str = "") -> str:
        return f"/connectors/{quote(name, safe='')}{suffix}"

    def _ok(self, response: requests.Response, what: str, *codes: int) -> requests.Response:
        if response.status_code not in codes:
            raise ConnectError(f"{what}: HTTP {response.status_code} {_message(response)}",
                               status=response.status_code)
        return response

    # -- reads -----------------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        return dict(self._ok(self._request("GET", "/"), "worker info", 200).json())

    def plugins(self) -> list[str]:
        data = self._ok(self._request("GET", "/connector-plugins"), "plugins", 200).json()
        return [p["class"] for p in data]

    def connectors(self) -> list[str]:
        return list(self._ok(self._request("GET", "/connectors"), "list connectors", 200).json())

    def config(self, name: str) -> dict[str, str] | None:
        response = self._request("GET", self._path(name, "/config"))
        if response.status_code == 404:
            return None
        return dict(self._ok(response, f"config of {name!r}", 200).json())

    def status(self, name: str) -> ConnectorStatus | None:
        response = self._request("GET", self._path(name, "/status"))
        if response.status_code == 404:
            return None
        return ConnectorStatus.from_json(self._ok(response, f"status of {name!r}", 200).json())

    def offsets(self, name: str) -> list[dict[str, Any]]:
        response = self._request("GET", self._path(name, "/offsets"))
        return list(self._ok(response, f"offsets of {name!r}", 200).json().get("offsets", []))

    # -- writes ----------------------------------------------------------------------------------
    def apply(self, name: str, config: dict[str, str]) -> bool:
        """Create or update; True if the connector was created. Idempotent."""
        response = self._request("PUT", self._path(name, "/config"), json=config)
        return self._ok(response, f"apply {name!r}", 200, 201).status_code == 201

    def pause(self, name: str) -> None:
        self._ok(self._request("PUT", self._path(name, "/pause")), f"pause {name!r}", 202)

    def resume(self, name: str) -> None:
        self._ok(self._request("PUT", self._path(name, "/resume")), f"resume {name!r}", 202)

    def restart(self, name: str, *, include_tasks: bool = True, only_failed: bool = False) -> None:
        params = {"includeTasks": str(include_tasks).lower(),
                  "onlyFailed": str(only_failed).lower()}
        response = self._request("POST", self._path(name, "/restart"), params=params)
        self._ok(response, f"restart {name!r}", 200, 202, 204)

    def stop(self, name: str) -> None:
        """Stop the connector and its tasks, keeping its config (Connect 3.5+)."""
        self._ok(self._request("PUT", self._path(name, "/stop")), f"stop {name!r}", 202, 204)

    def reset_offsets(self, name: str) -> None:
        """Forget the connector's stored offsets; it must be STOPPED (Connect 3.6+, KIP-875)."""
        self._ok(self._request("DELETE", self._path(name, "/offsets")),
                 f"reset offsets of {name!r}", 200)

    def delete(self, name: str) -> bool:
        """Delete; False if there was no such connector. Idempotent."""
        response = self._request("DELETE", self._path(name))
        if response.status_code == 404:
            return False
        self._ok(response, f"delete {name!r}", 204, 200)
        return True

    def wait_running(self, name: str, timeout: float = 60.0) -> ConnectorStatus:
        """Wait until the connector and all its tasks run; raise with the trace if one fails."""
        deadline = time.monotonic() + timeout
        last: ConnectorStatus | None = None
        while time.monotonic() < deadline:
            try:
                last = self.status(name)
            except ConnectUnavailable:
                last = None
            if last is not None and last.running:
                return last
            if last is not None and last.failed:
                trace = last.trace or next((t.trace for t in last.tasks if t.trace), None)
                raise ConnectError(f"connector {name!r} FAILED: {_first_lines(trace)}")
            time.sleep(0.25)
        state = f"{last.state}, tasks {[t.state for t in last.tasks]}" if last else "absent"
        raise ConnectError(f"connector {name!r} not RUNNING after {timeout:.0f} s ({state})",
                           retriable=True)


def _message(response: requests.Response) -> str:
    try:
        return str(response.json().get("message", response.text))[:1000]
    except ValueError:
        return response.text[:1000]


def _first_lines(trace: str | None, n: int = 6) -> str:
    return "\n".join((trace or "no trace").splitlines()[:n])
