"""Detached processes tracked by PID files.

A PID file holds the PID and the process start time (field 22 of `/proc/PID/stat`). A process
counts as ours only while both match, so a stale PID file left by a crash, or a PID the kernel
has since handed to someone else, is recognised and never signalled. Nothing here signals a
process it cannot prove it started.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Tracked",
    "free_port",
    "port_is_free",
    "read_tracked",
    "spawn",
    "stop",
    "wait_for_exit",
]


# Children started by this interpreter, kept so they can be reaped (no zombies, no
# "subprocess still running" warnings). Processes started by an earlier CLI call are not here:
# they were re-parented when that call exited.
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class Tracked:
    """A process recorded in a PID file."""

    pid: int
    start_time: int

    def alive(self) -> bool:
        """True while this very process (not a PID reuse) runs and is not a zombie."""
        child = _children.get(self.pid)
        if child is not None and child.poll() is not None:
            del _children[self.pid]  # reaped: gone for good
            return False
        stat = _proc_stat(self.pid)
        if stat is None:
            return False
        # A zombie leader whose other threads still run (a JVM shutting down) is alive as long
        # as we cannot reap it; one that is not our child is as good as gone.
        if stat[1] == "Z" and child is None:
            return False
        return int(stat[20]) == self.start_time


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name (field 2) is in parentheses and may contain spaces.
    rest = raw[raw.rindex(")") + 2 :].split()
    return [str(pid), *rest]  # index 1: state (field 3), index 20: start time (field 22)


def read_tracked(pid_file: Path) -> Tracked | None:
    """The process a PID file names, or None when the file is absent or unreadable."""
    try:
        data = json.loads(pid_file.read_text())
        return Tracked(pid=int(data["pid"]), start_time=int(data["start_time"]))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def spawn(
    argv: Sequence[str],
    *,
    pid_file: Path,
    log_file: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    user: str | None = None,
) -> Tracked:
    """Start `argv` in its own session, output appended to `log_file`, and record it."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log, open(os.devnull, "rb") as devnull:
        proc = subprocess.Popen(
            list(argv),
            stdin=devnull,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            user=user,
            group=user,
            extra_groups=[] if user else None,
            start_new_session=True,
            close_fds=True,
        )
    _children[proc.pid] = proc
    stat = _proc_stat(proc.pid)
    tracked = Tracked(pid=proc.pid, start_time=int(stat[20]) if stat else 0)
    tmp = pid_file.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pid": tracked.pid, "start_time": tracked.start_time}))
    tmp.replace(pid_file)
    return tracked


def wait_for_exit(tracked: Tracked, timeout: float) -> bool:
    """Wait until the process is gone; True if it went within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while tracked.alive():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def stop(pid_file: Path, *, sig: signal.Signals = signal.SIGTERM, timeout: float = 30.0) -> bool:
    """Stop the process a PID file names, if it is still ours; remove the file.

    Sends `sig`, waits up to `timeout`, then SIGKILL. Returns True if a process was stopped.
    """
    tracked = read_tracked(pid_file)
    stopped = False
    if tracked is not None and tracked.alive():
        with contextlib.suppress(ProcessLookupError):
            os.kill(tracked.pid, sig)
        if not wait_for_exit(tracked, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(tracked.pid, signal.SIGKILL)
            wait_for_exit(tracked, 10.0)
        stopped = True
    pid_file.unlink(missing_ok=True)
    return stopped


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True if nothing listens on host:port (a bind test, the same check the server will do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port that is free right now, below the kernel's ephemeral range.

    Ports the kernel hands out (bind to 0, outgoing connections) come from the ephemeral range
    (32768-60999 by default); picking below it means a port chosen now is not taken by some
    client's connection in the moment before our server binds it.
    """
    rng = random.SystemRandom()
    for _ in range(200):
        port = rng.randrange(20000, 32000)
        if port_is_free(port, host):
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
