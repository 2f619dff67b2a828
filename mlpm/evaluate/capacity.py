"""Capacity and ranking: "the team can handle N cases a month" as an operating point (issue 17).

A team that can call 200 customers a week does not need a threshold: it calls the 200 the
model is surest about. :func:`gain_curve` ranks the test rows by the model's chance once and
counts, for every number of cases flagged from the top, how many real cases that catches
(the gain or lift curve of Orange and PyCaret). Rows with the same chance are taken in random
order, so inside a tie the catch grows evenly (the expected count, like a ROC curve's straight
segments). :func:`capacity_report` reads one capacity off it, with what that is worth at the
PM's costs, where more calls stop adding value, and the threshold that keeps the team within
its capacity, so every verdict can read the capacity through the decision settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from mlpm.errors import UserError
from mlpm.evaluate.metrics import GRID, ThresholdSweep
from mlpm.evaluate.money import Costs, money_curve
from mlpm.project.decision import DecisionSettings

WEEKS_PER_MONTH = 52 / 12
"""Capacities typed per week are stored per month (the money settings' unit)."""
TABLE_SHARES = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5)
"""The shares of cases the lift table (CLI JSON, slide) reads the curve at."""
ALMOST_EVERYONE = 0.8
"""Money's best threshold "flags almost everyone" when it flags at least this share …"""
LOW_THRESHOLD = 0.1
"""… or when it is this low and still flags most cases (half or more)."""


class CapacityError(UserError):
    """A capacity the ranking can't use."""


@dataclass(frozen=True)
class GainCurve:
    """How many real cases the top k cases by chance catch, for k = 0 … n (expected in ties)."""

    caught: np.ndarray = field(repr=False)  # length n + 1; caught[k] = real cases in the top k
    positives: int
    n: int

    @property
    def shares(self) -> np.ndarray:
        """Share of cases flagged at each k."""
        return np.arange(self.n + 1) / max(self.n, 1)

    @property
    def base_rate(self) -> float:
        return self.positives / self.n if self.n else 0.0

    def caught_at(self, share: float) -> float:
        """Expected real cases caught when the top ``share`` of cases is flagged."""
        k = float(np.clip(share, 0.0, 1.0)) * self.n
        return float(np.interp(k, np.arange(self.n + 1), self.caught))

    def gain_at(self, share: float) -> float:
        """Share of all real cases caught when the top ``share`` of cases is flagged."""
        return self.caught_at(share) / self.positives if self.positives else 0.0

    def lift_at(self, share: float) -> float:
        """How many times better than flagging the same number of cases at random."""
        return self.gain_at(share) / share if share > 0 else float("nan")

    def table(self, shares: tuple[float, ...] = TABLE_SHARES) -> list[dict[str, float]]:
        """The lift table: share flagged, share of real cases caught, times random."""
        return [{"share": s, "caught_share": round(self.gain_at(s), 6),
                 "lift": round(self.lift_at(s), 6)} for s in shares]

    def frame_points(self, points: int = 101) -> dict[str, np.ndarray]:
        """The curve at ``points`` evenly spaced shares (for charts: small whatever n is)."""
        shares = np.linspace(0.0, 1.0, points)
        caught = np.interp(shares * self.n, np.arange(self.n + 1), self.caught)
        gains = caught / self.positives if self.positives else np.zeros_like(shares)
        return {"share": shares, "gain": gains}


def gain_curve(sweep: ThresholdSweep) -> GainCurve:
    """The gain curve from a threshold sweep's single sort (ties spread evenly)."""
    scores = sweep.sorted_scores[::-1]  # highest first, the sweep's own order
    n = len(scores)
    # The last position of each run of equal scores: only there is the catch certain.
    ends = np.flatnonzero(np.append(scores[1:] != scores[:-1], True)) + 1 if n else np.array([],
                                                                                              int)
    knots = np.concatenate([[0], ends])
    caught = np.interp(np.arange(n + 1), knots, sweep.cum_tp[knots].astype(float))
    return GainCurve(caught, sweep.positives, n)


@dataclass(frozen=True)
class CapacityReport:
    """One capacity read off the gain curve, with its value and where value stops growing."""

    capacity: float  # cases per month the team can act on
    cases_per_month: float
    share: float  # of all cases: capacity / cases per month (at most 1)
    caught_share: float  # of real cases
    lift: float
    caught_per_month: float
    flagged_per_month: float
    threshold: float  # the lowest slider position that keeps the flags within capacity
    threshold_flagged_per_month: float
    costs_set: bool
    currency: str
    monthly: float | None  # value per month of calling the top ``capacity`` cases
    nothing: float | None
    everyone: float | None
    peak_per_month: float | None  # the capacity beyond which more calls lose value
    peak_monthly: float | None
    best_threshold: float | None  # money's best threshold (from the money curve's grid)
    best_share: float | None  # share of cases flagged at money's best threshold
    best_monthly: float | None

    @property
    def almost_everyone(self) -> bool:
        """Money says "flag almost everyone": its best threshold flags (nearly) all cases, or
        is very low and flags most of them."""
        if self.best_share is None or self.best_threshold is None:
            return False
        return self.best_share >= ALMOST_EVERYONE or (self.best_threshold <= LOW_THRESHOLD
                                                      and self.best_share >= 0.5)

    @property
    def captured(self) -> float | None:
        """Share of the best possible gain over doing nothing that the capacity captures."""
        if self.monthly is None or self.peak_monthly is None or self.nothing is None:
            return None
        room = self.peak_monthly - self.nothing
        return (self.monthly - self.nothing) / room if room > 0 else None

    def as_dict(self) -> dict[str, object]:
        """Plain numbers for JSON."""
        return {
            "capacity_per_month": self.capacity, "share": round(self.share, 6),
            "caught_share": round(self.caught_share, 6), "lift": round(self.lift, 6),
            "caught_per_month": round(self.caught_per_month, 3),
            "threshold": self.threshold,
            "threshold_flagged_per_month": round(self.threshold_flagged_per_month, 3),
            "monthly_value": self.monthly, "nothing_monthly_value": self.nothing,
            "everyone_monthly_value": self.everyone,
            "peak_per_month": self.peak_per_month, "peak_monthly_value": self.peak_monthly,
            "best_threshold": self.best_threshold, "best_share": self.best_share,
            "almost_everyone": self.almost_everyone, "captured_share": self.captured,
        }


def value_by_count(curve: GainCurve, costs: Costs) -> np.ndarray:
    """Monthly value of flagging the top k cases, for k = 0 … n (the PM's costs)."""
    k = np.arange(curve.n + 1, dtype=float)
    tp = curve.caught
    fp = k - tp
    fn = curve.positives - tp
    tn = (curve.n - curve.positives) - fp
    return np.asarray(costs.monthly(tp, fp, fn, tn), dtype=float)


def capacity_threshold(sweep: ThresholdSweep, share: float) -> float:
    """The lowest slider position (0.00 … 1.00) that flags no more than ``share`` of cases.

    Many rows can share one chance, so a threshold may flag fewer cases than the capacity;
    it never flags more (the team is never handed more than it can call).
    """
    flagged = sweep.n - np.searchsorted(sweep.sorted_scores, GRID, side="left")
    within = np.flatnonzero(flagged <= share * sweep.n + 1e-9)
    return float(GRID[within[0]]) if len(within) else 1.0


def capacity_report(sweep: ThresholdSweep, capacity: float, costs: Costs) -> CapacityReport:
    """What a team acting on ``capacity`` cases a month gets from the model's ranking."""
    if not np.isfinite(capacity) or capacity <= 0:
        raise CapacityError("The team's capacity must be more than zero cases.",
                            "Enter how many cases the team can act on, e.g. 200 a week.")
    if sweep.n == 0:
        raise CapacityError("There are no test rows to rank.", "Train a model first.")
    curve = gain_curve(sweep)
    volume = costs.cases_per_month
    share = min(capacity / volume, 1.0)
    caught_share = curve.gain_at(share)
    threshold = capacity_threshold(sweep, share)
    flagged_at = (sweep.n - int(np.searchsorted(sweep.sorted_scores, threshold, side="left")))
    money: dict[str, float | None] = dict.fromkeys(
        ("monthly", "nothing", "everyone", "peak_per_month", "peak_monthly", "best_threshold",
         "best_share", "best_monthly"))
    if costs.is_set:
        values = value_by_count(curve, costs)
        peak = int(np.argmax(values))
        money_best = money_curve(sweep, costs)
        best_flagged = sweep.n - int(np.searchsorted(sweep.sorted_scores,
                                                     money_best.best_threshold, side="left"))
        money = {
            "monthly": float(np.interp(share * curve.n, np.arange(curve.n + 1), values)),
            "nothing": float(values[0]), "everyone": float(values[-1]),
            "peak_per_month": peak / curve.n * volume, "peak_monthly": float(values[peak]),
            "best_threshold": money_best.best_threshold, "best_share": best_flagged / sweep.n,
            "best_monthly": money_best.best_value,
        }
    return CapacityReport(
        capacity=float(capacity), cases_per_month=volume, share=share,
        caught_share=caught_share, lift=curve.lift_at(share),
        caught_per_month=caught_share * curve.base_rate * volume,
        flagged_per_month=share * volume, threshold=threshold,
        threshold_flagged_per_month=flagged_at / sweep.n * volume, costs_set=costs.is_set,
        currency=costs.currency, **money)


def with_capacity(settings: DecisionSettings, capacity: float | None,
                  sweep: ThresholdSweep | None) -> DecisionSettings:
    """The decision settings with the team's capacity as the operating point.

    The threshold becomes :func:`capacity_threshold` of the model's ranking, so every verdict
    (leaderboard, money, pack, CLI) is taken at the capacity; ``None`` clears the capacity and
    keeps the threshold as it is.
    """
    if capacity is None:
        return replace(settings, capacity=None)
    if sweep is None:
        raise CapacityError("Capacity needs a yes/no model that gives each case a chance.",
                            "Train a yes/no model first.")
    share = min(float(capacity) / settings.costs.cases_per_month, 1.0)
    return replace(settings, capacity=float(capacity),
                   threshold=capacity_threshold(sweep, share))
