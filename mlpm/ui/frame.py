"""Pieces every page shares: the sidebar, "do this step first" notices, stale warnings."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from mlpm.explain.safe import md
from mlpm.explain.wording import is_are
from mlpm.ui.projects import conflict_notice
from mlpm.ui.state import Journey, get_journey

# Shipped with mlpm: a Material or emoji page icon makes the browser fetch the favicon from a
# font server on the internet, and nothing may leave the machine.
APP_ICON = Path(__file__).resolve().parent / "assets" / "icon.png"

STEPS: list[tuple[str, str, str]] = [
    ("fit", "Should we use ML?", "pages/fit.py"),
    ("data", "Load data", "pages/data.py"),
    ("target", "Choose what to predict", "pages/data.py"),
    ("features", "Problem & features", "pages/features.py"),
    ("split", "Split", "pages/split.py"),
    ("train", "Train", "pages/train.py"),
    ("evaluate", "Evaluate", "pages/evaluate.py"),
    ("drivers", "What drives it?", "pages/drivers.py"),
    ("pilot", "Capacity & pilot", "pages/pilot.py"),
    ("fitting", "Over/underfitting", "pages/fitting.py"),
    ("present", "Meeting pack", "pages/present.py"),
    ("drift", "Check drift", "pages/drift.py"),
    ("score", "Score new data", "pages/score.py"),
    ("ship", "Ship it checklist", "pages/productize.py"),
]


def sidebar(journey: Journey) -> None:
    """The current dataset and the PM's progress, on every page."""
    with st.sidebar:
        st.markdown("#### Current data")
        data = journey.dataset
        if data is None:
            st.caption("No data loaded yet. Pick a sample on the Home page or upload a file on "
                       "Data review.")
        else:
            st.markdown(f"**{md(data.name)}**  \n{data.n_rows:,} rows × {data.n_columns} "
                        f"columns  \nData version `{data.version}`")
            if journey.problem and not journey.problem_stale:
                st.caption(f"Predicting **{md(journey.problem.target)}**: "
                           f"{journey.problem.describe}"
                           if journey.problem.target else
                           "No target: finding groups of similar rows (clustering)")
        st.markdown("#### Your progress")
        done = journey.progress()
        lines = [f"{':material/check_circle:' if done[key] else ':material/radio_button_unchecked:'}"
                 f" {label}" for key, label, _ in STEPS]
        st.markdown("  \n".join(lines))


class PageDone(Exception):
    """Raised by :func:`stop_here`; the router (app.py) catches it and still draws the sidebar."""


def stop_here() -> None:
    """End the page early (like ``st.stop()``) but let the router finish the frame.

    ``st.stop()`` would also drop everything the router draws after the page, such as the
    sidebar's progress list.
    """
    if routed():
        raise PageDone
    st.stop()


def need(condition: bool, message: str, page: str, label: str) -> bool:
    """Show what to do first (with a link) when a step's input is missing; return condition."""
    if not condition:
        st.info(message, icon=":material/arrow_back:")
        st.page_link(page, label=label, icon=":material/arrow_forward:")
    return condition


def need_trained_models(journey: Journey) -> None:
    """Stop the page unless models are trained on the current data, target and split (the
    pages that read trained models: What drives it?, Capacity & pilot)."""
    if not need(bool(journey.models), "First train at least one model.", "pages/train.py",
                "Go to Train"):
        stop_here()
    if journey.models_stale:
        stale_notice("These results", "The data, target or split changed after training.",
                     "pages/train.py", "Train again")
        stop_here()


def stale_notice(what: str, why: str, page: str, label: str) -> None:
    st.warning(f"**{what} {is_are(what)} out of date.** {why}", icon=":material/history:")
    st.page_link(page, label=label, icon=":material/refresh:")


_run = threading.local()
_ROUTED_KEY = "mlpm_routed"


@contextmanager
def routing() -> Iterator[None]:
    """Mark this script run as going through the router (app.py)."""
    _run.active = True
    st.session_state[_ROUTED_KEY] = True
    try:
        yield
    finally:
        _run.active = False


def routed() -> bool:
    return bool(getattr(_run, "active", False))


def ensure_router() -> None:
    """Make sure a session's first page runs inside ``app.py`` (layout, navigation, sidebar).

    Streamlit treats a folder named ``pages/`` as old-style pages until ``st.navigation`` has
    run once in the server process, so a first visit straight to ``/data`` on a fresh server
    would run the page file alone. Switch the process to the router and run again (once).
    """
    if not routed() and _ROUTED_KEY not in st.session_state:
        st.session_state[_ROUTED_KEY] = False  # try once: a page run on its own must not loop
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_header(title: str, intro: str, *, visit: str | None = None) -> Journey:
    """Title, one plain sentence on what this step is for; returns the journey."""
    ensure_router()
    journey = get_journey()
    if visit:
        journey.visited.add(visit)
    presentation_toggle(journey)
    conflict_notice(journey)  # someone else saved newer work on this project (issue 14)
    st.title(title)
    if not journey.presenting:  # instructions are for the PM, not the meeting
        st.markdown(intro)
    return journey


# Presentation mode hides everything the audience does not need: the sidebar, inputs, buttons,
# export links and expanders that hold only controls (those holding alerts, charts or tables,
# such as the data review's findings, stay); text and charts get larger. The toggle stays.
_PRESENTING_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
.stSlider, .stSelectbox, .stMultiSelect, .stRadio, .stCheckbox, .stNumberInput,
.stTextInput, .stTextArea, .stFileUploader, .stButton, .stDownloadButton, .stPageLink,
[data-testid="stPageLink"], [class*="st-key-export_"], [data-testid="stTabs"] [role="tablist"],
[data-testid="stTabs"]:has([data-testid="stFileUploader"]),
[data-testid="stExpander"]:not(:has([data-testid="stAlert"], [data-testid="stVegaLiteChart"],
  [data-testid="stTable"], [data-testid="stDataFrame"])) {display: none !important;}
.st-key-presenting_bar .stCheckbox {display: flex !important;}
.stMainBlockContainer {max-width: 1500px; padding-top: 2rem;}
.stMarkdown p, .stMarkdown li, [data-testid="stCaptionContainer"] {font-size: 1.3rem !important;}
[data-testid="stMetricValue"] {font-size: 3rem !important;}
h1 {font-size: 3.2rem !important;}
</style>
"""


def presentation_toggle(journey: Journey) -> None:
    """A switch (top right of every page) for screen sharing in a meeting."""
    with st.container(horizontal=True, horizontal_alignment="right", key="presenting_bar"):
        journey.presenting = st.toggle(
            "Presentation mode", value=journey.presenting, key="presenting",
            help="Hides the sidebar and the controls and enlarges charts and sentences, "
                 "for sharing your screen in a meeting.")
    if journey.presenting:
        st.html(_PRESENTING_CSS)
