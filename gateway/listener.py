"""The data-plane HTTP/1.1 listener: client connections, framing, limits and flow control.

Owns every client connection of the data port: one `asyncio.Protocol` per connection with
httptools' request parser (llhttp in strict mode), and the `Request` the handler answers through.
It knows nothing about routing: each complete request head goes to the handler, which must
answer it (`respond`, or `start` / `write` / `finish`). An optional synchronous `fast` handler
is offered each request first: it may decline (nothing done, the async handler runs), or take
the request and answer it from callbacks, ending with `Request.complete()`, or pass it on to a
coroutine with `Request.handoff()`; no task is created for a request answered from callbacks.
Guarantees (whichever handler answers):

* framing: messages are parsed strictly (both `Content-Length` and `Transfer-Encoding`,
  duplicate `Content-Length`, invalid lengths, `Transfer-Encoding` in HTTP/1.0, obs-fold,
  whitespace before the colon, invalid characters: 400); only HTTP/1.0 and HTTP/1.1 (505).
  Every refusal made here closes the connection after the answer. A chunked body that turns
  out malformed (bad or overflowing chunk size, bare LF, data longer than its size, a
  `Content-Length` or `Transfer-Encoding` trailer) ends its body stream with `InvalidFraming`
  instead: the handler answers it (400) and nothing after it is parsed;
* limits: request target and each header line at most `max_header_line_bytes` (414 / 431), at
  most `max_header_count` headers (431), and the whole head at most
  `4 * max_header_line_bytes` (431; trailers count against the same limits, also while they
  arrive); a head must be complete within `header_timeout` of its first byte (or of the
  connection opening), and an idle keep-alive connection is closed after
  `keepalive_timeout`: on expiry the connection is closed without an answer. While the handler
  waits for body bytes, each wait ends after `body_timeout` since the last byte (or the start
  of the wait) with `RequestTimeout` in the body stream (answered 408);
* order: requests on one connection are handled one at a time, in the order they arrived.
  Pipelined requests are parsed ahead at most `PIPELINE_DEPTH` deep (reading pauses there); a
  client that packs more than that into one read gets answers to the first `PIPELINE_DEPTH`,
  the last with `Connection: close`, and the rest are refused by closing (RFC 9112 9.3.2: the
  client retries them);
* flow control both ways: a request body is buffered at most about 256 KiB ahead of the handler
  (the connection stops reading above that); `Request.write` waits while the client's socket
  buffer is above the transport's high-water mark;
* responses are framed here: `Content-Length` when known, chunked for HTTP/1.1 otherwise,
  close-delimited for HTTP/1.0; responses to HEAD and 1xx/204/304 responses carry no body;
  `Connection: close` is sent whenever the connection will not be reused (client asked,
  HTTP/1.0 without keep-alive, refusal, shutdown, or a request body that was not received to
  its end, of which the rest is then discarded for at most `LINGER` seconds before closing);
* `Upgrade` is never honoured: such a request is answered as plain HTTP, then the connection
  closes;
* graceful close: stop accepting, close idle connections at once, let in-flight requests
  finish (bounded by a timeout), then abort what remains;
* an abort (`Request.abort`, a handler that failed after its head, shutdown) resets the
  connection (RST), never closes it cleanly: a cut-off answer cannot pass for a whole one;
* `Request.on_lost`, when the handler sets it, is called once if the client closes (FIN) or
  resets its connection while that request is being served (a held write is dropped then).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
from collections import deque
from collections.abc import Awaitable, Callable
from http import HTTPStatus

import httptools
from multidict import CIMultiDict

from gateway.config import LimitsConfig
from gateway.errors import (
    BadRequest,
    ClientDisconnected,
    GatewayError,
    HeadTooLarge,
    InvalidFraming,
    RequestTimeout,
    TargetTooLong,
    UnsupportedVersion,
)
from gateway.streams import ByteStream, WriteFlow

__all__ = ["PIPELINE_DEPTH", "Listener", "Request"]

log = logging.getLogger("gateway.listener")

PIPELINE_DEPTH = 16
LINGER = 2.0
_VERSIONS = {"1.1": (1, 1), "1.0": (1, 0)}
_STATUS_LINES = {s.value: b"HTTP/1.1 %d %s\r\n" % (s.value, s.phrase.encode())
                 for s in HTTPStatus}
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_RESET_ON_CLOSE = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends RST

Handler = Callable[["Request"], Awaitable[None]]
FastHandler = Callable[["Request"], bool]
Headers = list[tuple[bytes, bytes]]  # names and values as sent (checked by their producers)
ErrorRenderer = Callable[[GatewayError], tuple[int, Headers, bytes]]


class Request:
    """One client request: its head (parsed once), its body stream, and the answer.

    The handler answers exactly once: `respond()` (whole answer in one write) or `start()`,
    `await write()` any number of times, `finish()`; `abort()` resets the connection. A fast
    handler that took the request also ends it: `complete()` once answered, or `handoff()`."""

    __slots__ = ("method", "target", "version", "headers", "peer", "keep_alive",
                 "content_length", "chunked", "expect_continue", "body", "status", "started",
                 "finished", "close", "on_lost", "_conn", "_chunked_out", "_continued",
                 "_completed")

    def __init__(self, conn: _Connection, method: str, target: str,
                 version: tuple[int, int], headers: CIMultiDict[str], keep_alive: bool,
                 content_length: int | None, chunked: bool, body: ByteStream | None) -> None:
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.peer = conn.peer
        self.keep_alive = keep_alive
        self.content_length = content_length
        self.chunked = chunked
        self.expect_continue = False
        self.body = body  # None: no body (no Content-Length > 0, no Transfer-Encoding)
        self.status = 0
        self.started = False
        self.finished = False
        self.close = not keep_alive
        # called once if the client closes or resets its connection while this request is
        # the one being served (e.g. a write waiting in a hold: it is dropped then)
        self.on_lost: Callable[[], None] | None = None
        self._conn = conn
        self._chunked_out = False
        self._continued = False
        self._completed = False

    def send_continue(self) -> None:
        """Answer `Expect: 100-continue` (once, and only before the response)."""
        if self.expect_continue and not self._continued and not self.started:
            self._continued = True
            self._conn.write(_CONTINUE)

    def _head(self, status: int, headers: Headers, framing: bytes, close: bool) -> bytes:
        conn = self._conn
        if close or not self.keep_alive or conn.closing or \
                (self.body is not None and not self.body.eof_received):
            close = True
        self.close = close
        self.status = status
        self.started = True
        if close:
            framing += b"Connection: close\r\n"
        elif self.version < (1, 1):
            framing += b"Connection: keep-alive\r\n"
        line = _STATUS_LINES.get(status) or b"HTTP/1.1 %d \r\n" % status
        return b"".join([line, *[b"%s: %s\r\n" % kv for kv in headers], framing, b"\r\n"])

    def respond(self, status: int, headers: Headers, body: bytes = b"", *,
                length: int | None = None, close: bool = False) -> None:
        """The whole answer at once. For HEAD, `length` (if known) is advertised as the
        Content-Length of the body a GET would have had; 1xx/204/304 carry no body."""
        assert not self.started, "response already started"
        if status < 200 or status in (204, 304):
            framing = b""
            body = b""
        elif self.method == "HEAD":
            framing = b"Content-Length: %d\r\n" % length if length is not None else b""
            body = b""
        else:
            framing = b"Content-Length: %d\r\n" % len(body)
        head = self._head(status, headers, framing, close)
        self._conn.write(head + body if body else head)
        self.finished = True

    def start(self, status: int, headers: Headers, length: int | None, *,
              close: bool = False) -> None:
        """Send the head of a streamed answer (`length` None: chunked, or close-delimited for
        HTTP/1.0 clients)."""
        assert not self.started, "response already started"
        if length is not None:
            framing = b"Content-Length: %d\r\n" % length
        elif self.version >= (1, 1):
            framing = b"Transfer-Encoding: chunked\r\n"
            self._chunked_out = True
        else:
            framing = b""
            close = True
        self._conn.write(self._head(status, headers, framing, close))

    async def write(self, data: bytes) -> None:
        """Send part of a streamed body; waits while the client is not reading. Raises
        `ConnectionResetError` when the client is gone."""
        conn = self._conn
        if conn.gone:
            raise ConnectionResetError("client disconnected")
        if not data:
            return
        if self._chunked_out:
            conn.write(b"%x\r\n%b\r\n" % (len(data), data))
        else:
            conn.write(data)
        if conn.write_paused:
            await conn.drain()

    def finish(self) -> None:
        if self._chunked_out:
            self._conn.write(b"0\r\n\r\n")
        self.finished = True

    def abort(self) -> None:
        """Reset the connection: the only honest end for a response that cannot complete."""
        self.close = True
        self._conn.abort()

    def complete(self) -> None:
        """The handler is done with this request (answered or aborted): the connection moves
        on to the next one, or closes. Once; later calls are ignored."""
        if not self._completed:
            self._completed = True
            self._conn._completed(self)

    def handoff(self, handler: Awaitable[None]) -> None:
        """Answer this request from `handler` (a coroutine run as a task; it must answer, the
        listener completes the request when it returns)."""
        self._conn._run(self, handler)


class _Refuse(Exception):
    """Stop parsing: too many pipelined requests in one read."""


class _HeadError(Exception):
    def __init__(self, error: GatewayError) -> None:
        self.error = error


class _Connection(WriteFlow, asyncio.Protocol):
    def __init__(self, listener: Listener) -> None:
        super().__init__(listener.loop)
        self.listener = listener
        limits = listener.limits
        self.max_line = limits.max_header_line_bytes
        self.max_headers = limits.max_header_count
        self.max_head = 4 * limits.max_header_line_bytes
        self.header_timeout = limits.header_timeout
        self.keepalive_timeout = limits.keepalive_timeout
        self.body_timeout = limits.body_timeout
        self.transport: asyncio.Transport | None = None
        self.peer = ""
        self.parser = httptools.HttpRequestParser(self)
        self.queue: deque[Request | GatewayError] = deque()
        self.task: asyncio.Task[None] | None = None  # the current request's, if it has one
        self.current: Request | None = None
        self.advancing = False
        self.ended = False  # closed (or closing) on our side: nothing more is served
        self.parsing: Request | None = None  # the request whose body is arriving
        self.stopped = False  # no more requests are parsed on this connection
        self.discarding = False
        self.closing = False  # close after the current request (shutdown)
        self.gone = False
        self.paused_for: set[str] = set()
        # head state
        self.in_head = False
        self.head_bytes = 0
        self.head_size = 0
        self.head_started = 0.0
        self.url: list[bytes] = []
        self.url_len = 0
        self.header_list: list[tuple[str, str]] = []
        # body state: the last read while a body was arriving, the start of the handler's
        # current wait for body bytes, and the trailer section of a chunked body (after a
        # chunk header with no data since: only the zero-size last chunk is followed by that)
        self.body_io = 0.0
        self.body_wait_since = 0.0
        self.after_chunk = False
        self.trailer_feed = False
        self.trailer_bytes = 0
        self.idle_since = 0.0
        self.timer: asyncio.TimerHandle | None = None
        self.timer_when = 0.0

    # --- transport callbacks -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no subclass
        peer = transport.get_extra_info("peername")
        self.peer = str(peer[0]) if isinstance(peer, tuple) else ""
        self.listener.connections.add(self)
        # a fresh connection must deliver a head within header_timeout
        self.idle_since = self.loop.time() - self.keepalive_timeout + self.header_timeout
        self._ensure_timer(self.idle_since + self.keepalive_timeout)

    def connection_lost(self, exc: BaseException | None) -> None:
        self.gone = True
        self.stopped = True
        self.listener._forget(self)
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        parsing = self.parsing
        if parsing is not None and parsing.body is not None:
            parsing.body.fail(ClientDisconnected("the client disconnected mid-body"))
        self._writes_lost("client disconnected")
        self._lost_current()

    def write(self, data: bytes) -> None:
        transport = self.transport
        if transport is not None and not self.gone and not transport.is_closing():
            transport.write(data)

    def abort(self) -> None:
        """Reset (RST, not FIN): a cut-off answer must never look complete, least of all a
        close-delimited one, which an HTTP/1.0 client could not tell from a whole body."""
        self.stopped = True
        transport = self.transport
        if transport is not None:
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed: nothing left to reset
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)
            transport.abort()

    def eof_received(self) -> bool:
        # the client half-closed: answer what was asked, then close (keep our side open)
        self.stopped = True
        if self.parsing is not None and self.parsing.body is not None:
            self.parsing.body.fail(ClientDisconnected("the client closed mid-body"))
            self.parsing = None
        self._lost_current()
        return self.current is not None or bool(self.queue)

    def _lost_current(self) -> None:
        current = self.current
        if current is not None and current.on_lost is not None:
            on_lost, current.on_lost = current.on_lost, None
            on_lost()

    def _pause(self, reason: str) -> None:
        if not self.paused_for and self.transport is not None:
            self.transport.pause_reading()
        self.paused_for.add(reason)

    def _resume(self, reason: str) -> None:
        if reason in self.paused_for:
            self.paused_for.discard(reason)
            if not self.paused_for and self.transport is not None and not self.gone:
                self.transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        if self.stopped:
            return
        if self.parsing is not None:
            self.body_io = self.loop.time()
            self.trailer_feed = self.after_chunk
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self.stopped = True  # the upgrade request is answered as plain HTTP; then close
        except httptools.HttpParserCallbackError as exc:
            cause = exc.__context__
            if isinstance(cause, _HeadError):
                self._fail_message(cause.error)
            elif isinstance(cause, _Refuse):
                self.stopped = True
                if self.queue and isinstance(self.queue[-1], Request):
                    self.queue[-1].keep_alive = False
            else:
                raise
        except httptools.HttpParserError as exc:
            in_body = self.parsing is not None and not self.in_head
            self._fail_message(InvalidFraming(f"malformed request body ({exc})")
                               if in_body else _parser_error(exc))
            return
        if self.in_head:
            self.head_bytes += len(data)
            if self.head_bytes > self.max_head:
                self._refuse(HeadTooLarge("request head too large"))
        elif self.trailer_feed:
            # all of this read belongs to the trailer section, whose partial lines httptools
            # buffers until they end: bound it like a head
            self.trailer_bytes += len(data)
            if self.trailer_bytes > self.max_head:
                self._fail_message(HeadTooLarge("request trailer section too large"))

    def _fail_message(self, error: GatewayError) -> None:
        """The message being parsed ends with `error`: a head is refused in turn (`_refuse`);
        a body (malformed, stalled, trailers too large) ends its stream with `error`, which
        its handler answers. Either way, nothing after it is parsed."""
        parsing = self.parsing
        if parsing is not None and parsing.body is not None and not self.in_head:
            self.stopped = True
            self.parsing = None
            self.trailer_feed = False
            parsing.body.fail(error)
        else:
            self._refuse(error)

    def _refuse(self, error: GatewayError) -> None:
        """Answer `error` in turn (after the requests before it), then close."""
        self.stopped = True
        self.in_head = False
        self.queue.append(error)
        self._advance()

    # --- parser callbacks --------------------------------------------------------------------

    def on_message_begin(self) -> None:
        if self.ended or len(self.queue) >= PIPELINE_DEPTH:
            raise _Refuse()
        self.in_head = True
        self.head_bytes = 0  # bytes read while the head is incomplete (bounds partial lines)
        self.head_size = 0  # size of the parsed head so far
        self.url = []
        self.url_len = 0
        self.header_list = []
        self.head_started = now = self.loop.time()
        self._ensure_timer(now + self.header_timeout)

    def on_url(self, url: bytes) -> None:
        self.url_len += len(url)
        self.head_size += len(url)
        if self.url_len > self.max_line:
            raise _HeadError(TargetTooLong("request target too long"))
        self.url.append(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        headers = self.header_list
        if len(headers) >= self.max_headers:
            raise _HeadError(HeadTooLarge("too many header fields"))
        size = len(name) + len(value) + 4
        if size - 2 > self.max_line:
            raise _HeadError(HeadTooLarge("header field too large"))
        self.head_size += size
        if self.head_size > self.max_head:
            raise _HeadError(HeadTooLarge("request head too large"))
        headers.append((name.decode("utf-8", "surrogateescape"),
                        value.decode("utf-8", "surrogateescape")))

    def on_headers_complete(self) -> None:
        self.in_head = False
        parser = self.parser
        version = _VERSIONS.get(parser.get_http_version())
        if version is None:
            raise _HeadError(UnsupportedVersion("only HTTP/1.0 and HTTP/1.1 are supported"))
        target = (self.url[0] if len(self.url) == 1 else b"".join(self.url)).decode(
            "utf-8", "surrogateescape")
        length = None
        chunked = expect = False
        for k, v in self.header_list:
            c = k[0]
            if c in "cC" and k.lower() == "content-length":
                length = int(v)  # llhttp validated it (digits only, not duplicated)
            elif c in "tT" and k.lower() == "transfer-encoding":
                chunked = True
            elif c in "eE" and k.lower() == "expect" and v.lower() == "100-continue":
                expect = True
        body = None
        if chunked or (length is not None and length > 0):
            if chunked and version < (1, 1):
                # RFC 9112 6.1: faulty framing (an HTTP/1.0 hop may not have understood it)
                raise _HeadError(InvalidFraming("HTTP/1.0 request with Transfer-Encoding"))
            body = ByteStream(lambda: self._pause("body"), lambda: self._resume("body"),
                              on_wait=self._body_wait)
        keep_alive = parser.should_keep_alive() and not parser.should_upgrade()
        req = Request(self, parser.get_method().decode("ascii", "replace"), target, version,
                      CIMultiDict(self.header_list), keep_alive, length, chunked, body)
        req.expect_continue = expect and version >= (1, 1)
        self.parsing = req if body is not None else None
        self.queue.append(req)
        if len(self.queue) >= PIPELINE_DEPTH:
            self._pause("pipeline")
        if self.current is None:
            self._advance()

    def on_body(self, data: bytes) -> None:
        self.after_chunk = self.trailer_feed = False
        parsing = self.parsing
        if parsing is not None and parsing.body is not None and not self.discarding:
            parsing.body.feed(data)

    def on_chunk_header(self) -> None:
        self.after_chunk = True
        self.trailer_bytes = 0

    def on_chunk_complete(self) -> None:
        # (the last chunk completes after its trailers, before the message: nothing stays set)
        self.after_chunk = self.trailer_feed = False

    def on_message_complete(self) -> None:
        parsing = self.parsing
        if parsing is not None:
            self.parsing = None
            if parsing.body is not None:
                parsing.body.feed_eof()
            if not parsing.keep_alive:
                self.stopped = True
        elif self.queue and isinstance(self.queue[-1], Request) and \
                not self.queue[-1].keep_alive:
            self.stopped = True
        if self.discarding and self.transport is not None:
            self.transport.close()

    # --- serving -----------------------------------------------------------------------------

    def _advance(self) -> None:
        """Serve queued requests one at a time, in order: each goes to the fast handler (which
        may answer it synchronously) or to the async handler as a task. Returns when a request
        is in progress, the queue is empty (the connection is idle) or the connection ends."""
        if self.advancing or self.ended:
            return  # (a request completed synchronously inside the loop below: it continues)
        self.advancing = True
        try:
            queue = self.queue
            while self.current is None:
                if not queue:
                    if self.stopped or self.closing or self.gone:
                        self._close()
                    else:
                        self.idle_since = self.loop.time()
                        self._ensure_timer(self.idle_since + self.keepalive_timeout)
                    return
                item = queue.popleft()
                if "pipeline" in self.paused_for and len(queue) < PIPELINE_DEPTH // 2:
                    self._resume("pipeline")
                if isinstance(item, GatewayError):
                    self._answer_refusal(item)
                    self.stopped = True
                    self._close()
                    return
                self.current = item
                fast = self.listener.fast
                taken = False
                if fast is not None:
                    try:
                        taken = fast(item)
                    except Exception:
                        log.exception("request handler failed")
                        self._failed(item)
                        item.complete()
                        continue
                if not taken:
                    self._run(item, self.listener.handler(item))
        finally:
            self.advancing = False

    def _run(self, req: Request, handler: Awaitable[None]) -> None:
        self.task = self.loop.create_task(self._serve_one(req, handler))

    async def _serve_one(self, req: Request, handler: Awaitable[None]) -> None:
        try:
            await handler
        except Exception:
            log.exception("request handler failed")
            self._failed(req)
        except asyncio.CancelledError:
            req.abort()
            raise
        finally:
            self.task = None
        req.complete()

    def _failed(self, req: Request) -> None:
        if req.started:
            req.abort()
        else:
            self._answer_refusal(GatewayError("internal error"), req)

    def _completed(self, req: Request) -> None:
        """`req` is done: decide whether the connection goes on, then serve the next one."""
        if req is not self.current:
            return
        self.current = None
        if not req.finished:
            req.abort()
        elif req.body is not None and not req.body.eof_received and not self.gone:
            self._linger()
        elif not (req.close or self.gone):
            self._advance()
            return
        self.stopped = True
        self._close()

    def _close(self) -> None:
        self.ended = True
        self.queue.clear()
        if self.transport is not None and not self.discarding:
            self.transport.close()

    def _answer_refusal(self, error: GatewayError, req: Request | None = None) -> None:
        status, headers, body = self.listener.render_error(error)
        if req is None:
            self.write(b"".join([
                _STATUS_LINES.get(status) or b"HTTP/1.1 %d \r\n" % status,
                *[b"%s: %s\r\n" % kv for kv in headers],
                b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body), body]))
        else:
            req.respond(status, headers, body, close=True)

    def _linger(self) -> None:
        """The request body was not received to its end: discard the rest for a while so the
        client can read the answer (closing with unread data would reset the connection)."""
        self.discarding = True
        self.paused_for.clear()
        if self.transport is not None and not self.gone:
            self.transport.resume_reading()
            self.loop.call_later(LINGER, self.transport.close)

    # --- timers ------------------------------------------------------------------------------

    def _ensure_timer(self, when: float) -> None:
        if self.timer is not None:
            if self.timer_when <= when:
                return
            self.timer.cancel()
        self.timer_when = when
        self.timer = self.loop.call_at(when, self._on_timer)

    def _on_timer(self) -> None:
        """Lazy deadline check: re-armed for whichever deadline applies now."""
        self.timer = None
        if self.gone:
            return
        now = self.loop.time()
        if self.in_head:
            deadline = self.head_started + self.header_timeout
            what = "request head did not arrive in time"
        elif self.current is None and not self.queue and self.parsing is None:
            deadline = self.idle_since + self.keepalive_timeout
            what = "idle keep-alive connection"
        elif self.parsing is not None:
            self._check_body(now)
            return
        else:
            return  # busy: re-armed when it goes idle or a new head begins
        if now < deadline:
            self._ensure_timer(deadline)
            return
        log.debug("closing a connection: %s", what)
        self.stopped = True
        if self.transport is not None:
            self.transport.close()

    def _body_wait(self) -> None:
        """The handler waits for body bytes: from now on the client has `body_timeout`."""
        self.body_wait_since = now = self.loop.time()
        self._ensure_timer(now + self.body_timeout)

    def _check_body(self, now: float) -> None:
        """A body is arriving: when its handler has waited `body_timeout` without a byte, the
        body ends with `RequestTimeout` (answered 408; a started upstream request is aborted).
        While nobody waits (the handler is busy, or the upstream is slow to take the body),
        the client is not late: re-armed by the next wait."""
        parsing = self.parsing
        if parsing is None or parsing.body is None or not parsing.body.waiting:
            return
        deadline = max(self.body_io, self.body_wait_since) + self.body_timeout
        if now < deadline:
            self._ensure_timer(deadline)
            return
        log.debug("a request body stalled for %.1fs", self.body_timeout)
        self._fail_message(RequestTimeout(
            f"the request body stalled for more than {self.body_timeout:g}s"))

    # --- shutdown ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Close now if idle, else after the request in progress."""
        self.closing = True
        if self.current is None and not self.queue and not self.in_head:
            self.stopped = True
            if self.transport is not None:
                self.transport.close()


def _parser_error(exc: Exception) -> GatewayError:
    if isinstance(exc, httptools.HttpParserInvalidMethodError):
        return BadRequest("invalid request method")
    if isinstance(exc, httptools.HttpParserInvalidURLError):
        return BadRequest("invalid request target")
    text = str(exc)
    if "Content-Length" in text or "Transfer-Encoding" in text:
        return InvalidFraming(f"invalid message framing ({text})")
    return BadRequest(f"malformed request ({text})")


class Listener:
    """The data port. `start()` binds; `close()` drains and stops (a pair)."""

    def __init__(self, handler: Handler, render_error: ErrorRenderer,
                 limits: LimitsConfig, fast: FastHandler | None = None) -> None:
        self.handler = handler
        self.fast = fast
        self.render_error = render_error
        self.limits = limits
        self.connections: set[_Connection] = set()
        self._server: asyncio.Server | None = None
        self._all_gone: asyncio.Event | None = None
        self.loop = asyncio.get_running_loop()  # create inside the event loop

    async def start(self, host: str, port: int, *, reuse_port: bool = False,
                    backlog: int = 1024) -> int:
        self._server = await self.loop.create_server(
            lambda: _Connection(self), host, port, reuse_port=reuse_port or None,
            backlog=backlog)
        sock = self._server.sockets[0]
        return int(sock.getsockname()[1])

    def _forget(self, conn: _Connection) -> None:
        self.connections.discard(conn)
        if not self.connections and self._all_gone is not None:
            self._all_gone.set()

    async def close(self, timeout: float = 5.0) -> None:
        server = self._server
        if server is None:
            return
        self._server = None
        server.close()
        self._all_gone = asyncio.Event()
        for conn in list(self.connections):
            conn.shutdown()
        if self.connections:
            try:
                await asyncio.wait_for(self._all_gone.wait(), timeout)
            except TimeoutError:
                log.warning("aborting %d connection(s) still busy after %.1fs",
                            len(self.connections), timeout)
        for conn in list(self.connections):
            conn.abort()
            if conn.task is not None:
                conn.task.cancel()
        self.connections.clear()
        await server.wait_closed()
