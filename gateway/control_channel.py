"""The control channel between the worker processes of one gateway (`--workers N`).

Owns one Unix socket per worker, `<dir>/w<worker>-<pid>.sock`, in a folder the supervisor
creates (mode 0700: only the gateway's own user can connect), and the client side the admin
worker uses to put a command to every other worker and collect their answers. Guarantees:

* a command is one JSON line, an answer is one JSON line; each worker answers through its
  `handler` coroutine, on its own event loop (so the answer reflects state changed on it);
* `broadcast` reaches every worker whose socket accepts a connection and waits for all answers
  at most `timeout` seconds (plus the command's own wait); a worker that does not answer in
  time is reported (`Reply.error`), never silently counted as done. A socket nobody listens
  on (its worker died) is removed and skipped: the worker's replacement binds its socket
  *before* it reads the shared state, so it either gets the command or sees its effect;
* nothing here knows what the commands mean (write_hold.py's are the first users).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ControlServer", "Reply", "broadcast"]

log = logging.getLogger("gateway.control")

Handler = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
_MAX_LINE = 64 * 1024


@dataclass(frozen=True)
class Reply:
    """One worker's answer to a command, or why there is none (`error`)."""

    socket: str
    answer: dict[str, Any] | None
    error: str | None = None


class ControlServer:
    """The listening side in one worker. `start()` / `close()` pair up."""

    def __init__(self, folder: Path, worker: int, handler: Handler) -> None:
        self.path = folder / f"w{worker}-{os.getpid()}.sock"
        self.handler = handler
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self._server = await asyncio.start_unix_server(self._serve, path=str(self.path),
                                                       limit=_MAX_LINE)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    async def _serve(self, reader: asyncio.StreamReader,
                     writer: asyncio.StreamWriter) -> None:
        try:
            line = await reader.readline()
            if line:
                try:
                    answer = await self.handler(json.loads(line))
                except Exception as exc:  # a bug or a bad command: answered, not fatal
                    log.exception("control command failed")
                    answer = {"error": f"{type(exc).__name__}: {exc}"}
                writer.write(json.dumps(answer).encode() + b"\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass  # the asking side went away (its own timeout): nothing to answer
        finally:
            writer.close()


async def _ask(path: Path, command: dict[str, Any], timeout: float) -> Reply:
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_unix_connection(str(path), limit=_MAX_LINE)
            try:
                writer.write(json.dumps(command).encode() + b"\n")
                await writer.drain()
                line = await reader.readline()
            finally:
                writer.close()
    except (ConnectionRefusedError, FileNotFoundError):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # its worker is gone; a replacement binds a socket of its own
        return Reply(path.name, None, "gone")
    except TimeoutError:
        return Reply(path.name, None, f"no answer within {timeout:g}s")
    except OSError as exc:
        return Reply(path.name, None, exc.strerror or type(exc).__name__)
    if not line:
        return Reply(path.name, None, "closed without an answer")
    try:
        answer = json.loads(line)
    except ValueError:
        return Reply(path.name, None, "an unreadable answer")
    if not isinstance(answer, dict):
        return Reply(path.name, None, "an unreadable answer")
    if "error" in answer:
        return Reply(path.name, answer, str(answer["error"]))
    return Reply(path.name, answer)


async def broadcast(folder: Path, command: dict[str, Any], *, timeout: float,
                    skip: Path | None = None) -> list[Reply]:
    """Put `command` to every worker listening in `folder` (except `skip`, the caller's own
    socket) at once; their replies, "gone" ones (dead workers) left out."""
    paths = sorted(p for p in folder.glob("w*.sock") if p != skip)
    replies = await asyncio.gather(*(_ask(p, command, timeout) for p in paths))
    return [r for r in replies if r.error != "gone"]
