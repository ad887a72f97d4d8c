"""Fallback to the monolith: reads in canary/reads stages only, before the head is sent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from gateway.canary import bucket, in_canary
from tests.gateway.support import EchoUpstream, served_by


def base(gw: Any) -> str:
    return f"http://127.0.0.1:{gw.port}"


def metric(gw: Any, name: str, **labels: str) -> float:
    value = gw.metrics.registry.get_sample_value(name, labels)
    return float(value or 0.0)


async def test_reads_stage_falls_back_on_5xx_timeout_and_connect_error(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("reads"))
    async with client.get(base(gw) + "/api/inventory/1") as resp:
        assert served_by(await resp.read()) == "inventory"

    inventory.status = 500
    async with client.get(base(gw) + "/api/inventory/1") as resp:
        assert resp.status == 200
        assert served_by(await resp.read()) == "monolith"
        assert resp.headers["X-Strangler-Fallback"] == "status_5xx"

    inventory.status, inventory.delay = 200, 2.0  # read_timeout is 1 s
    async with client.get(base(gw) + "/api/inventory/2") as resp:
        assert resp.status == 200
        assert served_by(await resp.read()) == "monolith"

    inventory.delay = 0
    await inventory.close()
    async with client.get(base(gw) + "/api/inventory/3") as resp:
        assert resp.status == 200
        assert served_by(await resp.read()) == "monolith"

    for reason in ("status_5xx", "timeout", "connect"):
        assert metric(gw, "gateway_fallbacks_total", context="inventory", stage="reads",
                      route="GET /api/inventory/{item_id}", reason=reason) == 1, reason
    assert [s.raw_path for s in monolith.seen] == ["/api/inventory/1", "/api/inventory/2",
                                                   "/api/inventory/3"]


async def test_fallback_replays_the_request_body_and_headers(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("reads"))
    inventory.status = 502
    async with client.request("OPTIONS", base(gw) + "/api/inventory/9", data=b"x" * 100_000,
                              headers={"X-Trace": "t1"}) as resp:
        assert resp.status == 200  # OPTIONS on a routed path is a read of the context
        assert served_by(await resp.read()) == "monolith"
    assert [s.method for s in inventory.seen] == ["OPTIONS"]
    async with client.get(base(gw) + "/api/inventory/9", data=b"q" * 100_000,
                          headers={"X-Trace": "t2"}) as resp:
        assert served_by(await resp.read()) == "monolith"
    assert inventory.seen[-1].body == monolith.seen[-1].body == b"q" * 100_000
    assert monolith.seen[-1].header("X-Trace") == "t2"


async def test_writes_never_fall_back(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("writes"))
    inventory.status = 500
    async with client.post(base(gw) + "/api/inventory/adjust", json={"d": 1}) as resp:
        assert resp.status == 500
        assert served_by(await resp.read()) == "inventory"
    async with client.get(base(gw) + "/api/inventory/1") as resp:  # writes stage: no fallback
        assert resp.status == 500
    await inventory.close()
    async with client.post(base(gw) + "/api/inventory/adjust", json={"d": 1}) as resp:
        assert resp.status == 502
    assert monolith.seen == []


async def test_canary_falls_back_for_users_on_the_service(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("canary"))  # 50 %
    key = next(f"c{i}" for i in range(1000) if in_canary(bucket(f"c{i}", "inventory"), 50))
    async with client.get(base(gw) + "/api/inventory/1",
                          headers={"X-Customer-Id": key}) as resp:
        assert served_by(await resp.read()) == "inventory"
    inventory.status = 503
    async with client.get(base(gw) + "/api/inventory/1",
                          headers={"X-Customer-Id": key}) as resp:
        assert resp.status == 200 and served_by(await resp.read()) == "monolith"


async def test_both_failing_reports_the_fallback_failure(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("reads"))
    await inventory.close()
    await monolith.close()
    async with client.get(base(gw) + "/api/inventory/1") as resp:
        assert resp.status == 502


async def test_404_falls_back_only_when_opted_in(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    inventory.status = 404
    gw = await start_gateway(routes_file("reads"))
    async with client.get(base(gw) + "/api/inventory/1") as resp:
        assert resp.status == 404 and "X-Strangler-Fallback" not in resp.headers
    gw2 = await start_gateway(routes_file("reads", fallback={"on_404": True}))
    async with client.get(base(gw2) + "/api/inventory/1") as resp:
        assert resp.status == 200 and served_by(await resp.read()) == "monolith"
        assert resp.headers["X-Strangler-Fallback"] == "status_404"
    gw3 = await start_gateway(routes_file("reads", fallback={"on_5xx": False}))
    inventory.status = 503
    async with client.get(base(gw3) + "/api/inventory/1") as resp:
        assert resp.status == 503
