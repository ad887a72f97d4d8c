"""The monolith's HTTP surface: routes, handlers and the lifecycle of its resources.

Owns the aiohttp application. Guarantees: the schema exists before the first request is served
(`create_schema` on start-up); the engine and the inventory API session have one owner each
(`cleanup_ctx`) and are closed on shutdown; bodies are bounded by `Settings.max_body`; every
error is a JSON error body. Inventory routes answer the shared contract exactly like the
inventory service, apart from `served_by` / `served_at`. The order module's inventory port
starts as persisted by the last run-time switch, else as the start-up flags say, and is
switched through `/admin/inventory-port` (`admin`, `port_switch`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from sample_monolith import inventory, orders
from sample_monolith.admin import AdminAccess, PortRequest, audit, check_admin, drain_timed_out
from sample_monolith.errors import CustomerNotFound, OrderNotFound
from sample_monolith.inventory_port import InventoryPort, LocalInventory, RemoteInventory
from sample_monolith.port_switch import Choice, DrainTimeout, PortSwitch, load_choice, store_choice
from sample_monolith.schema import create_schema_async
from sample_services.inventory.contract import (
    MAX_ID,
    AdjustRequest,
    ItemNotFound,
    QuantityRequest,
    parse_list_query,
    render_item,
    render_page,
)
from sample_services.web import (
    DEFAULT_MAX_BODY,
    ApiError,
    error_middleware,
    error_response,
    json_response,
    path_id,
    query_int,
    read_json,
    redact,
    session_options,
    sqlalchemy_url,
)

__all__ = ["SERVED_BY", "Settings", "create_app"]

SERVED_BY = "monolith"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    dsn: str
    inventory_api: str | None = None  # None: the order module uses the local inventory tables
    max_body: int = DEFAULT_MAX_BODY
    pool_size: int = 10
    lock_timeout_ms: int = 5000  # a request never waits longer than this for a row lock
    inventory_timeout: float = 5.0
    admin: AdminAccess = AdminAccess(None)  # no token: the admin endpoint is disabled

    def __repr__(self) -> str:
        return (f"Settings(dsn={redact(self.dsn)!r}, inventory_api={self.inventory_api!r}, "
                f"max_body={self.max_body}, admin={self.admin!r})")


SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSION = web.AppKey("inventory_session", aiohttp.ClientSession)
PORTS = web.AppKey("inventory_ports", PortSwitch)


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = create_async_engine(
        sqlalchemy_url(settings.dsn), pool_size=settings.pool_size, max_overflow=10,
        pool_pre_ping=True,
        connect_args={"application_name": "sample-monolith",
                      "options": session_options(lock_timeout_ms=settings.lock_timeout_ms)})
    try:
        await create_schema_async(engine)
        app[ENGINE] = engine
        yield
    finally:
        await engine.dispose()


def _make_port(app: web.Application, choice: Choice) -> InventoryPort:
    if choice.mode == "local":
        return LocalInventory()
    assert choice.url is not None
    return RemoteInventory(app[SESSION], choice.url, timeout=app[SETTINGS].inventory_timeout)


async def _inventory_port(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    flags = Choice("remote", settings.inventory_api) if settings.inventory_api \
        else Choice("local")
    choice = await load_choice(app[ENGINE]) or flags
    if choice.persisted and not choice.same_as(flags):
        log.warning("inventory port: %s%s as switched at run time by %s (the start-up flags "
                    "say %s)", choice.mode, f" {choice.url}" if choice.url else "",
                    choice.changed_by, flags.mode)
    # one session for the monolith's lifetime: a switch to remote needs no new owner
    async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=50), auto_decompress=True) as session:
        app[SESSION] = session
        app[PORTS] = PortSwitch(_make_port(app, choice), choice)
        yield


# --- inventory (the bounded context being strangled) ----------------------------------------


async def get_item(request: web.Request) -> web.Response:
    item_id = path_id(request, "item_id")
    async with request.app[ENGINE].connect() as conn:
        view = await inventory.get_item(conn, item_id)
    if view is None:
        raise ItemNotFound(item_id)
    return json_response(render_item(view, served_by=SERVED_BY))


async def list_items(request: web.Request) -> web.Response:
    query = parse_list_query(request)
    async with request.app[ENGINE].connect() as conn:
        views, more = await inventory.list_items(conn, query)
    return json_response(render_page(views, has_more=more, served_by=SERVED_BY))


async def adjust(request: web.Request) -> web.Response:
    body = await read_json(request, AdjustRequest, max_body=request.app[SETTINGS].max_body)
    async with request.app[ENGINE].begin() as conn:
        view = await inventory.adjust(conn, body.item_id, body.delta)
    return json_response(render_item(view, served_by=SERVED_BY))


async def reserve(request: web.Request) -> web.Response:
    item_id = path_id(request, "item_id")
    body = await read_json(request, QuantityRequest, max_body=request.app[SETTINGS].max_body)
    async with request.app[ENGINE].begin() as conn:
        view = await inventory.reserve(conn, item_id, body.quantity)
    return json_response(render_item(view, served_by=SERVED_BY))


async def release(request: web.Request) -> web.Response:
    item_id = path_id(request, "item_id")
    body = await read_json(request, QuantityRequest, max_body=request.app[SETTINGS].max_body)
    async with request.app[ENGINE].begin() as conn:
        view = await inventory.release(conn, item_id, body.quantity)
    return json_response(render_item(view, served_by=SERVED_BY))


# --- orders and customers (stay in the monolith) ---------------------------------------------


async def place_order(request: web.Request) -> web.Response:
    body = await read_json(request, orders.PlaceOrder, max_body=request.app[SETTINGS].max_body)
    async with request.app[PORTS].use() as port:
        order = await orders.place_order(request.app[ENGINE], port, body)
    return json_response(orders.render_order(order), status=201)


async def get_order(request: web.Request) -> web.Response:
    order_id = path_id(request, "order_id")
    async with request.app[ENGINE].connect() as conn:
        order = await orders.get_order(conn, order_id)
    if order is None:
        raise OrderNotFound(order_id)
    return json_response(orders.render_order(order))


async def list_orders(request: web.Request) -> web.Response:
    customer_id = query_int(request, "customer_id", default=None, low=1, high=MAX_ID)
    limit = query_int(request, "limit", default=50, low=1, high=200) or 50
    after = query_int(request, "after", default=0, low=0, high=MAX_ID) or 0
    async with request.app[ENGINE].connect() as conn:
        page, more = await orders.list_orders(conn, customer_id=customer_id, limit=limit,
                                              after=after)
    return json_response({"orders": [orders.render_order(o) for o in page],
                          "next_after": page[-1].id if page and more else None})


async def get_customer(request: web.Request) -> web.Response:
    customer_id = path_id(request, "customer_id")
    async with request.app[ENGINE].connect() as conn:
        customer = await orders.get_customer(conn, customer_id)
    if customer is None:
        raise CustomerNotFound(customer_id)
    return json_response(customer)


async def healthz(request: web.Request) -> web.Response:
    try:
        async with asyncio.timeout(2.0), request.app[ENGINE].connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not healthy"
        log.warning("health check failed: %s", type(exc).__name__)
        return error_response(503, "unhealthy", "database is not reachable")
    return json_response({"status": "ok", "app": SERVED_BY,
                          "inventory_port": request.app[PORTS].port.name})


# --- admin: the order module's inventory port ------------------------------------------------


def _port_state(ports: PortSwitch) -> dict[str, object]:
    return {**ports.choice.as_dict(), "in_flight": ports.in_flight()}


async def get_inventory_port(request: web.Request) -> web.Response:
    check_admin(request, request.app[SETTINGS].admin)
    return json_response(_port_state(request.app[PORTS]))


async def switch_inventory_port(request: web.Request) -> web.Response:
    app = request.app
    access = app[SETTINGS].admin
    check_admin(request, access)
    ports = app[PORTS]
    before = ports.choice
    try:
        body = await read_json(request, PortRequest, max_body=app[SETTINGS].max_body)
    except ApiError as exc:
        audit(request, access, result="refused", status=exc.status, error=exc.code,
              field=exc.field)
        raise
    wanted = body.choice
    record = {"actor": body.actor, "reason": body.reason, "before": before.mode,
              "before_url": before.url, "after": wanted.mode, "after_url": wanted.url}
    try:
        changed, waited_for, seconds = await ports.switch(
            wanted, lambda c: _make_port(app, c),
            lambda: store_choice(app[ENGINE], wanted.mode, wanted.url, body.actor),
            drain_timeout=body.drain_timeout_seconds)
    except DrainTimeout as exc:
        audit(request, access, **record, result="drain_timeout", in_flight=exc.in_flight)
        raise drain_timed_out(exc) from None
    except Exception as exc:
        audit(request, access, **record, result="failed", error=type(exc).__name__)
        raise
    audit(request, access, **record, result="applied" if changed else "unchanged",
          drained_local_orders=waited_for, drain_seconds=round(seconds, 4))
    return json_response({**_port_state(ports), "changed": changed,
                          "drained_local_orders": waited_for,
                          "drain_seconds": round(seconds, 4)})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[error_middleware], client_max_size=settings.max_body)
    app[SETTINGS] = settings
    app.cleanup_ctx.extend([_database, _inventory_port])
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/api/inventory", list_items)
    app.router.add_post("/api/inventory/adjust", adjust)
    app.router.add_get("/api/inventory/{item_id}", get_item)
    app.router.add_post("/api/inventory/{item_id}/reserve", reserve)
    app.router.add_post("/api/inventory/{item_id}/release", release)
    app.router.add_get("/api/orders", list_orders)
    app.router.add_post("/api/orders", place_order)
    app.router.add_get("/api/orders/{order_id}", get_order)
    app.router.add_get("/api/customers/{customer_id}", get_customer)
    app.router.add_get("/admin/inventory-port", get_inventory_port)
    app.router.add_post("/admin/inventory-port", switch_inventory_port)
    return app
