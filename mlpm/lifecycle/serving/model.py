"""The model a server answers with: a stored run's saved pipeline, loaded once and checked.

The model file is read only through :func:`mlpm.lifecycle.store.model_files.load_model` (the skops
allow-list): a file naming anything else is refused before the server binds its port.
Rows are prepared and decided by :mod:`mlpm.lifecycle.scoring` (``prepare_inputs``,
``predict_prepared``), the same calls as ``mlpm score`` and the Score new data page, so the
three always agree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from mlpm.lifecycle.scoring import ModelInputs, Predicted, model_inputs, predict_prepared
from mlpm.lifecycle.store.model_files import model_from_bytes
from mlpm.lifecycle.store.records import RunRecord
from mlpm.lifecycle.store.store import RunStore


@dataclass(frozen=True)
class ServedModel:
    """One run's fitted pipeline and the facts a caller needs to trust its answers."""

    run: RunRecord
    pipeline: Any = field(repr=False)
    inputs: ModelInputs
    model_sha256: str
    """fingerprint of the saved model file: the same number after a restart = the same model"""

    @property
    def version(self) -> dict[str, Any]:
        """What every answer carries, so a caller can tell which model said it."""
        return {"run_id": self.run.id, "data_version": self.run.data_version,
                "model_sha256": self.model_sha256}

    def card(self) -> dict[str, Any]:
        """The model card's facts as JSON (GET /model)."""
        run = self.run
        headline = run.headline_metric
        return {**self.version, "model": run.model_name, "model_key": run.model_key,
                "target": run.target, "task": run.task, "positive_label": run.positive_label,
                "classes": list(run.classes), "dataset_name": run.dataset_name,
                "trained_at": run.created_at,
                "operating_point": run.threshold, "goal": run.recipe.get("goal") or None,
                "metric": headline,
                "metric_value": run.metrics.get(headline), "metrics": dict(run.metrics),
                "inputs": {"numbers": list(self.inputs.numeric),
                           "categories": {c: list(self.inputs.categories.get(c, ()))
                                          for c in self.inputs.categorical},
                           "as_is": list(self.inputs.raw)}}

    def answer(self, x: pd.DataFrame) -> Predicted:
        """The model's answers for prepared rows (:func:`mlpm.lifecycle.serving.checks.check_rows`),
        decided exactly as ``mlpm score`` decides (:func:`mlpm.lifecycle.scoring.predict_prepared`)."""
        run = self.run
        return predict_prepared(self.pipeline, x, task=run.task,
                                positive_label=run.positive_label, threshold=run.threshold)

    def as_json(self, predicted: Predicted) -> list[dict[str, Any]]:
        """One JSON answer per row: decision, chance (of the positive class, or of the decided
        class), and every class's chance when there are more than two."""
        decisions = [_plain(d) for d in predicted.decisions.tolist()]
        if not predicted.probabilities:
            return [{"decision": d, "chance": None} for d in decisions]
        if predicted.cut is not None:
            chances = next(iter(predicted.probabilities.values())).tolist()
            return [{"decision": d, "chance": c} for d, c in zip(decisions, chances, strict=True)]
        labels = list(predicted.probabilities)
        table = np.column_stack([predicted.probabilities[k] for k in labels])
        return [{"decision": d, "chance": float(row.max()),
                 "chances": dict(zip(labels, row.tolist(), strict=True))}
                for d, row in zip(decisions, table, strict=True)]


def _plain(value: Any) -> Any:
    """numpy scalars as JSON-ready Python values."""
    return value.item() if hasattr(value, "item") else value


def load_served_model(store: RunStore, run_id: int) -> ServedModel:
    """The run's saved model, refused (UntrustedModelError) unless every type is allowed.

    Raises
    ------
    RunNotFoundError, ModelNotSavedError, UntrustedModelError
        With a message the CLI prints as one line.
    """
    run = store.get(run_id)
    content = store.model_bytes(run.id)
    pipeline = model_from_bytes(content)
    return ServedModel(run=run, pipeline=pipeline, inputs=model_inputs(pipeline),
                       model_sha256=hashlib.sha256(content).hexdigest()[:16])
