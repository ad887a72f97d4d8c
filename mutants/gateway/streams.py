"""Bounded byte streams from a protocol's data callbacks to one async reader, and the
write side's counterpart.

Owns flow control for message bodies in both directions (client request bodies in listener.py,
upstream response bodies in upstream.py; `WriteFlow` for what both protocols write). Guarantees:

* at most about `high` bytes are buffered ahead of the reader: above it the producer's transport
  stops reading (`pause`), below `low` it reads again (`resume`), so a slow consumer slows its
  producer instead of filling memory (one socket read may overshoot `high` once);
* bytes come out in the order they went in, exactly once; `fail(exc)` ends the stream for the
  reader with `exc` (bytes buffered before it are discarded);
* the stream never blocks the producer: `feed`, `feed_eof` and `fail` are synchronous;
* `WriteFlow.drain()` waits while the transport's write buffer is above its high-water mark and
  raises `ConnectionResetError` once the connection is lost.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable

__all__ = ["ByteStream", "WriteFlow"]

_Hook = Callable[[], None]


def _nothing() -> None:
    return None


class ByteStream:
    __slots__ = ("_chunks", "_size", "_eof", "_exc", "_waiter", "_pause", "_resume", "_paused",
                 "_high", "_low", "_on_wait")

    def __init__(self, pause: _Hook = _nothing, resume: _Hook = _nothing, *,
                 high: int = 256 * 1024, low: int = 64 * 1024,
                 on_wait: _Hook = _nothing) -> None:
        self._chunks: deque[bytes] = deque()
        self._size = 0
        self._eof = False
        self._exc: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._pause = pause
        self._resume = resume
        self._paused = False
        self._high = high
        self._low = low
        self._on_wait = on_wait

    # --- producer side -----------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        if self._eof or self._exc is not None:
            return
        self._chunks.append(data)
        self._size += len(data)
        if self._size > self._high and not self._paused:
            self._paused = True
            self._pause()
        self._wake()

    def feed_eof(self) -> None:
        self._eof = True
        self._wake()

    def fail(self, exc: BaseException) -> None:
        if self._exc is None and not (self._eof and not self._chunks):
            self._exc = exc
            self._chunks.clear()
            self._size = 0
            self._unpause()
        self._wake()

    def _wake(self) -> None:
        w = self._waiter
        if w is not None:
            self._waiter = None
            if not w.done():
                w.set_result(None)

    def _unpause(self) -> None:
        if self._paused:
            self._paused = False
            self._resume()

    # --- state -------------------------------------------------------------------------------

    @property
    def eof_received(self) -> bool:
        """Everything arrived (maybe not yet read)."""
        return self._eof and self._exc is None

    def at_eof(self) -> bool:
        """Everything arrived and was read."""
        return self._eof and not self._chunks and self._exc is None

    @property
    def waiting(self) -> bool:
        """A reader is waiting for bytes."""
        return self._waiter is not None

    # --- reader side -------------------------------------------------------------------------

    def take_complete(self) -> bytes | None:
        """The whole body when it has fully arrived and nothing was read yet, else None
        (no waiting: the fast path for small bodies)."""
        if not self._eof or self._exc is not None:
            return None
        chunks = self._chunks
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        chunks.clear()
        self._size = 0
        self._unpause()
        return data

    async def _wait(self) -> None:
        loop = asyncio.get_running_loop()
        self._waiter = loop.create_future()
        self._on_wait()
        try:
            await self._waiter
        finally:
            self._waiter = None

    async def read_chunk(self, limit: int = 64 * 1024) -> bytes:
        """Up to `limit` bytes as soon as some are available; b"" at the end."""
        while not self._chunks:
            if self._exc is not None:
                raise self._exc
            if self._eof:
                return b""
            await self._wait()
        if self._exc is not None:
            raise self._exc
        chunks = self._chunks
        data = chunks.popleft()
        if len(data) > limit:
            chunks.appendleft(data[limit:])
            data = data[:limit]
        else:
            while chunks and len(data) + len(chunks[0]) <= limit:
                data += chunks.popleft()
        self._size -= len(data)
        if self._paused and self._size < self._low:
            self._unpause()
        return data

    async def read(self) -> bytes:
        """Everything up to the end (callers bound the size)."""
        if self._eof and self._exc is None:
            return self.take_complete() or b""
        buf = bytearray()
        while True:
            chunks = self._chunks
            while chunks:
                buf += chunks.popleft()
            self._size = 0
            self._unpause()  # the bytes are ours now: never stall the producer
            if self._exc is not None:
                raise self._exc
            if self._eof:
                return bytes(buf)
            await self._wait()

    async def iter_chunked(self, limit: int = 64 * 1024) -> AsyncIterator[bytes]:
        while True:
            chunk = await self.read_chunk(limit)
            if not chunk:
                return
            yield chunk


class WriteFlow:
    """Write-side flow control of an `asyncio.Protocol` (mixed into listener.py's and
    upstream.py's): the transport's `pause_writing` / `resume_writing` callbacks and `drain()`.
    The protocol calls `_writes_lost` from `connection_lost`."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.write_paused = False
        self._drain_waiter: asyncio.Future[None] | None = None
        self._write_lost: str | None = None  # why drain() fails: the connection is gone

    def pause_writing(self) -> None:
        self.write_paused = True

    def resume_writing(self) -> None:
        self.write_paused = False
        w = self._drain_waiter
        if w is not None and not w.done():
            w.set_result(None)

    async def drain(self) -> None:
        if self._write_lost is not None:
            raise ConnectionResetError(self._write_lost)
        if self.write_paused:
            self._drain_waiter = self.loop.create_future()
            try:
                await self._drain_waiter
            finally:
                self._drain_waiter = None

    def _writes_lost(self, why: str) -> None:
        self._write_lost = why
        w = self._drain_waiter
        if w is not None and not w.done():
            w.set_exception(ConnectionResetError(why))
