"""The monolith's own domain: orders and customers, and the inventory port in both positions.

With the port switched to the inventory API (branch by abstraction) orders still place and
reserve correctly, in the service's database; refused orders are compensated there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import pytest

from tests.samples.conftest import (
    CUSTOMERS,
    ORDERS,
    AppProcess,
    Databases,
    Items,
    Target,
    start_app,
)


async def call(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.request(method, url,
                                                                   json=body) as resp:
        return resp.status, await resp.json()


@pytest.fixture(scope="module")
def remote_monolith(seeded: Databases, inventory_app: AppProcess,
                    app_logs: Path) -> Iterator[AppProcess]:
    """A second monolith process whose order module calls the inventory service."""
    app = start_app("monolith", app_logs, "--dsn", seeded.monolith,
                    "--inventory-api", inventory_app.url)
    yield app
    assert app.stop() == 0, app.output()


def targets(seeded: Databases, monolith_app: AppProcess,
            inventory_app: AppProcess) -> tuple[Target, Target]:
    return (Target("monolith", monolith_app.url, seeded.monolith),
            Target("inventory", inventory_app.url, seeded.inventory))


def outbox(dsn: str, item_id: int) -> list[tuple[str, int]]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT event_type, (payload->>'quantity')::int FROM outbox"
                            " WHERE aggregate_id = %s ORDER BY id", (item_id,)).fetchall()
    return [(r[0], r[1]) for r in rows]


async def test_local_port_reserves_in_the_monolith(seeded: Databases, monolith_app: AppProcess,
                                                   inventory_app: AppProcess,
                                                   items: Items) -> None:
    mono, svc = targets(seeded, monolith_app, inventory_app)
    a, b = items.make(on_hand=10, price="2.50"), items.make(on_hand=5, price="0.10")
    status, order = await call("POST", f"{monolith_app.url}/api/orders",
                               {"customer_id": 3, "lines": [{"item_id": b, "quantity": 5},
                                                            {"item_id": a, "quantity": 4}]})
    assert status == 201, order
    assert order["status"] == "placed" and order["customer_id"] == 3
    assert order["total"] == "10.50"
    assert [(ln["line_no"], ln["item_id"], ln["quantity"], ln["unit_price"])
            for ln in order["lines"]] == [(1, b, 5, "0.10"), (2, a, 4, "2.50")]
    assert mono.stock(a) == (10, 4) and mono.stock(b) == (5, 5)
    assert svc.stock(a) == (10, 0)  # the service is not involved
    status, fetched = await call("GET", f"{monolith_app.url}/api/orders/{order['id']}")
    assert (status, fetched) == (200, order)


async def test_local_port_refusal_rolls_back(seeded: Databases, monolith_app: AppProcess,
                                             inventory_app: AppProcess, items: Items) -> None:
    mono, _ = targets(seeded, monolith_app, inventory_app)
    a, b = items.make(on_hand=10), items.make(on_hand=1)
    status, body = await call("POST", f"{monolith_app.url}/api/orders",
                              {"customer_id": 1, "lines": [{"item_id": a, "quantity": 2},
                                                           {"item_id": b, "quantity": 2}]})
    assert status == 409 and body["error"]["field"] == "lines[1].quantity"
    assert mono.stock(a) == (10, 0)


async def test_remote_port_reserves_in_the_service(seeded: Databases, monolith_app: AppProcess,
                                                   inventory_app: AppProcess,
                                                   remote_monolith: AppProcess,
                                                   items: Items) -> None:
    mono, svc = targets(seeded, monolith_app, inventory_app)
    a, b = items.make(on_hand=10, price="3.33"), items.make(on_hand=10, price="9999999999.99")
    status, health = await call("GET", f"{remote_monolith.url}/healthz")
    assert (status, health["inventory_port"]) == (200, "remote")
    status, order = await call("POST", f"{remote_monolith.url}/api/orders",
                               {"customer_id": 2, "lines": [{"item_id": a, "quantity": 3},
                                                            {"item_id": b, "quantity": 1}]})
    assert status == 201, order
    assert order["total"] == "10000000009.98"
    assert svc.stock(a) == (10, 3) and svc.stock(b) == (10, 1)
    assert mono.stock(a) == (10, 0) and mono.stock(b) == (10, 0)  # monolith table untouched
    assert outbox(seeded.inventory, a) == [("ItemReserved", 3)]
    # The order itself lives in the monolith, readable by either monolith process.
    status, fetched = await call("GET", f"{monolith_app.url}/api/orders/{order['id']}")
    assert (status, fetched) == (200, order)


async def test_remote_port_compensates_a_refused_order(seeded: Databases,
                                                       monolith_app: AppProcess,
                                                       inventory_app: AppProcess,
                                                       remote_monolith: AppProcess,
                                                       items: Items) -> None:
    _, svc = targets(seeded, monolith_app, inventory_app)
    a, b = items.make(on_hand=10), items.make(on_hand=2)
    mono_before = Target("monolith", monolith_app.url, seeded.monolith).snapshot()
    status, body = await call("POST", f"{remote_monolith.url}/api/orders",
                              {"customer_id": 1, "lines": [{"item_id": b, "quantity": 3},
                                                           {"item_id": a, "quantity": 4}]})
    assert status == 409, body
    assert body["error"] == {"code": "insufficient_stock", "field": "lines[0].quantity",
                             "message": f"inventory item {b}: cannot reserve 3, only 2 available"}
    # Item a (lower id) was reserved first, then released again when b was refused.
    assert svc.stock(a) == (10, 0) and svc.stock(b) == (2, 0)
    assert outbox(seeded.inventory, a) == [("ItemReserved", 4), ("ReservationReleased", 4)]
    assert Target("monolith", monolith_app.url, seeded.monolith).snapshot() == mono_before


async def test_remote_port_unknown_item_and_customer(seeded: Databases,
                                                     remote_monolith: AppProcess,
                                                     inventory_app: AppProcess,
                                                     items: Items) -> None:
    a = items.make(on_hand=10)
    status, body = await call("POST", f"{remote_monolith.url}/api/orders",
                              {"customer_id": 1, "lines": [{"item_id": a, "quantity": 1},
                                                           {"item_id": 999_999_999,
                                                            "quantity": 1}]})
    assert (status, body["error"]["code"], body["error"]["field"]) == (
        404, "item_not_found", "lines[1].item_id")
    assert Target("inventory", inventory_app.url, seeded.inventory).stock(a) == (10, 0)
    status, body = await call("POST", f"{remote_monolith.url}/api/orders",
                              {"customer_id": 10**9, "lines": [{"item_id": a, "quantity": 1}]})
    assert (status, body["error"]["code"]) == (404, "customer_not_found")
    assert outbox(seeded.inventory, a) == [("ItemReserved", 1), ("ReservationReleased", 1)]


async def test_remote_port_unreachable_is_503(seeded: Databases, app_logs: Path,
                                              items: Items) -> None:
    from strangler.stack.process import free_port

    app = start_app("monolith", app_logs, "--dsn", seeded.monolith,
                    "--inventory-api", f"http://127.0.0.1:{free_port()}")
    try:
        a = items.make(on_hand=10)
        before = Target("monolith", app.url, seeded.monolith).snapshot()
        status, body = await call("POST", f"{app.url}/api/orders",
                                  {"customer_id": 1, "lines": [{"item_id": a, "quantity": 1}]})
        assert (status, body["error"]["code"]) == (503, "inventory_unavailable")
        assert Target("monolith", app.url, seeded.monolith).snapshot() == before
    finally:
        assert app.stop() == 0


async def test_remote_orders_under_concurrency(seeded: Databases, inventory_app: AppProcess,
                                               remote_monolith: AppProcess,
                                               items: Items) -> None:
    """25 concurrent two-line orders through the port: never oversold, nothing leaked."""
    import asyncio

    a, b = items.make(on_hand=12), items.make(on_hand=100)
    svc = Target("inventory", inventory_app.url, seeded.inventory)

    async def order(session: aiohttp.ClientSession) -> int:
        async with session.post(f"{remote_monolith.url}/api/orders", json={
                "customer_id": 1, "lines": [{"item_id": b, "quantity": 2},
                                            {"item_id": a, "quantity": 1}]}) as resp:
            await resp.read()
            return resp.status

    async with aiohttp.ClientSession() as session:
        statuses = Counter(await asyncio.gather(*(order(session) for _ in range(25))))
    assert statuses == Counter({201: 12, 409: 13})
    assert svc.stock(a) == (12, 12)
    assert svc.stock(b) == (100, 24)  # 12 placed orders x 2; every refused one compensated


async def test_order_and_customer_reads(monolith_app: AppProcess) -> None:
    status, customer = await call("GET", f"{monolith_app.url}/api/customers/1")
    assert status == 200 and set(customer) == {"id", "email", "name", "created_at"}
    assert (await call("GET", f"{monolith_app.url}/api/customers/{CUSTOMERS + 1}"))[0] == 404
    status, seeded_order = await call("GET", f"{monolith_app.url}/api/orders/1")
    assert status == 200 and seeded_order["status"] in ("shipped", "cancelled")
    assert seeded_order["lines"]
    status, body = await call("GET", f"{monolith_app.url}/api/orders/{10**12}")
    assert (status, body["error"]["code"]) == (404, "order_not_found")
    ids: list[int] = []
    after = 0
    while True:
        status, page = await call("GET", f"{monolith_app.url}/api/orders?limit=7&after={after}")
        assert status == 200
        ids += [o["id"] for o in page["orders"]]
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert ids == sorted(ids) and set(range(1, ORDERS + 1)) <= set(ids)
    status, page = await call("GET", f"{monolith_app.url}/api/orders?customer_id=1&limit=200")
    assert status == 200 and all(o["customer_id"] == 1 for o in page["orders"])
    status, body = await call("GET", f"{monolith_app.url}/api/orders?customer_id=x")
    assert (status, body["error"]["field"]) == (400, "customer_id")
