"""Real things for gateway tests: recording echo upstreams, routes files, a running gateway."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from strangler.stack.process import free_port  # below the ephemeral range: no bind races

TOKEN = "test-admin-token-0123456789abcdef"


@dataclass
class Seen:
    method: str
    raw_path: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_names(self) -> set[str]:
        return {k.lower() for k, _ in self.headers}


@dataclass
class EchoUpstream:
    """An aiohttp server on an ephemeral 127.0.0.1 port that records every request.

    Answers JSON `{"served_by", "served_at", "method", "path", "body_len", "item"}`. Behaviour
    can be changed per test: `status`, `delay` (seconds before the head), `extra` (fields added
    to the JSON). Special paths: /redirect, /gzip, /big/<n>, /hop, /stream/<n>/<delay_ms>.
    """

    name: str
    status: int = 200
    delay: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    ended: int = 0  # requests whose body read ended: complete (then in `seen`) or cut off
    port: int = 0
    _runner: web.AppRunner | None = None

    async def start(self) -> EchoUpstream:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.read()
        finally:
            self.ended += 1
        self.seen.append(Seen(request.method, request.raw_path,
                              list(request.headers.items()), body))
        if self.delay:
            await asyncio.sleep(self.delay)
        path = request.raw_path
        if path.startswith("/redirect"):
            return web.Response(status=302, headers={"Location": "/elsewhere"})
        if path.startswith("/gzip"):
            data = gzip.compress(b'{"compressed": true}')
            return web.Response(body=data, headers={"Content-Encoding": "gzip",
                                                    "Content-Type": "application/json"})
        if path.startswith("/big/"):
            n = int(path.split("/")[2])
            return web.Response(body=b"x" * n, content_type="application/octet-stream")
        if path.startswith("/stream/"):
            n, delay_ms = (int(x) for x in path.split("/")[2:4])
            resp = web.StreamResponse()
            await resp.prepare(request)
            for _ in range(n):
                await resp.write(b"chunk\n")
                await asyncio.sleep(delay_ms / 1000)
            await resp.write_eof()
            return resp
        if path.startswith("/cookies"):
            resp = web.Response(text="c")
            resp.headers.add("Set-Cookie", "a=1; HttpOnly")
            resp.headers.add("Set-Cookie", "b=2; Secure")
            return resp
        if path.startswith("/hop"):
            return web.Response(text="hop", headers={
                "Connection": "X-Secret-Hop", "X-Secret-Hop": "1", "Keep-Alive": "timeout=5",
                "Proxy-Authenticate": "Basic", "Trailer": "X-T", "Upgrade": "h2c",
                "X-Kept": "yes"})
        payload = {"served_by": self.name, "served_at": time.time(), "method": request.method,
                   "path": path, "body_len": len(body), **self.extra}
        return web.json_response(payload, status=self.status)


def routes_doc(monolith: str, inventory: str, *, stage: str = "legacy",
               **ctx_overrides: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "stage": stage,
        "service": "inventory",
        "legacy": "monolith",
        "owns": ["/api/inventory"],
        "routes": [
            "GET /api/inventory",
            "GET /api/inventory/{item_id}",
            "POST /api/inventory/adjust",
            "POST /api/inventory/{item_id}/reserve",
            "POST /api/inventory/{item_id}/release",
        ],
        "canary": {"percent": 50},
        "shadow": {"sample_percent": 100, "ignore_fields": ["served_by", "served_at"]},
    }
    ctx.update(ctx_overrides)
    return {
        "upstreams": {
            "monolith": {"url": monolith, "connect_timeout": 0.5, "read_timeout": 1.0,
                         "total_timeout": 5.0},
            "inventory": {"url": inventory, "connect_timeout": 0.5, "read_timeout": 1.0,
                          "total_timeout": 5.0},
        },
        "default_upstream": "monolith",
        "limits": {"max_body_bytes": 1024 * 1024},
        "shadow": {"queue_size": 100, "concurrency": 4, "timeout": 1.0},
        "admin": {"audit_log": "audit.jsonl"},
        "contexts": {"inventory": ctx},
    }


def write_routes(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text("# test routes\n" + yaml.safe_dump(doc, sort_keys=False))
    return path


def served_by(body: bytes) -> str:
    return str(json.loads(body)["served_by"])


class GatewayProcess:
    """`gateway run` as a real subprocess (the CLI entry point), stopped with SIGTERM."""

    def __init__(self, config: Path, *, workers: int = 2) -> None:
        self.config = config
        self.workers = workers
        self.port = free_port()
        self.admin_port = free_port()
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, timeout: float = 20.0) -> GatewayProcess:
        import os
        import sys

        import aiohttp

        env = {**os.environ, "STRANGLER_ADMIN_TOKEN": TOKEN}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from gateway.cli import gateway; gateway()", "run",
            "--config", str(self.config), "--listen", f"127.0.0.1:{self.port}",
            "--admin-listen", f"127.0.0.1:{self.admin_port}", "--workers", str(self.workers),
            "--log-level", "warning", env=env, cwd=str(Path(__file__).resolve().parents[2]),
            stderr=asyncio.subprocess.PIPE)
        deadline = time.monotonic() + timeout
        ready = 0
        assert self.proc.stderr is not None
        while ready < self.workers:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "gateway did not start in time"
            line = await asyncio.wait_for(self.proc.stderr.readline(), remaining)
            assert line, f"gateway exited early with {await self.proc.wait()}"
            if b"listening on" in line:
                ready += 1
        self._drain = asyncio.create_task(self._drain_stderr())
        async with aiohttp.ClientSession() as s, \
                s.get(f"http://127.0.0.1:{self.admin_port}/healthz") as r:
            assert r.status == 200
        return self

    async def _drain_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        self.stderr = b""
        while line := await self.proc.stderr.readline():
            self.stderr += line

    async def stop(self) -> int:
        import signal
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 15)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        self._drain.cancel()
        return int(self.proc.returncode or 0)


async def exchange(port: int, payload: bytes) -> bytes:
    """Send raw bytes to the gateway; what came back within 5 s (one read; b"" on reset)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(payload)
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(65536), timeout=5)
        except ConnectionResetError:
            return b""
    finally:
        writer.close()
