"""Errors turned into money: what each threshold is worth per month, in the PM's currency.

The PM gives the value of a caught case (true positive), the cost of a false alarm (false
positive) and of a missed case (false negative), optionally the value of correctly leaving a
case alone (true negative), and how many cases come in per month. Every threshold's value is
then four multiplications on the counts from :class:`~mlpm.evaluate.metrics.ThresholdSweep`, so a
whole profit curve costs one vectorised search.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from mlpm.errors import UserError
from mlpm.evaluate.metrics import GRID, BinaryConfusion, ThresholdSweep

CURRENCIES: tuple[str, ...] = ("€", "$", "£", "CHF", "¥", "₹", "kr", "zł", "R$", "A$", "C$")
PREFIX_SYMBOLS = {"€", "$", "£", "¥", "₹", "R$", "A$", "C$"}


class CostError(UserError):
    """Values or costs the money view can't use."""


@dataclass(frozen=True)
class Costs:
    """What each kind of outcome is worth, per case, and how many cases come per month.

    Costs are entered as positive amounts; they count against the value.
    """

    tp_value: float = 0.0
    fp_cost: float = 0.0
    fn_cost: float = 0.0
    tn_value: float = 0.0
    cases_per_month: float = 1000.0
    currency: str = "€"

    def __post_init__(self) -> None:
        amounts = (self.tp_value, self.fp_cost, self.fn_cost, self.tn_value, self.cases_per_month)
        if not all(np.isfinite(a) for a in amounts):
            raise CostError("Every value and cost must be a number.",
                            "Clear the field and type a plain amount such as 120.")
        if min(self.tp_value, self.fp_cost, self.fn_cost, self.tn_value) < 0:
            raise CostError("Enter costs as positive amounts.",
                            "A false alarm that costs 5 is entered as 5; it is subtracted for you.")
        if self.cases_per_month <= 0:
            raise CostError("Cases per month must be more than zero.",
                            "Enter how many cases the model would score in a typical month.")

    @property
    def is_set(self) -> bool:
        """True once at least one value or cost is not zero."""
        return any((self.tp_value, self.fp_cost, self.fn_cost, self.tn_value))

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def per_case(self, tp: np.ndarray | int, fp: np.ndarray | int, fn: np.ndarray | int,
                 tn: np.ndarray | int) -> np.ndarray | float:
        """Average value of one case, given the counts of the four outcomes."""
        total = np.asarray(tp) + np.asarray(fp) + np.asarray(fn) + np.asarray(tn)
        value = (np.asarray(tp) * self.tp_value - np.asarray(fp) * self.fp_cost
                 - np.asarray(fn) * self.fn_cost + np.asarray(tn) * self.tn_value)
        return np.divide(value, total, out=np.zeros(np.shape(value), dtype=float),
                         where=total != 0)

    def monthly(self, tp: np.ndarray | int, fp: np.ndarray | int, fn: np.ndarray | int,
                tn: np.ndarray | int) -> np.ndarray | float:
        """Expected value per month: value per case times cases per month."""
        return self.per_case(tp, fp, fn, tn) * self.cases_per_month


def monthly_value(confusion: BinaryConfusion, costs: Costs) -> float:
    """Expected monthly value of acting on the model's flags at one threshold."""
    return float(costs.monthly(confusion.tp, confusion.fp, confusion.fn, confusion.tn))


def nothing_value(positives: int, negatives: int, costs: Costs) -> float:
    """Doing nothing: nobody is flagged, so every real case is missed."""
    return float(costs.monthly(0, 0, positives, negatives))


def everyone_value(positives: int, negatives: int, costs: Costs) -> float:
    """Acting on every case: every real case is caught, everyone else is a false alarm."""
    return float(costs.monthly(positives, negatives, 0, 0))


@dataclass(frozen=True)
class MoneyCurve:
    """Monthly value at each threshold of a grid, and the best threshold on it."""

    thresholds: np.ndarray = field(repr=False)
    monthly: np.ndarray = field(repr=False)
    costs: Costs
    nothing: float
    everyone: float

    @property
    def best_index(self) -> int:
        """The middle of the best plateau: the safest choice when several thresholds tie."""
        top = float(self.monthly.max())
        tied = np.flatnonzero(self.monthly >= top - 1e-9 * max(1.0, abs(top)))
        # Only the first run of tied thresholds counts as the plateau.
        run_end = int(np.argmax(np.diff(tied) > 1)) if np.any(np.diff(tied) > 1) else len(tied) - 1
        plateau = tied[:run_end + 1]
        return int(plateau[len(plateau) // 2])

    @property
    def best_threshold(self) -> float:
        return float(self.thresholds[self.best_index])

    @property
    def best_value(self) -> float:
        return float(self.monthly[self.best_index])

    def points(self) -> list[dict[str, float]]:
        return [{"threshold": float(t), "monthly": float(v)}
                for t, v in zip(self.thresholds, self.monthly, strict=True)]


def money_curve(sweep: ThresholdSweep, costs: Costs, thresholds: np.ndarray | None = None
                ) -> MoneyCurve:
    """Monthly value at every threshold of ``thresholds`` (default 0.00, 0.01, …, 1.00)."""
    grid = GRID if thresholds is None else np.asarray(thresholds, dtype=float)
    counts = sweep.counts_at(grid)
    monthly = np.asarray(costs.monthly(counts["tp"], counts["fp"], counts["fn"], counts["tn"]),
                         dtype=float)
    return MoneyCurve(grid, monthly, costs, nothing_value(sweep.positives, sweep.negatives, costs),
                      everyone_value(sweep.positives, sweep.negatives, costs))


@dataclass(frozen=True)
class Contender:
    """Something to compare the model with: doing nothing, the baseline, the PM's rule."""

    key: str
    name: str
    monthly: float
    best_threshold: float | None = None
    best_monthly: float | None = None


@dataclass(frozen=True)
class MoneySummary:
    """The model's value at the chosen threshold, its best threshold, and the others'."""

    threshold: float
    model_name: str
    monthly: float
    curve: MoneyCurve
    contenders: tuple[Contender, ...]
    costs: Costs

    def contender(self, key: str) -> Contender | None:
        return next((c for c in self.contenders if c.key == key), None)

    @property
    def everyone(self) -> float:
        """Flagging every case (threshold 0): every real case caught, everyone else a false
        alarm. The simplest policy with no model at all."""
        return self.curve.everyone

    @property
    def over_everyone(self) -> float:
        """What the model at the chosen threshold adds on top of flagging everyone (negative:
        what it loses against it)."""
        return self.monthly - self.curve.everyone

    def as_dict(self) -> dict[str, object]:
        """Plain numbers for JSON and for the run store."""
        return {
            "threshold": self.threshold, "monthly_value": self.monthly,
            "best_threshold": self.curve.best_threshold, "best_monthly_value": self.curve.best_value,
            "everyone_monthly_value": self.everyone,
            "costs": self.costs.as_dict(),
            "contenders": {c.key: {"name": c.name, "monthly_value": c.monthly,
                                   "best_threshold": c.best_threshold,
                                   "best_monthly_value": c.best_monthly}
                           for c in self.contenders},
        }


def summarise(sweep: ThresholdSweep, costs: Costs, threshold: float, *, model_name: str,
              baseline: tuple[str, ThresholdSweep] | None = None,
              rule: tuple[str, ThresholdSweep] | None = None) -> MoneySummary:
    """Everything the money view shows, for the model and whatever it is compared with.

    The baseline is scored at the same threshold (and at its own best); the PM's rule answers
    yes or no, so its value does not depend on the threshold.
    """
    curve = money_curve(sweep, costs)
    contenders = [Contender("nothing", "doing nothing", curve.nothing)]
    if baseline is not None:
        name, base = baseline
        base_curve = money_curve(base, costs)
        contenders.append(Contender("baseline", name, monthly_value(base.at(threshold), costs),
                                    base_curve.best_threshold, base_curve.best_value))
    if rule is not None:
        name, rule_sweep = rule
        contenders.append(Contender("rule", name, monthly_value(rule_sweep.at(0.5), costs)))
    return MoneySummary(float(threshold), model_name, monthly_value(sweep.at(threshold), costs),
                        curve, tuple(contenders), costs)


def format_money(amount: float, currency: str, *, rounded: bool = True) -> str:
    """``€12,400`` / ``-€3,100`` / ``12,400 CHF``: three significant figures when rounded."""
    value = abs(amount)
    if rounded and value >= 100:
        digits = int(np.floor(np.log10(value))) - 2
        value = round(value, -digits)
    text = f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.2f}"
    sign = "-" if amount < 0 and float(text.replace(",", "")) != 0 else ""
    if currency in PREFIX_SYMBOLS:
        return f"{sign}{currency}{text}"
    return f"{sign}{text} {currency}"
