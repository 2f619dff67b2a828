"""AppTest fixtures: every page runs through the real router (app.py) with clean caches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from app_checks import no_exception
from streamlit import config
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


@pytest.fixture(autouse=True)
def _clean_caches() -> None:
    """st.cache_data is process-wide, also across AppTest instances: start each test clean."""
    st.cache_data.clear()


@pytest.fixture
def app() -> AppTest:
    """The whole app on its home page."""
    return AppTest.from_file(str(APP), default_timeout=120).run()


@pytest.fixture
def server_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Reading server files turned on as an operator would: a folder, and loopback only."""
    folder = tmp_path / "server_files"
    folder.mkdir()
    monkeypatch.setenv("MLPM_LOCAL_FILES", str(folder))
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield folder
    config.set_option("server.address", before)


@pytest.fixture
def trained(app: AppTest) -> AppTest:
    """Churn sample loaded, split 80/20 and trained: the state later pages start from."""
    app.button(key="sample_churn").click().run()
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    app.switch_page("pages/train.py").run()
    app.button(key="train").click().run()
    no_exception(app)
    return app
