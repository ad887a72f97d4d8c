"""One gateway process: the data-plane listener, the admin listener and everything they share.

Owns the lifecycle (`start()` / `close()` pair, also as `async with`) of the config holder,
upstream pools, shadow dispatcher, metrics and both listeners (the data port is listener.py's
own HTTP/1.1 server; the admin API stays an aiohttp application), and the per-request handlers
that tie the pure parts together: method check, canonical target (paths.py), Host and framing
checks, the routing decision (routing.py), then forward.py — synchronously from the listener's
callbacks for bodiless GET/HEAD (`forward_nowait`), as a coroutine otherwise; both share every
check, error answer and metric — and the read-your-writes state (recent_writes.py: the router
reads it, a write's answer updates it). A write of a context whose writes are held
(write_hold.py, hold_control.py) waits before its body is read and is routed again when
released; writes in flight are counted per context. Guarantees: a request is handled
against one config snapshot; everything the gateway refuses on its own is answered with a small
JSON error `{"error": code, "message": ...}` carrying the status from errors.py and never
reaches an upstream (a request body that fails after its upstream request started is cut off
there, see forward.py), and the connection is closed after that answer; `close()` stops
accepting and lets in-flight requests finish (at most 5 s).
"""

from __future__ import annotations

import json
import logging
import random
import re
import secrets
import time
from collections.abc import Awaitable
from pathlib import Path

from aiohttp import web

from gateway.admin import AdminApi
from gateway.auth import AdminToken
from gateway.dashboard import Dashboard, console_for
from gateway.errors import (
    GatewayError,
    InvalidFraming,
    InvalidHost,
    MethodNotAllowed,
    NotRouted,
    ResponseAborted,
    StageStoreUnavailable,
    UpstreamError,
    WritesHeld,
)
from gateway.forward import Forwarder, Outcome
from gateway.headers import VIA, request_id
from gateway.hold_control import HoldControl
from gateway.listener import Listener, Request
from gateway.metrics import GatewayMetrics
from gateway.paths import Target, canonical_target
from gateway.policy import StageChangePolicy, for_config
from gateway.recent_writes import RecentWrites
from gateway.reload import ConfigHolder, Snapshot
from gateway.routing import Decision, decide
from gateway.shadow import MismatchLog, ShadowDispatcher
from gateway.stage_pg import PostgresStageStore, StageWatcher
from gateway.stage_store import open_store
from gateway.stages import READ_METHODS, Stage
from gateway.write_hold import Waiter, WaitOutcome

__all__ = ["Gateway"]

log = logging.getLogger("gateway.server")

ALLOWED_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
_ALLOW = ", ".join(sorted(ALLOWED_METHODS))
STORE_START_TIMEOUT = 5.0  # seconds to wait for the stage store at start-up
_STATUS_CLASS = {1: "1xx", 2: "2xx", 3: "3xx", 4: "4xx", 5: "5xx"}


def _error_parts(exc: GatewayError, rid: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    doc = {"error": exc.code, "message": exc.message}
    headers = [(b"Content-Type", b"application/json; charset=utf-8"),
               (b"X-Request-ID", rid.encode()), (b"Via", VIA.encode())]
    if isinstance(exc, WritesHeld):
        doc["context"] = exc.context
        headers.append((b"Retry-After", b"%d" % exc.retry_after))
    body = json.dumps(doc).encode()
    if isinstance(exc, MethodNotAllowed):
        headers.append((b"Allow", (", ".join(exc.allow) if exc.allow else _ALLOW).encode()))
    return exc.status, headers, body


_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])"
                   r"(?::[0-9]{1,5})?$")


def _check_host(request: Request) -> None:
    hosts = request.headers.getall("Host", ())
    if len(hosts) > 1:
        raise InvalidHost("more than one Host header")
    if not hosts:
        if request.version >= (1, 1):
            raise InvalidHost("HTTP/1.1 requests need a Host header")
        return
    if not _HOST.match(hosts[0]):
        raise InvalidHost("invalid Host header")


def _check_framing(request: Request) -> None:
    if not request.chunked and request.content_length is None:
        return  # the listener saw neither header: nothing to look up again (most requests)
    headers = request.headers
    te = headers.getall("Transfer-Encoding", ())
    cls = headers.getall("Content-Length", ())
    if te and cls:
        raise InvalidFraming("both Transfer-Encoding and Content-Length are present")
    if len(cls) > 1:
        raise InvalidFraming("more than one Content-Length header")
    if te and (len(te) > 1 or te[0].strip().lower() != "chunked"):
        raise InvalidFraming("only 'Transfer-Encoding: chunked' is supported")


class Gateway:
    def __init__(self, config_path: str | Path, *, host: str = "127.0.0.1", port: int = 8080,
                 admin_host: str = "127.0.0.1", admin_port: int | None = None,
                 admin_token: AdminToken | None = None,
                 policy: StageChangePolicy | None = None, reuse_port: bool = False,
                 worker: int = 0, watch_interval: float = 0.25,
                 replacement: bool = False, control_dir: str | Path | None = None) -> None:
        self.metrics = GatewayMetrics()
        # audited: every process judges hand edits of the file, so each can write the audit
        self.holder = ConfigHolder(config_path, interval=watch_interval,
                                   on_swap=self._on_swap, on_result=self._on_reload,
                                   policy=policy, audited=True, replacement=replacement,
                                   worker=worker)
        cfg = self.holder.current.config
        if policy is None:
            self.holder.policy = for_config(
                cfg, routes_path=self.holder.path,
                evidence_dir=self.holder.relative(cfg.admin.evidence_dir),
                metrics=lambda: self.metrics.render().decode("utf-8"))
        audit = self.holder.audit
        assert audit is not None
        mismatch_log = None
        if cfg.shadow.mismatch_log:
            mismatch_log = MismatchLog(self.holder.relative(cfg.shadow.mismatch_log), cfg.shadow)
        self.shadow = ShadowDispatcher(cfg.shadow, self.metrics, mismatch_log)
        self.forwarder = Forwarder(self.metrics, self.shadow)
        self.host, self.port = host, port
        self.admin_host, self.admin_port = admin_host, admin_port
        self.reuse_port = reuse_port
        self.worker = worker
        # with --workers N, `control_dir` holds every worker's control socket (a write hold
        # reaches all of them through it)
        self.hold_control = HoldControl(self.holder, self.metrics, worker=worker,
                                        control_dir=control_dir,
                                        admin=admin_port is not None, audit=audit)
        self.holds = self.hold_control.holds
        self.admin: AdminApi | None = None
        if admin_port is not None:
            if admin_token is None:
                raise ValueError("an admin listener needs an admin token")
            self.admin = AdminApi(self.holder, admin_token, audit, self.metrics,
                                  self.shadow, policy, worker, self.hold_control)
            self.admin.dashboard = Dashboard(self.admin, console_for(
                self.holder.path, self.holder.relative(cfg.admin.evidence_dir),
                lambda: self.metrics.render().decode("utf-8")))
        self.stage_watcher: StageWatcher | None = None
        # the file store is there as long as the routes file is; the table until proven
        self.metrics.stage_store_up.set(1 if cfg.stage_store.kind == "file" else 0)
        if cfg.stage_store.kind == "postgres":
            store = open_store(cfg, self.holder.path)
            assert isinstance(store, PostgresStageStore)
            self.stage_watcher = StageWatcher(
                store, interval=cfg.stage_store.resync_interval, declared=self._declared,
                apply=self.holder.set_live, on_state=self._on_store_state)
        if self.admin is not None:
            self.admin.stage_watcher = self.stage_watcher
        self.recent_writes = RecentWrites()
        self._runners: list[web.BaseRunner] = []
        self._listener: Listener | None = None
        self._random = random.random


    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        try:
            await self.shadow.start()
            await self.holder.start()
            if self.stage_watcher is not None:
                await self._first_stages(self.stage_watcher)
            await self.hold_control.start()  # holding before the first request arrives
            limits = self.holder.current.config.limits
            self._listener = Listener(self._handle, self._render_refusal, limits,
                                      fast=self._handle_nowait)
            self.port = await self._listener.start(self.host, self.port,
                                                   reuse_port=self.reuse_port, backlog=1024)
            if self.admin is not None:
                arunner = web.AppRunner(self.admin.app(), handle_signals=False,
                                        access_log=None, shutdown_timeout=2.0)
                await arunner.setup()
                self._runners.append(arunner)
                asite = web.TCPSite(arunner, self.admin_host, self.admin_port)
                await asite.start()
                self.admin_port = _bound_port(arunner, self.admin_port or 0)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Stop accepting, let in-flight requests finish (at most 5 s), then stop the rest.
        Held writes are answered 503 at once (never forwarded while shutting down)."""
        await self.hold_control.close()
        if self._listener is not None:
            await self._listener.close(timeout=5.0)
            self._listener = None
        for runner in reversed(self._runners):
            await runner.cleanup()
        self._runners = []
        await self.shadow.close()
        if self.stage_watcher is not None:
            await self.stage_watcher.close()
        await self.holder.close()

    async def __aenter__(self) -> Gateway:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _first_stages(self, watcher: StageWatcher) -> None:
        """Route with the control table's stages from the first request on; while it cannot
        be read, with the last ones this machine saw; with neither, do not start: the
        declared stages may be far behind the live ones (a write cut-over undone)."""
        if await watcher.start(STORE_START_TIMEOUT):
            return
        cached = self.holder.cached_live()
        if cached is None:
            raise StageStoreUnavailable(
                f"stage store unavailable at start-up ({watcher.last_error}) and no last "
                f"known stages in {self.holder.stage_cache}: refusing to guess the stages")
        log.error("stage store unavailable at start-up (%s); routing with the last known "
                  "stages from %s until it is back", watcher.last_error,
                  self.holder.stage_cache)
        self.holder.set_live(cached)

    def _declared(self) -> dict[str, Stage]:
        """The routes file's stages: they seed contexts the control table has not seen."""
        return {n: c.stage for n, c in self.holder.current.loaded.config.contexts.items()}

    def _on_store_state(self, up: bool) -> None:
        self.metrics.stage_store_up.set(1 if up else 0)
        if not up:
            self.metrics.stage_store_errors.inc()

    def _on_swap(self, snap: Snapshot) -> None:
        self.metrics.set_config(snap.version, {n: c.stage.value
                                               for n, c in snap.config.contexts.items()})

    def _on_reload(self, result: str) -> None:
        self.metrics.reloads.labels(result).inc()
        self.metrics.set_rejected(self.holder.last_rejected)

    # --- the data plane ------------------------------------------------------------------

    def _render_refusal(self, exc: GatewayError
                        ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """A request the listener refused before it could be handled (malformed, too large)."""
        self.metrics.rejected.labels(exc.code).inc()
        status, headers, body = _error_parts(exc, request_id(None))
        self.metrics.request_done("", "", "-", "gateway",
                                  _STATUS_CLASS.get(status // 100, "other"))
        return status, headers, body

    def _route(self, request: Request, snap: Snapshot) -> tuple[Target, Decision]:
        """The pure part of handling: checks, canonical target and the routing decision."""
        method = request.method
        if method not in ALLOWED_METHODS:
            raise MethodNotAllowed(f"method {method} is not allowed")
        target = canonical_target(request.target)
        _check_host(request)
        _check_framing(request)
        table = snap.table
        recent: RecentWrites | None = None
        now = 0.0
        if self.recent_writes:  # a read-your-writes window is open somewhere
            now = time.monotonic()
            if self.recent_writes.prune(now):
                recent = self.recent_writes
        decision = decide(table, method, target.path, request.headers, self._random(),
                          query=target.query,
                          anonymous_key=secrets.token_hex(12) if table.needs_sticky else None,
                          recent=recent, now=now)
        return target, decision

    def _answer_error(self, request: Request, exc: GatewayError, rid: str,
                      decision: Decision | None) -> None:
        if isinstance(exc, ResponseAborted):
            pass  # the head was sent and the connection aborted: nothing more to send
        else:
            upstream_failure = isinstance(exc, UpstreamError)
            if not upstream_failure:
                self.metrics.rejected.labels(exc.code).inc()
            if request.started:
                request.abort()  # cannot answer any more: never send a truncated body
            else:
                status, headers, body = _error_parts(exc, rid)
                # a refused request may be one half of a smuggling or probing attempt: nothing
                # after it is read (an upstream's failure says nothing about the client)
                # (a held write's 503 says nothing bad about the client either)
                request.respond(status, headers, body,
                                close=not (upstream_failure or isinstance(exc, WritesHeld)))
        self._record(request, decision, "gateway")

    def _record(self, request: Request, decision: Decision | None, answered: str) -> None:
        if decision is None:
            context = stage = ""
            route = "-"
        else:
            context, stage, route = decision.context or "", decision.stage or "", decision.route
            if decision.remember is not None and answered != "gateway":
                self._remember_write(decision)
            elif decision.pinned:
                self.metrics.read_your_writes.labels(context, "pinned").inc()
        self.metrics.request_done(context, stage, route, answered,
                                  _STATUS_CLASS.get(request.status // 100, "other"))

    def _remember_write(self, decision: Decision) -> None:
        """A write was answered: open its client's read-your-writes window (routing.py)."""
        name, key = decision.context or "", decision.remember or ""
        ctx = self.holder.current.config.contexts.get(name)
        if ctx is not None:
            evicted = self.recent_writes.remember(name, key, time.monotonic(),
                                                  ctx.read_your_writes_window,
                                                  ctx.read_your_writes.max_keys)
            if evicted:
                self.metrics.read_your_writes.labels(name, "evicted").inc(evicted)

    def _prepare(self, request: Request
                 ) -> tuple[Snapshot, Target, Decision, float, str] | None:
        """Route `request` against the current snapshot; None when it was refused (answered)."""
        started = time.perf_counter()
        snap = self.holder.current
        rid = request_id(request.headers.get("X-Request-ID"))
        decision = None
        try:
            target, decision = self._route(request, snap)
            if decision.reject == 405:
                raise MethodNotAllowed(f"{request.method} is not allowed on this route",
                                       allow=decision.allow)
            if decision.reject:
                raise NotRouted(f"no route of context {decision.context} matches")
        except GatewayError as exc:
            self._answer_error(request, exc, rid, decision)
            return None
        return snap, target, decision, started, rid

    async def _handle(self, request: Request) -> None:
        prepared = self._prepare(request)
        if prepared is None:
            return
        snap, target, decision, started, rid = prepared
        context = decision.context
        if context is None or request.method in READ_METHODS:
            await self._finish(request, decision, rid, self.forwarder.forward(
                request, snap.config, snap.pool, target, decision, started, rid))
            return
        holds = self.holds
        while holds.held and (waiter := holds.enter(context)) is not None:
            # held before its body is read: a body beyond the socket buffers waits in the
            # client (TCP back-pressure), and no 100 Continue invites it yet
            prepared = await self._wait_held(request, context, waiter, decision, rid)
            if prepared is None:
                return
            # released: routed again, on the stage current now (e.g. `writes` after the flip)
            snap, target, decision, _, rid = prepared
            context = decision.context
            if context is None:
                break
        if context is not None:
            holds.write_started(context)  # on the loop, like the hold: none slips between
        try:
            await self._finish(request, decision, rid, self.forwarder.forward(
                request, snap.config, snap.pool, target, decision, started, rid))
        finally:
            if context is not None:
                holds.write_done(context)

    async def _wait_held(self, request: Request, context: str, waiter: Waiter,
                         decision: Decision, rid: str
                         ) -> tuple[Snapshot, Target, Decision, float, str] | None:
        """Wait in the hold of `context`; the request routed again once released, or None
        when it was answered (503 past the hold's bound) or dropped (its client left)."""
        request.on_lost = waiter.gone
        try:
            outcome = await waiter.future
        finally:
            request.on_lost = None
        self.metrics.held_write_done(context, outcome.value, time.monotonic() - waiter.since)
        if outcome is WaitOutcome.RELEASED:
            return self._prepare(request)
        if outcome is WaitOutcome.GONE:
            request.abort()  # nothing to answer: the client is gone, the write never left
            self._record(request, decision, "gateway")
            return None
        why = ("the gateway is shutting down" if outcome is WaitOutcome.CLOSING else
               f"waited {waiter.max_wait:g}s")
        self._answer_error(request, WritesHeld(
            f"writes of context {context} are held for a write cut-over ({why}); retry",
            context), rid, decision)
        return None

    async def _finish(self, request: Request, decision: Decision, rid: str,
                      forwarding: Awaitable[str]) -> None:
        try:
            answered = await forwarding
        except GatewayError as exc:
            self._answer_error(request, exc, rid, decision)
        else:
            self._record(request, decision, answered)

    def _handle_nowait(self, request: Request) -> bool:
        """The listener's fast handler: bodiless GET/HEAD requests are routed and, when the
        forwarder can, forwarded without a coroutine (the same steps as `_handle`)."""
        method = request.method
        if request.body is not None or (method != "GET" and method != "HEAD"):
            return False  # the async handler takes it
        prepared = self._prepare(request)
        if prepared is None:
            request.complete()
            return True
        snap, target, decision, started, rid = prepared

        def then(outcome: Outcome) -> None:
            try:
                if isinstance(outcome, str):
                    self._record(request, decision, outcome)
                elif isinstance(outcome, GatewayError):
                    self._answer_error(request, outcome, rid, decision)
                else:
                    request.handoff(self._finish(request, decision, rid, outcome))
                    return
            except Exception:  # a bug; runs from an upstream callback, so contain it here
                log.exception("request handler failed")
                request.abort()
            request.complete()

        if not self.forwarder.forward_nowait(request, snap.config, snap.pool, target, decision,
                                             started, rid, then):
            request.handoff(self._finish(request, decision, rid, self.forwarder.forward(
                request, snap.config, snap.pool, target, decision, started, rid)))
        return True


def _bound_port(runner: web.BaseRunner, requested: int) -> int:
    for addr in runner.addresses:
        if isinstance(addr, tuple):
            return int(addr[1])
    return requested
