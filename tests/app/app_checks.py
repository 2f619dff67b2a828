"""Checks shared by the AppTest files (one copy, imported as ``from app_checks import …``)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def no_exception(at: AppTest) -> None:
    """The last run raised nothing; a failure lists the exceptions the page showed."""
    assert not at.exception, [e.value for e in at.exception]
