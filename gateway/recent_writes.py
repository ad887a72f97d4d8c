"""Which sticky clients wrote to a context a moment ago: the read-your-writes window's state.

Owns the per-process table behind a context's `read_your_writes` settings (config.py): for each
context, the sticky keys whose writes were answered recently, and when (monotonic seconds).
The router (routing.py) only reads it, through `written_at`, with the time passed in; the
server records a write once its answer came back. Guarantees:

* bounded memory: at most `max_keys` entries per context, each a key's 64-bit `hash()` and a
  float (never the raw key, whatever its length); when a context is full its oldest entry goes
  first (counted as evicted), and entries older than the window are dropped as time passes;
* a hash collision can only keep another client's read on the writer of record, which is
  always up to date: it costs a read on legacy, never a stale or a wrong answer;
* per process: with several workers (or replicas) a client's next request may reach a process
  that did not see its write and read from the service; requests on one keep-alive connection
  stay on one worker.
"""

from __future__ import annotations

from collections import OrderedDict

__all__ = ["RecentWrites"]


class RecentWrites:
    __slots__ = ("_by_context", "_windows")

    def __init__(self) -> None:
        self._by_context: dict[str, OrderedDict[int, float]] = {}
        self._windows: dict[str, float] = {}

    def __bool__(self) -> bool:
        return any(self._by_context.values())

    def written_at(self, context: str, key: str) -> float | None:
        """When `key` last wrote to `context` (within the kept window), or None."""
        table = self._by_context.get(context)
        return table.get(hash(key)) if table else None

    def remember(self, context: str, key: str, now: float, window: float,
                 max_keys: int) -> int:
        """Record a write answered at `now`; returns how many other keys were evicted early
        to stay within `max_keys`."""
        table = self._by_context.get(context)
        if table is None:
            table = self._by_context[context] = OrderedDict()
        self._windows[context] = window
        h = hash(key)
        table.pop(h, None)
        table[h] = now  # newest last: the order is the order of expiry
        evicted = 0
        while len(table) > max_keys:
            table.popitem(last=False)
            evicted += 1
        self.prune(now)
        return evicted

    def prune(self, now: float) -> bool:
        """Drop entries older than their context's window; True when any entry is left."""
        left = False
        for context, table in self._by_context.items():
            window = self._windows[context]
            while table:
                oldest = next(iter(table.values()))
                if now - oldest < window:
                    break
                table.popitem(last=False)
            left = left or bool(table)
        return left
