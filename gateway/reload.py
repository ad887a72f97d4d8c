"""The live configuration: one immutable snapshot, swapped whole, persisted atomically.

Owns the current `Snapshot` (validated config + compiled routing table + upstream pools), the
file watcher, and writing stage changes back to routes.yaml. Guarantees:

* a request reads `holder.current` once and sees one consistent config for its whole life;
* a reload swaps the whole snapshot or, when the new file is invalid, keeps the last good one
  (the error is kept in `last_error` and counted);
* the config revision only grows: a file whose `revision` is lower than the running one is
  refused like an invalid one (an old copy deployed late cannot roll routing back);
* a file whose stages differ from the running ones is a stage change like any other: it is
  swapped in only when the audit log holds the record that applied exactly this file version
  (written by the admin API before the file), or, for a hand edit, when it passes the checks of
  changes.py (ladder, then policy) — judged once, by the first process to see it, under the
  file lock, and recorded (`actor: file`) so every other worker and replica follows the same
  verdict; a refused edit is kept out like an invalid file;
* stage changes are persisted by rewriting only the `stage:` scalar of that context and bumping
  `revision:` in routes.yaml (comments and layout survive), under an exclusive `flock` on
  `.strangler/<file>.lock` next to the file, with a compare-and-swap on the current stage,
  audit record first, then a temp file + fsync + rename, so every replica watching the file
  sees either the old or the new file, never a torn one. Replicas poll the file every
  `interval` seconds (default 0.25 s; `request_reload()` wakes the watcher at once), so they
  converge well within 2 s;
* a one-step rollback is possible while the file on disk is rejected (`persist_rollback`): the
  running config with the stage changed replaces it, the rejected file is kept in
  `.strangler/`;
* the config being served is copied to `.strangler/<file>.last-good`; a process starts from
  that copy instead of the file when the audit log says this exact file version was refused
  (so a restart never lets a refused stage change in), and a replacement worker also when the
  file is invalid (it then serves what its siblings serve). Otherwise an invalid file stops
  start-up;
* with a stage store other than the file (stage_store.py), the live stages overlay the file's
  (`set_live`): a context's live revision only grows in this process, a hand edit of `stage:`
  is no stage change (the file only seeds the store) except for a context added or removed
  (checked as above: a new seed against `legacy`, a removed context's live stage against
  `legacy`), a reload that switches
  `stage_store.kind` is refused, and the last live stages are kept in
  `.strangler/<file>.stages.json` for a start while the store is away;
* upstream pools are reused while the `upstreams` section is unchanged; a replaced pool is
  closed after a grace period so in-flight requests finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from gateway.audit import AuditLog
from gateway.changes import StageChange, audit_record, check, stage_changes
from gateway.config import GatewayConfig, LoadedConfig, load_config, load_config_text
from gateway.errors import AuditUnavailable, ConfigError, StageChangeRefused, UnknownContext
from gateway.forward import UpstreamPool
from gateway.policy import AllowAll, StageChangePolicy, StageChangeRequest
from gateway.routing import RoutingTable
from gateway.stage_store import LiveStage, overlay
from gateway.stages import Stage

__all__ = ["ConfigHolder", "Snapshot", "file_lock", "last_good", "rewrite_stage", "stage_in",
           "state_dir", "write_audited"]

log = logging.getLogger("gateway.reload")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What requests are routed with: the routes file (`loaded`) and, with a stage store other
    than the file, the live stages over it (`config` = the declared config + `live`)."""

    loaded: LoadedConfig
    table: RoutingTable
    pool: UpstreamPool
    config: GatewayConfig
    live: Mapping[str, LiveStage] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, loaded: LoadedConfig, pool: UpstreamPool,
           live: Mapping[str, LiveStage] | None = None) -> Snapshot:
        config = overlay(loaded.config, live or {})
        return cls(loaded, RoutingTable(config), pool, config,
                   MappingProxyType(dict(live or {})))

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


def state_dir(routes: Path) -> Path:
    """`.strangler/` next to the routes file: lock and saved rejected files (git-ignored)."""
    return routes.parent / ".strangler"


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Exclusive lock for changes of `path`; the lock file lives in `state_dir`, so a running
    gateway leaves nothing untracked next to a routes file kept in git."""
    folder = state_dir(path)
    folder.mkdir(exist_ok=True)
    fd = os.open(folder / f"{path.name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
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


def stage_in(loaded: LoadedConfig, context: str) -> Stage:
    """The stage `loaded` declares for `context`; UnknownContext if it has none."""
    ctx = loaded.config.contexts.get(context)
    if ctx is None:
        raise UnknownContext(f"unknown context {context!r}")
    return ctx.stage


def write_audited(path: Path, loaded: LoadedConfig, record: dict[str, Any],
                  audit: AuditLog) -> None:
    """Audit first, then write `loaded` to `path` (under the caller's file lock): every worker
    that sees the new file finds its record (`file_version`)."""
    record.update(result="applied", config_version_after=loaded.version,
                  file_version=loaded.version)
    try:
        audit.append(record)
    except OSError as exc:
        del record["result"]
        raise AuditUnavailable(f"audit log not writable: {exc.strerror}") from None
    try:
        _atomic_write(path, loaded.text)
    except OSError as exc:
        record.update(result="failed", failure=f"cannot write the routes file: "
                                               f"{exc.strerror}")
        with contextlib.suppress(OSError):
            audit.append(record)
        raise StageChangeRefused(record["failure"]) from None


def _stat_key(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class ConfigHolder:
    """Owner of the live snapshot and its upstream pools. `start()` / `close()` pair up.

    `lock` serialises everything that may swap the snapshot in this process (reloads and admin
    stage changes); the file lock serialises writers across processes."""

    def __init__(self, path: str | Path, *, interval: float = 0.25,
                 on_swap: Callable[[Snapshot], None] | None = None,
                 on_result: Callable[[str], None] | None = None,
                 policy: StageChangePolicy | None = None, audited: bool = False,
                 replacement: bool = False, worker: int = 0) -> None:
        """`audited`: open the config's audit log (the ledger of stage changes; needed to
        judge hand edits and to write stage changes); `replacement`: this process replaces a
        crashed worker, whose siblings serve the last good config."""
        self.path = Path(path).resolve()
        self.interval = interval  # seconds between polls of the file; 0: no polling
        self.on_swap = on_swap
        self.on_result = on_result
        self.policy: StageChangePolicy = policy or AllowAll()
        self.audit: AuditLog | None = None
        self.worker = worker
        self.lock = asyncio.Lock()
        self.last_error: str | None = None
        self.last_rejected: str | None = None  # version of the last rejected file
        self._rejected_digest: str | None = None  # its content hash (the emergency path's CAS)
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._retiring: set[asyncio.Task[None]] = set()
        self.reload_count = 0
        self._stat: tuple[int, int, int, int] | None = _stat_key(self.path)
        self._start_result: str | None = None  # "invalid"/"refused": the file was not taken
        loaded = self._first_config(audited, replacement)
        self.current = Snapshot.of(loaded, UpstreamPool(loaded.config.upstreams))

    def relative(self, path: str) -> Path:
        """A path from the config, relative to the routes file's folder."""
        p = Path(path)
        return p if p.is_absolute() else self.path.parent / p

    def _first_config(self, audited: bool, replacement: bool) -> LoadedConfig:
        """The file, unless this exact version was refused before (a stage change that failed
        the checks: a restart must not let it in) or, for a replacement worker, the file is
        invalid now; then the last good copy in `state_dir`, the config the others serve."""
        try:
            loaded = load_config(self.path)
        except ConfigError as exc:
            saved = last_good(self.path) if replacement else None
            if saved is None:
                raise  # a bad config stops start-up
            self._start_rejected(exc.message, None)
            loaded = saved
        else:
            settled = None
            if audited:
                self._open_audit(loaded)
                settled = self._settled(loaded.version)
            if settled is not None and settled.get("result") == "refused":
                saved = last_good(self.path)
                refusal = f"version {loaded.version} was refused: {settled.get('refusal')}"
                if saved is None or saved.version == loaded.version:
                    raise ConfigError("", f"{refusal}; fix the file or roll it back",
                                      source=str(self.path))
                self._start_rejected(refusal, loaded)
                loaded = saved
        if audited and self.audit is None:
            self._open_audit(loaded)
        return loaded

    def _open_audit(self, loaded: LoadedConfig) -> None:
        """Open the audit log `loaded` names."""
        self.audit = AuditLog(self.relative(loaded.config.admin.audit_log))

    def _start_rejected(self, problem: str, loaded: LoadedConfig | None) -> None:
        log.error("%s: %s; starting from the last good config", self.path.name, problem)
        self.last_error = problem
        self._start_result = "invalid" if loaded is None else "refused"
        self.last_rejected, self._rejected_digest = _rejected_version(self.path)
        if loaded is not None:
            self.last_rejected = loaded.version

    async def start(self) -> None:
        if self.on_swap:
            self.on_swap(self.current)
        if self._start_result is not None:  # started from the last good copy: say so
            self._notify_result(self._start_result)
        _keep_last_good(self.path, self.current.loaded)
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

    def request_reload(self) -> None:
        """Reload as soon as possible, changed or not (SIGHUP); safe from a signal handler."""
        self._wake.set()

    async def _watch(self) -> None:
        while True:
            woken = await self._sleep()
            try:
                if woken or _stat_key(self.path) != self._stat:
                    await self.reload()
            except Exception:  # the watcher must outlive any surprise; keep the last good
                log.exception("config watcher failed; will retry")

    async def _sleep(self) -> bool:
        """Wait for the next poll (False) or a reload request (True)."""
        try:
            await asyncio.wait_for(self._wake.wait(),
                                   self.interval if self.interval > 0 else None)
        except TimeoutError:
            return False
        self._wake.clear()
        return True

    async def reload(self) -> bool:
        """Re-read the file; swap if valid, different, not older (revision) and its stage
        changes pass the checks (changes.py). Returns True when swapped."""
        async with self.lock:
            return await self.reload_locked()

    async def reload_locked(self) -> bool:
        """`reload()` for a caller that holds `lock`."""
        self._stat = _stat_key(self.path)
        loaded: LoadedConfig | None = None
        try:
            loaded = load_config(self.path)
            running = self.current.config.revision
            if loaded.digest != self.current.loaded.digest and \
                    loaded.config.revision < running:
                raise ConfigError("revision", f"{loaded.config.revision} is lower than the "
                                  f"running revision {running}: refusing an older config",
                                  line=_line(loaded, ("revision",)), source=str(self.path))
            kind = loaded.config.stage_store.kind
            if kind != self.stage_kind:
                raise ConfigError("stage_store.kind", f"changing the stage store from "
                                  f"{self.stage_kind} to {kind} needs a restart",
                                  line=_line(loaded, ("stage_store", "kind")),
                                  source=str(self.path))
            if loaded.version != self.current.version:
                # with a store, a live stage wins over the file's: only a context the store
                # has not seen, added (seed vs legacy) or removed (live stage vs legacy),
                # changes a stage through the file
                after = loaded.config if kind == "file" else overlay(loaded.config,
                                                                     self.current.live)
                changes = stage_changes(self.current.config, after)
                if changes:
                    await self._settle_edit(loaded, changes)
        except (ConfigError, StageChangeRefused) as exc:
            self._reject(exc, loaded)
            return False
        self.last_error = self.last_rejected = self._rejected_digest = None
        if loaded.version == self.current.version:
            return False
        self._swap(loaded)
        self._notify_result("ok")
        log.info("config reloaded: version %s", loaded.version)
        return True

    def _reject(self, exc: ConfigError | StageChangeRefused,
                loaded: LoadedConfig | None) -> None:
        refused = isinstance(exc, StageChangeRefused)
        if self.last_error != exc.message:
            log.error("config reload %s, keeping version %s: %s",
                      "refused" if refused else "failed", self.current.version, exc.message)
        self.last_error = exc.message
        self.last_rejected, self._rejected_digest = _rejected_version(self.path)
        if loaded is not None:  # valid but not accepted: its own version is known
            self.last_rejected = loaded.version
        self._notify_result("refused" if refused else "invalid")

    async def _settle_edit(self, loaded: LoadedConfig, changes: tuple[StageChange, ...]
                           ) -> None:
        """A file whose stages differ from the running ones: follow the verdict already
        recorded for this file version (the admin API's, or another worker's on the same hand
        edit), else judge it as a hand edit and record the verdict. Raises StageChangeRefused.
        """
        settled = await asyncio.to_thread(self._settled, loaded.version)
        if settled is None:
            records = await self._judge(loaded, changes)
            settled = await asyncio.to_thread(self._settle, loaded.version, records)
        if settled.get("result") != "applied":
            raise StageChangeRefused(f"{settled.get('refusal')} (edit of {self.path.name} "
                                     "refused; the last good config keeps serving)")
        if settled.get("actor") == "file":
            for change in changes:
                log.info("stage change %s: %s -> %s by an edit of %s", change.context,
                         change.old, change.new, self.path.name)

    async def _judge(self, loaded: LoadedConfig, changes: tuple[StageChange, ...]
                     ) -> list[dict[str, Any]]:
        """Audit records for a hand edit: all applied, or ending with the refused change."""
        before = self.current
        records = []
        for change in changes:
            request = StageChangeRequest(change.context, change.old, change.new, "file",
                                         f"edit of {self.path.name}", before.version)
            record = audit_record(request, self.policy, worker=self.worker,
                                  source=str(self.path), file_version=loaded.version)
            records.append(record)
            try:
                await check(request, before.config, self.policy, record)
            except StageChangeRefused as exc:
                record.update(result="refused", refusal=exc.message)
                return [record]
            record.update(result="applied", config_version_after=loaded.version)
        return records

    def _settled(self, version: str) -> dict[str, Any] | None:
        """The verdict recorded on file `version` (blocking)."""
        if self.audit is None:
            return None
        try:
            with file_lock(self.path):
                return self.audit.settled(version)
        except OSError:  # no lock (a read-only folder): nobody can be writing a verdict
            return self.audit.settled(version)

    def _settle(self, version: str, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Record our verdict unless another process recorded one meanwhile (blocking)."""
        if self.audit is None:
            return records[-1]
        try:
            with file_lock(self.path):
                found = self.audit.settled(version)
                if found is not None:
                    return found
                for record in records:
                    self.audit.append(record)
        except OSError as exc:  # no change without its audit record
            return {"result": "refused",
                    "refusal": f"cannot record the verdict ({exc.strerror}: {exc.filename})"}
        return records[-1]

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
        self.current = Snapshot.of(loaded, pool, self.current.live)
        _keep_last_good(self.path, loaded)
        if self.on_swap:
            self.on_swap(self.current)

    @staticmethod
    async def _retire(pool: UpstreamPool, grace: float) -> None:
        try:
            await asyncio.sleep(grace)
        finally:
            await pool.close()

    # --- writing stage changes (blocking file I/O, no event-loop access: run in a thread) ---

    def persist_stage(self, context: str, old: Stage, new: Stage, record: dict[str, Any],
                      audit: AuditLog) -> LoadedConfig:
        """Write `contexts.<context>.stage: new` to the file if it still says `old`, with its
        audit record (`record`, completed here) appended first. Follow with `adopt()` on the
        loop. Raises StageChangeRefused when the file no longer says `old` (a concurrent
        change), UnknownContext, ConfigError when the file on disk is invalid, or
        AuditUnavailable."""
        with file_lock(self.path):
            loaded = load_config(self.path)
            stage = stage_in(loaded, context)
            if stage != old:
                raise StageChangeRefused(
                    f"context {context} is at stage {stage} in {self.path.name}, "
                    f"not {old}: it was changed concurrently")
            if loaded.digest != self.current.loaded.digest:
                # an edit not judged yet: rewriting it would let its own changes in unchecked
                raise StageChangeRefused(f"{self.path.name} was changed concurrently (version "
                                         f"{loaded.version}, not yet reloaded); retry")
            new_loaded = load_config_text(rewrite_stage(loaded, context, new),
                                          source=str(self.path))
            write_audited(self.path, new_loaded, record, audit)
        return new_loaded

    def persist_rollback(self, context: str, old: Stage, new: Stage, record: dict[str, Any],
                         audit: AuditLog) -> LoadedConfig:
        """The emergency path: like `persist_stage`, while the file on disk is the one the
        last reload rejected (invalid, older, or a refused edit). The running config's text
        with the stage changed replaces it; the rejected file is kept in `state_dir`, named in
        the audit record. Raises StageChangeRefused when the file changed since the reload."""
        with file_lock(self.path):
            _, digest = _rejected_version(self.path)
            if self._rejected_digest is None or digest != self._rejected_digest:
                raise StageChangeRefused(f"{self.path.name} changed since it was last read; "
                                         "retry")
            base = self.current.loaded
            new_loaded = load_config_text(rewrite_stage(base, context, new),
                                          source=str(self.path))
            saved = state_dir(self.path) / f"{self.path.name}.rejected-{digest}"
            with contextlib.suppress(FileNotFoundError):
                saved.write_bytes(self.path.read_bytes())
            record.update(emergency=True, file_problem=self.last_error,
                          rejected_file_saved_as=str(saved))
            write_audited(self.path, new_loaded, record, audit)
        return new_loaded

    # --- live stages from a stage store other than the file (stage_pg.py) -----------------

    @property
    def stage_kind(self) -> str:
        """The stage store this process runs with (`stage_store.kind` at start-up)."""
        return self.current.loaded.config.stage_store.kind

    @property
    def stage_cache(self) -> Path:
        """The last live stages this machine saw, for a start while the store is down."""
        return state_dir(self.path) / f"{self.path.name}.stages.json"

    def set_live(self, found: Mapping[str, LiveStage]) -> Snapshot:
        """Route with these live stages from now on; a context's revision only grows, so a
        slow read never undoes a newer change this process has already applied."""
        old = self.current
        live = dict(old.live)
        for name, got in found.items():
            known = live.get(name)
            if known is None or got.revision > known.revision:
                live[name] = got
        if live == old.live:
            return old
        self.current = Snapshot.of(old.loaded, old.pool, live)
        moved = [(n, old.config.contexts[n].stage, c.stage)
                 for n, c in self.current.config.contexts.items()
                 if n in old.config.contexts and old.config.contexts[n].stage != c.stage]
        for name, before, after in moved:
            log.info("stage change %s: %s -> %s (stage store, revision %d)", name, before,
                     after, live[name].revision)
        self._cache_live(live)
        if moved and self.on_swap:
            self.on_swap(self.current)
        return self.current

    def _cache_live(self, live: Mapping[str, LiveStage]) -> None:
        """Best effort: a cache that cannot be written only loses the start-while-down path."""
        text = json.dumps({n: s.as_dict() for n, s in live.items()}, sort_keys=True)
        target = self.stage_cache
        with contextlib.suppress(OSError):
            target.parent.mkdir(exist_ok=True)
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)

    def cached_live(self) -> dict[str, LiveStage] | None:
        """The live stages `_cache_live` kept, or None when there is no readable cache."""
        try:
            data = json.loads(self.stage_cache.read_text(encoding="utf-8"))
            return {name: LiveStage(name, Stage(v["stage"]), int(v["revision"]),
                                    datetime.fromisoformat(v["changed_at"])
                                    if v.get("changed_at") else None,
                                    str(v.get("changed_by", "")), str(v.get("reason", "")))
                    for name, v in data.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def adopt(self, loaded: LoadedConfig) -> Snapshot:
        """Swap to a config just persisted by this process."""
        self._stat = _stat_key(self.path)
        self.last_error = self.last_rejected = self._rejected_digest = None
        if loaded.version != self.current.version:
            self._swap(loaded)
        return self.current


def _last_good_path(path: Path) -> Path:
    return state_dir(path) / f"{path.name}.last-good"


def _keep_last_good(path: Path, loaded: LoadedConfig) -> None:
    """Keep a copy of the config being served, for a restart while the file is rejected
    (best effort: a copy that cannot be written only loses that fallback)."""
    target = _last_good_path(path)
    with contextlib.suppress(OSError):
        if target.exists() and target.read_text(encoding="utf-8") == loaded.text:
            return
        target.parent.mkdir(exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_text(loaded.text, encoding="utf-8")
        os.replace(tmp, target)


def last_good(path: Path) -> LoadedConfig | None:
    """The copy `_keep_last_good` kept, loaded as if it were the routes file, or None."""
    try:
        text = _last_good_path(path).read_text(encoding="utf-8")
        return load_config_text(text, source=str(path))
    except (OSError, UnicodeDecodeError, ConfigError):
        return None


def _line(loaded: LoadedConfig, path: tuple[str | int, ...]) -> int | None:
    hit = loaded.locations.get(path)
    return hit[0] if hit else None


def _rejected_version(path: Path) -> tuple[str, str]:
    """(`<revision or ?>-<digest>`, digest) of a file that was not accepted (best effort)."""
    try:
        data = path.read_bytes()
    except OSError:
        return "?-unreadable", "unreadable"
    digest = hashlib.sha256(data).hexdigest()[:12]
    m = re.search(rb"^revision:\s*(\d+)\s*$", data, re.M)
    return f"{m.group(1).decode() if m else '?'}-{digest}", digest
