"""Append-only JSONL audit log of admin actions.

Owns the audit file. Guarantees: one JSON object per line, appended with `O_APPEND` under an
exclusive `flock` and fsynced before `append` returns, so records from several worker processes
never interleave and an acknowledged change is on disk; records are never rewritten; no secret
is ever written (the admin token appears only as a short SHA-256 fingerprint).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["AuditLog"]


class AuditLog:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def append(self, record: dict[str, Any]) -> dict[str, Any]:
        record = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), **record}
        line = (json.dumps(record, sort_keys=True, default=str) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
        return record

    def settled(self, file_version: str, max_bytes: int = 1 << 20) -> dict[str, Any] | None:
        """The newest record that applied or refused routes file `file_version`, looking at the
        last `max_bytes` of the log only (the record is written just before the file)."""
        try:
            with self.path.open("rb") as fh:
                size = fh.seek(0, os.SEEK_END)
                fh.seek(max(0, size - max_bytes))
                data = fh.read()
        except FileNotFoundError:
            return None
        lines = data.split(b"\n")
        if size > max_bytes:
            lines = lines[1:]  # the first line is cut
        for line in reversed(lines):
            if file_version.encode() not in line:
                continue  # cheap filter before parsing
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("file_version") == file_version and \
                    record.get("result") in ("applied", "refused"):
                return dict(record)
        return None

    def tail(self, limit: int = 50) -> list[dict[str, Any]]:
        try:
            with self.path.open("r", encoding="utf-8") as fh:
                lines = deque(fh, maxlen=limit)
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a torn last line after a crash is not a record
        return out
