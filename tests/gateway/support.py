"""Real things for gateway tests: recording echo upstreams, routes files, a running gateway."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httptools
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
class Message:
    """One request as it arrived on an upstream connection, complete or not."""

    method: str
    raw_path: str
    body: bytes
    complete: bool  # the whole message arrived (its Content-Length, or the last chunk)


@dataclass
class Wire:
    """One connection to a fake upstream: every byte as it arrived, and whether it ended."""

    raw: bytearray = field(default_factory=bytearray)
    closed: bool = False

    def messages(self) -> list[Message]:
        """The requests in `raw` (the last one possibly incomplete), parsed by llhttp."""
        got: list[Message] = []
        parts: dict[str, Any] = {}

        class _Callbacks:
            def on_message_begin(self) -> None:
                parts.clear()
                parts.update(url=b"", body=bytearray(), head=False)

            def on_url(self, url: bytes) -> None:
                parts["url"] += url

            def on_headers_complete(self) -> None:
                parts["head"] = True
                parts["method"] = parser.get_method().decode()

            def on_body(self, body: bytes) -> None:
                parts["body"] += body

            def on_message_complete(self) -> None:
                got.append(Message(parts["method"], parts["url"].decode(),
                                   bytes(parts["body"]), True))
                parts.clear()

        parser = httptools.HttpRequestParser(_Callbacks())
        parser.feed_data(bytes(self.raw))
        if parts.get("head"):
            got.append(Message(parts["method"], parts["url"].decode(), bytes(parts["body"]),
                               False))
        return got


class _Tap(asyncio.Protocol):
    """Records a connection's bytes before aiohttp's own protocol sees them."""

    def __init__(self, inner: asyncio.Protocol, wire: Wire) -> None:
        self.inner = inner
        self.wire = wire

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self.wire.raw += data
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self.wire.closed = True
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


@dataclass
class EchoUpstream:
    """An aiohttp server on an ephemeral 127.0.0.1 port that records every request.

    `seen` holds the requests aiohttp handled (complete ones); `wires` every connection's raw
    bytes as they arrived, so a request that reached the upstream only in part shows there.
    Answers JSON `{"served_by", "served_at", "method", "path", "body_len", "item"}`. Behaviour
    can be changed per test: `status`, `delay` (seconds before the head), `extra` (fields added
    to the JSON). Special paths: /redirect, /gzip, /big/<n>, /hop, /stream/<n>/<delay_ms>.
    """

    name: str
    status: int = 200
    delay: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    wires: list[Wire] = field(default_factory=list)
    ended: int = 0  # requests whose body read ended: complete (then in `seen`) or cut off
    port: int = 0
    _runner: web.AppRunner | None = None
    _server: asyncio.Server | None = None

    async def start(self) -> EchoUpstream:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        handlers = self._runner.server
        assert handlers is not None

        def tap() -> asyncio.Protocol:
            self.wires.append(wire := Wire())
            return _Tap(handlers(), wire)

        self._server = await asyncio.get_running_loop().create_server(
            tap, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._runner is not None:
            await self._runner.cleanup()

    def messages(self) -> list[Message]:
        """Every request that arrived here, in part or whole, by connection."""
        return [m for wire in self.wires for m in wire.messages()]

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
        # the gates have their own tests (tests/phase): here every ladder step is allowed
        "admin": {"audit_log": "audit.jsonl", "policy": "allow-all"},
        "contexts": {"inventory": ctx},
    }


def write_routes(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text("# test routes\n" + yaml.safe_dump(doc, sort_keys=False))
    return path


def served_by(body: bytes) -> str:
    return str(json.loads(body)["served_by"])


class GatewayProcess:
    """`gateway run` as a real subprocess (the CLI entry point), stopped with SIGTERM."""

    def __init__(self, config: Path, *, workers: int = 2, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None) -> None:
        self.config = config
        self.workers = workers
        self.args = args  # more `gateway run` options
        self.env = env or {}  # more environment variables
        self.port = free_port()
        self.admin_port = free_port()
        self.proc: asyncio.subprocess.Process | None = None

    async def _wait_listening(self, timeout: float) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        deadline = time.monotonic() + timeout
        ready = 0
        self.stderr = b""  # everything the gateway wrote to stderr so far
        while ready < self.workers:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "gateway did not start in time"
            try:
                line = await asyncio.wait_for(self.proc.stderr.readline(), remaining)
            except TimeoutError:
                raise AssertionError(f"gateway did not start within {timeout:g} s; its stderr:\n"
                                     f"{self.stderr.decode(errors='replace')[-3000:]}") from None
            assert line, f"gateway exited early with {await self.proc.wait()}"
            self.stderr += line
            ready += line.count(b"listening on")

    async def start(self, timeout: float = 20.0) -> GatewayProcess:
        import os
        import sys

        import aiohttp

        env = {**os.environ, "STRANGLER_ADMIN_TOKEN": TOKEN, **self.env}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from gateway.cli import gateway; gateway()", "run",
            "--config", str(self.config), "--listen", f"127.0.0.1:{self.port}",
            "--admin-listen", f"127.0.0.1:{self.admin_port}", "--workers", str(self.workers),
            "--log-level", "warning", *self.args, env=env,
            cwd=str(Path(__file__).resolve().parents[2]), stderr=asyncio.subprocess.PIPE)
        try:
            await self._wait_listening(timeout)
        except BaseException:  # a gateway that did not start is not left running
            if self.proc.returncode is None:
                self.proc.kill()
            await self.proc.wait()
            raise
        self._drain = asyncio.create_task(self._drain_stderr())
        async with aiohttp.ClientSession() as s, \
                s.get(f"http://127.0.0.1:{self.admin_port}/healthz") as r:
            assert r.status == 200
        return self

    async def _drain_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.stderr += line

    def worker_pids(self) -> dict[int, int]:
        """Worker number -> pid of its newest process, from the start-up lines."""
        import re
        found = re.findall(rb"gateway worker (\d+) \(pid (\d+)\): listening on", self.stderr)
        return {int(w): int(pid) for w, pid in found}

    async def stop(self) -> int:
        import signal
        assert self.proc is not None
        try:
            if self.proc.returncode is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(self.proc.wait(), 15)
                except TimeoutError:
                    self.proc.kill()
                    await self.proc.wait()
        finally:
            if self.proc.returncode is None:  # cancelled mid-stop: never left to outlive the test
                self.proc.kill()
            self._drain.cancel()
        return int(self.proc.returncode or 0)


def upload_start(framing: str, total: int, sent: bytes) -> bytes:
    """A `POST /upload` of `total` body bytes, as `Content-Length` or as one chunk, of which
    only `sent` is included (the rest never comes)."""
    if framing == "chunked":
        return (b"POST /upload HTTP/1.1\r\nHost: shop.example\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n%x\r\n" % total + sent)
    return (b"POST /upload HTTP/1.1\r\nHost: shop.example\r\nContent-Length: %d\r\n\r\n"
            % total + sent)


async def wait_until(condition: Callable[[], object], what: str,
                     timeout: float = 5.0) -> None:
    """Poll `condition` until it holds (the positive signal a test waits for)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        await asyncio.sleep(0.01)


async def barrier(port: int, upstream: EchoUpstream) -> None:
    """Send a plain GET through the gateway and wait until `upstream` has answered it: bytes
    the gateway wrote to any upstream of this process (one event loop) before it took this
    request have arrived by then."""
    tag = f"/_barrier/{len(upstream.wires)}-{time.monotonic_ns()}"
    answer = await exchange(port, f"GET {tag} HTTP/1.1\r\nHost: x\r\n"
                                  f"Connection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert any(s.raw_path == tag for s in upstream.seen)


def arrived(*upstreams: EchoUpstream) -> list[Message]:
    """Everything that reached these upstreams except barrier requests."""
    return [m for up in upstreams for m in up.messages()
            if not m.raw_path.startswith("/_barrier/")]


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


class RefusingPolicy:
    """A `StageChangePolicy` (the gates seam) that refuses every change with evidence and
    remembers what it was asked."""

    name = "test-gate"
    reason = "lag 12s > 5s"
    evidence = {"lag_seconds": 12, "threshold": 5}

    def __init__(self) -> None:
        self.seen: list[Any] = []  # the StageChangeRequests

    async def evaluate(self, request: Any, config: Any) -> Any:
        from gateway.policy import PolicyVerdict

        self.seen.append(request)
        return PolicyVerdict(False, self.reason, dict(self.evidence))


@dataclass
class Answer:
    """One response read off a raw client connection (framed by Content-Length)."""

    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    @property
    def error(self) -> str | None:
        return str(json.loads(self.body)["error"]) if self.body.startswith(b"{") else None


def parse_answers(data: bytes) -> list[Answer]:
    """The responses in `data`, each framed by Content-Length (the gateway's small answers)."""
    answers = []
    while data:
        head, sep, data = data.partition(b"\r\n\r\n")
        assert sep, f"incomplete response head: {head[:200]!r}"
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        status = int(lines[0].split(" ")[1])
        if status == 100:
            continue
        length = int(headers.get("content-length", "0"))
        answers.append(Answer(status, headers, data[:length]))
        data = data[length:]
    return answers


async def read_to_close(reader: asyncio.StreamReader, timeout: float = 5.0) -> bytes:
    """Everything the gateway sends until it closes the connection; fails if it stays open."""
    got = bytearray()
    try:
        async with asyncio.timeout(timeout):
            while chunk := await reader.read(65536):
                got += chunk
    except TimeoutError:
        raise AssertionError(f"the connection is still open after {timeout}s; got "
                             f"{bytes(got[:200])!r}") from None
    except ConnectionResetError:
        pass  # closed (a reset after the answer, which was read already)
    return bytes(got)


async def answered_then_closed(port: int, payload: bytes) -> list[Answer]:
    """Send `payload` on a new connection; the answers sent before the gateway closed it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(payload)
        return parse_answers(await read_to_close(reader))
    finally:
        writer.close()


class TcpProxy:
    """A TCP relay on 127.0.0.1 in front of `port` whose link can be cut and restored: the
    network between a gateway and its database, as a fault-injection boundary. `cut()` closes
    every relayed connection and stops accepting (connections are refused, as from a server
    that is down); `restore()` listens on the same port again."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        return self

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pump(reader, up_writer), pump(up_reader, writer))
        self._writers -= {writer, up_writer}

    async def cut(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for w in list(self._writers):
            transport = w.transport
            if isinstance(transport, asyncio.Transport):
                transport.abort()
        self._writers.clear()
        if server is not None:
            await server.wait_closed()

    async def restore(self) -> None:
        await self.start()

    async def close(self) -> None:
        await self.cut()
