"""What a stage change does, step by step (pure): the plan a dry run shows and every evidence
bundle records.

Owns the list of steps per transition, including which sync directions each stage runs
(`SYNC_BY_STAGE`, from docs/phase.md): forward (monolith -> service) from `legacy` to `reads`,
reverse (service -> monolith) in `writes`, none in `retired`. The steps of the write cut-over
are those `phase.cutover` journals and `phase.switch` carries out.
"""

from __future__ import annotations

from gateway.stages import Stage
from phase.cutover import steps_for

__all__ = ["SYNC_BY_STAGE", "plan"]

SYNC_BY_STAGE: dict[Stage, tuple[str, ...]] = {
    Stage.LEGACY: ("forward",), Stage.SHADOW: ("forward",), Stage.CANARY: ("forward",),
    Stage.READS: ("forward",), Stage.WRITES: ("reverse",), Stage.RETIRED: (),
}


def plan(context: str, old: Stage, new: Stage) -> tuple[str, ...]:
    """The steps of `old -> new` for `context`, in order."""
    if {old, new} == {Stage.READS, Stage.WRITES}:
        cut_over = new == Stage.WRITES
        writers = ("the monolith", "the service") if cut_over else ("the service", "the monolith")
        out, into = ("reverse", "forward") if cut_over else ("forward", "reverse")
        ports = ("to the inventory API (through the gateway), draining local orders"
                 if cut_over else "back to the monolith's own tables")
        concrete = {"start_out_sync": f"start {out} sync (out of the new writer)",
                    "stop_in_sync": f"stop {into} sync (into the new writer)",
                    "switch_ports": f"switch the monolith's ports (write_switch.ports) {ports}"}
        return (f"write switch: the old writer is {writers[0]}, the new writer {writers[1]}",
                *(concrete.get(step.name, step.doc)
                  for step in steps_for(old.value, new.value)))
    steps = [f"set contexts.{context}.stage to {new} (compare-and-swap on {old})"]
    for direction in SYNC_BY_STAGE[new]:
        if direction not in SYNC_BY_STAGE[old]:
            steps.append(f"start {direction} sync")
    for direction in SYNC_BY_STAGE[old]:
        if direction not in SYNC_BY_STAGE[new]:
            steps.append(f"stop {direction} sync")
    return tuple(steps)
