"""A pilot that proves it: plan an A/B test of the model's decision, then read its outcome.

Before the pilot, :func:`plan_pilot` sizes a randomised test of two arms: today's way (no action,
or the PM's rule) and the model's decision (act on the cases it flags at the operating point).
The outcome is the share of cases that end up positive (e.g. churn). The expected rates come
from the base rate, the share of real cases each arm reaches (its recall on the test rows) and
what the action does for a real case it reaches (the PM's guess); the sample size per arm is
statsmodels' normal-approximation power analysis on Cohen's h (two-sided, 5% false alarm
rate, 80% power by default), for the smallest difference the PM says is worth it. After the
pilot, :func:`read_pilot` tests the observed counts (a two-proportion z-test) and gives a
95% interval for the difference (Newcombe's hybrid score interval).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from mlpm.errors import UserError
from mlpm.evaluate.capacity import WEEKS_PER_MONTH

CONTROLS = {"nothing": "no action (today)", "rule": "your rule"}


class PilotError(UserError):
    """Pilot settings or counts that can't be used."""


@dataclass(frozen=True)
class PilotInputs:
    """The PM's pilot choices (plain data: saved with the project, shown on the slide).

    ``action_effect``: of the real cases the action reaches, the share it turns around (a call
    keeps 25% of the churners it reaches: 0.25). ``min_effect``: the smallest drop in the
    outcome rate (absolute, 0.01 = one percentage point) worth rolling out for; ``None`` = size
    the pilot for the drop the model is expected to make. ``base_rate``: the outcome's rate
    today; ``None`` = the test rows' rate.
    """

    action_effect: float = 0.25
    min_effect: float | None = None
    base_rate: float | None = None
    control: str = "nothing"  # a key of CONTROLS
    alpha: float = 0.05
    power: float = 0.8

    def __post_init__(self) -> None:
        if not 0 < self.action_effect <= 1:
            raise PilotError("The action's effect must be between 0% and 100%.",
                             "For example 25%: a call keeps one churner in four it reaches.")
        if self.min_effect is not None and not 0 < self.min_effect < 1:
            raise PilotError("The smallest worthwhile drop must be between 0% and 100%.",
                             "For example one point (0.01): the rate falls from 20% to 19%.")
        if self.base_rate is not None and not 0 < self.base_rate < 1:
            raise PilotError("Today's rate must be between 0% and 100%.",
                             "Leave it empty to use the rate in your data.")
        if self.control not in CONTROLS:
            raise PilotError(f"Unknown way of working today: {self.control}.",
                             "Choose no action or your rule.")
        if not 0 < self.alpha < 0.5 or not 0.5 <= self.power < 1:
            raise PilotError("The false alarm rate must be under 50% and the power 50-99%.",
                             "The usual choice is 5% and 80%.")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> PilotInputs:
        """Inputs saved with :meth:`as_dict` (unknown keys ignored, missing ones default)."""
        known = {k: v for k, v in dict(data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


def saved_inputs(data: dict[str, object] | None) -> PilotInputs | None:
    """The pilot inputs a project saved, or ``None`` when there are none or they no longer
    make sense (a saved project is read, never trusted)."""
    if not data:
        return None
    try:
        return PilotInputs.from_dict(data)
    except (PilotError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class PilotPlan:
    """How many cases each arm needs and how long the pilot runs."""

    inputs: PilotInputs
    base_rate: float  # the outcome's rate with no action
    control_rate: float  # expected rate in today's arm
    model_rate: float  # expected rate in the model's arm
    expected_effect: float  # control_rate - model_rate (positive = the model's arm does better)
    detect: float  # the drop the pilot is sized to detect
    per_arm: int  # cases per arm
    weeks: int  # at the PM's volume (and the team's capacity, when set)
    cases_per_week: float
    flagged_share: float  # share of the model's arm the model flags
    capacity_per_week: float | None
    power_at_expected: float  # chance this pilot shows the expected drop, if it is real

    @property
    def total(self) -> int:
        return 2 * self.per_arm

    @property
    def underpowered(self) -> bool:
        """The model is expected to do less than the drop the pilot is sized for."""
        return self.expected_effect < self.detect - 1e-12

    def as_dict(self) -> dict[str, object]:
        return {"inputs": self.inputs.as_dict(), "base_rate": round(self.base_rate, 6),
                "control": self.inputs.control,
                "control_rate": round(self.control_rate, 6),
                "model_rate": round(self.model_rate, 6),
                "expected_effect": round(self.expected_effect, 6),
                "detect": round(self.detect, 6), "per_arm": self.per_arm, "total": self.total,
                "weeks": self.weeks, "cases_per_week": round(self.cases_per_week, 3),
                "flagged_share": round(self.flagged_share, 6),
                "capacity_per_week": self.capacity_per_week,
                "power_at_expected": round(self.power_at_expected, 6),
                "alpha": self.inputs.alpha, "power": self.inputs.power}


def sample_size(control_rate: float, model_rate: float, *, alpha: float = 0.05,
                power: float = 0.8) -> int:
    """Cases per arm to tell two rates apart (statsmodels NormalIndPower, Cohen's h)."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    effect = abs(proportion_effectsize(control_rate, model_rate))
    if effect == 0:
        raise PilotError("The two arms are expected to end up the same, so no pilot can tell "
                         "them apart.", "Check the action's effect and the drop worth having.")
    n = NormalIndPower().solve_power(effect_size=effect, alpha=alpha, power=power, ratio=1.0,
                                     alternative="two-sided")
    return math.ceil(float(np.asarray(n).item()) - 1e-9)


def _power(control_rate: float, model_rate: float, per_arm: int, alpha: float) -> float:
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    effect = abs(proportion_effectsize(control_rate, model_rate))
    if effect == 0:
        return alpha
    return float(NormalIndPower().power(effect_size=effect, nobs1=per_arm, alpha=alpha,
                                        ratio=1.0, alternative="two-sided"))


def plan_pilot(inputs: PilotInputs, *, test_base_rate: float, model_recall: float,
               model_flagged_share: float, cases_per_month: float,
               rule_recall: float | None = None,
               capacity_per_month: float | None = None) -> PilotPlan:
    """Size the A/B test of the model's decision against today's way.

    ``model_recall`` and ``model_flagged_share`` are the model's at the operating point on the
    test rows; ``rule_recall`` the PM's rule's (needed when today's way is the rule).
    """
    if inputs.control == "rule" and rule_recall is None:
        raise PilotError("There is no rule to compare with.",
                         "Write your rule on Train, or compare with no action.")
    if cases_per_month <= 0:
        raise PilotError("Cases per month must be more than zero.",
                         "Enter your monthly volume in the money settings on Evaluate.")
    base = inputs.base_rate if inputs.base_rate is not None else float(test_base_rate)
    if not 0 < base < 1:
        raise PilotError("The outcome never or always happens in the data, so a pilot can't "
                         "measure a change.", "Check the target and the positive label.")
    reached_today = rule_recall if inputs.control == "rule" else 0.0
    control_rate = base * (1 - inputs.action_effect * float(reached_today))
    model_rate = base * (1 - inputs.action_effect * float(model_recall))
    expected = control_rate - model_rate
    detect = inputs.min_effect if inputs.min_effect is not None else expected
    if detect <= 0:
        raise PilotError("The model is not expected to do better than today's way, so a "
                         "pilot has nothing to prove.",
                         "Enter the smallest drop worth having, or compare with no action.")
    if detect >= control_rate:
        raise PilotError("The drop to detect is as large as today's rate itself.",
                         "Enter a smaller drop (in percentage points).")
    per_arm = sample_size(control_rate, control_rate - detect, alpha=inputs.alpha,
                          power=inputs.power)
    per_week = cases_per_month / WEEKS_PER_MONTH
    weeks = 2 * per_arm / per_week
    capacity_week = None
    if capacity_per_month:
        capacity_week = capacity_per_month / WEEKS_PER_MONTH
        # The model's arm must not hand the team more cases a week than it can handle.
        weeks = max(weeks, per_arm * model_flagged_share / capacity_week)
    return PilotPlan(inputs, base, control_rate, model_rate, expected, detect, per_arm,
                     max(1, math.ceil(weeks - 1e-9)), per_week, float(model_flagged_share),
                     capacity_week, _power(control_rate, model_rate, per_arm, inputs.alpha))


@dataclass(frozen=True)
class PilotOutcome:
    """What the PM observed: cases and positive outcomes in each arm."""

    control_cases: int
    control_events: int
    model_cases: int
    model_events: int

    def __post_init__(self) -> None:
        counts = (self.control_cases, self.control_events, self.model_cases, self.model_events)
        if any(c < 0 for c in counts):
            raise PilotError("Counts can't be negative.", "Enter how many cases each arm had.")
        if self.control_cases == 0 or self.model_cases == 0:
            raise PilotError("Each arm needs at least one case.",
                             "Enter how many cases each arm had in the pilot.")
        if self.control_events > self.control_cases or self.model_events > self.model_cases:
            raise PilotError("An arm can't have more outcomes than cases.",
                             "Check the counts: outcomes are part of the arm's cases.")


@dataclass(frozen=True)
class PilotResult:
    """Whether the difference between the arms is real, and how large it plausibly is."""

    outcome: PilotOutcome
    control_rate: float
    model_rate: float
    drop: float  # control_rate - model_rate: positive = fewer outcomes in the model's arm
    low: float  # 95% interval of the drop
    high: float
    p_value: float
    alpha: float
    min_effect: float | None

    @property
    def real(self) -> bool:
        """The difference is unlikely to be chance (p below the false alarm rate)."""
        return self.p_value < self.alpha

    @property
    def verdict(self) -> str:
        """``better`` / ``worse`` / ``unclear``; ``better_but_small`` when real but maybe below
        the smallest worthwhile drop."""
        if not self.real:
            return "unclear"
        if self.drop < 0:
            return "worse"
        if self.min_effect is not None and self.low < self.min_effect:
            return "better_but_small"
        return "better"

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self.outcome), "control_rate": self.control_rate,
                "model_rate": self.model_rate, "drop": self.drop, "low": self.low,
                "high": self.high, "p_value": self.p_value, "alpha": self.alpha,
                "real": self.real, "verdict": self.verdict}


def read_pilot(outcome: PilotOutcome, *, alpha: float = 0.05,
               min_effect: float | None = None) -> PilotResult:
    """Test the pilot's counts: two-proportion z-test and Newcombe's interval of the drop."""
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    counts = np.array([outcome.control_events, outcome.model_events])
    cases = np.array([outcome.control_cases, outcome.model_cases])
    control_rate, model_rate = counts / cases
    if counts.sum() in (0, cases.sum()):  # no variation at all: nothing to test
        p_value = 1.0
    else:
        _, p = proportions_ztest(counts, cases, alternative="two-sided")
        p_value = float(p)
    low, high = confint_proportions_2indep(outcome.control_events, outcome.control_cases,
                                           outcome.model_events, outcome.model_cases,
                                           method="newcomb", compare="diff", alpha=alpha)
    return PilotResult(outcome, float(control_rate), float(model_rate),
                       float(control_rate - model_rate), float(low), float(high), p_value,
                       alpha, min_effect)
