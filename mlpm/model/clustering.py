"""Choosing k, the number of groups: the elbow of the "spread inside groups" curve and the
silhouette score for every k, on the same prepared features as the models."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import preparation, prepare_features
from mlpm.model.problem import Problem
from mlpm.model.split import Split
from mlpm.model.training import one_thread, training_sample

K_RANGE = tuple(range(2, 11))
MAX_ROWS = 2_000
SILHOUETTE_TOLERANCE = 0.05


@dataclass(frozen=True)
class KScan:
    """k-means for every k: spread inside groups (inertia) and silhouette (-1 … 1)."""

    ks: np.ndarray = field(repr=False)
    inertia: np.ndarray = field(repr=False)
    silhouette: np.ndarray = field(repr=False)
    rows: int = 0
    split_key: str = ""

    @property
    def best_k(self) -> int:
        """The k whose groups are best separated (highest silhouette; the smaller k on ties)."""
        return int(self.ks[int(np.argmax(np.round(self.silhouette, 3)))])

    @property
    def elbow_k(self) -> int:
        """Where adding a group stops paying off: the point farthest below the straight line
        from the first to the last inertia."""
        x = (self.ks - self.ks[0]) / max(self.ks[-1] - self.ks[0], 1)
        span = self.inertia[0] - self.inertia[-1]
        y = (self.inertia - self.inertia[-1]) / span if span > 0 else np.zeros_like(x)
        return int(self.ks[int(np.argmax((1 - x) - y))])

    @property
    def suggested_k(self) -> int:
        """The elbow, unless its groups are clearly less separated than the best k's
        (silhouette more than 0.05 lower): more detailed groups at almost the same quality."""
        elbow = self.elbow_k
        score = dict(zip(self.ks.tolist(), self.silhouette.tolist(), strict=True))
        return elbow if score[elbow] >= score[self.best_k] - SILHOUETTE_TOLERANCE else self.best_k

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"k": self.ks, "inertia": self.inertia, "silhouette": self.silhouette})


def scan_k(dataset: Dataset, problem: Problem, split: Split, *, ks: tuple[int, ...] = K_RANGE,
           max_rows: int = MAX_ROWS) -> KScan:
    """Run k-means for each k on (a sample of) the rows and score each grouping.

    Raises
    ------
    ProblemSetupError
        When there are too few rows for the largest k.
    """
    rows = training_sample(split.train, None, max_rows, split.plan.seed)
    ks = tuple(k for k in ks if k < len(rows))
    if not ks:
        raise ProblemSetupError(f"{len(rows)} rows are too few to compare numbers of groups.",
                                "Load a table with more rows.")
    x = prepare_features(dataset.frame, problem).iloc[rows]
    with one_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        prepared = preparation(dataset.frame, problem).fit_transform(x)
        inertia, silhouette = [], []
        for k in ks:
            model = KMeans(n_clusters=k, n_init=4, random_state=split.plan.seed).fit(prepared)
            inertia.append(float(model.inertia_))
            labels = model.labels_
            silhouette.append(float(silhouette_score(prepared, labels))
                              if 1 < len(set(labels.tolist())) < len(labels) else 0.0)
    return KScan(np.array(ks), np.array(inertia), np.array(silhouette), len(rows), split.key)
