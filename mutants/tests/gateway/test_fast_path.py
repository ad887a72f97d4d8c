"""The callback-only fast path (a bodiless GET/HEAD while the upstream has an idle connection)
keeps the coroutine path's guarantees: order, the one retry, timeouts, streaming, slots and
metrics. Each test first primes an idle upstream connection so the fast path is taken."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from tests.gateway.support import EchoUpstream
from tests.gateway.test_listener import at_eof, get, read_response
from tests.gateway.test_upstream import Handler, RawUpstream, gateway_for, ok
from tests.gateway.test_upstream import get as client_get


async def test_fast_and_coroutine_requests_pipelined_keep_their_order(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    post = (b"POST /b HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 5\r\n\r\nhello")
    bad = b"GET /e HTTP/1.1\r\nHost: bad host\r\n\r\n"
    # /a connects (coroutine), /b has a body (coroutine), /c and /d find the idle connection
    # (callbacks), the bad Host is refused synchronously; one write, answers in order
    writer.write(get("/a") + post + get("/c") + get("/d") + bad + get("/never"))
    got = []
    for _ in range(4):
        status, _, body = await read_response(reader)
        assert status.startswith(b"HTTP/1.1 200"), status
        got.append(json.loads(body)["path"])
    assert got == ["/a", "/b", "/c", "/d"]
    status, headers, _ = await read_response(reader)
    assert status.startswith(b"HTTP/1.1 400") and headers["connection"] == "close"
    assert await at_eof(reader)
    assert [s.raw_path for s in monolith.seen] == ["/a", "/b", "/c", "/d"]  # never /never
    writer.close()


async def test_a_stale_idle_connection_is_retried_once_on_a_new_one(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        if conn == 1 and n == 1:
            w.write(ok(b"first"))
            return True
        return False  # every later request: the connection closes without an answer

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        assert await client_get(gw.port) == (200, b"first")
        status, _ = await client_get(gw.port)  # stale idle connection, then a fresh one
        assert status == 502
        assert up.connections == 2
        assert len(up.requests) == 3  # the first, the stale attempt, exactly one retry
    finally:
        await up.close()


def slow_upstream(delay: float) -> Handler:
    """Answers `c<connection number>`, after `delay` seconds for a path containing /slow."""
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        if b"/slow" in head.split(b"\r\n")[0]:
            await asyncio.sleep(delay)
        w.write(ok(b"c%d" % conn))
        return True
    return handler


async def test_read_timeout_and_slot_release_on_the_fast_path(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    up = await RawUpstream(slow_upstream(1.0)).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory,
                               read_timeout=0.3, max_connections=1)
        assert await client_get(gw.port) == (200, b"c1")
        status, body = await client_get(gw.port, "/slow")
        assert status == 504 and json.loads(body)["error"] == "gateway_timeout"
        # the slot came back (one allowed) and the timed-out connection was not reused
        assert await client_get(gw.port) == (200, b"c2")
        assert await client_get(gw.port) == (200, b"c2")
    finally:
        await up.close()


async def test_client_gone_while_the_upstream_answers_releases_the_slot(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    up = await RawUpstream(slow_upstream(0.3)).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory,
                               max_connections=1)
        assert await client_get(gw.port) == (200, b"c1")
        _, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(get("/slow"))
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()  # gone before the answer
        await asyncio.sleep(0.5)
        assert await client_get(gw.port) == (200, b"c1")  # slot and connection both back
        assert up.connections == 1
    finally:
        await up.close()


async def test_large_and_streamed_responses_continue_as_coroutines(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())
    base = f"http://127.0.0.1:{gw.port}"
    async with client.get(base + "/prime") as r:
        assert r.status == 200
    for _ in range(2):
        async with client.get(base + "/big/300000") as r:
            assert r.status == 200 and r.headers["Content-Length"] == "300000"
            assert await r.read() == b"x" * 300000
        async with client.get(base + "/stream/5/10") as r:
            assert r.status == 200 and r.headers.get("Transfer-Encoding") == "chunked"
            assert await r.read() == b"chunk\n" * 5
        async with client.head(base + "/big/1000") as r:
            assert r.status == 200 and r.headers["Content-Length"] == "1000"
            assert await r.read() == b""


async def test_metrics_count_every_fast_path_request(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())
    base = f"http://127.0.0.1:{gw.port}"
    for i in range(25):
        async with client.get(base + f"/item/{i}") as r:
            assert r.status == 200
    async with client.get(base + "/x", headers={"Host": "bad host"}) as r:
        assert r.status == 400
    reg = gw.metrics.registry
    labels = {"context": "", "stage": "", "route": "default", "upstream": "monolith",
              "status": "2xx"}
    assert reg.get_sample_value("gateway_requests_total", labels) == 25
    assert reg.get_sample_value("gateway_request_duration_seconds_count",
                                {"context": "", "stage": "", "upstream": "monolith"}) == 25
    assert reg.get_sample_value("gateway_rejected_requests_total",
                                {"reason": "invalid_host"}) == 1


async def test_keep_alive_gets_on_an_idle_upstream_connection_create_no_task(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(ok(b"n%d" % n))
        return True

    up = await RawUpstream(handler).start()  # one task per connection, none per request
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(get("/prime"))
        assert (await read_response(reader))[2] == b"n1"
        loop = asyncio.get_running_loop()
        created = 0
        factory = loop.get_task_factory()

        def counting(loop: asyncio.AbstractEventLoop, coro: Any, **kw: Any) -> Any:
            nonlocal created
            created += 1
            return asyncio.Task(coro, loop=loop, **kw)

        loop.set_task_factory(counting)
        try:
            for i in range(2, 12):
                writer.write(get("/x"))
                async with asyncio.timeout(5):  # (wait_for would create tasks itself)
                    head = await reader.readuntil(b"\r\n\r\n")
                    length = int(head.lower().split(b"content-length: ")[1].split(b"\r")[0])
                    assert await reader.readexactly(length) == b"n%d" % i
        finally:
            loop.set_task_factory(factory)
        assert created == 0
        writer.write(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nw")
        assert (await read_response(reader))[2] == b"n12"  # bodies take the coroutine path
        writer.close()
    finally:
        await up.close()
