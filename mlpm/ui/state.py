"""The PM's journey: one typed object in session state that owns all of their work.

Downstream results remember the upstream key they were built from (data version, problem,
split). Staleness is derived by comparing keys, never tracked with flags, so changing the
data or the target can't forget to invalidate something.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import streamlit as st

from mlpm.data.clean import CleaningLog, CleaningStep, clean
from mlpm.data.dataset import Dataset
from mlpm.errors import UserError
from mlpm.evaluate.curves import LearningCurveResult, ValidationCurveResult
from mlpm.evaluate.money import Costs
from mlpm.model.anomaly import AnomalyLook
from mlpm.model.problem import Problem
from mlpm.model.split import Split
from mlpm.model.training import TrainChoices, TrainedModel
from mlpm.project.decision import DecisionSettings
from mlpm.ui.projects import ProjectLink
from mlpm.ui.runs import Lifecycle

_KEY = "mlpm_journey"


@dataclass
class Journey:
    """Everything the PM has done in this browser session."""

    fit_answers: dict[str, str] = field(default_factory=dict)
    dataset: Dataset | None = None
    problem: Problem | None = None
    split: Split | None = None
    models: dict[str, TrainedModel] = field(default_factory=dict)
    selected_model: str | None = None
    # The PM's decision settings (issue 14): goal, operating point and costs, read by every
    # verdict through ``mlpm.evaluate.leaderboard`` / ``mlpm.project.decision``; ``threshold`` and ``costs``
    # below are views of it.
    decision: DecisionSettings = field(default_factory=DecisionSettings)
    curve: LearningCurveResult | None = None
    # Evaluation (issue 6): the curves drawn per model (each keeps its split key), the column
    # chosen for group fairness.
    curves: dict[str, LearningCurveResult] = field(default_factory=dict)
    validation_curves: dict[str, ValidationCurveResult] = field(default_factory=dict)
    fairness_column: str | None = None
    visited: set[str] = field(default_factory=set)
    load_error: UserError | None = None
    presenting: bool = False
    training: TrainChoices = field(default_factory=TrainChoices)  # Train page choices (issue 5)
    upload_seen: str | None = None
    lifecycle: Lifecycle = field(default_factory=Lifecycle)  # run history, drift, scoring
    # Data cleaning (issue 4): the table as loaded, the steps applied and the version they made.
    # Read it through ``raw_dataset`` / ``cleaning_steps``: a newly loaded table silently
    # retires an old log, because its result version no longer matches ``dataset``.
    cleaning: CleaningLog | None = None
    path_input: str = ""  # the file path typed on Data review (files over the upload limit)
    load_source: str = ""  # "upload" or "path": where the last load attempt came from
    excel_sheet: str = ""  # the sheet picked from a workbook with several ("" = the first)
    pack_choice: dict[str, object] = field(default_factory=dict)  # Present: items, title, …
    pilot: dict[str, object] = field(default_factory=dict)  # PilotInputs.as_dict() (issue 17)
    # The stored project this journey is (issue 14): number, revision last read, data source.
    project: ProjectLink = field(default_factory=ProjectLink)
    anomaly: AnomalyLook | None = None  # Unusual rows (issue 17): the model and share looked at

    @property
    def threshold(self) -> float:
        """The operating point of yes/no models (part of :attr:`decision`)."""
        return self.decision.threshold

    @threshold.setter
    def threshold(self, value: float) -> None:
        self.decision = self.decision.with_threshold(value)

    @property
    def costs(self) -> Costs:
        """What outcomes are worth (part of :attr:`decision`)."""
        return self.decision.costs

    @costs.setter
    def costs(self, value: Costs) -> None:
        self.decision = replace(self.decision, costs=value)

    # --- changes that ripple downstream -------------------------------------------------
    def set_dataset(self, dataset: Dataset) -> None:
        """A new table: keep later results but they now show as stale."""
        self.dataset = dataset

    def set_problem(self, problem: Problem) -> None:
        self.problem = problem

    def set_split(self, split: Split) -> None:
        self.split = split

    def add_model(self, model: TrainedModel) -> None:
        # Models trained on an older split can't be compared fairly with new ones.
        self.models = {k: m for k, m in self.models.items() if m.split_key == model.split_key}
        self.models[model.key] = model
        if self.selected_model not in self.models or not model.is_baseline:
            self.selected_model = model.key

    # --- cleaning (issue 4) ---------------------------------------------------------------
    @property
    def _cleaning_log(self) -> CleaningLog | None:
        log = self.cleaning
        if log and self.dataset is not None and log.result_version == self.dataset.version:
            return log
        return None

    @property
    def raw_dataset(self) -> Dataset | None:
        """The table as loaded, before any cleaning step."""
        log = self._cleaning_log
        return log.raw if log else self.dataset

    @property
    def cleaning_steps(self) -> list[CleaningStep]:
        """The cleaning steps that made the current dataset (empty when none)."""
        log = self._cleaning_log
        return list(log.steps) if log else []

    def set_cleaning(self, steps: list[CleaningStep]) -> Dataset:
        """Rebuild the dataset from the raw table with ``steps``: a new data version.

        Undo is ``set_cleaning(steps[:-1])``. Raises ``CleaningError`` (a ``UserError``) and
        keeps everything as it was when a step cannot be applied.
        """
        raw = self.raw_dataset
        if raw is None:
            raise ValueError("No dataset to clean.")
        dataset, log = clean(raw, steps)
        self.set_dataset(dataset)
        self.cleaning = log if steps else None
        return dataset

    # --- staleness ---------------------------------------------------------------------
    @property
    def problem_stale(self) -> bool:
        return bool(self.problem and self.dataset and self.problem.data_version != self.dataset.version)

    @property
    def split_stale(self) -> bool:
        return bool(self.split and (self.problem is None or self.problem_stale
                                    or self.split.problem_key != self.problem.key))

    @property
    def fresh_split(self) -> Split | None:
        return self.split if self.split and not self.split_stale else None

    @property
    def models_stale(self) -> bool:
        split = self.fresh_split
        return bool(self.models) and (split is None or any(m.split_key != split.key
                                                           for m in self.models.values()))

    @property
    def curve_stale(self) -> bool:
        """Drawn for another split, or for another goal / threshold / costs (issue 14)."""
        split = self.fresh_split
        return bool(self.curve) and (split is None or self.curve.split_key != split.key
                                     or not self.curve_matches_decision(self.curve))

    def curve_matches_decision(self, curve: LearningCurveResult | ValidationCurveResult) -> bool:
        """True when ``curve`` was scored in today's decision metric at today's threshold."""
        from mlpm.evaluate.curves import decision_key

        return (self.problem is None or not curve.decision_key
                or curve.decision_key == decision_key(self.problem, self.decision))

    @property
    def current_model(self) -> TrainedModel | None:
        return self.models.get(self.selected_model or "")

    def progress(self) -> dict[str, bool]:
        """Which steps of the journey are done and still current."""
        return {
            "fit": bool(self.fit_answers),
            "data": self.dataset is not None,
            "target": self.problem is not None and not self.problem_stale,
            "features": ("features" in self.visited and self.problem is not None
                         and not self.problem_stale),
            "split": self.fresh_split is not None,
            "train": bool(self.models) and not self.models_stale,
            "evaluate": "evaluate" in self.visited and bool(self.models) and not self.models_stale,
            "drivers": "drivers" in self.visited and bool(self.models) and not self.models_stale,
            "pilot": "pilot" in self.visited and bool(self.models) and not self.models_stale,
            "present": "present" in self.visited,
            "fitting": self.curve is not None and not self.curve_stale,
            "drift": self.lifecycle.drift_checked,
            "score": self.lifecycle.scored,
            "ship": bool(self.lifecycle.checklist),
        }


def get_journey() -> Journey:
    """This session's journey; each browser session has its own."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = Journey()
    return st.session_state[_KEY]
