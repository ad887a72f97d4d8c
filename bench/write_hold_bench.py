#!/usr/bin/env python3
"""Benchmark: what a write hold costs — the latency it adds to held writes, and the gateway's
CPU per held request.

Starts two small aiohttp upstreams ("monolith", "inventory") in this process and the gateway
(`gateway run`, one worker unless `--workers`) as a subprocess on free 127.0.0.1 ports. For
each hold length X it holds the context's writes, sends N writes at once (each on its own
connection), waits until the admin API reports all N held, releases them X ms after the hold
began and records every write's latency. It prints, per X: the hold and release call times
(the release includes the `expected_stage` check), the held writes' latency (p50 / max), the
added latency (latency minus the time the write was held, i.e. the time from the release call
to the answer: p50 / max), and the gateway's CPU per request (all its threads and
processes, from /proc/<pid>/task/*/schedstat) for held writes against the same number of writes
that were not held.

    python bench/write_hold_bench.py [--writes 200] [--hold-ms 0,50,200,500] [--workers 1]
        [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from bench.common import median, percentile  # noqa: E402
from strangler.stack.process import free_port  # noqa: E402  (below the ephemeral range)

TOKEN = "bench-admin-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def start_upstream(name: str) -> tuple[web.AppRunner, int]:
    async def handle(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"served_by": name})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, port


def routes(path: Path, monolith: int, inventory: int) -> None:
    path.write_text(f"""
revision: 1
upstreams:
  monolith: {{url: "http://127.0.0.1:{monolith}", max_connections: 512}}
  inventory: {{url: "http://127.0.0.1:{inventory}", max_connections: 512}}
default_upstream: monolith
contexts:
  inventory:
    stage: reads
    service: inventory
    routes: ["GET /api/inventory/{{item_id}}", "POST /api/inventory/{{item_id}}/reserve"]
    write_hold: {{max_wait_seconds: 10, max_hold_seconds: 60}}
""")


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of these processes so far, all threads (/proc/<pid>/task/*/schedstat: ns on
    the CPU; the clock ticks of /proc/<pid>/stat are too coarse for a few hundred writes)."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # thread ended
                total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def gateway_pids(root: int) -> list[int]:
    children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
    return [root, *(int(c) for c in children)]


class Bench:
    def __init__(self, port: int, admin_port: int, pids: list[int]) -> None:
        self.data = f"http://127.0.0.1:{port}"
        self.admin = f"http://127.0.0.1:{admin_port}"
        self.pids = pids
        self.session = aiohttp.ClientSession()
        self._writers: list[aiohttp.ClientSession] = []

    async def admin_post(self, what: str, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        t0 = time.perf_counter()
        async with self.session.post(f"{self.admin}/admin/contexts/inventory/{what}",
                                     json={"reason": "bench", "actor": "bench", **body},
                                     headers=AUTH) as r:
            got = await r.json()
            assert r.status == 200, got
        return time.perf_counter() - t0, got

    async def held(self) -> int:
        async with self.session.get(f"{self.admin}/admin/state", headers=AUTH) as r:
            hold = (await r.json())["contexts"]["inventory"]["write_hold"]
        return int(hold["held_writes"]) if hold else 0

    async def writes(self, n: int) -> tuple[list[asyncio.Task[float]], list[float]]:
        """n writes, each on its own connection; (tasks returning the answer time, sent at)."""
        conn = aiohttp.TCPConnector(force_close=True, limit=0)
        session = aiohttp.ClientSession(connector=conn)
        sent: list[float] = []

        async def one(i: int) -> float:
            sent.append(time.perf_counter())
            async with session.post(f"{self.data}/api/inventory/{i}/reserve", data=b"{}") as r:
                await r.read()
                assert r.status == 200, r.status
            return time.perf_counter()

        self._writers.append(session)
        return [asyncio.create_task(one(i)) for i in range(n)], sent

    async def plain(self, n: int) -> tuple[float, float]:
        """CPU seconds and p50 latency of n writes that are not held."""
        cpu0 = cpu_seconds(self.pids)
        tasks, sent = await self.writes(n)
        done = await asyncio.gather(*tasks)
        cpu = cpu_seconds(self.pids) - cpu0
        return cpu, percentile([d - s for d, s in zip(done, sent, strict=True)], 50)

    async def held_run(self, n: int, hold_ms: float) -> dict[str, float]:
        cpu0 = cpu_seconds(self.pids)
        hold_call, _ = await self.admin_post("hold-writes", {"drain_timeout_seconds": 5})
        began = time.perf_counter()
        tasks, sent = await self.writes(n)
        while await self.held() < n:
            await asyncio.sleep(0.05)  # (each look costs the gateway CPU too)
        all_held = time.perf_counter() - began
        await asyncio.sleep(max(0.0, hold_ms / 1000 - all_held))
        released_at = time.perf_counter()
        release_call, got = await self.admin_post("release-writes", {"expected_stage": "reads"})
        assert got["released_writes"] == n, got
        done = await asyncio.gather(*tasks)
        cpu = cpu_seconds(self.pids) - cpu0
        latency = [d - s for d, s in zip(done, sent, strict=True)]
        added = [d - released_at for d in done]
        return {"hold_call_ms": hold_call * 1e3, "release_call_ms": release_call * 1e3,
                "all_held_ms": all_held * 1e3,
                "latency_p50_ms": percentile(latency, 50) * 1e3,
                "latency_max_ms": max(latency) * 1e3,
                "added_p50_ms": percentile(added, 50) * 1e3,
                "added_max_ms": max(added) * 1e3, "cpu_s": cpu}

    async def close(self) -> None:
        for s in self._writers:
            await s.close()
        await self.session.close()


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    mono, mono_port = await start_upstream("monolith")
    inv, inv_port = await start_upstream("inventory")
    folder = Path(tempfile.mkdtemp(prefix="write-hold-bench-"))
    path = folder / "routes.yaml"
    routes(path, mono_port, inv_port)
    port, admin_port = free_port(), free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from gateway.cli import gateway; gateway()", "run",
         "--config", str(path), "--listen", f"127.0.0.1:{port}", "--admin-listen",
         f"127.0.0.1:{admin_port}", "--workers", str(args.workers), "--log-level", "warning"],
        cwd=REPO, env={**os.environ, "STRANGLER_ADMIN_TOKEN": TOKEN},
        stderr=(folder / "gateway.log").open("wb"))
    rows: list[dict[str, Any]] = []
    bench: Bench | None = None
    try:
        async with aiohttp.ClientSession() as s:
            for _ in range(200):
                try:
                    async with s.get(f"http://127.0.0.1:{admin_port}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # every worker listening (the admin one answered first)
        bench = Bench(port, admin_port, gateway_pids(proc.pid))
        await bench.plain(args.writes)  # warm-up: upstream connections, code paths
        for hold_ms in args.hold_ms:
            runs = []
            for _ in range(args.rounds):
                plain_cpu, plain_p50 = await bench.plain(args.writes)
                row = await bench.held_run(args.writes, hold_ms)
                row.update(plain_p50_ms=plain_p50 * 1e3,
                           cpu_us_plain=plain_cpu / args.writes * 1e6,
                           cpu_us_held=row.pop("cpu_s") / args.writes * 1e6)
                runs.append(row)
            # the median of each figure over the rounds (the machine is shared)
            rows.append({"hold_ms": hold_ms, **{k: median([r[k] for r in runs])
                                                for k in runs[0]}})
    finally:
        if bench is not None:
            await bench.close()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        await mono.cleanup()
        await inv.cleanup()
    return rows


async def machinery(n: int = 20_000) -> float:
    """CPU microseconds per held write of the hold machinery alone (write_hold.py, in this
    process): enter the hold, wait, be released in arrival order, wake."""
    from gateway.write_hold import Hold, WriteHolds

    holds = WriteHolds()

    async def one() -> None:
        waiter = holds.enter("inventory")
        assert waiter is not None
        await waiter.future

    now = time.time()
    t0 = time.process_time()
    holds.hold(Hold("inventory", "bench", now, now + 60, 30.0, "bench", "bench"))
    tasks = [asyncio.create_task(one()) for _ in range(n)]
    await asyncio.sleep(0)
    holds.release("inventory")
    await asyncio.gather(*tasks)
    t_held = time.process_time() - t0
    t0 = time.process_time()

    async def plain() -> None:
        pass

    await asyncio.gather(*(asyncio.create_task(plain()) for _ in range(n)))
    return (t_held - (time.process_time() - t0)) / n * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--writes", type=int, default=200, help="writes held at once")
    ap.add_argument("--hold-ms", default="0,50,200,500",
                    type=lambda v: [float(x) for x in v.split(",")])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="medians over this many rounds")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = asyncio.run(run(args))
    alone = asyncio.run(machinery())
    if args.json:
        print(json.dumps({"runs": rows, "machinery_us_per_held_write": alone}, indent=1))
        return 0
    print(f"{args.writes} writes held at once, gateway --workers {args.workers}, "
          f"medians of {args.rounds} rounds")
    print(f"{'hold ms':>8} {'hold call':>10} {'release':>8} {'all held':>9} "
          f"{'lat p50':>8} {'lat max':>8} {'added p50':>10} {'added max':>10} "
          f"{'plain p50':>10} {'CPU/held':>9} {'CPU/plain':>10}")
    for r in rows:
        print(f"{r['hold_ms']:>8.0f} {r['hold_call_ms']:>8.1f}ms {r['release_call_ms']:>6.1f}ms "
              f"{r['all_held_ms']:>7.1f}ms {r['latency_p50_ms']:>6.1f}ms "
              f"{r['latency_max_ms']:>6.1f}ms {r['added_p50_ms']:>8.1f}ms "
              f"{r['added_max_ms']:>8.1f}ms {r['plain_p50_ms']:>8.1f}ms "
              f"{r['cpu_us_held']:>7.0f}us {r['cpu_us_plain']:>8.0f}us")
    print(f"hold machinery alone (write_hold.py, enter + wait + release + wake): "
          f"{alone:.1f}us CPU per held write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
