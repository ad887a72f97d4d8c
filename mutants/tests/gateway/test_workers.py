"""Several worker processes (SO_REUSEPORT) converge on admin stage changes within 2 s."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import aiohttp

from tests.gateway.support import TOKEN, EchoUpstream, GatewayProcess, served_by

AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def probe(port: int, n: int = 16) -> Counter[str]:
    """n requests, each on a fresh connection, so the kernel spreads them over workers."""
    out: Counter[str] = Counter()
    conn = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=conn) as s:
        for _ in range(n):
            async with s.get(f"http://127.0.0.1:{port}/api/inventory/1") as r:
                assert r.status == 200
                out[served_by(await r.read())] += 1
    return out


async def test_workers_converge_on_stage_changes_within_2s(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    # canary at 0 %: every client (also anonymous ones, who get a sticky cookie) on legacy
    gw = await GatewayProcess(routes_file("canary", canary={"percent": 0}), workers=3).start()
    try:
        assert (await probe(gw.port))["inventory"] + (await probe(gw.port))["monolith"] > 0
        async with aiohttp.ClientSession() as s:
            for stage, expected in (("reads", "inventory"), ("canary", None),
                                    ("reads", "inventory"), ("writes", "inventory"),
                                    ("reads", "inventory"), ("canary", None)):
                t0 = time.monotonic()
                async with s.post(
                        f"http://127.0.0.1:{gw.admin_port}/admin/contexts/inventory/stage",
                        json={"stage": stage, "reason": "convergence test", "actor": "ci"},
                        headers=AUTH) as r:
                    assert r.status == 200, await r.text()
                if expected is None:  # canary at 0 %
                    expected = "monolith"
                while True:
                    seen = await probe(gw.port)
                    if set(seen) == {expected}:
                        break
                    assert time.monotonic() - t0 < 2.0, (stage, seen)
                # and it stays converged
                assert set(await probe(gw.port, 24)) == {expected}
        async with aiohttp.ClientSession() as s, \
                s.get(f"http://127.0.0.1:{gw.admin_port}/metrics") as r:
            text = await r.text()
        # metrics are aggregated over all workers
        assert "gateway_requests_total" in text
    finally:
        assert await gw.stop() == 0
