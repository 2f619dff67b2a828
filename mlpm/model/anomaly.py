"""Unusual rows (anomaly detection): which rows look unlike the rest, and what makes them so.

No target: a seeded scikit-learn ``IsolationForest`` after mlpm's own preparation (the same
``prepare`` step as every model, :func:`mlpm.model.catalogue.preparation`) gives every row a score.
The score is sklearn's ``-score_samples``: how quickly random cuts isolate the row, from about
0.5 (ordinary) to 1 (isolated at once). The PM's knob is the **share of rows the team will
look at**; the line it draws is exactly sklearn's ``contamination`` offset (a percentile of
the scores), so "flag 2%" flags the rows sklearn's ``IsolationForest(contamination=0.02)``
would call outliers.

Why each row is unusual is told per column, in a way that needs no model: numbers by a robust
z-score (distance from the median in median absolute deviations), categories by how rare the
row's value is. Both become one comparable figure, the share of rows at least as far from
typical in that column, so the columns furthest from typical come first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest
from sklearn.pipeline import Pipeline

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import date_columns, feature_kinds, preparation, prepare_features
from mlpm.model.problem import Problem, define_problem

SEED = 42
TREES = 100
SAMPLE_ROWS = 4096
"""Rows each tree is grown on. sklearn's default (256) rarely lets a tree see a one-off
category, so a single row with country 'XX' ranked 582nd of 2,000; with 1,024 53rd, with
every row 3rd. 4,096 keeps fitting well under a second on any table."""
DEFAULT_SHARE = 0.02
MIN_SHARE, MAX_SHARE = 0.001, 0.5  # sklearn's contamination is at most 0.5
MIN_ROWS = 20
REASON_TAIL = 0.05
"""A column is named as a reason only when at most this share of rows is as far from typical."""
MAX_REASONS = 3
MAP_CLIP = 5.0
MAD_TO_SD = 1.4826022185056018  # 1 / Phi^-1(3/4): a normal sd in median absolute deviations


@dataclass(frozen=True)
class Reason:
    """One column that makes a row unusual.

    ``tail_share`` is the share of rows at least as far from typical in this column (numbers:
    by robust z-score; categories: rows whose value is at most as common). Smaller = rarer.
    """

    column: str
    kind: str  # "number" | "category"
    value: object
    typical: object  # the median (numbers) or the most common value (categories)
    tail_share: float
    z: float | None = None  # robust z-score (numbers)
    value_share: float | None = None  # share of rows holding this value (categories)
    low: float | None = None  # the middle half of the rows (numbers): quartiles
    high: float | None = None
    is_date: bool = False

    @property
    def ratio(self) -> float | None:
        """value / typical, when both are positive numbers (not dates)."""
        if self.kind != "number" or self.is_date:
            return None
        value, typical = float(self.value), float(self.typical)  # type: ignore[arg-type]
        return value / typical if value > 0 and typical > 0 else None

    def as_dict(self) -> dict[str, object]:
        """Plain JSON facts (the CLI adds the sentence, :func:`mlpm.explain.anomaly.report`)."""
        return {"column": self.column, "kind": self.kind, "value": _jsonable(self.value),
                "typical": _jsonable(self.typical), "tail_share": round(self.tail_share, 6),
                "z": None if self.z is None else round(self.z, 3),
                "value_share": None if self.value_share is None else round(self.value_share, 6)}


@dataclass(frozen=True)
class UnusualRow:
    """One flagged row: its position in the table (0-based), its score and its reasons."""

    position: int
    score: float
    reasons: tuple[Reason, ...]

    @property
    def number(self) -> int:
        """The row's number as a PM counts (first data row = 1)."""
        return self.position + 1

    def as_dict(self) -> dict[str, object]:
        return {"row": self.number, "position": self.position, "score": round(self.score, 6),
                "reasons": [r.as_dict() for r in self.reasons]}


@dataclass(frozen=True)
class AnomalyCut:
    """The line the share knob draws: rows scoring above ``threshold`` are flagged."""

    share: float
    threshold: float
    flagged: int
    rows: int
    typical_score: float  # the median score


@dataclass
class AnomalyModel:
    """A fitted IsolationForest and every row's score, for one data version and column set.

    Computed once (the page caches it per data version); moving the share knob only reads
    ``scores``.
    """

    data_version: str
    problem: Problem
    pipeline: Pipeline
    scores: np.ndarray  # per table row, higher = more unusual (sklearn's -score_samples)
    features: pd.DataFrame = field(repr=False)  # prepared feature columns (dates as days)
    dates: frozenset[str] = frozenset()
    seed: int = SEED
    _numbers: dict[str, tuple[float, float, float, float, np.ndarray]] = field(
        default_factory=dict, repr=False)
    _categories: dict[str, tuple[pd.Series, pd.Series]] = field(default_factory=dict, repr=False)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.problem.features

    @property
    def n_rows(self) -> int:
        return len(self.scores)

    def cut(self, share: float) -> AnomalyCut:
        """Flag the ``share`` most unusual rows: sklearn's contamination offset, exactly."""
        share = check_share(share)
        raw = -self.scores  # sklearn's score_samples
        offset = float(np.percentile(raw, 100.0 * share))
        flagged = int(np.count_nonzero(raw < offset))
        return AnomalyCut(share, -offset, flagged, self.n_rows, float(np.median(self.scores)))

    def flagged_positions(self, share: float) -> np.ndarray:
        """Positions of the flagged rows, most unusual first."""
        cut = self.cut(share)
        order = np.argsort(-self.scores, kind="stable")
        return order[: cut.flagged]

    def top_rows(self, share: float, limit: int = 20) -> list[UnusualRow]:
        """The most unusual flagged rows (at most ``limit``), each with its reasons."""
        return [UnusualRow(int(p), float(self.scores[p]), self.reasons(int(p)))
                for p in self.flagged_positions(share)[:limit]]

    def reasons(self, position: int, limit: int = MAX_REASONS) -> tuple[Reason, ...]:
        """The columns furthest from typical on this row (at most ``limit``, rarest first)."""
        found: list[Reason] = []
        for name in self.columns:
            if name in self._numbers:
                reason = self._number_reason(name, position)
            elif name in self._categories:
                reason = self._category_reason(name, position)
            else:
                continue  # a number column with no value at all says nothing about a row
            if reason is not None and reason.tail_share <= REASON_TAIL:
                found.append(reason)
        found.sort(key=lambda r: (r.tail_share, -abs(r.z or 0.0)))
        return tuple(found[:limit])

    def _number_reason(self, name: str, position: int) -> Reason | None:
        median, scale, low, high, sorted_z = self._numbers[name]
        value = self.features[name].iloc[position]
        if pd.isna(value):
            return None  # the model filled the median in: not what made this row unusual
        value = float(value)
        distance = abs(value - median)
        if distance == 0:
            return None
        z = (value - median) / scale if scale > 0 else math.copysign(math.inf, value - median)
        # rows at least as far from the median (this row included)
        at_least = len(sorted_z) - int(np.searchsorted(sorted_z, abs(z) * (1 - 1e-12)))
        tail = at_least / self.n_rows
        return Reason(name, "number", value, median, tail, z=z, low=low, high=high,
                      is_date=name in self.dates)

    def _category_reason(self, name: str, position: int) -> Reason | None:
        counts, tail_by_value = self._categories[name]
        value = self.features[name].iloc[position]
        key = "(missing)" if pd.isna(value) else str(value)
        count = int(counts.get(key, 0))
        if count == 0 or key == counts.index[0]:
            return None
        return Reason(name, "category", key, counts.index[0], float(tail_by_value[key]),
                      value_share=count / self.n_rows)

    def map_points(self, share: float, *, max_points: int = 3000, seed: int | None = None
                   ) -> tuple[pd.DataFrame, tuple[float, ...]]:
        """Every flagged row and a seeded sample of the others on 3 PCA axes of the prepared
        table (what the model saw), with the share of variation each axis keeps."""
        from sklearn.decomposition import PCA

        flagged = self.flagged_positions(share)
        rest = np.setdiff1d(np.arange(self.n_rows), flagged)
        rng = np.random.default_rng(self.seed if seed is None else seed)
        room = max(0, max_points - len(flagged))
        if len(rest) > room:
            rest = np.sort(rng.choice(rest, size=room, replace=False))
        positions = np.concatenate([flagged[:max_points], rest])
        prepared = self.pipeline[:-1].transform(self.features.iloc[positions])
        # A value 90 spreads from typical would squash every other row into a dot: draw
        # anything beyond MAP_CLIP spreads at the edge (the score already says how far).
        prepared = np.clip(np.asarray(prepared, dtype=float), -MAP_CLIP, MAP_CLIP)
        k = min(3, prepared.shape[1], len(positions))
        pca = PCA(n_components=k, random_state=self.seed)
        axes = pca.fit_transform(prepared) if k else np.zeros((len(positions), 0))
        points = pd.DataFrame({"row": positions + 1, "score": self.scores[positions],
                               "flagged": np.isin(positions, flagged)})
        for i in range(3):
            points[f"axis{i + 1}"] = axes[:, i] if i < k else 0.0
        variance = tuple(float(v) for v in pca.explained_variance_ratio_) if k else ()
        return points, variance

    def _describe_columns(self) -> None:
        """Each column's typical value and how far every row is from it (once, at fit)."""
        numeric, _ = feature_kinds(self.features, list(self.columns))
        n = self.n_rows
        for name in self.columns:
            column = self.features[name]
            if name in numeric:
                values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
                present = values[~np.isnan(values)]
                if present.size == 0:
                    continue
                median = float(np.median(present))
                low, high = (float(q) for q in np.percentile(present, [25, 75]))
                scale = MAD_TO_SD * float(np.median(np.abs(present - median)))
                if scale == 0:
                    scale = (high - low) / 1.349
                if scale == 0:
                    scale = float(np.std(present))
                z = np.abs(present - median) / scale if scale > 0 else \
                    np.where(present == median, 0.0, np.inf)
                self._numbers[name] = (median, scale, low, high, np.sort(z))
            else:
                labels = column.astype(object).where(column.notna(), "(missing)").astype(str)
                counts = labels.value_counts()
                # rows whose value is at most as common as each value (ties included)
                by_count = counts.groupby(counts).sum().sort_index()
                tail_of_count = by_count.cumsum() / n
                tail_by_value = counts.map(tail_of_count)
                self._categories[name] = (counts, tail_by_value)


def check_share(share: float) -> float:
    """The share of rows to flag, between 0.1% and 50% (sklearn's limit)."""
    if not isinstance(share, int | float) or math.isnan(share) \
            or not MIN_SHARE <= float(share) <= MAX_SHARE:
        raise ProblemSetupError(
            "The share of rows to flag must be between 0.1% and 50%.",
            "For example 0.02 flags the 2% most unusual rows.")
    return float(share)


def anomaly_problem(dataset: Dataset, columns: list[str] | None = None) -> Problem:
    """The columns to judge rows by: the given ones, else every usable column (no IDs,
    constants or personal data, as for finding groups)."""
    return define_problem(dataset, None, features=columns)


def anomaly_pipeline(frame: pd.DataFrame, problem: Problem, *, seed: int = SEED,
                     trees: int = TREES) -> Pipeline:
    """mlpm's preparation, then a seeded IsolationForest (unfitted)."""
    steps = list(preparation(frame, problem).steps)
    forest = IsolationForest(n_estimators=trees, max_samples=min(len(frame), SAMPLE_ROWS),
                             random_state=seed, n_jobs=1)
    steps.append(("model", forest))
    return Pipeline(steps)


def detect(dataset: Dataset, problem: Problem | None = None, *, seed: int = SEED,
           trees: int = TREES) -> AnomalyModel:
    """Fit the forest on every row and score every row (no target, so no test part)."""
    problem = problem or anomaly_problem(dataset)
    if dataset.n_rows < MIN_ROWS:
        raise ProblemSetupError(
            f"Finding unusual rows needs at least {MIN_ROWS} rows; this table has "
            f"{dataset.n_rows}.", "Load a larger table.")
    features = prepare_features(dataset.frame, problem)
    pipeline = anomaly_pipeline(dataset.frame, problem, seed=seed, trees=trees)
    pipeline.fit(features)
    scores = -pipeline.score_samples(features)
    model = AnomalyModel(dataset.version, problem, pipeline, np.asarray(scores, dtype=float),
                         features, frozenset(date_columns(dataset.frame, problem.features)),
                         seed)
    model._describe_columns()
    return model


@dataclass
class AnomalyLook:
    """What the PM looked at on "Unusual rows": the model and the share they chose (pack)."""

    model: AnomalyModel
    share: float = DEFAULT_SHARE

    def is_current(self, dataset: Dataset | None) -> bool:
        return dataset is not None and self.model.data_version == dataset.version


def _jsonable(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
