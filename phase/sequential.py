"""Always-valid confidence sequences for rates, and the comparison of two rates (pure).

The comparison gates (service error rate and p99 latency against the monolith's) are checked
again and again while traffic accumulates. A fixed-sample test (a z-test on two raw rates) run
at every check is not a test any more: its chance of a false alarm grows with the number of
looks. These gates use confidence *sequences* instead, which hold at every sample size at once,
so they may be checked as often as anyone likes.

The math (docs/phase.md has the same text):

* One rate. Let X_1, X_2, ... be independent Bernoulli(p) outcomes (1 = an error), k errors in
  n. For a candidate p0, the mixture of likelihood ratios over a uniform prior on the rate,

      M_n(p0) = ∫ q^k (1-q)^(n-k) dq / (p0^k (1-p0)^(n-k))
              = B(k+1, n-k+1) / (p0^k (1-p0)^(n-k)),

  is a non-negative martingale with M_0 = 1 when p = p0. Ville's inequality gives
  P(there is an n with M_n(p) >= 1/alpha) <= alpha, so

      C_n = { p0 in [0, 1] : M_n(p0) < 1/alpha }

  contains the true rate at every n simultaneously with probability at least 1 - alpha (Robbins
  1970; Howard, Ramdas, McAuliffe, Sekhon 2021). log M_n is convex in p0 with its minimum at
  k/n, where M_n <= 1, so C_n is an interval around k/n: its ends are found by bisection.

* Two rates, difference Δ = p_s - p_m (service minus monolith), margin δ. With C^s and C^m the
  sequences of each arm at level alpha/2, the union bound makes

      [lo_s - hi_m, hi_s - lo_m]

  a confidence sequence for Δ at level alpha, whatever the order in which the two arms'
  samples arrive. The decision, at any look:

  - `worse`     when lo_Δ > δ: the service is worse by more than δ;
  - `no_worse`  when hi_Δ <= δ: the service is worse by at most δ;
  - `undecided` otherwise.

  Under H0 (Δ <= δ) the chance that *any* look ever says `worse` is at most alpha; under
  Δ > δ the chance that any look ever says `no_worse` is at most alpha. Both are checked by
  simulation in tests/phase/test_sequential.py.

Assumptions: outcomes are independent with a rate that does not drift within the window (the
usual ones of an A/B comparison). Bursty failures make any rate test optimistic; the gate's
minimum sample size and the lag/health gates cover the obvious bursts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Comparison", "Outcome", "compare_rates", "rate_interval"]

_BISECT_STEPS = 60  # the interval ends to 2^-60 of the search span


def _log_mixture(k: int, n: int, p: float) -> float:
    """log M_n(p) (see the module docstring); +inf where the likelihood is 0."""
    log_beta = math.lgamma(k + 1) + math.lgamma(n - k + 1) - math.lgamma(n + 2)
    if (k > 0 and p <= 0.0) or (k < n and p >= 1.0):
        return math.inf
    log_lik = (k * math.log(p) if k else 0.0) + ((n - k) * math.log1p(-p) if n - k else 0.0)
    return log_beta - log_lik


def _edge(k: int, n: int, inside: float, outside: float, bound: float) -> float:
    """The point between `inside` (in C_n) and `outside` where log M_n crosses `bound`."""
    if _log_mixture(k, n, outside) < bound:
        return outside
    for _ in range(_BISECT_STEPS):
        mid = (inside + outside) / 2
        if _log_mixture(k, n, mid) < bound:
            inside = mid
        else:
            outside = mid
    return inside if outside == inside else (inside + outside) / 2


def rate_interval(k: int, n: int, alpha: float) -> tuple[float, float]:
    """The always-valid (1 - alpha) confidence interval of a rate after k events in n trials.

    With no trials it is [0, 1]: no data says nothing."""
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1")
    if n < 0 or not 0 <= k <= n:
        raise ValueError("need 0 <= k <= n")
    if n == 0:
        return 0.0, 1.0
    bound = math.log(1 / alpha)
    centre = k / n
    return (_edge(k, n, centre, 0.0, bound), _edge(k, n, centre, 1.0, bound))


class Outcome(StrEnum):
    WORSE = "worse"
    NO_WORSE = "no_worse"
    UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Δ = p_s - p_m: its estimate, its always-valid interval and the decision against δ."""

    outcome: Outcome
    estimate: float
    low: float
    high: float
    margin: float
    alpha: float

    def as_dict(self) -> dict[str, float | str]:
        return {"outcome": self.outcome.value, "estimate": round(self.estimate, 6),
                "low": round(self.low, 6), "high": round(self.high, 6),
                "margin": self.margin, "alpha": self.alpha}


def compare_rates(k_s: int, n_s: int, k_m: int, n_m: int, *, margin: float,
                  alpha: float) -> Comparison:
    """Is the service's rate (k_s of n_s) worse than the monolith's (k_m of n_m) by more than
    `margin`? Valid under any number of looks (module docstring)."""
    lo_s, hi_s = rate_interval(k_s, n_s, alpha / 2)
    lo_m, hi_m = rate_interval(k_m, n_m, alpha / 2)
    low, high = lo_s - hi_m, hi_s - lo_m
    estimate = (k_s / n_s if n_s else 0.0) - (k_m / n_m if n_m else 0.0)
    if low > margin:
        outcome = Outcome.WORSE
    elif high <= margin:
        outcome = Outcome.NO_WORSE
    else:
        outcome = Outcome.UNDECIDED
    return Comparison(outcome, estimate, low, high, margin, alpha)
