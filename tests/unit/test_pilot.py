"""The pilot (issue 17): its sample size against a seeded simulation of pilots, and the
after-pilot test and interval against scipy and Wilson intervals computed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from mlpm.evaluate.pilot import (
    PilotError,
    PilotInputs,
    PilotOutcome,
    plan_pilot,
    read_pilot,
    sample_size,
)
from mlpm.explain.pilot import plan_sentences, result_headline, result_sentences


def _simulated_power(p_control: float, p_model: float, n: int, *, runs: int = 6000,
                     seed: int = 0, alpha: float = 0.05) -> float:
    """Run ``runs`` pilots of ``n`` cases per arm; how often a pooled z-test says "real"."""
    rng = np.random.default_rng(seed)
    a = rng.binomial(n, p_control, runs)
    b = rng.binomial(n, p_model, runs)
    pooled = (a + b) / (2 * n)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    z = np.abs(a / n - b / n) / se
    return float(np.mean(2 * stats.norm.sf(z) < alpha))


@pytest.mark.parametrize(("p_control", "p_model"), [(0.20, 0.17), (0.05, 0.035), (0.5, 0.45)])
def test_the_sample_size_gives_80_percent_power_in_a_simulation(p_control: float,
                                                               p_model: float) -> None:
    n = sample_size(p_control, p_model)
    assert _simulated_power(p_control, p_model, n) == pytest.approx(0.8, abs=0.025)
    # And it is the smallest such size: a third fewer cases fall clearly short.
    assert _simulated_power(p_control, p_model, int(n * 0.67), seed=1) < 0.72


def test_the_plan_reads_recall_effect_and_volume() -> None:
    inputs = PilotInputs(action_effect=0.3, min_effect=0.02)
    plan = plan_pilot(inputs, test_base_rate=0.25, model_recall=0.6, model_flagged_share=0.3,
                      cases_per_month=4000)
    assert plan.control_rate == pytest.approx(0.25)
    assert plan.model_rate == pytest.approx(0.25 * (1 - 0.3 * 0.6))
    assert plan.expected_effect == pytest.approx(0.045)
    assert plan.per_arm == sample_size(0.25, 0.23)  # sized for the smallest drop worth having
    assert plan.weeks == int(np.ceil(2 * plan.per_arm / (4000 * 12 / 52)))
    assert not plan.underpowered
    assert plan.power_at_expected > 0.99


def test_a_rule_as_today_and_a_small_capacity_lengthen_the_pilot() -> None:
    inputs = PilotInputs(action_effect=0.5, control="rule")
    plan = plan_pilot(inputs, test_base_rate=0.2, model_recall=0.7, model_flagged_share=0.4,
                      cases_per_month=10_000, rule_recall=0.4, capacity_per_month=100)
    assert plan.control_rate == pytest.approx(0.2 * (1 - 0.5 * 0.4))
    assert plan.expected_effect == pytest.approx(0.2 * 0.5 * 0.3)
    per_week = 100 * 12 / 52
    assert plan.weeks == int(np.ceil(plan.per_arm * 0.4 / per_week))
    with pytest.raises(PilotError):
        plan_pilot(inputs, test_base_rate=0.2, model_recall=0.7, model_flagged_share=0.4,
                   cases_per_month=1000)  # no rule to compare with


def test_an_expected_effect_below_the_worthwhile_one_is_flagged() -> None:
    plan = plan_pilot(PilotInputs(action_effect=0.1, min_effect=0.03), test_base_rate=0.2,
                      model_recall=0.5, model_flagged_share=0.2, cases_per_month=1000)
    assert plan.underpowered
    assert plan.power_at_expected == pytest.approx(
        _simulated_power(0.2, 0.19, plan.per_arm, runs=4000), abs=0.03)
    assert any("Careful" in s for s in plan_sentences(plan, "churners"))


def test_after_the_pilot_the_z_test_equals_scipys_chi_squared() -> None:
    outcome = PilotOutcome(control_cases=2400, control_events=480, model_cases=2350,
                           model_events=400)
    result = read_pilot(outcome, min_effect=0.01)
    table = np.array([[480, 2400 - 480], [400, 2350 - 400]])
    _, p, _, _ = stats.chi2_contingency(table, correction=False)
    assert result.p_value == pytest.approx(p, rel=1e-9)
    assert result.drop == pytest.approx(480 / 2400 - 400 / 2350)
    # Newcombe's hybrid interval from two Wilson intervals, computed by hand.
    z = stats.norm.ppf(0.975)

    def wilson(x: int, n: int) -> tuple[float, float]:
        p_hat = x / n
        centre = (p_hat + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p_hat * (1 - p_hat) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return centre - half, centre + half

    p1, p2 = 480 / 2400, 400 / 2350
    l1, u1 = wilson(480, 2400)
    l2, u2 = wilson(400, 2350)
    low = p1 - p2 - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = p1 - p2 + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    assert (result.low, result.high) == pytest.approx((low, high), rel=1e-9)
    assert result.real
    assert result.verdict == ("better" if low >= 0.01 else "better_but_small")
    assert "real" in result_headline(result)


def test_a_chance_gap_is_unclear_and_bad_counts_are_refused() -> None:
    result = read_pilot(PilotOutcome(500, 100, 500, 95))
    assert not result.real
    assert result.verdict == "unclear"
    assert result.low < 0 < result.high
    assert "could be chance" in result_sentences(result, "churners")[-1]
    with pytest.raises(PilotError):
        PilotOutcome(100, 120, 100, 10)
    with pytest.raises(PilotError):
        PilotOutcome(0, 0, 100, 10)
    with pytest.raises(PilotError):
        PilotInputs(action_effect=0)


def test_a_long_pilot_says_what_would_shorten_it() -> None:
    small = plan_pilot(PilotInputs(action_effect=0.25), test_base_rate=0.27, model_recall=0.1,
                       model_flagged_share=0.04, cases_per_month=5000)
    assert small.weeks > 26
    assert any("more than half a year" in s for s in plan_sentences(small, "churners"))
    quick = plan_pilot(PilotInputs(action_effect=0.5), test_base_rate=0.27, model_recall=0.8,
                       model_flagged_share=0.3, cases_per_month=50_000)
    assert not any("half a year" in s for s in plan_sentences(quick, "churners"))
