"""Train and Over/underfitting say where the heavy work runs when a Dask cluster is set."""

from __future__ import annotations

import pytest
from app_checks import no_exception
from streamlit.testing.v1 import AppTest

from mlpm.scale.compute import SCHEDULER_ENV


def _caption_page() -> None:
    from mlpm.ui.compute import show_where_work_runs

    show_where_work_runs()


def _captions(app: AppTest) -> list[str]:
    return [c.value.replace("\u200b", "").replace("\\", "") for c in app.caption]


def test_the_pages_say_a_dask_cluster_runs_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://10.1.2.3:8786")
    app = AppTest.from_function(_caption_page).run()
    assert any("run on the Dask cluster at tcp://10.1.2.3:8786" in c for c in _captions(app))
    monkeypatch.delenv(SCHEDULER_ENV)
    assert not AppTest.from_function(_caption_page).run().caption


@pytest.mark.parametrize("page", ["pages/train.py", "pages/fitting.py"])
def test_both_pages_show_it(app: AppTest, page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://10.1.2.3:8786")
    app.switch_page(page).run()
    no_exception(app)
    assert any("Dask cluster at tcp://10.1.2.3:8786" in c for c in _captions(app))
