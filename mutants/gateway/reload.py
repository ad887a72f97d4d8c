"""The live configuration: one immutable snapshot, swapped whole, persisted atomically.

Owns the current `Snapshot` (validated config + compiled routing table + upstream pools), the
file watcher, and writing stage changes back to routes.yaml. Guarantees:

* a request reads `holder.current` once and sees one consistent config for its whole life;
* a reload swaps the whole snapshot or, when the new file is invalid, keeps the last good one
  (the error is kept in `last_error` and counted);
* the config revision only grows: a file whose `revision` is lower than the running one is
  refused like an invalid one (an old copy deployed late cannot roll routing back);
* stage changes are persisted by rewriting only the `stage:` scalar of that context and bumping
  `revision:` in routes.yaml (comments and layout survive), under an exclusive `flock` on
  `<file>.lock`, with a compare-and-swap on the current stage, through a temp file + fsync +
  rename, so every replica watching the file sees either the old or the new file, never a torn
  one. Replicas poll the file every `interval` seconds (default 0.25 s), so they converge well
  within 2 s;
* upstream pools are reused while the `upstreams` section is unchanged; a replaced pool is
  closed after a grace period so in-flight requests finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gateway.config import GatewayConfig, LoadedConfig, load_config, load_config_text
from gateway.errors import ConfigError, StageChangeRefused, UnknownContext
from gateway.forward import UpstreamPool
from gateway.routing import RoutingTable
from gateway.stages import Stage

__all__ = ["ConfigHolder", "Snapshot", "rewrite_stage"]

log = logging.getLogger("gateway.reload")


@dataclass(frozen=True, slots=True)
class Snapshot:
    loaded: LoadedConfig
    table: RoutingTable
    pool: UpstreamPool

    @property
    def config(self) -> GatewayConfig:
        return self.loaded.config

    @property
    def version(self) -> str:
        return self.loaded.version


def rewrite_stage(loaded: LoadedConfig, context: str, stage: Stage) -> str:
    """The file text with `contexts.<context>.stage` replaced and `revision` incremented
    (inserted at the top when absent); nothing else changes (pure)."""
    where = loaded.locations.get(("contexts", context, "stage"))
    if where is None or where[2] <= where[1]:
        raise ConfigError(f"contexts.{context}.stage", "cannot locate the value in the file")
    edits = [(where[1], where[2], stage.value)]
    revision = str(loaded.config.revision + 1)
    rev = loaded.locations.get(("revision",))
    if rev is not None and rev[2] > rev[1]:
        edits.append((rev[1], rev[2], revision))
    else:
        at = _top_insertion_point(loaded.text)
        edits.append((at, at, f"revision: {revision}\n"))
    text = loaded.text
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    return text


def _top_insertion_point(text: str) -> int:
    """Offset of the first line of the top-level mapping (after comments, blanks, `---`)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---" \
                and not stripped.startswith("%"):
            if stripped.startswith("{"):
                raise ConfigError("", "admin changes need a block-style routes file")
            return offset
        offset += len(line)
    return offset


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _stat_key(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class ConfigHolder:
    """Owner of the live snapshot and its upstream pools. `start()` / `close()` pair up."""

    def __init__(self, path: str | Path, *, interval: float = 0.25,
                 on_swap: Callable[[Snapshot], None] | None = None,
                 on_result: Callable[[str], None] | None = None) -> None:
        self.path = Path(path).resolve()
        self.interval = interval
        self.on_swap = on_swap
        self.on_result = on_result
        self.last_error: str | None = None
        self.last_rejected: str | None = None  # version of the last rejected file
        self._stat: tuple[int, int, int, int] | None = None
        self._task: asyncio.Task[None] | None = None
        self._retiring: set[asyncio.Task[None]] = set()
        self.reload_count = 0
        loaded = load_config(self.path)  # raises ConfigError: a bad config stops start-up
        self._stat = _stat_key(self.path)
        self.current = Snapshot(loaded, RoutingTable(loaded.config),
                                UpstreamPool(loaded.config.upstreams))

    async def start(self) -> None:
        if self.on_swap:
            self.on_swap(self.current)
        self._task = asyncio.create_task(self._watch(), name="config-watch")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for t in list(self._retiring):
            t.cancel()
        await self.current.pool.close()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                if _stat_key(self.path) != self._stat:
                    self.reload()
            except Exception:  # the watcher must outlive any surprise; keep the last good
                log.exception("config watcher failed; will retry")

    def reload(self) -> bool:
        """Re-read the file; swap if valid, different and not older (revision). Returns True
        when swapped."""
        self._stat = _stat_key(self.path)
        try:
            loaded = load_config(self.path)
            running = self.current.config.revision
            if loaded.digest != self.current.loaded.digest and \
                    loaded.config.revision < running:
                raise ConfigError("revision", f"{loaded.config.revision} is lower than the "
                                  f"running revision {running}: refusing an older config",
                                  line=_line(loaded, ("revision",)), source=str(self.path))
        except ConfigError as exc:
            if self.last_error != exc.message:
                log.error("config reload failed, keeping version %s: %s",
                          self.current.version, exc.message)
            self.last_error = exc.message
            self.last_rejected = _rejected_version(self.path)
            self._notify_result("invalid")
            return False
        self.last_error = None
        self.last_rejected = None
        if loaded.version == self.current.version:
            return False
        self._swap(loaded)
        self._notify_result("ok")
        log.info("config reloaded: version %s", loaded.version)
        return True

    def _notify_result(self, result: str) -> None:
        self.reload_count += 1
        if self.on_result:
            self.on_result(result)

    def _swap(self, loaded: LoadedConfig) -> None:
        old = self.current
        pool = old.pool
        if not pool.same_spec(loaded.config.upstreams):
            pool = UpstreamPool(loaded.config.upstreams)
            grace = max((u.total_timeout for u in old.pool.spec.values()), default=1.0) + 1
            task = asyncio.ensure_future(self._retire(old.pool, grace))
            self._retiring.add(task)
            task.add_done_callback(self._retiring.discard)
        self.current = Snapshot(loaded, RoutingTable(loaded.config), pool)
        if self.on_swap:
            self.on_swap(self.current)

    @staticmethod
    async def _retire(pool: UpstreamPool, grace: float) -> None:
        try:
            await asyncio.sleep(grace)
        finally:
            await pool.close()

    def persist_stage(self, context: str, old: Stage, new: Stage) -> LoadedConfig:
        """Write `contexts.<context>.stage: new` to the file if it still says `old`.

        Blocking file I/O and no event-loop access: safe to run in a worker thread. Follow with
        `adopt()` on the loop. Raises StageChangeRefused when the file no longer says `old`
        (a concurrent change), UnknownContext, or ConfigError when the file on disk is
        currently invalid."""
        with _file_lock(self.path):
            loaded = load_config(self.path)
            ctx = loaded.config.contexts.get(context)
            if ctx is None:
                raise UnknownContext(f"unknown context {context!r}")
            if ctx.stage != old:
                raise StageChangeRefused(
                    f"context {context} is at stage {ctx.stage} in {self.path.name}, "
                    f"not {old}: it was changed concurrently")
            new_loaded = load_config_text(rewrite_stage(loaded, context, new),
                                          source=str(self.path))
            if new_loaded.config.contexts[context].stage != new:  # pragma: no cover
                raise ConfigError(f"contexts.{context}.stage", "rewrite did not take effect")
            _atomic_write(self.path, new_loaded.text)
        return new_loaded

    def adopt(self, loaded: LoadedConfig) -> Snapshot:
        """Swap to a config just persisted by this process."""
        self._stat = _stat_key(self.path)
        self.last_error = None
        if loaded.version != self.current.version:
            self._swap(loaded)
        return self.current


def _line(loaded: LoadedConfig, path: tuple[str | int, ...]) -> int | None:
    hit = loaded.locations.get(path)
    return hit[0] if hit else None


def _rejected_version(path: Path) -> str:
    """`<revision or ?>-<digest>` of a file that failed to load (best effort)."""
    try:
        data = path.read_bytes()
    except OSError:
        return "?-unreadable"
    digest = hashlib.sha256(data).hexdigest()[:12]
    m = re.search(rb"^revision:\s*(\d+)\s*$", data, re.M)
    return f"{m.group(1).decode() if m else '?'}-{digest}"
