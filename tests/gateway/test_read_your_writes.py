"""Read-your-writes in `reads`: a client's read right after its own write is not stale.

The first tests run two small HTTP servers with their own stores; the service's copy is updated
only when the test lets the change "flow through CDC" (`replicate()`), the boundary where the
real pipeline's delay sits, so they are deterministic. The last one (`stack`) runs the sample
monolith and inventory service on the local stack, synced by the real Debezium connector and
applier.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from strangler.demo import run_demo
from strangler.stack.runner import LocalStack
from tests.gateway.support import routes_doc, write_routes
from tests.samples.conftest import start_app

ROUTES = Path(__file__).resolve().parents[2] / "routes.yaml"


class Store:
    """One side's inventory: the monolith (writer of record) or the service (a lagging copy)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.qty: dict[int, int] = {}
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> Store:
        app = web.Application()
        app.router.add_get("/api/inventory/{item_id}", self._get)
        app.router.add_post("/api/inventory/adjust", self._adjust)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _get(self, request: web.Request) -> web.Response:
        item = int(request.match_info["item_id"])
        return web.json_response({"served_by": self.name, "qty": self.qty.get(item, 0)})

    async def _adjust(self, request: web.Request) -> web.Response:
        body = await request.json()
        item = int(body["item_id"])
        self.qty[item] = self.qty.get(item, 0) + int(body["delta"])
        return web.json_response({"served_by": self.name, "qty": self.qty[item]})


@pytest.fixture
async def stores() -> AsyncIterator[tuple[Store, Store]]:
    monolith, service = await Store("monolith").start(), await Store("inventory").start()
    yield monolith, service
    await monolith.close()
    await service.close()


def replicate(monolith: Store, service: Store) -> None:
    service.qty = dict(monolith.qty)


@pytest.fixture
def rw_routes(tmp_path: Path, stores: tuple[Store, Store]) -> Callable[..., Path]:
    def make(**ctx: Any) -> Path:
        monolith, service = stores
        return write_routes(tmp_path / "routes.yaml",
                            routes_doc(monolith.url, service.url, stage="reads", **ctx))
    return make


async def write_then_read(client: aiohttp.ClientSession, port: int, who: str | None,
                          delta: int) -> dict[str, Any]:
    headers = {"X-Customer-Id": who} if who else {}
    base = f"http://127.0.0.1:{port}/api/inventory"
    async with client.post(base + "/adjust", json={"item_id": 7, "delta": delta},
                           headers=headers) as r:
        assert r.status == 200
        assert json.loads(await r.read())["served_by"] == "monolith"  # writer of record
    return await read(client, port, who)


async def read(client: aiohttp.ClientSession, port: int, who: str | None) -> dict[str, Any]:
    headers = {"X-Customer-Id": who} if who else {}
    async with client.get(f"http://127.0.0.1:{port}/api/inventory/7", headers=headers) as r:
        assert r.status == 200
        result: dict[str, Any] = json.loads(await r.read())
        return result


async def test_without_the_window_a_read_after_a_write_is_stale(
        rw_routes: Callable[..., Path], stores: tuple[Store, Store], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    monolith, service = stores
    gw = await start_gateway(rw_routes(read_your_writes={"window_seconds": 0}))
    got = await write_then_read(client, gw.port, "alice", 5)
    assert got == {"served_by": "inventory", "qty": 0}  # the change has not flowed yet
    replicate(monolith, service)
    assert await read(client, gw.port, "alice") == {"served_by": "inventory", "qty": 5}


async def test_a_client_reads_its_own_write_and_others_still_read_the_service(
        rw_routes: Callable[..., Path], stores: tuple[Store, Store], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    monolith, service = stores
    gw = await start_gateway(rw_routes())  # on by default: window = gates.max_lag_seconds
    for _ in range(10):  # the measurement: 10 of 10 were behind
        got = await write_then_read(client, gw.port, "alice", 5)
        assert got == {"served_by": "monolith", "qty": monolith.qty[7]}
    assert monolith.qty[7] == 50 and service.qty.get(7, 0) == 0
    # the window is per sticky key: other clients (and clients without a key) are not held
    assert await read(client, gw.port, "bob") == {"served_by": "inventory", "qty": 0}
    assert await read(client, gw.port, None) == {"served_by": "inventory", "qty": 0}
    pinned = gw.metrics.registry.get_sample_value(
        "gateway_read_your_writes_total", {"context": "inventory", "event": "pinned"})
    assert pinned == 10
    replicate(monolith, service)
    assert await read(client, gw.port, "bob") == {"served_by": "inventory", "qty": 50}


@pytest.mark.stack
@pytest.mark.usefixtures("demo_removed")
async def test_read_your_writes_over_the_real_cdc_pipeline(
        stack: LocalStack, tmp_path: Path, start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    """The sample monolith and inventory service on the local stack, synced by the real
    Debezium connector and applier (the demo's setup): right after its own write a client
    reads the old value from the service, unless the window keeps it on the monolith."""
    run_demo(ROUTES, state_dir=str(stack.state_dir), items=300, say=lambda _: None,
             stages=False)
    monolith = start_app("monolith", tmp_path, "--dsn", stack.monolith_dsn)
    service = start_app("inventory", tmp_path, "--dsn", stack.service_dsn("inventory"))
    try:
        doc = routes_doc(monolith.url, service.url, stage="reads")
        for upstream in doc["upstreams"].values():
            upstream.update(read_timeout=10.0, total_timeout=20.0)

        async def rounds(gw: Any, who: str) -> list[tuple[int, int, str]]:
            """(written, read, served by) for 10 writes each followed by a read."""
            out = []
            base = f"http://127.0.0.1:{gw.port}/api/inventory"
            for _ in range(10):
                async with client.post(base + "/adjust", headers={"X-Customer-Id": who},
                                       json={"item_id": 1, "delta": 1, "reason": "ryw"}) as r:
                    assert r.status == 200, await r.text()
                    written = json.loads(await r.read())["qty_on_hand"]
                async with client.get(base + "/1", headers={"X-Customer-Id": who}) as r:
                    assert r.status == 200, await r.text()
                    got = json.loads(await r.read())
                out.append((written, got["qty_on_hand"], got["served_by"]))
            return out

        off = await start_gateway(write_routes(
            tmp_path / "off.yaml", {**doc, "contexts": {"inventory": {
                **doc["contexts"]["inventory"], "read_your_writes": {"window_seconds": 0}}}}))
        stale = [x for x in await rounds(off, "carol") if x[1] != x[0]]
        assert stale and {s for _, _, s in stale} == {"inventory-service"}  # behind: CDC lag
        on = await start_gateway(write_routes(tmp_path / "on.yaml", doc))  # the default
        seen = await rounds(on, "dave")
        assert all(read == written and by == "monolith" for written, read, by in seen), seen
        print(f"read-your-writes on the local stack: {len(stale)} of 10 reads right after a "
              f"write were behind without the window, 0 of 10 with it")
    finally:
        assert monolith.stop() == 0, monolith.output()
        assert service.stop() == 0, service.output()
