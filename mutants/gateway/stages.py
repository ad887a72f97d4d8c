"""Stages of a bounded context and the transitions between them (pure).

Owns: the ordered list of stages, which methods count as reads, and which transitions are
allowed. Guarantees: only one step forward or back along the ladder
legacy -> shadow -> canary -> reads -> writes -> retired is ever allowed, so the write cut-over
(`reads <-> writes`) can never be skipped over.
"""

from __future__ import annotations

from enum import StrEnum

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict


class Stage(StrEnum):
    LEGACY = "legacy"
    SHADOW = "shadow"
    CANARY = "canary"
    READS = "reads"
    WRITES = "writes"
    RETIRED = "retired"


LADDER: tuple[Stage, ...] = tuple(Stage)
mutants_x_is_read__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_is_read__mutmut)
def is_read(method: str) -> bool:
    """Reads are GET, HEAD and OPTIONS; every other method is a write."""
    return method in READ_METHODS


def x_is_read__mutmut_orig(method: str) -> bool:
    """Reads are GET, HEAD and OPTIONS; every other method is a write."""
    return method in READ_METHODS


def x_is_read__mutmut_1(method: str) -> bool:
    """Reads are GET, HEAD and OPTIONS; every other method is a write."""
    return method not in READ_METHODS

mutants_x_is_read__mutmut['_mutmut_orig'] = x_is_read__mutmut_orig # type: ignore # mutmut generated
mutants_x_is_read__mutmut['x_is_read__mutmut_1'] = x_is_read__mutmut_1 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_transition_problem__mutmut)
def transition_problem(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_orig(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_1(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old != new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_2(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = None
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_3(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) + LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_4(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(None) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_5(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.rindex(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_6(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(None)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_7(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.rindex(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_8(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(None) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_9(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) == 1:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_10(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 2:
        allowed = " or ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_11(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = None
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_12(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(None)
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_13(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = "XX or XX".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_14(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " OR ".join(str(s) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_15(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(None) for s in allowed_next(old))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None


def x_transition_problem__mutmut_16(old: Stage, new: Stage) -> str | None:
    """Why `old -> new` is not allowed, or None when it is (one step along the ladder)."""
    if old == new:
        return f"context is already at stage {new}"
    distance = LADDER.index(new) - LADDER.index(old)
    if abs(distance) != 1:
        allowed = " or ".join(str(s) for s in allowed_next(None))
        return f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"
    return None

mutants_x_transition_problem__mutmut['_mutmut_orig'] = x_transition_problem__mutmut_orig # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_1'] = x_transition_problem__mutmut_1 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_2'] = x_transition_problem__mutmut_2 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_3'] = x_transition_problem__mutmut_3 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_4'] = x_transition_problem__mutmut_4 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_5'] = x_transition_problem__mutmut_5 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_6'] = x_transition_problem__mutmut_6 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_7'] = x_transition_problem__mutmut_7 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_8'] = x_transition_problem__mutmut_8 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_9'] = x_transition_problem__mutmut_9 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_10'] = x_transition_problem__mutmut_10 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_11'] = x_transition_problem__mutmut_11 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_12'] = x_transition_problem__mutmut_12 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_13'] = x_transition_problem__mutmut_13 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_14'] = x_transition_problem__mutmut_14 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_15'] = x_transition_problem__mutmut_15 # type: ignore # mutmut generated
mutants_x_transition_problem__mutmut['x_transition_problem__mutmut_16'] = x_transition_problem__mutmut_16 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_allowed_next__mutmut)
def allowed_next(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_orig(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_1(old: Stage) -> tuple[Stage, ...]:
    i = None
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_2(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(None)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_3(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.rindex(old)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_4(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(None)


def x_allowed_next__mutmut_5(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i + 1, i + 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_6(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 2, i + 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_7(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i - 1) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_8(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i + 2) if 0 <= j < len(LADDER))


def x_allowed_next__mutmut_9(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 1 <= j < len(LADDER))


def x_allowed_next__mutmut_10(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 < j < len(LADDER))


def x_allowed_next__mutmut_11(old: Stage) -> tuple[Stage, ...]:
    i = LADDER.index(old)
    return tuple(LADDER[j] for j in (i - 1, i + 1) if 0 <= j <= len(LADDER))

mutants_x_allowed_next__mutmut['_mutmut_orig'] = x_allowed_next__mutmut_orig # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_1'] = x_allowed_next__mutmut_1 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_2'] = x_allowed_next__mutmut_2 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_3'] = x_allowed_next__mutmut_3 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_4'] = x_allowed_next__mutmut_4 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_5'] = x_allowed_next__mutmut_5 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_6'] = x_allowed_next__mutmut_6 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_7'] = x_allowed_next__mutmut_7 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_8'] = x_allowed_next__mutmut_8 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_9'] = x_allowed_next__mutmut_9 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_10'] = x_allowed_next__mutmut_10 # type: ignore # mutmut generated
mutants_x_allowed_next__mutmut['x_allowed_next__mutmut_11'] = x_allowed_next__mutmut_11 # type: ignore # mutmut generated
