"""Cached heavy work, keyed on the data version (a short hash), never on hashing a big frame.

``st.cache_data`` is process-wide but keys include the data version, so a result is only
ever returned for the same content. Per-user objects (fitted models) stay in session state.
"""

from __future__ import annotations

import streamlit as st

from mlpm.curves import LearningCurveResult, learning_curve
from mlpm.data.dataset import Dataset
from mlpm.data.quality import QualityReport, review
from mlpm.problem import Problem
from mlpm.split import Split


@st.cache_data(show_spinner="Reviewing the data…", max_entries=32)
def cached_review(version: str, target: str | None, _dataset: Dataset) -> QualityReport:
    """The data review of one data version (and target)."""
    return review(_dataset, target=target)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_learning_curve(split_key: str, model_key: str, _dataset: Dataset, _problem: Problem,
                          _split: Split) -> LearningCurveResult:
    """Learning curves are the slowest step: computed once per split and model."""
    return learning_curve(_dataset, _problem, _split, model_key)
