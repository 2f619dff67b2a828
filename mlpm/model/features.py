"""The features step: how much each column tells about the target, what the preprocessing
does (in steps a PM can read), and how much information a PCA compression keeps.

Everything here is for looking before training; the real preprocessing is the pipeline in
:mod:`mlpm.model.catalogue`, fitted on training rows only.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.feature_selection import mutual_info_classif, mutual_info_regression

from mlpm.data.dataset import Dataset
from mlpm.data.free_text import MAX_WORDS, WordLink, free_text_columns, top_words
from mlpm.model.catalogue import (
    MAX_CATEGORIES,
    date_columns,
    feature_groups,
    preparation,
    prepare_features,
)
from mlpm.model.problem import Exclusion, Problem, feature_exclusions, target_labels

MAX_ROWS = 4_000
NOISE_COLUMNS = 3
MAX_PCA_SHOWN = 20


@dataclass(frozen=True)
class Relevance:
    """Mutual information between each column and the target (0 = tells nothing), and the
    same measure for columns of pure random noise: bars below ``noise`` carry no signal."""

    table: pd.DataFrame = field(repr=False)  # column, relevance, measured, reason (Exclusion.kind)
    noise: float = 0.0
    rows: int = 0
    target: str = ""

    def ranked(self) -> pd.DataFrame:
        return self.table.sort_values("relevance", ascending=False, ignore_index=True,
                                      na_position="last")


def relevance(dataset: Dataset, problem: Problem, *, max_rows: int = MAX_ROWS,
              seed: int = 0) -> Relevance:
    """How much each column (used or not) tells about ``problem.target``.

    IDs and free text are not measured: a value unique to each row "predicts" any target
    perfectly on paper and nothing in practice.
    """
    frame = dataset.frame
    if not problem.is_supervised:
        return Relevance(pd.DataFrame(columns=["column", "relevance", "measured", "reason"]))
    y_all = target_labels(problem, frame[problem.target])
    known = np.flatnonzero(y_all.notna().to_numpy())
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(known, max_rows, replace=False)) if len(known) > max_rows else known
    columns, reasons = _measured_columns(frame, problem.target)
    table = pd.DataFrame({"column": [str(c) for c in frame.columns if c != problem.target]})
    table["measured"] = table["column"].isin(columns)
    table["reason"] = table["column"].map(lambda c: reasons[c].kind if c in reasons else "")
    table["used"] = table["column"].isin(problem.features)
    table["relevance"] = np.nan
    noise = 0.0
    if columns:
        probe = dataclasses.replace(problem, features=tuple(columns))
        by_name = _mutual_information(frame, probe, rows, y_all.iloc[rows], rng, seed)
        noise = float(max(by_name.pop(f"__noise{i}") for i in range(NOISE_COLUMNS)))
        table["relevance"] = table["column"].map(by_name)
    return Relevance(table[["column", "relevance", "measured", "used", "reason"]], noise,
                     len(rows), problem.target)


def _measured_columns(frame: pd.DataFrame,
                      target: str) -> tuple[list[str], dict[str, Exclusion]]:
    """The columns worth measuring, and why each other column is left out (or not used)."""
    reasons = feature_exclusions(frame, target)
    skip = {name for name, why in reasons.items() if why.unmeasurable}
    texts = free_text_columns(frame, [str(c) for c in frame.columns if c != target])
    for name in texts:  # one value per row: its words are measured instead (top_words)
        reasons.setdefault(name, Exclusion("free_text"))
    columns = [str(c) for c in frame.columns if c != target and c not in skip and c not in texts]
    return columns, reasons


def _mutual_information(frame: pd.DataFrame, probe: Problem, rows: np.ndarray, y: pd.Series,
                        rng: np.random.Generator, seed: int) -> dict[str, float]:
    """Mutual information of each of ``probe``'s features, and of ``NOISE_COLUMNS`` columns of
    random noise (``__noise0`` …), with the target on ``rows``."""
    columns = list(probe.features)
    x = prepare_features(frame, probe).iloc[rows]
    numeric, categorical, _ = feature_groups(frame, columns)
    encoded = pd.DataFrame(index=x.index)
    for name in numeric:
        encoded[name] = x[name].astype(float).fillna(x[name].astype(float).median()).fillna(0)
    for name in categorical:
        encoded[name] = pd.factorize(x[name].fillna("(missing)"))[0]
    for i in range(NOISE_COLUMNS):
        encoded[f"__noise{i}"] = rng.random(len(x))
    discrete = [name in categorical for name in encoded.columns]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        if probe.is_classification:
            scores = mutual_info_classif(encoded.to_numpy(), pd.factorize(y)[0],
                                         discrete_features=discrete, random_state=seed)
        else:
            scores = mutual_info_regression(encoded.to_numpy(), y.astype(float).to_numpy(),
                                            discrete_features=discrete, random_state=seed)
    return dict(zip(encoded.columns, scores, strict=True))


@dataclass(frozen=True)
class PrepStep:
    """One step of the preprocessing; :mod:`mlpm.explain.training` says it in plain words."""

    kind: str  # dates | fill_numbers | scale | fill_categories | one_hot | rare_categories |
    # words | pca
    columns: tuple[str, ...]
    count: int = 0


def preprocessing_steps(frame: pd.DataFrame, problem: Problem) -> list[PrepStep]:
    """What the pipeline does to the features, in order."""
    features = list(problem.features)
    numeric, categorical, texts = feature_groups(frame, features)
    dates = date_columns(frame, features)
    steps: list[PrepStep] = []
    if dates:
        steps.append(PrepStep("dates", tuple(dates)))
    gappy = tuple(c for c in numeric if frame[c].isna().any())
    if gappy:
        steps.append(PrepStep("fill_numbers", gappy))
    if numeric:
        steps.append(PrepStep("scale", tuple(numeric)))
    gappy = tuple(c for c in categorical if frame[c].isna().any())
    if gappy:
        steps.append(PrepStep("fill_categories", gappy))
    if categorical:
        levels = [min(int(frame[c].nunique()) + int(frame[c].isna().any()), MAX_CATEGORIES)
                  for c in categorical]
        steps.append(PrepStep("one_hot", tuple(categorical), sum(levels)))
        many = tuple(c for c in categorical if frame[c].nunique() > MAX_CATEGORIES)
        if many:
            steps.append(PrepStep("rare_categories", many, MAX_CATEGORIES))
    if texts:
        steps.append(PrepStep("words", tuple(texts), MAX_WORDS))
    if problem.pca_components:
        steps.append(PrepStep("pca", tuple(features), problem.pca_components))
    return steps


@dataclass(frozen=True)
class PcaInfo:
    """Share of the information (variance) kept by the first 1, 2, … components."""

    cumulative: np.ndarray = field(repr=False)
    n_columns: int = 0

    def kept(self, n: int) -> float:
        if n <= 0 or not len(self.cumulative):
            return 0.0
        return float(self.cumulative[min(n, len(self.cumulative)) - 1])

    def components_for(self, share: float) -> int:
        """Fewest components keeping at least ``share`` of the information."""
        hits = np.flatnonzero(self.cumulative >= share - 1e-9)
        return int(hits[0] + 1) if len(hits) else len(self.cumulative)


def pca_information(dataset: Dataset, problem: Problem, *, rows: np.ndarray | None = None,
                    max_rows: int = MAX_ROWS, seed: int = 0) -> PcaInfo:
    """Fit the preparation and a full PCA on ``rows`` (default: a sample of all rows)."""
    frame = dataset.frame
    plain = dataclasses.replace(problem, pca_components=0)
    if rows is None:
        rows = np.arange(len(frame))
    if len(rows) > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(rows, max_rows, replace=False))
    x = prepare_features(frame, plain).iloc[rows]
    prepared = preparation(frame, plain).fit_transform(x)
    n = min(prepared.shape[0], prepared.shape[1], MAX_PCA_SHOWN)
    ratios = PCA(svd_solver="full").fit(prepared).explained_variance_ratio_[:n]
    return PcaInfo(np.cumsum(ratios), int(prepared.shape[1]))


def text_signals(dataset: Dataset, problem: Problem, *, max_rows: int = 20_000, seed: int = 0
                 ) -> dict[str, dict[str, list[WordLink]]]:
    """For each free-text column: the words that come with each outcome (classification only),
    on a sample of at most ``max_rows`` rows with a known target. Measured before splitting,
    like :func:`relevance`: it guides the PM and trains nothing."""
    frame = dataset.frame
    if not problem.is_classification:
        return {}
    texts = free_text_columns(frame, [str(c) for c in frame.columns if c != problem.target])
    if not texts:
        return {}
    labels = target_labels(problem, frame[problem.target])
    known = np.flatnonzero(labels.notna().to_numpy())
    if len(known) > max_rows:
        known = np.sort(np.random.default_rng(seed).choice(known, max_rows, replace=False))
    return {name: top_words(frame[name].iloc[known], labels.iloc[known].astype(str))
            for name in texts}
