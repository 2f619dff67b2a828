"""Would more data help? Extend the learning curve's trend to 2×, 5× and 10× the rows.

Validation scores of most models grow like an inverse power law of the training size and
level off: ``score(n) = limit - b · n^(-c)`` with ``b ≥ 0`` and ``c > 0``. For each ``c`` on a
grid the best ``limit`` and ``b`` are a two-parameter least-squares solve, so the fit is a few
vectorised lines, deterministic, and never fails to converge. The uncertainty comes from
refitting on bootstrap resamples of the folds (the folds are what differ between runs).

A lower-is-better score (typical error) is fitted the other way up, ``error(n) = limit +
b · n^(-c)``, and every gain is measured in the metric's direction and on its scale
(:func:`mlpm.evaluate.curves.score_scale`). "Now" is the score the learning curve shows at its last
point, so the sentence and the chart quote the same number (issue 14).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from mlpm.evaluate.curves import LearningCurveResult, best_possible, direction, format_curve_score

FACTORS = (2, 5, 10)
EXPONENTS = np.geomspace(0.05, 3.0, 90)
BOOTSTRAPS = 300
RANGE = (10, 90)  # percentiles shown as "likely between"
MIN_SIZES = 3
HELPS = 0.02  # a gain at 10× the rows worth collecting data for, on a 0–1 score
NO_HELP = 0.01  # a gain too small to notice
LEVELS_OFF = 0.03  # the trend at 10× is this close to its limit: "levels off near …"


@dataclass(frozen=True)
class PowerLaw:
    """``score(n) = limit - sign · b · n^(-c)`` (``sign`` -1: an error that falls to ``limit``)."""

    limit: float
    b: float
    c: float
    sign: float = 1.0

    def __call__(self, n: np.ndarray | float) -> np.ndarray:
        return self.limit - self.sign * self.b * np.power(np.asarray(n, dtype=float), -self.c)


@dataclass(frozen=True)
class OutlookPoint:
    """The expected validation score with ``factor`` times the data, and its likely range."""

    factor: float
    rows: int
    score: float
    low: float
    high: float


@dataclass(frozen=True)
class DataOutlook:
    """What more rows of the same kind would likely do to the validation score.

    ``verdict``: "yes" (the likely gain is worth it), "no" (the curve has levelled off),
    "unclear" (the range spans both), "unknown" (too few points to fit a trend).
    ``now`` is the measured validation score at the curve's last point (``measured_rows``
    training rows), exactly what the learning curve shows there; ``trend_now`` is the fitted
    trend at all ``rows``, what the gains are measured from.
    """

    metric: str
    rows: int
    now: float
    limit: float
    limit_low: float
    limit_high: float
    points: tuple[OutlookPoint, ...]
    verdict: str
    law: PowerLaw | None
    measured_rows: int = 0
    trend_now: float = float("nan")
    scale: float = 1.0  # one "whole score" (see mlpm.evaluate.curves.score_scale)
    reference: float = 0.0  # a typical magnitude, for formatting money and errors

    @property
    def sign(self) -> float:
        return direction(self.metric)

    def fmt(self, value: float) -> str:
        """A score as the learning curve's chart and sentences show it."""
        return format_curve_score(self.metric, value, self.reference)

    @property
    def levels_off(self) -> bool:
        """True when the fitted limit is close to the score at the largest factor, so "it
        levels off near …" is something the data shows rather than a far-off guess."""
        return (self.law is not None and bool(self.points)
                and self.sign * (self.limit - self.points[-1].score) < LEVELS_OFF * self.scale)

    def point(self, factor: float) -> OutlookPoint:
        return next(p for p in self.points if p.factor == factor)

    def as_dict(self) -> dict[str, object]:
        return {"metric": self.metric, "rows": self.rows, "now": self.now,
                "measured_rows": self.measured_rows, "trend_now": self.trend_now,
                "limit": self.limit, "limit_range": [self.limit_low, self.limit_high],
                "verdict": self.verdict,
                "points": [{"factor": p.factor, "rows": p.rows, "score": p.score,
                            "low": p.low, "high": p.high} for p in self.points]}


def fit_power_law(sizes: np.ndarray, scores: np.ndarray, *, ceiling: float = 1.0) -> PowerLaw:
    """Least-squares ``limit - b·n^(-c)`` with ``b ≥ 0`` and ``limit`` at most ``ceiling``."""
    return _fit_many(np.asarray(sizes, dtype=float), np.asarray(scores, dtype=float)[:, None],
                     ceiling=ceiling)[0]


def _fit_many(sizes: np.ndarray, scores: np.ndarray, *, ceiling: float) -> list[PowerLaw]:
    """Fit one power law per column of ``scores`` (shape (n_sizes, k)), all at once."""
    basis = np.power(sizes[:, None], -EXPONENTS[None, :])  # (n, m): n^(-c) for every c
    mean_basis = basis.mean(axis=0)  # (m,)
    mean_score = scores.mean(axis=0)  # (k,)
    centred_basis = basis - mean_basis  # (n, m)
    centred_score = scores - mean_score  # (n, k)
    denom = (centred_basis ** 2).sum(axis=0)  # (m,)
    # Least squares of score = limit + slope·basis, slope = -b must be ≤ 0.
    slope = (centred_basis.T @ centred_score) / np.where(denom > 0, denom, 1.0)[:, None]  # (m, k)
    slope = np.minimum(slope, 0.0)
    limit = mean_score[None, :] - slope * mean_basis[:, None]  # (m, k)
    # The limit can't pass the best possible score: clip it and refit the slope through it.
    over = limit > ceiling
    if np.any(over):
        gap = ceiling - scores  # (n, k): ≥ 0 when scores ≤ ceiling
        b_clip = (basis.T @ gap) / np.where((basis ** 2).sum(axis=0) > 0,
                                            (basis ** 2).sum(axis=0), 1.0)[:, None]
        b_clip = np.maximum(b_clip, 0.0)
        slope = np.where(over, -b_clip, slope)
        limit = np.where(over, ceiling, limit)
    fitted = limit[:, None, :] + slope[:, None, :] * basis.T[:, :, None]  # (m, n, k)
    sse = ((fitted - scores[None, :, :]) ** 2).sum(axis=1)  # (m, k)
    best = np.argmin(sse, axis=0)  # (k,)
    cols = np.arange(scores.shape[1])
    return [PowerLaw(float(limit[m, k]), float(-slope[m, k]), float(EXPONENTS[m]))
            for k, m in zip(cols, best, strict=True)]


def more_data_outlook(result: LearningCurveResult, *, factors: tuple[float, ...] = FACTORS,
                      bootstraps: int = BOOTSTRAPS, seed: int = 0) -> DataOutlook:
    """Fit the validation curve's trend and read it at ``factors`` × the rows available.

    The spread comes from refitting on ``bootstraps`` resamples of the folds; the range shown
    is their 10th to 90th percentile. Lower-is-better scores are fitted flipped (``-error``,
    which cannot pass 0) and flipped back, so every number reads in the metric's own unit.
    """
    rows = result.data_rows
    targets = np.array([rows * f for f in factors], dtype=float)
    sign, scale = direction(result.metric), result.scale
    reference = result.reference
    shown = result.validation_mean  # exactly what the chart and points() show per size
    measured = np.flatnonzero(np.isfinite(shown))
    now_observed = float(shown[measured[-1]]) if len(measured) else float("nan")
    measured_rows = int(result.train_sizes[measured[-1]]) if len(measured) else 0
    scores = sign * np.asarray(result.validation_scores, dtype=float)  # higher is better
    keep = ~np.all(np.isnan(scores), axis=1)
    sizes = np.asarray(result.train_sizes, dtype=float)[keep]
    scores = scores[keep]
    extra = {"measured_rows": measured_rows, "scale": scale, "reference": reference}
    if len(sizes) < MIN_SIZES:
        points = tuple(OutlookPoint(f, int(t), float("nan"), float("nan"), float("nan"))
                       for f, t in zip(factors, targets, strict=True))
        return DataOutlook(result.metric, rows, now_observed, float("nan"), float("nan"),
                           float("nan"), points, "unknown", None, **extra)
    best = best_possible(result.metric) if np.isnan(result.best_score) else result.best_score
    ceiling = sign * best if np.isfinite(best) else np.inf
    means = np.nanmean(scores, axis=1)
    flipped = _fit_many(sizes, means[:, None], ceiling=ceiling)[0]
    law = PowerLaw(sign * flipped.limit, flipped.b, flipped.c, sign)
    rng = np.random.default_rng(seed)
    n_folds = scores.shape[1]
    picks = rng.integers(0, n_folds, size=(bootstraps, n_folds))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a fold that failed at every size
        resampled = np.nanmean(scores[:, picks], axis=2)  # (n_sizes, bootstraps)
    resampled = np.where(np.isnan(resampled), means[:, None], resampled)
    laws = [PowerLaw(sign * w.limit, w.b, w.c, sign)
            for w in _fit_many(sizes, resampled, ceiling=ceiling)]
    at = np.array([[float(w(t)) for t in [rows, *targets]] for w in laws])  # (B, 1 + F)
    limits = np.array([w.limit for w in laws])
    now = float(law(rows))  # the trend at every row you have: gains are measured from here
    points = []
    for j, (factor, target) in enumerate(zip(factors, targets, strict=True)):
        low, high = np.percentile(at[:, j + 1], RANGE)
        points.append(OutlookPoint(float(factor), int(target), float(law(target)),
                                   float(min(low, law(target))), float(max(high, law(target)))))
    gains = sign * (at[:, -1] - at[:, 0]) / scale  # gain at the largest factor, per bootstrap
    gain_low, gain_high = np.percentile(gains, RANGE)
    expected = sign * (float(law(targets[-1])) - now) / scale
    if expected >= HELPS and gain_low >= NO_HELP:
        verdict = "yes"  # a gain worth collecting for, and surely more than a sliver
    elif gain_high < HELPS or (expected < NO_HELP and gain_high < 2 * HELPS):
        verdict = "no"  # even the hopeful end of the range gains little
    else:
        verdict = "unclear"
    limit_low, limit_high = np.percentile(limits, RANGE)
    return DataOutlook(result.metric, rows, now_observed, law.limit,
                       float(min(limit_low, law.limit)), float(max(limit_high, law.limit)),
                       tuple(points), verdict, law, trend_now=now, **extra)

