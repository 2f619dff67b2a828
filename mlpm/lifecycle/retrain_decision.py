"""After a retrain: the old model and the retrained one on the same new rows, and which to use.

:func:`decide_retrain` scores the old model and the retrained one on the same new test rows, in
the run's decision metric at the run's own threshold, and says keep, switch or either with the
leaderboard's one meaning of "clearly" (the gap against the retrained model's cross-validated
spread).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from mlpm.lifecycle.recipe import Retrained
from mlpm.project.decision import DecisionSettings

Advice = Literal["switch", "keep", "either", "unknown"]
_ADVICE = {"better": "switch", "worse": "keep", "too close": "either"}


@dataclass(frozen=True)
class RetrainDecision:
    """The old model and the retrained one on the same new test rows, and which one to use.

    ``advice`` is "switch" / "keep" when the retrained model scores clearly better / worse
    (the gap beyond its cross-validated spread, see :mod:`mlpm.project.decision`), "either" when it is
    too close, "unknown" when the old model could not be scored (not in this session, not
    saved). Scores are in ``metric`` at ``threshold`` (yes/no problems).
    """

    old_run: int
    retrained: Retrained
    metric: str
    threshold: float | None
    new_score: float
    old_score: float | None
    spread: float | None
    advice: Advice
    n_rows: int
    new_metrics: dict[str, float] = field(default_factory=dict)
    old_metrics: dict[str, float] = field(default_factory=dict)
    new_run: int | None = None
    spread_from_cv: bool = False
    """whether ``spread`` is the retrained model's cross-validated spread (else the floor)"""

    @property
    def source_version(self) -> str:
        return self.retrained.source_version

    @property
    def same_rows(self) -> bool:
        return self.old_score is not None

    def belongs_to(self, old_run: int | None, source_version: str) -> bool:
        """Whether this outcome is the retrain of ``old_run`` on the file with that version."""
        return self.old_run == old_run and self.source_version == source_version


def run_settings(threshold: float | None, costs: dict[str, Any] | None,
                 goal: str = "") -> DecisionSettings:
    """A stored run's own decision settings: its operating point and its costs."""
    from mlpm.evaluate.money import Costs

    known = {k: v for k, v in (costs or {}).items() if k in Costs.__dataclass_fields__}
    try:
        chosen = Costs(**known)
    except (TypeError, ValueError):  # an older or hand-edited record: the money view is off
        chosen = Costs()
    return DecisionSettings(goal=goal, threshold=0.5 if threshold is None else float(threshold),
                            costs=chosen)


def decide_retrain(retrained: Retrained, old_pipeline: Any | None, settings: DecisionSettings,
                   *, old_run: int, old_name: str = "Current model",
                   new_run: int | None = None) -> RetrainDecision:
    """Score the old model and the retrained one on the retrain's test rows and advise.

    The old model (``old_pipeline``, fitted on the old data) is scored on exactly the rows the
    retrained model was tested on, so the gap is the models, not the rows. ``settings`` are
    the old run's (see :func:`run_settings`), so the advice is in the PM's metric at the PM's
    threshold. The "clearly" rule is the leaderboard's, reused as is.
    """
    from mlpm.evaluate.leaderboard import _compare, cv_spread, leaderboard
    from mlpm.lifecycle.scoring import evaluate_pipeline
    from mlpm.lifecycle.store.capture import model_metrics

    problem, model = retrained.problem, retrained.model
    binary = problem.task == "binary"
    positive = problem.positive_label if binary else None
    threshold = settings.threshold if binary else None
    board, metric = leaderboard([model], positive, settings)
    new_score = float(board["score"].iloc[0])
    new_metrics = model_metrics(model, problem, settings.threshold)
    common = {"old_run": old_run, "retrained": retrained, "metric": metric,
              "threshold": threshold, "new_score": new_score, "n_rows": len(retrained.split.test),
              "new_metrics": new_metrics, "new_run": new_run}
    cv = cv_spread(model, positive, settings)
    if old_pipeline is None or not problem.is_supervised:
        return RetrainDecision(old_score=None, spread=None if cv is None else cv[1],
                               advice="unknown", spread_from_cv=cv is not None, **common)
    old = evaluate_pipeline(old_pipeline, retrained.dataset, problem, retrained.split.test,
                            key="current", name=old_name)
    # One meaning of "clearly" everywhere: the leaderboard's own comparison, with the old
    # model as the contender (it has no cross-validation, so the retrained model's spread).
    verdict = _compare(model, old, "current", positive, settings)
    return RetrainDecision(old_score=float(verdict.other_score), spread=float(verdict.spread),
                           advice=_ADVICE[verdict.verdict],  # type: ignore[arg-type]
                           spread_from_cv=cv is not None and cv[1] >= verdict.spread,
                           old_metrics=model_metrics(old, problem, settings.threshold), **common)
