"""Carrying out a routing Decision: the request goes to an upstream, the answer comes back.

Owns the set of upstream pools (`UpstreamPool`: one `upstream.UpstreamClient` per upstream)
and the exchange itself (`Forwarder`). Guarantees:

* the canonical path from paths.py is sent byte for byte in the request line;
* headers are cleaned by headers.py; no cookies are stored, no redirect is followed, no body is
  decompressed or re-encoded;
* request bodies larger than `limits.max_body_bytes` are refused with 413, also when chunked;
* a request body of at most `HOLD_BODY_BYTES` (declared or chunked) is received whole before
  the upstream request starts, so one that turns out malformed, stalls (408) or ends early
  never reaches an upstream in any form. Larger bodies are streamed, unless a fallback or a
  shadow needs a replayable copy (then buffered, still bounded); when a streamed body fails,
  the upstream connection is aborted before the end of the message, so the upstream sees an
  incomplete request (short of its `Content-Length`, or without the last chunk), never a
  complete one; response bodies are streamed, never buffered beyond a small fast-path size;
* every upstream attempt is bounded by the upstream's connect, read and total timeouts;
* a request falls back at most once, only as fallback.py allows, and only before any byte of the
  response was sent;
* `forward_nowait` is the same exchange without a coroutine, for a bodiless GET/HEAD whose
  decision has no fallback and no shadow: it is taken only when the upstream has a free slot
  and an idle connection, answers a complete small response from the upstream's callback, and
  continues as a coroutine (`forward`'s relay, or its one retry on a new connection) whenever
  it cannot finish there; same headers, timeouts, metrics and error answers either way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any

from gateway import fallback as fb
from gateway.config import GatewayConfig, UpstreamConfig
from gateway.diff import Captured
from gateway.errors import (
    BodyTooLarge,
    GatewayError,
    ResponseAborted,
    UpstreamError,
    UpstreamProtocolError,
)
from gateway.headers import request_drop, request_headers, response_headers
from gateway.listener import Request
from gateway.metrics import GatewayMetrics
from gateway.paths import Target
from gateway.routing import Decision
from gateway.streams import ByteStream
from gateway.upstream import StaleConnection, UpstreamClient, UpstreamResponse

if TYPE_CHECKING:
    from gateway.shadow import ShadowDispatcher

__all__ = ["HOLD_BODY_BYTES", "Forwarder", "Outcome", "UpstreamPool"]

log = logging.getLogger("gateway.forward")

_SMALL = 64 * 1024  # bodies up to this size are read in one go (fewer writes)
HOLD_BODY_BYTES = _SMALL  # request bodies up to this size are whole before anything is sent
_CHUNK = 64 * 1024

# how a `forward_nowait` ended: the upstream that answered, the error to answer with, or the
# coroutine (returning the upstream that answered) that carries the exchange on
Outcome = str | GatewayError | Coroutine[Any, Any, str]


class UpstreamPool:
    """One pooled client per upstream (upstream.py). Owned by the config holder; built from the
    `upstreams` section and replaced (old one closed after a grace period) when it changes."""

    def __init__(self, upstreams: Mapping[str, UpstreamConfig]) -> None:
        self.spec = dict(upstreams)
        self._by_name = {name: UpstreamClient(name, cfg) for name, cfg in upstreams.items()}

    def __getitem__(self, name: str) -> UpstreamClient:
        return self._by_name[name]

    def same_spec(self, upstreams: Mapping[str, UpstreamConfig]) -> bool:
        return self.spec == dict(upstreams)

    async def close(self) -> None:
        for up in self._by_name.values():
            await up.close()


class _BodyTooLargeFlag:
    __slots__ = ("hit",)

    def __init__(self) -> None:
        self.hit = False


async def _read_limited(body: ByteStream, limit: int, hold: int) -> tuple[bytes, bool]:
    """Read until the end of the body or past `hold` bytes: (what was read, whether that is
    the whole body). Raises the body's error, or `BodyTooLarge` past `limit`."""
    buf = bytearray()
    while chunk := await body.read_chunk(_CHUNK):
        buf += chunk
        if len(buf) > limit:
            raise BodyTooLarge(f"request body exceeds {limit} bytes")
        if len(buf) > hold:
            return bytes(buf), False
    return bytes(buf), True


async def _stream_limited(body: ByteStream, limit: int, flag: _BodyTooLargeFlag,
                          first: bytes = b"") -> AsyncIterator[bytes]:
    """`first` (already read), then the rest of `body`; raises past `limit` bytes."""
    if first:
        yield first
    seen = len(first)
    while chunk := await body.read_chunk(_CHUNK):
        seen += len(chunk)
        if seen > limit:
            flag.hit = True
            raise BodyTooLarge(f"request body exceeds {limit} bytes")
        yield chunk


class Forwarder:
    def __init__(self, metrics: GatewayMetrics,
                 shadow: ShadowDispatcher | None = None) -> None:
        self.metrics = metrics
        self.shadow = shadow
        self._drop_cache: dict[tuple[str, str], frozenset[str]] = {}

    def _request_drop(self, a: str, b: str) -> frozenset[str]:
        """The client headers never sent upstream, tester-override headers included (cached per
        config values)."""
        got = self._drop_cache.get((a, b))
        if got is None:
            got = self._drop_cache[(a, b)] = request_drop(a, b)
        return got

    def _upstream_head(self, request: Request, config: GatewayConfig, target: Target,
                       rid: str) -> tuple[list[tuple[str, str]], str]:
        g = config.canary
        req_headers = request.headers
        headers = request_headers(
            req_headers, peer=request.peer, host=req_headers.get("Host"), rid=rid,
            drop=self._request_drop(g.override_header, g.override_token_header))
        return headers, target.path + ("?" + target.query if target.query else "")

    def forward_nowait(self, request: Request, config: GatewayConfig, pool: UpstreamPool,
                       target: Target, decision: Decision, started: float, rid: str,
                       then: Callable[[Outcome], None]) -> bool:
        """Start forwarding without a coroutine; False (nothing done) when this request or
        the upstream's state does not allow it. Otherwise `then` is called once with the
        outcome, possibly before this returns."""
        up_name = decision.upstream
        if up_name is None or request.body is not None or decision.fallback is not None \
                or decision.shadow is not None or decision.set_sticky is not None:
            return False
        method = request.method
        headers, path_qs = self._upstream_head(request, config, target, rid)
        up = pool[up_name]

        def on_head(res: UpstreamResponse | BaseException) -> None:
            if isinstance(res, UpstreamResponse):
                try:
                    outcome = self._answer_nowait(request, decision, res, up.name, started,
                                                  rid)
                except Exception:  # a bug: answered like the async handler's failure
                    log.exception("forwarding failed")
                    res.release()
                    outcome = GatewayError("internal error")
                then(outcome)
            elif isinstance(res, StaleConnection):
                # the upstream closed the idle connection: the one retry, on a new connection
                then(self.forward(request, config, pool, target, decision, started, rid,
                                  fresh=True))
            else:
                kind = res.kind if isinstance(res, UpstreamError) else "protocol"
                self.metrics.upstream_errors.labels(up.name, kind).inc()
                then(res if isinstance(res, GatewayError) else UpstreamProtocolError(
                    f"upstream {up.name} failed: {type(res).__name__}"))

        try:
            return up.send_nowait(method, path_qs, headers, on_head)
        except UpstreamError as exc:
            then(exc)
            return True

    def _answer_nowait(self, request: Request, decision: Decision, resp: UpstreamResponse,
                       upstream: str, started: float, rid: str) -> Outcome:
        if resp.status >= 500:
            self.metrics.upstream_errors.labels(upstream, "status_5xx").inc()
        self.metrics.observe_latency(decision.context or "", decision.stage or "", upstream,
                                     time.perf_counter() - started)
        status = resp.status
        bodiless = request.method == "HEAD" or status in (204, 304) or status < 200
        data = b"" if bodiless else resp.content.take_complete()
        if data is None:  # more to come (large, chunked or split): relay it as a coroutine
            return self._relay_released(request, resp, upstream, rid)
        request.respond(status, response_headers(resp.raw_headers, rid=rid), data,
                        length=resp.content_length)
        resp.release()
        return upstream

    async def _relay_released(self, request: Request, resp: UpstreamResponse, upstream: str,
                              rid: str) -> str:
        try:
            await self._relay(request, resp, None, upstream, rid, [])
        finally:
            resp.release()
        return upstream

    async def forward(self, request: Request, config: GatewayConfig, pool: UpstreamPool,
                      target: Target, decision: Decision, started: float, rid: str, *,
                      fresh: bool = False) -> str:
        """Forward and answer; returns the name of the upstream that answered. `fresh`: the
        first attempt goes on a new upstream connection (a retry after `forward_nowait`)."""
        assert decision.upstream is not None
        limit = config.limits.max_body_bytes
        cl = request.content_length
        if cl is not None and cl > limit:
            raise BodyTooLarge(f"request body exceeds {limit} bytes")
        flag = _BodyTooLargeFlag()
        body: bytes | AsyncIterator[bytes] | None = None
        replay = decision.fallback is not None or decision.shadow is not None
        if request.body is not None:
            # the size check above passed: invite the body (Expect is not forwarded)
            request.send_continue()
            if replay or cl is None or cl <= HOLD_BODY_BYTES:
                data, whole = await _read_limited(request.body, limit,
                                                  limit if replay else HOLD_BODY_BYTES)
                body = data if whole else _stream_limited(request.body, limit, flag, data)
            else:
                body = _stream_limited(request.body, limit, flag)
        g = config.canary
        headers, path_qs = self._upstream_head(request, config, target, rid)
        method = request.method
        ctx = config.contexts.get(decision.context) if decision.context else None
        on_5xx = ctx.fallback.on_5xx if ctx is not None else True

        up = pool[decision.upstream]
        answered = up.name
        resp: UpstreamResponse | None = None
        error: UpstreamError | None = None
        try:
            resp = await up.request(method, path_qs, headers, body, cl, fresh=fresh)
        except UpstreamError as exc:
            if flag.hit:
                raise BodyTooLarge("request body too large") from None
            self.metrics.upstream_errors.labels(up.name, exc.kind).inc()
            error = exc
        else:
            if resp.status >= 500:
                self.metrics.upstream_errors.labels(up.name, "status_5xx").inc()
        reason = None
        if decision.fallback is not None:
            reason = fb.fallback_reason(error, resp.status if resp is not None else None,
                                        on_404=decision.fallback_on_404, on_5xx=on_5xx)
        if reason is not None and decision.fallback is not None:
            if resp is not None:
                resp.release()
            self.metrics.fallbacks.labels(decision.context or "", decision.stage or "",
                                          decision.route, reason).inc()
            fup = pool[decision.fallback]
            answered = fup.name
            try:
                resp = await self._attempt(fup, method, path_qs, headers, body, cl, flag)
            except UpstreamError as exc:
                self.metrics.upstream_errors.labels(fup.name, exc.kind).inc()
                raise
        elif error is not None:
            raise error
        assert resp is not None
        self.metrics.observe_latency(decision.context or "", decision.stage or "", answered,
                                     time.perf_counter() - started)
        capture = None
        if decision.shadow is not None and self.shadow is not None:
            capture = self.shadow.capture_limit
        extra: list[tuple[bytes, bytes]] = []
        if reason is not None:
            extra.append((b"X-Strangler-Fallback", reason.encode()))
        if decision.set_sticky is not None and g.sticky_cookie:
            cookie = (f"{g.sticky_cookie}={decision.set_sticky}; Path=/; "
                      f"Max-Age={g.cookie_max_age_days * 86400}; HttpOnly; SameSite=Lax")
            extra.append((b"Set-Cookie", cookie.encode()))
        try:
            captured = await self._relay(request, resp, capture, answered, rid, extra)
        finally:
            resp.release()
        if captured is not None and decision.shadow is not None and self.shadow is not None:
            self.shadow.offer(decision, config, pool, method, path_qs, headers,
                              body if isinstance(body, bytes) else None, captured)
        return answered

    async def _attempt(self, up: UpstreamClient, method: str, path_qs: str,
                       headers: list[tuple[str, str]],
                       body: bytes | AsyncIterator[bytes] | None,
                       content_length: int | None, flag: _BodyTooLargeFlag
                       ) -> UpstreamResponse:
        try:
            return await up.request(method, path_qs, headers, body, content_length)
        except UpstreamError:
            if flag.hit:
                raise BodyTooLarge("request body too large") from None
            raise

    async def _relay(self, request: Request, resp: UpstreamResponse, capture: int | None,
                     upstream: str, rid: str, extra: list[tuple[bytes, bytes]]
                     ) -> Captured | None:
        headers = response_headers(resp.raw_headers, rid=rid)
        if extra:
            headers.extend(extra)
        length = resp.content_length
        status = resp.status
        content = resp.content
        bodiless = request.method == "HEAD" or status in (204, 304) or status < 200
        data = b"" if bodiless else content.take_complete()  # fast path: already all here
        if data is None and length is not None and length <= _SMALL:
            try:
                data = await content.read()
            except UpstreamError as exc:
                raise UpstreamProtocolError(
                    f"upstream {upstream} failed reading the body: {exc.message}") from exc
        if data is not None:
            request.respond(status, headers, data, length=length)
            if capture is None:
                return None
            return Captured(status, resp.headers, data if len(data) <= capture else None)

        request.start(status, headers, length)
        kept: bytearray | None = bytearray() if capture is not None else None
        try:
            while chunk := await content.read_chunk(_CHUNK):
                try:
                    await request.write(chunk)
                except ConnectionError as exc:  # the client went away
                    raise ResponseAborted("client disconnected", request) from exc
                if kept is not None:
                    kept += chunk
                    if len(kept) > (capture or 0):
                        kept = None
        except UpstreamError as exc:
            if isinstance(exc, ResponseAborted):
                raise
            # The head is already out: the only honest signal left is an aborted connection.
            self.metrics.upstream_errors.labels(upstream, "protocol").inc()
            request.abort()
            raise ResponseAborted(f"upstream {upstream} failed mid-body: {exc.message}",
                                  request) from exc
        request.finish()
        if capture is None:
            return None
        return Captured(status, resp.headers, bytes(kept) if kept is not None else None)
