"""The inventory service's HTTP surface: the public inventory contract on its own database.

Guarantees: the schema exists before the first request (`create_schema` on start-up); one
engine, disposed on shutdown; bounded bodies; JSON error bodies identical to the monolith's;
responses identical to the monolith's apart from `served_by` / `served_at`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from sample_services.inventory import stock
from sample_services.inventory.contract import (
    AdjustRequest,
    ItemNotFound,
    QuantityRequest,
    parse_list_query,
    render_item,
    render_page,
)
from sample_services.inventory.schema import create_schema_async
from sample_services.web import (
    DEFAULT_MAX_BODY,
    error_middleware,
    error_response,
    json_response,
    path_id,
    read_json,
    redact,
    session_options,
    sqlalchemy_url,
)

__all__ = ["SERVED_BY", "Settings", "create_app"]

SERVED_BY = "inventory-service"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    dsn: str
    max_body: int = DEFAULT_MAX_BODY
    pool_size: int = 10
    lock_timeout_ms: int = 5000  # a request never waits longer than this for a row lock

    def __repr__(self) -> str:
        return f"Settings(dsn={redact(self.dsn)!r}, max_body={self.max_body})"


SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = create_async_engine(
        sqlalchemy_url(settings.dsn), pool_size=settings.pool_size, max_overflow=10,
        pool_pre_ping=True,
        connect_args={"application_name": "inventory-service",
                      "options": session_options(lock_timeout_ms=settings.lock_timeout_ms)})
    try:
        await create_schema_async(engine)
        app[ENGINE] = engine
        yield
    finally:
        await engine.dispose()


async def get_item(request: web.Request) -> web.Response:
    item_id = path_id(request, "item_id")
    async with request.app[ENGINE].connect() as conn:
        view = await stock.get_item(conn, item_id)
    if view is None:
        raise ItemNotFound(item_id)
    return json_response(render_item(view, served_by=SERVED_BY))


async def list_items(request: web.Request) -> web.Response:
    query = parse_list_query(request)
    async with request.app[ENGINE].connect() as conn:
        views, more = await stock.list_items(conn, query)
    return json_response(render_page(views, has_more=more, served_by=SERVED_BY))


async def adjust(request: web.Request) -> web.Response:
    body = await read_json(request, AdjustRequest, max_body=request.app[SETTINGS].max_body)
    async with request.app[ENGINE].begin() as conn:
        view = await stock.adjust(conn, body.item_id, body.delta, body.reason)
    return json_response(render_item(view, served_by=SERVED_BY))


async def reserve(request: web.Request) -> web.Response:
    item_id = path_id(request, "item_id")
    body = await read_json(request, QuantityRequest, max_body=request.app[SETTINGS].max_body)
    async with request.app[ENGINE].begin() as conn:
        view = await stock.reserve(conn, item_id, body.quantity)
    return json_response(render_item(view, served_by=SERVED_BY))


async def release(request: web.Request) -> web.Response:
    item_id = path_id(request, "item_id")
    body = await read_json(request, QuantityRequest, max_body=request.app[SETTINGS].max_body)
    async with request.app[ENGINE].begin() as conn:
        view = await stock.release(conn, item_id, body.quantity)
    return json_response(render_item(view, served_by=SERVED_BY))


async def healthz(request: web.Request) -> web.Response:
    try:
        async with asyncio.timeout(2.0), request.app[ENGINE].connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not healthy"
        log.warning("health check failed: %s", type(exc).__name__)
        return error_response(503, "unhealthy", "database is not reachable")
    return json_response({"status": "ok", "app": SERVED_BY})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[error_middleware], client_max_size=settings.max_body)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_database)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/api/inventory", list_items)
    app.router.add_post("/api/inventory/adjust", adjust)
    app.router.add_get("/api/inventory/{item_id}", get_item)
    app.router.add_post("/api/inventory/{item_id}/reserve", reserve)
    app.router.add_post("/api/inventory/{item_id}/release", release)
    return app
