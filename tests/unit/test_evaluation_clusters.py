"""The clustering report: sizes, silhouette as scikit-learn computes it, profiles in words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import silhouette_score

from mlpm.evaluate.clusters import _encode, cluster_report
from mlpm.explain.clusters import profile_sentence, silhouette_sentence


def _blobs() -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(0)
    sizes = {"0": 120, "1": 60, "2": 20}
    spend = {"0": 100.0, "1": 900.0, "2": 400.0}
    parts = []
    for name, n in sizes.items():
        parts.append(pd.DataFrame({
            "annual_spend": rng.normal(spend[name], 30, n),
            "visits": rng.normal(4, 1, n),
            "region": np.where(rng.random(n) < (0.9 if name == "2" else 0.2), "East", "West"),
            "cluster": name}))
    frame = pd.concat(parts, ignore_index=True)
    return frame.drop(columns="cluster"), frame["cluster"].to_numpy()


def test_sizes_silhouette_and_map() -> None:
    features, labels = _blobs()
    report = cluster_report(features, labels)
    assert report.sizes == {"0": 120, "1": 60, "2": 20}
    assert report.n_rows == 200
    matrix, _, _ = _encode(features)
    assert report.silhouette == pytest.approx(silhouette_score(matrix, labels))
    assert report.silhouette > 0.25  # three real clumps, blurred by two noise features
    assert len(report.map_points) == 200
    assert set(report.map_points.columns) == {"x", "y", "cluster"}
    assert 0 < report.explained <= 1
    assert silhouette_sentence(report).startswith(f"Silhouette {report.silhouette:.2f} (from -1")
    assert "the groups are distinct" in silhouette_sentence(report)


def test_profiles_name_what_sets_each_group_apart() -> None:
    features, labels = _blobs()
    report = cluster_report(features, labels)
    big_spenders = next(p for p in report.profiles if p.cluster == "1")
    assert big_spenders.traits[0].feature == "annual_spend"
    assert big_spenders.traits[0].strength > 1
    sentence = profile_sentence(big_spenders)
    assert sentence.startswith("Group 1 (60 rows, 30%): much higher annual_spend")
    east = next(p for p in report.profiles if p.cluster == "2")
    assert any(t.feature == "region" and t.cluster_value == "East" for t in east.traits)
    assert "mostly region = East" in profile_sentence(east)
    assert report.as_dict()["clusters"][0]["rows"] == 120


def test_one_cluster_has_no_silhouette() -> None:
    features, _ = _blobs()
    report = cluster_report(features, np.zeros(len(features), dtype=int))
    assert np.isnan(report.silhouette)
    assert "Only one group" in silhouette_sentence(report)
