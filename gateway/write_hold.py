"""Write holds: new writes of a bounded context wait at the gateway (the drained write cut-over).

Owns, per gateway process, which contexts are held, the writes waiting in each hold, and the
count of each context's writes in flight (forwarded, not yet answered). Guarantees:

* `Hold` is a plain value (who, why, since, until when, how long one write may wait), the same
  in every worker; it is kept in `.strangler/<routes file>.write-holds.json` (`HoldFile`,
  written atomically) so a worker that starts later, or restarts, holds too;
* a write of a held context is not forwarded: `enter()` queues it and it waits until the
  release (then the caller routes it again, on the stage current at that moment), until
  `Hold.max_wait` (then `WritesHeld`: 503 with Retry-After), or until its client goes away
  (dropped, never forwarded); released writes are woken in arrival order;
* a hold lifts itself at `Hold.expires_at` (a crashed controller cannot wedge writes): the
  writes still waiting are released like on a release, new writes flow again;
* `write_started` / `write_done` count a context's writes in flight; both run on the event
  loop, as does `hold()`, so a write either started before the hold (counted, and
  `drained()` waits for it) or waits in the hold: none slips through in between;
* reads are never held (the caller asks only for writes).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Any

__all__ = ["Hold", "HoldFile", "Waiter", "WaitOutcome", "WriteHolds"]

log = logging.getLogger("gateway.write_hold")


@dataclass(frozen=True, slots=True)
class Hold:
    """One hold of one context. Times are wall-clock seconds (shared by processes)."""

    context: str
    hold_id: str
    since: float
    expires_at: float
    max_wait: float  # seconds one write may wait (write_hold.max_wait_seconds at hold time)
    actor: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Hold:
        return cls(context=str(raw["context"]), hold_id=str(raw["hold_id"]),
                   since=float(raw["since"]), expires_at=float(raw["expires_at"]),
                   max_wait=float(raw["max_wait"]), actor=str(raw["actor"]),
                   reason=str(raw["reason"]))


class WaitOutcome(Enum):
    RELEASED = "released"  # route it again and forward it
    EXPIRED = "expired"  # waited max_wait: answer 503
    GONE = "gone"  # the client went away: drop it
    CLOSING = "closing"  # the gateway shuts down: answer 503


class Waiter:
    """One held write: await `future`; `gone()` when its client disconnects."""

    __slots__ = ("future", "since", "max_wait", "_timer")

    def __init__(self, loop: asyncio.AbstractEventLoop, max_wait: float) -> None:
        self.future: asyncio.Future[WaitOutcome] = loop.create_future()
        self.since = time.monotonic()
        self.max_wait = max_wait
        self._timer = loop.call_later(max_wait, self._end, WaitOutcome.EXPIRED)

    def _end(self, outcome: WaitOutcome) -> None:
        if not self.future.done():
            self.future.set_result(outcome)
        self._timer.cancel()

    def gone(self) -> None:
        self._end(WaitOutcome.GONE)

    @property
    def done(self) -> bool:
        return self.future.done()


class WriteHolds:
    """The holds of one process. `held` is the hot-path check: empty when nothing is held."""

    def __init__(self, on_change: Callable[[Hold, str], None] | None = None) -> None:
        self.held: dict[str, Hold] = {}
        self._queues: dict[str, deque[Waiter]] = {}
        self._in_flight: dict[str, int] = {}
        self._drains: dict[str, list[asyncio.Future[None]]] = {}
        self._expiry: dict[str, asyncio.TimerHandle] = {}
        # (hold, event): "held", "released", "expired" (at expires_at), "closed" (shutdown)
        self.on_change = on_change

    # --- the hold ------------------------------------------------------------------------

    def hold(self, hold: Hold) -> bool:
        """Hold `hold.context` (the same hold again is a no-op); False when it has expired."""
        current = self.held.get(hold.context)
        if current == hold:
            return True
        remaining = hold.expires_at - time.time()
        if remaining <= 0:
            return False
        if current is not None:
            self._expiry.pop(hold.context).cancel()
        self.held[hold.context] = hold
        self._expiry[hold.context] = asyncio.get_running_loop().call_later(
            remaining, self._expire, hold)
        if self.on_change is not None:
            self.on_change(hold, "held")
        return True

    def release(self, context: str, hold_id: str | None = None) -> int:
        """Lift the hold of `context` (only hold `hold_id` when given); wake its writes in
        arrival order. Returns how many writes were waiting."""
        current = self.held.get(context)
        if current is None or (hold_id is not None and current.hold_id != hold_id):
            return 0
        return self._lift(current, "released")

    def _lift(self, current: Hold, event: str) -> int:
        context = current.context
        del self.held[context]
        self._expiry.pop(context).cancel()
        released = 0
        for waiter in self._queues.pop(context, ()):
            if not waiter.done:
                waiter._end(WaitOutcome.RELEASED)
                released += 1
        if self.on_change is not None:
            self.on_change(current, event)
        return released

    def _expire(self, hold: Hold) -> None:
        if self.held.get(hold.context) is hold:
            log.warning("write hold of %s expired after %.1fs without a release; writes flow "
                        "again", hold.context, hold.expires_at - hold.since)
            self._lift(hold, "expired")

    def close(self) -> None:
        """Shutting down: every waiting write is answered 503, nothing is forwarded."""
        for context, hold in list(self.held.items()):
            self._expiry.pop(context).cancel()
            del self.held[context]
            for waiter in self._queues.pop(context, ()):
                waiter._end(WaitOutcome.CLOSING)
            if self.on_change is not None:
                self.on_change(hold, "closed")

    # --- writes --------------------------------------------------------------------------

    def enter(self, context: str) -> Waiter | None:
        """A write of `context` arrived: a `Waiter` when the context is held, else None."""
        hold = self.held.get(context)
        if hold is None:
            return None
        waiter = Waiter(asyncio.get_running_loop(), hold.max_wait)
        queue = self._queues.get(context)
        if queue is None:
            queue = self._queues[context] = deque()
        elif len(queue) > 64 and queue[0].done:  # expired and gone ones leave lazily
            self._queues[context] = queue = deque(w for w in queue if not w.done)
        queue.append(waiter)
        return waiter

    def waiting(self, context: str) -> int:
        return sum(1 for w in self._queues.get(context, ()) if not w.done)

    def write_started(self, context: str) -> None:
        self._in_flight[context] = self._in_flight.get(context, 0) + 1

    def write_done(self, context: str) -> None:
        left = self._in_flight[context] - 1
        self._in_flight[context] = left
        if left == 0:
            for fut in self._drains.pop(context, ()):
                if not fut.done():
                    fut.set_result(None)

    def in_flight(self, context: str) -> int:
        return self._in_flight.get(context, 0)

    async def drained(self, context: str, timeout: float) -> int:
        """Wait (event-driven) until no write of `context` is in flight, at most `timeout`
        seconds; the number still in flight (0: drained)."""
        if self.in_flight(context) == 0:
            return 0
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._drains.setdefault(context, []).append(fut)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(fut, timeout)
        return self.in_flight(context)


class HoldFile:
    """`.strangler/<routes file>.write-holds.json`: the holds in force, by context. Written
    only by the admin worker (one writer), read by every worker at start."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, Hold]:
        """The holds that have not expired; a missing or unreadable file holds nothing."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            holds = [Hold.from_dict(h) for h in raw.get("holds", [])]
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.error("ignoring %s: %s", self.path, exc)
            return {}
        now = time.time()
        return {h.context: h for h in holds if h.expires_at > now}

    def save(self, holds: dict[str, Hold]) -> None:
        """Atomically (temp file, fsync, rename): a reader sees the old or the new holds."""
        self.path.parent.mkdir(exist_ok=True)
        data = json.dumps({"holds": [h.as_dict() for h in holds.values()]}, indent=1)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
