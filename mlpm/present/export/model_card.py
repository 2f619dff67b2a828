"""A model card in Markdown, with the Model Card Toolkit's sections, filled from real results.

Names (model, data file, target, label, features, the PM's own words on use and users) are
plain text and escaped here; sentences (metric lines, fairness, limitations, cleaning) are
already Markdown with their names escaped, so a column called ``[x](http://…)`` stays text in
any Markdown viewer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from mlpm.explain.safe import md


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
    """Everything a model card states; each field comes from a computed result.

    Names and the PM's words are plain text; ``cleaning``, ``metrics[].sentence``,
    ``baseline_words``, ``fairness``, ``interval_words``, ``limitations`` and ``ethics`` are
    Markdown sentences.
    """

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
    interval_words: str = ("Measured on the test rows, which the model never saw while training. "
                           "Intervals are 95% Wilson intervals.")
    limitations: tuple[str, ...] = field(default_factory=tuple)
    ethics: tuple[str, ...] = field(default_factory=tuple)
    decision_words: str = ""  # Markdown: operating point (threshold), metric, verdict
    drivers: tuple[str, ...] = ()  # Markdown: what drives the model (permutation importance)
    hosting: tuple[str, ...] = ()  # Markdown: measured on Ship it (issue 18); none = no section


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


def _number(value: float) -> str:
    """Rates with three decimals; errors in the target's units readable (86,125 not 86125.208)."""
    size = abs(value)
    return f"{value:,.0f}" if size >= 1_000 else f"{value:,.2f}" if size >= 10 else f"{value:.3f}"


def _interval(metric: MetricLine) -> str:
    if metric.low == metric.high == metric.value:
        return "—"  # nothing to resample (clustering), or too few test rows
    return f"{_number(metric.low)} – {_number(metric.high)}"


def bootstrap_intervals(y_true: np.ndarray, y_pred: np.ndarray, *, rounds: int = 1_000,
                        seed: int = 0) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of MAE, RMSE and R² over resampled test rows.

    Counts-based metrics get Wilson intervals; errors in the target's units have no formula,
    so the test rows are resampled (with replacement, seeded) and each metric recomputed.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    n = len(y_true)
    if n < 2:
        return {}
    rng = np.random.default_rng(seed)
    chunk = max(1, 2_000_000 // n)  # resamples at a time: memory stays ~50 MB on big tests
    parts: dict[str, list[np.ndarray]] = {"mae": [], "rmse": [], "r2": []}
    for start in range(0, rounds, chunk):
        picks = rng.integers(0, n, (min(chunk, rounds - start), n))
        truth, errors = y_true[picks], y_pred[picks] - y_true[picks]
        parts["mae"].append(np.abs(errors).mean(axis=1))
        parts["rmse"].append(np.sqrt((errors ** 2).mean(axis=1)))
        spread = ((truth - truth.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            parts["r2"].append(1 - (errors ** 2).sum(axis=1) / spread)
    mae, rmse, r2 = (np.concatenate(parts[k]) for k in ("mae", "rmse", "r2"))
    r2 = r2[np.isfinite(r2)]
    out = {"mae": mae, "rmse": rmse, "r2": r2}
    return {k: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))
            for k, v in out.items() if v.size}


def build_model_card(facts: CardFacts) -> str:
    """Markdown text, one section per Model Card Toolkit heading."""
    params = "\n".join(f"  - {md(k)}: {md(v)}"
                       for k, v in sorted(facts.parameters.items())) or "  - none"
    metrics = "\n".join(
        f"| {m.name} | {_number(m.value)} | {_interval(m)} | {m.sentence} |" for m in facts.metrics)
    positive = (f" (the outcome of interest: '{md(facts.positive_label)}')"
                if facts.positive_label else "")
    task = (f"{md(facts.task_words)}, predicting '{md(facts.target)}'{positive}" if facts.target
            else md(facts.task_words))
    cleaning = "\n".join(f"- {c}" for c in facts.cleaning) or "- No cleaning steps were applied."
    fairness = "\n".join(f"- {f}" for f in facts.fairness) or (
        "- Not assessed yet: choose a group column (e.g. gender, age band) on the Evaluate page.")
    limitations = "\n".join(f"- {x}" for x in facts.limitations) or "- None recorded."
    drivers = ("\n## What drives it\n" + "\n".join(f"- {x}" for x in facts.drivers) + "\n"
               if facts.drivers else "")
    ethics = "\n".join(f"- {x}" for x in facts.ethics) or "- None recorded."
    hosting = ("\n## Hosting\n" + "\n".join(f"- {x}" for x in facts.hosting) + "\n"
               if facts.hosting else "")
    return f"""# Model card: {md(facts.model_name)}

## Model details
- **Model:** {md(facts.model_name)} ({md(facts.model_kind)})
- **Task:** {task}
- **Trained:** {facts.trained_at} with mlpm
- **Settings:**
{params}

## Intended use
- **Use:** {md(facts.intended_use)}
- **Users:** {md(facts.users)}
- **Not for:** decisions that must be right every time, or that need a full explanation for each case.

## Data
- **Dataset:** {md(facts.dataset_name)}, data version `{facts.data_version}` ({facts.rows:,} rows, {facts.columns} columns)
- **Features ({len(facts.features)}):** {", ".join(md(f) for f in facts.features)}
- **Split:** {md(facts.split_words)}
- **Cleaning steps:**
{cleaning}

## Metrics
{facts.decision_words + chr(10) + chr(10) if facts.decision_words else ""}{facts.interval_words}

| Metric | Value | 95% interval | What it means |
|---|---|---|---|
{metrics}

{facts.baseline_words}
{drivers}
## Fairness by group
{fairness}

## Limitations
{limitations}

## Ethical considerations
{ethics}
{hosting}"""
