"""Several worker processes (SO_REUSEPORT): they converge on admin stage changes within 2 s,
reload together on SIGHUP, are restarted after a crash, and are counted together in /metrics."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.gateway.support import TOKEN, EchoUpstream, GatewayProcess, served_by

AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def probe(port: int, n: int = 16, method: str = "GET") -> Counter[str]:
    """n requests, each on a fresh connection, so the kernel spreads them over workers."""
    out: Counter[str] = Counter()
    conn = aiohttp.TCPConnector(force_close=True)
    path = "/api/inventory/1" if method == "GET" else "/api/inventory/1/reserve"
    async with aiohttp.ClientSession(connector=conn) as s:
        for _ in range(n):
            async with s.request(method, f"http://127.0.0.1:{port}{path}") as r:
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
    finally:
        assert await gw.stop() == 0


async def test_a_crashed_worker_is_restarted(routes_file: Callable[..., Path],
                                             monolith: EchoUpstream,
                                             inventory: EchoUpstream) -> None:
    gw = await GatewayProcess(routes_file("reads"), workers=2).start()
    try:
        first = gw.worker_pids()
        assert sorted(first) == [0, 1]
        # right after start-up: a crash is a crash, however young the worker
        for worker in (0, 1):  # 0 also serves the admin API
            os.kill(gw.worker_pids()[worker], signal.SIGKILL)
            deadline = time.monotonic() + 20
            while gw.worker_pids()[worker] in first.values():
                assert gw.proc is not None and gw.proc.returncode is None, gw.stderr
                assert time.monotonic() < deadline, gw.stderr
                await asyncio.sleep(0.05)
            assert b"restarting" in gw.stderr
        async with aiohttp.ClientSession() as s, \
                s.get(f"http://127.0.0.1:{gw.admin_port}/admin/state", headers=AUTH) as r:
            assert r.status == 200  # the admin API came back with worker 0
        assert sum((await probe(gw.port, 24)).values()) == 24
        assert set(gw.worker_pids().values()).isdisjoint(first.values())
    finally:
        assert await gw.stop() == 0


@pytest.mark.parametrize("workers", [1, 2])
async def test_a_worker_that_cannot_start_stops_the_gateway_with_exit_3(
        workers: int, routes_file: Callable[..., Path]) -> None:
    gw = GatewayProcess(routes_file(), workers=workers)
    with socket.socket() as taken:  # the admin port is in use: worker 0 cannot start
        taken.bind(("127.0.0.1", gw.admin_port))
        taken.listen()
        with pytest.raises(AssertionError, match="exited early with 3"):
            await gw.start()
    assert gw.proc is not None and await gw.proc.wait() == 3


async def test_sighup_reloads_every_worker_at_once(routes_file: Callable[..., Path],
                                                   monolith: EchoUpstream,
                                                   inventory: EchoUpstream) -> None:
    path = routes_file("reads")
    # polling every hour: only the signal can make the workers see the edit in time
    gw = await GatewayProcess(path, workers=3, args=("--watch-interval", "3600")).start()
    try:
        path.write_text(path.read_text().replace("stage: reads", "stage: writes"))
        assert gw.proc is not None
        gw.proc.send_signal(signal.SIGHUP)
        t0 = time.monotonic()
        while set(await probe(gw.port, method="POST")) != {"inventory"}:
            assert time.monotonic() - t0 < 2.0, "not every worker reloaded"
        assert set(await probe(gw.port, 24, method="POST")) == {"inventory"}
    finally:
        assert await gw.stop() == 0


async def test_metrics_count_every_request_of_every_worker(
        routes_file: Callable[..., Path], monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw = await GatewayProcess(routes_file("reads"), workers=3).start()
    try:
        sent = 60
        await probe(gw.port, sent)  # fresh connections: the kernel spreads them over workers
        async with aiohttp.ClientSession() as s:
            deadline = time.monotonic() + 5
            while True:
                async with s.get(f"http://127.0.0.1:{gw.admin_port}/metrics") as r:
                    families = {f.name: f for f in text_string_to_metric_families(
                        await r.text())}
                counted = sum(x.value for x in families["gateway_requests"].samples
                              if x.name == "gateway_requests_total")
                timed = sum(x.value for x in
                            families["gateway_request_duration_seconds"].samples
                            if x.name == "gateway_request_duration_seconds_count")
                if counted == timed == sent or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
        assert (counted, timed) == (sent, sent)
    finally:
        assert await gw.stop() == 0
