"""The malicious-request corpus, sent over raw sockets to a real gateway.

Every request here must be refused by the gateway itself with its documented status
(docs/threat-model.md), the connection must be closed after that one answer (a request
pipelined behind it is never served), and nothing of it may reach an upstream in any form
(checked on the upstreams' raw bytes, after a barrier request).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.support import (
    EchoUpstream,
    answered_then_closed,
    arrived,
    barrier,
    exchange,
    routes_doc,
    write_routes,
)


def req(target: str | bytes, *extra: bytes, method: bytes = b"GET", body: bytes = b"",
        version: bytes = b"1.1") -> bytes:
    """One request without `Connection: close`: closing is the gateway's decision."""
    t = target.encode() if isinstance(target, str) else target
    return (method + b" " + t + b" HTTP/" + version + b"\r\nHost: shop.example\r\n"
            + b"".join(extra) + b"\r\n" + body)


CHUNKED = b"Transfer-Encoding: chunked\r\n"
AFTER = req("/api/inventory/after")  # pipelined behind each case: must never be served

# (name, documented status, request)
CORPUS: list[tuple[str, int, bytes]] = [
    ("absolute-form", 400, req("http://127.0.0.1:1/api/inventory/1")),
    ("absolute-form https", 400, req("https://evil.example/api/inventory")),
    ("asterisk-form", 400, req("*", method=b"OPTIONS")),
    ("authority-form CONNECT", 405, req("127.0.0.1:22", method=b"CONNECT")),
    ("TRACE", 405, req("/api/inventory", method=b"TRACE")),
    ("unknown method", 405, req("/api/inventory", method=b"PROPFIND")),
    ("lower-case method", 400, req("/api/inventory", method=b"get")),
    ("encoded slash", 400, req("/api%2Finventory/1")),
    ("encoded slash lower", 400, req("/api/inventory%2f1")),
    ("encoded backslash", 400, req("/api/inventory/%5C1")),
    ("raw backslash", 400, req(b"/api\\inventory/1")),
    ("encoded dot-dot", 400, req("/api/inventory/%2e%2e/admin")),
    ("encoded dot", 400, req("/api/%2E/inventory")),
    ("half-encoded dot-dot", 400, req("/api/inventory/.%2e/x")),
    ("dot-dot", 400, req("/api/inventory/../admin")),
    ("dot", 400, req("/api/./inventory")),
    ("trailing dot-dot", 400, req("/api/inventory/..")),
    ("double slash", 400, req("/api//inventory")),
    ("leading double slash", 400, req("//evil.example/api/inventory")),
    ("semicolon", 400, req("/api/inventory/1;jsessionid=abc")),
    ("encoded semicolon", 400, req("/api/inventory/1%3Bx")),
    ("encoded NUL", 400, req("/api/inventory/1%00.json")),
    ("raw NUL", 400, req(b"/api/inventory/1\x00")),
    ("encoded control", 400, req("/api/inventory/%0d%0aX-Injected:%201")),
    ("double-encoded slash", 400, req("/api/inventory%252F1")),
    ("double-encoded dot-dot", 400, req("/api/%252e%252e/admin")),
    ("malformed escape", 400, req("/api/inventory/%zz")),
    ("truncated escape", 400, req("/api/inventory/%2")),
    ("fragment", 400, req("/api/inventory/1#frag")),
    ("raw non-ASCII", 400, req("/api/inventory/caf\u00e9".encode())),
    ("space in query", 400, req(b"/api/inventory?q=a b")),
    ("CL and TE (smuggling)", 400, req(
        "/api/inventory/adjust", b"Content-Length: 4\r\n", CHUNKED, method=b"POST",
        body=b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")),
    ("two Content-Lengths", 400, req("/api/inventory/adjust", b"Content-Length: 1\r\n",
                                     b"Content-Length: 2\r\n", method=b"POST", body=b"ab")),
    ("TE not chunked", 400, req("/api/inventory/adjust",
                                b"Transfer-Encoding: gzip, chunked\r\n", method=b"POST",
                                body=b"0\r\n\r\n")),
    ("TE obfuscated", 400, req("/api/inventory/adjust", b"Transfer-Encoding: xchunked\r\n",
                               method=b"POST", body=b"0\r\n\r\n")),
    ("TE in HTTP/1.0", 400, req("/api/inventory/adjust", CHUNKED,
                                b"Connection: keep-alive\r\n", method=b"POST",
                                body=b"3\r\nabc\r\n0\r\n\r\n", version=b"1.0")),
    ("negative Content-Length", 400, req("/api/inventory/adjust", b"Content-Length: -1\r\n",
                                         method=b"POST")),
    ("plus Content-Length", 400, req("/api/inventory/adjust", b"Content-Length: +3\r\n",
                                     method=b"POST", body=b"abc")),
    ("bad chunk size", 400, req("/api/inventory/adjust", CHUNKED, method=b"POST",
                                body=b"zz\r\nabc\r\n0\r\n\r\n")),
    ("overflowing chunk size", 400, req("/api/inventory/adjust", CHUNKED, method=b"POST",
                                        body=b"1" + b"0" * 16 + b"\r\nabc\r\n0\r\n\r\n")),
    ("bare LF in a chunk line", 400, req("/api/inventory/adjust", CHUNKED, method=b"POST",
                                         body=b"3\nabc\r\n0\r\n\r\n")),
    ("chunk data longer than its size", 400, req(
        "/api/inventory/adjust", CHUNKED, method=b"POST", body=b"3\r\nabcdef\r\n0\r\n\r\n")),
    ("Content-Length trailer", 400, req("/api/inventory/adjust", CHUNKED, method=b"POST",
                                        body=b"3\r\nabc\r\n0\r\nContent-Length: 9\r\n\r\n")),
    ("space before colon", 400, req("/api/inventory", b"X-Foo : bar\r\n")),
    ("obs-fold", 400, req("/api/inventory", b"X-Foo: bar\r\n", b" folded\r\n")),
    ("huge header", 431, req("/api/inventory", b"X-Big: " + b"a" * 10_000 + b"\r\n")),
    ("too many headers", 431, req("/api/inventory",
                                  *[f"X-H{i}: v\r\n".encode() for i in range(150)])),
    ("huge request line", 414, req("/api/inventory?" + "a" * 10_000)),
    ("HTTP/2.0 request line", 505, req("/api/inventory", version=b"2.0")),
    ("unrouted under owned prefix", 404, req("/api/inventory/1/explode", method=b"DELETE")),
    ("method not in the route's allowlist", 405, req("/api/inventory/1", method=b"DELETE")),
    ("missing Host", 400, b"GET /api/inventory HTTP/1.1\r\n\r\n"),
    ("two Host headers", 400, req("/api/inventory", b"Host: evil.example\r\n")),
    ("Host with path", 400, b"GET /api/inventory HTTP/1.1\r\nHost: a/b\r\n\r\n"),
    ("Host with userinfo", 400, b"GET /api/inventory HTTP/1.1\r\nHost: u@h\r\n\r\n"),
    ("Host with bad port", 400, b"GET /api/inventory HTTP/1.1\r\nHost: h:80x\r\n\r\n"),
]


@pytest.mark.parametrize(("name", "status", "payload"), CORPUS, ids=[c[0] for c in CORPUS])
async def test_malicious_request_is_refused_and_never_forwarded(
        name: str, status: int, payload: bytes, routes_file: Callable[..., Path],
        start_gateway: Any, monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("reads"))
    answers = await answered_then_closed(gw.port, payload + AFTER)
    assert [a.status for a in answers] == [status], (name, answers)
    assert answers[0].headers.get("connection") == "close", name
    assert answers[0].error is not None, name  # the gateway's own JSON error
    await barrier(gw.port, monolith)
    assert arrived(monolith, inventory) == [], name


async def test_sane_request_on_same_gateway_is_forwarded(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    """The control for the corpus: a clean request over the same raw socket path works."""
    gw = await start_gateway(routes_file("reads"))
    answer = await exchange(gw.port, req("/api/inventory/42"))
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert [s.raw_path for s in inventory.seen] == ["/api/inventory/42"]


async def test_slow_client_head_is_cut_off(monolith: EchoUpstream, inventory: EchoUpstream,
                                           tmp_path: Path, start_gateway: Any) -> None:
    """A client dribbling its request head (slowloris) is disconnected after header_timeout."""
    doc = routes_doc(monolith.url, inventory.url)
    doc["limits"]["header_timeout"] = 0.5
    gw = await start_gateway(write_routes(tmp_path / "r.yaml", doc))
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    t0 = asyncio.get_running_loop().time()
    writer.write(b"GET /api/inventory HTTP/1.1\r\nHost: x\r\n")
    closed_at = None
    for i in range(40):  # at most 4 s of dribbling
        await asyncio.sleep(0.1)
        try:
            writer.write(b"X-Slow-%d: y\r\n" % i)
            await writer.drain()
        except ConnectionError:
            closed_at = asyncio.get_running_loop().time()
            break
        if reader.at_eof() or (await _peek_eof(reader)):
            closed_at = asyncio.get_running_loop().time()
            break
    writer.close()
    assert closed_at is not None, "the slow client was never disconnected"
    assert closed_at - t0 < 1.5
    assert monolith.seen == []
    # a normal client on the same gateway is unaffected
    answer = await exchange(gw.port, req("/api/inventory"))
    assert answer.startswith(b"HTTP/1.1 200")


async def _peek_eof(reader: asyncio.StreamReader) -> bool:
    try:
        data = await asyncio.wait_for(reader.read(1), 0.01)
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return data == b""
