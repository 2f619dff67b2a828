"""Cached heavy work, keyed on the data version (a short hash), never on hashing a big frame.

``st.cache_data`` is process-wide but keys include the data version, so a result is only
ever returned for the same content. Per-user objects (fitted models) stay in session state.

Curves are cached **point by point** (one training size or one complexity setting across all
folds): the page draws each point as it arrives, and drawing the same curve again (another
rerun, another model picked and picked back, another session on the same data) replays every
point from the cache without fitting anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mlpm.data.dataset import Dataset
from mlpm.data.limits import SAMPLE_ROWS
from mlpm.data.profile import random_rows
from mlpm.data.quality import QualityReport, TableFacts, measure, review
from mlpm.data.sensitive import sensitive_columns
from mlpm.evaluate.curves import (
    CurvePlan,
    LearningCurveResult,
    ValidationCurveResult,
    assemble,
    plan_learning_curve,
    plan_validation_curve,
)
from mlpm.evaluate.fairness import candidate_columns
from mlpm.evaluate.metrics import ranking_metrics
from mlpm.explain.progress import step_label
from mlpm.model.problem import Problem
from mlpm.model.split import Split
from mlpm.model.training import TrainedModel
from mlpm.project.decision import DecisionSettings

CurveResult = LearningCurveResult | ValidationCurveResult
REPLAYED_SECONDS = 0.05


_WHERE_IT_LIVES: dict[str, TableFacts] = {}  # version -> every row's facts (mlpm.scale)


def remember_facts(facts: TableFacts) -> None:
    """Facts of a table reviewed where it lives: the page shows them for its sample's version
    (the sample alone would give the sample's counts). Keyed on content, like the caches."""
    while len(_WHERE_IT_LIVES) >= 16:
        _WHERE_IT_LIVES.pop(next(iter(_WHERE_IT_LIVES)))
    _WHERE_IT_LIVES[facts.data_version] = facts


def table_facts(version: str, dataset: Dataset) -> TableFacts:
    """The heavy part of the review, once per data version (every row's, when the table was
    reviewed where it lives)."""
    return _WHERE_IT_LIVES.get(version) or _measured(version, dataset)


@st.cache_data(show_spinner=False, max_entries=16)
def _measured(version: str, _dataset: Dataset) -> TableFacts:
    """The heavy part of the review, once per data version, with a progress bar."""
    bar = st.progress(0.0, text=f"Reviewing {_dataset.n_rows:,} rows…")
    facts = measure(_dataset, progress=lambda share, step: bar.progress(share,
                                                                  text=step_label(step)))
    bar.empty()
    return facts


@st.cache_data(show_spinner="Checking the target…", max_entries=32)
def reviewed(version: str, target: str | None, _dataset: Dataset,
             _facts: TableFacts) -> QualityReport:
    """Alerts and readiness for one data version and target (reuses the table facts)."""
    return review(_dataset, target, facts=_facts)


def cached_review(dataset: Dataset, target: str | None) -> QualityReport:
    """The data review of one data version and target, from the caches the Data page fills."""
    return reviewed(dataset.version, target, dataset, table_facts(dataset.version, dataset))


@st.cache_data(show_spinner=False, max_entries=512)
def cached_curve_point(plan_key: str, index: int, _plan: CurvePlan
                       ) -> tuple[np.ndarray, np.ndarray]:
    """One point of a curve; ``plan_key`` names the data, split, model, folds and steps."""
    return _plan.point(index)


def draw_curve(plan: CurvePlan, *, on_point: Callable[[CurveResult, int], None] | None = None
               ) -> CurveResult:
    """Every point of ``plan``, smallest first, each from the cache when it is there.

    ``on_point(partial_result, done)`` runs after each point so the page can redraw the
    chart and move its progress bar.
    """
    points: list[tuple[np.ndarray, np.ndarray]] = []
    for i in range(len(plan)):
        started = time.perf_counter()
        points.append(cached_curve_point(plan.key, i, plan))
        # A point replayed from the cache needs no live redraw: the page shows the whole
        # curve straight away.
        if on_point is not None and time.perf_counter() - started > REPLAYED_SECONDS:
            on_point(assemble(plan, points), i + 1)
    return assemble(plan, points)


def plan_curves(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                complexity: float | None = None, settings: dict[str, object] | None = None,
                validation: bool = True, decision: DecisionSettings | None = None
                ) -> list[CurvePlan]:
    """The learning-curve plan, and the validation-curve plan when the model has a knob.

    ``decision`` (the journey's goal, threshold, costs) is the metric the points are scored
    in, and part of each plan's key, so new settings never replay stale points.
    """
    plans = [plan_learning_curve(dataset, problem, split, model_key, complexity=complexity,
                                 settings=settings, decision=decision)]
    spec = plans[0].spec
    if validation and spec.complexity_param != "none" and len(spec.complexity_range) > 1:
        plans.append(plan_validation_curve(dataset, problem, split, model_key, settings=settings,
                                           decision=decision))
    return plans


@st.cache_data(show_spinner=False, max_entries=256)
def cached_spec(kind: str, content_key: str, _build: Callable[[], alt.TopLevelMixin]) -> dict:
    """A chart's Vega-Lite spec, built once per content.

    Building and validating an Altair chart costs a few hundred milliseconds; the threshold
    charts take the threshold as a parameter (``cut``) instead, so a slider move patches one
    number in this cached spec. ``content_key`` must name everything else the chart shows.
    """
    return _build().to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def cached_ranking(key: str, positive_label: str | None, _model: TrainedModel) -> dict[str, float]:
    """ROC AUC, PR AUC and log loss: they don't move with the threshold, so compute them once."""
    return ranking_metrics(_model, positive_label)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_group_columns(version: str, target: str | None, _frame: pd.DataFrame) -> list[str]:
    """Columns that can split rows into groups (for fairness), once per data version."""
    return candidate_columns(_frame, target)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_sensitive_columns(version: str, target: str | None, _frame: pd.DataFrame) -> list[str]:
    """Columns about who a person is (race, sex, age, ...), read on the review's 50,000-row
    sample, once per data version: the fairness view starts on the first one."""
    sample = random_rows(_frame, SAMPLE_ROWS, seed=0)
    return [c for c in sensitive_columns(sample) if c != target]
