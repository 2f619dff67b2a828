"""The Streamlit side of the run store: record every trained model, find models again.

Recording never gets in the way of training: if the store cannot be written, the PM sees one
short warning and keeps working.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import streamlit as st

from mlpm.data.dataset import Dataset
from mlpm.errors import UserError
from mlpm.explain.data import cleaning_step_json
from mlpm.explain.safe import md
from mlpm.lifecycle.drift import DriftReport, drift_report
from mlpm.lifecycle.retrain_decision import RetrainDecision
from mlpm.lifecycle.store import RunNotFoundError, RunRecord, RunStore, open_store
from mlpm.lifecycle.store.capture import batch_of
from mlpm.model.training import TrainedModel

if TYPE_CHECKING:
    from mlpm.ui.state import Journey

log = logging.getLogger("mlpm")


@dataclass
class Lifecycle:
    """The PM's lifecycle work in this session: recorded runs, the newer file, the checklist."""

    run_ids: dict[str, int] = field(default_factory=dict)
    """model identity (see :func:`model_identity`) -> stored run number"""
    retrained: list[TrainedModel] = field(default_factory=list)
    """models trained by "retrain on the new data" (their pipelines, for scoring)"""
    new_data: Dataset | None = None
    new_data_seen: str | None = None
    new_data_error: UserError | None = None
    retrain: RetrainDecision | None = None
    """the last retrain outcome: both models on the same new rows, advice (known by its old
    run and the file it was retrained on, see :meth:`RetrainDecision.belongs_to`)"""
    drift_checked: bool = False
    scored: bool = False
    checklist: dict[str, dict[str, str]] = field(default_factory=dict)
    hosting: dict[str, object] = field(default_factory=dict)  # Ship it's measurement
    store_warning: str | None = None


def lifecycle(journey: Journey) -> Lifecycle:
    """The journey's lifecycle part (created on first use, so older journeys keep working)."""
    value = getattr(journey, "lifecycle", None)
    if not isinstance(value, Lifecycle):
        value = Lifecycle()
        journey.lifecycle = value  # type: ignore[attr-defined]
    return value


def model_identity(model: TrainedModel) -> str:
    """Names one fitted model in this session (same split, key and fit = same model)."""
    return f"{model.split_key}|{model.key}|{model.fit_seconds!r}"


def get_store() -> RunStore | None:
    """The run store, or None (with a warning on the page) when it cannot be opened."""
    try:
        return open_store()
    except UserError as error:
        st.warning(f"**The run history is not available.** {md(error.message)}  \n"
                   f"{md(error.hint)}",
                   icon=":material/database:")
        return None


def record_run(journey: Journey, model: TrainedModel, *, dataset: Dataset | None = None,
               problem: Any = None, split: Any = None,
               threshold: float | None = None, costs: Any = None,
               goal: str | None = None) -> RunRecord | None:
    """Store one trained model with its data version, problem, split, scores and settings.

    Defaults to the journey's current data, problem, split and decision settings (threshold,
    costs, goal); a retrain passes the old run's own instead. Returns the stored run, or
    None when the store could not be written (training goes on regardless).
    """
    from mlpm.lifecycle.store.capture import record_model

    state = lifecycle(journey)
    dataset = dataset or journey.dataset
    problem = problem or journey.problem
    split = split or journey.split
    if dataset is None or problem is None or split is None:
        return None
    try:
        store = open_store()
        known = state.run_ids.get(model_identity(model))
        if known:  # the same fitted model again (Train reuses identical fits): one record
            with contextlib.suppress(RunNotFoundError):
                return store.get(known)
        run = record_model(
            store, dataset, problem, split, model,
            threshold=float(journey.threshold if threshold is None else threshold),
            costs=getattr(journey, "costs", None) if costs is None else costs,
            goal=str(getattr(getattr(journey, "decision", None), "goal", "") or "")
            if goal is None else goal,
            cleaning=tuple(cleaning_step_json(step)
                           for step in getattr(journey, "cleaning_steps", None) or ()),
            batch=batch_of(split.key))
    except UserError as error:
        _warn_once(state, f"{error.message} {error.hint}")
        return None
    except Exception as error:  # the history must never break training
        log.exception("Could not record a training run")
        _warn_once(state, f"({type(error).__name__}: {error})")
        return None
    state.run_ids[model_identity(model)] = int(run.id or 0)
    return run


def _warn_once(state: Lifecycle, details: str) -> None:
    if state.store_warning is None:
        state.store_warning = details
        st.warning("**This run was not saved to the run history.** Training itself worked. "
                   + md(details), icon=":material/database:")


def session_model(journey: Journey, run_id: int) -> TrainedModel | None:
    """The fitted model of run ``run_id`` if it was trained in this session."""
    state = lifecycle(journey)
    for model in [*journey.models.values(), *state.retrained]:
        if state.run_ids.get(model_identity(model)) == run_id:
            return model
    return None


def session_run_ids(journey: Journey) -> set[int]:
    """Runs whose fitted model is still in this session."""
    state = lifecycle(journey)
    return {state.run_ids[k] for k in (model_identity(m) for m in
                                       [*journey.models.values(), *state.retrained])
            if k in state.run_ids}


@st.cache_data(show_spinner="Checking every column for drift…", max_entries=16)
def cached_drift(reference_version: str, new_version: str, columns: tuple[str, ...],
                 target: str | None, _profile: dict[str, Any], _frame: Any) -> DriftReport:
    """Drift of one new data version against one training data version, computed once."""
    return drift_report(_profile, _frame, columns=list(columns), target=target,
                        reference_version=reference_version, new_version=new_version)


def current_run_id(journey: Journey) -> int | None:
    """The stored run of the model selected in this session, if recorded."""
    model = journey.current_model
    return None if model is None else lifecycle(journey).run_ids.get(model_identity(model))
