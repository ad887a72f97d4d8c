"""Hot reload: a valid edit swaps the whole config within 2 s; an invalid one keeps the last
good config and says why."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from gateway.config import load_config
from tests.gateway.support import TOKEN, EchoUpstream, routes_doc, served_by, write_routes


def base(gw: Any) -> str:
    return f"http://127.0.0.1:{gw.port}"


async def served(client: aiohttp.ClientSession, gw: Any, path: str = "/api/inventory/1") -> str:
    async with client.get(base(gw) + path) as r:
        assert r.status == 200, await r.text()
        return served_by(await r.read())


async def write_served(client: aiohttp.ClientSession, gw: Any) -> str:
    async with client.post(base(gw) + "/api/inventory/adjust", json={}) as r:
        assert r.status == 200, await r.text()
        return served_by(await r.read())


async def until(pred: Callable[[], Any], timeout: float = 2.0) -> float:
    t0 = time.monotonic()
    while True:
        if await pred():
            return time.monotonic() - t0
        assert time.monotonic() - t0 < timeout, "not converged within the deadline"
        await asyncio.sleep(0.02)


async def test_edit_is_picked_up_within_2s(routes_file: Callable[..., Path],
                                           start_gateway: Any,
                                           client: aiohttp.ClientSession) -> None:
    path = routes_file("canary", canary={"percent": 0})
    gw = await start_gateway(path)
    assert await served(client, gw) == "monolith"
    path.write_text(path.read_text().replace("stage: canary", "stage: reads"))

    async def on_service() -> bool:
        return await served(client, gw) == "inventory"

    await until(on_service)


async def test_invalid_edit_keeps_last_good_config(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    path = routes_file("reads")
    gw = await start_gateway(path)
    good = gw.holder.current.version
    path.write_text(path.read_text().replace("percent: 50", "percent: 500"))

    async def judged() -> bool:  # the watcher read the edit: it could have swapped it in
        return (gw.metrics.registry.get_sample_value("gateway_config_reloads_total",
                                                     {"result": "invalid"}) or 0) >= 1

    await until(judged)
    assert gw.holder.current.version == good
    assert await served(client, gw) == "inventory"
    async with client.get(f"http://127.0.0.1:{gw.admin_port}/admin/state",
                          headers={"Authorization": f"Bearer {TOKEN}"}) as r:
        state = await r.json()
    assert "contexts.inventory.canary.percent: must be <= 100" in state["last_reload_error"]
    assert state["last_rejected_version"].startswith("?-")  # no revision in this file
    assert gw.metrics.registry.get_sample_value("gateway_config_reloads_total",
                                                {"result": "invalid"}) >= 1
    # a broken file also refuses admin stage changes forward instead of overwriting it
    async with client.post(f"http://127.0.0.1:{gw.admin_port}/admin/contexts/inventory/stage",
                           json={"stage": "writes", "reason": "r", "actor": "a"},
                           headers={"Authorization": f"Bearer {TOKEN}"}) as r:
        assert r.status == 409
        assert "only a one-step rollback" in (await r.json())["message"]
    assert "percent: 500" in path.read_text()
    # fixing the file recovers
    path.write_text(path.read_text().replace("percent: 500", "percent: 50")
                    .replace("stage: reads", "stage: writes"))

    async def writes_on_service() -> bool:
        return await write_served(client, gw) == "inventory"

    await until(writes_on_service)
    assert gw.holder.last_error is None


async def test_upstream_change_swaps_pools(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream, tmp_path: Path) -> None:
    path = routes_file()
    gw = await start_gateway(path)
    assert await served(client, gw, "/orders/1") == "monolith"
    other = await EchoUpstream("monolith-2").start()
    try:
        doc = routes_doc(other.url, inventory.url)
        write_routes(path, doc)

        async def moved() -> bool:
            return await served(client, gw, "/orders/1") == "monolith-2"

        await until(moved)
    finally:
        await other.close()


async def test_sighup_style_reload_is_immediate(routes_file: Callable[..., Path],
                                                start_gateway: Any,
                                                client: aiohttp.ClientSession) -> None:
    path = routes_file("reads")
    gw = await start_gateway(path)
    gw.holder.interval = 3600  # the watcher is not what picks this up
    path.write_text(path.read_text().replace("stage: reads", "stage: writes"))
    assert await gw.holder.reload() is True
    assert await write_served(client, gw) == "inventory"


async def test_the_revision_only_grows(routes_file: Callable[..., Path], start_gateway: Any,
                                       client: aiohttp.ClientSession) -> None:
    path = routes_file("reads")
    path.write_text("revision: 5\n" + path.read_text())
    gw = await start_gateway(path)
    assert gw.holder.current.version.startswith("5-")
    # an older copy of the file (lower revision) is refused, even though it is valid
    path.write_text(path.read_text().replace("revision: 5", "revision: 4")
                    .replace("stage: reads", "stage: writes"))
    assert await gw.holder.reload() is False
    assert "revision: 4 is lower than the running revision 5" in (gw.holder.last_error or "")
    assert await write_served(client, gw) == "monolith"
    rejected = gw.holder.last_rejected
    assert rejected is not None and rejected.startswith("4-")
    assert gw.metrics.registry.get_sample_value("gateway_config_rejected_info",
                                                {"version": rejected}) == 1
    # the same revision with other content is accepted (a human edit), a higher one too
    path.write_text(path.read_text().replace("revision: 4", "revision: 6"))
    assert await gw.holder.reload() is True
    assert await write_served(client, gw) == "inventory"
    assert gw.metrics.registry.get_sample_value("gateway_config_rejected_info",
                                                {"version": rejected}) == 0


async def test_post_admin_reload_applies_an_edit_at_once(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    path = routes_file("reads")
    gw = await start_gateway(path, watch_interval=3600)  # only the request picks it up
    url = f"http://127.0.0.1:{gw.admin_port}/admin/reload"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    path.write_text(path.read_text().replace("stage: reads", "stage: writes"))
    async with client.post(url, headers=auth) as r:
        assert r.status == 200
        assert await r.json() == {"swapped": True, "config_version": load_config(path).version,
                                  "last_error": None}
    assert await write_served(client, gw) == "inventory"
    async with client.post(url, headers=auth) as r:  # nothing new
        assert r.status == 200 and (await r.json())["swapped"] is False
    path.write_text(path.read_text().replace("stage: writes", "stage: bogus"))
    async with client.post(url, headers=auth) as r:
        body = await r.json()
        assert r.status == 409 and body["swapped"] is False
        assert "contexts.inventory.stage: must be one of" in body["last_error"]
    assert await write_served(client, gw) == "inventory"
