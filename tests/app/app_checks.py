"""Checks shared by the AppTest files (one copy, imported as ``from app_checks import …``)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def no_exception(at: AppTest) -> None:
    """The last run raised nothing; a failure lists the exceptions the page showed."""
    assert not at.exception, [e.value for e in at.exception]


def open_page(app: AppTest, journey: object, page: str) -> AppTest:
    """``page`` run on ``journey`` (a prepared ``Journey``), checked to raise nothing."""
    app.session_state["mlpm_journey"] = journey
    app.switch_page(page).run()
    no_exception(app)
    return app


def joined_text(at: AppTest, *kinds: str) -> str:
    """Every element of the given kinds ("markdown", "caption", …) as one string."""
    return " ".join(str(e.value) for kind in kinds for e in at.get(kind))
