"""The admin API: read state, request stage changes, read the audit log.

Owns the admin HTTP application. Guarantees:

* every `/admin/*` request needs `Authorization: Bearer <token>` (constant-time comparison);
  `/healthz` and `/metrics` are open (they expose no secrets); the listener is loopback by
  default and the CLI refuses a non-loopback address unless explicitly allowed;
* a stage change is checked in this order — known context, optional `expected_stage`
  (compare-and-swap), then changes.py's checks shared with hand edits of the file (ladder, then
  `StageChangePolicy`, the gates seam) — then persisted to the stage store and applied to this
  process at once: with the `file` store to routes.yaml (reload.py), the other replicas
  converging through the file; with the `postgres` store by a compare-and-swap on the control
  table (stage_pg.py; the stage checked is the table's, read fresh), the others converging
  through LISTEN/NOTIFY; while the table cannot be reached, 503 and nothing changes;
* a one-step rollback works even while the routes file on disk is invalid or was refused
  (reload.py's emergency path); any other change is refused until the file is fixed;
* every stage change request that passed authentication is audited, whatever the outcome:
  applied, or refused for any reason (unknown context, wrong content type, invalid or too
  large body, ladder, policy, file), with who, when, old -> new, reason, the refusal and its
  HTTP status, config versions before/after and the policy's evidence;
* write holds (hold_control.py): `hold-writes` answers 200 only once every worker holds the
  context's new writes (and, with a drain timeout, the writes forwarded before have been
  answered); `release-writes` lets them go, optionally only to an expected stage; both are
  audited like stage changes, and `/admin/state` shows each hold with its held and in-flight
  writes;
* the built-in dashboard (dashboard.py) registers its page and data calls here; its `/admin`
  calls pass the same token check, and its pause / resume are audited like holds (`audited`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gateway.audit import AuditLog
from gateway.auth import AdminToken
from gateway.changes import audit_record, check, is_rollback
from gateway.dashboard import Dashboard
from gateway.errors import (
    AdminBodyTooLarge,
    AuditUnavailable,
    ConfigError,
    GatewayError,
    InvalidAdminRequest,
    StageChangeRefused,
    Unauthorized,
    UnknownContext,
    UnsupportedMediaType,
)
from gateway.hold_control import HoldControl
from gateway.metrics import GatewayMetrics
from gateway.policy import StageChangePolicy, StageChangeRequest
from gateway.reload import ConfigHolder, Snapshot
from gateway.shadow import ShadowDispatcher
from gateway.stage_pg import StageWatcher
from gateway.stages import Stage, allowed_next

__all__ = ["AdminApi", "ADMIN_API"]

log = logging.getLogger("gateway.admin")

MAX_BODY = 64 * 1024

_Body = TypeVar("_Body", bound=BaseModel)
_Run = Callable[[_Body, dict[str, Any]], Awaitable[dict[str, Any]]]


class StageChangeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Stage
    reason: str = Field(min_length=1, max_length=1000)
    actor: str = Field(min_length=1, max_length=200)
    expected_stage: Stage | None = None
    # past gates that did not pass: loud and audited (docs/phase.md); needs the reason above
    force: bool = False
    # the flip of a write switch (`strangler phase`): its id; allowed only while the
    # context's writes are held
    switch: str | None = Field(default=None, pattern=r"^[0-9a-f]{12}$")


class HoldWritesBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    reason: str = Field(min_length=1, max_length=1000)
    actor: str = Field(min_length=1, max_length=200)
    # the hold ends by itself after this (default and upper bound: write_hold.max_hold_seconds)
    max_hold_seconds: float | None = Field(default=None, gt=0)
    # also wait until the writes forwarded before the hold are answered (0: do not wait)
    drain_timeout_seconds: float = Field(default=5.0, ge=0, le=60)


class ReleaseWritesBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(min_length=1, max_length=1000)
    actor: str = Field(min_length=1, max_length=200)
    # release only when every worker routes the context at this stage (else 409)
    expected_stage: Stage | None = None


class AdminApi:
    def __init__(self, holder: ConfigHolder, token: AdminToken, audit: AuditLog,
                 metrics: GatewayMetrics, shadow: ShadowDispatcher | None = None,
                 policy: StageChangePolicy | None = None, worker: int = 0,
                 holds: HoldControl | None = None) -> None:
        self.holder = holder
        self.token = token
        self.audit = audit
        self.metrics = metrics
        self.shadow = shadow
        self.policy: StageChangePolicy = policy or holder.policy
        self.worker = worker
        self.holds = holds
        self.stage_watcher: StageWatcher | None = None  # stage_store kind postgres
        self.dashboard: Dashboard | None = None  # the page and its data calls (dashboard.py)
        self._lock = asyncio.Lock()

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._errors, self._auth],
                              client_max_size=MAX_BODY)
        app[ADMIN_API] = self
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_view)
        app.router.add_get("/admin/state", self.state)
        app.router.add_get("/admin/contexts/{name}", self.context)
        app.router.add_post("/admin/contexts/{name}/stage", self.stage)
        app.router.add_post("/admin/contexts/{name}/hold-writes", self.hold_writes)
        app.router.add_post("/admin/contexts/{name}/release-writes", self.release_writes)
        app.router.add_get("/admin/audit", self.audit_view)
        app.router.add_post("/admin/reload", self.reload)
        if self.dashboard is not None:
            self.dashboard.register(app)
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
        body = self._state(self.holder.current)
        holds = await self.holds.state() if self.holds is not None else {}
        for name, ctx in body["contexts"].items():
            ctx["write_hold"] = holds.get(name)
        return web.json_response(body)

    async def context(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        snap = self.holder.current
        if name not in snap.config.contexts:
            raise UnknownContext(f"unknown context {name!r}")
        body = self._context_state(snap, name)
        holds = await self.holds.state() if self.holds is not None else {}
        body["write_hold"] = holds.get(name)
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
        swapped = await self.holder.reload()
        snap = self.holder.current
        return web.json_response({"swapped": swapped, "config_version": snap.version,
                                  "last_error": self.holder.last_error},
                                 status=200 if self.holder.last_error is None else 409)

    async def stage(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        # audited whatever the outcome (the request is authenticated by now)
        record: dict[str, Any] = {
            "action": "stage_change", "context": name[:200], "remote": request.remote,
            "token": self.token.fingerprint, "worker": self.worker}
        try:
            body = await self._stage_body(request)
            record.update(actor=body.actor, reason=body.reason, new=body.stage.value)
            if body.force:
                record["force"] = True
                log.warning("stage change of %s requested with force by %s: %s", name[:200],
                            body.actor, body.reason)
            async with self._lock:  # one change at a time per process; file lock: peers
                if self.stage_watcher is None:
                    snap = await self._change_stage(name, body, record)
                else:
                    snap = await self._change_live_stage(name, body, record)
        except AuditUnavailable:
            log.error("stage change of %s refused: audit log not writable", name[:200])
            raise
        except Exception as exc:
            if "result" not in record:  # not audited yet (a failed write audits itself)
                _failed(record, exc)
                await self._audit(record)
            raise
        log.info("stage change %s: %s -> %s by %s (%s)", name, record["old"], record["new"],
                 body.actor, body.reason)
        return web.json_response(self._context_state(snap, name))

    @staticmethod
    async def _stage_body(request: web.Request) -> StageChangeBody:
        return await _parse_body(request, StageChangeBody,
                                 "{stage, reason, actor[, expected_stage]}")

    # --- write holds ---------------------------------------------------------------------

    async def hold_writes(self, request: web.Request) -> web.Response:
        async def run(body: HoldWritesBody, record: dict[str, Any]) -> dict[str, Any]:
            name = record["context"]
            ctx = self.holder.current.config.contexts.get(name)
            if ctx is None:
                raise UnknownContext(f"unknown context {name!r}")
            bound = ctx.write_hold.max_hold_seconds
            if body.max_hold_seconds is not None and body.max_hold_seconds > bound:
                raise InvalidAdminRequest(
                    f"max_hold_seconds: must be <= {bound:g} "
                    f"(contexts.{name}.write_hold.max_hold_seconds)")
            record.update(max_hold_seconds=body.max_hold_seconds,
                          drain_timeout_seconds=body.drain_timeout_seconds)
            assert self.holds is not None
            return await self.holds.hold(name, actor=body.actor, reason=body.reason,
                                         max_hold=body.max_hold_seconds,
                                         drain_timeout=body.drain_timeout_seconds,
                                         record=record)

        return await self.audited(request, "write_hold", HoldWritesBody,
                                  "{reason, actor[, max_hold_seconds, "
                                  "drain_timeout_seconds]}", self._needs_holds(run))

    async def release_writes(self, request: web.Request) -> web.Response:
        async def run(body: ReleaseWritesBody, record: dict[str, Any]) -> dict[str, Any]:
            assert self.holds is not None
            expected = body.expected_stage.value if body.expected_stage else None
            record.update(expected_stage=expected)
            return await self.holds.release(record["context"], expected_stage=expected,
                                            record=record)

        return await self.audited(request, "write_release", ReleaseWritesBody,
                                  "{reason, actor[, expected_stage]}", self._needs_holds(run))

    def _needs_holds(self, run: _Run[_Body]) -> _Run[_Body]:
        async def checked(body: _Body, record: dict[str, Any]) -> dict[str, Any]:
            if self.holds is None:
                raise GatewayError("write holds are not available in this process")
            return await run(body, record)

        return checked

    async def audited(self, request: web.Request, action: str, model: type[_Body],
                      shape: str, run: _Run[_Body]) -> web.Response:
        """Parse, run and audit an action on a context (a hold, a release, a pause),
        whatever the outcome (like `stage`)."""
        name = request.match_info["name"]
        record: dict[str, Any] = {
            "action": action, "context": name[:200], "remote": request.remote,
            "token": self.token.fingerprint, "worker": self.worker}
        try:
            body = await _parse_body(request, model, shape)
            record.update(actor=getattr(body, "actor", None),
                          reason=getattr(body, "reason", None))
            result = await run(body, record)
        except Exception as exc:
            _failed(record, exc)
            await self._audit(record)
            raise
        record.update(result="applied")
        await self._audit(record)  # (a hold in place is not undone when this fails: 503 says)
        log.info("%s of %s by %s (%s)", action, name, record["actor"], record["reason"])
        return web.json_response(result)

    async def _audit(self, record: dict[str, Any]) -> None:
        try:
            await asyncio.to_thread(self.audit.append, record)
        except OSError as exc:
            raise AuditUnavailable(f"audit log not writable: {exc.strerror}") from None

    # --- the stage change ----------------------------------------------------------------

    def _request(self, name: str, old: Stage, body: StageChangeBody, version: str,
                 record: dict[str, Any]) -> StageChangeRequest:
        """The request the checks judge; a write switch's flip carries whether the writes of
        the context are held in this gateway right now."""
        held = self.holds is not None and name in self.holds.holds.held
        if body.switch is not None:
            record.update(switch=body.switch, writes_held=held)
        return StageChangeRequest(name, old, body.stage, body.actor, body.reason, version,
                                  force=body.force, switch=body.switch, writes_held=held)

    async def _change_stage(self, name: str, body: StageChangeBody,
                            record: dict[str, Any]) -> Snapshot:
        """The checks of changes.py, then persist (audit record first) and adopt. Holds the
        holder's lock, so no reload swaps the config in between."""
        holder = self.holder
        async with holder.lock:
            await holder.reload_locked()  # start from what the file says now
            snap = holder.current
            ctx = snap.config.contexts.get(name)
            if ctx is None:
                raise UnknownContext(f"unknown context {name!r}")
            change = self._request(name, ctx.stage, body, snap.version, record)
            record.update(audit_record(change, self.policy))
            if body.expected_stage is not None and body.expected_stage != change.old:
                raise StageChangeRefused(
                    f"context {name} is at stage {change.old}, not {body.expected_stage}")
            await check(change, snap.config, self.policy, record)
            file_problem = holder.last_error
            if file_problem is None:
                persist = holder.persist_stage
            elif is_rollback(change.old, change.new):
                persist = holder.persist_rollback  # the emergency path: rollback always works
            else:
                back = [s for s in allowed_next(change.old) if is_rollback(change.old, s)]
                raise StageChangeRefused(
                    f"routes file is not accepted ({file_problem}); until it is fixed only a "
                    f"one-step rollback{f' (to {back[0]})' if back else ''} is possible")
            try:
                loaded = await asyncio.to_thread(persist, name, change.old, change.new, record,
                                                 self.audit)
            except ConfigError as exc:  # the file became invalid since the reload above
                raise StageChangeRefused(f"routes file is invalid: {exc.message}") from None
            except OSError as exc:  # e.g. no lock file (a read-only folder)
                raise StageChangeRefused(
                    f"cannot change {holder.path.name}: {exc.strerror}") from None
            return holder.adopt(loaded)

    async def _change_live_stage(self, name: str, body: StageChangeBody,
                                 record: dict[str, Any]) -> Snapshot:
        """The same checks against the control table's stage (read fresh: this process may
        not have heard of a change made elsewhere yet), then its compare-and-swap. The audit
        record goes into the table's history in the swap's transaction, and to the audit
        log once the swap is committed."""
        assert self.stage_watcher is not None
        store = self.stage_watcher.store
        holder = self.holder
        async with holder.lock:
            snap = holder.current
            ctx = snap.config.contexts.get(name)
            if ctx is None:
                raise UnknownContext(f"unknown context {name!r}")
            live = await asyncio.to_thread(store.current, name)
            if live is None:  # a context added to the file a moment ago: seed it first
                await asyncio.to_thread(store.seed, {name: snap.loaded.config.contexts[
                    name].stage})
                live = await asyncio.to_thread(store.current, name)
                assert live is not None
            snap = holder.set_live({name: live})
            change = self._request(name, live.stage, body, snap.version, record)
            record.update(audit_record(change, self.policy), store="postgres",
                          stage_revision_before=live.revision)
            if body.expected_stage is not None and body.expected_stage != change.old:
                raise StageChangeRefused(
                    f"context {name} is at stage {change.old}, not {body.expected_stage}")
            await check(change, snap.config, self.policy, record)
            done = await asyncio.to_thread(store.compare_and_set, name, change.old,
                                           change.new, body.actor, body.reason,
                                           {**record, "result": "applied"})
            if done is None:
                raise StageChangeRefused(f"context {name} is no longer at stage {change.old} "
                                         f"in {store.schema}.stages: it was changed "
                                         "concurrently")
            record.update(result="applied", stage_revision=done.revision)
            try:
                await self._audit(record)
            except AuditUnavailable as exc:  # committed, and recorded in the table's history
                log.error("stage change %s -> %s applied (revision %d) but %s; it is recorded "
                          "in %s.stage_changes", name, done.stage, done.revision, exc.message,
                          store.schema)
            return holder.set_live({name: done})

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
            "stage_store": (self.stage_watcher.as_dict() if self.stage_watcher is not None
                            else {"kind": "file", "state": "ok", "path": str(self.holder.path)}),
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
            **({"live": snap.live[name].as_dict()} if name in snap.live else {}),
        }


def _failed(record: dict[str, Any], exc: Exception) -> None:
    """An audit record's outcome for a request that failed: refused (with the message the
    client got and its status), or an error (a bug: still on the record, without details)."""
    if isinstance(exc, GatewayError):
        record.update(result="refused", refusal=exc.message, status=exc.status)
    else:
        record.update(result="error", refusal=type(exc).__name__, status=500)


async def _parse_body(request: web.Request, model: type[_Body], shape: str) -> _Body:
    """An admin request's JSON body as `model`; errors name the field (400), 413, 415."""
    if request.content_type != "application/json":
        raise UnsupportedMediaType("the admin API takes application/json")
    try:
        raw = await request.json()
        return model.model_validate(raw)
    except web.HTTPRequestEntityTooLarge:
        raise AdminBodyTooLarge(f"body exceeds {MAX_BODY} bytes") from None
    except (ValueError, UnicodeDecodeError) as exc:
        msg = f"body must be JSON: {shape}"
        if isinstance(exc, ValidationError):
            first = exc.errors(include_url=False)[0]
            loc = ".".join(str(p) for p in first["loc"])
            msg = f"{loc}: {first['msg']}" if loc else first["msg"]
        raise InvalidAdminRequest(msg) from None


ADMIN_API = web.AppKey("admin_api", AdminApi)

