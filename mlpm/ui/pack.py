"""The journey seen as an :class:`mlpm.present.Analysis`, for the Present page."""

from __future__ import annotations

from mlpm.present import Analysis
from mlpm.ui.state import Journey


def analysis_of(journey: Journey) -> Analysis:
    """Only current results go into a pack: stale ones (older data or split) are left out."""
    fresh = not journey.models_stale
    steps = getattr(journey, "cleaning_steps", []) or []
    return Analysis(
        dataset=journey.dataset,
        problem=journey.problem if not journey.problem_stale else None,
        split=journey.fresh_split,
        models=dict(journey.models) if fresh else {},
        selected_model=journey.selected_model,
        threshold=journey.threshold,
        curve=journey.curve if not journey.curve_stale else None,
        fit_answers={k: v for k, v in journey.fit_answers.items() if not k.startswith("frame_")},
        checklist=dict(getattr(getattr(journey, "lifecycle", None), "checklist", {}) or {}),
        cleaning=tuple(step.describe() if hasattr(step, "describe") else str(step)
                       for step in steps),
    )
