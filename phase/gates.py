"""The stage gates: which gates guard which transition, and each gate as a pure predicate.

Owns the gate table (`TRANSITION_GATES`, also in docs/phase.md) and the gates. Guarantees:

* pure: a gate reads a `Measurements` value and the context's `GateThresholds`, nothing else;
* every gate answers `pass`, `fail` or `inconclusive` with the measured value, the threshold
  and the sample size it judged (`GateResult`);
* a measurement that is missing (not taken, not configured, could not be reached) is
  `inconclusive`, never `pass` and never a silent `fail`; too few samples is `inconclusive`;
* `fail` means the measurement says "unsafe"; `inconclusive` means "not enough evidence";
  both block: `allowed()` is true only when every gate of the transition passes;
* thresholds named `max_*` pass at the boundary (value == max passes);
* the comparison gates (error rate, p99) use always-valid confidence sequences
  (sequential.py), so evaluating them again and again does not inflate false alarms.

Gates per transition (forward and back; rollbacks need the side that takes over healthy):

| transition | gates |
|---|---|
| legacy → shadow | service_health, forward_connector, forward_lag |
| shadow → canary | service_health, forward_connector, forward_lag, verification, shadow_diff |
| canary → reads | service_health, forward_connector, forward_lag, verification, error_rate, |
|                | latency_p99, fallback_rate |
| reads → writes | service_health, forward_connector, forward_lag, verification, fallback_rate |
| writes → retired | service_health, reverse_connector, reverse_lag, no_ping_pong |
| shadow → legacy, canary → shadow, reads → canary | legacy_health |
| writes → reads | legacy_health, reverse_connector, reverse_lag |
| retired → writes | service_health, reverse_connector, reverse_lag |
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from gateway.config import GateThresholds
from gateway.stages import Stage
from phase.sequential import Outcome, compare_rates

__all__ = [
    "ConnectorReading", "Fallbacks", "GateResult", "HealthReading", "LagReading", "Latency",
    "Measurements", "PingPongReading", "ShadowCounts", "TRANSITION_GATES", "Traffic", "Verdict",
    "VerificationReading", "allowed", "evaluate", "gates_for", "summary",
]


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True, slots=True)
class GateResult:
    gate: str
    verdict: Verdict
    value: float | int | str | None  # what was measured (None: nothing)
    threshold: str                   # what it was judged against, in words ("<= 5 s")
    samples: int                     # how many observations the verdict rests on
    detail: str                      # why, in one line

    def as_dict(self) -> dict[str, Any]:
        return {"gate": self.gate, "verdict": self.verdict.value, "value": self.value,
                "threshold": self.threshold, "samples": self.samples, "detail": self.detail}


# --- measurements (value objects; measure.py fills them, None = not measured) ----------------


@dataclass(frozen=True, slots=True)
class HealthReading:
    """`probes` real HTTP requests to an upstream's health route; `ok` of them answered 2xx."""

    upstream: str
    url: str
    probes: int
    ok: int
    last_status: int | None = None
    error: str | None = None  # the last failure, in words (connection refused, timeout, 503)


@dataclass(frozen=True, slots=True)
class ConnectorReading:
    """A connector's state from the Connect REST API. `state` None: the worker answered that
    no such connector exists. `snapshot`: done, running or unknown (from its offsets)."""

    name: str
    state: str | None
    tasks: tuple[str, ...] = ()
    snapshot: str = "unknown"
    trace: str | None = None


@dataclass(frozen=True, slots=True)
class LagReading:
    """Successive lag readings of one direction: `fences` holds (fence LSN, end-to-end lag in
    seconds) of distinct applied fences, oldest first; `state` is cdc.lag's classification of
    the last reading."""

    direction: str
    state: str
    reason: str
    fences: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True, slots=True)
class VerificationReading:
    verdict: str                     # consistent | differences | error (cdc.verify)
    persistent: int
    in_flight: int
    age_seconds: float
    tables: int
    fence_lsns: Mapping[str, int | None] = field(default_factory=dict)
    first_keys: tuple[str, ...] = ()  # a few differing keys, for the operator
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ShadowCounts:
    match: int
    mismatch: int


@dataclass(frozen=True, slots=True)
class Traffic:
    """Requests and errors (5xx, and the service's failures a fallback hid) per arm, on the
    routes both arms served in the current stage."""

    service_requests: int
    service_errors: int
    legacy_requests: int
    legacy_errors: int
    routes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fallbacks:
    """Reads the service was asked for in the current stage, and how many of them fell back
    to the monolith (connect error, timeout, 5xx)."""

    fallbacks: int
    attempts: int


@dataclass(frozen=True, slots=True)
class Latency:
    """Cumulative histogram buckets (upper bound, count <= bound) per arm, +Inf last."""

    service: tuple[tuple[float, int], ...]
    legacy: tuple[tuple[float, int], ...]


@dataclass(frozen=True, slots=True)
class PingPongReading:
    """Transactions the forward applier wrote into the service database during a window after
    the cut-over (each one is a monolith change flowing back in: a loop, or a stray writer)."""

    window_seconds: float
    forward_transactions: int
    reverse_transactions: int


@dataclass(frozen=True)
class Measurements:
    context: str
    service_health: HealthReading | None = None
    legacy_health: HealthReading | None = None
    forward_connector: ConnectorReading | None = None
    reverse_connector: ConnectorReading | None = None
    forward_lag: LagReading | None = None
    reverse_lag: LagReading | None = None
    verification: VerificationReading | None = None
    shadow: ShadowCounts | None = None
    traffic: Traffic | None = None
    latency: Latency | None = None
    fallbacks: Fallbacks | None = None
    ping_pong: PingPongReading | None = None
    missing: Mapping[str, str] = field(default_factory=dict)  # measurement -> why not taken

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- the gates ---------------------------------------------------------------------------------

Gate = Callable[[Measurements, GateThresholds], GateResult]


def _missing(gate: str, m: Measurements, what: str, threshold: str) -> GateResult:
    why = m.missing.get(what, "not measured")
    return GateResult(gate, Verdict.INCONCLUSIVE, None, threshold, 0, f"no data: {why}")


def _health(gate: str, reading: HealthReading | None, m: Measurements, what: str
            ) -> GateResult:
    threshold = "every probe answers 2xx"
    if reading is None:
        return _missing(gate, m, what, threshold)
    if reading.probes == 0:
        return GateResult(gate, Verdict.INCONCLUSIVE, None, threshold, 0, "no probe was sent")
    value = f"{reading.ok}/{reading.probes} ok"
    if reading.ok == reading.probes:
        return GateResult(gate, Verdict.PASS, value, threshold, reading.probes,
                          f"{reading.upstream} answered {reading.url}")
    return GateResult(gate, Verdict.FAIL, value, threshold, reading.probes,
                      f"{reading.upstream} at {reading.url}: {reading.error or 'not healthy'}")


def service_health(m: Measurements, t: GateThresholds) -> GateResult:
    return _health("service_health", m.service_health, m, "service_health")


def legacy_health(m: Measurements, t: GateThresholds) -> GateResult:
    return _health("legacy_health", m.legacy_health, m, "legacy_health")


def _connector(gate: str, reading: ConnectorReading | None, m: Measurements, what: str
               ) -> GateResult:
    threshold = "connector and every task RUNNING, snapshot done"
    if reading is None:
        return _missing(gate, m, what, threshold)
    if reading.state is None:
        return GateResult(gate, Verdict.FAIL, "absent", threshold, 1,
                          f"connector {reading.name} does not exist")
    tasks = ",".join(reading.tasks) or "no tasks"
    value = f"{reading.state} ({tasks}); snapshot {reading.snapshot}"
    running = reading.state == "RUNNING" and bool(reading.tasks) and all(
        s == "RUNNING" for s in reading.tasks)
    samples = 1 + len(reading.tasks)
    if not running:
        why = f"connector {reading.name} is {reading.state}, tasks: {tasks}"
        if reading.trace:
            why += f" ({reading.trace.splitlines()[0][:200]})"
        return GateResult(gate, Verdict.FAIL, value, threshold, samples, why)
    if reading.snapshot == "running":
        return GateResult(gate, Verdict.FAIL, value, threshold, samples,
                          f"connector {reading.name} is still taking its initial snapshot")
    if reading.snapshot != "done":
        return GateResult(gate, Verdict.INCONCLUSIVE, value, threshold, samples,
                          f"cannot tell whether {reading.name}'s snapshot finished")
    return GateResult(gate, Verdict.PASS, value, threshold, samples,
                      f"connector {reading.name} running, snapshot done")


def forward_connector(m: Measurements, t: GateThresholds) -> GateResult:
    return _connector("forward_connector", m.forward_connector, m, "forward_connector")


def reverse_connector(m: Measurements, t: GateThresholds) -> GateResult:
    return _connector("reverse_connector", m.reverse_connector, m, "reverse_connector")


_BAD_LAG_STATES = {"stalled": "stalled", "rewound": "rewound", "held": "holds a table",
                   "inactive": "is not set up"}


def _lag(gate: str, reading: LagReading | None, m: Measurements, what: str,
         t: GateThresholds) -> GateResult:
    n = t.lag_consecutive_fences
    threshold = f"<= {t.max_lag_seconds:g} s for {n} consecutive fences"
    if reading is None:
        return _missing(gate, m, what, threshold)
    recent = reading.fences[-n:]
    worst = max((lag for _, lag in recent), default=None)
    value = round(worst, 3) if worst is not None else None
    if reading.state in _BAD_LAG_STATES:
        return GateResult(gate, Verdict.FAIL, value, threshold, len(recent),
                          f"{reading.direction} sync {_BAD_LAG_STATES[reading.state]}: "
                          f"{reading.reason}")
    over = [(lsn, lag) for lsn, lag in recent if lag > t.max_lag_seconds]
    if over:
        lsn, lag = over[-1]
        return GateResult(gate, Verdict.FAIL, value, threshold, len(recent),
                          f"fence at LSN {lsn} arrived {lag:.3f} s after it was taken")
    if len(recent) < n:
        return GateResult(gate, Verdict.INCONCLUSIVE, value, threshold, len(recent),
                          f"{len(recent)} of {n} fences observed ({reading.state}: "
                          f"{reading.reason})")
    return GateResult(gate, Verdict.PASS, value, threshold, len(recent),
                      f"last {n} fences applied within {t.max_lag_seconds:g} s")


def forward_lag(m: Measurements, t: GateThresholds) -> GateResult:
    return _lag("forward_lag", m.forward_lag, m, "forward_lag", t)


def reverse_lag(m: Measurements, t: GateThresholds) -> GateResult:
    return _lag("reverse_lag", m.reverse_lag, m, "reverse_lag", t)


def verification(m: Measurements, t: GateThresholds) -> GateResult:
    gate = "verification"
    threshold = (f"<= {t.max_persistent_mismatches} persistent differences, "
                 f"<= {t.max_verification_age_seconds:g} s old")
    v = m.verification
    if v is None:
        return _missing(gate, m, "verification", threshold)
    if v.verdict == "error" or v.error:
        return GateResult(gate, Verdict.INCONCLUSIVE, None, threshold, v.tables,
                          f"verification could not compare every table: {v.error or 'error'}")
    if v.persistent > t.max_persistent_mismatches:
        keys = f" (e.g. {', '.join(v.first_keys[:3])})" if v.first_keys else ""
        return GateResult(gate, Verdict.FAIL, v.persistent, threshold, v.tables,
                          f"{v.persistent} persistent differences{keys}")
    if v.age_seconds > t.max_verification_age_seconds:
        return GateResult(gate, Verdict.INCONCLUSIVE, v.persistent, threshold, v.tables,
                          f"the last verification is {v.age_seconds:.0f} s old")
    if v.tables == 0:
        return GateResult(gate, Verdict.INCONCLUSIVE, v.persistent, threshold, 0,
                          "the verification compared no table")
    return GateResult(gate, Verdict.PASS, v.persistent, threshold, v.tables,
                      f"{v.tables} tables consistent ({v.in_flight} in flight re-checked)")


def shadow_diff(m: Measurements, t: GateThresholds) -> GateResult:
    gate = "shadow_diff"
    threshold = f"<= {t.max_shadow_diff_rate:g} over >= {t.min_shadow_samples} samples"
    s = m.shadow
    if s is None:
        return _missing(gate, m, "shadow", threshold)
    n = s.match + s.mismatch
    rate = s.mismatch / n if n else None
    value = round(rate, 6) if rate is not None else None
    if n < t.min_shadow_samples:
        return GateResult(gate, Verdict.INCONCLUSIVE, value, threshold, n,
                          f"{n} of {t.min_shadow_samples} compared shadow responses")
    if rate is not None and rate > t.max_shadow_diff_rate:
        return GateResult(gate, Verdict.FAIL, value, threshold, n,
                          f"{s.mismatch} of {n} shadow responses differed")
    return GateResult(gate, Verdict.PASS, value, threshold, n,
                      f"{s.mismatch} of {n} shadow responses differed")


def _compare(gate: str, k_s: int, n_s: int, k_m: int, n_m: int, margin: float,
             t: GateThresholds, what: str) -> GateResult:
    threshold = (f"service - monolith <= {margin:g} (always-valid, alpha {t.alpha:g}, "
                 f">= {t.min_requests} requests per arm)")
    samples = n_s + n_m
    if min(n_s, n_m) < t.min_requests:
        value = None if not (n_s and n_m) else round(k_s / n_s - k_m / n_m, 6)
        return GateResult(gate, Verdict.INCONCLUSIVE, value, threshold, samples,
                          f"{n_s} service and {n_m} monolith requests; need "
                          f"{t.min_requests} of each")
    c = compare_rates(k_s, n_s, k_m, n_m, margin=margin, alpha=t.alpha)
    value = round(c.estimate, 6)
    span = f"{what}: service {k_s}/{n_s}, monolith {k_m}/{n_m}; difference in " \
           f"[{c.low:.4f}, {c.high:.4f}]"
    verdict = {Outcome.WORSE: Verdict.FAIL, Outcome.NO_WORSE: Verdict.PASS,
               Outcome.UNDECIDED: Verdict.INCONCLUSIVE}[c.outcome]
    if verdict is Verdict.INCONCLUSIVE:
        span += " (not yet decided: more traffic needed)"
    return GateResult(gate, verdict, value, threshold, samples, span)


def error_rate(m: Measurements, t: GateThresholds) -> GateResult:
    tr = m.traffic
    if tr is None:
        return _missing("error_rate", m, "traffic", f"service - monolith <= "
                        f"{t.max_error_rate_delta:g}")
    return _compare("error_rate", tr.service_errors, tr.service_requests, tr.legacy_errors,
                    tr.legacy_requests, t.max_error_rate_delta, t, "error rates")


def _count_above(buckets: tuple[tuple[float, int], ...], bound: float) -> tuple[int, int]:
    """(observations above `bound`, total) from cumulative buckets."""
    total = buckets[-1][1] if buckets else 0
    below = max((count for le, count in buckets if le <= bound), default=0)
    return total - below, total


def latency_p99(m: Measurements, t: GateThresholds) -> GateResult:
    """p99 through exceedance: the service's p99 is no worse than the monolith's when its share
    of requests slower than L, the histogram bound at the monolith's p99 in the same window, is
    no larger than the monolith's share (at most 1 %) plus `max_p99_slow_share_delta`."""
    gate = "latency_p99"
    lat = m.latency
    if lat is None or not lat.service or not lat.legacy:
        return _missing(gate, m, "latency", f"slow share delta <= "
                        f"{t.max_p99_slow_share_delta:g}")
    total_m = lat.legacy[-1][1]
    bound = next((le for le, count in lat.legacy if total_m and count >= 0.99 * total_m),
                 float("inf"))
    if bound == float("inf"):
        return GateResult(gate, Verdict.INCONCLUSIVE, None,
                          f"slow share delta <= {t.max_p99_slow_share_delta:g}",
                          total_m + lat.service[-1][1],
                          "the monolith's p99 is beyond the histogram's last bound"
                          if total_m else "no monolith requests in this window")
    k_s, n_s = _count_above(lat.service, bound)
    k_m, n_m = _count_above(lat.legacy, bound)
    result = _compare(gate, k_s, n_s, k_m, n_m, t.max_p99_slow_share_delta, t,
                      f"share slower than {bound:g} s (monolith p99)")
    return result


def fallback_rate(m: Measurements, t: GateThresholds) -> GateResult:
    gate = "fallback_rate"
    threshold = f"<= {t.max_fallback_rate:g} over >= {t.min_requests} service reads"
    f = m.fallbacks
    if f is None:
        return _missing(gate, m, "fallbacks", threshold)
    n = f.attempts
    rate = f.fallbacks / n if n else None
    value = round(rate, 6) if rate is not None else None
    if n < t.min_requests:
        return GateResult(gate, Verdict.INCONCLUSIVE, value, threshold, n,
                          f"{n} of {t.min_requests} service reads")
    words = f"{f.fallbacks} of {n} service reads fell back to the monolith"
    if rate is not None and rate > t.max_fallback_rate:
        return GateResult(gate, Verdict.FAIL, value, threshold, n, words)
    return GateResult(gate, Verdict.PASS, value, threshold, n, words)


def no_ping_pong(m: Measurements, t: GateThresholds) -> GateResult:
    gate = "no_ping_pong"
    threshold = "0 forward transactions after the cut-over"
    p = m.ping_pong
    if p is None:
        return _missing(gate, m, "ping_pong", threshold)
    samples = p.forward_transactions + p.reverse_transactions
    if p.forward_transactions:
        return GateResult(gate, Verdict.FAIL, p.forward_transactions, threshold, samples,
                          f"the forward applier wrote {p.forward_transactions} transactions "
                          f"into the service in {p.window_seconds:g} s after the cut-over")
    if p.window_seconds <= 0:
        return GateResult(gate, Verdict.INCONCLUSIVE, 0, threshold, samples,
                          "no observation window")
    return GateResult(gate, Verdict.PASS, 0, threshold, samples,
                      f"no forward transaction in {p.window_seconds:g} s "
                      f"({p.reverse_transactions} reverse)")


GATES: dict[str, Gate] = {g.__name__: g for g in (
    service_health, legacy_health, forward_connector, reverse_connector, forward_lag,
    reverse_lag, verification, shadow_diff, error_rate, latency_p99, fallback_rate,
    no_ping_pong)}

_S = Stage
_FORWARD_SYNC = ("service_health", "forward_connector", "forward_lag")
_REVERSE_SYNC = ("reverse_connector", "reverse_lag")
TRANSITION_GATES: dict[tuple[Stage, Stage], tuple[str, ...]] = {
    (_S.LEGACY, _S.SHADOW): _FORWARD_SYNC,
    (_S.SHADOW, _S.CANARY): (*_FORWARD_SYNC, "verification", "shadow_diff"),
    (_S.CANARY, _S.READS): (*_FORWARD_SYNC, "verification", "error_rate", "latency_p99",
                            "fallback_rate"),
    (_S.READS, _S.WRITES): (*_FORWARD_SYNC, "verification", "fallback_rate"),
    (_S.WRITES, _S.RETIRED): ("service_health", *_REVERSE_SYNC, "no_ping_pong"),
    (_S.SHADOW, _S.LEGACY): ("legacy_health",),
    (_S.CANARY, _S.SHADOW): ("legacy_health",),
    (_S.READS, _S.CANARY): ("legacy_health",),
    (_S.WRITES, _S.READS): ("legacy_health", *_REVERSE_SYNC),
    (_S.RETIRED, _S.WRITES): ("service_health", *_REVERSE_SYNC),
}


def gates_for(old: Stage, new: Stage) -> tuple[str, ...]:
    """The gates of `old -> new`; raises KeyError for a transition off the ladder."""
    return TRANSITION_GATES[(old, new)]


def evaluate(old: Stage, new: Stage, m: Measurements, t: GateThresholds
             ) -> tuple[GateResult, ...]:
    return tuple(GATES[name](m, t) for name in gates_for(old, new))


def allowed(results: tuple[GateResult, ...]) -> bool:
    """Every gate passed (inconclusive never counts as pass)."""
    return all(r.verdict is Verdict.PASS for r in results)


def summary(results: tuple[GateResult, ...]) -> str:
    """One line naming the gates that did not pass, or that all passed."""
    blocking = [f"{r.gate} {r.verdict.value} ({r.detail})" for r in results
                if r.verdict is not Verdict.PASS]
    return "; ".join(blocking) if blocking else f"all {len(results)} gates passed"
