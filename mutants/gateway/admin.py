"""The admin API: read state, request stage changes, read the audit log.

Owns the admin HTTP application. Guarantees:

* every `/admin/*` request needs `Authorization: Bearer <token>` (constant-time comparison);
  `/healthz` and `/metrics` are open (they expose no secrets); the listener is loopback by
  default and the CLI refuses a non-loopback address unless explicitly allowed;
* a stage change is checked in this order — known context, optional `expected_stage`
  (compare-and-swap), ladder (one step, stages.py), `StageChangePolicy` (the gates seam) — then
  persisted to routes.yaml (reload.py) and applied to this process at once; the other replicas
  converge through the file;
* every stage change request that passed authentication is audited, applied or refused, with
  who, when, old -> new, reason, config versions before/after and the policy's evidence.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gateway.audit import AuditLog
from gateway.auth import AdminToken
from gateway.errors import (
    AuditUnavailable,
    ConfigError,
    GatewayError,
    InvalidAdminRequest,
    StageChangeRefused,
    Unauthorized,
    UnknownContext,
    UnsupportedMediaType,
)
from gateway.metrics import GatewayMetrics
from gateway.policy import AllowAll, StageChangePolicy, StageChangeRequest
from gateway.reload import ConfigHolder, Snapshot
from gateway.shadow import ShadowDispatcher
from gateway.stages import Stage, allowed_next, transition_problem

__all__ = ["AdminApi", "ADMIN_API"]

log = logging.getLogger("gateway.admin")


class StageChangeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Stage
    reason: str = Field(min_length=1, max_length=1000)
    actor: str = Field(min_length=1, max_length=200)
    expected_stage: Stage | None = None


class AdminApi:
    def __init__(self, holder: ConfigHolder, token: AdminToken, audit: AuditLog,
                 metrics: GatewayMetrics, shadow: ShadowDispatcher | None = None,
                 policy: StageChangePolicy | None = None, worker: int = 0) -> None:
        self.holder = holder
        self.token = token
        self.audit = audit
        self.metrics = metrics
        self.shadow = shadow
        self.policy: StageChangePolicy = policy or AllowAll()
        self.worker = worker
        self._lock = asyncio.Lock()

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._errors, self._auth],
                              client_max_size=64 * 1024)
        app[ADMIN_API] = self
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_view)
        app.router.add_get("/admin/state", self.state)
        app.router.add_get("/admin/contexts/{name}", self.context)
        app.router.add_post("/admin/contexts/{name}/stage", self.stage)
        app.router.add_get("/admin/audit", self.audit_view)
        app.router.add_post("/admin/reload", self.reload)
        return app

    # --- middlewares ---------------------------------------------------------------------

    @web.middleware
    async def _errors(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            resp: web.StreamResponse = await handler(request)
            return resp
        except GatewayError as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return web.json_response({"error": exc.code, "message": exc.message},
                                     status=exc.status, headers=headers)

    @web.middleware
    async def _auth(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/admin") and not self.token.matches_header(
                request.headers.get("Authorization")):
            log.warning("admin request without a valid token from %s", request.remote)
            raise Unauthorized("missing or invalid bearer token")
        resp: web.StreamResponse = await handler(request)
        return resp

    # --- views ---------------------------------------------------------------------------

    async def healthz(self, request: web.Request) -> web.Response:
        snap = self.holder.current
        return web.json_response({"status": "ok", "config_version": snap.version,
                                  "worker": self.worker})

    async def metrics_view(self, request: web.Request) -> web.Response:
        return web.Response(body=self.metrics.render(),
                            content_type="text/plain", charset="utf-8",
                            headers={"X-Content-Type-Options": "nosniff"})

    async def state(self, request: web.Request) -> web.Response:
        return web.json_response(self._state(self.holder.current))

    async def context(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        snap = self.holder.current
        if name not in snap.config.contexts:
            raise UnknownContext(f"unknown context {name!r}")
        body = self._context_state(snap, name)
        if self.shadow is not None:
            stats = self.shadow.stats.get(name)
            body["shadow_stats"] = stats.as_dict() if stats else {"counts": {},
                                                                  "recent_mismatches": []}
        return web.json_response(body)

    async def audit_view(self, request: web.Request) -> web.Response:
        try:
            limit = max(1, min(1000, int(request.query.get("limit", "50"))))
        except ValueError:
            raise InvalidAdminRequest("limit must be an integer") from None
        records = await asyncio.to_thread(self.audit.tail, limit)
        return web.json_response({"records": records})

    async def reload(self, request: web.Request) -> web.Response:
        swapped = self.holder.reload()
        snap = self.holder.current
        return web.json_response({"swapped": swapped, "config_version": snap.version,
                                  "last_error": self.holder.last_error},
                                 status=200 if self.holder.last_error is None else 409)

    async def stage(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if request.content_type != "application/json":
            raise UnsupportedMediaType("the admin API takes application/json")
        try:
            raw = await request.json()
            body = StageChangeBody.model_validate(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            msg = "body must be JSON: {stage, reason, actor[, expected_stage]}"
            if isinstance(exc, ValidationError):
                first = exc.errors(include_url=False)[0]
                loc = ".".join(str(p) for p in first["loc"])
                msg = f"{loc}: {first['msg']}" if loc else first["msg"]
            raise InvalidAdminRequest(msg) from None
        async with self._lock:  # one change at a time per process; the file lock covers peers
            snap = await self._change_stage(request, name, body)
        return web.json_response(self._context_state(snap, name))

    # --- the stage change ----------------------------------------------------------------

    async def _change_stage(self, request: web.Request, name: str,
                            body: StageChangeBody) -> Snapshot:
        self.holder.reload()  # start from what the file says now
        snap = self.holder.current
        ctx = snap.config.contexts.get(name)
        if ctx is None:
            raise UnknownContext(f"unknown context {name!r}")
        old, new = ctx.stage, body.stage
        record: dict[str, Any] = {
            "action": "stage_change", "context": name, "old": old.value, "new": new.value,
            "actor": body.actor, "reason": body.reason, "remote": request.remote,
            "token": self.token.fingerprint, "worker": self.worker,
            "config_version_before": snap.version, "policy": self.policy.name,
        }
        try:
            if body.expected_stage is not None and body.expected_stage != old:
                raise StageChangeRefused(
                    f"context {name} is at stage {old}, not {body.expected_stage}")
            problem = transition_problem(old, new)
            if problem:
                raise StageChangeRefused(problem)
            verdict = await self.policy.evaluate(
                StageChangeRequest(name, old, new, body.actor, body.reason, snap.version),
                snap.config)
            record["evidence"] = verdict.evidence
            record["policy_reason"] = verdict.reason
            if not verdict.allowed:
                raise StageChangeRefused(f"refused by policy {self.policy.name}: "
                                         f"{verdict.reason}")
            try:
                await asyncio.to_thread(self.audit.check_writable)
            except OSError as exc:  # no change without its audit record
                raise AuditUnavailable(f"audit log not writable: {exc.strerror}") from None
            try:
                loaded = await asyncio.to_thread(self.holder.persist_stage, name, old, new)
            except OSError as exc:
                raise StageChangeRefused(
                    f"cannot write the routes file: {exc.strerror}") from None
        except AuditUnavailable:
            log.error("stage change %s -> %s refused: audit log not writable", old, new)
            raise
        except (StageChangeRefused, ConfigError) as exc:
            record.update(result="refused", refusal=exc.message)
            await asyncio.to_thread(self.audit.append, record)
            if isinstance(exc, ConfigError):
                raise StageChangeRefused(f"routes file is invalid: {exc.message}") from None
            raise
        after = self.holder.adopt(loaded)
        record.update(result="applied", config_version_after=after.version)
        await asyncio.to_thread(self.audit.append, record)
        log.info("stage change %s: %s -> %s by %s (%s)", name, old, new, body.actor,
                 body.reason)
        return after

    # --- rendering -----------------------------------------------------------------------

    def _state(self, snap: Snapshot) -> dict[str, Any]:
        cfg = snap.config
        return {
            "config_version": snap.version,
            "source": snap.loaded.source,
            "worker": self.worker,
            "revision": snap.config.revision,
            "last_reload_error": self.holder.last_error,
            "last_rejected_version": self.holder.last_rejected,
            "default_upstream": cfg.default_upstream,
            "upstreams": {n: u.url for n, u in cfg.upstreams.items()},
            "contexts": {n: self._context_state(snap, n) for n in cfg.contexts},
        }

    @staticmethod
    def _context_state(snap: Snapshot, name: str) -> dict[str, Any]:
        cfg = snap.config
        ctx = cfg.contexts[name]
        return {
            "context": name,
            "stage": ctx.stage.value,
            "allowed_next": [s.value for s in allowed_next(ctx.stage)],
            "service": ctx.service,
            "legacy": ctx.legacy or cfg.default_upstream,
            "routes": list(ctx.routes),
            "canary_percent": ctx.canary.percent,
            "shadow_sample_percent": ctx.shadow.sample_percent,
            "config_version": snap.version,
        }


ADMIN_API = web.AppKey("admin_api", AdminApi)

