"""The side effects of a write switch on real systems (the I/O behind `phase.cutover`'s steps).

For the cut-over (`reads -> writes`) the old writer is the monolith and the new one the
service: the direction *into* the new writer is `forward`, the one *out of* it `reverse`. The
rollback (`writes -> reads`) swaps both. Each effect is idempotent (the switch runs it again
after a crash) and turns an expected failure into `StepFailed`, which undoes the switch:

* `hold_writes` / `release_writes`: every gateway holds / releases the context's writes (admin
  API); holding while held and releasing what is not held are no-ops at the gateway. The last
  step releases only once every gateway routes the new stage;
* `switch_ports` / `switch_ports_back`: every monolith listed in the context's
  `write_switch.ports` switches its inventory port to the new / old writer (`remote`: the
  context's API through the gateway; `local`: its own tables) and drains (`phase.port_hooks`);
  none listed: nothing to do. At the cut-over it refuses to run after a fence was taken (a
  journal from a controller without this step): the cut-over is undone and starts over;
* `drain`: every gateway still holds and has no write of the context in flight (a read);
* `fence`: bumps the in-direction's fence row on the old writer and records the position the
  row now carries, which the applier records as applied once it got there (a later fence
  covers an earlier one);
* `wait_fence`: waits (LISTEN/NOTIFY) until the in-direction's applier applied past it;
* `verify`: incremental verification of the in-direction finds no persistent difference;
* `sequences`: the new writer's sequences pass the old writer's ids (setval never moves back);
* `start_out_sync` / `stop_out_sync`, `stop_in_sync` / `start_in_sync`: the directions out of
  and into the new writer run or stop (the sync control checks first);
* `flip` / `flip_back`: stage compare-and-swap at the gateway; a stage already at the target
  counts as done. `flip_back` first holds the writes again (the hold may have ended while a
  crashed controller was down, and the new writer taken writes) and waits until the sync out
  of the new writer applied past a fence on it, so the old writer has every write the new one
  took before it is the writer again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import psycopg

from cdc.config import Direction, load_sync
from cdc.endpoints import Endpoints
from cdc.errors import CdcError, first_line
from cdc.fences import heartbeat_query, wait_for_fence
from cdc.sequences import advance_sequences
from gateway.config import load_config
from gateway.errors import ConfigError
from phase.admin_client import AdminRefused, GatewayAdmin
from phase.errors import StepFailed
from phase.journal import Journal
from phase.port_hooks import switch_ports

__all__ = ["SwitchSetup", "SyncControl", "switch_effects"]


class SyncControl(Protocol):
    def start(self, direction: str) -> object: ...
    def stop(self, direction: str) -> bool: ...


@dataclass(frozen=True)
class SwitchSetup:
    context: str
    old: str                         # "reads" or "writes"
    new: str
    config: Path                     # routes.yaml (the context's sync section)
    gateways: Sequence[GatewayAdmin]  # every gateway that routes the context
    sync: SyncControl
    endpoints: Endpoints
    actor: str
    reason: str
    max_hold: float | None = None    # seconds; None: the gateway's configured bound
    drain_timeout: float = 5.0
    fence_timeout: float = 30.0
    state_dir: str | None = None
    say: Callable[[str], None] = lambda _: None

    @property
    def cut_over(self) -> bool:
        return self.new == "writes"

    def direction(self, into_new_writer: bool) -> Direction:
        name = ("forward" if self.cut_over else "reverse") if into_new_writer \
            else ("reverse" if self.cut_over else "forward")
        return Direction(self.context, load_sync(self.config, self.context), name)


def _stage_of(gateway: GatewayAdmin, context: str) -> str:
    return str(gateway.context(context)["stage"])


def switch_effects(s: SwitchSetup) -> dict[str, Callable[[Journal], Mapping[str, Any] | None]]:
    """The effects `phase.switch.run_switch` needs, bound to one switch."""
    into = s.direction(into_new_writer=True)
    out = s.direction(into_new_writer=False)
    why = f"{s.old} -> {s.new} of {s.context}: {s.reason}"

    def hold_writes(journal: Journal) -> Mapping[str, Any]:
        holds = []
        for gateway in s.gateways:
            try:
                answer = gateway.hold_writes(s.context, actor=s.actor,
                                             reason=f"{why} (switch {journal.switch.id})",
                                             max_hold=s.max_hold,
                                             drain_timeout=s.drain_timeout)
            except AdminRefused as exc:
                raise StepFailed(f"{gateway.url} did not hold the writes: {exc}") from None
            holds.append(answer.get("hold_id"))
        return {"hold_ids": holds, "held_at": time.time()}

    def release_writes(journal: Journal, expected: str | None) -> Mapping[str, Any]:
        released, held_for = 0, 0.0
        for gateway in s.gateways:
            answer = gateway.release_writes(s.context, actor=s.actor, reason=why,
                                            expected_stage=expected)
            released += int(answer.get("released_writes", 0))
            held_for = max(held_for, float(answer.get("held_seconds", 0.0)))
        return {"released_writes": released, "held_seconds": held_for}

    def drain(journal: Journal) -> Mapping[str, Any]:
        for gateway in s.gateways:
            hold = (gateway.context(s.context).get("write_hold") or {})
            if not hold:
                raise StepFailed(f"{gateway.url} no longer holds the writes of {s.context} "
                                 "(the hold expired or was released)")
            if int(hold.get("in_flight_writes", 0)):
                raise StepFailed(f"{gateway.url} still has {hold['in_flight_writes']} "
                                 f"write(s) of {s.context} in flight")
        return {}

    # read before the switch starts: not inside the write hold
    try:
        hooks = load_config(s.config).config.contexts[s.context].write_switch.ports
        hooks_problem = None
    except ConfigError as exc:
        hooks, hooks_problem = (), str(exc)

    def ports_to(journal: Journal, writer: str) -> Mapping[str, Any]:
        if hooks_problem is not None:
            raise StepFailed(f"the ports to switch are unknown: {hooks_problem}")
        if not hooks:
            return {"ports": []}
        if writer == s.new and s.cut_over and _touched(journal, "fence"):
            # a journal begun before this step existed: local orders may have written after
            # the fence, so the switch must start over with a new one
            raise StepFailed("the fence was taken before the monolith's ports were switched; "
                             "the cut-over is undone, start it again")
        mode: Literal["local", "remote"] = "remote" if writer == "writes" else "local"
        s.say(f"  inventory ports of {len(hooks)} monolith process(es) -> {mode}")
        return {"ports": switch_ports(hooks, config=s.config, context=s.context, mode=mode,
                                      actor=s.actor, reason=f"{why} (switch {journal.switch.id})")}

    def fence_on(direction: Direction) -> int:
        """A fence on the direction's source; its WAL position."""
        try:
            with psycopg.connect(s.endpoints.dsn(direction.source_db), autocommit=True,
                                 connect_timeout=10) as conn:
                # the position the fence row carries is what the applier records as applied
                row = conn.execute(heartbeat_query(direction.settings.fence_table)
                                   + " RETURNING lsn").fetchone()
        except psycopg.Error as exc:
            raise StepFailed(f"no fence on {direction.source_db}: {first_line(exc)}"
                             ) from None
        assert row is not None
        return int(row[0])

    def applied_past(direction: Direction, lsn: int) -> Mapping[str, Any]:
        started = time.monotonic()
        try:
            with psycopg.connect(s.endpoints.dsn(direction.target_db), autocommit=True,
                                 connect_timeout=10) as conn:
                applied = wait_for_fence(conn, direction.consumer_group, lsn, s.fence_timeout)
        except (CdcError, psycopg.Error) as exc:
            raise StepFailed(f"the {direction.name} applier did not pass the fence at {lsn} "
                             f"within {s.fence_timeout:g} s: {exc}") from None
        return {"applied_lsn": applied, "waited_s": round(time.monotonic() - started, 4)}

    def fence(journal: Journal) -> Mapping[str, Any]:
        return {"lsn": fence_on(into)}

    def wait_fence(journal: Journal) -> Mapping[str, Any]:
        return applied_past(into, int(journal.data["fence"]["lsn"]))

    def verify(journal: Journal) -> Mapping[str, Any]:
        from cdc.verify.api import verify as run_verify

        try:
            result = run_verify(s.context, config=s.config, direction=into.name,
                                state_dir=s.state_dir, incremental=True)
        except CdcError as exc:
            raise StepFailed(f"verification of {into.name} could not run: {exc}") from None
        persistent = [f"{t.source_table} {d.key_label()}" for t in result.tables
                      for d in t.persistent]
        if result.verdict != "consistent":
            detail = result.error or f"{len(persistent)} persistent difference(s): " \
                + ", ".join(persistent[:5])
            raise StepFailed(f"verification found the stores apart: {detail}")
        return {"verdict": result.verdict, "duration_s": round(result.duration_s, 4),
                "fence_lsns": {t.source_table: t.fence_lsn for t in result.tables}}

    def sequences(journal: Journal) -> Mapping[str, Any]:
        try:
            with psycopg.connect(s.endpoints.dsn(into.source_db), autocommit=True) as src, \
                    psycopg.connect(s.endpoints.dsn(into.target_db), autocommit=True) as tgt:
                moves = advance_sequences(src, tgt, into.tables)
        except (CdcError, psycopg.Error) as exc:
            raise StepFailed(f"sequences of {into.target_db} not moved: {exc}") from None
        return {"moved": [{"sequence": m.sequence, "before": m.before, "after": m.after}
                          for m in moves if m.moved]}

    def flip_to(journal: Journal, target: str, expected: str) -> Mapping[str, Any]:
        first = s.gateways[0]
        if _stage_of(first, s.context) == target:
            return {"stage": target, "already": True}
        try:
            first.change_stage(s.context, target, expected=expected, actor=s.actor,
                               reason=why, switch=journal.switch.id)
        except AdminRefused as exc:
            raise StepFailed(f"the stage change {expected} -> {target} was refused: {exc}"
                             ) from None
        return {"stage": target}

    def flip_back(journal: Journal) -> Mapping[str, Any]:
        # The hold may have ended while a crashed controller was down (max_hold_seconds, or
        # released by hand), and the new writer then took writes. Hold again, and let the sync
        # out of the new writer carry what it took to the old one, before the old one is the
        # writer again (the undo stops that sync next).
        if _stage_of(s.gateways[0], s.context) == s.old:
            return {"stage": s.old, "already": True}
        held = hold_writes(journal)
        carried = applied_past(out, fence_on(out))
        return {**flip_to(journal, s.old, s.new), "held_again": held, "carried": carried}

    return {
        "hold_writes": hold_writes,
        # released writes go to the writer of the stage in force: the new one once the flip
        # is done (the last step), the old one when the switch is undone
        "release_writes": lambda j: release_writes(j, s.new if _done(j, "flip") else s.old),
        # the ports follow the writer of record: the new one, or the old one when undone
        "switch_ports": lambda j: ports_to(j, s.new),
        "switch_ports_back": lambda j: ports_to(j, s.old),
        "drain": drain,
        "fence": fence,
        "wait_fence": wait_fence,
        "verify": verify,
        "sequences": sequences,
        "start_out_sync": lambda j: {"started": str(s.sync.start(out.name))},
        "stop_out_sync": lambda j: {"was_running": s.sync.stop(out.name)},
        "flip": lambda j: flip_to(j, s.new, s.old),
        "flip_back": flip_back,
        "stop_in_sync": lambda j: {"was_running": s.sync.stop(into.name)},
        "start_in_sync": lambda j: {"started": str(s.sync.start(into.name))},
    }


def _touched(journal: Journal, step: str) -> bool:
    """Whether `step` may have happened (begun or done)."""
    return any(e.kind in ("begin", "done") and e.step == step for e in journal.entries)


def _done(journal: Journal, step: str) -> bool:
    """Whether `step` is done and not undone (the last step releases to the new stage)."""
    done = any(e.kind == "done" and e.step == step for e in journal.entries)
    undone = any(e.kind == "undo_done" and e.step == step for e in journal.entries)
    return done and not undone
