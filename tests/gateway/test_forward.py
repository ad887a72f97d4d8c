"""Forwarding through a real gateway to real upstreams: headers, bodies, limits, timeouts."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.gateway.support import EchoUpstream, exchange, served_by, wait_until


def base(gw: Any) -> str:
    return f"http://127.0.0.1:{gw.port}"


async def test_unrouted_paths_go_to_default_upstream(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("retired"))
    async with client.get(base(gw) + "/orders/7?x=1") as resp:
        assert resp.status == 200
        assert served_by(await resp.read()) == "monolith"
    assert monolith.seen[-1].raw_path == "/orders/7?x=1"
    assert inventory.seen == []


async def test_path_and_query_are_forwarded_canonically(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    url = base(gw) + "/a%7eb/caf%c3%a9/x%20y?q=%2F&r=[1]"
    async with client.get(yarl_url(url)) as resp:
        assert resp.status == 200
    # unreserved escapes decoded, the rest kept with upper-case hex; the query untouched
    assert monolith.seen[-1].raw_path == "/a~b/caf%C3%A9/x%20y?q=%2F&r=[1]"


def yarl_url(url: str) -> Any:
    from yarl import URL
    return URL(url, encoded=True)


async def test_hop_by_hop_and_forwarded_headers(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    headers = {
        "Connection": "keep-alive, X-Drop-Me",
        "X-Drop-Me": "secret",
        "Keep-Alive": "timeout=5",
        "TE": "trailers",
        "Proxy-Authorization": "Basic Zm9vOmJhcg==",
        "Proxy-Connection": "keep-alive",
        "X-Forwarded-For": "6.6.6.6",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "https",
        "X-Real-IP": "6.6.6.6",
        "Forwarded": "for=6.6.6.6",
        "Host": "shop.example",
        "X-Custom": "kept",
        "Authorization": "Bearer end-user-token",
    }
    async with client.get(base(gw) + "/anything", headers=headers) as resp:
        assert resp.status == 200
    seen = monolith.seen[-1]
    names = seen.header_names()
    for dropped in ("x-drop-me", "keep-alive", "te", "proxy-authorization",
                    "proxy-connection", "x-real-ip", "forwarded"):
        assert dropped not in names, dropped
    assert seen.header("X-Forwarded-For") == "127.0.0.1"
    assert seen.header("X-Forwarded-Proto") == "http"
    assert seen.header("X-Forwarded-Host") == "shop.example"
    assert seen.header("Host") == f"127.0.0.1:{monolith.port}"
    assert seen.header("X-Custom") == "kept"
    assert seen.header("Authorization") == "Bearer end-user-token"  # end-to-end header
    # the gateway adds no client defaults of its own
    assert "user-agent" not in names and "accept-encoding" not in names


async def test_response_hop_by_hop_headers_are_stripped(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())
    async with client.get(base(gw) + "/hop") as resp:
        assert resp.status == 200
        for name in ("X-Secret-Hop", "Keep-Alive", "Proxy-Authenticate", "Trailer", "Upgrade"):
            assert name not in resp.headers, name
        assert resp.headers["X-Kept"] == "yes"
        assert await resp.read() == b"hop"


async def test_redirects_are_passed_through_not_followed(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    async with client.get(base(gw) + "/redirect", allow_redirects=False) as resp:
        assert resp.status == 302
        assert resp.headers["Location"] == "/elsewhere"
    assert [s.raw_path for s in monolith.seen] == ["/redirect"]


async def test_bodies_are_not_decompressed(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())
    async with client.get(base(gw) + "/gzip", headers={"Accept-Encoding": "gzip"}) as resp:
        raw = await resp.read()
        assert resp.headers["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(raw)) == {"compressed": True}


async def test_request_body_streams_and_large_response_streams(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    body = bytes(range(256)) * 2048  # 512 KiB: above the small-body fast path

    async def chunks() -> Any:
        for i in range(0, len(body), 10_000):
            yield body[i:i + 10_000]

    async with client.post(base(gw) + "/upload", data=chunks()) as resp:  # chunked
        assert resp.status == 200
    assert monolith.seen[-1].body == body
    async with client.put(base(gw) + "/upload", data=body) as resp:  # content-length
        assert resp.status == 200
    assert monolith.seen[-1].body == body
    async with client.get(base(gw) + "/big/3000000") as resp:
        assert resp.status == 200
        assert resp.headers["Content-Length"] == "3000000"
        assert await resp.read() == b"x" * 3_000_000
    async with client.get(base(gw) + "/stream/5/10") as resp:  # chunked, unknown length
        assert await resp.read() == b"chunk\n" * 5


async def test_body_limit_413_for_declared_and_chunked(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())  # limit: 1 MiB
    big = io.BytesIO(b"y" * (1024 * 1024 + 1))
    async with client.post(base(gw) + "/upload", data=big) as resp:
        assert resp.status == 413
        assert (await resp.json())["error"] == "body_too_large"
    assert monolith.seen == []

    async def chunks() -> Any:
        for _ in range(17):
            yield b"z" * 65536

    async with client.post(base(gw) + "/upload", data=chunks()) as resp:
        assert resp.status == 413
    # the upstream saw the start of the chunked body (it is streamed past the hold bound),
    # never a complete one: its connection was cut before the last chunk
    await wait_until(lambda: monolith.wires and all(w.closed for w in monolith.wires),
                     "the upstream side closed")
    got = [(m.raw_path, m.complete) for m in monolith.messages()]
    assert got == [("/upload", False)]
    assert 0 < len(monolith.messages()[0].body) <= 1024 * 1024
    assert monolith.seen == []


async def test_upstream_down_is_502_and_slow_is_504(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    monolith.delay = 2.0  # read_timeout is 1.0 s
    t0 = asyncio.get_running_loop().time()
    async with client.get(base(gw) + "/slow") as resp:
        assert resp.status == 504
        assert (await resp.json())["error"] == "gateway_timeout"
    assert asyncio.get_running_loop().time() - t0 < 1.9
    monolith.delay = 0
    await monolith.close()
    async with client.get(base(gw) + "/down") as resp:
        assert resp.status == 502
        assert (await resp.json())["error"] == "bad_gateway"


async def test_upstream_5xx_passes_through_without_fallback(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    monolith.status = 503
    async with client.get(base(gw) + "/x") as resp:
        assert resp.status == 503
        assert served_by(await resp.read()) == "monolith"


async def test_head_keeps_content_length_and_sends_no_body(
        routes_file: Callable[..., Path], start_gateway: Any) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(b"HEAD /big/1234 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"content-length: 1234" in head.lower()
    assert rest == b""


async def test_expect_100_continue_is_answered_by_the_gateway(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                 b"Expect: 100-continue\r\nConnection: close\r\n\r\n")
    interim = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    assert interim.startswith(b"HTTP/1.1 100")
    writer.write(b"hello")
    data = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    assert data.startswith(b"HTTP/1.1 200")
    assert monolith.seen[-1].body == b"hello"
    assert "expect" not in monolith.seen[-1].header_names()


async def test_expect_with_too_large_body_is_refused_before_the_body(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    data = await exchange(gw.port, b"POST /upload HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Length: 99999999\r\nExpect: 100-continue\r\n\r\n")
    assert data.startswith(b"HTTP/1.1 413")
    assert monolith.seen == []


async def test_upstream_stalling_mid_body_aborts_the_client_connection(
        routes_file: Callable[..., Path], start_gateway: Any,
        client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file())  # read_timeout 1 s
    with pytest.raises(aiohttp.ClientPayloadError):
        async with client.get(base(gw) + "/stream/3/1500") as resp:
            assert resp.status == 200  # the head was already sent
            await resp.read()
    metric = gw.metrics.registry.get_sample_value(
        "gateway_upstream_errors_total", {"upstream": "monolith", "kind": "protocol"})
    assert metric == 1


async def test_repeated_response_headers_survive_and_no_cookie_is_kept(
        routes_file: Callable[..., Path], start_gateway: Any, client: aiohttp.ClientSession,
        monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    async with client.get(base(gw) + "/cookies") as resp:
        assert resp.headers.getall("Set-Cookie") == ["a=1; HttpOnly", "b=2; Secure"]
    # a second client request must not carry cookies the first one received
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as other, \
            other.get(base(gw) + "/next") as resp:
        assert resp.status == 200
    assert monolith.seen[-1].header("Cookie") is None


async def test_request_id_and_via(routes_file: Callable[..., Path], start_gateway: Any,
                                  client: aiohttp.ClientSession,
                                  monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    async with client.get(base(gw) + "/a", headers={"X-Request-ID": "abc-123",
                                                    "Via": "1.0 edge"}) as resp:
        assert resp.headers["X-Request-ID"] == "abc-123"
        assert resp.headers["Via"] == "1.1 strangler"
    seen = monolith.seen[-1]
    assert seen.header("X-Request-ID") == "abc-123"
    assert seen.header("Via") == "1.0 edge, 1.1 strangler"
    async with client.get(base(gw) + "/b", headers={"X-Request-ID": "bad id\u00e9"}) as resp:
        generated = resp.headers["X-Request-ID"]
    assert len(generated) == 32 and generated == monolith.seen[-1].header("X-Request-ID")
    async with client.get(base(gw) + "/c;x") as resp:  # the gateway's own errors carry it too
        assert resp.status == 400 and len(resp.headers["X-Request-ID"]) == 32


async def test_405_lists_the_route_allowlist(routes_file: Callable[..., Path],
                                             start_gateway: Any,
                                             client: aiohttp.ClientSession) -> None:
    gw = await start_gateway(routes_file("reads"))
    async with client.delete(base(gw) + "/api/inventory/1") as resp:
        assert resp.status == 405
        assert resp.headers["Allow"] == "GET, HEAD, OPTIONS"
        assert (await resp.json())["error"] == "method_not_allowed"
