"""A lean pooled HTTP/1.1 client for one upstream: the hot path's only way out.

Owns the keep-alive connections to one upstream. Built on aiohttp's response protocol and its C
(llhttp) response parser, without aiohttp's general-purpose client layer (cookie handling, URL
re-quoting, redirects, tracing, auto headers), which cost more than the whole gateway decision.

Guarantees:

* the request line carries the canonical path exactly as given; headers are sent as given plus
  `Host` and framing headers computed here; a header containing CR, LF or NUL is refused;
* at most `max_connections` requests are in flight per upstream (callers wait for a slot);
* a connection is reused only when its response was read to the end, neither side asked to close,
  and no byte beyond the response arrived (`ResponseHandler.should_close`), so a response can
  never be handed to the wrong request; idle connections are dropped after `KEEPALIVE` seconds;
* a request that failed on a *reused* connection before any response byte arrived (the upstream
  closed an idle keep-alive connection) is retried once on a new connection, only when it is
  idempotent and its body is replayable;
* time is bounded: connect by `connect_timeout`, every read by `read_timeout` (between bytes,
  including the wait for the head), and connect + send + head by `total_timeout`.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable
from urllib.parse import urlsplit

import aiohttp
from aiohttp.client_proto import ResponseHandler
from aiohttp.streams import StreamReader
from multidict import CIMultiDictProxy

from gateway.config import UpstreamConfig
from gateway.errors import (
    UpstreamConnectError,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamTimeout,
)

__all__ = ["UpstreamClient", "UpstreamResponse"]

KEEPALIVE = 15.0  # seconds an idle connection is kept; below common server defaults
_CHUNK = 64 * 1024
_HIGH_WATER = 256 * 1024
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class _Conn:
    __slots__ = ("proto", "idle_since")

    def __init__(self, proto: ResponseHandler) -> None:
        self.proto = proto
        self.idle_since = 0.0


class UpstreamResponse:
    """The head of an upstream response plus its body stream. Call `release()` exactly once
    (also when the body was not read: the connection is then closed, not reused)."""

    __slots__ = ("status", "reason", "headers", "content", "_client", "_conn", "_done")

    def __init__(self, client: UpstreamClient, conn: _Conn, status: int, reason: str,
                 headers: CIMultiDictProxy[str], content: StreamReader) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers
        self.content = content
        self._client = client
        self._conn = conn
        self._done = False

    @property
    def content_length(self) -> int | None:
        value = self.headers.get("Content-Length")
        if value is None or not value.isdigit():
            return None
        return int(value)

    async def read(self) -> bytes:
        return await self.content.read()

    def release(self) -> None:
        if self._done:
            return
        self._done = True
        self._client._release(self._conn, reusable=self.content.is_eof())


class UpstreamClient:
    """One upstream's connection pool. Create inside the event loop; `close()` when done."""

    def __init__(self, name: str, cfg: UpstreamConfig) -> None:
        parts = urlsplit(cfg.url)
        self.name = name
        self.base = cfg.url
        self.host = parts.hostname or ""
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.ssl: ssl.SSLContext | None = (ssl.create_default_context()
                                           if parts.scheme == "https" else None)
        self.host_header = parts.netloc
        self.cfg = cfg
        self._idle: deque[_Conn] = deque()
        self._slots = asyncio.Semaphore(cfg.max_connections)
        self._closed = False

    # --- pool --------------------------------------------------------------------------------

    async def _connect(self) -> _Conn:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.cfg.connect_timeout):
                _, proto = await loop.create_connection(
                    lambda: ResponseHandler(loop), self.host, self.port, ssl=self.ssl,
                    server_hostname=self.host if self.ssl else None)
        except TimeoutError:
            raise UpstreamTimeout(f"connecting to upstream {self.name} timed out") from None
        except OSError as exc:
            raise UpstreamConnectError(f"cannot connect to upstream {self.name}: "
                                       f"{exc.strerror or type(exc).__name__}") from None
        return _Conn(proto)

    def _take_idle(self) -> _Conn | None:
        now = time.monotonic()
        while self._idle:
            conn = self._idle.pop()  # most recently used first: warmest, least likely closed
            if conn.proto.is_connected() and not conn.proto.should_close \
                    and now - conn.idle_since < KEEPALIVE:
                return conn
            conn.proto.close()
        return None

    def _release(self, conn: _Conn, *, reusable: bool) -> None:
        proto = conn.proto
        if reusable and not self._closed and proto.is_connected() and not proto.should_close:
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
        else:
            proto.close()
        self._slots.release()

    async def close(self) -> None:
        self._closed = True
        while self._idle:
            self._idle.pop().proto.close()

    # --- exchange ----------------------------------------------------------------------------

    async def request(self, method: str, path_qs: str, headers: Iterable[tuple[str, str]],
                      body: bytes | AsyncIterator[bytes] | None,
                      content_length: int | None = None) -> UpstreamResponse:
        """Send one request; return the response head with its body stream.

        `body` is bytes (replayable), an async iterator (streamed; `content_length` if known,
        otherwise chunked) or None. Raises an `UpstreamError` subclass."""
        head = self._head(method, path_qs, headers, body, content_length)
        acquired = False
        try:
            async with asyncio.timeout(self.cfg.total_timeout):
                await self._slots.acquire()
                acquired = True
                conn = self._take_idle()
                if conn is not None:
                    try:
                        return await self._exchange(conn, method, head, body)
                    except _Stale:
                        if method not in _IDEMPOTENT or not isinstance(body, bytes | None):
                            raise UpstreamProtocolError(
                                f"upstream {self.name} closed the connection") from None
                conn = await self._connect()
                try:
                    return await self._exchange(conn, method, head, body)
                except _Stale:
                    raise UpstreamProtocolError(
                        f"upstream {self.name} closed the connection") from None
        except BaseException as exc:
            if acquired:
                self._slots.release()
            if isinstance(exc, TimeoutError) and not isinstance(exc, UpstreamError):
                raise UpstreamTimeout(f"upstream {self.name} timed out") from None
            raise

    def _head(self, method: str, path_qs: str, headers: Iterable[tuple[str, str]],
              body: bytes | AsyncIterator[bytes] | None, content_length: int | None) -> bytes:
        lines = [f"{method} {path_qs} HTTP/1.1\r\nHost: {self.host_header}\r\n"]
        lines.extend(f"{k}: {v}\r\n" for k, v in headers)
        if isinstance(body, bytes):
            if body or method in _BODY_METHODS:
                lines.append(f"Content-Length: {len(body)}\r\n")
        elif body is not None:
            if content_length is not None:
                lines.append(f"Content-Length: {content_length}\r\n")
            else:
                lines.append("Transfer-Encoding: chunked\r\n")
        elif method in _BODY_METHODS:
            lines.append("Content-Length: 0\r\n")
        lines.append("\r\n")
        text = "".join(lines)
        # every piece ends in exactly one CRLF (the first in two): any other CR, LF or a NUL
        # came from a header name or value and would split or smuggle a header
        crlf = len(lines) + 1
        if text.count("\n") != crlf or text.count("\r") != crlf or "\x00" in text:
            raise UpstreamProtocolError("header contains CR, LF or NUL")
        return text.encode("utf-8", "surrogateescape")

    async def _exchange(self, conn: _Conn, method: str, head: bytes,
                        body: bytes | AsyncIterator[bytes] | None) -> UpstreamResponse:
        """One request on one connection. Raises `_Stale` when the connection died before any
        response byte arrived (safe to retry idempotent requests elsewhere)."""
        proto = conn.proto
        transport = proto.transport
        if transport is None or transport.is_closing():
            proto.close()
            raise _Stale()
        proto.set_response_params(
            skip_payload=method == "HEAD", read_timeout=self.cfg.read_timeout,
            auto_decompress=False, read_bufsize=_CHUNK)
        got_head = False
        try:
            if isinstance(body, bytes) and len(body) <= _CHUNK:
                transport.write(head + body if body else head)
            else:
                transport.write(head)
                if isinstance(body, bytes):
                    view = memoryview(body)
                    for i in range(0, len(body), _CHUNK):
                        transport.write(view[i:i + _CHUNK])
                        await self._drain(proto)
                elif body is not None:
                    await self._send_stream(proto, body, head)
            proto.start_timeout()
            message, payload = await proto.read()
            got_head = True
        except aiohttp.ServerTimeoutError:  # before ClientConnectionError: a subclass of it
            proto.close()
            raise UpstreamTimeout(f"upstream {self.name} timed out") from None
        except (aiohttp.ClientConnectionError, ConnectionError) as exc:
            proto.close()
            if not got_head and isinstance(exc, _STALE_ERRORS):
                raise _Stale() from exc
            raise UpstreamProtocolError(
                f"upstream {self.name} failed: {type(exc).__name__}") from None
        except (aiohttp.ClientError, aiohttp.http_exceptions.HttpProcessingError) as exc:
            proto.close()
            raise UpstreamProtocolError(
                f"upstream {self.name} sent an invalid response: {type(exc).__name__}"
            ) from None
        except BaseException:
            proto.close()
            raise
        return UpstreamResponse(self, conn, message.code, message.reason, message.headers,
                                payload)

    @staticmethod
    async def _drain(proto: ResponseHandler) -> None:
        transport = proto.transport
        if transport is not None and transport.get_write_buffer_size() > _HIGH_WATER:
            await proto._drain_helper()

    async def _send_stream(self, proto: ResponseHandler, body: AsyncIterator[bytes],
                           head: bytes) -> None:
        chunked = b"Transfer-Encoding: chunked\r\n" in head
        transport = proto.transport
        async for chunk in body:
            if transport is None or transport.is_closing():
                raise ConnectionResetError("upstream closed while sending the body")
            if not chunk:
                continue
            if chunked:
                transport.write(b"%x\r\n" % len(chunk))
                transport.write(chunk)
                transport.write(b"\r\n")
            else:
                transport.write(chunk)
            await self._drain(proto)
        if chunked and transport is not None:
            transport.write(b"0\r\n\r\n")


class _Stale(Exception):
    """The connection was gone before the upstream answered anything."""



_STALE_ERRORS = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, ConnectionResetError,
                 BrokenPipeError)
