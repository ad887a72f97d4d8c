"""Prometheus metrics per context and stage, scraped from the real admin listener."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.gateway.support import EchoUpstream


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


async def test_metrics_by_context_stage_route_and_outcome(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("reads"))
    base = f"http://127.0.0.1:{gw.port}"
    for _ in range(3):
        async with client.get(base + "/api/inventory/1") as r:
            assert r.status == 200
    async with client.post(base + "/api/inventory/adjust", json={}) as r:
        assert r.status == 200
    async with client.get(base + "/elsewhere") as r:
        assert r.status == 200
    async with client.get(base + "/api/inventory/1;x") as r:
        assert r.status == 400
    async with client.get(f"http://127.0.0.1:{gw.admin_port}/metrics") as r:
        assert r.status == 200
        got = samples(await r.text())

    def req(context: str, stage: str, route: str, upstream: str, status: str) -> float:
        labels = (("context", context), ("route", route), ("stage", stage),
                  ("status", status), ("upstream", upstream))
        return got.get(("gateway_requests_total", labels), 0.0)

    assert req("inventory", "reads", "GET /api/inventory/{item_id}", "inventory", "2xx") == 3
    assert req("inventory", "reads", "POST /api/inventory/adjust", "monolith", "2xx") == 1
    assert req("", "", "default", "monolith", "2xx") == 1
    assert req("", "", "-", "gateway", "4xx") == 1
    assert got[("gateway_rejected_requests_total", (("reason", "invalid_target"),))] == 1
    assert got[("gateway_context_stage", (("context", "inventory"), ("stage", "reads")))] == 1
    assert got[("gateway_context_stage", (("context", "inventory"), ("stage", "legacy")))] == 0
    hist = ("gateway_request_duration_seconds_count",
            (("context", "inventory"), ("stage", "reads"), ("upstream", "inventory")))
    assert got[hist] == 3
    assert got[("gateway_config_revision", ())] == 0
    version = (("version", gw.holder.current.version),)
    assert got[("gateway_config_info", version)] == 1
