"""The PM's journey: one typed object in session state that owns all of their work.

Downstream results remember the upstream key they were built from (data version, problem,
split). Staleness is derived by comparing keys, never tracked with flags, so changing the
data or the target can't forget to invalidate something.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from mlpm.curves import LearningCurveResult
from mlpm.data.dataset import Dataset
from mlpm.errors import UserError
from mlpm.problem import Problem
from mlpm.split import Split
from mlpm.training import TrainedModel

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
    threshold: float = 0.5
    curve: LearningCurveResult | None = None
    visited: set[str] = field(default_factory=set)
    load_error: UserError | None = None
    upload_seen: str | None = None

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
        split = self.fresh_split
        return bool(self.curve) and (split is None or self.curve.split_key != split.key)

    @property
    def current_model(self) -> TrainedModel | None:
        return self.models.get(self.selected_model or "")

    def progress(self) -> dict[str, bool]:
        """Which steps of the journey are done and still current."""
        return {
            "fit": bool(self.fit_answers),
            "data": self.dataset is not None,
            "target": self.problem is not None and not self.problem_stale,
            "split": self.fresh_split is not None,
            "train": bool(self.models) and not self.models_stale,
            "evaluate": "evaluate" in self.visited and bool(self.models) and not self.models_stale,
            "fitting": self.curve is not None and not self.curve_stale,
        }


def get_journey() -> Journey:
    """This session's journey; each browser session has its own."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = Journey()
    return st.session_state[_KEY]
