"""Sentences about the pilot: the plan before it, and what its counts say after it."""

from __future__ import annotations

from mlpm.evaluate.pilot import CONTROLS, PilotPlan, PilotResult
from mlpm.explain.safe import md

LONG_WEEKS = 26
"""A pilot longer than this is called long, with what would shorten it."""


def _pct(rate: float, digits: int = 1) -> str:
    return f"{rate * 100:.{digits}f}%"


def _points(drop: float) -> str:
    """A difference of rates in percentage points: "1.5 points"."""
    value = abs(drop) * 100
    text = f"{value:.1f}" if value >= 0.1 else f"{value:.2f}"
    return f"{text} point{'' if text == '1.0' else 's'}"


def plan_headline(plan: PilotPlan) -> str:
    """ "Test it on 2,626 cases per arm: about 5 weeks at your volume." """
    weeks = f"{plan.weeks} week{'s' if plan.weeks != 1 else ''}"
    return (f"Pilot: {plan.per_arm:,} cases in each arm ({plan.total:,} in all), about {weeks} "
            f"at your volume.")


def plan_sentences(plan: PilotPlan, noun: str) -> list[str]:
    """The plan in the PM's words: the arms, the expected rates, the size, how long."""
    today = CONTROLS[plan.inputs.control]
    inputs = plan.inputs
    lines = [
        (f"Split new cases at random into two arms: {today} and the model's decision (act on "
         f"the {_pct(plan.flagged_share, 0)} of cases it flags). Count the {md(noun)} in each."),
        (f"If the action turns around {_pct(inputs.action_effect, 0)} of the {md(noun)} it "
         f"reaches, the model's arm should end at {_pct(plan.model_rate)} against "
         f"{_pct(plan.control_rate)} with {today}: {_points(plan.expected_effect)} fewer."),
        (f"To see a drop of {_points(plan.detect)} with {_pct(inputs.power, 0)} certainty, "
         f"and at most a {_pct(inputs.alpha, 0)} chance of a false alarm, each arm needs "
         f"{plan.per_arm:,} cases: {plan.weeks} week{'s' if plan.weeks != 1 else ''} at "
         f"{plan.cases_per_week:,.0f} cases a week."),
    ]
    if plan.capacity_per_week is not None:
        lines.append(f"The model's arm hands the team about "
                     f"{plan.per_arm * plan.flagged_share / plan.weeks:,.0f} cases a week, "
                     f"within its {plan.capacity_per_week:,.0f}.")
    if plan.weeks > LONG_WEEKS:
        lines.append(f"That is more than half a year. A larger drop worth having, an action "
                     f"that reaches more of the {md(noun)} (a larger capacity, a lower "
                     f"threshold) or a stronger action makes the pilot shorter.")
    if plan.underpowered:
        lines.append(f"Careful: the model is expected to make a drop of only "
                     f"{_points(plan.expected_effect)}, less than the {_points(plan.detect)} "
                     f"you need; this pilot would show it only "
                     f"{_pct(plan.power_at_expected, 0)} of the time.")
    return lines


def result_headline(result: PilotResult) -> str:
    """Whether the difference is real, in one line."""
    verdict = result.verdict
    if verdict == "unclear":
        return ("The pilot does not show a real difference: a gap this size could be chance "
                f"(p = {result.p_value:.2f}).")
    if verdict == "worse":
        return (f"The model's arm did worse, and the difference is real "
                f"(p = {result.p_value:.3f}): do not roll it out as it is.")
    if verdict == "better_but_small":
        return (f"The model's arm did better and the difference is real "
                f"(p = {result.p_value:.3f}), but it may be smaller than the drop worth having.")
    return (f"The model's arm did better, and the difference is real "
            f"(p = {result.p_value:.3f}): roll it out.")


def result_sentences(result: PilotResult, noun: str) -> list[str]:
    """The rates, the drop and its interval, and the verdict."""
    o = result.outcome
    lines = [
        (f"Today's arm: {o.control_events:,} {md(noun)} in {o.control_cases:,} cases "
         f"({_pct(result.control_rate)}); the model's arm: {o.model_events:,} in "
         f"{o.model_cases:,} ({_pct(result.model_rate)})."),
        (f"The model's arm had {_points(result.drop)} "
         f"{'fewer' if result.drop >= 0 else 'more'} {md(noun)}; the true difference is "
         f"between {_signed(result.low)} and {_signed(result.high)} points "
         f"({_pct(1 - result.alpha, 0)} interval; positive = fewer in the model's arm)."),
        result_headline(result),
    ]
    return lines


def _signed(drop: float) -> str:
    return f"{drop * 100:+.1f}"
