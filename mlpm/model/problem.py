"""From "what do you want to predict?" to a typed problem: target, task, features, positive class.

A problem without a target is clustering (finding groups of similar rows): its ``target`` is
the empty string :data:`NO_TARGET`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from mlpm.data.dataset import Dataset
from mlpm.data.free_text import is_free_text
from mlpm.data.id_columns import id_like_columns
from mlpm.data.kinds import looks_like_dates
from mlpm.data.leakage import find_leaks
from mlpm.data.pii import scan as scan_pii
from mlpm.errors import ProblemSetupError

if TYPE_CHECKING:
    from mlpm.data.profile import ColumnProfile

Task = Literal["binary", "multiclass", "regression", "clustering"]
TASKS: tuple[str, ...] = ("binary", "multiclass", "regression", "clustering")
NO_TARGET = ""
MAX_CLASSES = 30
MAX_PCA_COMPONENTS = 50
TASK_WORDS: dict[str, str] = {
    "binary": "yes/no prediction (binary classification)",
    "multiclass": "pick-one-of-several prediction (multiclass classification)",
    "regression": "number prediction (regression)",
    "clustering": "grouping similar rows, with no target (clustering)",
}
# Names that say "these whole numbers are codes" or "these whole numbers are amounts".
_CODE_WORDS = {"id", "code", "type", "category", "class", "label", "group", "segment", "status",
               "level", "grade", "tier", "rating", "kind", "cluster", "region", "zone"}
_AMOUNT_WORDS = {"count", "num", "number", "calls", "age", "amount", "price", "qty", "quantity",
                 "days", "months", "years", "weeks", "hours", "minutes", "size", "total", "sum",
                 "visits", "spend", "income", "salary", "revenue", "cost", "score", "sqm", "km"}


@dataclass(frozen=True)
class Problem:
    """What the model learns: ``target`` from ``features`` on one data version.

    ``target`` is :data:`NO_TARGET` (``""``) for clustering. ``pca_components`` > 0 adds a
    compression step (PCA) to the preprocessing.
    """

    target: str
    task: Task
    features: tuple[str, ...]
    classes: tuple[str, ...] = ()
    positive_label: str | None = None
    data_version: str = ""
    pca_components: int = 0

    @property
    def is_classification(self) -> bool:
        return self.task in ("binary", "multiclass")

    @property
    def is_supervised(self) -> bool:
        """Learning from examples with a known answer (everything but clustering)."""
        return self.task != "clustering"

    @property
    def key(self) -> str:
        """Identifies the problem for staleness checks and caches."""
        key = (f"{self.data_version}|{self.target}|{self.task}|{self.positive_label}|"
               f"{','.join(self.features)}")
        return key + (f"|pca={self.pca_components}" if self.pca_components else "")

    @property
    def describe(self) -> str:
        return TASK_WORDS[self.task]


@dataclass(frozen=True)
class TaskEvidence:
    """What the task guess was based on, so the page can say why."""

    task: Task
    n_values: int
    numeric: bool
    whole: bool
    name_hint: str  # "code" | "amount" | ""


def name_tokens(name: str) -> list[str]:
    """``planCode`` / ``plan_code`` / ``Plan Code`` -> ["plan", "code"]."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(name))
    return [t for t in re.split(r"[^a-zA-Z0-9]+", spaced.lower()) if t]


def _name_hint(name: object) -> str:
    tokens = set(name_tokens(str(name))) if name is not None else set()
    if tokens & _CODE_WORDS:
        return "code"
    if tokens & _AMOUNT_WORDS:
        return "amount"
    return ""


def task_evidence(target: pd.Series) -> TaskEvidence:
    """Guess the task and keep the facts behind the guess.

    Classification when the target is text, yes/no, or a handful of whole-number codes;
    a column name such as ``plan_code`` or ``segment`` makes up to 30 codes categories,
    ``support_calls`` or ``age`` keeps whole numbers as numbers.
    """
    values = target.dropna()
    numeric = bool(pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values))
    whole = bool(numeric and len(values) and (values == values.round()).all())
    return guess_task(int(values.nunique()), len(values), numeric=numeric, whole=whole,
                      name=target.name)


def task_of_profile(profile: ColumnProfile) -> Task:
    """:func:`infer_task` from a column profile the review already made (no pass over rows)."""
    return guess_task(profile.distinct, profile.present, numeric=profile.numeric,
                      whole=profile.whole, name=profile.name).task


def guess_task(n_unique: int, n_values: int, *, numeric: bool, whole: bool,
               name: object) -> TaskEvidence:
    """The rule behind :func:`task_evidence`, on counts alone."""
    hint = _name_hint(name)
    named_codes = whole and hint == "code" and n_unique <= MAX_CLASSES
    few_codes = whole and hint != "amount" and n_unique <= min(10, max(3, n_values // 20))
    if n_unique <= 2:
        task: Task = "binary"
    elif not numeric or named_codes or few_codes:
        task = "multiclass"
    else:
        task = "regression"
    return TaskEvidence(task, n_unique, numeric, whole, hint)


def infer_task(target: pd.Series) -> Task:
    """The task a target column suggests (see :func:`task_evidence`)."""
    return task_evidence(target).task


def possible_tasks(target: pd.Series) -> list[str]:
    """Tasks the PM may choose for this target column (for the override)."""
    values = target.dropna()
    n_unique = values.nunique()
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    tasks = []
    if n_unique == 2:
        tasks.append("binary")
    if 2 < n_unique <= MAX_CLASSES:
        tasks.append("multiclass")
    if numeric and n_unique > 2:
        tasks.append("regression")
    return tasks


@dataclass(frozen=True)
class Exclusion:
    """Why a column is left out of the features by default, as facts (words: ``explain``).

    ``kind``: "id", "constant", "personal_data" (``detail`` = the PII kind), "leak" (``detail``
    = the leakage detector's reason, with its ``metric`` and ``score``), "date", "codes", or
    "free_text" (only in the relevance table: its words are measured instead).
    """

    kind: str
    detail: str = ""
    metric: str = ""
    score: float | None = None

    @property
    def is_leak(self) -> bool:
        return self.kind == "leak"

    @property
    def unmeasurable(self) -> bool:
        """One value per row, one value in all, or too many codes: nothing to measure."""
        return self.kind in ("id", "constant", "codes")


def feature_exclusions(frame: pd.DataFrame, target: str | None, *,
                       task: str | None = None) -> dict[str, Exclusion]:
    """Columns left out of the features by default, each with the reason a PM would accept.

    IDs, constant columns, personal data, leakage suspects (only with a target), dates and
    codes with too many values (free text stays: models read its words). The PM can include
    any of them again. Personal data and leakage use the same
    detectors as the data review (:mod:`mlpm.data.pii`, :mod:`mlpm.data.leakage`).
    """
    target = target or NO_TARGET
    reasons: dict[str, Exclusion] = {}
    _id_and_constant_reasons(frame, target, reasons)
    _personal_data_reasons(frame, target, reasons)
    if target in frame.columns and frame[target].notna().any():
        _leakage_reasons(frame, target, task or infer_task(frame[target]), reasons)
    _shape_reasons(frame, target, reasons)
    reasons.pop(target, None)
    return reasons


def _id_and_constant_reasons(frame: pd.DataFrame, target: str,
                             reasons: dict[str, Exclusion]) -> None:
    for name in id_like_columns(frame):
        reasons[name] = Exclusion("id")
    for name in frame.columns:
        name = str(name)
        if name != target and name not in reasons and frame[name].nunique(dropna=True) <= 1:
            reasons[name] = Exclusion("constant")


def _personal_data_reasons(frame: pd.DataFrame, target: str,
                           reasons: dict[str, Exclusion]) -> None:
    for finding in scan_pii(frame):
        if finding.column != target and finding.column not in reasons:
            reasons[finding.column] = Exclusion("personal_data", finding.kind)


def _leakage_reasons(frame: pd.DataFrame, target: str, task: str,
                     reasons: dict[str, Exclusion]) -> None:
    candidates = [str(c) for c in frame.columns if c != target and str(c) not in reasons]
    for leak in find_leaks(frame, target, candidates,
                           classification=task in ("binary", "multiclass")):
        reasons[leak.column] = Exclusion("leak", leak.reason, leak.metric, leak.score)


def _shape_reasons(frame: pd.DataFrame, target: str, reasons: dict[str, Exclusion]) -> None:
    """Dates, and codes with too many values to be categories (free text stays)."""
    for name in frame.columns:
        name = str(name)
        if name == target or name in reasons:
            continue
        column = frame[name]
        if looks_like_dates(column):
            reasons[name] = Exclusion("date")
        elif (not pd.api.types.is_numeric_dtype(column) and not is_free_text(column)
              and column.nunique(dropna=True) > max(50, 0.5 * len(column))):
            reasons[name] = Exclusion("codes")


def default_features(frame: pd.DataFrame, target: str | None) -> list[str]:
    """All columns but the target and the default exclusions.

    When only leakage suspects would be left, they are kept: a table whose one column
    predicts the answer perfectly should still train (the features page flags the column).
    """
    reasons = feature_exclusions(frame, target)
    skip = {target or NO_TARGET, *reasons}
    chosen = [str(c) for c in frame.columns if c not in skip]
    if not chosen:
        chosen = [str(c) for c in frame.columns
                  if c != (target or NO_TARGET) and str(c) in reasons and reasons[str(c)].is_leak]
    return chosen


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def define_problem(dataset: Dataset, target: str | None, *, task: Task | None = None,
                   positive_label: str | None = None,
                   features: list[str] | None = None, pca_components: int = 0) -> Problem:
    """Check that ``target`` can be learnt and build the :class:`Problem`.

    ``target`` ``None`` or ``""`` (or ``task="clustering"``) makes a clustering problem: no
    target, every other usable column is a feature.

    Raises
    ------
    ProblemSetupError
        When the target is missing, has one class, has too many classes or no feature is left.
    """
    frame = dataset.frame
    if not target or task == "clustering":
        return _clustering_problem(dataset, target, features, pca_components)
    if task is not None and task not in TASKS:
        raise ProblemSetupError(f"'{task}' is not a kind of problem mlpm knows.",
                                f"Choose one of: {', '.join(TASKS)}.")
    known = _known_target_values(frame, target)
    task = task or infer_task(frame[target])
    classes: tuple[str, ...] = ()
    if task != "regression":
        task, classes, positive_label = _classes(known, target, task, positive_label)
    else:
        _check_number_target(frame[target], target)
        positive_label = None
    chosen = features if features is not None else default_features(frame, target)
    chosen = [f for f in chosen if f != target and f in frame.columns]
    if not chosen:
        raise ProblemSetupError("No feature columns are left to learn from.",
                                "Include at least one column besides the target.")
    return Problem(target=target, task=task, features=tuple(chosen), classes=classes,
                   positive_label=positive_label, data_version=dataset.version,
                   pca_components=_check_pca(pca_components))


def _known_target_values(frame: pd.DataFrame, target: str) -> pd.Series:
    """The target's non-missing values, once it is a column with at least two of them."""
    if target not in frame.columns:
        raise ProblemSetupError(f"There is no column called '{target}'.",
                                "Pick the target from the list of columns.")
    known = frame[target].dropna()
    if known.empty:
        raise ProblemSetupError(f"'{target}' is empty on every row, so there is nothing to learn.",
                                "Pick a column that records the outcome you want to predict.")
    if known.nunique() < 2:
        raise ProblemSetupError(
            f"'{target}' has only one value ({_label(known.iloc[0])}), so a model has nothing to tell apart.",
            "Pick another target, or add rows where the outcome is different.")
    return known


def _classes(known: pd.Series, target: str, task: str, positive_label: str | None
             ) -> tuple[str, tuple[str, ...], str | None]:
    """(task, classes, positive label) of a classification target: two classes are yes/no."""
    classes = tuple(sorted(known.map(_label).unique()))
    if len(classes) > MAX_CLASSES:
        raise ProblemSetupError(
            f"'{target}' has {len(classes)} different values; that is too many classes to learn here.",
            f"Pick a target with at most {MAX_CLASSES} categories, or treat it as a number "
            "(regression) if it is one.")
    if len(classes) == 2 and task == "multiclass":
        task = "binary"
    if task != "binary":
        return task, classes, None
    if len(classes) != 2:
        raise ProblemSetupError("A yes/no prediction needs exactly two values in the target.",
                                "Choose 'pick one of several' instead.")
    return task, classes, (positive_label if positive_label in classes
                           else _guess_positive(classes))


def _check_number_target(column: pd.Series, target: str) -> None:
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        raise ProblemSetupError(f"'{target}' is not a number, so it cannot be predicted as one.",
                                "Treat it as classification instead.")


def _clustering_problem(dataset: Dataset, ignored: str | None, features: list[str] | None,
                        pca_components: int) -> Problem:
    frame = dataset.frame
    chosen = features if features is not None else default_features(frame, ignored)
    chosen = [f for f in chosen if f in frame.columns and f != ignored]
    if not chosen:
        raise ProblemSetupError("No columns are left to find groups in.",
                                "Include at least one column that describes the rows.")
    return Problem(target=NO_TARGET, task="clustering", features=tuple(chosen),
                   data_version=dataset.version, pca_components=_check_pca(pca_components))


def _check_pca(n: int) -> int:
    if not 0 <= int(n) <= MAX_PCA_COMPONENTS:
        raise ProblemSetupError(f"PCA can keep between 1 and {MAX_PCA_COMPONENTS} components.",
                                "Pick a smaller number, or switch compression off.")
    return int(n)


def redefine(dataset: Dataset, problem: Problem, **changes: object) -> Problem:
    """``problem`` with some choices changed (target, task, positive_label, features,
    pca_components), checked again by :func:`define_problem`."""
    choices: dict[str, object] = {
        "target": problem.target, "task": problem.task, "positive_label": problem.positive_label,
        "features": list(problem.features), "pca_components": problem.pca_components}
    choices.update(changes)
    target = choices.pop("target")
    return define_problem(dataset, target, **choices)  # type: ignore[arg-type]


def problem_for_target(dataset: Dataset, current: Problem | None, target: str) -> Problem:
    """The problem for ``target``, keeping the PM's earlier choices where they still apply.

    Same target and data: the current problem. Same target on new data (e.g. after cleaning):
    the same task, positive class, features (those still present) and compression. Otherwise
    the defaults.
    """
    if current is None or current.target != target:
        return define_problem(dataset, target)
    if current.data_version == dataset.version:
        return current
    try:
        present = [f for f in current.features if f in dataset.frame.columns]
        return redefine(dataset, current, features=present)
    except ProblemSetupError:
        return define_problem(dataset, target)


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
