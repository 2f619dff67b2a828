"""What a meeting pack is built from: a snapshot of the PM's analysis.

The app's journey (:func:`mlpm.ui.pack.analysis_of`) and ``mlpm report`` both fill one, so the
Present page and the command line build exactly the same pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlpm.data.dataset import Dataset
from mlpm.data.readiness import Readiness
from mlpm.evaluate.curves import LearningCurveResult, ValidationCurveResult
from mlpm.evaluate.money import Costs
from mlpm.evaluate.pilot import PilotInputs
from mlpm.model.anomaly import AnomalyLook
from mlpm.model.problem import Problem
from mlpm.model.split import Split
from mlpm.model.training import TrainedModel
from mlpm.project.decision import DecisionSettings


@dataclass
class Analysis:
    """A snapshot of the PM's work: what the pack is built from (the app's journey or a CLI run)."""

    dataset: Dataset | None = None
    problem: Problem | None = None
    split: Split | None = None
    models: dict[str, TrainedModel] = field(default_factory=dict)
    selected_model: str | None = None
    threshold: float = 0.5
    curve: LearningCurveResult | None = None
    fit_answers: dict[str, str] = field(default_factory=dict)
    cleaning: tuple[str, ...] = ()
    checklist: dict[str, dict[str, str]] = field(default_factory=dict)
    hosting: dict[str, object] = field(default_factory=dict)  # measured on Ship it (issue 18)
    readiness: Readiness | None = None
    costs: Costs | None = None
    validation: ValidationCurveResult | None = None
    fairness_column: str | None = None
    decision: DecisionSettings | None = None  # goal, operating point, costs (issue 14)
    pilot: PilotInputs | None = None  # the pilot the PM planned (issue 17)
    anomaly: AnomalyLook | None = None  # unusual rows the PM looked at (issue 17)

    def __post_init__(self) -> None:
        # One truth: with decision settings given, the threshold and costs are theirs.
        if self.decision is not None:
            self.threshold = self.decision.threshold
            self.costs = self.decision.costs if self.decision.costs.is_set else self.costs

    @property
    def settings(self) -> DecisionSettings:
        """The decision settings every verdict uses (``threshold``/``costs`` when not given)."""
        if self.decision is not None:
            return self.decision
        return DecisionSettings(threshold=self.threshold, costs=self.costs or Costs())

    @property
    def model(self) -> TrainedModel | None:
        if self.selected_model in self.models:
            return self.models[self.selected_model]
        learners = [m for m in self.models.values() if not m.is_baseline]
        return learners[0] if learners else None

    def subtitle(self, model: TrainedModel | None = None) -> str:
        parts = []
        if model is not None:
            parts.append(model.name)
        if self.dataset is not None:
            parts.append(f"data version {self.dataset.version}")
        return " · ".join(parts)
