"""The fast counting paths of the review agree with plain pandas on awkward seeded tables.

Row keys, fixed-width text keys and the profiles' counts replace ``duplicated``, ``nunique``
and ``value_counts`` for speed (docs/performance.md); these tests pin that they give the same
answers, including missing values, sliced and multi-chunk Arrow columns and wide IDs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mlpm.data.dataset import Dataset
from mlpm.data.leakage import conflicting_labels
from mlpm.data.profile import profile_and_codes, profile_column
from mlpm.data.quality import measure, review
from mlpm.data.row_keys import (
    column_codes,
    duplicated_rows,
    repeated_count,
    row_keys,
)
from mlpm.data.text_keys import counted_keys, fixed_width_keys

ROWS = 30_000


def _mixed(seed: int = 0) -> pd.DataFrame:
    """Numbers, whole numbers, text of one and many widths, IDs, dates, gaps, copied rows."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "id": [f"ID{i:08d}" for i in rng.permutation(ROWS)],
        "uuid": [f"{i:032x}" for i in rng.integers(0, 2**62, ROWS)],
        "plan": rng.choice(["basic", "plus", "premium", None], ROWS),
        "code": rng.choice(["NL", "DE", "FR"], ROWS),
        "amount": rng.normal(100, 30, ROWS).round(1),
        "visits": rng.integers(0, 9, ROWS),
        "score": np.where(rng.random(ROWS) < 0.1, np.nan, rng.integers(1, 6, ROWS)),
        "when": pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 90, ROWS), "D"),
        "label": rng.choice(["yes", "no"], ROWS),
    }).astype({"id": "str", "uuid": "str", "plan": "str", "code": "str", "label": "str"})
    copies = rng.choice(ROWS, 300, replace=False)
    frame.iloc[copies] = frame.iloc[rng.choice(ROWS, 300, replace=False)].to_numpy()
    frame.loc[frame.index[:50], "id"] = None  # a few IDs missing
    return frame


def test_duplicates_and_repeated_rows_match_pandas() -> None:
    frame = _mixed()
    keys = row_keys(frame)
    assert repeated_count(keys.keys) == int(frame.duplicated().sum())
    np.testing.assert_array_equal(duplicated_rows(frame, keys=keys), frame.duplicated())
    subset = ["plan", "code", "visits"]
    np.testing.assert_array_equal(duplicated_rows(frame, subset, keys=keys),
                                  frame.duplicated(subset))


def test_review_counts_duplicates_like_pandas_through_the_profile_codes() -> None:
    frame = _mixed(1)
    facts = measure(Dataset(frame, "mixed"))
    assert facts.duplicate_rows == int(frame.duplicated().sum()) > 0
    for name in frame.columns:  # the codes a profile made are the ones ``only`` recomputes
        _, codes, method = profile_and_codes(frame[name])
        np.testing.assert_array_equal(codes, column_codes(frame[name], method))


def test_conflicting_labels_match_a_groupby() -> None:
    frame = _mixed(2)[["plan", "code", "visits", "label"]]
    features = ["plan", "code", "visits"]
    groups = frame.fillna("<na>").groupby(features)["label"].agg(["nunique", "size"])
    conflicted = groups[groups["nunique"] > 1]
    expected = (int(conflicted["size"].sum()), len(conflicted))
    assert conflicting_labels(frame, "label", features) == expected
    facts = measure(Dataset(frame, "small"))
    assert conflicting_labels(frame, "label", features, keys=facts.row_keys) == expected


@pytest.mark.parametrize("width", [1, 8, 9, 16, 33])
def test_fixed_width_text_counts_like_value_counts(width: int) -> None:
    rng = np.random.default_rng(width)
    digits = rng.integers(0, 3 if width > 1 else 10, (25_000, width)).astype(str)
    values = pd.Series(["".join(row) for row in digits], dtype="str")
    values[rng.random(len(values)) < 0.05] = None
    found = fixed_width_keys(values)
    assert found is not None
    distinct, positions, counts = counted_keys(found, 20)
    truth = values.value_counts()
    assert distinct == len(truth)
    assert sorted(counts.tolist()) == sorted(truth.iloc[:20].tolist())
    for position, count in zip(positions, counts, strict=True):
        assert truth[values.iloc[position]] == count


def test_fixed_width_keys_on_sliced_and_chunked_arrow_text() -> None:
    chunks = pa.chunked_array([["AA01", "AA02"], ["AA01", None, "AA03"]], type=pa.large_string())
    column = pd.Series(pd.arrays.ArrowStringArray(chunks))
    found = fixed_width_keys(column)
    assert found is not None
    assert found.rows.tolist() == [0, 1, 2, 4]
    assert found.keys[0] == found.keys[2] != found.keys[1]
    sliced = pd.Series(["zz", "ab", "cd", "ab"], dtype="str").iloc[1:]
    keys = fixed_width_keys(sliced).keys
    assert keys[0] == keys[2] != keys[1]
    assert fixed_width_keys(pd.Series(["a", "bb"], dtype="str")) is None  # not one width


def test_id_profile_takes_the_fixed_width_path_and_stays_exact() -> None:
    frame = _mixed(3)
    for name in ("id", "uuid"):
        profile, _, method = profile_and_codes(frame[name])
        truth = frame[name].value_counts()
        assert method == "fixed"
        assert profile.distinct == len(truth)
        assert profile.missing == int(frame[name].isna().sum())
        assert all(truth[value] == count for value, count in profile.top)


def test_whole_numbers_keep_their_fractions_and_moments() -> None:
    values = pd.Series(np.r_[np.arange(10_000) % 7, 2.5, -3.0, np.nan])
    profile = profile_column(values)
    known = values.dropna()
    assert not profile.whole  # 2.5 hides among 10,000 whole numbers: it must not be rounded
    assert profile.distinct == known.nunique()
    assert profile.mean == pytest.approx(known.mean())
    assert profile.std == pytest.approx(known.std())
    assert profile.skew == pytest.approx(known.skew())
    assert (profile.zeros, profile.negatives) == (int((known == 0).sum()), 1)
    counted = profile_column(pd.Series(np.arange(10_000) % 7 - 2))
    assert counted.whole
    assert counted.negatives == int(((np.arange(10_000) % 7) < 2).sum())
    assert counted.skew == pytest.approx(pd.Series(np.arange(10_000) % 7).skew())


def test_review_of_the_mixed_table_reports_the_planted_problems() -> None:
    report = review(Dataset(_mixed(4), "mixed"), target="label")
    kinds = {(a.kind, a.columns) for a in report.alerts}
    assert ("duplicates", ()) in kinds
    assert ("id_like", ("id",)) in kinds
    assert ("id_like", ("uuid",)) in kinds
    assert ("missing", ("plan",)) in kinds
    assert report.duplicate_rows == int(_mixed(4).duplicated().sum())
