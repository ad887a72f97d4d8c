"""The built-in dashboard: a page on the admin listener and the data calls behind it.

Owns `/dashboard` (one HTML page, its script and style sheet from gateway/static/, no build
step, no library, nothing fetched from the network), the open `/dashboard/stages` and the
token-protected data calls the page makes:

* `GET /admin/dashboard/series`: live samples of the last minutes (`Recorder`): every
  `interval` seconds the gateway's own metrics (rates per context: requests, 5xx error rate,
  fallback rate, shadow diff rate, computed between consecutive samples) and the end-to-end lag
  and WAL bytes behind of each configured sync direction (the newest fence applied at the
  target, read by the console's `lag`); sampling runs only while someone reads the series (it
  stops `idle_after` seconds after the last read) and keeps `history` samples in memory;
* `GET /admin/contexts/{name}/gates[?to=STAGE]`: the gates of the context's next step (or of
  the step to STAGE) judged now, with values and sample sizes, written as a dry-run evidence
  bundle; one evaluation at a time per process;
* `GET /admin/evidence/{id}`: an evidence bundle;
* `POST /admin/contexts/{name}/pause` and `.../resume`: the phase controller's pause file,
  audited like every admin change.

Stage changes from the page are the admin API's own `POST /admin/contexts/{name}/stage`, so
they pass the same checks and gates as any other.

Guarantees: a visitor without the token sees only what `/metrics` already publishes (contexts,
their stages and the ladder's next steps); every other datum needs `Authorization: Bearer`
(admin.py's middleware guards every `/admin` path). The token lives in the browser's
sessionStorage and travels only in that header, never in a URL, so it reaches no log. The page
is served with a strict Content-Security-Policy (scripts and styles from this origin only, no
inline code, no framing); the script writes every value as text, never as markup.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families
from pydantic import BaseModel, ConfigDict, Field

from gateway.config import GatewayConfig
from gateway.errors import GatewayError, InvalidAdminRequest, UnknownContext
from gateway.reload import ConfigHolder
from gateway.stages import LADDER, Stage, allowed_next

if TYPE_CHECKING:
    from gateway.admin import AdminApi

__all__ = ["Console", "Dashboard", "Recorder", "Totals", "console_for", "rates", "totals"]

log = logging.getLogger("gateway.dashboard")

STATIC = Path(__file__).resolve().parent / "static"
# name -> content type: the only files served (no path from the request reaches the disk)
ASSETS = {"dashboard.js": "application/javascript", "dashboard.css": "text/css"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
                    "Cache-Control": "no-store"}


class Console(Protocol):
    """What the page needs from the phase controller (phase/console.py implements it)."""

    def gates(self, context: str, old: Stage, new: Stage | None, config: GatewayConfig,
              config_version: str, actor: str) -> dict[str, Any]: ...

    def evidence(self, evidence_id: str) -> dict[str, Any]: ...

    def paused(self, context: str) -> dict[str, Any] | None: ...

    def pause(self, context: str, actor: str, reason: str) -> dict[str, Any]: ...

    def resume(self, context: str) -> bool: ...

    def lag(self, config: GatewayConfig) -> list[dict[str, Any]]: ...


# --- rates from the metrics text (pure) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Totals:
    """Cumulative counts of one context since the gateway started."""

    requests: float = 0.0
    errors: float = 0.0      # answered 5xx
    fallbacks: float = 0.0
    matches: float = 0.0     # shadow comparisons
    mismatches: float = 0.0


def totals(text: str) -> dict[str, Totals]:
    """Per context, the counters the charts need, from the gateway's Prometheus text."""
    acc: dict[str, list[float]] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            ctx = s.labels.get("context")
            if ctx is None:
                continue
            row = acc.setdefault(ctx, [0.0] * 5)
            if s.name == "gateway_requests_total":
                row[0] += s.value
                if s.labels.get("status") == "5xx":
                    row[1] += s.value
            elif s.name == "gateway_fallbacks_total":
                row[2] += s.value
            elif s.name == "gateway_shadow_requests_total":
                if s.labels.get("outcome") == "match":
                    row[3] += s.value
                elif s.labels.get("outcome") == "mismatch":
                    row[4] += s.value
    return {ctx: Totals(*row) for ctx, row in acc.items()}


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def rates(before: dict[str, Totals], after: dict[str, Totals], seconds: float
          ) -> dict[str, dict[str, float | None]]:
    """Per context, what happened between two readings: requests per second and the error,
    fallback and shadow diff rates (None: nothing to divide by in that window). A counter
    that went down (the gateway restarted) counts from zero."""
    out: dict[str, dict[str, float | None]] = {}
    for ctx, now in after.items():
        old = before.get(ctx, Totals())
        if now.requests < old.requests:
            old = Totals()
        d = Totals(*(max(a - b, 0.0) for a, b in zip(
            (now.requests, now.errors, now.fallbacks, now.matches, now.mismatches),
            (old.requests, old.errors, old.fallbacks, old.matches, old.mismatches),
            strict=True)))
        out[ctx] = {"requests_per_second": d.requests / seconds if seconds > 0 else None,
                    "error_rate": _ratio(d.errors, d.requests),
                    "fallback_rate": _ratio(d.fallbacks, d.requests),
                    "diff_rate": _ratio(d.mismatches, d.matches + d.mismatches)}
    return out


# --- the live samples ------------------------------------------------------------------------


class Recorder:
    """A ring buffer of samples taken every `interval` seconds while someone reads them."""

    def __init__(self, take_metrics: Callable[[], str],
                 take_lag: Callable[[], list[dict[str, Any]]], *, interval: float = 2.0,
                 history: int = 300, idle_after: float = 60.0) -> None:
        self.take_metrics = take_metrics
        self.take_lag = take_lag
        self.interval = interval
        self.idle_after = idle_after
        self.samples: deque[dict[str, Any]] = deque(maxlen=history)
        self._last: tuple[float, dict[str, Totals]] | None = None
        self._read_at = 0.0
        self._task: asyncio.Task[None] | None = None

    def read(self) -> list[dict[str, Any]]:
        """The samples so far; (re)starts the sampling."""
        self._read_at = time.monotonic()
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())
        return list(self.samples)

    async def sample(self) -> dict[str, Any]:
        now = time.monotonic()
        counts = totals(self.take_metrics())
        lag = await asyncio.to_thread(self.take_lag)
        per_ctx = {} if self._last is None else rates(self._last[1], counts,
                                                      now - self._last[0])
        self._last = (now, counts)
        sample = {"t": round(time.time(), 3), "rates": per_ctx, "lag": lag}
        self.samples.append(sample)
        return sample

    async def _run(self) -> None:
        while time.monotonic() - self._read_at < self.idle_after:
            started = time.monotonic()
            try:
                await self.sample()
            except Exception:  # a bad sample must not end the chart
                log.exception("dashboard sample failed")
            await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - started)))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


# --- the HTTP side ---------------------------------------------------------------------------


class PauseBody(BaseModel):
    """The body of a pause or resume: who and why (audited)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(min_length=1, max_length=1000)
    actor: str = Field(min_length=1, max_length=200)


class Dashboard:
    def __init__(self, admin: AdminApi, console: Console | None, *, interval: float = 2.0,
                 history: int = 300) -> None:
        self.admin = admin
        self.holder: ConfigHolder = admin.holder
        self.console = console
        self.recorder = Recorder(lambda: admin.metrics.render().decode("utf-8"), self._lag,
                                 interval=interval, history=history)
        self._gates_lock = asyncio.Lock()
        self._assets = {name: (STATIC / name).read_bytes() for name in ASSETS}
        self._page = (STATIC / "dashboard.html").read_bytes()

    def register(self, app: web.Application) -> None:
        r = app.router
        r.add_get("/dashboard", self.page)
        r.add_get("/dashboard/static/{name}", self.asset)
        r.add_get("/dashboard/stages", self.stages)
        r.add_get("/admin/dashboard/series", self.series)
        r.add_get("/admin/contexts/{name}/gates", self.gates)
        r.add_get("/admin/evidence/{id}", self.evidence)
        r.add_post("/admin/contexts/{name}/pause", self.pause)
        r.add_post("/admin/contexts/{name}/resume", self.resume)
        app.on_cleanup.append(self._close)

    async def _close(self, app: web.Application) -> None:
        await self.recorder.close()

    def _lag(self) -> list[dict[str, Any]]:
        return [] if self.console is None else self.console.lag(self.holder.current.config)

    def _context(self, request: web.Request) -> tuple[str, Stage]:
        name = request.match_info["name"]
        ctx = self.holder.current.config.contexts.get(name)
        if ctx is None:
            raise UnknownContext(f"unknown context {name!r}")
        return name, ctx.stage

    def _console(self) -> Console:
        if self.console is None:
            raise GatewayError("the phase controller is not available in this process")
        return self.console

    # --- open --------------------------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        return web.Response(body=self._page, content_type="text/html", charset="utf-8",
                            headers=SECURITY_HEADERS)

    async def asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in ASSETS:
            raise web.HTTPNotFound()
        return web.Response(body=self._assets[name], content_type=ASSETS[name],
                            charset="utf-8", headers=SECURITY_HEADERS)

    async def stages(self, request: web.Request) -> web.Response:
        """What `/metrics` already shows anyone who can reach this port: the contexts, their
        stages (and so the ladder's next steps). Nothing else."""
        cfg = self.holder.current.config
        return web.json_response(
            {"ladder": [s.value for s in LADDER],
             "contexts": [{"context": n, "stage": c.stage.value,
                           "allowed_next": [s.value for s in allowed_next(c.stage)]}
                          for n, c in cfg.contexts.items()]},
            headers={"Cache-Control": "no-store"})

    # --- token-protected -----------------------------------------------------------------------
    async def series(self, request: web.Request) -> web.Response:
        paused = {}
        if self.console is not None:
            paused = {n: self.console.paused(n) for n in self.holder.current.config.contexts}
        return web.json_response({"interval": self.recorder.interval,
                                  "samples": self.recorder.read(), "paused": paused},
                                 headers={"Cache-Control": "no-store"})

    async def gates(self, request: web.Request) -> web.Response:
        console = self._console()
        name, old = self._context(request)
        to = request.query.get("to")
        if to is None:
            new = _next(old)
        else:
            try:
                new = Stage(to)
            except ValueError:
                raise InvalidAdminRequest(
                    f"to: must be one of {', '.join(s.value for s in LADDER)}") from None
        snap = self.holder.current
        async with self._gates_lock:  # measurements are not cheap: one at a time
            try:
                result = await asyncio.to_thread(
                    console.gates, name, old, new, snap.config, snap.version,
                    f"dashboard ({self.admin.token.fingerprint})")
            except Exception as exc:
                raise _translate(exc) from None
        result["policy"] = self.admin.policy.name
        return web.json_response(result, headers={"Cache-Control": "no-store"})

    async def evidence(self, request: web.Request) -> web.Response:
        console = self._console()
        try:
            data = await asyncio.to_thread(console.evidence, request.match_info["id"])
        except Exception as exc:
            raise _translate(exc) from None
        return web.json_response(data, headers={"Cache-Control": "no-store"})

    async def pause(self, request: web.Request) -> web.Response:
        async def run(body: PauseBody, record: dict[str, Any]) -> dict[str, Any]:
            name, _ = self._context(request)
            done = await asyncio.to_thread(self._console().pause, name, body.actor,
                                           body.reason)
            return {"context": name, "paused": done}

        return await self.admin.audited(request, "pause", PauseBody, "{reason, actor}", run)

    async def resume(self, request: web.Request) -> web.Response:
        async def run(body: PauseBody, record: dict[str, Any]) -> dict[str, Any]:
            name, _ = self._context(request)
            was = await asyncio.to_thread(self._console().resume, name)
            record["was_paused"] = was
            return {"context": name, "paused": None, "was_paused": was}

        return await self.admin.audited(request, "resume", PauseBody, "{reason, actor}",
                                        run)


def console_for(routes_path: Path, evidence_dir: Path,
                metrics: Callable[[], str | None]) -> Console | None:
    """The phase controller's console (None where the phase package cannot be imported: the
    page then shows stages, charts of the gateway's own rates and the audit trail only)."""
    try:
        from phase.console import PhaseConsole  # the phase controller builds on the gateway
    except ImportError:  # pragma: no cover - the package ships both
        return None
    return PhaseConsole(routes_path, evidence_dir, metrics)


def _next(old: Stage) -> Stage | None:
    i = LADDER.index(old) + 1
    return LADDER[i] if i < len(LADDER) else None


def _translate(exc: Exception) -> GatewayError:
    """The console's own refusals are gateway errors already (404, 400); anything else is a
    500 naming only the kind of failure (its text may hold what a page must not show)."""
    if isinstance(exc, GatewayError):
        return exc
    log.error("dashboard call failed: %s", type(exc).__name__)
    return GatewayError(f"the phase controller failed: {type(exc).__name__}")
