"""Write holds across the workers of one gateway: put in place, confirmed, drained, released.

Owns the process's `WriteHolds` (write_hold.py), the hold file and, with `--workers N`, this
worker's end of the control channel (control_channel.py). The admin worker (the one serving
the admin API) drives a hold; every worker carries it out. Guarantees:

* `hold()` returns only when every live worker holds the context: the hold file is written
  first, then this process holds, then every other worker is told and answers (a worker that
  starts or restarts meanwhile binds its control socket before it reads the file, so it
  either gets the command or reads the hold). A worker that does not answer within
  `CONTROL_TIMEOUT` makes the call fail (`WriteHoldUnconfirmed`), the hold staying in place;
* after that no new write of the context is forwarded by any worker; with a drain timeout,
  `hold()` also waits (event-driven, per worker) until the writes forwarded before the hold
  have been answered, and fails with `WriteDrainTimeout` when some are still in flight;
* `release()` with an `expected_stage` first makes every worker confirm that it routes the
  context at that stage (reloading its config at once if needed) and refuses otherwise, the
  hold staying: released writes go to the writer of record of the new stage, never to the
  old one. Then the file, this process and every worker release; each worker reloads its
  config first (so even without `expected_stage` a stage flipped just before is seen) and
  wakes its held writes in their arrival order;
* a hold is the same value everywhere and ends by itself at `expires_at` in every worker,
  whatever happens to the controller; the admin worker then drops it from the file and
  audits the expiry. Holding again while held is a no-op (same hold, same expiry); releasing
  what is not held answers `was_held: false` (both re-entrant for a controller that resumes).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any

from gateway.audit import AuditLog
from gateway.control_channel import ControlServer, Reply, broadcast
from gateway.errors import (
    UnknownContext,
    WriteDrainTimeout,
    WriteHoldRefused,
    WriteHoldUnconfirmed,
)
from gateway.metrics import GatewayMetrics
from gateway.reload import ConfigHolder, state_dir
from gateway.write_hold import Hold, HoldFile, WriteHolds

__all__ = ["CONTROL_TIMEOUT", "HoldControl"]

log = logging.getLogger("gateway.hold_control")

CONTROL_TIMEOUT = 2.0  # seconds a worker has to answer a command of the admin worker


class HoldControl:
    """`start()` / `close()` pair up. `handle` answers the control channel's commands."""

    def __init__(self, holder: ConfigHolder, metrics: GatewayMetrics, *, worker: int = 0,
                 control_dir: str | Path | None = None, admin: bool = False,
                 audit: AuditLog | None = None) -> None:
        self.holder = holder
        self.metrics = metrics
        self.worker = worker
        self.admin = admin  # this process serves the admin API: it owns the hold file
        self.audit = audit
        self.holds = WriteHolds(on_change=self._changed)
        self.file = HoldFile(state_dir(holder.path) / f"{holder.path.name}.write-holds.json")
        self.folder = Path(control_dir) if control_dir is not None else None
        self._server: ControlServer | None = None
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        if self.folder is not None:
            self._server = ControlServer(self.folder, self.worker, self.handle)
            await self._server.start()  # before reading the file: see the module docstring
        contexts = self.holder.current.config.contexts
        for name in contexts:
            self.metrics.write_hold_changed(name, False)
        for hold in (await asyncio.to_thread(self.file.load)).values():
            if hold.context in contexts:
                self.holds.hold(hold)
                log.warning("holding the writes of %s (hold %s from %s, until %s)",
                            hold.context, hold.hold_id, hold.actor, _iso(hold.expires_at))

    async def close(self) -> None:
        self.holds.close()
        if self._server is not None:
            await self._server.close()
            self._server = None
        for task in list(self._tasks):
            task.cancel()

    def _changed(self, hold: Hold, event: str) -> None:
        self.metrics.write_hold_changed(hold.context, event == "held")
        if self.admin and event in ("released", "expired"):
            self.metrics.write_hold_duration.labels(hold.context).observe(
                max(0.0, time.time() - hold.since))
        if self.admin and event == "expired":
            task = asyncio.get_running_loop().create_task(self._expired(hold))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _expired(self, hold: Hold) -> None:
        async with self._lock:
            # (load() leaves expired holds out: saving what it found drops them)
            holds = await asyncio.to_thread(self.file.load)
            try:
                await asyncio.to_thread(self.file.save, holds)
            except OSError as exc:  # harmless: an expired hold is ignored when read
                log.error("cannot update %s: %s", self.file.path, exc.strerror)
        if self.audit is not None:
            try:
                await asyncio.to_thread(self.audit.append, {
                    "action": "write_hold_expired", "context": hold.context,
                    "hold_id": hold.hold_id, "actor": hold.actor, "reason": hold.reason,
                    "held_since": _iso(hold.since), "result": "expired",
                    "worker": self.worker})
            except OSError as exc:
                log.error("cannot audit the expiry of hold %s: %s", hold.hold_id, exc.strerror)

    # --- the admin worker's side -------------------------------------------------------------

    async def hold(self, context: str, *, actor: str, reason: str, max_hold: float | None,
                   drain_timeout: float, record: dict[str, Any]) -> dict[str, Any]:
        """Hold the writes of `context` in every worker (see the module docstring); fills
        `record` (the audit record) as it goes."""
        async with self._lock:
            ctx = self.holder.current.config.contexts.get(context)
            if ctx is None:
                raise UnknownContext(f"unknown context {context!r}")
            hold = self.holds.held.get(context)
            record["already_held"] = hold is not None
            if hold is None:
                now = time.time()
                hold = Hold(context, secrets.token_hex(8), now,
                            now + (max_hold or ctx.write_hold.max_hold_seconds),
                            ctx.write_hold.max_wait_seconds, actor, reason)
                holds = dict(self.holds.held)
                holds[context] = hold
                await self._save(holds)
                self.holds.hold(hold)
            record.update(hold_id=hold.hold_id, held_since=_iso(hold.since),
                          expires_at=_iso(hold.expires_at))
            replies = await self._broadcast({"op": "hold", "hold": hold.as_dict()})
        unconfirmed = [r for r in replies if r.error or not (r.answer or {}).get("held")]
        record["workers"] = 1 + len(replies) - len(unconfirmed)
        if unconfirmed:
            raise WriteHoldUnconfirmed(
                f"the hold of {context} is in place, but {_named(unconfirmed)} did not "
                f"confirm it within {CONTROL_TIMEOUT:g}s; release it or hold again")
        in_flight = self.holds.in_flight(context) + sum(
            int((r.answer or {}).get("in_flight", 0)) for r in replies)
        record["in_flight_at_hold"] = at_hold = in_flight
        if drain_timeout > 0 and in_flight:
            in_flight = await self._drain(context, drain_timeout)
        record["in_flight_writes"] = in_flight
        if drain_timeout > 0 and in_flight:
            raise WriteDrainTimeout(
                f"the hold of {context} is in place in every worker, but {in_flight} "
                f"write(s) forwarded before it were still in flight after "
                f"{drain_timeout:g}s; hold again to wait longer")
        return {**self._summary(hold), "workers_confirmed": record["workers"],
                "in_flight_at_hold": at_hold, "in_flight_writes": in_flight,
                "drained": in_flight == 0}

    async def _save(self, holds: dict[str, Hold]) -> None:
        try:
            await asyncio.to_thread(self.file.save, holds)
        except OSError as exc:  # before anything changed: the call fails, nothing is held
            raise WriteHoldUnconfirmed(
                f"cannot write {self.file.path.name}: {exc.strerror or exc}") from None

    async def _drain(self, context: str, timeout: float) -> int:
        local, replies = await asyncio.gather(
            self.holds.drained(context, timeout),
            self._broadcast({"op": "drain", "context": context, "timeout": timeout},
                            timeout=CONTROL_TIMEOUT + timeout))
        left = local
        for r in replies:
            # a worker that cannot say counts as not drained: never report drained blindly
            left += int(r.answer.get("in_flight", 1)) if r.answer and not r.error else 1
        return left

    async def release(self, context: str, *, expected_stage: str | None,
                      record: dict[str, Any]) -> dict[str, Any]:
        """Release the hold of `context` everywhere (see the module docstring)."""
        async with self._lock:
            if context not in self.holder.current.config.contexts:
                raise UnknownContext(f"unknown context {context!r}")
            hold = self.holds.held.get(context)
            record["was_held"] = hold is not None
            if hold is None:
                return {"context": context, "was_held": False, "released_writes": 0}
            record.update(hold_id=hold.hold_id, held_since=_iso(hold.since))
            if expected_stage is not None:
                await self._confirm_stage(context, expected_stage)
            holds = dict(self.holds.held)
            del holds[context]
            await self._save(holds)
            await self.holder.reload()  # route the released writes on the config of now
            released = self.holds.release(context, hold.hold_id)
            replies = await self._broadcast({"op": "release", "context": context,
                                             "hold_id": hold.hold_id})
        failed = [r for r in replies if r.error]
        released += sum(int((r.answer or {}).get("released", 0)) for r in replies
                        if not r.error)
        held_for = round(time.time() - hold.since, 3)
        record.update(released_writes=released, held_seconds=held_for)
        if failed:
            raise WriteHoldUnconfirmed(
                f"{_named(failed)} did not confirm the release of {context} within "
                f"{CONTROL_TIMEOUT:g}s; it ends there at the latest at {_iso(hold.expires_at)}")
        return {"context": context, "was_held": True, "released_writes": released,
                "held_seconds": held_for, "stage": self._stage(context)}

    async def _confirm_stage(self, context: str, stage: str) -> None:
        mine = await self._ensure_stage(context, stage)
        replies = await self._broadcast({"op": "stage", "context": context, "stage": stage})
        wrong = [f"worker {self.worker} serves {mine}"] if mine != stage else []
        for r in replies:
            got = (r.answer or {}).get("stage")
            if r.error or got != stage:
                wrong.append(f"{_name(r)} {'serves ' + str(got) if got else r.error}")
        if wrong:
            raise WriteHoldRefused(f"not released: {context} is expected at stage {stage}, "
                                   f"but {'; '.join(wrong)} (the hold stays)")

    async def state(self) -> dict[str, dict[str, Any]]:
        """Every hold of this process with held and in-flight writes summed over workers."""
        out = {name: {**self._summary(h), "held_writes": self.holds.waiting(name),
                      "in_flight_writes": self.holds.in_flight(name), "workers": 1}
               for name, h in self.holds.held.items()}
        if out:
            for r in await self._broadcast({"op": "state"}):
                for name, counts in ((r.answer or {}).get("contexts") or {}).items():
                    if name in out and not r.error:
                        out[name]["held_writes"] += int(counts.get("held_writes", 0))
                        out[name]["in_flight_writes"] += int(counts.get("in_flight_writes", 0))
                        out[name]["workers"] += 1
        return out

    async def _broadcast(self, command: dict[str, Any], timeout: float = CONTROL_TIMEOUT
                         ) -> list[Reply]:
        if self.folder is None:
            return []  # a single process: nobody else to tell
        skip = self._server.path if self._server is not None else None
        return await broadcast(self.folder, command, timeout=timeout, skip=skip)

    # --- every worker's side -----------------------------------------------------------------

    async def handle(self, command: dict[str, Any]) -> dict[str, Any]:
        """One command of the admin worker (control channel), carried out on this loop."""
        op = command.get("op")
        me = {"worker": self.worker, "pid": os.getpid()}
        if op == "hold":
            hold = Hold.from_dict(command["hold"])
            held = self.holds.hold(hold)
            return {**me, "held": held, "in_flight": self.holds.in_flight(hold.context)}
        if op == "release":
            if command["hold_id"] == getattr(self.holds.held.get(command["context"]),
                                             "hold_id", None):
                # this worker may not have polled the file since the flip: read it now, so
                # the released writes are routed on the current stage
                await self.holder.reload()
            return {**me, "released": self.holds.release(str(command["context"]),
                                                         str(command["hold_id"]))}
        if op == "stage":
            return {**me, "stage": await self._ensure_stage(str(command["context"]),
                                                            str(command["stage"]))}
        if op == "drain":
            left = await self.holds.drained(str(command["context"]),
                                            float(command["timeout"]))
            return {**me, "in_flight": left}
        if op == "state":
            return {**me, "contexts": {
                name: {"hold_id": h.hold_id, "held_writes": self.holds.waiting(name),
                       "in_flight_writes": self.holds.in_flight(name)}
                for name, h in self.holds.held.items()}}
        return {**me, "error": f"unknown command {op!r}"}

    async def _ensure_stage(self, context: str, stage: str) -> str | None:
        """The stage this process routes `context` at, after reloading the config once when
        it is not `stage` yet (the file may have changed since the last poll)."""
        found = self._stage(context)
        if found != stage:
            await self.holder.reload()
            found = self._stage(context)
        return found

    def _stage(self, context: str) -> str | None:
        ctx = self.holder.current.config.contexts.get(context)
        return ctx.stage.value if ctx is not None else None

    def _summary(self, hold: Hold) -> dict[str, Any]:
        return {"context": hold.context, "hold_id": hold.hold_id,
                "held_since": _iso(hold.since), "expires_at": _iso(hold.expires_at),
                "max_wait_seconds": hold.max_wait, "actor": hold.actor, "reason": hold.reason}


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts % 1 * 1000):03d}Z"


def _name(reply: Reply) -> str:
    return f"worker {reply.socket.removesuffix('.sock')}"


def _named(replies: list[Reply]) -> str:
    return ", ".join(f"{_name(r)} ({r.error or 'refused'})" for r in replies)

