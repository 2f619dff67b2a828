"""Split rows into train / (validation) / test, reproducibly and fairly.

Test rows are put aside before anything is fitted, so every score on them is honest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.problem import Problem, target_labels

PRESETS: dict[str, float] = {"70/30": 0.30, "80/20": 0.20, "90/10": 0.10}
MIN_PART_ROWS = 10


@dataclass(frozen=True)
class SplitPlan:
    """How to split: shares of the rows, stratification and the random seed."""

    test_size: float = 0.2
    validation_size: float = 0.0
    stratify: bool = True
    seed: int = 42

    def describe(self) -> str:
        train = 1 - self.test_size - self.validation_size
        parts = [f"{train:.0%} train"]
        if self.validation_size:
            parts.append(f"{self.validation_size:.0%} validation")
        parts.append(f"{self.test_size:.0%} test")
        return " / ".join(parts)


@dataclass(frozen=True)
class Split:
    """Row positions of each part, and the problem they were drawn for."""

    plan: SplitPlan
    train: np.ndarray = field(repr=False)
    test: np.ndarray = field(repr=False)
    validation: np.ndarray = field(repr=False, default_factory=lambda: np.array([], dtype=int))
    problem_key: str = ""
    dropped_missing_target: int = 0
    stratified: bool = False

    @property
    def key(self) -> str:
        return f"{self.problem_key}|{self.plan}"

    def counts(self) -> dict[str, int]:
        out = {"train": len(self.train)}
        if len(self.validation):
            out["validation"] = len(self.validation)
        out["test"] = len(self.test)
        return out


def plan_split(dataset: Dataset, problem: Problem, plan: SplitPlan) -> Split:
    """Draw the split; rows without a target value are left out and counted.

    Raises
    ------
    ProblemSetupError
        When a part would be too small to train on or to trust.
    """
    if not 0.05 <= plan.test_size <= 0.5:
        raise ProblemSetupError("The test share must be between 5% and 50%.", "Pick a preset such as 80/20.")
    if plan.validation_size < 0 or plan.test_size + plan.validation_size > 0.6 + 1e-9:
        raise ProblemSetupError("Validation and test together may take at most 60% of the rows.",
                                "Make the validation share smaller.")
    y = target_labels(problem, dataset.frame[problem.target])
    usable = np.flatnonzero(y.notna().to_numpy())
    dropped = len(y) - len(usable)
    labels = y.iloc[usable]
    n_test = round(len(usable) * plan.test_size)
    n_val = round(len(usable) * plan.validation_size)
    n_train = len(usable) - n_test - n_val
    if min(n_train, n_test) < MIN_PART_ROWS or (plan.validation_size and n_val < MIN_PART_ROWS):
        raise ProblemSetupError(
            f"With {len(usable)} usable rows, a part of the split would have fewer than "
            f"{MIN_PART_ROWS} rows.", "Add more rows, or give the test part a larger share.")
    stratify = _can_stratify(labels, problem, plan, n_test)
    rest, test = train_test_split(usable, test_size=n_test, random_state=plan.seed,
                                  stratify=labels if stratify else None)
    validation = np.array([], dtype=int)
    train = rest
    if n_val:
        rest_labels = y.iloc[rest] if stratify else None
        if rest_labels is not None and rest_labels.value_counts().min() < 2:
            rest_labels = None  # a class too rare to share between train and validation
        train, validation = train_test_split(rest, test_size=n_val, random_state=plan.seed,
                                             stratify=rest_labels)
    return Split(plan=plan, train=np.sort(train), test=np.sort(test), validation=np.sort(validation),
                 problem_key=problem.key, dropped_missing_target=dropped, stratified=stratify)


def _can_stratify(labels: pd.Series, problem: Problem, plan: SplitPlan, n_test: int) -> bool:
    if not (plan.stratify and problem.is_classification):
        return False
    counts = labels.value_counts()
    return bool(counts.min() >= 2 and n_test >= len(counts))


def part_balance(dataset: Dataset, problem: Problem, split: Split) -> pd.DataFrame:
    """Rows per class (or target mean) in each part, to show the split is fair."""
    y = target_labels(problem, dataset.frame[problem.target])
    parts = {"train": split.train, "validation": split.validation, "test": split.test}
    rows = []
    for part, idx in parts.items():
        if not len(idx):
            continue
        values = y.iloc[idx]
        if problem.is_classification:
            for label, count in values.value_counts().sort_index().items():
                rows.append({"part": part, "class": str(label), "rows": int(count),
                             "share": count / len(values)})
        else:
            rows.append({"part": part, "class": "all", "rows": len(values),
                         "share": 1.0, "mean": float(values.mean())})
    return pd.DataFrame(rows)
