"""Scoring new data with a trained model: predictions (and probabilities) for every row.

New files rarely match the training file exactly. Before predicting, every column the model
needs is checked: a missing column stops with a clear message; text in a number column is
either converted (a few bad values become "missing", with a warning) or stops when the column
is no longer numbers at all; categories the model never saw are counted and named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from mlpm.data.csv_safe import safe_csv
from mlpm.data.dataset import Dataset
from mlpm.errors import UserError
from mlpm.model.problem import Problem, target_labels
from mlpm.model.training import TrainedModel


class ScoringError(UserError):
    """The new file cannot be scored as it is (missing columns, changed types, no rows)."""


@dataclass(frozen=True)
class ScoreNote:
    """Something the PM should know about the scored file."""

    level: Literal["info", "warning"]
    text: str


@dataclass(frozen=True)
class ModelInputs:
    """The columns a fitted pipeline reads, by kind, and the categories it learnt."""

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    raw: tuple[str, ...] = ()
    """columns read as they are (the PM's if-then rule reads the table as the PM sees it)"""

    @property
    def columns(self) -> tuple[str, ...]:
        return self.numeric + self.categorical + self.raw


@dataclass(frozen=True)
class ScoreResult:
    """The scored table and what was noticed on the way."""

    predictions: pd.DataFrame = field(repr=False)
    prediction_column: str
    probability_columns: tuple[str, ...]
    notes: tuple[ScoreNote, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.predictions)

    def csv(self) -> bytes:
        """The predictions as CSV, formula-like text neutralised for spreadsheets."""
        return safe_csv(self.predictions, index=False)


def model_inputs(pipeline: Pipeline) -> ModelInputs:
    """Read the columns (and learnt categories) from the fitted preprocessing step."""
    prepare = pipeline.named_steps.get("prepare") if hasattr(pipeline, "named_steps") else None
    numeric: list[str] = []
    categorical: list[str] = []
    categories: dict[str, tuple[str, ...]] = {}
    for name, step, columns in getattr(prepare, "transformers_", []):
        if name == "remainder" or not isinstance(columns, list | tuple | np.ndarray):
            continue
        columns = [str(c) for c in columns]
        if name == "numbers":
            numeric.extend(columns)
        else:
            categorical.extend(columns)
            encoder = step[-1] if hasattr(step, "__getitem__") else step
            for column, learnt in zip(columns, getattr(encoder, "categories_", []), strict=False):
                categories[column] = tuple(str(v) for v in learnt)
    raw: tuple[str, ...] = ()
    if prepare is None:
        model = pipeline.named_steps.get("model") if hasattr(pipeline, "named_steps") else None
        rule = getattr(model, "rule", None)
        names = getattr(rule, "columns", None) or getattr(pipeline, "feature_names_in_", [])
        raw = tuple(str(c) for c in names)
    return ModelInputs(tuple(numeric), tuple(categorical), categories, raw)


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def numbers_from_text(column: pd.Series) -> pd.Series:
    """A column read as numbers the way scoring reads it ("1,200" -> 1200; words -> missing).

    Shared with the HTTP server's per-row checks (:mod:`mlpm.lifecycle.serving.checks`), so a value is
    a number there exactly when it is one here.
    """
    text = column.astype("string").str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(text, errors="coerce")


def category_labels(column: pd.Series) -> pd.Series:
    """A column's values as the category labels the model learnt (2.0 -> "2"; missing kept)."""
    return pd.Series([_label(v) if pd.notna(v) else np.nan for v in column.astype(object)],
                     index=column.index, dtype=object)


def _finite(values: pd.Series, name: str, notes: list[ScoreNote]) -> pd.Series:
    """Infinite numbers ("inf", 1e400) as missing, with a warning: no model can use them."""
    infinite = np.isinf(values.to_numpy(dtype=float, na_value=np.nan))
    if not infinite.any():
        return values
    notes.append(ScoreNote("warning", f"{int(infinite.sum()):,} value(s) of '{name}' are "
                           "infinite; the model treats them as missing."))
    return values.mask(infinite)


def prepare_inputs(frame: pd.DataFrame, inputs: ModelInputs) -> tuple[pd.DataFrame, list[ScoreNote]]:
    """The model's columns from ``frame``, types fixed where that is safe.

    Raises
    ------
    ScoringError
        When a needed column is missing or a number column holds text only.
    """
    if frame.empty:
        raise ScoringError("The file has no rows to score.", "Upload a file with at least one row.")
    columns = {str(c): c for c in frame.columns}
    _require_columns(columns, inputs)
    notes: list[ScoreNote] = []
    # Columns are gathered first and the table built once: inserting them one by one cost
    # more than the model itself on a single row (the HTTP server, docs/performance.md).
    parts: dict[str, pd.Series] = {}
    for name in inputs.numeric:
        parts[name] = _number_input(name, frame[columns[name]], notes)
    for name in inputs.categorical:
        parts[name] = _category_input(name, frame[columns[name]],
                                      set(inputs.categories.get(name, ())), notes)
    for name in inputs.raw:
        parts[name] = frame[columns[name]]
    x = pd.DataFrame(parts, index=frame.index)
    extra = [c for c in columns if c not in inputs.columns]
    if extra:
        notes.append(ScoreNote("info", f"{len(extra)} column(s) the model does not use were "
                               "ignored: " + ", ".join(extra[:6]) + ("…" if len(extra) > 6 else "")))
    return x, notes


def _require_columns(columns: dict[str, Any], inputs: ModelInputs) -> None:
    """Stop with one message naming the columns the model needs that the file lacks."""
    missing = [c for c in inputs.columns if c not in columns]
    if missing:
        shown = ", ".join(f"'{c}'" for c in missing[:6])
        more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
        raise ScoringError(
            f"The file is missing {len(missing)} column(s) the model needs: {shown}{more}.",
            "Add the columns with the same names as in the training data, or retrain the model "
            "without them.")


def _number_input(name: str, column: pd.Series, notes: list[ScoreNote]) -> pd.Series:
    """A number column as floats: a few words become missing (with a warning); a column of
    words only stops, since the model can no longer read it as numbers."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return _finite(column.astype(float), name, notes)
    converted = numbers_from_text(column)
    failed = converted.isna() & column.notna()
    if failed.any() and failed.sum() == column.notna().sum():
        example = column[failed].iloc[0]
        raise ScoringError(
            f"'{name}' held numbers when the model was trained, but here it holds text "
            f"(e.g. '{example}').",
            "Fix the column so it holds plain numbers (no words or units), then upload again.")
    if failed.any():
        examples = ", ".join(f"'{v}'" for v in column[failed].astype(str).unique()[:3])
        notes.append(ScoreNote("warning", f"{int(failed.sum()):,} value(s) of '{name}' are "
                               f"not numbers ({examples}); the model treats them as missing."))
    return _finite(converted.astype(float), name, notes)


def _category_input(name: str, column: pd.Series, known: set[str],
                    notes: list[ScoreNote]) -> pd.Series:
    """A category column as the labels the model learnt; values it never saw get a warning."""
    labels = category_labels(column)
    if known:
        unseen = labels.dropna()[~labels.dropna().isin(known)]
        if len(unseen):
            top = unseen.value_counts().iloc[:3]
            shown = ", ".join(f"'{v}' ×{n}" for v, n in top.items())
            notes.append(ScoreNote(
                "warning", f"{len(unseen):,} row(s) have a value of '{name}' never seen in "
                f"training ({shown}); the model treats it as an unknown category, so these "
                "predictions are less reliable."))
    return labels


@dataclass(frozen=True)
class Predicted:
    """The model's answers for prepared rows, before they become a table."""

    decisions: np.ndarray
    """per row: the predicted label (yes/no at the threshold), number, or "Group n" """
    probabilities: dict[str, np.ndarray] = field(default_factory=dict)
    """class label -> chance per row (yes/no problems: the positive class only)"""
    cut: float | None = None
    """the threshold a yes/no decision was cut at"""


def predict_prepared(pipeline: Pipeline, x: pd.DataFrame, *, task: str,
                     positive_label: str | None = None,
                     threshold: float | None = None) -> Predicted:
    """Answers for rows already through :func:`prepare_inputs`; yes/no at the ``threshold``.

    The one place a chance becomes a decision: :func:`score_frame` (the page, ``mlpm score``)
    and the HTTP server (:mod:`mlpm.lifecycle.serving`) both call it.
    """
    if task == "clustering":
        if not hasattr(pipeline, "predict"):
            raise ScoringError("This kind of grouping can't place new rows into its groups.",
                               "Use k-means on the Train page to score new rows.")
        groups = np.asarray(pipeline.predict(x))
        return Predicted(np.asarray([f"Group {int(g) + 1}" if int(g) >= 0 else "No group"
                                     for g in groups], dtype=object))
    if task == "regression":
        return Predicted(np.asarray(pipeline.predict(x), dtype=float))
    classes = [str(c) for c in pipeline.classes_]
    proba = pipeline.predict_proba(x)
    if task == "binary" and positive_label in classes:
        negative = next(c for c in classes if c != positive_label)
        cut = 0.5 if threshold is None else float(threshold)
        p = proba[:, classes.index(positive_label)]
        return Predicted(np.where(p >= cut, positive_label, negative).astype(object),
                         {positive_label: p}, cut)
    return Predicted(np.asarray(classes, dtype=object)[proba.argmax(axis=1)],
                     {label: proba[:, i] for i, label in enumerate(classes)})


def score_frame(pipeline: Pipeline, frame: pd.DataFrame, *, target: str, task: str,
                positive_label: str | None = None, threshold: float | None = None) -> ScoreResult:
    """Predict every row of ``frame``; yes/no problems use the PM's ``threshold``.

    The result is the original table with ``predicted_<target>`` (and ``probability_<class>``
    columns for classification) added on the right.
    """
    inputs = model_inputs(pipeline)
    x, notes = prepare_inputs(frame, inputs)
    predicted = predict_prepared(pipeline, x, task=task, positive_label=positive_label,
                                 threshold=threshold)
    out = frame.copy()
    column = "group" if task == "clustering" else f"predicted_{target}"
    summary: dict[str, Any] = {"rows": len(frame)}
    out[column] = predicted.decisions
    if task == "clustering":
        summary["counts"] = {str(k): int(v) for k, v in out[column].value_counts().items()}
        return ScoreResult(out, column, (), tuple(notes), summary)
    if task == "regression":
        values = predicted.decisions
        summary.update(mean=float(values.mean()), min=float(values.min()),
                       max=float(values.max()))
    else:
        for label, p in predicted.probabilities.items():
            out[f"probability_{label}"] = np.round(p, 4)
        if predicted.cut is not None:
            p = predicted.probabilities[str(positive_label)]
            cut = predicted.cut
            summary.update(threshold=cut, positive_label=positive_label,
                           flagged=int((p >= cut).sum()), flagged_share=float((p >= cut).mean()))
        summary["counts"] = {str(k): int(v) for k, v in out[column].value_counts().items()}
    probability_columns = tuple(f"probability_{label}" for label in predicted.probabilities)
    notes.extend(_check_against_truth(frame, out[column], target, task))
    return ScoreResult(out, column, probability_columns, tuple(notes), summary)


def _check_against_truth(frame: pd.DataFrame, predicted: pd.Series, target: str,
                         task: str) -> list[ScoreNote]:
    """When the file also holds the real answers, say how often the model was right."""
    if target not in frame.columns:
        return []
    truth = frame[target]
    known = truth.notna()
    if not known.any():
        return []
    if task == "regression":
        actual = pd.to_numeric(truth[known], errors="coerce")
        error = float(np.nanmean(np.abs(actual.to_numpy() - predicted[known].to_numpy(float))))
        return [ScoreNote("info", f"The file also holds the real '{target}' for {int(known.sum()):,} "
                          f"rows: predictions are off by {error:,.2f} on average.")]
    right = float((truth[known].map(_label) == predicted[known].astype(str)).mean())
    return [ScoreNote("info", f"The file also holds the real '{target}' for {int(known.sum()):,} "
                      f"rows: the model got {right:.0%} of them right.")]


def evaluate_pipeline(pipeline: Pipeline, dataset: Dataset, problem: Problem, rows: np.ndarray, *,
                      key: str, name: str, is_baseline: bool = False) -> TrainedModel:
    """An already fitted pipeline scored on ``rows`` of another dataset, as a TrainedModel.

    Used to compare an old model and its retrained successor on the same new test rows.
    """
    frame = dataset.frame.iloc[rows]
    x, _ = prepare_inputs(frame, model_inputs(pipeline))
    y = target_labels(problem, frame[problem.target]).to_numpy()
    y_pred = np.asarray(pipeline.predict(x))
    scores = None
    classes: tuple[str, ...] = ()
    if problem.is_classification:
        classes = tuple(str(c) for c in pipeline.classes_)
        proba = pipeline.predict_proba(x)
        if problem.task == "binary" and problem.positive_label in classes:
            scores = proba[:, classes.index(problem.positive_label)]
        else:
            scores = proba
    return TrainedModel(key=key, name=name, is_baseline=is_baseline, pipeline=pipeline,
                        complexity=0.0, fit_seconds=0.0, y_test=y, y_pred=y_pred, scores=scores,
                        classes=classes, split_key="", rows=np.asarray(rows))
