"""The data-plane listener over raw sockets: pipelining, HTTP/1.0, upgrades, limits, timeouts,
flow control and graceful shutdown, against a real gateway and real upstreams."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gateway.listener import PIPELINE_DEPTH
from gateway.streams import ByteStream
from tests.gateway.support import EchoUpstream, routes_doc, write_routes


async def read_response(reader: asyncio.StreamReader) -> tuple[bytes, dict[str, str], bytes]:
    """One HTTP/1.1 response framed by Content-Length (what the gateway sends for small
    bodies): (status line, lower-cased headers, body)."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if line:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0"))
    body = await asyncio.wait_for(reader.readexactly(length), 5) if length else b""
    return lines[0].encode(), headers, body


async def at_eof(reader: asyncio.StreamReader, timeout: float = 3.0) -> bool:
    try:
        return await asyncio.wait_for(reader.read(1), timeout) == b""
    except ConnectionResetError:
        return True


def get(path: str, *extra: str, version: str = "1.1") -> bytes:
    return (f"GET {path} HTTP/{version}\r\nHost: shop.example\r\n" + "".join(extra)
            + "\r\n").encode()


async def test_pipelined_requests_are_answered_in_order(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    paths = [f"/p/{i}" for i in range(6)]
    writer.write(b"".join(get(p) for p in paths))  # one write: all six arrive together
    got = []
    for _ in paths:
        status, headers, body = await read_response(reader)
        assert status.startswith(b"HTTP/1.1 200"), status
        assert headers.get("connection") != "close"
        got.append(json.loads(body)["path"])
    assert got == paths
    assert [s.raw_path for s in monolith.seen] == paths  # forwarded one at a time, in order
    writer.write(get("/after"))  # the connection is still usable
    assert json.loads((await read_response(reader))[2])["path"] == "/after"
    writer.close()


async def test_pipelining_beyond_the_depth_is_refused_cleanly(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    total = PIPELINE_DEPTH * 3
    writer.write(b"".join(get(f"/q/{i}") for i in range(total)))
    answered = []
    while True:
        status, headers, body = await read_response(reader)
        assert status.startswith(b"HTTP/1.1 200"), status
        answered.append(json.loads(body)["path"])
        if headers.get("connection") == "close":
            break
    assert await at_eof(reader)
    writer.close()
    # a prefix, in order; the rest were never forwarded (the client retries them)
    assert PIPELINE_DEPTH <= len(answered) < total
    assert answered == [f"/q/{i}" for i in range(len(answered))]
    assert [s.raw_path for s in monolith.seen] == answered


async def test_malformed_request_after_good_ones_is_answered_in_turn(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/ok/1") + get("/ok/2") + b"GET /x HTTP/1.1\r\nBad Header\r\n\r\n"
                 + get("/never"))
    assert json.loads((await read_response(reader))[2])["path"] == "/ok/1"
    assert json.loads((await read_response(reader))[2])["path"] == "/ok/2"
    status, headers, body = await read_response(reader)
    assert status.startswith(b"HTTP/1.1 400") and headers["connection"] == "close"
    assert json.loads(body)["error"] == "bad_request"
    assert await at_eof(reader)
    writer.close()
    assert [s.raw_path for s in monolith.seen] == ["/ok/1", "/ok/2"]


async def test_http_1_0_closes_unless_keep_alive_is_asked(
        routes_file: Callable[..., Path], start_gateway: Any) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/old", version="1.0"))
    status, headers, _ = await read_response(reader)
    assert status.startswith(b"HTTP/1.1 200") and headers["connection"] == "close"
    assert await at_eof(reader)
    writer.close()

    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    for i in range(2):
        writer.write(get(f"/old/{i}", "Connection: keep-alive\r\n", version="1.0"))
        status, headers, body = await read_response(reader)
        assert headers["connection"] == "keep-alive"
        assert json.loads(body)["path"] == f"/old/{i}"
    writer.close()


async def test_http_1_0_streamed_response_is_close_delimited(
        routes_file: Callable[..., Path], start_gateway: Any) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/stream/3/5", "Connection: keep-alive\r\n", version="1.0"))
    data = await asyncio.wait_for(reader.read(), 5)  # until the gateway closes
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"transfer-encoding" not in head.lower() and b"connection: close" in head.lower()
    assert body == b"chunk\n" * 3


async def test_unsupported_version_and_upgrade(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/v2", version="2.0"))
    status, headers, _ = await read_response(reader)
    assert status.startswith(b"HTTP/1.1 505") and headers["connection"] == "close"
    writer.close()

    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/ws", "Upgrade: websocket\r\n", "Connection: Upgrade\r\n")
                 + b"\x81\x05hello")  # frames after the upgrade request are never parsed
    status, headers, _ = await read_response(reader)
    assert status.startswith(b"HTTP/1.1 200") and headers["connection"] == "close"
    assert await at_eof(reader)
    writer.close()
    assert [s.raw_path for s in monolith.seen] == ["/ws"]
    assert "upgrade" not in monolith.seen[0].header_names()


async def test_head_size_limits(routes_file: Callable[..., Path], start_gateway: Any,
                                monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    # each line below the 8190-byte line limit, 40 of them: above the 4 x 8190 head limit
    many = [f"X-Fill-{i}: {'v' * 1000}\r\n" for i in range(40)]
    for payload, expected in ((get("/a", *many), b"431"),
                              (get("/a?" + "q" * 9000), b"414"),
                              (get("/a", f"X-Big: {'b' * 9000}\r\n"), b"431")):
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(payload)
        status, headers, _ = await read_response(reader)
        assert status.split(b" ")[1] == expected, status
        assert headers["connection"] == "close"
        writer.close()
    assert monolith.seen == []


async def test_idle_keep_alive_connections_are_closed(
        monolith: EchoUpstream, inventory: EchoUpstream, tmp_path: Path,
        start_gateway: Any) -> None:
    doc = routes_doc(monolith.url, inventory.url)
    doc["limits"]["keepalive_timeout"] = 0.4
    gw = await start_gateway(write_routes(tmp_path / "r.yaml", doc))
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/a"))
    await read_response(reader)
    t0 = time.monotonic()
    assert await at_eof(reader, 3.0)
    assert 0.3 < time.monotonic() - t0 < 2.0
    writer.close()


async def test_a_client_that_does_not_read_is_not_buffered_without_bound(
        routes_file: Callable[..., Path], start_gateway: Any) -> None:
    gw = await start_gateway(routes_file())
    size = 32 * 1024 * 1024
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port, limit=1 << 20)
    sock = writer.get_extra_info("socket")
    writer.write(get(f"/big/{size}"))
    await asyncio.sleep(1.0)  # the upstream has the whole body ready; we read nothing
    conns = list(gw._listener.connections)
    assert len(conns) == 1
    buffered = conns[0].transport.get_write_buffer_size()
    assert buffered < 4 * 1024 * 1024, buffered  # backpressure reached the upstream side
    received = 0
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    assert b"200" in head.split(b"\r\n")[0] and sock is not None
    while received < size:
        chunk = await asyncio.wait_for(reader.read(1 << 20), 5)
        assert chunk and set(chunk) == {ord("x")}
        received += len(chunk)
    assert received == size
    writer.close()


async def test_graceful_close_lets_in_flight_requests_finish(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    idle_reader, idle_writer = await asyncio.open_connection("127.0.0.1", gw.port)
    idle_writer.write(get("/warm"))
    await read_response(idle_reader)  # a kept-alive, now idle connection
    monolith.delay = 0.5
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/slow"))
    await asyncio.sleep(0.1)  # the request is with the upstream now
    closing = asyncio.create_task(gw.close())
    status, headers, body = await read_response(reader)
    assert status.startswith(b"HTTP/1.1 200") and headers["connection"] == "close"
    assert json.loads(body)["path"] == "/slow"
    assert await at_eof(idle_reader)  # idle connections were closed at once
    await closing
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", gw.port)
    writer.close()
    idle_writer.close()


async def test_client_gone_mid_body_does_not_reach_the_upstream_complete(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                 + b"a" * 70000)  # above the small-body size: streamed upstream
    await writer.drain()
    await asyncio.sleep(0.2)
    writer.transport.abort()
    # the upstream's read of the streamed body has ended: complete, it would be in `seen`
    deadline = asyncio.get_running_loop().time() + 5
    while monolith.ended == 0:
        assert asyncio.get_running_loop().time() < deadline, "the upstream never got the request"
        await asyncio.sleep(0.02)
    assert all(len(s.body) < 100000 for s in monolith.seen)
    # and the gateway keeps serving
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(get("/next"))
    assert (await read_response(reader))[0].startswith(b"HTTP/1.1 200")
    writer.close()


async def test_byte_stream_flow_control() -> None:
    events: list[str] = []
    stream = ByteStream(lambda: events.append("pause"), lambda: events.append("resume"),
                        high=100, low=40)
    stream.feed(b"a" * 60)
    assert events == []
    stream.feed(b"b" * 60)  # 120 buffered: above high
    assert events == ["pause"]
    stream.feed(b"c" * 60)  # still paused: no second pause
    assert events == ["pause"]
    assert await stream.read_chunk(100) == b"a" * 60  # 120 left
    assert events == ["pause"]
    assert await stream.read_chunk(100) == b"b" * 60  # 60 left: still above low
    assert await stream.read_chunk(30) == b"c" * 30  # 30 left: below low
    assert events == ["pause", "resume"]
    stream.feed_eof()
    assert await stream.read() == b"c" * 30
    assert stream.at_eof()
    failed = ByteStream()
    failed.feed(b"x")
    failed.fail(ConnectionResetError("gone"))
    with pytest.raises(ConnectionResetError):
        await failed.read_chunk()
