"""What drives the model: permutation importance on the test rows, in the PM's decision metric.

Each input column's values are shuffled among the test rows (the model can no longer tell the
cases apart by it) and the model is scored again in the decision metric at the operating point
(:func:`mlpm.project.decision.decision_score`); the drop is how much the model relies on the column.
The semantics are exactly scikit-learn's ``permutation_importance`` (same shuffles for the same
``random_state``, importances = baseline score minus shuffled score, spread = standard deviation
over repeats), so the test compares with it directly. The original columns are shuffled before
the pipeline, so one bar is one column of the PM's table, not one dummy of it.

Faster than calling sklearn: the repeats of one column are stacked into one table and scored
with one ``predict`` call (one pass through the pipeline per column instead of one per repeat),
in chunks that bound memory. Results are kept per fitted pipeline (weakly: they go when the
model goes), so the page, the pack, the model card and the CLI read one computation.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.pipeline import Pipeline
from sklearn.utils import check_random_state

from mlpm.data.dataset import Dataset
from mlpm.model.problem import Problem
from mlpm.model.training import TrainedModel, model_input, one_thread
from mlpm.project.decision import LOWER_IS_BETTER, DecisionSettings, decision_score

REPEATS = 5
SEED = 0
MAX_ROWS = 10_000
"""Test rows used (a seeded sample above this): the cost grows with rows x columns x repeats."""
CHUNK_ROWS = 20_000
"""Rows scored in one ``predict`` call at most (memory stays bounded on wide tables)."""

Answer = Callable[[pd.DataFrame], np.ndarray]


@dataclass(frozen=True)
class Importance:
    """How much worse the model scores when each column is shuffled, over ``repeats`` shuffles.

    ``drops[i, r]``: how much worse (positive = the model relies on the column; the direction
    of MAE is turned round) the decision metric gets with column ``features[i]`` shuffled in
    repeat ``r``. ``caught`` / ``false_alarms`` (yes/no) and ``right`` (several classes) are
    the same shuffles counted per 1,000 test cases: fewer caught, more false alarms, fewer
    right.
    """

    model_key: str
    model_name: str
    metric: str
    threshold: float | None
    features: tuple[str, ...]
    baseline: float
    drops: np.ndarray
    n_rows: int
    n_test: int
    repeats: int
    seed: int
    caught: np.ndarray | None = None
    false_alarms: np.ndarray | None = None
    right: np.ndarray | None = None

    @property
    def importances(self) -> np.ndarray:
        """Mean drop per column (sklearn's ``importances_mean``)."""
        return self.drops.mean(axis=1)

    @property
    def spread(self) -> np.ndarray:
        """Standard deviation of the drop over repeats (sklearn's ``importances_std``)."""
        return self.drops.std(axis=1)

    @property
    def sampled(self) -> bool:
        return self.n_rows < self.n_test

    def order(self) -> np.ndarray:
        """Column positions, most important first (ties keep the table's order)."""
        return np.argsort(-self.importances, kind="stable")

    def records(self) -> list[dict[str, object]]:
        """``[{"feature", "importance", "spread"}]``, most important first (CLI JSON)."""
        mean, spread = self.importances, self.spread
        return [{"feature": self.features[i], "importance": round(float(mean[i]), 6),
                 "spread": round(float(spread[i]), 6)} for i in self.order()]

    def frame(self) -> pd.DataFrame:
        """One row per column, most important first: the chart's data."""
        order = self.order()
        out = pd.DataFrame({
            "feature": [self.features[i] for i in order],
            "importance": self.importances[order], "spread": self.spread[order]})
        for name in ("caught", "false_alarms", "right"):
            values = getattr(self, name)
            if values is not None:
                out[name] = values.mean(axis=1)[order]
        return out


def shuffles(n: int, repeats: int, random_state: int | np.random.RandomState | None
             ) -> list[np.ndarray]:
    """The row orders sklearn's ``permutation_importance`` uses for every column.

    sklearn draws one seed from ``random_state``, then for each column shuffles an index in
    place ``repeats`` times and re-indexes the already shuffled column with it, so repeat ``r``
    sees the original column at ``p_1[p_2[…p_r]]``.
    """
    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max + 1)
    rng = np.random.RandomState(seed)
    index = np.arange(n)
    order = np.arange(n)
    out = []
    for _ in range(repeats):
        rng.shuffle(index)
        order = order[index]
        out.append(order.copy())
    return out


def permuted_answers(answer: Answer, x: pd.DataFrame, repeats: int = REPEATS,
                     random_state: int | np.random.RandomState | None = SEED,
                     chunk_rows: int = CHUNK_ROWS) -> tuple[np.ndarray, list[np.ndarray]]:
    """The model's answers on the intact rows, and per column an array ``(repeats, n, …)`` of
    its answers with that column shuffled (sklearn's shuffles). ``answer`` reads the raw table."""
    n = len(x)
    flat = _flat_orders(n, repeats, random_state)
    intact = np.asarray(answer(x))
    per_call = _per_call(n, repeats, chunk_rows)
    stacked = pd.concat([x] * per_call, ignore_index=True)
    out = []
    for column in x.columns:
        shuffled = x[column].take(flat)
        saved = stacked[column]
        parts = []
        for start in range(0, repeats, per_call):
            k = min(per_call, repeats - start)
            block = stacked if k == per_call else stacked.iloc[: k * n].copy()
            block[column] = shuffled.iloc[start * n:(start + k) * n].set_axis(block.index)
            parts.append(np.asarray(answer(block)))
        stacked[column] = saved
        out.append(np.concatenate(parts).reshape((repeats, n, *intact.shape[1:])))
    return intact, out


def permuted_prepared_answers(answer: Callable[[np.ndarray], np.ndarray], prepared: np.ndarray,
                              groups: list[np.ndarray], repeats: int = REPEATS,
                              random_state: int | np.random.RandomState | None = SEED,
                              chunk_rows: int = CHUNK_ROWS
                              ) -> tuple[np.ndarray, list[np.ndarray]]:
    """:func:`permuted_answers` on the prepared table: shuffling an original column's rows
    shuffles exactly the prepared columns made from it (``groups``), because every preparing
    step works row by row and column by column (fill a gap, scale, one-hot). So the answers
    equal those of shuffling the raw column, without preparing the table again per shuffle."""
    n = len(prepared)
    flat = _flat_orders(n, repeats, random_state)
    intact = np.asarray(answer(prepared))
    per_call = _per_call(n, repeats, chunk_rows)
    stacked = np.tile(prepared, (per_call, 1))
    out = []
    for columns in groups:
        saved = stacked[:, columns].copy()
        parts = []
        for start in range(0, repeats, per_call):
            k = min(per_call, repeats - start)
            block = stacked[: k * n]
            block[:, columns] = prepared[flat[start * n:(start + k) * n]][:, columns]
            parts.append(np.asarray(answer(block)))
        stacked[:, columns] = saved
        out.append(np.concatenate(parts).reshape((repeats, n, *intact.shape[1:])))
    return intact, out


def _flat_orders(n: int, repeats: int, random_state: int | np.random.RandomState | None
                 ) -> np.ndarray:
    orders = shuffles(n, repeats, random_state)
    return np.concatenate(orders) if orders else np.array([], dtype=int)


def _per_call(n: int, repeats: int, chunk_rows: int) -> int:
    """Repeats scored in one call (bounded by ``chunk_rows`` rows)."""
    return max(1, min(repeats, chunk_rows // max(n, 1)))


def answer_function(model: TrainedModel, positive_label: str | None,
                    steps: Pipeline | None = None) -> Answer:
    """What the decision metric reads: the positive class's chance (yes/no), else predictions
    (the same answers the leaderboard scores, :mod:`mlpm.evaluate.leaderboard`). ``steps``: the part
    of the pipeline to run (default: all of it)."""
    pipeline = model.pipeline if steps is None else steps
    if positive_label is not None and model.scores is not None:
        column = list(map(str, model.pipeline.classes_)).index(str(positive_label))
        return lambda x: pipeline.predict_proba(x)[:, column]
    if model.classes:
        return lambda x: np.asarray(pipeline.predict(x)).astype(str)
    return lambda x: np.asarray(pipeline.predict(x), dtype=float)


def prepared_groups(model: TrainedModel, columns: list[str]) -> list[np.ndarray] | None:
    """For each original column, the prepared columns made from it; None when the pipeline
    has no column-by-column preparing step (the PM's rule, a custom pipeline)."""
    from mlpm.evaluate.contributions import source_columns

    pipeline = model.pipeline
    if not isinstance(pipeline, Pipeline) or pipeline.steps[0][0] != "prepare" \
            or len(pipeline.steps) < 2:
        return None
    sources = source_columns(pipeline.steps[0][1])
    if sources is None or set(sources) - set(columns):
        return None
    names = np.asarray(sources, dtype=object)
    return [np.flatnonzero(names == c) for c in columns]


def permutation_importance(model: TrainedModel, x: pd.DataFrame, y: np.ndarray, *,
                           settings: DecisionSettings, positive_label: str | None,
                           metric: str, repeats: int = REPEATS,
                           random_state: int = SEED, n_test: int | None = None) -> Importance:
    """Permutation importance of each column of ``x`` (the model's input table, test rows).

    ``metric`` is the decision metric's key (:func:`DecisionSettings.metric_for`); yes/no
    answers are cut at ``settings.threshold``.
    """
    y = np.asarray(y)
    answer = answer_function(model, positive_label)

    def score(answers: np.ndarray) -> float:
        return decision_score(metric, y, answers, positive_label=positive_label,
                              threshold=settings.threshold, costs=settings.costs)

    groups = prepared_groups(model, list(x.columns))
    with one_thread():
        if groups is None:
            intact, per_column = permuted_answers(answer, x, repeats, random_state)
        else:
            rest = model.pipeline[1:]
            prepared = model.pipeline.steps[0][1].transform(x)
            prepared = np.asarray(prepared.toarray() if sparse.issparse(prepared) else prepared,
                                  dtype=float)
            intact, per_column = permuted_prepared_answers(
                answer_function(model, positive_label, rest), prepared, groups, repeats,
                random_state)
    baseline = score(intact)
    sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
    drops = np.array([[sign * (baseline - score(a)) for a in answers] for answers in per_column],
                     dtype=float).reshape(len(per_column), repeats)
    n = max(len(y), 1)
    extra: dict[str, np.ndarray] = {}
    if positive_label is not None and model.scores is not None:
        actual = y == positive_label

        def counts(answers: np.ndarray) -> tuple[int, int]:
            flagged = np.asarray(answers, dtype=float) >= settings.threshold
            return int((flagged & actual).sum()), int((flagged & ~actual).sum())

        tp0, fp0 = counts(intact)
        pairs = np.array([[counts(a) for a in answers] for answers in per_column],
                         dtype=float).reshape(len(per_column), repeats, 2)
        extra["caught"] = 1000 * (tp0 - pairs[..., 0]) / n
        extra["false_alarms"] = 1000 * (pairs[..., 1] - fp0) / n
    elif model.classes:
        truth = y.astype(str)
        right0 = int((intact == truth).sum())
        extra["right"] = np.array([[1000 * (right0 - int((a == truth).sum())) / n
                                    for a in answers] for answers in per_column],
                                  dtype=float).reshape(len(per_column), repeats)
    return Importance(
        model_key=model.key, model_name=model.name, metric=metric,
        threshold=settings.threshold if positive_label is not None else None,
        features=tuple(map(str, x.columns)), baseline=baseline, drops=drops, n_rows=len(y),
        n_test=n_test if n_test is not None else len(y), repeats=repeats, seed=random_state,
        **extra)


def held_out_inputs(model: TrainedModel, dataset: Dataset, problem: Problem,
                max_rows: int = MAX_ROWS, seed: int = SEED) -> tuple[pd.DataFrame, np.ndarray]:
    """The model's input table and true answers on its test rows (a seeded sample above
    ``max_rows``), in ``model.y_test`` order."""
    positions = np.arange(len(model.y_test))
    if len(positions) > max_rows:
        positions = np.sort(np.random.default_rng(seed).choice(positions, max_rows,
                                                                replace=False))
    rows = np.asarray(model.rows)[positions]
    x = model_input(model, dataset.frame, problem).iloc[rows]
    return x, np.asarray(model.y_test)[positions]


_memo: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def model_importance(model: TrainedModel, dataset: Dataset, problem: Problem,
                     settings: DecisionSettings, *, repeats: int = REPEATS,
                     seed: int = SEED) -> Importance | None:
    """The importance of ``model``'s columns at the PM's settings, computed once per fitted
    model and settings (``None`` for groups found without a target)."""
    if not problem.is_supervised or not len(model.y_test) or not len(model.rows):
        return None
    positive = problem.positive_label if problem.task == "binary" else None
    metric = settings.metric_for(problem.task)
    key = (dataset.version, model.split_key, metric, settings.threshold if positive else None,
           repr(settings.costs) if metric == "value" else "", repeats, seed)
    with _lock:
        known = _memo.get(model.pipeline, {}).get(key)
    if known is not None:
        return known
    x, y = held_out_inputs(model, dataset, problem, seed=seed)
    result = permutation_importance(model, x, y, settings=settings, positive_label=positive,
                                    metric=metric, repeats=repeats, random_state=seed,
                                    n_test=len(model.y_test))
    with _lock:
        _memo.setdefault(model.pipeline, {})[key] = result
    return result
