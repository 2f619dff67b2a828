"""Split rows into train / (validation) / test, reproducibly and fairly.

Test rows are put aside before anything is fitted, so every score on them is honest. The
optional validation part is for tuning ("tune on validation, report on test, touch test
once"). With a date column the split can follow time: older rows train, newer rows test, as
the model will be used. Clustering has no answer to check, so its "split" keeps every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlpm.data.dataset import Dataset
from mlpm.data.kinds import looks_like_dates
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import as_dates
from mlpm.model.problem import Problem, target_labels

PRESETS: dict[str, float] = {"70/30": 0.30, "80/20": 0.20, "90/10": 0.10}
MIN_PART_ROWS = 10
TRUST_TEST_ROWS = 100  # fewer test rows: one mistake moves the score by more than a point
TRUST_CLASS_ROWS = 10  # fewer test rows of a class: its recall jumps by 10 points per case


@dataclass(frozen=True)
class SplitPlan:
    """How to split: shares of the rows, stratification, the random seed, or a date column."""

    test_size: float = 0.2
    validation_size: float = 0.0
    stratify: bool = True
    seed: int = 42
    time_column: str | None = None

    def describe(self) -> str:
        train = 1 - self.test_size - self.validation_size
        parts = [f"{train:.0%} train"]
        if self.validation_size:
            parts.append(f"{self.validation_size:.0%} validation")
        parts.append(f"{self.test_size:.0%} test")
        text = " / ".join(parts)
        return text + (f", by {self.time_column} (oldest rows train)" if self.time_column else "")


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
    dropped_missing_date: int = 0
    date_ranges: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    keeps_all_rows: bool = False  # clustering: every row is "train", nothing to test

    @property
    def key(self) -> str:
        return f"{self.problem_key}|{self.plan}"

    @property
    def is_time_based(self) -> bool:
        return self.plan.time_column is not None

    def counts(self) -> dict[str, int]:
        out = {"train": len(self.train)}
        if len(self.validation):
            out["validation"] = len(self.validation)
        out["test"] = len(self.test)
        return out


def date_columns(frame: pd.DataFrame) -> list[str]:
    """Columns that hold dates: candidates for a time-based split."""
    return [str(c) for c in frame.columns
            if not pd.api.types.is_numeric_dtype(frame[c]) and looks_like_dates(frame[c])]


def plan_split(dataset: Dataset, problem: Problem, plan: SplitPlan) -> Split:
    """Draw the split; rows without a target value are left out and counted.

    Raises
    ------
    ProblemSetupError
        When a part would be too small to train on or to trust, or the shares are out of range.
    """
    if not problem.is_supervised:
        return _keep_all_rows(dataset, problem, plan)
    if not 0.05 <= plan.test_size <= 0.5:
        raise ProblemSetupError("The test share must be between 5% and 50%.", "Pick a preset such as 80/20.")
    if plan.validation_size < 0 or plan.test_size + plan.validation_size > 0.6 + 1e-9:
        raise ProblemSetupError("Validation and test together may take at most 60% of the rows.",
                                "Make the validation share smaller.")
    y = target_labels(problem, dataset.frame[problem.target])
    known = y.notna().to_numpy()
    dropped = int((~known).sum())
    dates = None
    dropped_date = 0
    if plan.time_column is not None:
        dates = _parse_dates(dataset.frame, plan.time_column)
        has_date = dates.notna().to_numpy()
        dropped_date = int((known & ~has_date).sum())
        known = known & has_date
    usable = np.flatnonzero(known)
    labels = y.iloc[usable]
    n_test = round(len(usable) * plan.test_size)
    n_val = round(len(usable) * plan.validation_size)
    n_train = len(usable) - n_test - n_val
    if min(n_train, n_test) < MIN_PART_ROWS or (plan.validation_size and n_val < MIN_PART_ROWS):
        raise ProblemSetupError(
            f"With {len(usable)} usable rows, a part of the split would have fewer than "
            f"{MIN_PART_ROWS} rows, too few to train on or to trust.",
            "Add more rows, or give the test part a larger share.")
    if dates is not None:
        order = usable[np.argsort(dates.iloc[usable].to_numpy(), kind="stable")]
        train, validation, test = (order[:n_train], order[n_train:n_train + n_val],
                                   order[n_train + n_val:])
        ranges = {part: _date_range(dates, rows) for part, rows in
                  (("train", train), ("validation", validation), ("test", test)) if len(rows)}
        return Split(plan=plan, train=np.sort(train), test=np.sort(test),
                     validation=np.sort(validation), problem_key=problem.key,
                     dropped_missing_target=dropped, stratified=False,
                     dropped_missing_date=dropped_date, date_ranges=ranges)
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


def _keep_all_rows(dataset: Dataset, problem: Problem, plan: SplitPlan) -> Split:
    """Clustering: no right answer to hold back, so every row is used to find the groups."""
    if dataset.n_rows < MIN_PART_ROWS:
        raise ProblemSetupError(
            f"With {dataset.n_rows} rows there is too little to find groups in.",
            f"Load a table with at least {MIN_PART_ROWS} rows.")
    plan = SplitPlan(test_size=0.0, validation_size=0.0, stratify=False, seed=plan.seed)
    return Split(plan=plan, train=np.arange(dataset.n_rows), test=np.array([], dtype=int),
                 problem_key=problem.key, keeps_all_rows=True)


def _parse_dates(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        raise ProblemSetupError(f"There is no column called '{name}' to split by.",
                                "Pick a date column from the list.")
    column = frame[name]
    if not looks_like_dates(column):
        raise ProblemSetupError(f"'{name}' does not hold dates, so it cannot order the rows in time.",
                                "Pick a date column, or split at random.")
    return as_dates(column)


def _date_range(dates: pd.Series, rows: np.ndarray) -> tuple[str, str]:
    values = dates.iloc[rows]
    return (values.min().strftime("%Y-%m-%d"), values.max().strftime("%Y-%m-%d"))


def _can_stratify(labels: pd.Series, problem: Problem, plan: SplitPlan, n_test: int) -> bool:
    if not (plan.stratify and problem.is_classification):
        return False
    counts = labels.value_counts()
    return bool(counts.min() >= 2 and n_test >= len(counts))


def part_balance(dataset: Dataset, problem: Problem, split: Split) -> pd.DataFrame:
    """Rows per class (or target mean) in each part, to show the split is fair."""
    parts = {"train": split.train, "validation": split.validation, "test": split.test}
    if not problem.is_supervised:
        return pd.DataFrame([{"part": part, "class": "all", "rows": len(idx), "share": 1.0}
                             for part, idx in parts.items() if len(idx)])
    y = target_labels(problem, dataset.frame[problem.target])
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


@dataclass(frozen=True)
class SplitCheck:
    """Something about the split a PM should know; ``kind`` picks the sentence in
    :mod:`mlpm.explain.training`."""

    kind: str  # "shared_duplicates" | "small_test" | "rare_class_in_test" | "small_train" | "missing_class"
    severity: str  # "high" | "medium" | "low"
    count: int
    part: str = "test"
    label: str = ""
    total: int = 0


def split_checks(dataset: Dataset, problem: Problem, split: Split) -> list[SplitCheck]:
    """Duplicates shared between train and test, and parts too small to trust."""
    if not problem.is_supervised:
        return []
    checks: list[SplitCheck] = []
    shared = shared_duplicates(dataset, problem, split)
    if shared:
        checks.append(SplitCheck("shared_duplicates", "high" if shared / len(split.test) > 0.05
                                 else "medium", shared, total=len(split.test)))
    n_test = len(split.test)
    if n_test < TRUST_TEST_ROWS:
        checks.append(SplitCheck("small_test", "medium", n_test, total=n_test))
    if problem.is_classification:
        y = target_labels(problem, dataset.frame[problem.target])
        for part, rows in (("test", split.test), ("validation", split.validation),
                           ("train", split.train)):
            if not len(rows):
                continue
            counts = y.iloc[rows].value_counts()
            for label in problem.classes:
                n = int(counts.get(label, 0))
                if n == 0:
                    checks.append(SplitCheck("missing_class", "high", 0, part, label, len(rows)))
                elif part == "test" and n < TRUST_CLASS_ROWS:
                    checks.append(SplitCheck("rare_class_in_test", "medium", n, part, label,
                                             len(rows)))
    if len(split.train) < 5 * MIN_PART_ROWS:
        checks.append(SplitCheck("small_train", "medium", len(split.train), "train",
                                 total=len(split.train)))
    return checks


def shared_duplicates(dataset: Dataset, problem: Problem, split: Split) -> int:
    """Test rows that are exact copies (features and target) of a training row.

    The model has seen their answer, so they flatter the test score.
    """
    columns = [*problem.features, problem.target]
    hashed = pd.util.hash_pandas_object(dataset.frame[columns], index=False).to_numpy()
    seen = set(hashed[split.train].tolist())
    return int(sum(h in seen for h in hashed[split.test].tolist()))
