"""Carrying out a write switch from its journal: run, resume after a crash, or undo.

`run_switch` loops over `phase.cutover.decide`: it journals `begin`, performs the step's side
effect, journals `done` with what the effect returned (e.g. a fence position, which later
steps read from `journal.data`), and goes on. A side effect that raises `StepFailed` is
journaled as `failed` and, unless the switch is past its committing step (then it stops for
`phase resume` to run the step again), the switch is undone from there: every step that is
done or may have happened is taken back, newest first, so the context ends at the stage it
started from with the held writes released to the writer it had. Any other exception (the
controller's own failure, a database that went away while undoing) stops the loop with the
journal as it is:
`strangler phase status` explains it and `phase resume` / `phase abort` continue it.

Side effects are named in `phase.cutover` (`hold_writes`, `flip_back`, ...) and supplied by the
caller, so this loop is the same for the cut-over and the rollback and is tested with effects
that only record what they were asked to do. Each must be idempotent: after a crash between
`begin` and `done` it runs again.

Crash points for tests: `STRANGLER_CDC_CRASH_AT=phase-<effect>-begun` kills the process after
`begin` is on disk and before the effect, `phase-<effect>-done` after the effect and before
`done` is written (`cdc.faults`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cdc.faults import crash_point
from phase.cutover import Decision, Entry, committed, decide, steps_for
from phase.errors import PhaseError, StepFailed
from phase.journal import Journal

__all__ = ["Effect", "run_switch"]

Effect = Callable[[Journal], Mapping[str, Any] | None]


def run_switch(journal: Journal, effects: Mapping[str, Effect], *,
               abort_reason: str | None = None,
               say: Callable[[str], None] = lambda _: None) -> Decision:
    """Drive the journal's switch to `finished` or `aborted` (undone) and return that decision.

    `abort_reason` asks for the undo (`phase abort`); it is journaled once, unless the switch
    is past its point of no return (`phase.cutover`): then it is finished. Raises PhaseError
    when an effect the steps need is missing, and whatever a side effect raises other than
    StepFailed."""
    steps = steps_for(journal.switch.old, journal.switch.new)
    missing = sorted({name for s in steps for name in (s.name, s.undo)
                      if name is not None and name not in effects})
    if missing:
        raise PhaseError(f"no side effect for step(s): {', '.join(missing)}")
    if abort_reason is not None and decide(steps, journal.entries).action == "run" \
            and not committed(steps, journal.entries):
        journal.append(Entry("abort", reason=abort_reason))
    while True:
        decision = decide(steps, journal.entries)
        if decision.action in ("finished", "aborted"):
            return decision
        step = decision.step
        assert step is not None
        if decision.action == "run":
            say(f"{step.name}: {step.doc}")
            journal.append(Entry("begin", step.name))
            crash_point(f"phase-{step.name}-begun")
            try:
                data = effects[step.name](journal)
            except StepFailed as exc:
                journal.append(Entry("failed", step.name, str(exc)))
                if committed(steps, journal.entries):
                    raise PhaseError(f"{step.name} failed after the writes went to the new "
                                     f"writer: {exc}; `phase resume` runs it again") from None
                say(f"{step.name} failed: {exc}; undoing the switch")
                continue
            crash_point(f"phase-{step.name}-done")
            journal.append(Entry("done", step.name), data)
        else:
            undo = step.undo
            assert undo is not None
            say(f"undo {step.name}: {undo}")
            journal.append(Entry("undo_begin", step.name))
            crash_point(f"phase-{undo}-begun")
            effects[undo](journal)
            crash_point(f"phase-{undo}-done")
            journal.append(Entry("undo_done", step.name))
