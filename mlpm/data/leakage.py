"""Too good to be true: features that give the answer away, and rows that contradict each other.

A *leak* is a column that would not be known at prediction time because it is recorded after
the outcome (e.g. ``cancellation_reason`` when predicting churn). It makes any model look
near-perfect in testing and fail in production. We flag a feature when

* on its own it predicts the target almost perfectly on rows it has not seen (half the rows
  learn value -> answer, the other half are scored), or
* its values are the target under another name (a one-to-one recoding), or
* its name contains a word of the target's name (``churn_date`` next to ``churned``) *and*
  its values back that up: it predicts the target strongly, if not perfectly, on its own
  (:data:`NAME_BALANCED_ACCURACY` ...). A shared word alone (``customer_age`` next to
  ``customer_churned``, ``Sale_Type`` next to ``Sale_Price``) never flags a feature.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from mlpm.data.profile import random_rows
from mlpm.data.row_keys import RowKeys, repeated, row_keys

SAMPLE = 10_000  # rows; a near-perfect score shows as clearly on 5,000 scored rows
BINS = 20
MAX_LEVELS = 50
LEAK_BALANCED_ACCURACY = 0.97
LEAK_AUC = 0.99
LEAK_R2 = 0.98
# A name sharing a word with the target counts with this much evidence in the values.
NAME_BALANCED_ACCURACY = 0.85
NAME_AUC = 0.9
NAME_R2 = 0.8
MIN_CLASS_ROWS = 5  # per class and half, before a score can count as near-perfect
_STOP_WORDS = {"is", "has", "was", "flag", "label", "target", "status", "y", "the", "of", "id",
               "value", "total", "number", "count", "amount", "type", "date"}


@dataclass(frozen=True)
class LeakFinding:
    """One suspicious feature: why, and how well it predicts the target on its own."""

    column: str
    reason: str  # "mirrors_values" | "predicts" | "name"
    score: float | None
    metric: str  # "balanced accuracy" | "AUC" | "R²" | ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _codes(column: pd.Series, learn: np.ndarray) -> np.ndarray:
    """Bin numbers by quantiles of the learning half, keep the common categories; NaN = -1."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        finite = values[learn][np.isfinite(values[learn])]
        if finite.size == 0:
            return np.where(np.isnan(values), -1, 0)
        few = np.unique(finite[:2_000])
        distinct = np.unique(finite) if few.size <= BINS else few
        if distinct.size <= BINS:
            edges = (distinct[:-1] + distinct[1:]) / 2
        else:
            edges = np.unique(np.quantile(finite, np.linspace(0, 1, BINS + 1)[1:-1]))
        codes = np.searchsorted(edges, values)
        return np.where(np.isnan(values), -1, codes)
    codes, _ = pd.factorize(column, use_na_sentinel=True)
    counts = np.bincount(codes[learn][codes[learn] >= 0], minlength=int(codes.max()) + 1)
    if counts.size > MAX_LEVELS:  # rare values share one "other" group
        remap = np.full(counts.size, MAX_LEVELS, dtype=np.int64)
        remap[np.argsort(-counts)[:MAX_LEVELS]] = np.arange(MAX_LEVELS)
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    return codes


def _balanced_accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    recalls = [float(np.mean(y_pred[y_true == label] == label)) for label in np.unique(y_true)]
    return float(np.mean(recalls)) if recalls else 0.0


def _auc(scores: np.ndarray, positive: np.ndarray) -> float | None:
    keep = np.isfinite(scores)
    scores, positive = scores[keep], positive[keep]
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = pd.Series(scores).rank().to_numpy()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def name_stem(target: str) -> list[str]:
    """The meaningful words of a target name: ``is_churned`` -> ``["churn"]``."""
    words = [w for w in re.split(r"[^a-z0-9]+", target.lower()) if w and w not in _STOP_WORDS]
    stems = []
    for word in words:
        for suffix in ("ed", "ing", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        if len(word) >= 4:
            stems.append(word)
    return stems


@dataclass(frozen=True)
class _Classes:
    """The target of a classification as codes."""

    labels: np.ndarray  # the class names (as text), sorted
    codes: np.ndarray  # each row's class, an index into labels
    majority: int  # the most common class among the learning rows


@dataclass(frozen=True)
class _Halves:
    """Rows that learn value -> answer, and rows they are scored on."""

    learn: np.ndarray
    score: np.ndarray


def find_leaks(frame: pd.DataFrame, target: str, features: list[str], *, classification: bool,
               sample: int = SAMPLE, seed: int = 0) -> list[LeakFinding]:
    """Features that predict ``target`` "too good to be true", strongest first."""
    columns = list(dict.fromkeys([target, *features]))
    known = random_rows(frame[columns], sample, seed=seed)
    known = known[known[target].notna()]
    if len(known) < 40:
        return []  # too few rows to back up a name with values
    stems = name_stem(target)
    named = {name for name in features if any(stem in name.lower() for stem in stems)}
    order = np.random.default_rng(seed).permutation(len(known))
    halves = _Halves(np.sort(order[: len(order) // 2]), np.sort(order[len(order) // 2:]))
    y = known[target]
    if classification:
        classes = _classes(y, halves)
        if classes is None:
            return []  # too few examples to call anything "perfect"
        found = (_class_leak(name, known[name], classes, halves, name in named)
                 for name in features)
    else:
        y_values = y.to_numpy(dtype=float)
        spread = float(np.var(y_values[halves.score]))
        if spread == 0:
            return []
        found = (_value_leak(name, known[name], y_values, spread, halves, name in named)
                 for name in features)
    findings = {f.column: f for f in found if f is not None}
    return sorted(findings.values(), key=lambda f: (f.reason == "name", -(f.score or 0)))


def _classes(y: pd.Series, halves: _Halves) -> _Classes | None:
    """The target's classes, or None when either half has too few rows of one of them."""
    labels, y_codes = np.unique(y.astype(str).to_numpy(), return_inverse=True)
    smallest = min(np.bincount(y_codes[halves.learn], minlength=len(labels)).min(),
                   np.bincount(y_codes[halves.score], minlength=len(labels)).min())
    if len(labels) < 2 or smallest < MIN_CLASS_ROWS:
        return None
    return _Classes(labels, y_codes, int(np.bincount(y_codes[halves.learn]).argmax()))


def _class_leak(name: str, column: pd.Series, classes: _Classes, halves: _Halves,
                named: bool) -> LeakFinding | None:
    """A feature that names the class alone (value -> most common class on the learning
    rows, balanced accuracy on the others), or whose numbers rank the two classes apart."""
    learn, score = halves.learn, halves.score
    n_labels = len(classes.labels)
    shifted = _codes(column, learn) + 1  # missing (-1) becomes its own group 0
    groups = int(shifted.max()) + 1
    table = np.bincount(shifted[learn] * n_labels + classes.codes[learn],
                        minlength=groups * n_labels).reshape(groups, n_labels)
    best = np.where(table.sum(axis=1) > 0, table.argmax(axis=1), classes.majority)
    value = _balanced_accuracy(classes.codes[score], best[shifted[score]])
    if value >= LEAK_BALANCED_ACCURACY:
        mirrors = column.nunique() == n_labels and value >= 0.999
        return LeakFinding(name, "mirrors_values" if mirrors else "predicts", round(value, 4),
                           "balanced accuracy")
    found = None
    if named and value >= NAME_BALANCED_ACCURACY:
        found = LeakFinding(name, "name", round(value, 4), "balanced accuracy")
    if n_labels == 2 and pd.api.types.is_numeric_dtype(column) \
            and not pd.api.types.is_bool_dtype(column):
        auc = _auc(column.to_numpy(dtype=float, na_value=np.nan)[score],
                   classes.codes[score] == 1)
        best_auc = max(auc, 1 - auc) if auc is not None else 0.0
        if best_auc >= LEAK_AUC:
            return LeakFinding(name, "predicts", round(best_auc, 4), "AUC")
        if named and found is None and best_auc >= NAME_AUC:
            return LeakFinding(name, "name", round(best_auc, 4), "AUC")
    return found


def _value_leak(name: str, column: pd.Series, y_values: np.ndarray, spread: float,
                halves: _Halves, named: bool) -> LeakFinding | None:
    """A feature whose groups' mean target (learnt on one half) explains the other half's
    (``spread``: the variance of the target on the scored half)."""
    learn, score = halves.learn, halves.score
    codes = _codes(column, learn)
    means = pd.Series(y_values[learn]).groupby(codes[learn]).mean()
    predicted = pd.Series(codes[score]).map(means).fillna(y_values[learn].mean())
    residual = float(np.mean((y_values[score] - predicted.to_numpy()) ** 2))
    value = 1 - residual / spread
    if value >= LEAK_R2:
        return LeakFinding(name, "predicts", round(value, 4), "R²")
    if named and value >= NAME_R2:
        return LeakFinding(name, "name", round(value, 4), "R²")
    return None


def conflicting_labels(frame: pd.DataFrame, target: str, features: list[str], *,
                       keys: RowKeys | None = None) -> tuple[int, int]:
    """Rows that share every feature value with another row but have a different target.

    Returns ``(rows, groups)``: how many rows are involved and in how many groups. ``keys``
    (:class:`~mlpm.data.row_keys.RowKeys` of ``frame``, from the review) saves reading every
    feature again: only the rows whose feature keys repeat are compared.
    """
    features = [f for f in features if f != target]
    has_target = frame[target].notna().to_numpy()
    if not features or has_target.sum() < 2:
        return 0, 0
    if keys is None or not set(features) <= keys.columns:
        keys = row_keys(frame[features])
    feature_keys = keys.only(frame, features)
    if has_target.all():
        candidates = np.flatnonzero(repeated(feature_keys))
    else:
        labelled = np.flatnonzero(has_target)
        candidates = labelled[repeated(feature_keys[labelled])]
    if len(candidates) == 0:
        return 0, 0
    # Like the duplicate-row count, groups are decided on the 64-bit keys (a false match has
    # probability ~n²/2⁶⁵); only the candidates' labels are read.
    labels = pd.factorize(frame[target].iloc[candidates])[0]
    keys = feature_keys[candidates]
    order = np.lexsort((labels, keys))  # by key, then label: a group conflicts if its
    keys, labels = keys[order], labels[order]  # first and last labels differ
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    conflicted = labels[starts] != labels[ends - 1]
    return int((ends - starts)[conflicted].sum()), int(conflicted.sum())
