"""The `stack` and `pg` markers tell the truth, so `pytest -m "not stack and not pg"` starts no
server at all.

* At collection, every test whose fixture closure reaches the session `stack` fixture is marked
  `stack`, and every other test that reaches `pg_servers` (the two PostgreSQL servers alone) is
  marked `pg`. Nobody has to remember the marker, so it cannot drift.
* What collection cannot see is caught when the test runs, and fails that test loudly:
  - a fixture requested dynamically (`request.getfixturevalue`) that reaches `stack` or
    `pg_servers` from a test not marked for it;
  - a stack component or stack app started in this interpreter (`strangler.stack.process.spawn`)
    by a test not marked `stack` (a `pg` test may start PostgreSQL, nothing else);
  - a PostgreSQL, Java (Kafka Connect) or Tansu process that a test not marked for it left
    running among this interpreter's descendants, which also catches servers started by a
    CLI subprocess (this interpreter is made a child subreaper, so their orphans stay ours).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from strangler.stack import process

__all__ = ["MarkerGuard", "SERVER_NAMES"]

STACK, PG = "stack", "pg"
# The fixture each marker stands for.
FIXTURE = {STACK: "stack", PG: "pg_servers"}
# Executable names of the servers the stack runs (process names as /proc/PID/stat shows them).
SERVER_NAMES = frozenset({"postgres", "java", "tansu", "prometheus"})
_PR_SET_CHILD_SUBREAPER = 36


class MarkerGuard:
    """Marks tests at collection and checks, around each test, that it stayed within its marks."""

    def __init__(self) -> None:
        self.current: pytest.Item | None = None
        self._real_spawn: Callable[..., process.Tracked] | None = None
        self._before: set[tuple[int, str]] = set()

    # -- collection ------------------------------------------------------------------------------
    @staticmethod
    def mark(items: list[pytest.Item]) -> None:
        for item in items:
            names = set(getattr(item, "fixturenames", ()))
            if FIXTURE[STACK] in names:
                item.add_marker(STACK)
            elif FIXTURE[PG] in names:
                item.add_marker(PG)

    # -- the session -----------------------------------------------------------------------------
    def install(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        self._real_spawn = process.spawn
        process.spawn = self._spawn

    def uninstall(self) -> None:
        if self._real_spawn is not None:
            process.spawn = self._real_spawn

    def _spawn(self, argv: Any, **kwargs: Any) -> process.Tracked:
        assert self._real_spawn is not None
        item = self.current
        if item is not None:
            what = Path(str(list(argv)[0])).name
            allowed = marked(item, STACK) or (what == "postgres" and marked(item, PG))
            if not allowed:
                pytest.fail(f"{item.nodeid} starts {what} ({' '.join(map(str, argv))[:200]}) "
                            f"but is not marked {STACK!r}"
                            + (" (a 'pg' test may start PostgreSQL only)"
                               if marked(item, PG) else "")
                            + ": request the `stack` fixture, or mark it "
                            "@pytest.mark.stack", pytrace=False)
        return self._real_spawn(argv, **kwargs)

    # -- each test -------------------------------------------------------------------------------
    def begin(self, item: pytest.Item) -> None:
        """Before the test's fixtures are set up."""
        self.current = item
        self._before = set() if marked(item, STACK) else server_roots()

    def end(self, item: pytest.Item) -> None:
        """After its teardown: fail it if it left a server running that its marks do not allow."""
        self.current = None
        if marked(item, STACK):
            return
        started = server_roots() - self._before
        if marked(item, PG):
            started = {s for s in started if s[1] != "postgres"}
        if started:
            listed = ", ".join(f"{name} (pid {pid})" for pid, name in sorted(started))
            _stop(pid for pid, _ in started)  # our descendants: never left to outlive pytest
            raise StackMarkerError(f"{item.nodeid} is not marked {STACK!r} but left {listed} "
                                   "running (stopped now)")

    @staticmethod
    def check_fixtures(request: pytest.FixtureRequest) -> None:
        """Fail a test that reached `stack` or `pg_servers` without the marker saying so."""
        item = request.node
        reached = set(request.fixturenames)
        for marker in (STACK, PG):
            if FIXTURE[marker] not in reached:
                continue
            if marked(item, STACK) or (marker == PG and marked(item, PG)):
                continue
            raise StackMarkerError(
                f"{item.nodeid} reached the {FIXTURE[marker]!r} fixture (requested dynamically, "
                f"so collection could not see it) but is not marked {marker!r}: add "
                f"@pytest.mark.{marker} to it")


class StackMarkerError(AssertionError):
    """A test used more of the local stack than its markers say."""


def marked(item: pytest.Item, name: str) -> bool:
    return item.get_closest_marker(name) is not None


def server_roots() -> set[tuple[int, str]]:
    """(pid, name) of every server process among this interpreter's descendants, outermost only
    (a postmaster, not its backends)."""
    found: set[tuple[int, str]] = set()
    todo = [os.getpid()]
    while todo:
        for child in _children(todo.pop()):
            name = _read(f"/proc/{child}/comm").strip()
            if name in SERVER_NAMES:
                found.add((child, name))
            else:
                todo.append(child)
    return found


def _stop(pids: Iterable[int], grace: float = 10.0) -> None:
    """SIGTERM these processes, SIGKILL whatever still runs after `grace` seconds."""
    pending = set(pids)
    for pid in pending:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pending and time.monotonic() < deadline:
        time.sleep(0.1)
        pending = {pid for pid in pending if _alive(pid)}
    for pid in pending:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    state = _read(f"/proc/{pid}/stat").rsplit(")", 1)[-1].split()[:1]
    return bool(state) and state[0] != "Z"  # a zombie has exited (this process reaps it later)


def _children(pid: int) -> list[int]:
    # Per thread: a child started from another thread is listed under that thread only.
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    return [int(child) for task in tasks
            for child in _read(f"/proc/{pid}/task/{task}/children").split()]


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""
