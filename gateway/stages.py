"""Stages of a bounded context and the transitions between them (pure).

Owns: the ordered list of stages, which methods count as reads, and which transitions are
allowed. Guarantees: only one step forward or back along the ladder
legacy -> shadow -> canary -> reads -> writes -> retired is ever allowed, so the write cut-over
(`reads <-> writes`) can never be skipped over.
"""

from __future__ import annotations

from enum import StrEnum

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Stage(StrEnum):
    LEGACY = "legacy"
    SHADOW = "shadow"
    CANARY = "canary"
    READS = "reads"
    WRITES = "writes"
    RETIRED = "retired"


LADDER: tuple[Stage, ...] = tuple(Stage)


def is_read(method: str) -> bool:
    """Reads are GET, HEAD and OPTIONS; every other method is a write."""
    return method in READ_METHODS


def transition_problem(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def allowed_next(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 <= j < len(LADDER))
