"""The sequential comparison stays valid under repeated checking (simulation, fixed seed) and
still finds a clear difference."""

from __future__ import annotations

import math
import random

import pytest

from phase.sequential import Outcome, compare_rates, rate_interval

ALPHA = 0.05
REPS = 200
PEEK_EVERY = 50
N_MAX = 4000


def _ever(p_s: float, p_m: float, margin: float, outcome: Outcome, seed: int,
          decide=None) -> float:
    """Share of simulated runs where some peek (every PEEK_EVERY samples per arm, up to N_MAX)
    returned `outcome`."""
    rng = random.Random(seed)
    decide = decide or (lambda ks, n, km: compare_rates(ks, n, km, n, margin=margin,
                                                        alpha=ALPHA).outcome)
    hits = 0
    for _ in range(REPS):
        ks = km = 0
        for n in range(1, N_MAX + 1):
            ks += rng.random() < p_s
            km += rng.random() < p_m
            if n % PEEK_EVERY == 0 and decide(ks, n, km) is outcome:
                hits += 1
                break
    return hits / REPS


def _naive_z(ks: int, n: int, km: int) -> Outcome:
    """A fixed-sample one-sided z-test at level ALPHA, wrongly applied at every peek."""
    ps, pm = ks / n, km / n
    pooled = (ks + km) / (2 * n)
    se = math.sqrt(max(pooled * (1 - pooled) * 2 / n, 1e-12))
    return Outcome.WORSE if (ps - pm) / se > 1.645 else Outcome.UNDECIDED


def test_repeated_peeking_at_h0_fails_no_more_than_alpha() -> None:
    # H0 at its boundary: the service is worse by exactly the margin
    assert _ever(0.03, 0.02, 0.01, Outcome.WORSE, seed=1) <= ALPHA
    # and with equal rates, no margin
    assert _ever(0.02, 0.02, 0.0, Outcome.WORSE, seed=2) <= ALPHA


def test_the_simulation_catches_a_test_that_is_not_valid_under_peeking() -> None:
    """The same harness on a fixed-sample z-test peeked at 80 times: far above alpha, so the
    check above can fail."""
    assert _ever(0.02, 0.02, 0.0, Outcome.WORSE, seed=2, decide=_naive_z) > 2 * ALPHA


def test_it_never_passes_a_service_worse_than_the_margin_more_than_alpha() -> None:
    assert _ever(0.03, 0.02, 0.0, Outcome.NO_WORSE, seed=3) <= ALPHA


def test_power_on_a_clear_difference() -> None:
    # 8 % errors against 2 %: found in nearly every run, and early
    assert _ever(0.08, 0.02, 0.0, Outcome.WORSE, seed=4) >= 0.95
    rng = random.Random(5)
    ks = km = 0
    for _ in range(2000):
        ks += rng.random() < 0.08
        km += rng.random() < 0.02
    assert compare_rates(ks, 2000, km, 2000, margin=0.0, alpha=ALPHA).outcome is Outcome.WORSE


def test_equal_clean_arms_pass_once_there_is_enough_traffic() -> None:
    assert compare_rates(0, 100, 0, 100, margin=0.001, alpha=ALPHA).outcome is \
        Outcome.UNDECIDED
    assert compare_rates(0, 20_000, 0, 20_000, margin=0.001, alpha=ALPHA).outcome is \
        Outcome.NO_WORSE


@pytest.mark.parametrize(("k", "n"), [(0, 1), (0, 1000), (5, 1000), (1000, 1000), (1, 2)])
def test_rate_interval_contains_the_estimate_and_stays_in_bounds(k: int, n: int) -> None:
    lo, hi = rate_interval(k, n, 0.05)
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert lo < hi


def test_rate_interval_without_data_says_nothing() -> None:
    assert rate_interval(0, 0, 0.05) == (0.0, 1.0)


def test_rate_interval_shrinks_with_more_data() -> None:
    widths = [rate_interval(n // 50, n, 0.05) for n in (100, 1000, 10_000)]
    spans = [hi - lo for lo, hi in widths]
    assert spans[0] > spans[1] > spans[2]


@pytest.mark.parametrize(("k", "n", "alpha"), [(2, 1, 0.05), (-1, 3, 0.05), (0, 3, 0.0),
                                               (0, 3, 1.0)])
def test_rate_interval_refuses_nonsense(k: int, n: int, alpha: float) -> None:
    with pytest.raises(ValueError):
        rate_interval(k, n, alpha)
