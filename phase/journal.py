"""The write switch's journal: one append-only JSON-lines file per context, fsynced per line.

`.strangler/phase/<context>.journal` next to the routes file (`journal_path`). The first line
names the switch (`id`, context, old and new stage, when it started); each further line is an
`Entry` (`phase.cutover`) with the time and the data a step produced (e.g. the fence position).

Guarantees:

* a line is on disk (`fsync`) before `append` returns, so `begin` is durable before the side
  effect runs and `done` before the next step starts;
* a line torn by a crash (no final newline) is cut off when the journal is opened again, before
  anything is appended after it; any other line that does not parse is an error naming the
  file and line, never silently skipped;
* one controller at a time per context: `open_journal` takes an exclusive `flock` that the
  kernel releases when the process dies (kill -9 included), and refuses a second holder;
* a journal whose switch has finished or been undone is moved to `phase/history/<id>.journal`
  by `close`, so the next switch starts a new one; `strangler phase evidence`/status read both.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phase.cutover import Entry
from phase.errors import JournalBusy, JournalCorrupt

__all__ = ["Journal", "Switch", "journal_path", "open_journal", "read_journal"]


@dataclass(frozen=True)
class Switch:
    id: str
    context: str
    old: str
    new: str
    started_at: str


@dataclass
class Journal:
    path: Path
    switch: Switch
    entries: list[Entry] = field(default_factory=list)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)  # step -> what `done` recorded
    _fd: int | None = None

    def append(self, entry: Entry, data: Mapping[str, Any] | None = None) -> None:
        if self._fd is None:
            raise ValueError("journal opened read-only")
        line = {"kind": entry.kind, "step": entry.step, "reason": entry.reason,
                "at": _now(), **({"data": dict(data)} if data else {})}
        _write_line(self._fd, line)
        self.entries.append(entry)
        if data and entry.kind == "done":
            self.data[entry.step] = dict(data)

    def close(self, *, finished: bool) -> None:
        """Release the lock; a finished (or fully undone) switch moves to the history."""
        if self._fd is None:
            return
        if finished:
            history = self.path.parent / "history"
            history.mkdir(exist_ok=True)
            os.replace(self.path, history / f"{self.switch.id}.journal")
            _fsync_dir(self.path.parent)
        os.close(self._fd)
        self._fd = None


def journal_path(phase_dir: Path, context: str) -> Path:
    """The journal of `context` in the phase directory (`.strangler/phase`)."""
    return phase_dir / f"{context}.journal"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _write_line(fd: int, record: Mapping[str, Any]) -> None:
    payload = (json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n").encode()
    written = os.write(fd, payload)
    if written != len(payload):  # O_APPEND on a local file writes whole or fails
        raise OSError(f"short write to the journal ({written} of {len(payload)} bytes)")
    os.fsync(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _parse(path: Path, raw: bytes) -> tuple[Switch, list[Entry], dict[str, dict[str, Any]], int]:
    """The switch, its entries, step data, and the length of the intact part of `raw`."""
    intact = raw.rfind(b"\n") + 1  # a torn last line (crash mid-write) is not part of it
    lines = raw[:intact].decode("utf-8", "replace").splitlines()
    if not lines:
        raise JournalCorrupt(f"{path}: empty journal (no switch line)")
    records = []
    for number, text in enumerate(lines, 1):
        try:
            record = json.loads(text)
            if not isinstance(record, dict):
                raise ValueError("not an object")
            records.append(record)
        except ValueError as exc:
            raise JournalCorrupt(f"{path}:{number}: not a journal line ({exc})") from None
    head = records[0]
    try:
        switch = Switch(head["id"], head["context"], head["old"], head["new"], head["at"])
        entries = [Entry(r["kind"], r.get("step", ""), r.get("reason", "")) for r in records[1:]]
    except (KeyError, TypeError) as exc:
        raise JournalCorrupt(f"{path}: a line lacks {exc}") from None
    data = {r["step"]: r["data"] for r in records[1:]
            if r.get("kind") == "done" and isinstance(r.get("data"), dict)}
    return switch, entries, data, intact


def read_journal(path: Path) -> Journal | None:
    """The journal at `path` without locking it (for status), or None when there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    switch, entries, data, _ = _parse(path, raw)
    return Journal(path, switch, entries, data)


def open_journal(path: Path, *, context: str, old: str, new: str) -> tuple[Journal, bool]:
    """The context's open journal, locked for this process: the existing one (`False`: a switch
    to resume or undo) or a new one for `old -> new` (`True`). Raises JournalBusy when another
    controller holds it, JournalCorrupt when it cannot be read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JournalBusy(f"another controller is switching {context} right now "
                              f"(it holds {path})") from None
        raw = os.pread(fd, os.fstat(fd).st_size, 0)
        if raw.strip():
            switch, entries, data, intact = _parse(path, raw)
            if intact < len(raw):
                os.ftruncate(fd, intact)
                os.fsync(fd)
            return Journal(path, switch, entries, data, fd), False
        switch = Switch(uuid.uuid4().hex[:12], context, old, new, _now())
        os.ftruncate(fd, 0)
        _write_line(fd, {"id": switch.id, "context": context, "old": old, "new": new,
                         "at": switch.started_at})
        _fsync_dir(path.parent)
        return Journal(path, switch, [], {}, fd), True
    except BaseException:
        os.close(fd)
        raise
