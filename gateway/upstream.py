"""A lean pooled HTTP/1.1 client for one upstream: the hot path's only way out.

Owns the keep-alive connections to one upstream: one `asyncio.Protocol` per connection with
httptools' response parser (llhttp, strict mode), and no general-purpose client layer (cookie
handling, URL re-quoting, redirects, decompression, auto headers).

Guarantees:

* the request line carries the canonical path exactly as given; headers are sent as given plus
  `Host` and framing headers computed here; a header containing CR, LF or NUL is refused;
* responses are parsed strictly (invalid status lines, conflicting or duplicate
  `Content-Length` / `Transfer-Encoding`, bad header syntax, NUL bytes: `UpstreamProtocolError`);
  headers are kept as the bytes received; the reason phrase is not kept (clients get the
  standard one); trailers are dropped;
  1xx interim responses are skipped (the gateway never sends `Expect` or `Upgrade` upstream, so
  a 101 is a protocol error); bodies are never decompressed;
* response heads are bounded (`MAX_HEADERS` fields, `MAX_HEADER_LINE` bytes per field,
  `MAX_HEAD` bytes in all, also while still arriving), and so is every other run of bytes
  without body progress (1xx heads, chunk framing, trailers): `UpstreamProtocolError` as soon
  as a bound is crossed;
* at most `max_connections` requests are in flight per upstream (callers wait for a slot);
* a connection is reused only when its response was read to the end, neither side asked to
  close, no byte beyond the response arrived, the request was not a HEAD and a 204/304 did not
  announce a body, so a response can never be handed to the wrong request; idle connections
  are closed `KEEPALIVE` seconds after their last use by one timer per pool (not only when a
  request looks for one);
* a request that failed on a *reused* connection before any response byte arrived (the upstream
  closed an idle keep-alive connection) is retried once on a new connection, only when it is
  idempotent and its body is replayable (`request(fresh=True)` is that retry for a request
  first sent with `send_nowait`);
* `send_nowait` is the callback form for bodiless requests: it sends only when a slot and an
  idle connection are free right now (otherwise it does nothing and returns None) and reports
  the response head through a callback, under the same timeouts, parsing and reuse rules;
* time is bounded: connect by `connect_timeout`; every wait for upstream bytes (the head, once
  the request is sent, and each body read) by `read_timeout` since the last byte or the start
  of the wait; slot wait + connect + send + head by `total_timeout` (`UpstreamTimeout`);
* a response body is buffered at most about 256 KiB ahead of its reader (streams.py): a slow
  client slows the upstream connection, it does not fill the gateway's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from urllib.parse import urlsplit

import httptools
from multidict import CIMultiDict, CIMultiDictProxy

from gateway.config import UpstreamConfig
from gateway.errors import (
    UpstreamConnectError,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamTimeout,
)
from gateway.streams import ByteStream, WriteFlow

__all__ = ["StaleConnection", "UpstreamClient", "UpstreamResponse"]

KEEPALIVE = 15.0  # seconds an idle connection is kept; below common server defaults
# Response heads are bounded like request heads (the defaults of config.LimitsConfig): at most
# MAX_HEADERS fields, each `name: value` line at most MAX_HEADER_LINE bytes, and at most
# MAX_HEAD bytes in all. MAX_HEAD also bounds every other run of bytes that carries no body
# (1xx heads before the final one, chunk framing, trailers): the parser buffers a field until
# it ends, so a field that never ends must be cut off by counting raw bytes.
MAX_HEADERS = 100
MAX_HEADER_LINE = 8190
MAX_HEAD = 4 * MAX_HEADER_LINE
_CHUNK = 64 * 1024
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_INF = float("inf")


class _Connection(WriteFlow, asyncio.Protocol):
    """One upstream connection; at most one exchange at a time. The parser callbacks fill the
    current exchange: `head` (a future resolved at the end of the response head) and `body`."""

    def __init__(self, client: UpstreamClient, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(loop)
        self.client = client
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.reusable = True  # False once anything makes reuse unsafe; never True again
        self.lost = False
        self.idle_since = 0.0
        self.last_io = 0.0
        self._timer: asyncio.TimerHandle | None = None
        # the current exchange
        self.active = False
        self.got_bytes = False
        self.head: asyncio.Future[None] | _HeadCallback | None = None
        self.head_deadline = _INF
        self.head_wait_since = 0.0
        self.streaming = False  # a streamed request body is being sent: the client's pace
        self.body: ByteStream | None = None
        self.skip_body = False
        self.message_done = False
        self.interim = False
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []  # raw: llhttp validated the syntax
        self.head_size = 0  # bytes of the fields in `headers`
        self.after_head = False  # the final head is complete: fields now are trailers
        self.progressed = False  # the current read produced a head or body bytes
        self.quiet = 0  # bytes received since the last read that did
        self.content_length: int | None = None
        self.until_close = False

    # --- transport callbacks -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no subclass

    def connection_lost(self, exc: BaseException | None) -> None:
        self.lost = True
        self.reusable = False
        self._cancel_timer()
        if self.active:
            if self.head is not None and not self.head.done():
                # nothing (or no complete head) arrived: the caller may retry elsewhere
                self.head.set_exception(_Stale() if not self.got_bytes else
                                        UpstreamProtocolError(
                                            f"upstream {self.client.name} closed the "
                                            "connection before the response head"))
            elif self.body is not None and not self.message_done:
                if self.until_close and exc is None:
                    self.message_done = True
                    self.body.feed_eof()
                else:
                    self.body.fail(UpstreamProtocolError(
                        f"upstream {self.client.name} closed the connection mid-body"))
        self._writes_lost("upstream connection lost")
        self._notify()

    def data_received(self, data: bytes) -> None:
        if not self.active or self.message_done:
            # bytes nobody asked for: this connection can never be trusted again
            self.reusable = False
            if not self.active:
                self.close()
                return
        self.got_bytes = True
        self.last_io = self.loop.time()
        self.progressed = False
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as exc:
            cause = exc.__context__
            self._protocol_error(cause.what if isinstance(cause, _TooLarge) else
                                 f"sent an invalid response ({exc})")
        except httptools.HttpParserError as exc:
            self._protocol_error(f"sent an invalid response ({exc})")
        except httptools.HttpParserUpgrade:  # a 101 with Upgrade; on_headers_complete failed it
            self.abort()
        if self.progressed:
            self.quiet = 0
        else:
            self.quiet += len(data)
            if self.quiet > MAX_HEAD:
                self._protocol_error(
                    f"sent more than {MAX_HEAD} bytes of trailers or chunk framing"
                    if self.after_head else
                    f"sent a response head larger than {MAX_HEAD} bytes")
        self._notify()  # after the whole read: the body that came with the head is fed

    def _notify(self) -> None:
        head = self.head
        if head is not None and head.__class__ is _HeadCallback and head.done():
            head.fire()

    def eof_received(self) -> bool:
        return False  # close our side too; connection_lost settles the exchange

    def close(self) -> None:
        self.reusable = False
        if self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        self.reusable = False
        if self.transport is not None:
            self.transport.abort()

    def _protocol_error(self, what: str) -> None:
        err = UpstreamProtocolError(f"upstream {self.client.name} {what}")
        if self.head is not None and not self.head.done():
            self.head.set_exception(err)
        elif self.body is not None and not self.message_done:
            self.body.fail(err)
        self.abort()

    # --- parser callbacks --------------------------------------------------------------------

    def on_message_begin(self) -> None:
        if self.message_done:  # a second response nobody asked for
            self.reusable = False
        self.headers = []
        self.head_size = 0
        self.after_head = False

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.after_head:
            return  # a trailer: never forwarded, nor taken for a header (bounded by `quiet`)
        self.headers.append((name, value))
        # the total bounds memory at once; count and line length are checked once per head
        self.head_size += len(name) + len(value) + 4  # "name: value\r\n"
        if self.head_size > MAX_HEAD:
            raise _TooLarge(f"sent a response head larger than {MAX_HEAD} bytes")

    def on_headers_complete(self) -> None:
        if len(self.headers) > MAX_HEADERS or self.head_size > MAX_HEADER_LINE + 2:
            _check_head(self.headers)  # (no line can be too long in a smaller head)
        if self.message_done:
            return
        status = self.parser.get_status_code()
        if status < 200:
            if status == 101:
                self._protocol_error("switched protocols without being asked to")
                return
            self.interim = True  # skipped: its message completes next, then the real one
            return
        self.status = status
        self.after_head = self.progressed = True
        length = None
        chunked = False
        for k, v in self.headers:
            n = len(k)
            if n == 14 and k.lower() == b"content-length":
                length = int(v)  # llhttp validated it (digits, not duplicated)
            elif n == 17 and k.lower() == b"transfer-encoding":
                chunked = True
        self.content_length = length
        if not self.parser.should_keep_alive():
            self.reusable = False
        bodiless = self.skip_body or status in (204, 304)
        if bodiless and (chunked or (length and status == 204)):
            # it announces a body it must not have (RFC 9112 6.3): if one follows later, it
            # would be read as the answer to the next request on this connection
            self.reusable = False
        self.until_close = not bodiless and length is None and not chunked
        head = self.head
        if bodiless and self.body is not None:
            self.body.feed_eof()
            if self.skip_body:
                # llhttp does not know this answered a HEAD and would wait for a body
                self.message_done = True
                self.reusable = False
        if head is not None and not head.done():
            head.set_result(None)

    def on_body(self, body: bytes) -> None:
        self.progressed = True
        if not self.interim and self.body is not None and not self.skip_body:
            self.body.feed(body)

    def on_message_complete(self) -> None:
        if self.interim:
            self.interim = False
            return
        if self.message_done:
            return
        self.message_done = self.progressed = True
        if self.body is not None:
            self.body.feed_eof()

    # --- exchange ----------------------------------------------------------------------------

    def begin(self, skip_body: bool, deadline: float,
              on_head: Callable[[BaseException | None], None] | None = None) -> ByteStream:
        """Start an exchange. The head is awaited as `self.head` (a future) or, with
        `on_head`, reported by calling it once from a protocol callback (after the read that
        completed the head was parsed, or with the exception that ended the wait)."""
        self.active = True
        self.streaming = False
        self.got_bytes = False
        self.message_done = False
        self.interim = False
        self.skip_body = skip_body
        self.headers = []
        self.after_head = False
        self.quiet = 0
        self.content_length = None
        self.head = self.loop.create_future() if on_head is None else _HeadCallback(on_head)
        self.head_deadline = deadline
        self.head_wait_since = self.last_io = self.loop.time()
        transport = self.transport
        assert transport is not None
        self.body = ByteStream(transport.pause_reading, transport.resume_reading,
                               on_wait=self._body_wait)
        # one lazy timer per connection: armed here if none is pending; when it fires it
        # re-checks the current exchange's deadlines (no timer churn per request)
        self._arm(min(deadline, self.last_io + self.client.cfg.read_timeout))
        return self.body

    def end(self) -> None:
        self.active = False
        head = self.head
        if head is not None:
            if not head.done():
                head.cancel()
            elif not head.cancelled():
                head.exception()  # retrieved: an abandoned failure is not "never retrieved"
        self.head = None
        self.body = None

    def request_sent(self) -> None:
        """The streamed request body is out: the wait for the response head starts now."""
        self.streaming = False
        self.head_wait_since = now = self.loop.time()
        self._arm(min(self.head_deadline, now + self.client.cfg.read_timeout))

    def _body_wait(self) -> None:
        self.head_wait_since = self.loop.time()
        if self._timer is None:
            self._arm(self.head_wait_since + self.client.cfg.read_timeout)

    def _arm(self, when: float) -> None:
        timer = self._timer
        if timer is not None:
            if timer.when() <= when:
                return
            timer.cancel()
        self._timer = self.loop.call_at(when, self._on_timer)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _on_timer(self) -> None:
        """Lazy deadline check: re-armed only while someone still waits for bytes."""
        self._timer = None
        if not self.active:
            return
        now = self.loop.time()
        read_timeout = self.client.cfg.read_timeout
        head = self.head
        # while a streamed request body is still being sent, no answer is due yet (the send
        # is bounded by the total deadline; `request_sent` starts the wait for the head)
        waiting_head = head is not None and not head.done() and not self.streaming
        waiting_body = (not waiting_head and self.body is not None and not self.message_done
                        and self.body.waiting)
        if not (waiting_head or waiting_body):
            return
        deadline = max(self.last_io, self.head_wait_since) + read_timeout
        if waiting_head:
            deadline = min(deadline, self.head_deadline)
        if now < deadline:
            self._arm(deadline)
            return
        err = UpstreamTimeout(f"upstream {self.client.name} timed out")
        if waiting_head:
            assert head is not None
            head.set_exception(err)
        elif self.body is not None:
            self.body.fail(err)
        self.abort()
        self._notify()


class UpstreamResponse:
    """The head of an upstream response plus its body stream. Call `release()` exactly once
    (also when the body was not read: the connection is then closed, not reused)."""

    __slots__ = ("status", "raw_headers", "content_length", "content", "_client", "_conn",
                 "_done", "_headers")

    def __init__(self, client: UpstreamClient, conn: _Connection) -> None:
        self.status = conn.status
        self.raw_headers = conn.headers  # (name, value) bytes as received
        self.content_length = conn.content_length
        assert conn.body is not None
        self.content = conn.body
        self._client = client
        self._conn = conn
        self._done = False
        self._headers: CIMultiDictProxy[str] | None = None

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        """Case-insensitive view of the response headers (built on first use)."""
        if self._headers is None:
            self._headers = CIMultiDictProxy(CIMultiDict(
                (k.decode("utf-8", "surrogateescape"), v.decode("utf-8", "surrogateescape"))
                for k, v in self.raw_headers))
        return self._headers

    async def read(self) -> bytes:
        return await self.content.read()

    def release(self) -> None:
        if self._done:
            return
        self._done = True
        conn = self._conn
        reusable = conn.message_done and self.content.at_eof()
        conn.end()
        self._client._release(conn, reusable=reusable)


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
        self._idle: deque[_Connection] = deque()  # oldest first (released in this order)
        self._reaper: asyncio.TimerHandle | None = None
        self._in_use = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._closed = False
        # the loop of the first request; asking for it per request costs a getpid() syscall
        # on Python 3.11 (the fork check in asyncio.get_running_loop)
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- slots -------------------------------------------------------------------------------

    async def _acquire(self, loop: asyncio.AbstractEventLoop, deadline: float) -> None:
        fut: asyncio.Future[None] = loop.create_future()
        self._waiters.append(fut)
        try:
            async with asyncio.timeout_at(deadline):
                await fut  # resolved by _release_slot, which hands its slot over
        except BaseException:
            if fut.done() and not fut.cancelled():
                self._release_slot()  # handed a slot while being cancelled: pass it on
            else:
                fut.cancel()
                with contextlib.suppress(ValueError):
                    self._waiters.remove(fut)
            raise

    def _release_slot(self) -> None:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)  # the slot moves to the waiter; _in_use unchanged
                return
        self._in_use -= 1

    # --- pool --------------------------------------------------------------------------------

    async def _connect(self, loop: asyncio.AbstractEventLoop, deadline: float) -> _Connection:
        timeout = min(self.cfg.connect_timeout, max(deadline - loop.time(), 0.0))
        try:
            async with asyncio.timeout(timeout):
                _, proto = await loop.create_connection(
                    lambda: _Connection(self, loop), self.host, self.port, ssl=self.ssl,
                    server_hostname=self.host if self.ssl else None)
        except TimeoutError:
            raise UpstreamTimeout(f"connecting to upstream {self.name} timed out") from None
        except OSError as exc:
            raise UpstreamConnectError(f"cannot connect to upstream {self.name}: "
                                       f"{exc.strerror or type(exc).__name__}") from None
        return proto

    def _take_idle(self) -> _Connection | None:
        now = time.monotonic()
        while self._idle:
            # most recently used first: warmest, least likely closed; under light traffic the
            # same few connections serve everything and the rest age out (`_reap`)
            conn = self._idle.pop()
            transport = conn.transport
            if conn.reusable and transport is not None and not transport.is_closing() \
                    and now - conn.idle_since < KEEPALIVE:
                return conn
            conn.close()
        return None

    def _release(self, conn: _Connection, *, reusable: bool) -> None:
        if reusable and conn.reusable and not self._closed and not conn.lost:
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
            if self._reaper is None:
                self._reaper = conn.loop.call_later(KEEPALIVE, self._reap)
        else:
            conn.close()
        self._release_slot()

    def _reap(self) -> None:
        """Close the connections idle for KEEPALIVE seconds, also when no request comes to
        find them; re-armed for the oldest one left (one timer per pool, not per request)."""
        self._reaper = None
        idle = self._idle
        now = time.monotonic()
        while idle and now - idle[0].idle_since >= KEEPALIVE:
            idle.popleft().close()
        if idle:
            oldest = idle[0]
            self._reaper = oldest.loop.call_later(
                max(oldest.idle_since + KEEPALIVE - now, 0.01), self._reap)

    async def close(self) -> None:
        self._closed = True
        if self._reaper is not None:
            self._reaper.cancel()
            self._reaper = None
        while self._idle:
            self._idle.pop().close()

    # --- exchange ----------------------------------------------------------------------------

    def send_nowait(self, method: str, path_qs: str, headers: Iterable[tuple[str, str]],
                    on_head: Callable[[UpstreamResponse | BaseException], None]
                    ) -> bool:
        """Send a bodiless request now if a slot and an idle connection are free; return
        False (nothing sent) otherwise. `on_head` is called from the event loop once, with the
        response (the caller must `release()` it) or with the exception: `StaleConnection`
        when the reused connection turned out closed before any response byte (retry with
        `request(fresh=True)`), an `UpstreamError` otherwise. Raises `UpstreamProtocolError`
        (nothing sent) for a header containing CR, LF or NUL."""
        if self._in_use >= self.cfg.max_connections or self._waiters or not self._idle:
            return False
        head = self._head(method, path_qs, headers, None, None)
        conn = self._take_idle()
        if conn is None:
            return False
        loop = conn.loop
        transport = conn.transport
        assert transport is not None
        self._in_use += 1

        def done(exc: BaseException | None) -> None:
            if exc is None:
                on_head(UpstreamResponse(self, conn))
                return
            conn.end()
            conn.abort()
            self._release_slot()
            on_head(StaleConnection() if isinstance(exc, _Stale) else exc)

        conn.begin(method == "HEAD", loop.time() + self.cfg.total_timeout, done)
        transport.write(head)
        return True

    async def request(self, method: str, path_qs: str, headers: Iterable[tuple[str, str]],
                      body: bytes | AsyncIterator[bytes] | None,
                      content_length: int | None = None, *,
                      fresh: bool = False) -> UpstreamResponse:
        """Send one request; return the response head with its body stream.

        `body` is bytes (replayable), an async iterator (streamed; `content_length` if known,
        otherwise chunked) or None; `fresh`: on a new connection (a retry). Raises an
        `UpstreamError` subclass."""
        head = self._head(method, path_qs, headers, body, content_length)
        loop = self._loop
        if loop is None or loop.is_closed():
            loop = self._loop = asyncio.get_running_loop()
        deadline = loop.time() + self.cfg.total_timeout
        if self._in_use < self.cfg.max_connections and not self._waiters:
            self._in_use += 1  # fast path: a free slot, no waiting
        else:
            try:
                await self._acquire(loop, deadline)
            except TimeoutError:
                raise UpstreamTimeout(f"upstream {self.name} timed out") from None
        try:
            conn = None if fresh else self._take_idle()
            if conn is not None:
                try:
                    return await self._exchange(conn, method, head, body, deadline)
                except _Stale:
                    if method not in _IDEMPOTENT or not isinstance(body, bytes | None):
                        raise UpstreamProtocolError(
                            f"upstream {self.name} closed the connection") from None
            conn = await self._connect(loop, deadline)
            try:
                return await self._exchange(conn, method, head, body, deadline)
            except _Stale:
                raise UpstreamProtocolError(
                    f"upstream {self.name} closed the connection") from None
        except BaseException as exc:
            self._release_slot()
            if isinstance(exc, TimeoutError) and not isinstance(exc, UpstreamError):
                raise UpstreamTimeout(f"upstream {self.name} timed out") from None
            raise

    def _head(self, method: str, path_qs: str, headers: Iterable[tuple[str, str]],
              body: bytes | AsyncIterator[bytes] | None, content_length: int | None) -> bytes:
        lines = [f"{method} {path_qs} HTTP/1.1\r\nHost: {self.host_header}\r\n"]
        lines += [f"{k}: {v}\r\n" for k, v in headers]
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

    async def _exchange(self, conn: _Connection, method: str, head: bytes,
                        body: bytes | AsyncIterator[bytes] | None,
                        deadline: float) -> UpstreamResponse:
        """One request on one connection. Raises `_Stale` when the connection died before any
        response byte arrived (safe to retry idempotent requests elsewhere)."""
        transport = conn.transport
        if transport is None or transport.is_closing() or conn.lost:
            conn.close()
            raise _Stale()
        conn.begin(method == "HEAD", deadline)
        try:
            if isinstance(body, bytes) and len(body) <= _CHUNK:
                transport.write(head + body if body else head)
            else:
                transport.write(head)
                if isinstance(body, bytes):
                    view = memoryview(body)
                    for i in range(0, len(body), _CHUNK):
                        transport.write(view[i:i + _CHUNK])
                        await conn.drain()
                elif body is not None:
                    conn.streaming = True
                    async with asyncio.timeout_at(deadline):
                        await self._send_stream(conn, body, head)
                    conn.request_sent()
            assert isinstance(conn.head, asyncio.Future)
            await conn.head
        except _Stale:
            conn.end()
            conn.abort()
            raise
        except (ConnectionError, OSError) as exc:
            stale = not conn.got_bytes
            settled = conn.head
            conn.end()
            conn.abort()
            err = settled.exception() if settled is not None and settled.done() and \
                not settled.cancelled() else None
            if isinstance(err, UpstreamError):
                raise err from None  # e.g. the deadline closed the socket
            if stale:
                raise _Stale() from exc
            raise UpstreamProtocolError(
                f"upstream {self.name} failed: {type(exc).__name__}") from None
        except BaseException:
            conn.end()
            conn.abort()
            raise
        return UpstreamResponse(self, conn)

    @staticmethod
    async def _send_stream(conn: _Connection, body: AsyncIterator[bytes],
                           head: bytes) -> None:
        chunked = b"Transfer-Encoding: chunked\r\n" in head
        transport = conn.transport
        assert transport is not None
        async for chunk in body:
            if conn.lost or transport.is_closing():
                raise ConnectionResetError("upstream closed while sending the body")
            if conn.message_done or (conn.head is not None and conn.head.done()):
                break  # the upstream answered early (e.g. 413): stop sending
            if not chunk:
                continue
            if chunked:
                transport.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
            else:
                transport.write(chunk)
            await conn.drain()
        else:
            if chunked:
                transport.write(b"0\r\n\r\n")
            return
        conn.reusable = False  # the body was cut short: the framing is broken


class _Stale(Exception):
    """The connection was gone before the upstream answered anything."""


def _check_head(headers: list[tuple[bytes, bytes]]) -> None:
    if len(headers) > MAX_HEADERS:
        raise _TooLarge(f"sent more than {MAX_HEADERS} header fields")
    for name, value in headers:
        if len(name) + len(value) + 2 > MAX_HEADER_LINE:
            raise _TooLarge(f"sent a header field longer than {MAX_HEADER_LINE} bytes")


class _TooLarge(Exception):
    """Raised from a parser callback: a response head beyond the limits (stops parsing)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _HeadCallback:
    """The head of an exchange reported by a callback instead of a future: the same settling
    calls (`set_result` / `set_exception` / `cancel`, first one wins), and `fire()` runs the
    callback once the connection has finished the work at hand (never from inside the
    parser)."""

    __slots__ = ("_callback", "_done", "_exc", "_fired")

    def __init__(self, callback: Callable[[BaseException | None], None]) -> None:
        self._callback = callback
        self._done = False
        self._exc: BaseException | None = None
        self._fired = False

    def done(self) -> bool:
        return self._done

    def cancelled(self) -> bool:
        return False

    def exception(self) -> BaseException | None:
        return self._exc

    def set_result(self, _: None) -> None:
        self._done = True

    def set_exception(self, exc: BaseException) -> None:
        if not self._done:
            self._done = True
            self._exc = exc

    def cancel(self) -> None:
        # the exchange was ended by its owner: nobody waits for the head any more
        self._done = self._fired = True

    def fire(self) -> None:
        if not self._fired:
            self._fired = True
            self._callback(self._exc)


class StaleConnection(Exception):
    """`send_nowait`: the reused connection was closed before any response byte arrived; the
    request may be retried once with `request(fresh=True)`."""


