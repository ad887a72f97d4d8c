"""One API contract, two implementations: the monolith and the inventory service answer every
inventory route identically on the same data, apart from the documented by-nature fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
import pytest

from sample_services.inventory.contract import BY_NATURE_FIELDS
from tests.samples.conftest import ITEMS, AppProcess, Items

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def normalize(body: Any, *, drop: tuple[str, ...] = BY_NATURE_FIELDS) -> Any:
    if isinstance(body, dict):
        return {k: normalize(v, drop=drop) for k, v in body.items() if k not in drop}
    if isinstance(body, list):
        return [normalize(v, drop=drop) for v in body]
    return body


async def fetch(session: aiohttp.ClientSession, method: str, url: str,
                body: Any = None) -> tuple[int, Any]:
    async with session.request(method, url, json=body) as resp:
        assert resp.content_type == "application/json", await resp.text()
        return resp.status, await resp.json()


async def both(monolith_app: AppProcess, inventory_app: AppProcess, method: str, path: str,
               body: Any = None) -> tuple[tuple[int, Any], tuple[int, Any]]:
    async with aiohttp.ClientSession() as session:
        mono = await fetch(session, method, monolith_app.url + path, body)
        svc = await fetch(session, method, inventory_app.url + path, body)
    return mono, svc


READ_PATHS = [
    "/api/inventory/1",
    "/api/inventory/50",  # a long (TOASTed) description
    "/api/inventory/150",
    f"/api/inventory/{ITEMS}",
    f"/api/inventory/{ITEMS + 1}",  # missing
    "/api/inventory/0",
    "/api/inventory/-1",
    "/api/inventory/abc",
    "/api/inventory/1.5",
    f"/api/inventory/{2**63}",
    "/api/inventory",
    "/api/inventory?limit=7",
    "/api/inventory?limit=7&after=7",
    f"/api/inventory?after={ITEMS - 3}",
    f"/api/inventory?after={ITEMS}",
    "/api/inventory?sku=SKU-00000042",
    "/api/inventory?sku=SKU-00000042&after=42",
    "/api/inventory?sku=nope",
    "/api/inventory?limit=200",
    "/api/inventory?limit=0",
    "/api/inventory?limit=201",
    "/api/inventory?limit=abc",
    "/api/inventory?after=-1",
    "/api/inventory?sku=" + "x" * 65,
    "/api/nothing-here",
]


@pytest.mark.parametrize("path", READ_PATHS)
async def test_reads_are_identical(monolith_app: AppProcess, inventory_app: AppProcess,
                                   path: str) -> None:
    (m_status, m_body), (s_status, s_body) = await both(monolith_app, inventory_app, "GET", path)
    assert m_status == s_status
    assert normalize(m_body) == normalize(s_body)
    if m_status == 200:
        assert m_body["served_by"] == "monolith"
        assert s_body["served_by"] == "inventory-service"
        assert ISO_UTC.match(m_body["served_at"]) and ISO_UTC.match(s_body["served_at"])
    else:
        assert set(m_body) == {"error"}
        assert set(m_body["error"]) == {"code", "message", "field"}


async def test_every_seeded_item_is_identical(monolith_app: AppProcess,
                                              inventory_app: AppProcess) -> None:
    """Walk the whole paged list on both apps, then read each long description."""
    pages: dict[str, list[Any]] = {}
    async with aiohttp.ClientSession() as session:
        for app in (monolith_app, inventory_app):
            collected: list[Any] = []
            after = 0
            while True:
                status, body = await fetch(session, "GET",
                                           f"{app.url}/api/inventory?limit=64&after={after}")
                assert status == 200
                collected.extend(body["items"])
                if body["next_after"] is None:
                    break
                after = body["next_after"]
            pages[app.name] = collected
    assert [it["id"] for it in pages["monolith"]] == list(range(1, ITEMS + 1))
    assert pages["monolith"] == pages["inventory"]


async def test_item_shape(monolith_app: AppProcess) -> None:
    async with aiohttp.ClientSession() as session:
        status, body = await fetch(session, "GET", f"{monolith_app.url}/api/inventory/50")
    assert status == 200
    assert set(body) == {"id", "sku", "name", "qty_on_hand", "qty_reserved", "qty_available",
                         "price", "description", "updated_at", "served_by", "served_at"}
    assert body["qty_available"] == body["qty_on_hand"] - body["qty_reserved"]
    assert re.fullmatch(r"\d+\.\d\d", body["price"])
    assert len(body["description"].encode()) > 4096  # every 50th seeded item is long
    assert ISO_UTC.match(body["updated_at"])


@pytest.fixture
def scratch(items: Items) -> Iterator[Callable[..., int]]:
    """Makes items for one test and removes them afterwards, also when it fails: the read
    tests compare whole lists, and an item written through both apps differs between them by
    nature (each app stamps its own write time), so no written item may outlive its test."""
    made: list[int] = []

    def make(**kwargs: Any) -> int:
        made.append(items.make(**kwargs))
        return made[-1]

    yield make
    for item_id in made:
        items.remove(item_id)


@pytest.mark.parametrize("price", ["0.00", "0.01", "0.10", "19.99", "1234567.89",
                                   "9999999999.99"])
async def test_prices_keep_their_precision(monolith_app: AppProcess, inventory_app: AppProcess,
                                           scratch: Callable[..., int], price: str) -> None:
    item_id = scratch(price=price)
    (_, mono), (_, svc) = await both(monolith_app, inventory_app, "GET",
                                     f"/api/inventory/{item_id}")
    assert mono["price"] == svc["price"] == price


WRITE_SEQUENCE: list[tuple[str, dict[str, Any]]] = [
    ("reserve", {"quantity": 3}),
    ("reserve", {"quantity": 8}),  # 409: only 7 available
    ("release", {"quantity": 2}),
    ("release", {"quantity": 5}),  # 409: only 1 reserved
    ("adjust", {"delta": -9, "reason": "shrinkage"}),  # ok: 1 on hand, 1 reserved
    ("adjust", {"delta": -1, "reason": "shrinkage"}),  # 409: below reserved
    ("adjust", {"delta": 25, "reason": "restock"}),
    ("reserve", {"quantity": 26}),  # 409: 25 available
    ("reserve", {"quantity": 25}),
    ("release", {"quantity": 26}),
    ("release", {"quantity": 26}),  # 409: nothing reserved
]


async def test_writes_are_identical(monolith_app: AppProcess, inventory_app: AppProcess,
                                    scratch: Callable[..., int]) -> None:
    item_id = scratch(on_hand=10, reserved=0, price="0.10")
    for op, body in WRITE_SEQUENCE:
        if op == "adjust":
            path, payload = "/api/inventory/adjust", {"item_id": item_id, **body}
        else:
            path, payload = f"/api/inventory/{item_id}/{op}", body
        (m_status, m_body), (s_status, s_body) = await both(
            monolith_app, inventory_app, "POST", path, payload)
        assert (m_status, normalize(m_body, drop=(*BY_NATURE_FIELDS, "updated_at"))) == (
            s_status, normalize(s_body, drop=(*BY_NATURE_FIELDS, "updated_at"))), (op, body)
        if m_status == 200:
            # The write's own time on each app: by nature, but it must be fresh.
            assert m_body["updated_at"] > "2026-03-04T05:06:07.123456Z"
            assert s_body["updated_at"] > "2026-03-04T05:06:07.123456Z"
    (_, mono), (_, svc) = await both(monolith_app, inventory_app, "GET",
                                     f"/api/inventory/{item_id}")
    drop = (*BY_NATURE_FIELDS, "updated_at")
    assert normalize(mono, drop=drop) == normalize(svc, drop=drop)
    assert (mono["qty_on_hand"], mono["qty_reserved"]) == (26, 0)


@pytest.mark.parametrize("method,path", [
    ("POST", "/api/inventory/1"),
    ("DELETE", "/api/inventory/1"),
    ("GET", "/api/inventory/1/reserve"),
    ("PUT", "/api/inventory/adjust"),
])
async def test_wrong_methods_are_identical(monolith_app: AppProcess, inventory_app: AppProcess,
                                           method: str, path: str) -> None:
    (m_status, m_body), (s_status, s_body) = await both(monolith_app, inventory_app, method, path)
    assert m_status == s_status == 405
    assert m_body == s_body
    assert m_body["error"]["code"] == "method_not_allowed"
