"""The journey seen as an :class:`mlpm.project.analysis.Analysis`, for the Present page."""

from __future__ import annotations

from mlpm.data.readiness import Readiness
from mlpm.evaluate.curves import ValidationCurveResult
from mlpm.evaluate.pilot import saved_inputs
from mlpm.explain.data import cleaning_step
from mlpm.project.analysis import Analysis
from mlpm.project.results import Results
from mlpm.ui.cache import cached_review
from mlpm.ui.state import Journey


def _readiness(journey: Journey) -> Readiness | None:
    """The readiness lights of the current data (and target), from the Data page's cache."""
    if journey.dataset is None:
        return None
    target = journey.problem.target if journey.problem and not journey.problem_stale else None
    return cached_review(journey.dataset, target).readiness


def _validation(journey: Journey, fresh_split_key: str | None) -> ValidationCurveResult | None:
    """The selected model's validation curve, else any drawn on the current split."""
    current = [v for v in journey.validation_curves.values()
               if fresh_split_key and v.split_key == fresh_split_key]
    chosen = journey.validation_curves.get(journey.selected_model or "")
    if chosen is not None and any(chosen is v for v in current):
        return chosen
    return current[0] if current else None


def analysis_of(journey: Journey) -> Analysis:
    """Only current results go into a pack: stale ones (older data or split) are left out."""
    fresh = not journey.models_stale
    split = journey.fresh_split
    steps = getattr(journey, "cleaning_steps", []) or []
    return Analysis(
        dataset=journey.dataset,
        problem=journey.problem if not journey.problem_stale else None,
        split=split,
        models=dict(journey.models) if fresh else {},
        selected_model=journey.selected_model,
        threshold=journey.threshold,
        curve=journey.curve if not journey.curve_stale else None,
        fit_answers={k: v for k, v in journey.fit_answers.items() if not k.startswith("frame_")},
        checklist=dict(getattr(getattr(journey, "lifecycle", None), "checklist", {}) or {}),
        hosting=dict(getattr(getattr(journey, "lifecycle", None), "hosting", {}) or {}),
        cleaning=tuple(cleaning_step(step) for step in steps),
        readiness=_readiness(journey),
        costs=journey.costs,
        validation=_validation(journey, split.key if split is not None else None),
        fairness_column=journey.fairness_column,
        decision=journey.decision,
        pilot=saved_inputs(journey.pilot),
        anomaly=journey.anomaly if journey.anomaly and journey.anomaly.is_current(journey.dataset)
        else None,
    )


def results_of(journey: Journey) -> Results:
    """The journey's one results object: Train, Evaluate and Present read their numbers here."""
    return Results(analysis_of(journey))
