"""What a stage change does, step by step (pure): the plan a dry run shows and every evidence
bundle records.

Owns the list of steps per transition, including which sync directions each stage runs
(`SYNC_BY_STAGE`, from docs/phase.md): forward (monolith -> service) from `legacy` to `reads`,
reverse (service -> monolith) in `writes`, none in `retired`. The steps of the write cut-over
follow the design in issue 12; carrying them out is the cut-over controller's job.
"""

from __future__ import annotations

from gateway.stages import Stage

__all__ = ["SYNC_BY_STAGE", "plan"]

SYNC_BY_STAGE: dict[Stage, tuple[str, ...]] = {
    Stage.LEGACY: ("forward",), Stage.SHADOW: ("forward",), Stage.CANARY: ("forward",),
    Stage.READS: ("forward",), Stage.WRITES: ("reverse",), Stage.RETIRED: (),
}

_CUT_OVER = (
    "hold new writes of the context at the gateway (bounded by max_write_hold, then 503 with "
    "Retry-After; reads keep flowing)",
    "take a fence on the monolith",
    "wait (event-driven) until the forward applier has applied past the fence",
    "run an incremental verification anchored to the fence",
    "move the service's sequences past the highest migrated ids",
    "flip the stage to writes",
    "start reverse sync from a fence on the service database",
    "stop forward apply of monolith changes for the context",
    "release the held writes to the service",
)

_ROLLBACK = (
    "hold new writes of the context at the gateway (bounded, as at the cut-over)",
    "take a fence on the service database",
    "wait (event-driven) until the reverse applier has applied past the fence",
    "flip the stage to reads",
    "start forward sync from a fence on the monolith",
    "stop the reverse sync",
    "release the held writes to the monolith",
)


def plan(context: str, old: Stage, new: Stage) -> tuple[str, ...]:
    """The steps of `old -> new` for `context`, in order."""
    if (old, new) == (Stage.READS, Stage.WRITES):
        return _CUT_OVER
    if (old, new) == (Stage.WRITES, Stage.READS):
        return _ROLLBACK
    steps = [f"set contexts.{context}.stage to {new} (compare-and-swap on {old})"]
    for direction in SYNC_BY_STAGE[new]:
        if direction not in SYNC_BY_STAGE[old]:
            steps.append(f"start {direction} sync")
    for direction in SYNC_BY_STAGE[old]:
        if direction not in SYNC_BY_STAGE[new]:
            steps.append(f"stop {direction} sync")
    return tuple(steps)
