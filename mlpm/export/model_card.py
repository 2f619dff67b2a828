"""A model card in Markdown, with the Model Card Toolkit's sections, filled from real results."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MetricLine:
    """A test metric with a 95% interval and the sentence that explains it."""

    name: str
    value: float
    low: float
    high: float
    sentence: str = ""


@dataclass(frozen=True)
class CardFacts:
    """Everything a model card states; each field comes from a computed result."""

    model_name: str
    model_kind: str
    parameters: dict[str, object]
    trained_at: str
    task_words: str
    target: str
    positive_label: str | None
    intended_use: str
    users: str
    dataset_name: str
    data_version: str
    rows: int
    columns: int
    features: tuple[str, ...]
    split_words: str
    cleaning: tuple[str, ...]
    metrics: tuple[MetricLine, ...]
    baseline_words: str
    fairness: tuple[str, ...] = ()
    limitations: tuple[str, ...] = field(default_factory=tuple)
    ethics: tuple[str, ...] = field(default_factory=tuple)


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """95% interval for a proportion (accuracy, precision, recall) from counts.

    >>> [round(v, 3) for v in wilson_interval(80, 100)]
    [0.711, 0.867]
    """
    if trials <= 0:
        return 0.0, 0.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def build_model_card(facts: CardFacts) -> str:
    """Markdown text, one section per Model Card Toolkit heading."""
    params = "\n".join(f"  - `{k}`: {v}" for k, v in sorted(facts.parameters.items())) or "  - none"
    metrics = "\n".join(
        f"| {m.name} | {m.value:.3f} | {m.low:.3f} – {m.high:.3f} | {m.sentence} |"
        for m in facts.metrics)
    positive = f" (the outcome of interest: `{facts.positive_label}`)" if facts.positive_label else ""
    cleaning = "\n".join(f"- {c}" for c in facts.cleaning) or "- No cleaning steps were applied."
    fairness = "\n".join(f"- {f}" for f in facts.fairness) or (
        "- Not assessed yet: choose a group column (e.g. gender, age band) on the Evaluate page.")
    limitations = "\n".join(f"- {x}" for x in facts.limitations) or "- None recorded."
    ethics = "\n".join(f"- {x}" for x in facts.ethics) or "- None recorded."
    return f"""# Model card: {facts.model_name}

## Model details
- **Model:** {facts.model_name} ({facts.model_kind})
- **Task:** {facts.task_words}, predicting `{facts.target}`{positive}
- **Trained:** {facts.trained_at} with mlpm
- **Settings:**
{params}

## Intended use
- **Use:** {facts.intended_use}
- **Users:** {facts.users}
- **Not for:** decisions that must be right every time, or that need a full explanation for each case.

## Data
- **Dataset:** {facts.dataset_name}, data version `{facts.data_version}` ({facts.rows:,} rows, {facts.columns} columns)
- **Features ({len(facts.features)}):** {", ".join(f"`{f}`" for f in facts.features)}
- **Split:** {facts.split_words}
- **Cleaning steps:**
{cleaning}

## Metrics
Measured on the test rows, which the model never saw while training. Intervals are 95% Wilson intervals.

| Metric | Value | 95% interval | What it means |
|---|---|---|---|
{metrics}

{facts.baseline_words}

## Fairness by group
{fairness}

## Limitations
{limitations}

## Ethical considerations
{ethics}
"""
