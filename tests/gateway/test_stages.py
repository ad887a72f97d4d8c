"""Stages and their transitions (pure, table-driven)."""

from __future__ import annotations

import itertools

import pytest

from gateway.stages import LADDER, Stage, allowed_next, is_read, transition_problem

L, SH, C, R, W, RT = LADDER


def test_the_ladder_is_in_order() -> None:
    assert [str(s) for s in LADDER] == ["legacy", "shadow", "canary", "reads", "writes",
                                        "retired"]
    assert (L, SH, C, R, W, RT) == (Stage.LEGACY, Stage.SHADOW, Stage.CANARY, Stage.READS,
                                    Stage.WRITES, Stage.RETIRED)


@pytest.mark.parametrize(("method", "read"), [
    ("GET", True), ("HEAD", True), ("OPTIONS", True),
    ("POST", False), ("PUT", False), ("PATCH", False), ("DELETE", False), ("TRACE", False),
    ("get", False),  # methods are case-sensitive (RFC 9110): not the read GET
])
def test_reads_are_get_head_and_options(method: str, read: bool) -> None:
    assert is_read(method) is read


@pytest.mark.parametrize(("stage", "nexts"), [
    (L, (SH,)), (SH, (L, C)), (C, (SH, R)), (R, (C, W)), (W, (R, RT)), (RT, (W,)),
])
def test_allowed_next_is_one_step_either_way(stage: Stage, nexts: tuple[Stage, ...]) -> None:
    assert allowed_next(stage) == nexts


ALLOWED = {(a, b) for a, b in itertools.pairwise(LADDER)}
ALLOWED |= {(b, a) for a, b in ALLOWED}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(LADDER, LADDER)))
def test_only_one_step_along_the_ladder_is_allowed(old: Stage, new: Stage) -> None:
    problem = transition_problem(old, new)
    if (old, new) in ALLOWED:
        assert problem is None
    elif old == new:
        assert problem == f"context is already at stage {new}"
    else:
        allowed = " or ".join(allowed_next(old))
        assert problem == f"{old} -> {new} skips stages; from {old} only {allowed} is allowed"


@pytest.mark.parametrize(("old", "new", "problem"), [
    (R, RT, "reads -> retired skips stages; from reads only canary or writes is allowed"),
    (L, R, "legacy -> reads skips stages; from legacy only shadow is allowed"),
    (RT, L, "retired -> legacy skips stages; from retired only writes is allowed"),
    (C, W, "canary -> writes skips stages; from canary only shadow or reads is allowed"),
    (W, W, "context is already at stage writes"),
])
def test_the_write_cut_over_cannot_be_skipped(old: Stage, new: Stage, problem: str) -> None:
    assert transition_problem(old, new) == problem
