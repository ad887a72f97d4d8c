"""Every gate on its own: pass, fail and inconclusive, thresholds at the boundary, no data."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gateway.config import GateThresholds
from gateway.stages import LADDER, Stage, allowed_next
from phase import gates as g
from phase.gates import (
    ConnectorReading,
    Fallbacks,
    HealthReading,
    LagReading,
    Latency,
    Measurements,
    PingPongReading,
    ShadowCounts,
    Traffic,
    Verdict,
    VerificationReading,
)

T = GateThresholds(max_lag_seconds=5.0, lag_consecutive_fences=3, max_shadow_diff_rate=0.01,
                   min_shadow_samples=100, max_error_rate_delta=0.001, min_requests=500,
                   max_fallback_rate=0.02, max_verification_age_seconds=600)
P, F, I = Verdict.PASS, Verdict.FAIL, Verdict.INCONCLUSIVE  # noqa: E741 - a table of verdicts
M = Measurements(context="inventory")


def health(ok: int, probes: int = 3) -> HealthReading:
    return HealthReading("inventory", "http://127.0.0.1:1/healthz", probes, ok, None,
                         None if ok == probes else "connection refused")


def lag(*lags: float, state: str = "healthy") -> LagReading:
    return LagReading("forward", state, "fences flowing",
                      tuple((100 + i, x) for i, x in enumerate(lags)))


def verified(persistent: int = 0, age: float = 10.0, verdict: str = "consistent",
             tables: int = 2, error: str | None = None) -> VerificationReading:
    return VerificationReading(verdict, persistent, 1, age, tables, {"public.t": 42},
                               ("public.t: id=7",) if persistent else (), error)


CASES = [
    # gate, measurements, verdict
    ("service_health", M, I),
    ("service_health", replace(M, service_health=health(3)), P),
    ("service_health", replace(M, service_health=health(2)), F),
    ("service_health", replace(M, service_health=health(0)), F),
    ("service_health", replace(M, service_health=health(0, probes=0)), I),
    ("legacy_health", replace(M, legacy_health=health(3)), P),
    ("legacy_health", replace(M, service_health=health(3)), I),  # the other upstream
    ("forward_connector", M, I),
    ("forward_connector", replace(M, forward_connector=ConnectorReading(
        "c", "RUNNING", ("RUNNING",), "done")), P),
    ("forward_connector", replace(M, forward_connector=ConnectorReading("c", None)), F),
    ("forward_connector", replace(M, forward_connector=ConnectorReading(
        "c", "PAUSED", ("PAUSED",), "done")), F),
    ("forward_connector", replace(M, forward_connector=ConnectorReading(
        "c", "RUNNING", ("RUNNING", "FAILED"), "done", "boom\ntrace")), F),
    ("forward_connector", replace(M, forward_connector=ConnectorReading(
        "c", "RUNNING", (), "done")), F),
    ("forward_connector", replace(M, forward_connector=ConnectorReading(
        "c", "RUNNING", ("RUNNING",), "running")), F),
    ("forward_connector", replace(M, forward_connector=ConnectorReading(
        "c", "RUNNING", ("RUNNING",), "unknown")), I),
    ("reverse_connector", replace(M, reverse_connector=ConnectorReading(
        "r", "RUNNING", ("RUNNING",), "done")), P),
    ("forward_lag", M, I),
    ("forward_lag", replace(M, forward_lag=lag(0.2, 0.3, 0.1)), P),
    ("forward_lag", replace(M, forward_lag=lag(9.0, 0.2, 0.3, 0.1)), P),  # only the last N
    ("forward_lag", replace(M, forward_lag=lag(0.2, 5.0, 0.1)), P),  # at the boundary
    ("forward_lag", replace(M, forward_lag=lag(0.2, 5.001, 0.1)), F),
    ("forward_lag", replace(M, forward_lag=lag(0.2, 0.3)), I),  # too few fences
    ("forward_lag", replace(M, forward_lag=lag(6.0)), F),  # one slow fence already fails
    ("forward_lag", replace(M, forward_lag=lag()), I),
    ("forward_lag", replace(M, forward_lag=lag(0.1, 0.1, 0.1, state="stalled")), F),
    ("forward_lag", replace(M, forward_lag=lag(state="rewound")), F),
    ("forward_lag", replace(M, forward_lag=lag(state="inactive")), F),
    ("forward_lag", replace(M, forward_lag=lag(0.1, 0.1, 0.1, state="idle")), P),
    ("reverse_lag", replace(M, forward_lag=lag(0.1, 0.1, 0.1)), I),
    ("verification", M, I),
    ("verification", replace(M, verification=verified()), P),
    ("verification", replace(M, verification=verified(persistent=1)), F),
    ("verification", replace(M, verification=verified(age=600.0)), P),  # at the boundary
    ("verification", replace(M, verification=verified(age=600.5)), I),
    ("verification", replace(M, verification=verified(verdict="error", error="x")), I),
    ("verification", replace(M, verification=verified(tables=0)), I),
    ("shadow_diff", M, I),
    ("shadow_diff", replace(M, shadow=ShadowCounts(99, 1)), P),  # 1 % at the boundary
    ("shadow_diff", replace(M, shadow=ShadowCounts(98, 2)), F),
    ("shadow_diff", replace(M, shadow=ShadowCounts(98, 1)), I),  # 99 < 100 samples
    ("shadow_diff", replace(M, shadow=ShadowCounts(0, 0)), I),
    ("error_rate", M, I),
    ("error_rate", replace(M, traffic=Traffic(499, 0, 10_000, 0)), I),  # too few samples
    ("error_rate", replace(M, traffic=Traffic(30_000, 0, 30_000, 0)), P),
    ("error_rate", replace(M, traffic=Traffic(2000, 200, 2000, 20)), F),
    ("error_rate", replace(M, traffic=Traffic(2000, 25, 2000, 20)), I),  # undecided yet
    ("fallback_rate", M, I),
    ("fallback_rate", replace(M, fallbacks=Fallbacks(10, 500)), P),  # 2 % at the boundary
    ("fallback_rate", replace(M, fallbacks=Fallbacks(11, 500)), F),
    ("fallback_rate", replace(M, fallbacks=Fallbacks(0, 499)), I),
    ("no_ping_pong", M, I),
    ("no_ping_pong", replace(M, ping_pong=PingPongReading(60, 0, 12)), P),
    ("no_ping_pong", replace(M, ping_pong=PingPongReading(60, 3, 12)), F),
    ("no_ping_pong", replace(M, ping_pong=PingPongReading(0, 0, 0)), I),
]


@pytest.mark.parametrize(("gate", "m", "verdict"), CASES,
                         ids=[f"{c[0]}-{i}-{c[2]}" for i, c in enumerate(CASES)])
def test_gate(gate: str, m: Measurements, verdict: Verdict) -> None:
    result = g.GATES[gate](m, T)
    assert result.verdict is verdict, result
    assert result.gate == gate and result.threshold and result.detail
    if m == M:  # nothing measured: no value, no samples
        assert (result.value, result.samples) == (None, 0)


def test_no_data_says_why() -> None:
    m = replace(M, missing={"forward_lag": "TargetUnavailable: source database monolith"})
    result = g.forward_lag(m, T)
    assert result.verdict is I and result.value is None and result.samples == 0
    assert "source database monolith" in result.detail


def test_the_value_threshold_and_samples_are_reported() -> None:
    result = g.forward_lag(replace(M, forward_lag=lag(0.2, 0.4, 0.1)), T)
    assert (result.value, result.samples) == (0.4, 3)
    assert "5 s" in result.threshold and "3 consecutive" in result.threshold
    result = g.shadow_diff(replace(M, shadow=ShadowCounts(990, 10)), T)
    assert (result.value, result.samples) == (0.01, 1000)


def _buckets(*counts: int) -> tuple[tuple[float, int], ...]:
    bounds = (0.01, 0.05, 0.1, 0.5, 1.0, float("inf"))
    return tuple(zip(bounds, counts, strict=True))


def test_p99_compares_the_share_slower_than_the_monoliths_p99() -> None:
    legacy = _buckets(5000, 9000, 9950, 10_000, 10_000, 10_000)  # p99 bound: 0.1 s
    same = _buckets(5000, 9000, 9960, 10_000, 10_000, 10_000)
    slow = _buckets(1000, 5000, 8000, 9500, 10_000, 10_000)  # 20 % slower than 0.1 s
    t = T.model_copy(update={"max_p99_slow_share_delta": 0.01})
    assert g.latency_p99(replace(M, latency=Latency(same, legacy)), t).verdict is P
    result = g.latency_p99(replace(M, latency=Latency(slow, legacy)), t)
    assert result.verdict is F and "0.1 s" in result.detail
    few = _buckets(10, 20, 30, 40, 40, 40)
    assert g.latency_p99(replace(M, latency=Latency(few, legacy)), t).verdict is I
    beyond = _buckets(0, 0, 0, 0, 0, 10_000)
    assert g.latency_p99(replace(M, latency=Latency(same, beyond)), t).verdict is I
    assert g.latency_p99(replace(M, latency=Latency((), legacy)), t).verdict is I


def test_every_ladder_step_has_gates_and_nothing_else_does() -> None:
    steps = {(old, new) for old in LADDER for new in allowed_next(old)}
    assert set(g.TRANSITION_GATES) == steps
    for names in g.TRANSITION_GATES.values():
        assert names and all(name in g.GATES for name in names)
    # the write cut-over checks the service as a new user would, and the data
    assert {"service_health", "verification", "forward_lag"} <= set(
        g.gates_for(Stage.READS, Stage.WRITES))


def test_inconclusive_blocks_and_only_all_pass_allows() -> None:
    good = replace(M, service_health=health(3), forward_lag=lag(0.1, 0.1, 0.1),
                   forward_connector=ConnectorReading("c", "RUNNING", ("RUNNING",), "done"))
    results = g.evaluate(Stage.LEGACY, Stage.SHADOW, good, T)
    assert g.allowed(results) and g.summary(results) == "all 3 gates passed"
    results = g.evaluate(Stage.LEGACY, Stage.SHADOW, replace(good, forward_lag=lag(0.1)), T)
    assert not g.allowed(results)
    assert "forward_lag inconclusive" in g.summary(results)
    assert not g.allowed(g.evaluate(Stage.LEGACY, Stage.SHADOW, M, T))


def test_the_gate_table_in_the_docs_matches_the_code() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "phase.md").read_text()
    for (old, new), names in g.TRANSITION_GATES.items():
        row = f"| {old} → {new} | {', '.join(names)} |"
        assert row in doc, row
