"""The pooled upstream client against raw-socket upstreams that misbehave on purpose."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from unittest.mock import ANY as mock_ANY

import aiohttp
import pytest

from gateway import upstream as upstream_module
from tests.gateway.support import EchoUpstream, routes_doc, write_routes

Handler = Callable[[int, int, bytes, asyncio.StreamWriter], Awaitable[bool]]


class RawUpstream:
    """Counts connections; `handler(conn_no, req_no_on_conn, head, writer)` answers one request
    and returns False to close the connection."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests: list[bytes] = []
        self.open_now = 0
        self.max_open = 0
        self.readers: dict[int, asyncio.StreamReader] = {}  # per connection number

    async def start(self) -> RawUpstream:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        conn = self.connections
        self.readers[conn] = reader
        self.open_now += 1
        self.max_open = max(self.max_open, self.open_now)
        try:
            n = 0
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length) if length else b""
                self.requests.append(head + body)
                n += 1
                if not await self.handler(conn, n, head, writer):
                    return
        finally:
            self.open_now -= 1
            writer.close()


def ok(body: bytes = b"ok") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)


def slow_upstream(delay: float) -> Handler:
    """Answers `c<connection number>`, after `delay` seconds for a path containing /slow."""
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        if b"/slow" in head.split(b"\r\n")[0]:
            await asyncio.sleep(delay)
        w.write(ok(b"c%d" % conn))
        return True
    return handler


async def gateway_for(start_gateway: Any, tmp_path: Path, port: int, inventory: EchoUpstream,
                      **upstream: Any) -> Any:
    doc = routes_doc(f"http://127.0.0.1:{port}", inventory.url)
    doc["upstreams"]["monolith"].update(upstream)
    return await start_gateway(write_routes(tmp_path / "raw.yaml", doc))


async def get(port: int, path: str = "/x", method: str = "GET") -> tuple[int, bytes]:
    async with aiohttp.ClientSession() as s, \
            s.request(method, f"http://127.0.0.1:{port}{path}", data=b"w" if method == "POST"
                      else None) as r:
        return r.status, await r.read()


async def test_connections_are_reused(tmp_path: Path, start_gateway: Any,
                                      inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(ok(b"c%d" % conn))
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        for _ in range(5):
            assert await get(gw.port) == (200, b"c1")
        assert up.connections == 1
    finally:
        await up.close()


async def test_stale_keepalive_retries_idempotent_but_never_a_post(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        if n >= 2:  # an upstream that drops a kept-alive connection instead of answering
            return False
        w.write(ok(b"c%d" % conn))
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        assert await get(gw.port) == (200, b"c1")
        assert await get(gw.port) == (200, b"c2")  # retried on a new connection
        assert up.connections == 2
        seen = len(up.requests)
        status, _ = await get(gw.port, method="POST")
        assert status == 502  # the POST may have been received: never sent twice
        posts = [r for r in up.requests[seen:] if r.startswith(b"POST")]
        assert len(posts) == 1
    finally:
        await up.close()


async def test_bytes_after_a_response_are_never_served_to_the_next_request(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        if conn == 1:  # a desynchronising upstream: an unsolicited second response
            w.write(ok(b"first") + ok(b"EVIL!"))
            await w.drain()
            await asyncio.sleep(0.05)
            return True
        w.write(ok(b"clean"))
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        assert await get(gw.port) == (200, b"first")
        await asyncio.sleep(0.1)
        for _ in range(3):
            assert await get(gw.port) == (200, b"clean")
    finally:
        await up.close()


@pytest.mark.parametrize("answer", [
    b"garbage\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
    b"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nX: a\x00b\r\nContent-Length: 0\r\n\r\n",
])
async def test_invalid_upstream_responses_are_502(answer: bytes, tmp_path: Path,
                                                  start_gateway: Any,
                                                  inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(answer)
        await w.drain()
        return False

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        status, _ = await get(gw.port)
        assert status == 502
    finally:
        await up.close()


async def test_connection_limit_is_respected(tmp_path: Path, start_gateway: Any,
                                             inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(0.1)
        w.write(ok())
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory, max_connections=2)
        results = await asyncio.gather(*[get(gw.port) for _ in range(6)])
        assert all(r == (200, b"ok") for r in results)
        assert up.max_open <= 2
    finally:
        await up.close()


async def test_request_framing_sent_upstream(tmp_path: Path, start_gateway: Any,
                                             inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(ok())
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        assert (await get(gw.port, "/a%20b?q=1"))[0] == 200
        assert (await get(gw.port, "/p", method="POST"))[0] == 200
        get_head, post = up.requests
        assert get_head.startswith(b"GET /a%%20b?q=1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                                   % up.port)
        assert b"content-length" not in get_head.lower()
        assert post.startswith(b"POST /p HTTP/1.1\r\n") and post.endswith(b"\r\n\r\nw")
        assert post.lower().count(b"content-length: 1\r\n") == 1
    finally:
        await up.close()


@pytest.mark.parametrize(("name", "value"), [
    ("X-A", "a\r\nX-Injected: 1"), ("X-A", "a\nb"), ("X-A", "a\rb"), ("X-A", "a\x00b"),
    ("X-A\r\nX-B", "v"),
])
def test_header_injection_is_refused(name: str, value: str) -> None:
    from gateway.config import UpstreamConfig
    from gateway.errors import UpstreamProtocolError
    from gateway.upstream import UpstreamClient

    async def build() -> None:
        client = UpstreamClient("u", UpstreamConfig(url="http://127.0.0.1:1"))
        with pytest.raises(UpstreamProtocolError):
            client._head("GET", "/", [(name, value)], None, None)
        assert client._head("GET", "/", [("X-A", "ok")], None, None).endswith(
            b"X-A: ok\r\n\r\n")

    asyncio.run(build())


async def send(w: asyncio.StreamWriter, *parts: bytes) -> bool:
    """Write `parts` and keep the connection (the gateway may close it before reading all)."""
    w.writelines(parts)
    with contextlib.suppress(ConnectionError):
        await w.drain()
    return True


def _fields(n: int, size: int = 1) -> bytes:
    return b"".join(b"X-F%03d: %s\r\n" % (i, b"v" * size) for i in range(n))


# the limits are the request side's defaults: 100 fields, 8190-byte lines, 4 x 8190 in all
@pytest.mark.parametrize(("name", "head", "refused"), [
    ("100 fields", _fields(99), None),
    ("101 fields", _fields(100), b"more than 100 header fields"),
    ("8190-byte line", b"X-Big: " + b"v" * 8183 + b"\r\n", None),
    ("8191-byte line", b"X-Big: " + b"v" * 8184 + b"\r\n", b"longer than 8190 bytes"),
    ("32 KiB in one read", _fields(40, 800), None),
    ("48 KiB in one read", _fields(60, 800), b"head larger than 32760 bytes"),
    ("2 MB of fields", _fields(2000, 1000), b"head larger than 32760 bytes"),
    ("one endless field", b"X-Endless: " + b"v" * 2_000_000, b"head larger than 32760 bytes"),
])
async def test_upstream_response_heads_are_bounded(name: str, head: bytes, refused: bytes | None,
                                                   tmp_path: Path, start_gateway: Any,
                                                   inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, h: bytes, w: asyncio.StreamWriter) -> bool:
        complete = head.endswith(b"\r\n")
        return await send(w, b"HTTP/1.1 200 OK\r\n", head,
                          b"Content-Length: 2\r\n\r\nok" if complete else b"")

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory, read_timeout=10.0)
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(b"GET /h HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        data = await asyncio.wait_for(reader.read(), 5)
        writer.close()
        if refused is None:
            assert data.startswith(b"HTTP/1.1 200 OK\r\n") and data.endswith(b"\r\n\r\nok")
            assert head.split(b"\r\n")[-2] in data  # relayed whole
        else:
            assert data.startswith(b"HTTP/1.1 502 "), (name, data[:200])
            assert b"upstream monolith sent" in data and refused in data  # says what was wrong
            assert b"X-F0" not in data and b"X-Big" not in data and b"X-Endless" not in data
            assert len(data) < 1024
            # refused as soon as the limit was crossed, not after the read timeout
            assert time.monotonic() - started < 5
    finally:
        await up.close()


async def test_trailers_are_bounded_and_never_become_headers(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, h: bytes, w: asyncio.StreamWriter) -> bool:
        return await send(w, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                          b"2\r\nok\r\n0\r\n",  # the last chunk; trailers follow
                          b"X-Trailer: " + b"t" * 2_000_000 if b"/endless" in h  # never ends
                          else b"X-Trailer: t\r\n\r\n")

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory, read_timeout=10.0)
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(b"GET /fine HTTP/1.1\r\nHost: a\r\n\r\n")
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        assert head.startswith(b"HTTP/1.1 200") and b"x-trailer" not in head.lower()
        assert b"content-length: 2\r\n" in head.lower()  # arrived whole: sent in one piece
        assert await asyncio.wait_for(reader.readexactly(2), 5) == b"ok"
        writer.write(b"GET /endless HTTP/1.1\r\nHost: a\r\n\r\n")
        await asyncio.wait_for(reader.readuntil(b"2\r\nok\r\n"), 5)
        with pytest.raises(ConnectionResetError):  # cut off long before the read timeout
            await asyncio.wait_for(reader.read(), 5)
        writer.close()
    finally:
        await up.close()


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n"
    b"Connection: Upgrade\r\n\r\n",
])
async def test_an_upstream_101_is_a_502(answer: bytes, tmp_path: Path, start_gateway: Any,
                                        inventory: EchoUpstream,
                                        caplog: pytest.LogCaptureFixture) -> None:
    async def handler(conn: int, n: int, h: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(ok(b"primed") if b"/prime" in h else answer + b"\x00binary-protocol")
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        assert await get(gw.port, "/ws") == (502, mock_ANY)  # coroutine path
        assert await get(gw.port, "/prime") == (200, b"primed")
        assert await get(gw.port, "/ws") == (502, mock_ANY)  # callback fast path
        assert await get(gw.port, "/prime") == (200, b"primed")  # nothing left behind
        assert [r.levelname for r in caplog.records if r.levelno >= logging.ERROR] == []
    finally:
        await up.close()


async def test_no_body_on_204_304_and_head_whatever_the_upstream_sends(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    answers = {
        b"/204-length": b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello",
        b"/204-claims": b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
        b"/204-chunked": b"HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"5\r\nhello\r\n0\r\n\r\n",
        b"/304-length": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\nETag: \"e\"\r\n"
                        b"\r\nhello",
        b"/304-claims": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
        b"/head-length": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"/head-chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"5\r\nhello\r\n0\r\n\r\n",
    }

    on_conn: list[tuple[bytes, int]] = []

    async def handler(conn: int, n: int, h: bytes, w: asyncio.StreamWriter) -> bool:
        path = h.split(b" ")[1]
        on_conn.append((path, conn))
        w.write(answers.get(path, ok(b"next")))
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        for _ in range(2):  # on new upstream connections, then (where kept) on idle ones
            for path in answers:
                method = b"HEAD" if path.startswith(b"/head") else b"GET"
                writer.write(b"%s %s HTTP/1.1\r\nHost: a\r\n\r\n" % (method, path))
                head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)).lower()
                assert b"transfer-encoding" not in head, path
                if path.startswith(b"/head-length"):
                    assert b"content-length: 5\r\n" in head  # what a GET would have had
                else:
                    assert b"content-length" not in head, path
                # the next answer on this connection follows the head directly
                writer.write(b"GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
                nxt = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
                assert nxt.startswith(b"HTTP/1.1 200 OK\r\n"), (path, nxt)
                assert await asyncio.wait_for(reader.readexactly(4), 5) == b"next"
        writer.close()
        # a connection whose response announced a body it may not have is never reused (the
        # body could still come and be taken for the next answer); a 304's length is legal
        for (path, conn), (_, next_conn) in zip(on_conn[::2], on_conn[1::2], strict=True):
            assert (next_conn == conn) == (path == b"/304-claims"), path
    finally:
        await up.close()


async def test_waiting_for_a_slot_is_bounded_by_total_timeout(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    release = asyncio.Event()

    async def handler(conn: int, n: int, h: bytes, w: asyncio.StreamWriter) -> bool:
        if b"/hold" in h:  # the head at once, the body only later: the slot stays taken
            w.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"a" * 70000)
            await w.drain()
            await release.wait()
            w.write(b"a" * 30000)
            return True
        w.write(ok(b"quick"))
        return True

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory,
                               max_connections=1, read_timeout=10.0, total_timeout=0.5)
        holder_reader, holder = await asyncio.open_connection("127.0.0.1", gw.port)
        holder.write(b"GET /hold HTTP/1.1\r\nHost: a\r\n\r\n")
        await asyncio.wait_for(holder_reader.readuntil(b"\r\n\r\n"), 5)  # the slot is taken
        for _ in range(2):
            started = time.monotonic()
            status, body = await asyncio.wait_for(get(gw.port, "/waits"), 5)
            waited = time.monotonic() - started
            assert status == 504 and json.loads(body)["error"] == "gateway_timeout"
            assert 0.4 <= waited < 3.0, waited
        assert not any(b"/waits" in r for r in up.requests)
        release.set()
        assert len(await asyncio.wait_for(holder_reader.readexactly(100000), 5)) == 100000
        assert await get(gw.port, "/after") == (200, b"quick")  # the slot came back
        holder.close()
    finally:
        release.set()
        await up.close()


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("traffic", ["none", "light"])
async def test_idle_connections_are_closed_after_a_burst(
        traffic: str, tmp_path: Path, start_gateway: Any, inventory: EchoUpstream,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upstream_module, "KEEPALIVE", 1.0)  # the documented 15 s, shortened
    up = await RawUpstream(slow_upstream(0.3)).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        baseline = open_fds()  # this process: gateway, upstream and clients alike
        results = await asyncio.gather(*[get(gw.port, "/slow") for _ in range(40)])
        assert all(status == 200 for status, _ in results)
        assert up.open_now >= 20  # the burst left many idle connections in the pool
        burst = open_fds()
        assert burst >= baseline + 40  # both ends of each, in this process
        deadline = time.monotonic() + 1.0 + 5.0
        while up.open_now > (1 if traffic == "light" else 0):
            assert time.monotonic() < deadline, f"{up.open_now} idle connections kept"
            if traffic == "light":  # one request at a time: the warmest connection serves
                assert (await get(gw.port, "/light"))[0] == 200
            await asyncio.sleep(0.2)
        assert open_fds() <= baseline + 2  # at most the one connection in use, both ends
    finally:
        await up.close()
