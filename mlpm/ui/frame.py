"""Pieces every page shares: the sidebar, "do this step first" notices, stale warnings."""

from __future__ import annotations

import streamlit as st

from mlpm.ui.state import Journey, get_journey

STEPS: list[tuple[str, str, str]] = [
    ("fit", "Should we use ML?", "pages/fit.py"),
    ("data", "Load data", "pages/data.py"),
    ("target", "Choose what to predict", "pages/data.py"),
    ("split", "Split", "pages/split.py"),
    ("train", "Train", "pages/train.py"),
    ("evaluate", "Evaluate", "pages/evaluate.py"),
    ("fitting", "Over/underfitting", "pages/fitting.py"),
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
            st.markdown(f"**{data.name}**  \n{data.n_rows:,} rows × {data.n_columns} columns  \n"
                        f"Data version `{data.version}`")
            if journey.problem and not journey.problem_stale:
                st.caption(f"Predicting **{journey.problem.target}** ({journey.problem.describe})")
        st.markdown("#### Your progress")
        done = journey.progress()
        lines = [f"{':material/check_circle:' if done[key] else ':material/radio_button_unchecked:'}"
                 f" {label}" for key, label, _ in STEPS]
        st.markdown("  \n".join(lines))


def need(condition: bool, message: str, page: str, label: str) -> bool:
    """Show what to do first (with a link) when a step's input is missing; return condition."""
    if not condition:
        st.info(message, icon=":material/arrow_back:")
        st.page_link(page, label=label, icon=":material/arrow_forward:")
    return condition


def stale_notice(what: str, why: str, page: str, label: str) -> None:
    st.warning(f"**{what} is out of date.** {why}", icon=":material/history:")
    st.page_link(page, label=label, icon=":material/refresh:")


def page_header(title: str, intro: str, *, visit: str | None = None) -> Journey:
    """Title, one plain sentence on what this step is for, the sidebar; returns the journey."""
    journey = get_journey()
    if visit:
        journey.visited.add(visit)
    st.title(title)
    st.markdown(intro)
    return journey
