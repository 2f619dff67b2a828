"""Why this case: the features that pushed one case's chance (or number) up or down, and the
what-if answer after the PM changes its inputs.

Two well-defined methods, stated in the chart's caption:

- **Linear models** (logistic regression on yes/no, linear regression): exact contributions.
  Each prepared column's weight times how far the case is from the average training case in
  the pipeline's own space (standardised numbers, 0/1 categories; through the compression when
  PCA is on), summed back to the PM's original columns. They add up exactly:
  ``base + sum(contributions) = the model's log-odds`` (yes/no) or its prediction (numbers),
  where ``base`` is the model's answer for the average training case (the values SHAP's
  linear explainer gives for independent features).
- **Any other model**: "what if this feature were typical": the case's answer minus its answer
  with that one column set to the training rows' median (numbers) or most common value
  (categories), all else unchanged. One ``predict`` call on ``1 + columns`` rows. These need
  not add up; they say which values move this case's answer most.

Bars are in the answer's own unit for both: chance points (yes/no; for linear models, the
chance with that push removed), the target's unit (numbers). SHAP itself was not added: it
is a large dependency (numba/llvmlite), and its model-agnostic explainer costs hundreds of
predictions per case.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline

from mlpm.data.dataset import Dataset
from mlpm.model.catalogue import date_columns
from mlpm.model.problem import Problem
from mlpm.model.split import Split
from mlpm.model.training import TrainedModel, model_input, one_thread

REFERENCE_ROWS = 10_000
"""Training rows the typical values, ranges and average case are taken from (seeded sample)."""
MAX_CHOICES = 50


@dataclass(frozen=True)
class FeatureRange:
    """What a what-if input may take: the data's own range (numbers, dates as days since
    1970) or its categories, most common first."""

    name: str
    kind: str  # "number" | "whole" | "date" | "category"
    low: float = 0.0
    high: float = 0.0
    step: float = 1.0
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """The "typical case" of the training rows, in the model's input space."""

    typical: pd.DataFrame  # one row: median (numbers) / most common value (categories)
    ranges: tuple[FeatureRange, ...]
    prepared_mean: np.ndarray | None = None  # the average prepared training row (linear)

    def range_of(self, name: str) -> FeatureRange | None:
        return next((r for r in self.ranges if r.name == name), None)


@dataclass(frozen=True)
class CaseWhy:
    """What pushed one case's answer up or down.

    ``push[i]``: how much higher the answer is because of ``features[i]`` (chance 0–1 for yes/no
    and several classes, the target's unit for numbers). ``exact`` (linear models only): the
    additive contributions in the model's own unit (log-odds or the number), with
    ``base + exact.sum() == logit`` (or the prediction).
    """

    features: tuple[str, ...]
    values: tuple[object, ...]
    typical: tuple[object, ...]
    push: np.ndarray
    answer: float
    method: str  # "linear" | "typical"
    unit: str  # "chance" | "number"
    exact: np.ndarray | None = None
    base: float | None = None
    label: str | None = None  # the class whose chance is explained (yes/no, several classes)

    def frame(self) -> pd.DataFrame:
        """One row per feature, the strongest push first (the chart's data)."""
        order = np.argsort(-np.abs(self.push), kind="stable")
        out = pd.DataFrame({"feature": [self.features[i] for i in order],
                            "value": [_show(self.values[i]) for i in order],
                            "typical": [_show(self.typical[i]) for i in order],
                            "push": self.push[order]})
        if self.exact is not None:
            out["exact"] = self.exact[order]
        return out


@dataclass(frozen=True)
class CaseAnswer:
    """The model's answer for one (possibly changed) case."""

    value: float  # chance of the positive class / of the predicted class / the number
    decision: str  # the label at the threshold (yes/no), the class, or the number as text
    flagged: bool | None = None  # yes/no only: chance >= threshold


def _show(value: object) -> object:
    if isinstance(value, float | np.floating):
        return round(float(value), 4) if np.isfinite(value) else "(missing)"
    return "(missing)" if value is None or (isinstance(value, float) and np.isnan(value)) \
        else value


# --- the typical case ---------------------------------------------------------------------

def _nice_step(low: float, high: float) -> float:
    span = high - low
    if span <= 0:
        return 1.0
    raw = span / 100
    power = 10 ** np.floor(np.log10(raw))
    return float(min((m * power for m in (1, 2, 5, 10) if m * power >= raw), default=power))


def _range(name: str, column: pd.Series, is_date: bool) -> FeatureRange:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = pd.to_numeric(column, errors="coerce").dropna().to_numpy(dtype=float)
        if not len(values):
            return FeatureRange(name, "number", 0.0, 1.0, 0.01)
        low, high = float(values.min()), float(values.max())
        if is_date:
            return FeatureRange(name, "date", float(np.floor(low)), float(np.ceil(high)), 1.0)
        if np.all(values == np.round(values)):
            return FeatureRange(name, "whole", low, high, 1.0)
        return FeatureRange(name, "number", low, high, _nice_step(low, high))
    counts = column.dropna().astype(str).value_counts()
    return FeatureRange(name, "category", choices=tuple(counts.index[:MAX_CHOICES]))


def reference_for(model: TrainedModel, dataset: Dataset, problem: Problem, split: Split,
                  max_rows: int = REFERENCE_ROWS, seed: int = 0) -> Reference:
    """The typical training case, the what-if ranges and (linear models) the average prepared
    row, from the training rows (a seeded sample above ``max_rows``)."""
    rows = np.asarray(split.train)
    if len(rows) > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(rows, max_rows, replace=False))
    x = model_input(model, dataset.frame, problem).iloc[rows]
    dates = set(date_columns(dataset.frame, [c for c in x.columns if c in problem.features]))
    typical = {}
    for name in x.columns:
        column = x[name]
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            typical[name] = float(column.median()) if column.notna().any() else np.nan
        else:
            counts = column.dropna().value_counts()
            typical[name] = counts.index[0] if len(counts) else np.nan
    frame = pd.DataFrame([typical], columns=x.columns)
    for name in x.columns:  # keep the input's types (whole numbers stay whole when they can)
        if pd.api.types.is_integer_dtype(x[name]) and pd.notna(frame[name].iloc[0]):
            frame[name] = frame[name].round().astype(x[name].dtype)
    ranges = tuple(_range(name, x[name], name in dates) for name in x.columns)
    mean = None
    if linear_kind(model) is not None:
        mean = np.asarray(model.pipeline.named_steps["prepare"].transform(x),
                          dtype=float).mean(axis=0)
    return Reference(frame, ranges, mean)


# --- linear: exact contributions ------------------------------------------------------------

def linear_kind(model: TrainedModel) -> str | None:
    """"logistic" (yes/no), "linear" (numbers), or None when contributions are not exact."""
    pipeline = model.pipeline
    if not isinstance(pipeline, Pipeline) or "prepare" not in pipeline.named_steps:
        return None
    estimator = pipeline.steps[-1][1]
    if isinstance(estimator, LogisticRegression) and np.asarray(estimator.coef_).shape[0] == 1:
        return "logistic" if source_columns(pipeline.named_steps["prepare"]) else None
    if isinstance(estimator, Ridge) and np.ndim(estimator.coef_) == 1:
        return "linear" if source_columns(pipeline.named_steps["prepare"]) else None
    return None


def source_columns(prepare: ColumnTransformer) -> list[str] | None:
    """The original column behind each prepared column (None when it can't be told)."""
    if not isinstance(prepare, ColumnTransformer):
        return None
    width = sum(s.stop - s.start for s in prepare.output_indices_.values())
    out: list[str | None] = [None] * width
    for name, transformer, columns in prepare.transformers_:
        if name == "remainder" or transformer == "drop":
            continue
        span = prepare.output_indices_[name]
        columns = list(columns)
        last = transformer.steps[-1][1] if isinstance(transformer, Pipeline) else transformer
        if hasattr(last, "categories_"):  # one-hot: one column per kept category
            counts = []
            for i, categories in enumerate(last.categories_):
                rare = (getattr(last, "infrequent_categories_", None) or [None] * len(columns))[i]
                counts.append(len(categories) - (len(rare) - 1 if rare is not None and len(rare)
                                                 else 0))
            names = [c for c, k in zip(columns, counts, strict=True) for _ in range(k)]
        else:
            try:
                names = [str(n) for n in transformer.get_feature_names_out(columns)]
            except (AttributeError, ValueError):
                return None
        if len(names) != span.stop - span.start or not set(names) <= set(columns):
            return None
        out[span.start:span.stop] = names
    return None if any(n is None for n in out) else out  # type: ignore[return-value]


def _rest(pipeline: Pipeline, prepared: np.ndarray) -> np.ndarray:
    """From the prepared space to the model's input (through the compression, if any)."""
    for _, step in pipeline.steps[1:-1]:
        prepared = step.transform(prepared)
    return prepared


def _weights(pipeline: Pipeline) -> np.ndarray:
    """The model's weights on the prepared columns (through a PCA compression, if any)."""
    weights = np.asarray(pipeline.steps[-1][1].coef_, dtype=float).ravel()
    for _, step in reversed(pipeline.steps[1:-1]):
        weights = weights @ np.asarray(step.components_, dtype=float)
    return weights


def linear_contributions(model: TrainedModel, case: pd.DataFrame, reference: Reference,
                         positive_label: str | None = None) -> tuple[np.ndarray, float]:
    """Exact per-column contributions of one case and the base they add to.

    Log-odds of ``positive_label`` (logistic regression) or the prediction (linear
    regression): ``base + contributions.sum()`` equals the model's answer for ``case``.
    """
    pipeline = model.pipeline
    prepare = pipeline.named_steps["prepare"]
    sources = source_columns(prepare)
    if sources is None or reference.prepared_mean is None:
        raise ValueError("This model's contributions are not exact.")
    estimator = pipeline.steps[-1][1]
    sign = 1.0
    if isinstance(estimator, LogisticRegression):
        classes = list(map(str, estimator.classes_))
        sign = -1.0 if positive_label is not None and classes.index(str(positive_label)) == 0 \
            else 1.0
    prepared = np.asarray(prepare.transform(case), dtype=float)[0]
    parts = sign * _weights(pipeline) * (prepared - reference.prepared_mean)
    mean_input = _rest(pipeline, reference.prepared_mean[None, :])
    base = (sign * float(estimator.decision_function(mean_input)[0])
            if isinstance(estimator, LogisticRegression) else float(estimator.predict(mean_input)[0]))
    columns = list(case.columns)
    per_column = np.zeros(len(columns))
    index = {c: i for i, c in enumerate(columns)}
    for value, source in zip(parts, sources, strict=True):
        per_column[index[source]] += value
    return per_column, base


def _sigmoid(z: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


# --- any model: what if this feature were typical -------------------------------------------

def _answers(model: TrainedModel, rows: pd.DataFrame, positive_label: str | None,
             label: str | None = None) -> tuple[np.ndarray, str | None]:
    """Chance of ``positive_label`` (or of ``label``, else of the first row's pick) per row;
    the prediction for numbers. One thread: on a busy server, OpenMP threads turned a 30 ms
    prediction into 0.5 s now and then."""
    pipeline = model.pipeline
    with one_thread():
        if not model.classes:
            return np.asarray(pipeline.predict(rows), dtype=float), None
        proba = np.asarray(pipeline.predict_proba(rows), dtype=float)
    classes = list(map(str, pipeline.classes_))
    chosen = positive_label or label or classes[int(np.argmax(proba[0]))]
    return proba[:, classes.index(str(chosen))], str(chosen)


def _readable(reference: Reference, name: str, value: object) -> object:
    """Dates (days since 1970 inside the model) as the date they are."""
    spec = reference.range_of(name)
    if spec is not None and spec.kind == "date" and isinstance(value, float | np.floating) \
            and np.isfinite(value):
        return (pd.Timestamp("1970-01-01") + pd.Timedelta(days=float(value))).date().isoformat()
    return value


def explain_case(model: TrainedModel, case: pd.DataFrame, reference: Reference, *,
                 positive_label: str | None = None) -> CaseWhy:
    """What pushed ``case`` (one row of the model's input table) up or down: exact
    contributions for linear models, "what if this feature were typical" for the others."""
    case = case.iloc[[0]]
    columns = list(case.columns)
    values = tuple(_readable(reference, c, case.iloc[0][c]) for c in columns)
    typical = tuple(_readable(reference, c, reference.typical.iloc[0][c]) for c in columns)
    kind = linear_kind(model) if reference.prepared_mean is not None else None
    if kind is not None and (kind == "linear" or positive_label is not None):
        exact, base = linear_contributions(model, case, reference, positive_label)
        total = base + exact.sum()
        if kind == "logistic":
            answer = float(_sigmoid(total))
            push = answer - _sigmoid(total - exact)
            return CaseWhy(tuple(columns), values, typical, np.asarray(push), answer, "linear",
                           "chance", exact, base, str(positive_label))
        return CaseWhy(tuple(columns), values, typical, exact.copy(), float(total), "linear",
                       "number", exact, base)
    rows = [case]
    for name in columns:
        changed = case.copy()
        changed[name] = reference.typical[name].to_numpy()
        rows.append(changed)
    answers, label = _answers(model, pd.concat(rows, ignore_index=True), positive_label)
    push = answers[0] - answers[1:]
    return CaseWhy(tuple(columns), values, typical, push, float(answers[0]), "typical",
                   "chance" if model.classes else "number", label=label)


def predict_case(model: TrainedModel, case: pd.DataFrame, *, positive_label: str | None,
                 threshold: float = 0.5) -> CaseAnswer:
    """The model's answer for one case, decided at the PM's threshold (yes/no)."""
    answers, label = _answers(model, case.iloc[[0]], positive_label)
    value = float(answers[0])
    if positive_label is not None and model.classes:
        negative = next((c for c in model.classes if c != positive_label), "")
        flagged = value >= threshold
        return CaseAnswer(value, positive_label if flagged else negative, flagged)
    if model.classes:
        return CaseAnswer(value, label or "")
    return CaseAnswer(value, f"{value:,.2f}")


def case_inputs(model: TrainedModel, dataset: Dataset, problem: Problem,
                rows: np.ndarray) -> pd.DataFrame:
    """The model's input table for ``rows`` of the dataset (prepared on the whole table, so
    dates and categories are read exactly as in training)."""
    return model_input(model, dataset.frame, problem).iloc[np.asarray(rows, dtype=int)]


# --- picking a case -----------------------------------------------------------------------

def case_groups(model: TrainedModel, *, positive_label: str | None, threshold: float,
                words: dict[str, str] | None = None) -> dict[str, np.ndarray]:
    """Test positions (``model.y_test`` order) grouped the way the Evaluate page shows them:
    the four cells of a yes/no matrix (``words``: the PM's names of the cells), right and
    wrong picks, or the largest misses first; each group ordered by how sure the model is."""
    truth = np.asarray(model.y_test)
    if positive_label is not None and model.scores is not None:
        chance = np.asarray(model.scores, dtype=float)
        flagged, actual = chance >= threshold, truth == positive_label
        names = words or {"tp": "caught", "fn": "missed", "fp": "false alarms",
                          "tn": "correctly left alone"}
        cells = {"tp": flagged & actual, "fn": ~flagged & actual, "fp": flagged & ~actual,
                 "tn": ~flagged & ~actual}
        out = {names[k]: np.flatnonzero(mask)[np.argsort(-chance[mask], kind="stable")]
               for k, mask in cells.items()}
    elif model.classes:
        right = truth.astype(str) == np.asarray(model.y_pred).astype(str)
        out = {"wrong picks": np.flatnonzero(~right), "right picks": np.flatnonzero(right)}
    else:
        errors = np.abs(np.asarray(model.y_pred, dtype=float) - truth.astype(float))
        out = {"largest misses first": np.argsort(-errors, kind="stable")}
    return {name: positions for name, positions in out.items() if len(positions)}


_contexts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def case_context(model: TrainedModel, dataset: Dataset, problem: Problem,
                 split: Split) -> tuple[pd.DataFrame, Reference]:
    """The model's input table on its test rows and the typical training case, computed once
    per fitted model (kept while the model lives), so picking cases and moving what-if inputs
    costs one prediction each."""
    key = (dataset.version, split.key)
    with _lock:
        known = _contexts.get(model.pipeline, {}).get(key)
    if known is not None:
        return known
    context = (case_inputs(model, dataset, problem, model.rows),
               reference_for(model, dataset, problem, split))
    with _lock:
        _contexts.setdefault(model.pipeline, {})[key] = context
    return context


NEW_FILE_ROWS = 500
"""Rows of a new file offered as cases (the first ones; each is one prediction away)."""


def new_file_cases(model: TrainedModel, frame: pd.DataFrame, columns: list[str],
                   *, positive_label: str | None) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Cases from a new file, as Score new data reads it: the model's input table (first
    :data:`NEW_FILE_ROWS` rows, in ``columns`` order), each row's answer, and notes (unseen
    categories, text in number columns).

    Raises
    ------
    ScoringError
        When a needed column is missing or a number column holds text only.
    """
    from mlpm.lifecycle.scoring import model_inputs, prepare_inputs

    prepared, notes = prepare_inputs(frame.head(NEW_FILE_ROWS), model_inputs(model.pipeline))
    prepared = prepared[[c for c in columns if c in prepared.columns]]
    answers, _ = _answers(model, prepared, positive_label)
    return prepared, answers, [note.text for note in notes]
