"""The PM's decision settings, chosen once and used by every verdict (issue 14).

A verdict such as "the model clearly beats your rule" depends on three choices: what counts as
success (the *goal*, in the PM's words), where a yes/no model draws the line (the *operating
point*: a threshold on the model's chance), and what outcomes are worth (the *costs*). Pages,
the CLI, the meeting pack and the run store all read them from one :class:`DecisionSettings`,
and score models with :func:`decision_score`, so no two places can disagree about a number.

"Clearly" has one meaning everywhere: the gap on the test rows is larger than the spread of the
same score across cross-validation folds of the training rows (:data:`MIN_MARGIN` at least),
and cross-validation does not rank the two the other way round.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np

from mlpm.evaluate.money import Costs
from mlpm.project.goals import DEFAULT_GOAL, GOALS, LOWER_IS_BETTER, METRIC_WORDS, Goal

__all__ = ["DEFAULT_GOAL", "GOALS", "LOWER_IS_BETTER", "METRIC_WORDS", "MIN_MARGIN",
           "DecisionSettings", "Goal", "decision_score"]

MIN_MARGIN = 0.01
"""A gap smaller than this is never called a win, whatever the spread says."""




@dataclass(frozen=True)
class DecisionSettings:
    """What counts as success, where the line is drawn, and what outcomes are worth.

    ``goal`` is a key of :data:`GOALS` (``""`` = the task's default); ``threshold`` is the
    operating point of yes/no models (flag a case when its chance is at least this); ``costs``
    feed the money view and the "money" goal. ``capacity`` (issue 17, optional) is how many
    cases a month the team can act on: when set, ``threshold`` was derived from it (the model's
    top cases up to the capacity, :func:`mlpm.evaluate.capacity.with_capacity`), so every verdict reads
    the capacity through the threshold; moving the threshold by hand clears it.
    """

    goal: str = ""
    threshold: float = 0.5
    costs: Costs = field(default_factory=Costs)
    capacity: float | None = None

    def goal_for(self, task: str) -> Goal:
        """The goal that applies to ``task`` (the default one if the chosen goal does not)."""
        chosen = GOALS.get(self.goal)
        if chosen is not None and task in chosen.tasks:
            if chosen.metric == "value" and not self.costs.is_set:
                return GOALS[DEFAULT_GOAL[task]]  # no costs yet: money cannot decide
            return chosen
        return GOALS[DEFAULT_GOAL[task]]

    def metric_for(self, task: str) -> str:
        return self.goal_for(task).metric

    def with_threshold(self, threshold: float) -> DecisionSettings:
        """A threshold chosen by hand: the capacity no longer sets it (unless unchanged)."""
        threshold = round(float(threshold), 2)
        if threshold == self.threshold:
            return self
        return replace(self, threshold=threshold, capacity=None)

    def as_dict(self) -> dict[str, object]:
        return {"goal": self.goal, "threshold": self.threshold, "costs": asdict(self.costs),
                "capacity": self.capacity}

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> DecisionSettings:
        """Settings saved with :meth:`as_dict` (missing keys take their defaults)."""
        data = dict(data or {})
        costs = data.get("costs")
        capacity = data.get("capacity")  # absent in projects saved before issue 17
        return cls(goal=str(data.get("goal") or ""),
                   threshold=float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
                   costs=Costs(**costs) if isinstance(costs, dict) else Costs(),
                   capacity=float(capacity) if isinstance(capacity, int | float)
                   and not isinstance(capacity, bool) and 0 < capacity < float("inf")
                   else None)


def decision_score(metric: str, y_true: np.ndarray, answer: np.ndarray, *,
                   positive_label: str | None = None, threshold: float = 0.5,
                   costs: Costs | None = None) -> float:
    """One model's score in the decision metric on some rows.

    ``answer`` is the chance of the positive class for yes/no problems (cut at ``threshold``),
    else the predicted labels or numbers. NaN when the score does not exist (no positives).
    """
    y_true = np.asarray(y_true)
    if metric == "mae":
        return float(np.mean(np.abs(np.asarray(answer, dtype=float) - y_true.astype(float))))
    if metric == "accuracy" and positive_label is None:
        return float(np.mean(np.asarray(answer).astype(str) == y_true.astype(str)))
    flagged = np.asarray(answer, dtype=float) >= threshold
    actual = y_true == positive_label
    tp = int((flagged & actual).sum())
    fp = int((flagged & ~actual).sum())
    fn = int((~flagged & actual).sum())
    tn = int((~flagged & ~actual).sum())
    if metric == "value":
        return float((costs or Costs()).monthly(tp, fp, fn, tn))
    if metric == "accuracy":
        return (tp + tn) / max(tp + fp + fn + tn, 1)
    beta = {"f1": 1.0, "f2": 2.0, "f05": 0.5}[metric]
    denominator = (1 + beta ** 2) * tp + beta ** 2 * fn + fp
    return float((1 + beta ** 2) * tp / denominator) if denominator else 0.0


def better(metric: str, a: float, b: float) -> float:
    """How much better ``a`` is than ``b`` (positive = better), whatever the metric's direction."""
    return (b - a) if metric in LOWER_IS_BETTER else (a - b)
