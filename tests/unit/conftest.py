"""Small seeded tables, one per task, shared by the library unit tests.

Each fixture builds a fresh frame (cheap), so a test that edits it cannot leak into another.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pg_server import create_database, postgres_server, why_unavailable

from mlpm.data.dataset import Dataset
from mlpm.lifecycle.store import close_stores


def _features(rng: np.random.Generator, n: int) -> pd.DataFrame:
    x1 = rng.normal(0.0, 1.0, n)
    x2 = rng.normal(5.0, 2.0, n)
    x2[rng.choice(n, size=n // 10, replace=False)] = np.nan
    colour = rng.choice(["red", "green", "blue"], size=n).astype(object)
    colour[rng.choice(n, size=n // 20, replace=False)] = np.nan
    return pd.DataFrame({"x1": x1, "x2": x2, "colour": colour})


@pytest.fixture
def binary_dataset() -> Dataset:
    """160 rows; ``churned`` is "Yes" on roughly a third of them, mostly driven by ``x1``."""
    rng = np.random.default_rng(0)
    frame = _features(rng, 160)
    signal = frame["x1"] + rng.normal(0.0, 0.5, len(frame))
    frame["churned"] = np.where(signal > 0.45, "Yes", "No")
    return Dataset(frame, "binary.csv")


@pytest.fixture
def multiclass_dataset() -> Dataset:
    """180 rows; ``size`` is small / medium / large, cut from ``x1`` plus noise."""
    rng = np.random.default_rng(1)
    frame = _features(rng, 180)
    signal = frame["x1"] + rng.normal(0.0, 0.3, len(frame))
    frame["size"] = pd.cut(signal, [-np.inf, -0.5, 0.5, np.inf],
                           labels=["small", "medium", "large"]).astype(str)
    return Dataset(frame, "multiclass.csv")


@pytest.fixture
def regression_dataset() -> Dataset:
    """160 rows; ``price`` = 3*x1 - 2*x2 + a colour effect + noise."""
    rng = np.random.default_rng(2)
    frame = _features(rng, 160)
    effect = frame["colour"].map({"red": 2.0, "green": 0.0, "blue": -1.0}).fillna(0.0)
    frame["price"] = (100 + 3 * frame["x1"] - 2 * frame["x2"].fillna(5.0) + effect
                      + rng.normal(0.0, 0.5, len(frame)))
    return Dataset(frame, "regression.csv")


# --- run stores on both back ends -----------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """One throwaway PostgreSQL server for the whole run; each test gets its own database."""
    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store location on each back end."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store' / 'runs.sqlite'}"
    else:
        url = create_database(request.getfixturevalue("pg_server"), f"t_{uuid.uuid4().hex[:12]}")
    yield url
    close_stores()
