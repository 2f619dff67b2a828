"""Sentences about where the data was reviewed and where the model work runs (issue 16)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlpm.explain.data import review_json

if TYPE_CHECKING:
    from mlpm.scale.review import ScaledReview

ENGINE_NAMES = {"duckdb": "DuckDB, out of core", "postgresql": "inside PostgreSQL"}


def coverage_sentence(rows_reviewed: int, rows_sampled: int, engine: str) -> str:
    """One line: the review covers every row; training uses a sample of them."""
    where = ENGINE_NAMES.get(engine, f"inside the database ({engine})")
    if rows_sampled >= rows_reviewed:
        return (f"The review covers all {rows_reviewed:,} rows ({where}); training uses "
                "every one of them.")
    return (f"The review covers all {rows_reviewed:,} rows ({where}); training uses a "
            f"stratified sample of {rows_sampled:,}.")


def sample_sentence(rows: int, rows_sampled: int, engine: str) -> str:
    """One line for a table trained on without a review: how much of it the sample is."""
    where = ENGINE_NAMES.get(engine, f"inside the database ({engine})")
    if rows_sampled >= rows:
        return f"Training uses all {rows:,} rows (read {where})."
    return (f"Training uses a stratified sample of {rows_sampled:,} of the table's {rows:,} "
            f"rows (drawn {where}).")


def where_work_runs_sentence(scheduler: str | None, workers: int | None = None) -> str:
    """Where cross-validation and curves run: this server's cores or a Dask cluster."""
    if not scheduler:
        return "Cross-validation and curves run on this server's own cores."
    on = f" ({workers} workers)" if workers else ""
    return f"Cross-validation and curves run on the Dask cluster at {scheduler}{on}."


def coverage(scaled: ScaledReview) -> str:
    """:func:`coverage_sentence` of a review made where the data lives."""
    return coverage_sentence(scaled.rows_reviewed, scaled.rows_sampled, scaled.engine)


def scaled_review_json(scaled: ScaledReview) -> dict[str, object]:
    """``mlpm review --json`` of a review made where the data lives: the review's keys, plus
    where and over how many rows it ran."""
    return {**review_json(scaled.report), "source_note": scaled.dataset.source_note,
            "rows_reviewed": scaled.rows_reviewed, "rows_sampled": scaled.rows_sampled,
            "engine": scaled.engine, "coverage": coverage(scaled)}
