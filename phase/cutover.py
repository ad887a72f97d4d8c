"""The write cut-over (`reads -> writes`) and its mirror (`writes -> reads`) as journaled steps.

Pure: no I/O. A switch is a fixed sequence of steps; each has a side effect the runner
(`phase.switch`) performs, and an undo when it changes something the previous stage must get
back. The journal (`phase.journal`) records `begin` before a step's side effect and `done`
after it, so after a crash at any point the journal says what may have happened, and every
step is idempotent so that a step begun but not known to be done can simply run again.

`decide(steps, entries)` reads a journal and returns what to do next:

* forward: the first step not done (a step begun and not done runs again);
* after a `failed` step or an `abort` entry: undo, newest first, every step that is done or
  may have happened (begun), each undo once; a step without an undo (a wait, a check) needs
  none; once everything is undone the switch is `aborted` and the context is where it started;
* `finished` once every step is done, `aborted` once every undo is done;
* past the point of no return (`release_writes` begun: held writes may already have gone to
  the new writer, and new ones follow them) nothing is undone any more, whatever failed or
  was asked: an abort finishes the switch instead, a failed step is run again by `phase
  resume`, and going back is the mirrored switch (`phase rollback`), which holds, drains and
  fences the new writer first. Undoing the flip there would route writes back to the old
  writer without a hold, while the new writer's latest writes are still on their way through
  the sync.

Order of the forward cut-over (why each step is where it is):

1. `start_out_sync`: reverse sync (service -> monolith) starts, before anything is held: its
   connector and applier take seconds to start, and until the flip the service takes no write
   of its own (the forward applier's are skipped by loop prevention), so it carries nothing
   yet; from the flip on, its slot has every write the service takes, even one that reaches
   the service because the gateway's bounded hold expired while a crashed controller was down;
2. `hold_writes`: every gateway stops sending the context's writes anywhere (held, bounded);
3. `switch_ports`: the monolith's other modules that reach the context through a port (the
   order module's inventory port) switch to the context's API, draining: once it is done no
   order writes the monolith's copy of the context any more. Right after the hold and before
   the fence, because those writes do not pass through the gateway: a port still local after
   the fence would write behind the applier's back. Their API calls go through the gateway,
   so from here on they are held like every other write and go to the service on release;
4. `drain`: writes already forwarded to the monolith finish (in-flight count reaches zero);
5. `fence`: a fence on the monolith, after the last write: its position covers every write;
6. `wait_fence`: the applier has applied past it (event-driven wait): the service has it all;
7. `verify`: an incremental verification anchored past that fence finds no difference;
8. `sequences`: the service's sequences pass every id the monolith handed out;
9. `flip`: the stage becomes `writes` (compare-and-swap on `reads`);
10. `release_writes`: held writes go to the service, the writer of record now. It commits the
   switch: from here on it only goes forward (undoing would lose the writes the service took);
11. `stop_in_sync`: forward apply stops taking the monolith's changes of the context. After the
   release, not before: stopping a process takes a moment, and until then the forward applier
   only sees the reverse applier's writes into the monolith, which loop prevention skips.

Steps 2 to 10 are the write hold: only the ports, the waits, the check and the flip are inside
it.

The rollback (`ROLLBACK`) runs the same steps with the roles swapped (the service's writes held
and drained, a fence on the service waited for by the reverse applier, the monolith's sequences
moved, forward sync started, the stage back to `reads`, reverse sync stopped), and is the
mirror image for the ports too: `switch_ports` (back to the monolith's own tables) comes right
before `release_writes`, right after `flip`. A port writes the monolith's tables
directly, so it may only do that once the monolith is the writer of record again (the flip),
and the forward sync started before the flip carries those writes to the service. Until then
the ports keep calling the API through the gateway, which holds those calls with the rest and
releases them to the monolith. In both directions `switch_ports_back` (the undo) puts the
ports back where the old stage has them when the switch is undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["CUTOVER", "ROLLBACK", "Decision", "Entry", "Step", "committed", "decide",
           "describe", "steps_for"]


@dataclass(frozen=True)
class Step:
    name: str
    undo: str | None = None  # the side effect that takes this one back, if it changes state
    doc: str = ""
    commits: bool = False  # once begun, the switch can only be finished (no abort)


# The steps of both switches; the runner knows which databases and directions each one uses.
CUTOVER: tuple[Step, ...] = (
    Step("start_out_sync", "stop_out_sync", "start the sync out of the new writer"),
    Step("hold_writes", "release_writes", "hold new writes of the context at every gateway "
         "(bounded: past max_wait_seconds 503 with Retry-After; reads keep flowing)"),
    Step("switch_ports", "switch_ports_back", "switch the monolith's ports into the context "
         "(the order module's inventory port) to the new writer, draining their writes"),
    Step("drain", None, "wait until writes already forwarded to the old writer have finished"),
    Step("fence", None, "take a fence on the old writer's database"),
    Step("wait_fence", None, "wait until the applier applied past the fence"),
    Step("verify", None, "incremental verification anchored past the fence: no difference"),
    Step("sequences", None, "move the new writer's sequences past the old writer's ids"),
    Step("flip", "flip_back", "change the stage (compare-and-swap)"),
    Step("release_writes", None, "send the held writes to the new writer", commits=True),
    Step("stop_in_sync", "start_in_sync", "stop the sync into the new writer"),
)


# The mirror image: the ports join the new writer (the monolith) only once it is the writer,
# right before the held writes are released to it.
_LATE = ("switch_ports", "release_writes", "stop_in_sync")
ROLLBACK: tuple[Step, ...] = (*(s for s in CUTOVER if s.name not in _LATE),
                              *(s for name in _LATE for s in CUTOVER if s.name == name))


def steps_for(old: str, new: str) -> tuple[Step, ...]:
    """The journaled steps of a switch between `reads` and `writes` (either way)."""
    if {old, new} != {"reads", "writes"}:
        raise ValueError(f"{old} -> {new} is not a write switch")
    return CUTOVER if new == "writes" else ROLLBACK


Kind = Literal["begin", "done", "failed", "abort", "undo_begin", "undo_done"]


@dataclass(frozen=True)
class Entry:
    """One journal line: `kind` of `step` (no step for `abort`), with an optional reason."""

    kind: Kind
    step: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    """What to do next: `run` a step, `undo` one, or nothing more (`finished` / `aborted`)."""

    action: Literal["run", "undo", "finished", "aborted"]
    step: Step | None = None
    reason: str = ""  # why the switch is being undone (the failure or the abort)

    @property
    def side_effect(self) -> str | None:
        """The side effect to perform: the step's own, or its undo."""
        if self.step is None:
            return None
        return self.step.name if self.action == "run" else self.step.undo


def _state(steps: Sequence[Step], entries: Sequence[Entry]
           ) -> tuple[set[str], set[str], set[str], str | None]:
    names = {s.name for s in steps}
    begun: set[str] = set()
    done: set[str] = set()
    undone: set[str] = set()
    abort_reason: str | None = None
    for entry in entries:
        if entry.step and entry.step not in names:
            raise ValueError(f"journal names an unknown step {entry.step!r}")
        if entry.kind == "begin":
            begun.add(entry.step)
        elif entry.kind == "done":
            done.add(entry.step)
        elif entry.kind == "failed":
            if abort_reason is None:
                abort_reason = f"{entry.step} failed: {entry.reason}" if entry.reason \
                    else f"{entry.step} failed"
        elif entry.kind == "abort" and abort_reason is None:
            abort_reason = entry.reason or "aborted by request"
        elif entry.kind == "undo_done":
            undone.add(entry.step)
    if _committed(steps, begun):
        abort_reason = None  # past the point of no return only forward (see the docstring)
    return begun, done, undone, abort_reason


def _committed(steps: Sequence[Step], begun: set[str]) -> bool:
    return any(s.commits and s.name in begun for s in steps)


def committed(steps: Sequence[Step], entries: Sequence[Entry]) -> bool:
    """Whether the switch is past its point of no return (an abort finishes it)."""
    return _committed(steps, {e.step for e in entries if e.kind == "begin"})


def decide(steps: Sequence[Step], entries: Sequence[Entry]) -> Decision:
    """The next action for a switch whose journal holds `entries` (pure). Past a committing
    step a failure or an abort undoes nothing: the remaining steps are run (again)."""
    begun, done, undone, abort_reason = _state(steps, entries)
    if abort_reason is not None:
        for step in reversed(steps):
            touched = step.name in done or step.name in begun
            if touched and step.undo is not None and step.name not in undone:
                return Decision("undo", step, abort_reason)
        return Decision("aborted", reason=abort_reason)
    for step in steps:
        if step.name not in done:
            return Decision("run", step)
    return Decision("finished")


def describe(steps: Sequence[Step], entries: Sequence[Entry]) -> str:
    """One paragraph for `strangler phase status`: how far the switch got and what is next."""
    begun, done, undone, abort_reason = _state(steps, entries)
    decision = decide(steps, entries)
    finished = sum(1 for s in steps if s.name in done)
    if decision.action == "finished":
        return f"all {len(steps)} steps done"
    if decision.action == "aborted":
        return f"undone ({abort_reason}); the context is back where it started"
    assert decision.step is not None
    if decision.action == "undo":
        pending = [s.name for s in reversed(steps) if s.undo is not None
                   and (s.name in done or s.name in begun) and s.name not in undone]
        return (f"being undone ({abort_reason}); still to undo: {', '.join(pending)}; "
                "`phase abort` finishes the undo")
    interrupted = decision.step.name in begun
    where = f"interrupted during {decision.step.name}" if interrupted \
        else f"next step {decision.step.name}"
    then = ("past the point of no return: `phase resume` (or `phase abort`) finishes the "
            "switch, `phase rollback` then goes back") if _committed(steps, begun) \
        else "`phase resume` finishes the switch, `phase abort` undoes it"
    return f"{finished} of {len(steps)} steps done, {where} ({decision.step.doc}); {then}"
