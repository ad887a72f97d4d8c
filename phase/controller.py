"""What `strangler phase` does: judge a step's gates, change the stage through the gateway,
run the write switch, pause and resume.

The gateway is the authority on a context's live stage: every change goes through its admin
API, so its `StageChangePolicy` (the same gates) judges it and its audit log records it. The
controller adds what a single request cannot do:

* `evaluate`: measure and judge the gates of a step here, write the evidence bundle (also for a
  dry run), and say what the step would do;
* `advance` / `rollback`: one step along the ladder; `wait` re-evaluates until the gates pass or
  the time is up; a paused context does not advance (a rollback is always allowed);
* the write switch (`reads <-> writes`): gates judged first (evidence), then the journaled
  steps of `phase.cutover` with the effects of `phase.effects`; `resume` / `abort` finish or
  undo a switch that a crash interrupted.

Pause state: `.strangler/phase/<context>.paused` next to the routes file (who, why, since).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdc.endpoints import Endpoints
from gateway.config import GatewayConfig, load_config
from gateway.stages import LADDER, Stage, transition_problem
from phase import evidence
from phase.admin_client import GatewayAdmin
from phase.cutover import Decision, describe, steps_for
from phase.effects import SwitchSetup, SyncControl, switch_effects
from phase.errors import PhaseError
from phase.gates import GateResult, allowed, evaluate, summary
from phase.journal import journal_path, open_journal, read_journal
from phase.measure import Sources, collect
from phase.plan import SYNC_BY_STAGE
from phase.switch import run_switch

__all__ = ["Controller", "Evaluation", "Outcome", "StepRefused", "paused", "pending_switch",
           "phase_dir", "remove_pause", "switch_journal", "write_pause"]

SWITCHES = {(Stage.READS, Stage.WRITES), (Stage.WRITES, Stage.READS)}


class StepRefused(PhaseError):
    """The gates did not all pass (or the context is paused): nothing was changed."""

    exit_code = 1


def phase_dir(config_path: Path) -> Path:
    """`.strangler/phase` next to the routes file: pause files and switch journals."""
    return config_path.resolve().parent / ".strangler" / "phase"


def paused(config_path: Path, context: str) -> dict[str, Any] | None:
    """Who paused `context`, why and since when; None when it is not paused."""
    try:
        data = json.loads((phase_dir(config_path) / f"{context}.paused").read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"reason": "unreadable pause file"}
    return data if isinstance(data, dict) else {"reason": "unreadable pause file"}


def switch_journal(config_path: Path, context: str) -> Path:
    """`.strangler/phase/<context>.journal` next to the routes file (`phase.journal`)."""
    return journal_path(phase_dir(config_path), context)


def pending_switch(config_path: Path, context: str) -> str | None:
    """A write switch of `context` that has not finished nor been undone, explained."""
    journal = read_journal(switch_journal(config_path, context))
    if journal is None:
        return None
    steps = steps_for(journal.switch.old, journal.switch.new)
    return (f"switch {journal.switch.id} {journal.switch.old} -> {journal.switch.new}: "
            f"{describe(steps, journal.entries)}")


def write_pause(config_path: Path, context: str, actor: str, reason: str) -> dict[str, Any]:
    """Pause `context` (atomically: a reader sees the whole record or none); its record."""
    folder = phase_dir(config_path)
    folder.mkdir(parents=True, exist_ok=True)
    record = {"actor": actor, "reason": reason,
              "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    tmp = folder / f"{context}.paused.tmp"
    tmp.write_text(json.dumps(record) + "\n")
    os.replace(tmp, folder / f"{context}.paused")
    return record


def remove_pause(config_path: Path, context: str) -> bool:
    """Unpause `context`; False when it was not paused."""
    try:
        (phase_dir(config_path) / f"{context}.paused").unlink()
    except FileNotFoundError:
        return False
    return True


@dataclass(frozen=True)
class Evaluation:
    context: str
    old: Stage
    new: Stage
    results: tuple[GateResult, ...]
    evidence_id: str
    plan: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return allowed(self.results)

    @property
    def summary(self) -> str:
        return summary(self.results)


@dataclass
class Outcome:
    context: str
    old: Stage
    new: Stage
    changed: bool
    evidence_id: str | None = None
    detail: str = ""
    switch: dict[str, Any] = field(default_factory=dict)  # step data of a write switch


@dataclass
class Controller:
    config_path: Path
    gateways: Sequence[GatewayAdmin]
    sync: SyncControl | None = None
    state_dir: str | None = None
    actor: str = field(default_factory=lambda: os.environ.get("USER") or "strangler")
    say: Callable[[str], None] = lambda _: None

    # -- where things are -------------------------------------------------------------------
    @property
    def phase_dir(self) -> Path:
        return phase_dir(self.config_path)

    def config(self) -> GatewayConfig:
        return load_config(self.config_path).config

    def evidence_dir(self) -> Path:
        return self.config_path.resolve().parent / self.config().admin.evidence_dir

    def stage(self, context: str) -> Stage:
        """The live stage, as the (first) gateway routes it."""
        return Stage(self.gateways[0].context(context)["stage"])

    def _known(self, context: str) -> None:
        if context not in self.config().contexts:
            known = ", ".join(self.config().contexts) or "none"
            raise PhaseError(f"unknown context {context!r} (contexts: {known})")

    # -- pause ------------------------------------------------------------------------------
    def paused(self, context: str) -> dict[str, Any] | None:
        return paused(self.config_path, context)

    def pause(self, context: str, reason: str) -> None:
        self._known(context)
        write_pause(self.config_path, context, self.actor, reason)

    def unpause(self, context: str) -> bool:
        return remove_pause(self.config_path, context)

    # -- gates ------------------------------------------------------------------------------
    def _metrics(self) -> str | None:
        return self.gateways[0].metrics_text()

    def evaluate(self, context: str, new: Stage, *, reason: str = "evaluation",
                 dry_run: bool = True, force: bool = False) -> Evaluation:
        """Measure and judge the gates of `stage -> new`; the bundle is written either way."""
        self._known(context)
        old = self.stage(context)
        problem = transition_problem(old, new)
        if problem:
            raise PhaseError(f"{context}: {problem}")
        config = self.config()
        state = self.gateways[0].state()
        sources = Sources(self.config_path, metrics=self._metrics, state_dir=self.state_dir)
        measurements = collect(context, old, new, config, sources)
        results = evaluate(old, new, measurements, config.contexts[context].gates)
        evidence_id = evidence.new_id(context)
        data = evidence.bundle(
            evidence_id=evidence_id, context=context, old=old, new=new, actor=self.actor,
            reason=reason, force=force, allowed=allowed(results), results=results,
            measurements=measurements, thresholds=config.contexts[context].gates,
            config_version=str(state.get("config_version", "")),
            config_text=config.model_dump_json(), dry_run=dry_run)
        evidence.write(self.evidence_dir(), data)
        return Evaluation(context, old, new, results, evidence_id, tuple(data["plan"]))

    def next_stage(self, context: str, to: Stage | None, *, back: bool = False) -> Stage:
        old = self.stage(context)
        if to is not None:
            return to
        i = LADDER.index(old) + (-1 if back else 1)
        if not 0 <= i < len(LADDER):
            raise PhaseError(f"{context} is at {old}: there is no stage "
                             f"{'before' if back else 'after'} it")
        return LADDER[i]

    # -- changing the stage -----------------------------------------------------------------
    def advance(self, context: str, to: Stage | None = None, *, reason: str,
                wait: float = 0.0, force: bool = False,
                progress: Callable[[Evaluation], None] = lambda _: None) -> Outcome:
        """One step forward (or to `to`, one step either way) through the gates."""
        self._known(context)
        paused = self.paused(context)
        new = self.next_stage(context, to)
        old = self.stage(context)
        back = LADDER.index(new) < LADDER.index(old)
        if paused and not back:
            raise StepRefused(f"{context} is paused by {paused.get('actor', '?')} "
                              f"({paused.get('reason', '')}): `phase resume {context}` first")
        deadline = time.monotonic() + wait
        while True:
            judged = self.evaluate(context, new, reason=reason, dry_run=False, force=force)
            progress(judged)
            if judged.allowed or force or time.monotonic() >= deadline:
                break
            if self.paused(context) and not back:
                raise StepRefused(f"{context} was paused while waiting for the gates")
            time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
        if not judged.allowed and not force:
            raise StepRefused(f"{context}: {old} -> {new} refused: {judged.summary} "
                              f"(evidence {judged.evidence_id})")
        if (old, new) in SWITCHES:
            return self.switch(context, old, new, reason=reason, evidence_id=judged.evidence_id)
        self.gateways[0].change_stage(context, new.value, expected=old.value,
                                      actor=self.actor, reason=reason, force=force)
        self._sync_for(old, new)
        return Outcome(context, old, new, True, judged.evidence_id, judged.summary)

    def _sync_for(self, old: Stage, new: Stage) -> None:
        """Each stage owns which sync directions run (`plan.SYNC_BY_STAGE`)."""
        if self.sync is None:
            return
        for direction in SYNC_BY_STAGE[new]:
            if direction not in SYNC_BY_STAGE[old]:
                self.say(f"starting {direction} sync")
                self.sync.start(direction)
        for direction in SYNC_BY_STAGE[old]:
            if direction not in SYNC_BY_STAGE[new]:
                self.say(f"stopping {direction} sync")
                self.sync.stop(direction)

    def rollback(self, context: str, *, reason: str, force: bool = False) -> Outcome:
        return self.advance(context, self.next_stage(context, None, back=True),
                            reason=reason, force=force)

    # -- the write switch -------------------------------------------------------------------
    def _setup(self, context: str, old: str, new: str, reason: str) -> SwitchSetup:
        if self.sync is None:
            raise PhaseError("the write switch needs a sync control (the local stack)")
        return SwitchSetup(context=context, old=old, new=new, config=self.config_path,
                           gateways=self.gateways, sync=self.sync,
                           endpoints=Endpoints(self.state_dir), actor=self.actor,
                           reason=reason, state_dir=self.state_dir, say=self.say)

    def switch(self, context: str, old: Stage, new: Stage, *, reason: str,
               evidence_id: str | None = None, abort_reason: str | None = None) -> Outcome:
        journal, created = open_journal(switch_journal(self.config_path, context),
                                        context=context, old=old.value, new=new.value)
        try:
            switch = journal.switch
            if not created and abort_reason is None:
                self.say(f"resuming switch {switch.id} ({switch.old} -> {switch.new}): "
                         f"{describe(steps_for(switch.old, switch.new), journal.entries)}")
            setup = self._setup(context, switch.old, switch.new, reason)
            decision: Decision = run_switch(journal, switch_effects(setup),
                                            abort_reason=abort_reason, say=self.say)
        except BaseException:
            journal.close(finished=False)
            raise
        journal.close(finished=True)
        data = dict(journal.data)
        changed = decision.action == "finished"
        detail = "switch finished" if changed else f"switch undone: {decision.reason}"
        return Outcome(context, Stage(switch.old), Stage(switch.new), changed, evidence_id,
                       detail, {"id": switch.id, **data})

    def resume(self, context: str, *, reason: str = "resume") -> Outcome | None:
        """Unpause, and finish a switch a crash interrupted (None when there was none)."""
        self._known(context)
        self.unpause(context)
        journal = read_journal(switch_journal(self.config_path, context))
        if journal is None:
            return None
        return self.switch(context, Stage(journal.switch.old), Stage(journal.switch.new),
                           reason=reason)

    def abort(self, context: str, *, reason: str) -> Outcome | None:
        """Undo a switch that a crash interrupted (None when there was none)."""
        self._known(context)
        journal = read_journal(switch_journal(self.config_path, context))
        if journal is None:
            return None
        return self.switch(context, Stage(journal.switch.old), Stage(journal.switch.new),
                           reason=reason, abort_reason=reason)
