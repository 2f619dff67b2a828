"""What the run store keeps: one :class:`RunRecord` per trained model, one
:class:`DataVersion` per table it was trained on, and the errors a PM can act on."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from mlpm.errors import UserError

HEADLINE = {"binary": "f1", "multiclass": "accuracy", "regression": "r2",
            "clustering": "silhouette"}


class StoreError(UserError):
    """The run store cannot be opened or written (bad URL, server down, newer schema)."""


class RunNotFoundError(UserError):
    """No run has that number."""


class ModelNotSavedError(UserError):
    """The run exists but its fitted model was not saved."""


class ProjectNotFoundError(UserError):
    """No project has that number (it was deleted)."""


class ProjectConflictError(UserError):
    """Someone else saved newer work on this project since this session last read it: a save
    would have overwritten it, so nothing was written (issue 14)."""

    def __init__(self, message: str, hint: str = "", *, theirs: ProjectRecord | None = None
                 ) -> None:
        super().__init__(message, hint)
        self.theirs = theirs


class UntrustedModelError(UserError):
    """A model file holds types mlpm does not load (skops' trusted-types check)."""


@dataclass(frozen=True)
class DataVersion:
    """A table a model was trained on: its fingerprint, size, column kinds and drift profile."""

    version: str
    name: str
    n_rows: int
    n_columns: int
    columns: dict[str, str] = field(default_factory=dict)
    """column name -> kind in PM words (number, category, yes/no, date, text)"""
    profile: dict[str, Any] = field(default_factory=dict)
    """per-column summary used to measure drift later (see :mod:`mlpm.lifecycle.drift`)"""
    created_at: str = ""


@dataclass(frozen=True)
class RunRecord:
    """One trained model with everything needed to tell which data, settings and scores."""

    dataset_name: str
    data_version: str
    n_rows: int
    n_columns: int
    target: str
    task: str
    model_key: str
    model_name: str
    positive_label: str | None = None
    classes: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    split: dict[str, Any] = field(default_factory=dict)
    is_baseline: bool = False
    complexity: float | None = None
    params: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    cv_metrics: dict[str, Any] = field(default_factory=dict)
    threshold: float | None = None
    costs: dict[str, Any] = field(default_factory=dict)
    fit_seconds: float = 0.0
    cleaning: tuple[dict[str, Any], ...] = ()
    recipe: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    batch: str = ""
    app_version: str = ""
    # Filled in by the store.
    id: int | None = None
    uid: str = ""
    created_at: str = ""
    has_model: bool = False

    @property
    def headline_metric(self) -> str:
        """F1 for yes/no, accuracy for several classes, R² for numbers (as on the leaderboard)."""
        return HEADLINE.get(self.task, "accuracy")

    @property
    def headline(self) -> float | None:
        value = self.metrics.get(self.headline_metric)
        return None if value is None else float(value)

    @property
    def when(self) -> str:
        """``2026-03-05 14:02`` (UTC) for tables and labels."""
        return self.created_at[:16].replace("T", " ")

    @property
    def label(self) -> str:
        """How a run is named in lists: number, model and the data it learnt from."""
        return (f"#{self.id} {self.model_name} · {self.dataset_name} "
                f"({self.n_rows:,} rows, version {self.data_version}) · {self.when}")

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the ``mlpm runs`` JSON)."""
        out = asdict(self)
        out["classes"] = list(self.classes)
        out["features"] = list(self.features)
        out["cleaning"] = list(self.cleaning)
        out["headline_metric"] = self.headline_metric
        return clean_json(out)


def clean_json(value: Any) -> Any:
    """Numbers numpy hands back as plain Python; NaN and infinity as None (valid JSON)."""
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@dataclass(frozen=True)
class ProjectRecord:
    """One saved project: its name, who saved it last, and its state (a ``ProjectState`` as
    JSON, see :mod:`mlpm.project.state`). ``revision`` counts saves; a save must name the revision
    it started from."""

    id: int
    uid: str
    name: str
    created_at: str
    updated_at: str
    revision: int
    data_version: str
    dataset_name: str
    state: dict[str, Any] = field(default_factory=dict)
    updated_by_session: str = ""
