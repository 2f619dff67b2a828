"""A number column's profile against numpy and scipy: counted (whole numbers in a small range)
and sorted (anything else) must give the same statistics those libraries give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mlpm.data.profile import profile_column

N = 2_003  # the quartile ranks 500.5 and 1501.5 land on half steps: rounding matters


def _columns() -> dict[str, pd.Series]:
    rng = np.random.default_rng(5)
    with_gaps = rng.integers(-20, 40, N).astype(float)
    with_gaps[rng.random(N) < 0.1] = np.nan
    return {
        "counted ints": pd.Series(rng.integers(-30, 70, N)),  # bincount path
        "counted floats with gaps": pd.Series(with_gaps),  # whole floats: bincount too
        "sorted floats": pd.Series(rng.normal(3, 2, N).round(2)),  # sort path
        "sorted wide ints": pd.Series(rng.integers(-10**9, 10**9, N)),  # range too wide to count
        # 500 ones: the first quartile's rank falls exactly where the ones end
        "counted ties": pd.Series(np.repeat([1, 2, 3, 4], [500, 500, 501, 502])),
    }


@pytest.mark.parametrize("name", list(_columns()))
def test_numbers_agree_with_numpy_and_scipy(name: str) -> None:
    column = _columns()[name]
    p = profile_column(column)
    x = column.dropna().to_numpy(dtype=float)
    assert p.missing == int(column.isna().sum())
    assert p.distinct == len(np.unique(x))
    assert (p.minimum, p.maximum) == (x.min(), x.max())
    assert p.zeros == int((x == 0).sum())
    assert p.negatives == int((x < 0).sum())
    # The profile's quartiles are observed values: numpy's "nearest" rank.
    assert (p.q1, p.median, p.q3) == tuple(np.quantile(x, [0.25, 0.5, 0.75], method="nearest"))
    assert p.mean == pytest.approx(x.mean(), rel=1e-12)
    assert p.std == pytest.approx(x.std(ddof=1), rel=1e-9)
    assert p.skew == pytest.approx(stats.skew(x, bias=False), rel=1e-6, abs=1e-12)
    values, counts = np.unique(x, return_counts=True)
    value, count = p.top[0]  # a most common value (any of them when several tie)
    assert count == counts.max()
    assert value in values[counts == counts.max()]


def test_infinities_are_counted_apart_from_the_range() -> None:
    column = pd.Series([1.0, 2.0, np.inf, 4.0, -np.inf, np.nan, 2.0])
    p = profile_column(column)
    assert (p.infinite, p.missing, p.minimum, p.maximum) == (2, 1, 1.0, 4.0)
    assert p.distinct == 3 + 1  # 1, 2, 4 and "infinite"
