"""How good are the groups a clustering model found, and what is each one like?

Clustering has no right answer to score against, so we report what a PM can judge: how big
each group is, how well separated the groups are (silhouette), a 2-D map of the rows, and a
profile of each group: the features where it differs most from the average row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_samples

from mlpm.errors import UserError

MAP_POINTS = 2000
SILHOUETTE_ROWS = 3000
PROFILE_ITEMS = 3


@dataclass(frozen=True)
class Trait:
    """One way a cluster differs from the whole: a number higher/lower, or a category over-represented."""

    feature: str
    kind: str  # "number" | "category"
    cluster_value: float | str
    overall_value: float | str
    strength: float  # standardised difference (numbers) or share lift (categories)
    share: float | None = None  # categories: share of the cluster with this value
    overall_share: float | None = None


@dataclass(frozen=True)
class ClusterProfile:
    cluster: str
    rows: int
    share: float
    silhouette: float
    traits: tuple[Trait, ...]


@dataclass(frozen=True)
class ClusterReport:
    """Sizes, separation and a readable profile of each cluster, plus a 2-D map."""

    n_rows: int
    silhouette: float
    profiles: tuple[ClusterProfile, ...]
    map_points: pd.DataFrame = field(repr=False)  # x, y, cluster
    explained: float  # share of variation the 2-D map shows

    @property
    def sizes(self) -> dict[str, int]:
        return {p.cluster: p.rows for p in self.profiles}

    def as_dict(self) -> dict[str, object]:
        return {"rows": self.n_rows, "silhouette": self.silhouette,
                "map_explained": self.explained,
                "clusters": [{"cluster": p.cluster, "rows": p.rows, "share": p.share,
                              "silhouette": p.silhouette,
                              "traits": [t.__dict__ for t in p.traits]} for p in self.profiles]}


def _encode(features: pd.DataFrame) -> tuple[np.ndarray, list[str], list[str]]:
    """Numbers standardised (gaps filled with the median), categories one-hot: one matrix."""
    numeric = [c for c in features.columns
               if pd.api.types.is_numeric_dtype(features[c])
               and not pd.api.types.is_bool_dtype(features[c])]
    categorical = [c for c in features.columns if c not in numeric]
    blocks = []
    if numeric:
        nums = features[numeric].astype(float)
        nums = nums.fillna(nums.median()).fillna(0.0)
        std = nums.std(ddof=0).replace(0, 1.0)
        blocks.append(((nums - nums.mean()) / std).to_numpy())
    if categorical:
        cats = features[categorical].astype(object).where(features[categorical].notna(),
                                                          "(missing)")
        blocks.append(pd.get_dummies(cats.astype(str), dtype=float).to_numpy())
    if not blocks:
        raise UserError("There are no features to describe the clusters with.",
                        "Include at least one column as a feature.")
    return np.hstack(blocks), numeric, categorical


def cluster_report(features: pd.DataFrame, labels: np.ndarray, *, seed: int = 0) -> ClusterReport:
    """Sizes, silhouette, a PCA map and a profile per cluster of ``features`` rows.

    ``labels`` holds one cluster id per row of ``features`` (same order).
    """
    labels = np.asarray(labels).astype(str)
    if len(labels) != len(features):
        raise ValueError("labels and features must have the same number of rows")
    if len(labels) < 3:
        raise UserError("Too few rows to describe clusters.", "Use a larger table.")
    matrix, numeric, categorical = _encode(features.reset_index(drop=True))
    rng = np.random.default_rng(seed)
    names = sorted(set(labels), key=lambda c: (len(c), c))
    per_row = np.full(len(labels), np.nan)
    if 2 <= len(names) < len(labels):
        picked = (np.sort(rng.choice(len(labels), SILHOUETTE_ROWS, replace=False))
                  if len(labels) > SILHOUETTE_ROWS else np.arange(len(labels)))
        if len(set(labels[picked])) >= 2:
            per_row[picked] = silhouette_samples(matrix[picked], labels[picked])
    overall = float(np.nanmean(per_row)) if np.any(~np.isnan(per_row)) else float("nan")
    components = min(2, matrix.shape[1])
    pca = PCA(n_components=components, random_state=seed)
    coords = pca.fit_transform(matrix)
    if components == 1:
        coords = np.column_stack([coords[:, 0], np.zeros(len(coords))])
    shown = (np.sort(rng.choice(len(labels), MAP_POINTS, replace=False))
             if len(labels) > MAP_POINTS else np.arange(len(labels)))
    points = pd.DataFrame({"x": coords[shown, 0], "y": coords[shown, 1],
                           "cluster": labels[shown]})
    frame = features.reset_index(drop=True)
    profiles = tuple(_profile(frame, labels, name, numeric, categorical, per_row)
                     for name in names)
    return ClusterReport(len(labels), overall, profiles, points,
                         float(pca.explained_variance_ratio_.sum()))


def _profile(frame: pd.DataFrame, labels: np.ndarray, name: str, numeric: list[str],
             categorical: list[str], per_row: np.ndarray) -> ClusterProfile:
    inside = labels == name
    traits: list[Trait] = []
    for column in numeric:
        values = frame[column].astype(float)
        std = float(values.std(ddof=0))
        if not std or np.isnan(std):
            continue
        mean_in, mean_all = float(values[inside].mean()), float(values.mean())
        if np.isnan(mean_in):
            continue
        traits.append(Trait(column, "number", mean_in, mean_all, (mean_in - mean_all) / std))
    for column in categorical:
        values = frame[column].astype(object).where(frame[column].notna(), "(missing)").astype(str)
        shares_in = values[inside].value_counts(normalize=True)
        shares_all = values.value_counts(normalize=True)
        top = str(shares_in.index[0])
        lift = float(shares_in.iloc[0] - shares_all[top])
        # A share lift of 0.25 reads about as strongly as a quarter… scale like a z-score.
        traits.append(Trait(column, "category", top, str(shares_all.index[0]), lift * 4,
                            float(shares_in.iloc[0]), float(shares_all[top])))
    traits.sort(key=lambda t: -abs(t.strength))
    sil = per_row[inside]
    return ClusterProfile(name, int(inside.sum()), float(inside.mean()),
                          float(np.nanmean(sil)) if np.any(~np.isnan(sil)) else float("nan"),
                          tuple(traits[:PROFILE_ITEMS]))
