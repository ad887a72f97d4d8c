"""Flip a context's stage every 2 s for 60 s under continuous load (2 worker processes).

Invariants checked for every single request:
* it succeeds (status 200: no errors, no resets, nothing dropped during a flip);
* it was served by an upstream the stage allows for that method and sticky key — the stage at
  the time it was sent or, within 2 s of a flip (the convergence bound), the previous one;
* writes are never served by the service outside `writes`/`retired` (one writer of record).

`GATEWAY_FLIP_SECONDS` / `GATEWAY_FLIP_INTERVAL` shorten or lengthen the run (default 60 / 2).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from gateway.canary import bucket, in_canary
from tests.gateway.support import TOKEN, EchoUpstream, GatewayProcess, served_by

DURATION = float(os.environ.get("GATEWAY_FLIP_SECONDS", "60"))
INTERVAL = float(os.environ.get("GATEWAY_FLIP_INTERVAL", "2"))
CONVERGENCE = 2.0
CYCLE = ["legacy", "shadow", "canary", "reads", "writes", "retired",
         "writes", "reads", "canary", "shadow"]


@dataclass
class Sample:
    sent: float
    done: float
    method: str
    key: str
    status: int
    served: str


def allowed(stage: str, method: str, key: str) -> set[str]:
    read = method == "GET"
    if stage in ("legacy", "shadow"):
        return {"monolith"}
    if stage == "canary":
        if read and in_canary(bucket(key, "inventory"), 50):
            return {"inventory"}
        return {"monolith"}
    if stage == "reads":
        return {"inventory"} if read else {"monolith"}
    return {"inventory"}


async def load(port: int, stop: float, out: list[Sample], fresh: bool, seed: int) -> None:
    rnd = random.Random(seed)
    conn = aiohttp.TCPConnector(force_close=fresh, limit=2)
    async with aiohttp.ClientSession(connector=conn,
                                     timeout=aiohttp.ClientTimeout(total=10)) as s:
        while time.monotonic() < stop and len(out) < 200_000:
            key = f"cust-{rnd.randrange(1000)}"
            item = rnd.randrange(100)
            if rnd.random() < 0.7:
                method, url = "GET", f"/api/inventory/{item}"
            else:
                method, url = "POST", f"/api/inventory/{item}/reserve"
            sent = time.monotonic()
            try:
                async with s.request(method, f"http://127.0.0.1:{port}{url}",
                                     headers={"X-Customer-Id": key}, json={"qty": 1}) as r:
                    body = await r.read()
                    status = r.status
                    who = served_by(body) if status == 200 else f"error:{body[:80]!r}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                status, who = 0, f"exception:{type(exc).__name__}"
            out.append(Sample(sent, time.monotonic(), method, key, status, who))
            await asyncio.sleep(0.004)


async def test_flip_every_2s_for_60s_under_load(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw = await GatewayProcess(routes_file("legacy"), workers=2).start()
    samples: list[Sample] = []
    flips: list[tuple[float, float, str, str]] = []  # (start, done, old, new)
    try:
        start = time.monotonic()
        stop = start + DURATION
        loaders = [asyncio.create_task(load(gw.port, stop, samples, fresh=i % 2 == 0, seed=i))
                   for i in range(4)]
        async with aiohttp.ClientSession() as s:
            i = 0
            while time.monotonic() + INTERVAL <= stop:
                await asyncio.sleep(INTERVAL)
                old, new = CYCLE[i % len(CYCLE)], CYCLE[(i + 1) % len(CYCLE)]
                t0 = time.monotonic()
                async with s.post(
                        f"http://127.0.0.1:{gw.admin_port}/admin/contexts/inventory/stage",
                        json={"stage": new, "reason": "flip test", "actor": "ci",
                              "expected_stage": old},
                        headers={"Authorization": f"Bearer {TOKEN}"}) as r:
                    assert r.status == 200, await r.text()
                flips.append((t0, time.monotonic(), old, new))
                i += 1
        await asyncio.gather(*loaders)
    finally:
        code = await gw.stop()
    assert code == 0
    assert len(flips) >= int(DURATION / INTERVAL) - 1

    failures = [s for s in samples if s.status != 200]
    assert not failures, failures[:5]

    def stage_at(t: float) -> str:
        current = "legacy"
        for _, done, _, new in flips:
            if done <= t:
                current = new
        return current

    wrong = []
    for smp in samples:
        ok = allowed(stage_at(smp.sent), smp.method, smp.key) | allowed(
            stage_at(smp.done), smp.method, smp.key)
        # within the convergence bound of a flip, the previous stage is also acceptable
        for f_start, f_done, old, new in flips:
            if f_start - 0.001 <= smp.done and smp.sent <= f_done + CONVERGENCE:
                ok |= allowed(old, smp.method, smp.key) | allowed(new, smp.method, smp.key)
        if smp.served not in ok:
            wrong.append((smp, stage_at(smp.sent)))
    assert not wrong, wrong[:5]
    assert len(samples) > 20 * DURATION  # the load really ran throughout
    if len(flips) >= len(CYCLE):
        assert {new for _, _, _, new in flips} == set(CYCLE)
