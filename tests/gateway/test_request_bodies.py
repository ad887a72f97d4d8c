"""Request bodies that go wrong, over raw sockets against a real gateway and a recording
upstream: a chunked body that turns out malformed, an HTTP/1.0 request with
`Transfer-Encoding`, a body that stalls, a trailer section that never ends.

The promise under test: the client gets the documented answer and the connection closes after
it; an upstream never sees a complete request that the gateway refused. A body of at most
`HOLD_BODY_BYTES` is received whole before the upstream request starts, so nothing of it
reaches an upstream; a larger one is streamed and the upstream connection is aborted before
the end of the message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gateway.forward import HOLD_BODY_BYTES
from tests.gateway.support import (
    EchoUpstream,
    Message,
    answered_then_closed,
    arrived,
    barrier,
    parse_answers,
    read_to_close,
    routes_doc,
    upload_start,
    wait_until,
    write_routes,
)

CHUNKED_HEAD = (b"POST /upload HTTP/1.1\r\nHost: shop.example\r\n"
                b"Transfer-Encoding: chunked\r\n")
AFTER = b"GET /after HTTP/1.1\r\nHost: shop.example\r\n\r\n"  # must never be served

# (name, the bytes that make a chunked body malformed, sent after a good first chunk)
MALFORMED = [
    ("bad chunk size", b"zz\r\nabc\r\n0\r\n\r\n"),
    ("overflowing chunk size", b"1" + b"0" * 16 + b"\r\nabc\r\n0\r\n\r\n"),
    ("bare LF after the chunk size", b"3\nabc\r\n0\r\n\r\n"),
    ("bare LF after the chunk data", b"3\r\nabc\n0\r\n\r\n"),
    ("bare LF after the last chunk", b"0\n\r\n"),
    ("chunk data longer than its size", b"3\r\nabcdef\r\n0\r\n\r\n"),
    ("Content-Length trailer", b"0\r\nContent-Length: 5\r\n\r\n"),
    ("Transfer-Encoding trailer", b"0\r\nTransfer-Encoding: chunked\r\n\r\n"),
]


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%b\r\n" % (len(data), data)


def gateway_file(tmp_path: Path, monolith: EchoUpstream, inventory: EchoUpstream,
                 **limits: float) -> Path:
    doc = routes_doc(monolith.url, inventory.url)  # upstream read_timeout 1 s, total 5 s
    doc["limits"].update(limits)
    return write_routes(tmp_path / "routes.yaml", doc)


def uploads(up: EchoUpstream) -> list[Message]:
    return [m for m in arrived(up) if m.raw_path == "/upload"]


async def streaming_started(up: EchoUpstream, at_least: int) -> None:
    """Wait until part of the upload (more than the hold bound) reached the upstream."""
    await wait_until(lambda: any(len(m.body) >= at_least for m in uploads(up)),
                     f"{at_least} body bytes reached the upstream")


async def upstream_cut_off(up: EchoUpstream) -> Message:
    """Wait until the upstream connection of the upload is closed; its one, incomplete,
    message."""
    await wait_until(lambda: all(w.closed for w in up.wires
                                 if any(m.raw_path == "/upload" for m in w.messages())),
                     "the upstream connection of the upload closed")
    got = uploads(up)
    assert len(got) == 1 and not got[0].complete, got
    assert not any(s.raw_path == "/upload" for s in up.seen)  # aiohttp never completed it
    return got[0]


# --- item: a malformed chunked body ------------------------------------------------------------


@pytest.mark.parametrize(("name", "bad"), MALFORMED, ids=[m[0] for m in MALFORMED])
async def test_malformed_chunked_body_never_reaches_the_upstream(
        name: str, bad: bytes, routes_file: Callable[..., Path], start_gateway: Any,
        monolith: EchoUpstream) -> None:
    """The malformation arrives after the gateway began reading the body (it answered
    `100 Continue`): the body is held, so the upstream request never starts."""
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(CHUNKED_HEAD + b"Expect: 100-continue\r\n\r\n")
    interim = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    assert interim.startswith(b"HTTP/1.1 100 "), interim
    writer.write(chunk(b"hello"))
    await writer.drain()
    writer.write(bad + AFTER)
    answers = parse_answers(await read_to_close(reader))
    writer.close()
    assert [(a.status, a.error) for a in answers] == [(400, "invalid_framing")], name
    assert answers[0].headers["connection"] == "close"
    await barrier(gw.port, monolith)
    assert arrived(monolith) == [], name


@pytest.mark.parametrize(("name", "bad"), MALFORMED, ids=[m[0] for m in MALFORMED])
async def test_malformed_chunked_body_beyond_the_hold_bound_is_cut_off_upstream(
        name: str, bad: bytes, routes_file: Callable[..., Path], start_gateway: Any,
        monolith: EchoUpstream) -> None:
    """A body larger than the hold bound is streamed: when it turns out malformed, the
    upstream has part of it and its connection is aborted before the last chunk."""
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    first = b"a" * (HOLD_BODY_BYTES + 16 * 1024)
    writer.write(CHUNKED_HEAD + b"\r\n" + chunk(first))
    await streaming_started(monolith, len(first))
    writer.write(bad + AFTER)
    answers = parse_answers(await read_to_close(reader))
    writer.close()
    assert [(a.status, a.error) for a in answers] == [(400, "invalid_framing")], name
    message = await upstream_cut_off(monolith)
    assert message.body.startswith(first)
    await barrier(gw.port, monolith)
    assert [m.raw_path for m in arrived(monolith)] == ["/upload"]  # never /after


async def test_a_good_chunked_body_under_the_bound_is_sent_whole(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    """The control: a held chunked body reaches the upstream complete, with trailers dropped
    (the gateway frames each hop itself)."""
    gw = await start_gateway(routes_file())
    body = chunk(b"hello ") + chunk(b"world") + b"0\r\nX-Checksum: 1\r\n\r\n"
    answers = await answered_then_closed(
        gw.port, CHUNKED_HEAD + b"Connection: close\r\n\r\n" + body)
    assert [a.status for a in answers] == [200]
    assert [(m.body, m.complete) for m in uploads(monolith)] == [(b"hello world", True)]
    assert "x-checksum" not in monolith.seen[-1].header_names()


# --- item: HTTP/1.0 with Transfer-Encoding ---------------------------------------------------


async def test_http_1_0_with_transfer_encoding_is_refused_and_the_connection_closed(
        routes_file: Callable[..., Path], start_gateway: Any, monolith: EchoUpstream) -> None:
    """RFC 9112 6.1: faulty framing. Whatever follows it on the connection is never served."""
    gw = await start_gateway(routes_file())
    answers = await answered_then_closed(
        gw.port, b"POST /upload HTTP/1.0\r\nHost: shop.example\r\nConnection: keep-alive\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n" + chunk(b"abc") + b"0\r\n\r\n"
                 b"GET /after HTTP/1.0\r\nHost: shop.example\r\nConnection: keep-alive\r\n\r\n")
    assert [(a.status, a.error) for a in answers] == [(400, "invalid_framing")]
    assert answers[0].headers["connection"] == "close"
    await barrier(gw.port, monolith)
    assert arrived(monolith) == []


# --- item: a body that stalls ------------------------------------------------------------------


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
async def test_stalled_small_body_is_408_and_never_reaches_the_upstream(
        framing: str, tmp_path: Path, start_gateway: Any, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    gw = await start_gateway(gateway_file(tmp_path, monolith, inventory, body_timeout=0.5))
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    answers = await answered_then_closed(gw.port, upload_start(framing, 10, b"abc"))
    assert [(a.status, a.error) for a in answers] == [(408, "request_timeout")]
    assert answers[0].headers["connection"] == "close"
    assert loop.time() - t0 >= 0.5
    await barrier(gw.port, monolith)
    assert arrived(monolith) == []


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
async def test_stalled_streamed_body_is_408_and_the_upstream_request_aborted(
        framing: str, tmp_path: Path, start_gateway: Any, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    """The upstream request already started: it is cut off before its end, and the client
    gets 408, not a 504 (the body timeout is above the upstream's read timeout here: the
    upstream is not waited for while the client is)."""
    gw = await start_gateway(gateway_file(tmp_path, monolith, inventory, body_timeout=1.5))
    first = b"b" * (HOLD_BODY_BYTES + 16 * 1024)
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(upload_start(framing, 2 * len(first), first))
    await streaming_started(monolith, len(first))
    answers = parse_answers(await read_to_close(reader, timeout=10))
    writer.close()
    assert [(a.status, a.error) for a in answers] == [(408, "request_timeout")]
    message = await upstream_cut_off(monolith)
    assert message.body == first


async def test_slow_but_steady_streamed_body_is_not_cut_off(
        tmp_path: Path, start_gateway: Any, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    """Each pause is shorter than the body timeout, the whole upload takes longer than the
    upstream's read timeout (1 s): the body timeout is per wait, and the upstream's wait for
    its answer starts only once the request is sent."""
    gw = await start_gateway(gateway_file(tmp_path, monolith, inventory, body_timeout=1.0))
    piece = b"c" * (HOLD_BODY_BYTES // 2)
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(CHUNKED_HEAD + b"Connection: close\r\n\r\n")
    for _ in range(6):
        writer.write(chunk(piece))
        await writer.drain()
        await asyncio.sleep(0.3)
    writer.write(b"0\r\n\r\n")
    answers = parse_answers(await read_to_close(reader))
    writer.close()
    assert [a.status for a in answers] == [200]
    assert [(len(m.body), m.complete) for m in uploads(monolith)] == [(6 * len(piece), True)]


async def test_body_timeout_counts_from_the_last_byte_not_the_last_body_data(
        tmp_path: Path, start_gateway: Any, monolith: EchoUpstream,
        inventory: EchoUpstream) -> None:
    """Bytes that carry no body data (here a trailer line arriving slowly) still show the
    client is sending: the wait lasts longer than the body timeout, no pause does."""
    gw = await start_gateway(gateway_file(tmp_path, monolith, inventory, body_timeout=1.0))
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(CHUNKED_HEAD + b"Connection: close\r\n\r\n" + chunk(b"abc") + b"0\r\nX-T: ")
    t0 = loop.time()
    while loop.time() - t0 < 2.0:
        await asyncio.sleep(0.25)
        writer.write(b"v")
        await writer.drain()
    writer.write(b"\r\n\r\n")
    answers = parse_answers(await read_to_close(reader))
    writer.close()
    assert [a.status for a in answers] == [200]
    assert [(m.body, m.complete) for m in uploads(monolith)] == [(b"abc", True)]


# --- trailers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["one endless line", "too many fields"])
async def test_trailer_section_is_bounded_like_a_head(
        shape: str, routes_file: Callable[..., Path], start_gateway: Any,
        monolith: EchoUpstream) -> None:
    """Trailers count against the head limits (4 x 8190 bytes, 100 fields), also while a line
    is still arriving: 431, not a buffer that grows for as long as the client sends."""
    gw = await start_gateway(routes_file())
    reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
    writer.write(CHUNKED_HEAD + b"\r\n" + chunk(b"abc") + b"0\r\n")
    if shape == "too many fields":
        writer.write(b"".join(b"X-T%d: v\r\n" % i for i in range(150)) + b"\r\n")
        answers = parse_answers(await read_to_close(reader))
    else:
        writer.write(b"X-Long: ")

        async def endless() -> None:  # one line, 8 KiB at a time, up to 4 MiB
            for _ in range(512):
                writer.write(b"a" * 8192)
                await writer.drain()
                await asyncio.sleep(0.005)

        sending = asyncio.create_task(endless())
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        finally:
            sending.cancel()
        assert not sending.done() or sending.cancelled(), "refused only after 4 MiB"
        answers = parse_answers(head + await read_to_close(reader))
    writer.close()
    assert [(a.status, a.error) for a in answers] == [(431, "head_too_large")]
    await barrier(gw.port, monolith)
    assert arrived(monolith) == []
