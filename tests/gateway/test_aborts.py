"""A response that cannot complete never looks complete: once its head went out, the client
connection is reset (RST), whatever the framing and the client's HTTP version; nothing falls
back after that; and shutdown resets what is still in flight after its timeout. Raw-socket
clients against a real gateway in front of raw-socket upstreams that fail on purpose."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import time
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.support import EchoUpstream, GatewayProcess, routes_doc, write_routes
from tests.gateway.test_upstream import RawUpstream, gateway_for, ok

# the first part of each truncated answer; the rest never comes
_PARTS = {
    # a declared length above the forwarder's buffered size: the head goes out at once
    "content-length": b"HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n" + b"a" * 1000,
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + b"a" * 1000
               + b"\r\n",
    "close-delimited": b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + b"a" * 1000,
}


def reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0), the upstream's way of saying the answer is broken."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def read_to_end(reader: asyncio.StreamReader) -> tuple[bytes, bool]:
    """Everything the gateway sends until the connection ends; True when it ended in a
    reset, False for a clean close (FIN)."""
    data = b""
    try:
        while chunk := await asyncio.wait_for(reader.read(65536), 10):
            data += chunk
    except ConnectionResetError:
        return data, True
    return data, False


def request(path: str, version: str, *extra: str) -> bytes:
    if version == "1.0":
        return f"GET {path} HTTP/1.0\r\n{''.join(extra)}\r\n".encode()
    return f"GET {path} HTTP/1.1\r\nHost: shop.example\r\n{''.join(extra)}\r\n".encode()


class Truncating:
    """An upstream answering every request with the first part of `framing` and then failing with
    `failure` (fin, rst or stall) once the client has seen that part; /prime is answered
    whole (to leave an idle connection for the callback fast path)."""

    def __init__(self, framing: str, failure: str) -> None:
        self.framing = framing
        self.failure = failure
        self.relayed = asyncio.Event()
        self.released = asyncio.Event()  # ends a stall at teardown

    async def __call__(self, conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        if head.startswith(b"GET /prime"):
            w.write(ok(b"primed"))
            return True
        self.relayed.clear()
        w.write(_PARTS[self.framing])
        await w.drain()
        await self.relayed.wait()  # the client has the head and part of the body
        if self.failure == "rst":
            reset(w)
        elif self.failure == "stall":
            await self.released.wait()  # silent: the gateway's read timeout ends it
        return False  # fin (closing after a reset is a no-op)


async def cut_exchange(port: int, version: str, up: Truncating,
                       path: str = "/cut") -> tuple[bytes, bool]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request(path, version, "Connection: close\r\n"))  # no wait on a bug
        seen = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        seen += await asyncio.wait_for(reader.read(1), 5)
        up.relayed.set()
        rest, was_reset = await read_to_end(reader)
        return seen + rest, was_reset
    finally:
        writer.close()


@pytest.mark.parametrize("version", ["1.0", "1.1"])
@pytest.mark.parametrize(("framing", "failure"), [
    ("content-length", "fin"), ("content-length", "stall"),
    ("chunked", "fin"), ("chunked", "rst"),
    ("close-delimited", "rst"), ("close-delimited", "stall"),
])
async def test_a_truncated_upstream_body_resets_the_client_connection(
        framing: str, failure: str, version: str, tmp_path: Path, start_gateway: Any,
        inventory: EchoUpstream) -> None:
    up_handler = Truncating(framing, failure)
    up = await RawUpstream(up_handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        # first on a new upstream connection (coroutine path), then on an idle one (the
        # callback fast path hands the streamed body over to a coroutine)
        for prime in (False, True):
            if prime:
                reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
                writer.write(request("/prime", "1.1"))
                assert (await reader.readuntil(b"primed"))
                writer.close()
            data, was_reset = await cut_exchange(gw.port, version, up_handler)
            assert data.startswith(b"HTTP/1.1 200 OK\r\n"), data[:100]
            head = data.partition(b"\r\n\r\n")[0].lower()
            if version == "1.0":
                # close-delimited to this client: only a reset tells it the body is incomplete
                assert b"content-length" not in head or framing == "content-length"
                assert b"transfer-encoding" not in head
            assert was_reset, f"{framing}/{failure} to an HTTP/{version} client ended cleanly"
        up_handler.released.set()
    finally:
        up_handler.released.set()
        await up.close()


@pytest.mark.parametrize("version", ["1.0", "1.1"])
async def test_a_small_body_cut_short_is_a_502_before_anything_is_sent(
        version: str, tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"a" * 10)
        return False  # the rest never comes

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory)
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(request("/small", version, "Connection: close\r\n"))
        data, _ = await read_to_end(reader)
        writer.close()
        assert data.startswith(b"HTTP/1.1 502 "), data[:100]
        assert b"aaaaaaaaaa" not in data
    finally:
        await up.close()


async def test_no_fallback_once_part_of_the_response_was_sent(
        tmp_path: Path, start_gateway: Any, monolith: EchoUpstream) -> None:
    up_handler = Truncating("chunked", "fin")
    service = await RawUpstream(up_handler).start()
    try:
        doc = routes_doc(monolith.url, f"http://127.0.0.1:{service.port}", stage="reads")
        gw = await start_gateway(write_routes(tmp_path / "reads.yaml", doc))
        data, was_reset = await cut_exchange(gw.port, "1.1", up_handler, "/api/inventory/1")
        head, _, body = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 OK\r\n")
        assert b"x-strangler-fallback" not in head.lower()
        assert b"monolith" not in body  # nothing of the legacy side's answer was appended
        assert was_reset
        assert len(service.requests) == 1 and monolith.seen == []
        assert gw.metrics.registry.get_sample_value(
            "gateway_upstream_errors_total", {"upstream": "inventory", "kind": "protocol"}) == 1
        # the same failure before the head does fall back (the route really can)
        await service.close()
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(request("/api/inventory/1", "1.1"))
        status, _, _ = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)).partition(
            b"\r\n")
        writer.close()
        assert status == b"HTTP/1.1 200 OK" and len(monolith.seen) == 1
    finally:
        await service.close()


async def test_shutdown_resets_what_is_still_in_flight_after_its_timeout(
        tmp_path: Path, start_gateway: Any, inventory: EchoUpstream) -> None:
    upstream_gone = asyncio.Event()

    async def handler(conn: int, n: int, head: bytes, w: asyncio.StreamWriter) -> bool:
        with contextlib.suppress(ConnectionError):
            await up.readers[conn].read()  # never answers; returns once the gateway closes
        upstream_gone.set()
        return False

    up = await RawUpstream(handler).start()
    try:
        gw = await gateway_for(start_gateway, tmp_path, up.port, inventory,
                               read_timeout=60.0, total_timeout=60.0)
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(request("/hang", "1.1"))
        while not any(r.startswith(b"GET /hang") for r in up.requests):
            await asyncio.sleep(0.01)
        started = time.monotonic()
        async with asyncio.timeout(15):
            await gw.close()
        elapsed = time.monotonic() - started
        data, was_reset = await read_to_end(reader)
        writer.close()
        assert data == b"" and was_reset  # no answer, and no clean close that looks like one
        assert 4.5 <= elapsed < 10, elapsed  # the in-flight request had its 5 s
        async with asyncio.timeout(5):
            await upstream_gone.wait()  # and its upstream connection was closed
    finally:
        await up.close()


@pytest.mark.parametrize("framing", ["chunked", "close-delimited"])
async def test_the_reset_also_happens_in_the_real_process_on_uvloop(
        framing: str, tmp_path: Path, inventory: EchoUpstream) -> None:
    """`gateway run` (uvloop, as deployed): an HTTP/1.0 client of a body cut short."""
    up_handler = Truncating(framing, "rst" if framing == "close-delimited" else "fin")
    up = await RawUpstream(up_handler).start()
    gw = None
    try:
        doc = routes_doc(f"http://127.0.0.1:{up.port}", inventory.url)
        gw = await GatewayProcess(write_routes(tmp_path / "uv.yaml", doc), workers=1).start()
        data, was_reset = await cut_exchange(gw.port, "1.0", up_handler)
        assert data.startswith(b"HTTP/1.1 200 OK\r\n") and was_reset
    finally:
        if gw is not None:
            assert await gw.stop() == 0
        await up.close()
