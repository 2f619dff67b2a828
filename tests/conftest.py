"""Shared by every test folder: mlpm's run store lives in a temporary folder during tests.

Training in the app records each model in the run store (``~/.mlpm/runs.sqlite`` by default);
tests, and the streamlit servers they start, must never write to the real home or to a
database named in the environment.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_saved: dict[str, str | None] = {}
_home: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    for name in ("MLPM_HOME", "MLPM_DATABASE_URL"):
        _saved[name] = os.environ.get(name)
    home = tempfile.mkdtemp(prefix="mlpm-test-home-")
    _home.append(home)
    os.environ["MLPM_HOME"] = home
    os.environ.pop("MLPM_DATABASE_URL", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in _saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    for home in _home:
        shutil.rmtree(home, ignore_errors=True)
