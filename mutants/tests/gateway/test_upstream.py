"""The pooled upstream client against raw-socket upstreams that misbehave on purpose."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

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
