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


def test_batched_request_metrics_read_exactly_like_direct_ones() -> None:
    import math

    from prometheus_client import CollectorRegistry, Histogram

    from gateway.metrics import _BUCKETS, GatewayMetrics

    m = GatewayMetrics()  # no PROMETHEUS_MULTIPROC_DIR: counted in dicts, folded on reads
    ref_reg = CollectorRegistry()
    reference = Histogram("ref", "same buckets", buckets=_BUCKETS, registry=ref_reg)
    values = [0.0, 0.0004, 0.0005, 0.0006, 0.001, 0.003, 0.0999, 0.1, 0.3, 2.5, 9.9, 10, 11, 500]
    labels = {"context": "ctx", "stage": "canary", "upstream": "inventory"}
    for rounds in (1, 2):  # read between rounds: folding again adds, never resets
        for v in values:
            m.observe_latency("ctx", "canary", "inventory", v)
            reference.observe(v)
            m.request_done("ctx", "canary", "GET /a", "inventory", "2xx")
        reg = m.registry
        for le in ("0.0005", "0.001", "0.0025", "0.1", "0.25", "10.0", "+Inf"):
            assert reg.get_sample_value("gateway_request_duration_seconds_bucket",
                                        {**labels, "le": le}) == \
                ref_reg.get_sample_value("ref_bucket", {"le": le}), le
        assert reg.get_sample_value("gateway_request_duration_seconds_count", labels) == \
            len(values) * rounds
        got_sum = reg.get_sample_value("gateway_request_duration_seconds_sum", labels)
        assert got_sum is not None and math.isclose(got_sum, sum(values) * rounds)
        assert reg.get_sample_value("gateway_requests_total",
                                    {"context": "ctx", "stage": "canary", "route": "GET /a",
                                     "upstream": "inventory", "status": "2xx"}) == \
            len(values) * rounds
    m.request_done("", "", "-", "gateway", "4xx")  # a scrape folds too
    assert b'route="-",stage="",status="4xx",upstream="gateway"} 1.0' in m.render()
