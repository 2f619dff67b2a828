"""The data review of a table too big for memory, or one that stays in its database.

The source computes every column's profile over **all** its rows with SQL (counts, missing,
distinct, extremes, mean and spread, exact quartiles, the most common values, duplicate rows,
formula-like cells) and hands back a **stratified sample** (by target, 50,000 rows): the
existing review (:func:`mlpm.data.quality.review`) then runs on the sample with the whole
table's profiles, so every count it states is the table's, and only the checks that need rows
(correlations, personal data, leaks, the readiness group rates) read the sample. Outlier and
conflicting-label counts go back to the source (:class:`WholeCounts`). The sample is the
:class:`~mlpm.data.dataset.Dataset` training uses. Results are facts (rows reviewed, rows
sampled, engine): the front ends put :mod:`mlpm.explain.scale`'s sentence on the sample
(:meth:`ScaledReview.with_note`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from mlpm.data.alerts import Context, numeric_correlations
from mlpm.data.dataset import Dataset
from mlpm.data.limits import SAMPLE_ROWS
from mlpm.data.pii import scan
from mlpm.data.profile import ColumnProfile, profile_column
from mlpm.data.quality import QualityReport, TableFacts, review
from mlpm.progress import DONE, Progress, Step
from mlpm.scale.sources import Source, columns_of
from mlpm.scale.sql import Column

MAX_STRATA = 50  # a target with more values is sampled at random, not per value
PEEK_ROWS = 1_000


@dataclass(frozen=True)
class ScaledReview:
    """A review of every row where the data lives, and the sample training uses."""

    report: QualityReport
    dataset: Dataset  # the sample (rows_sampled rows): what training reads
    rows_reviewed: int
    rows_sampled: int
    engine: str
    source: str  # the file name or the URL without its password
    seconds: float
    facts: TableFacts | None = field(default=None, repr=False)  # every row's, for the page

    def with_note(self, note: str) -> ScaledReview:
        """The same review with ``note`` (where and over how many rows it ran, in words) as the
        sample's source note, which the page and ``mlpm review --json`` show."""
        dataset = replace(self.dataset, source_note=note)
        report = replace(self.report, dataset={**self.report.dataset, "source_note": note})
        return replace(self, report=report, dataset=dataset)


@dataclass
class WholeCounts:
    """The few row counts a check makes, asked of the source (see ``alerts.WholeTable``)."""

    source: Source
    columns: dict[str, Column]
    rows: int

    def outside(self, column: str, low: float, high: float,
                skip: list[float]) -> tuple[int, float | None]:
        count, lowest, highest = self.source.rows(
            self.source.sql.outside(self.columns[column], low, high, skip))[0]
        if not count:
            return 0, None
        return int(count), float(highest if highest is not None and highest > high else lowest)

    def conflicting_labels(self, target: str, features: list[str]) -> tuple[int, int]:
        features = [f for f in features if f != target and f in self.columns]
        if not features:
            return 0, 0
        groups, rows = self.source.rows(self.source.sql.conflicting_labels(
            self.columns[target], [self.columns[f] for f in features]))[0]
        return int(rows or 0), int(groups or 0)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _plain(value: Any, column: Column) -> object:
    """A value as the in-memory profile holds it (ints for int columns, floats, text)."""
    if column.kind == "int":
        return int(value)
    if column.kind == "float":
        return float(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _text_kind(base: ColumnProfile, distinct: int, present: int) -> str:
    """``_profile_other``'s rule, on the whole table's counts."""
    if distinct <= 2 and present > 2:
        return "yes/no"
    if base.date_format:
        return "date"
    return "text" if distinct > max(50, 0.5 * present) else "category"


class _Profiler:
    def __init__(self, source: Source, columns: list[Column], sample: pd.DataFrame,
                 rows: int, tick: Progress | None) -> None:
        self.source, self.columns, self.sample, self.rows = source, columns, sample, rows
        self.tick = tick or (lambda fraction, label: None)

    def profiles(self) -> dict[str, ColumnProfile]:
        sql = self.source.sql
        query, names = sql.facts(self.columns)
        facts: dict[str, dict[str, Any]] = {}
        for (name, fact), value in zip(names, self.source.rows(query)[0], strict=True):
            facts.setdefault(name, {})[fact] = value
        numbers = [c for c in self.columns if c.numeric and facts[c.name]["finite"]]
        moments: dict[str, tuple[float, float]] = {}
        if numbers:
            means = {c.name: float(facts[c.name]["mean"]) for c in numbers}
            values = self.source.rows(sql.moments(numbers, means))[0]
            moments = {c.name: (float(values[2 * i] or 0.0), float(values[2 * i + 1] or 0.0))
                       for i, c in enumerate(numbers)}
        out: dict[str, ColumnProfile] = {}
        for position, column in enumerate(self.columns):
            self.tick(0.1 + 0.6 * position / max(len(self.columns), 1),
                      Step("profiling_column", {"column": column.name}))
            out[column.name] = self._profile(column, facts[column.name], moments)
        return out

    def _top(self, column: Column) -> tuple[tuple[tuple[object, int], ...], int]:
        found = self.source.rows(self.source.sql.top(column))
        distinct = int(found[0][2]) if found else 0
        return tuple((_plain(value, column), int(n)) for value, n, _ in found), distinct

    def _profile(self, column: Column, facts: dict[str, Any],
                 moments: dict[str, tuple[float, float]]) -> ColumnProfile:
        name = column.name
        base = profile_column(self.sample[name]) if name in self.sample else None
        dtype = base.dtype if base is not None else column.kind
        present = int(facts["present"])
        missing = self.rows - present
        if present == 0:
            return ColumnProfile(name, dtype, "empty", self.rows, missing, 0,
                                 numeric=column.numeric)
        if column.numeric:
            return self._numeric(column, dtype, facts, moments, missing)
        top, distinct = self._top(column)
        if column.kind == "date":
            return ColumnProfile(name, dtype, "date", self.rows, missing, distinct,
                                 extra={"first": pd.Timestamp(facts["min"]),
                                        "last": pd.Timestamp(facts["max"])})
        if column.kind == "bool":
            return ColumnProfile(name, dtype, "yes/no", self.rows, missing, distinct, top=top)
        base = base or ColumnProfile(name, dtype, "category", self.rows, missing, distinct)
        formulas: dict[str, Any] = {}
        if column.kind == "text":
            cells = int(facts["formulas"] or 0)
            examples = tuple(str(r[0]) for r in self.source.rows(
                self.source.sql.formula_examples(column))) if cells else ()
            formulas = {"formula_cells": cells,
                        "formula_numbers": int(facts["formula_numbers"] or 0),
                        "formula_examples": examples}
        kind = base.kind if base.kind == "date" and base.python_types else \
            _text_kind(base, distinct, present)
        return replace(base, kind=kind, rows=self.rows, missing=missing, distinct=distinct,
                       top=top, **formulas)

    def _numeric(self, column: Column, dtype: str, facts: dict[str, Any],
                 moments: dict[str, tuple[float, float]], missing: int) -> ColumnProfile:
        name = column.name
        n = int(facts["finite"])
        infinite = int(facts["present"]) - n
        if n == 0:
            return ColumnProfile(name, dtype, "number", self.rows, missing, 1, numeric=True,
                                 infinite=infinite)
        top, distinct = self._top(column)
        q1, median, q3 = (float(v) for v in self.source.rows(
            self.source.sql.quartiles(column, n))[0])
        m2, m3 = moments[name]
        std = math.sqrt(m2 * n / (n - 1)) if n > 1 else 0.0
        skew = float(m3 / m2 ** 1.5 * math.sqrt(n * (n - 1)) / (n - 2)) if n > 2 and m2 > 0 \
            else None
        distinct += int(infinite > 0)
        return ColumnProfile(
            name, dtype, "yes/no" if distinct <= 2 and n > 2 else "number", self.rows, missing,
            distinct, top=top, numeric=True, minimum=_number(facts["min"]),
            maximum=_number(facts["max"]), mean=_number(facts["mean"]), std=std, q1=q1,
            median=median, q3=q3, skew=skew, zeros=int(facts["zeros"] or 0), infinite=infinite,
            negatives=int(facts["negatives"] or 0), whole=not int(facts["fractions"] or 0))


def draw_sample(source: Source, columns: list[Column], rows: int, target: str | None,
                size: int, seed: int = 0) -> pd.DataFrame:
    """``size`` rows, each target value in its share of the table (at least one row each),
    drawn by the source; the whole table when it has no more rows than that."""
    sql = source.sql
    if rows <= size:
        return source.frame(f"SELECT * FROM {sql.source} AS src")
    by = {c.name: c for c in columns}.get(target or "")
    strata = source.rows(sql.class_counts(by, MAX_STRATA + 1)) if by is not None else []
    if by is None or len(strata) > MAX_STRATA:
        frame = source.frame(sql.sample(columns, size, seed=seed))
    else:
        parts = [source.frame(sql.sample(columns, max(1, round(size * int(n) / rows)),
                                         where=sql.equals(by, value), seed=seed))
                 for value, n in strata]
        frame = pd.concat(parts, ignore_index=True)
    order = np.random.default_rng(seed).permutation(len(frame))
    return frame.iloc[order].reset_index(drop=True)


def sample_dataset(source: Source, target: str | None, size: int, *,
                   seed: int = 0) -> tuple[Dataset, int]:
    """A stratified sample of ``source`` as a table to train on, and the source's row count
    (no review: for ``mlpm train`` on a table too big to load)."""
    columns = columns_of(source.frame(f"SELECT * FROM {source.sql.source} AS src "
                                      f"LIMIT {PEEK_ROWS}"))
    rows = int(source.rows(source.sql.row_count())[0][0])
    sample = draw_sample(source, columns, rows, target, size, seed)
    return Dataset(sample, name=source.label), rows


def review_source(source: Source, target: str | None = None, *, sample_rows: int = SAMPLE_ROWS,
                  seed: int = 0, progress: Progress | None = None) -> ScaledReview:
    """Review every row of ``source`` where it lives; train on a stratified sample of it."""
    started = time.perf_counter()
    tick = progress or (lambda fraction, step: None)
    sql = source.sql
    tick(0.0, Step("counting_rows"))
    columns = columns_of(source.frame(f"SELECT * FROM {sql.source} AS src LIMIT {PEEK_ROWS}"))
    rows = int(source.rows(sql.row_count())[0][0])
    target = target if target in {c.name for c in columns} else None
    tick(0.05, Step("drawing_sample"))
    sample = draw_sample(source, columns, rows, target, sample_rows, seed)
    profiles = _Profiler(source, columns, sample, rows, tick).profiles()
    tick(0.75, Step("looking_for_duplicates"))
    duplicates = rows - int(source.rows(sql.distinct_rows(columns))[0][0])
    dataset = Dataset(sample, name=source.label)
    whole = WholeCounts(source, {c.name: c for c in columns}, rows)
    ctx = Context(frame=sample, target=None, profiles=profiles, duplicates=duplicates,
                  seed=seed, rows_sample=sample, whole=whole)
    facts = TableFacts(dataset.version, profiles, duplicates, numeric_correlations(ctx),
                       scan(sample, seed=seed), time.perf_counter() - started, sample,
                       None, whole)
    tick(0.85, Step("running_checks"))
    report = review(dataset, target, facts=facts, seed=seed)
    report = replace(report, dataset={**report.dataset, "rows": rows},
                     seconds=time.perf_counter() - started)
    tick(1.0, DONE)
    return ScaledReview(report, dataset, rows, len(sample), source.engine, source.label,
                        time.perf_counter() - started, facts)
