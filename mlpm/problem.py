"""From "what do you want to predict?" to a typed problem: target, task, features, positive class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from mlpm.data.dataset import Dataset
from mlpm.data.kinds import id_like_columns, looks_like_dates
from mlpm.errors import ProblemSetupError

Task = Literal["binary", "multiclass", "regression"]
MAX_CLASSES = 30
TASK_WORDS: dict[str, str] = {
    "binary": "yes/no prediction (binary classification)",
    "multiclass": "pick-one-of-several prediction (multiclass classification)",
    "regression": "number prediction (regression)",
}


@dataclass(frozen=True)
class Problem:
    """What the model learns: ``target`` from ``features`` on one data version."""

    target: str
    task: Task
    features: tuple[str, ...]
    classes: tuple[str, ...] = ()
    positive_label: str | None = None
    data_version: str = ""

    @property
    def is_classification(self) -> bool:
        return self.task in ("binary", "multiclass")

    @property
    def key(self) -> str:
        """Identifies the problem for staleness checks and caches."""
        return f"{self.data_version}|{self.target}|{self.task}|{self.positive_label}|{','.join(self.features)}"

    @property
    def describe(self) -> str:
        return TASK_WORDS[self.task]


def infer_task(target: pd.Series) -> Task:
    """Classification when the target is text, yes/no, or a handful of whole-number codes."""
    values = target.dropna()
    n_unique = values.nunique()
    if n_unique <= 2:
        return "binary"
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if not numeric:
        return "multiclass"
    whole = bool((values == values.round()).all())
    if whole and n_unique <= min(10, max(3, len(values) // 20)):
        return "multiclass"
    return "regression"


def feature_exclusions(frame: pd.DataFrame, target: str) -> dict[str, str]:
    """Columns left out of the features by default, each with the reason a PM would accept."""
    reasons: dict[str, str] = {}
    for name in id_like_columns(frame):
        reasons[name] = "looks like an ID (a different value on every row)"
    for name in frame.columns:
        name = str(name)
        if name == target or name in reasons:
            continue
        column = frame[name]
        n_unique = column.nunique(dropna=True)
        if n_unique <= 1:
            reasons[name] = "has the same value on every row"
        elif looks_like_dates(column):
            reasons[name] = "is a date; models need it turned into a number such as 'days since'"
        elif not pd.api.types.is_numeric_dtype(column) and n_unique > max(50, 0.5 * len(column)):
            reasons[name] = "free text or dates with too many different values to use as categories"
    reasons.pop(target, None)
    return reasons


def default_features(frame: pd.DataFrame, target: str) -> list[str]:
    """All columns but the target and the default exclusions."""
    skip = {target, *feature_exclusions(frame, target)}
    return [str(c) for c in frame.columns if c not in skip]


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def define_problem(dataset: Dataset, target: str, *, task: Task | None = None,
                   positive_label: str | None = None,
                   features: list[str] | None = None) -> Problem:
    """Check that ``target`` can be learnt and build the :class:`Problem`.

    Raises
    ------
    ProblemSetupError
        When the target is missing, has one class, has too many classes or no feature is left.
    """
    frame = dataset.frame
    if target not in frame.columns:
        raise ProblemSetupError(f"There is no column called '{target}'.",
                                "Pick the target from the list of columns.")
    column = frame[target]
    known = column.dropna()
    if known.empty:
        raise ProblemSetupError(f"'{target}' is empty on every row, so there is nothing to learn.",
                                "Pick a column that records the outcome you want to predict.")
    if known.nunique() < 2:
        raise ProblemSetupError(
            f"'{target}' has only one value ({_label(known.iloc[0])}), so a model has nothing to tell apart.",
            "Pick another target, or add rows where the outcome is different.")
    task = task or infer_task(column)
    classes: tuple[str, ...] = ()
    if task != "regression":
        labels = known.map(_label)
        classes = tuple(sorted(labels.unique()))
        if len(classes) > MAX_CLASSES:
            raise ProblemSetupError(
                f"'{target}' has {len(classes)} different values; that is too many classes to learn here.",
                "Pick a target with fewer categories, or treat it as a number (regression).")
        if len(classes) == 2 and task == "multiclass":
            task = "binary"
        if task == "binary":
            if len(classes) != 2:
                raise ProblemSetupError("A yes/no prediction needs exactly two values in the target.",
                                        "Choose 'pick one of several' instead.")
            positive_label = positive_label if positive_label in classes else _guess_positive(classes)
        else:
            positive_label = None
    else:
        if not pd.api.types.is_numeric_dtype(column):
            raise ProblemSetupError(f"'{target}' is not a number, so it cannot be predicted as one.",
                                    "Treat it as classification instead.")
        positive_label = None
    chosen = features if features is not None else default_features(frame, target)
    chosen = [f for f in chosen if f != target and f in frame.columns]
    if not chosen:
        raise ProblemSetupError("No feature columns are left to learn from.",
                                "Include at least one column besides the target.")
    return Problem(target=target, task=task, features=tuple(chosen), classes=classes,
                   positive_label=positive_label, data_version=dataset.version)


_POSITIVE_WORDS = ("yes", "true", "1", "churn", "churned", "fraud", "spam", "positive", "dog", "bad")


def _guess_positive(classes: tuple[str, ...]) -> str:
    """The class that usually names "the outcome we care about"."""
    for word in _POSITIVE_WORDS:
        for label in classes:
            if label.strip().lower() == word:
                return label
    return classes[-1]


def target_labels(problem: Problem, series: pd.Series) -> pd.Series:
    """Targets as strings (classification) so labels look the same everywhere."""
    if problem.is_classification:
        return series.map(lambda v: _label(v) if pd.notna(v) else v)
    return series
