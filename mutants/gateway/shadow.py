"""Shadow traffic: mirroring sampled requests to the service, off the hot path.

Owns the shadow queue, its workers and its own connection pool. Guarantees:

* the primary path never waits for a shadow: `offer` is synchronous and non-blocking; when the
  bounded queue is full the job is dropped and counted (`outcome="dropped"`);
* shadows use their own connection pools (`upstream.UpstreamClient`, `max_connections` per
  service) and one short deadline (`timeout`) for the whole exchange, so a slow or broken
  service cannot exhaust the primary pools;
* shadow requests carry `X-Strangler-Shadow: 1`; their responses never reach a client;
* each comparison is recorded in metrics (per route: sent, match, mismatch, error, incomparable,
  dropped) and per-context counters; the most recent mismatches (paths only, never values) are
  kept in a small ring for the admin API; a sample of mismatching pairs goes, redacted, to a
  JSONL file (`MismatchLog`) that `gateway replay` can re-send.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import random
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from multidict import CIMultiDict

from gateway.config import GatewayConfig, ShadowPoolConfig, UpstreamConfig
from gateway.diff import Captured, IgnoreRules, compare
from gateway.errors import UpstreamError
from gateway.metrics import GatewayMetrics
from gateway.routing import Decision
from gateway.upstream import UpstreamClient

if TYPE_CHECKING:
    from gateway.forward import UpstreamPool

__all__ = ["MismatchLog", "ShadowDispatcher", "ShadowStats"]

log = logging.getLogger("gateway.shadow")

@dataclass(slots=True)
class _Job:
    context: str
    route: str
    base: str
    method: str
    path_qs: str
    headers: list[tuple[str, str]]
    body: bytes | None
    primary: Captured
    ignore: IgnoreRules
    compare_headers: tuple[str, ...]


@dataclass
class ShadowStats:
    counts: dict[str, int] = field(default_factory=dict)
    recent_mismatches: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=50))

    def as_dict(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "recent_mismatches": list(self.recent_mismatches)}


class ShadowDispatcher:
    """Start with `start()`, stop with `close()` (pending jobs are discarded)."""

    def __init__(self, cfg: ShadowPoolConfig, metrics: GatewayMetrics,
                 mismatch_log: MismatchLog | None = None) -> None:
        self.cfg = cfg
        self.mismatch_log = mismatch_log
        self.metrics = metrics
        self.capture_limit = cfg.max_capture_bytes
        self._queue: asyncio.Queue[_Job] = asyncio.Queue(maxsize=cfg.queue_size)
        self._clients: dict[str, UpstreamClient] = {}  # per service URL, shadow-only pools
        self._workers: list[asyncio.Task[None]] = []
        self._ignore_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], IgnoreRules] = {}
        self.stats: dict[str, ShadowStats] = {}

    def _client(self, base: str) -> UpstreamClient:
        client = self._clients.get(base)
        if client is None:
            t = self.cfg.timeout
            client = self._clients[base] = UpstreamClient("shadow", UpstreamConfig(
                url=base, connect_timeout=t, read_timeout=t, total_timeout=t,
                max_connections=self.cfg.max_connections))
        return client

    async def start(self) -> None:
        self._workers = [asyncio.create_task(self._work(), name=f"shadow-{i}")
                         for i in range(self.cfg.concurrency)]

    async def close(self) -> None:
        for task in self._workers:
            task.cancel()
        for task in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._workers = []
        for client in self._clients.values():
            await client.close()
        self._clients = {}

    def _count(self, context: str, route: str, outcome: str) -> None:
        self.metrics.shadow.labels(context, route, outcome).inc()
        st = self.stats.setdefault(context, ShadowStats())
        st.counts[outcome] = st.counts.get(outcome, 0) + 1

    def offer(self, decision: Decision, config: GatewayConfig, pool: UpstreamPool,
              method: str, path_qs: str, headers: list[tuple[str, str]],
              body: bytes | None, primary: Captured) -> bool:
        """Queue a comparison; never blocks. Returns False when the job was dropped."""
        context = decision.context or ""
        assert decision.shadow is not None
        ctx = config.contexts[context]
        key = (ctx.shadow.ignore_fields, ctx.shadow.unordered_arrays)
        ignore = self._ignore_cache.get(key)
        if ignore is None:
            ignore = self._ignore_cache[key] = IgnoreRules(*key)
        shadow_headers = [*headers, ("X-Strangler-Shadow", "1")]
        job = _Job(context, decision.route, pool.spec[decision.shadow].url, method, path_qs,
                   shadow_headers, body, primary, ignore, ctx.shadow.compare_headers)
        try:
            self._queue.put_nowait(job)
        except asyncio.QueueFull:
            self._count(context, decision.route, "dropped")
            return False
        self._count(context, decision.route, "sent")
        self.metrics.shadow_queue.set(self._queue.qsize())
        return True

    async def _work(self) -> None:
        while True:
            job = await self._queue.get()
            self.metrics.shadow_queue.set(self._queue.qsize())
            try:
                await self._run(job)
            except asyncio.CancelledError:
                raise
            except Exception:  # a shadow must never take the worker down
                log.exception("shadow comparison failed")
                self._count(job.context, job.route, "error")

    async def _run(self, job: _Job) -> None:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.cfg.timeout):
                resp = await self._client(job.base).request(
                    job.method, job.path_qs, job.headers, job.body)
                try:
                    kept = bytearray()
                    complete = True
                    async for chunk in resp.content.iter_chunked(64 * 1024):
                        kept += chunk
                        if len(kept) > self.capture_limit:
                            complete = False
                            break
                    shadow = Captured(resp.status, resp.headers,
                                      bytes(kept) if complete else None)
                finally:
                    resp.release()
        except (UpstreamError, TimeoutError) as exc:
            self._count(job.context, job.route, "error")
            log.debug("shadow request failed: %s", type(exc).__name__)
            return
        result = compare(job.primary, shadow, ignore=job.ignore,
                         compare_headers=job.compare_headers)
        if not result.comparable:
            self._count(job.context, job.route, "incomparable")
        elif result.match:
            self._count(job.context, job.route, "match")
        else:
            self._count(job.context, job.route, "mismatch")
            self.stats.setdefault(job.context, ShadowStats()).recent_mismatches.append({
                "at": time.time(), "method": job.method, "path": job.path_qs.split("?")[0],
                "differences": list(result.differences),
                "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
            })
            if self.mismatch_log is not None and random.random() * 100 < \
                    self.cfg.mismatch_log_percent:
                await asyncio.to_thread(self.mismatch_log.write, job.context, job.route,
                                        job.method, job.path_qs, job.headers, job.body,
                                        job.primary, shadow, result.differences)


class MismatchLog:
    """Sampled mismatching pairs as JSONL, redacted, replayable with `gateway replay`.

    Guarantees: configured headers (`redact_headers`) and JSON fields (`redact_fields`, any
    depth) are replaced by "***" before anything is written; bodies are stored up to 64 KiB
    (JSON as JSON, other text as text, binary base64); writing stops at `max_bytes`."""

    _BODY_CAP = 64 * 1024

    def __init__(self, path: Path, cfg: ShadowPoolConfig) -> None:
        self.path = path
        self.max_bytes = cfg.mismatch_log_max_bytes
        self.redact_headers = frozenset(h.lower() for h in cfg.redact_headers)
        self.redact_fields = frozenset(cfg.redact_fields)

    def write(self, context: str, route: str, method: str, path_qs: str,
              headers: list[tuple[str, str]], body: bytes | None, primary: Captured,
              shadow: Captured, differences: tuple[str, ...]) -> bool:
        try:
            if self.path.exists() and self.path.stat().st_size >= self.max_bytes:
                return False
        except OSError:
            return False
        skip = {"x-strangler-shadow", "x-forwarded-for", "x-forwarded-proto", "via"}
        path, sep, query = path_qs.partition("?")
        if sep:
            pairs = [(k, "***" if k in self.redact_fields else v)
                     for k, v in parse_qsl(query, keep_blank_values=True)]
            path_qs = path + "?" + urlencode(pairs, safe="*")
        record = {
            "ts": time.time(), "context": context, "route": route, "method": method,
            "path": path_qs,
            "request": {"headers": [[k, "***" if k.lower() in self.redact_headers else v]
                                    for k, v in headers if k.lower() not in skip],
                        "body": self._body(body, CIMultiDict(headers))},
            "primary": self._response(primary),
            "shadow": self._response(shadow),
            "differences": list(differences),
        }
        line = json.dumps(record, sort_keys=True) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
        except OSError as exc:
            log.warning("cannot write the shadow mismatch log: %s", exc.strerror)
            return False
        return True

    def _response(self, cap: Captured) -> dict[str, Any]:
        headers = [[k, "***" if k.lower() in self.redact_headers else v]
                   for k, v in cap.headers.items()]
        return {"status": cap.status, "headers": headers,
                "body": self._body(cap.body, cap.headers)}

    def _body(self, body: bytes | None, headers: Any) -> dict[str, Any] | None:
        if body is None:
            return None
        body = body[:self._BODY_CAP]
        ctype = str(headers.get("content-type", "")).split(";")[0].strip().lower()
        if ctype == "application/json" or ctype.endswith("+json"):
            try:
                return {"json": self._redact(json.loads(body))}
            except ValueError:
                pass
        try:
            return {"text": body.decode("utf-8")}
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(body).decode("ascii")}

    def _redact(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: "***" if k in self.redact_fields else self._redact(v)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact(v) for v in value]
        return value
