"""The malicious-request corpus, sent over raw sockets to a real gateway.

Every request here must be refused by the gateway itself (4xx) and must never reach an
upstream, in any form.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.support import EchoUpstream, exchange, routes_doc, write_routes


def req(target: str | bytes, *extra: bytes, method: bytes = b"GET", body: bytes = b"") -> bytes:
    t = target.encode() if isinstance(target, str) else target
    return (method + b" " + t + b" HTTP/1.1\r\nHost: shop.example\r\n" + b"".join(extra)
            + b"Connection: close\r\n\r\n" + body)


CORPUS: list[tuple[str, bytes]] = [
    ("absolute-form", req("http://127.0.0.1:1/api/inventory/1")),
    ("absolute-form https", req("https://evil.example/api/inventory")),
    ("asterisk-form", req("*", method=b"OPTIONS")),
    ("authority-form CONNECT", req("127.0.0.1:22", method=b"CONNECT")),
    ("TRACE", req("/api/inventory", method=b"TRACE")),
    ("unknown method", req("/api/inventory", method=b"PROPFIND")),
    ("lower-case method", req("/api/inventory", method=b"get")),
    ("encoded slash", req("/api%2Finventory/1")),
    ("encoded slash lower", req("/api/inventory%2f1")),
    ("encoded backslash", req("/api/inventory/%5C1")),
    ("raw backslash", req(b"/api\\inventory/1")),
    ("encoded dot-dot", req("/api/inventory/%2e%2e/admin")),
    ("encoded dot", req("/api/%2E/inventory")),
    ("half-encoded dot-dot", req("/api/inventory/.%2e/x")),
    ("dot-dot", req("/api/inventory/../admin")),
    ("dot", req("/api/./inventory")),
    ("trailing dot-dot", req("/api/inventory/..")),
    ("double slash", req("/api//inventory")),
    ("leading double slash", req("//evil.example/api/inventory")),
    ("semicolon", req("/api/inventory/1;jsessionid=abc")),
    ("encoded semicolon", req("/api/inventory/1%3Bx")),
    ("encoded NUL", req("/api/inventory/1%00.json")),
    ("raw NUL", req(b"/api/inventory/1\x00")),
    ("encoded control", req("/api/inventory/%0d%0aX-Injected:%201")),
    ("double-encoded slash", req("/api/inventory%252F1")),
    ("double-encoded dot-dot", req("/api/%252e%252e/admin")),
    ("malformed escape", req("/api/inventory/%zz")),
    ("truncated escape", req("/api/inventory/%2")),
    ("fragment", req("/api/inventory/1#frag")),
    ("raw non-ASCII", req("/api/inventory/caf\u00e9".encode())),
    ("space in query", req(b"/api/inventory?q=a b")),
    ("CL and TE (smuggling)", req(
        "/api/inventory/adjust", b"Content-Length: 4\r\n", b"Transfer-Encoding: chunked\r\n",
        method=b"POST",
        body=b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")),
    ("two Content-Lengths", req("/api/inventory/adjust", b"Content-Length: 1\r\n",
                                b"Content-Length: 2\r\n", method=b"POST", body=b"ab")),
    ("TE not chunked", req("/api/inventory/adjust", b"Transfer-Encoding: gzip, chunked\r\n",
                           method=b"POST", body=b"0\r\n\r\n")),
    ("TE obfuscated", req("/api/inventory/adjust", b"Transfer-Encoding: xchunked\r\n",
                          method=b"POST", body=b"0\r\n\r\n")),
    ("negative Content-Length", req("/api/inventory/adjust", b"Content-Length: -1\r\n",
                                    method=b"POST")),
    ("plus Content-Length", req("/api/inventory/adjust", b"Content-Length: +3\r\n",
                                method=b"POST", body=b"abc")),
    ("bad chunk size", req("/api/inventory/adjust", b"Transfer-Encoding: chunked\r\n",
                           method=b"POST", body=b"zz\r\nabc\r\n0\r\n\r\n")),
    ("space before colon", req("/api/inventory", b"X-Foo : bar\r\n")),
    ("obs-fold", req("/api/inventory", b"X-Foo: bar\r\n", b" folded\r\n")),
    ("huge header", req("/api/inventory", b"X-Big: " + b"a" * 10_000 + b"\r\n")),
    ("too many headers", req("/api/inventory",
                             *[f"X-H{i}: v\r\n".encode() for i in range(150)])),
    ("huge request line", req("/api/inventory?" + "a" * 10_000)),
    ("unrouted under owned prefix", req("/api/inventory/1/explode", method=b"DELETE")),
    ("method not in the route's allowlist", req("/api/inventory/1", method=b"DELETE")),
    ("missing Host", b"GET /api/inventory HTTP/1.1\r\nConnection: close\r\n\r\n"),
    ("two Host headers", req("/api/inventory", b"Host: evil.example\r\n")),
    ("Host with path", b"GET /api/inventory HTTP/1.1\r\nHost: a/b\r\n"
                       b"Connection: close\r\n\r\n"),
    ("Host with userinfo", b"GET /api/inventory HTTP/1.1\r\nHost: u@h\r\n"
                           b"Connection: close\r\n\r\n"),
    ("Host with bad port", b"GET /api/inventory HTTP/1.1\r\nHost: h:80x\r\n"
                           b"Connection: close\r\n\r\n"),
]


@pytest.mark.parametrize(("name", "payload"), CORPUS, ids=[c[0] for c in CORPUS])
async def test_malicious_request_is_refused_and_never_forwarded(
        name: str, payload: bytes, routes_file: Callable[..., Path], start_gateway: Any,
        monolith: EchoUpstream, inventory: EchoUpstream) -> None:
    gw = await start_gateway(routes_file("reads"))
    answer = await exchange(gw.port, payload)
    status_line = answer.split(b"\r\n", 1)[0]
    assert re.match(rb"HTTP/1\.[01] 4\d\d ", status_line), (name, answer[:200])
    # A sane read and write after it: once each upstream has its one, a forward of the refused
    # request (on the wire before its 4xx) would have arrived too.
    for sane in (req("/api/inventory/42"),
                 req("/api/inventory/adjust", b"Content-Length: 2\r\n", method=b"POST",
                     body=b"{}")):
        assert (await exchange(gw.port, sane)).startswith(b"HTTP/1.1 200"), name
    assert [s.raw_path for s in inventory.seen] == ["/api/inventory/42"], name
    assert [s.raw_path for s in monolith.seen] == ["/api/inventory/adjust"], name


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
