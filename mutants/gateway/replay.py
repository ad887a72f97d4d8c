"""Replaying sampled shadow mismatches against the current legacy and service upstreams.

Owns reading the mismatch JSONL written by `shadow.MismatchLog` and re-running each pair.
Guarantees: every request is sent once to the context's legacy upstream and once to its service
upstream, as recorded (method, path, headers, body) minus redacted values ("***" headers are
not sent); both answers are compared with the context's *current* diff rules, so a fix on
either side or a new ignore rule shows up as "now matches". Writes are replayed only for routes
that opt in to write shadowing (otherwise skipped: replaying a write would execute it twice).
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.config import GatewayConfig
from gateway.diff import Captured, IgnoreRules, compare
from gateway.errors import UpstreamError
from gateway.stages import is_read
from gateway.upstream import UpstreamClient

__all__ = ["ReplayResult", "read_records", "replay"]


@dataclass(frozen=True)
class ReplayResult:
    line: int
    context: str
    method: str
    path: str
    outcome: str  # "match", "mismatch", "error", "skipped"
    differences: tuple[str, ...] = ()
    detail: str = ""


def read_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield n, json.loads(line)
            except ValueError:
                continue  # a torn last line is not a record


def _body(spec: dict[str, Any] | None) -> bytes | None:
    if not spec:
        return None
    if "json" in spec:
        return json.dumps(spec["json"]).encode()
    if "text" in spec:
        return str(spec["text"]).encode()
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    return None


async def _capture(client: UpstreamClient, method: str, path: str,
                   headers: list[tuple[str, str]], body: bytes | None) -> Captured:
    resp = await client.request(method, path, headers, body)
    try:
        data = await resp.read()
    finally:
        resp.release()
    return Captured(resp.status, resp.headers, data)


async def replay(config: GatewayConfig, path: Path, *, limit: int | None = None
                 ) -> list[ReplayResult]:
    clients: dict[str, UpstreamClient] = {}

    def client(name: str) -> UpstreamClient:
        if name not in clients:
            clients[name] = UpstreamClient(name, config.upstreams[name])
        return clients[name]

    results: list[ReplayResult] = []
    try:
        for n, rec in read_records(path):
            if limit is not None and len(results) >= limit:
                break
            name = str(rec.get("context", ""))
            method = str(rec.get("method", "GET"))
            req_path = str(rec.get("path", "/"))
            ctx = config.contexts.get(name)
            if ctx is None:
                results.append(ReplayResult(n, name, method, req_path, "skipped",
                                            detail="unknown context"))
                continue
            if not is_read(method) and rec.get("route") not in ctx.shadow.write_routes:
                results.append(ReplayResult(n, name, method, req_path, "skipped",
                                            detail="write route not opted in"))
                continue
            request = rec.get("request") or {}
            headers = [(str(k), str(v)) for k, v in request.get("headers", []) if v != "***"]
            body = _body(request.get("body"))
            try:
                legacy = await _capture(client(ctx.legacy or config.default_upstream), method,
                                        req_path, headers, body)
                service = await _capture(client(ctx.service), method, req_path,
                                         headers + [("X-Strangler-Shadow", "1")], body)
            except UpstreamError as exc:
                results.append(ReplayResult(n, name, method, req_path, "error",
                                            detail=exc.message))
                continue
            result = compare(legacy, service,
                             ignore=IgnoreRules(ctx.shadow.ignore_fields,
                                                ctx.shadow.unordered_arrays),
                             compare_headers=ctx.shadow.compare_headers)
            results.append(ReplayResult(n, name, method, req_path,
                                        "match" if result.match else "mismatch",
                                        result.differences))
    finally:
        for c in clients.values():
            await c.close()
    return results


def run_replay(config: GatewayConfig, path: Path, limit: int | None = None
               ) -> list[ReplayResult]:
    return asyncio.run(replay(config, path, limit=limit))
