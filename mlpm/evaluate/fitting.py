"""The over/underfitting verdict of a learning curve, as facts (the words: :mod:`mlpm.explain.curves`).

It reads the curve's last point and, with three or more sizes, the fitted trend of
:mod:`mlpm.evaluate.extrapolate`; living apart from :mod:`mlpm.evaluate.curves` keeps the
curves free of the trend fit that builds on them (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlpm.evaluate.curves import (
    SHARE_METRICS,
    LearningCurveResult,
    best_possible,
    direction,
)
from mlpm.evaluate.extrapolate import MIN_SIZES, more_data_outlook

OVERFIT_GAP = 0.08  # training beats validation by this share of a whole score: memorising
UNDERFIT_LIFT = 0.25  # training gains less than this share of the way from guessing to perfect
BARELY_LIFT = 0.15  # validation gains less than this: "barely beats always guessing"
RISING = 0.005  # the last step of the validation curve rose by this share of a whole score


@dataclass(frozen=True)
class Diagnosis:
    """The verdict in one word and the numbers behind it.

    ``trend`` is where the validation curve is heading: "rising" (more data helps), "unclear"
    (the fitted trend cannot tell) or "flat". ``barely_beats_baseline``: on new rows the
    model gains little over always guessing.
    """

    verdict: str  # "overfitting" | "underfitting" | "good fit"
    train_score: float
    validation_score: float
    gap: float  # how much better training scores, in the metric's unit and direction
    more_data_helps: bool
    trend: str = "flat"  # "rising" | "unclear" | "flat"
    barely_beats_baseline: bool = False


def diagnose(result: LearningCurveResult) -> Diagnosis:
    """Overfitting when training beats validation by a wide margin; underfitting when even
    training barely beats the no-learning baseline.

    "Beats" follows the metric's direction (a lower typical error is better) and margins are
    shares of :func:`mlpm.evaluate.curves.score_scale`, so 0.08 of F1 and 8% of the baseline's
    typical error are the same call.
    """
    train, val = float(result.train_mean[-1]), float(result.validation_mean[-1])
    sign, scale = direction(result.metric), result.scale
    gap = sign * (train - val)
    trend = _trend(result)
    headroom = _headroom(result)
    lift = sign * (train - result.baseline_score) / headroom if headroom > 0 else 0.0
    val_lift = sign * (val - result.baseline_score) / headroom if headroom > 0 else 0.0
    if gap > OVERFIT_GAP * scale:
        verdict = "overfitting"
    elif lift < UNDERFIT_LIFT:
        verdict = "underfitting"
    else:
        verdict = "good fit"
    return Diagnosis(verdict, train, val, gap, trend == "rising", trend,
                     bool(val_lift < BARELY_LIFT))


def _headroom(result: LearningCurveResult) -> float:
    """How far perfect answers are from the no-learning baseline, in the metric's direction."""
    best = best_possible(result.metric) if np.isnan(result.best_score) else result.best_score
    if result.metric in SHARE_METRICS:
        return 1.0 - result.baseline_score
    if np.isfinite(best):
        return direction(result.metric) * (best - result.baseline_score)
    return 1.0


def _trend(result: LearningCurveResult) -> str:
    """"rising" / "unclear" / "flat": the fitted trend from three sizes on, else the last step."""
    if len(result.train_sizes) >= MIN_SIZES:
        verdict = more_data_outlook(result).verdict
        if verdict != "unknown":
            return {"yes": "rising", "unclear": "unclear"}.get(verdict, "flat")
    val_mean = result.validation_mean
    step = (direction(result.metric) * float(val_mean[-1] - val_mean[-2])
            if len(val_mean) > 1 else 0.0)
    return "rising" if step > RISING * result.scale else "flat"
