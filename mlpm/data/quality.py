"""The data review: a table of columns and a list of alerts a PM can act on.

:func:`measure` does the heavy, target-free part once per data version (profiles, duplicate
rows, correlations, personal data); :func:`review` runs every check of :mod:`mlpm.data.alerts`
on it, sorts the alerts by severity, triages them and draws the readiness lights. Results are
facts; :mod:`mlpm.explain.data` writes the sentences (``review_json`` for ``mlpm review
--json``).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import pandas as pd

from mlpm.data.alerts import (
    ALERT_KINDS,
    CHECKS,
    ROW_CHECKS,
    SEVERITY_ORDER,
    Alert,
    Context,
    WholeTable,
    numeric_correlations,
    show_value,
)
from mlpm.data.dataset import Dataset
from mlpm.data.leakage import LeakFinding
from mlpm.data.limits import SAMPLE_ROWS
from mlpm.data.pii import PiiFinding, scan
from mlpm.data.profile import ColumnProfile, default_feature, profile_and_codes, random_rows
from mlpm.data.readiness import Readiness, assess, with_alerts
from mlpm.data.row_keys import RowKeys, repeated_count
from mlpm.data.triage import Triage, triage
from mlpm.progress import DONE, Progress, Step

_PARALLEL_CELLS = 500_000



@dataclass(frozen=True)
class ColumnStats:
    """What one column holds, in plain terms."""

    name: str
    kind: str  # "number" | "category" | "yes/no" | "date" | "text" | "empty"
    dtype: str
    missing: int
    missing_share: float
    unique: int
    example: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class QualityReport:
    """The review of one data version, optionally with a target in mind."""

    dataset: dict[str, object]
    columns: list[ColumnStats]
    alerts: list[Alert]
    target: str | None = None
    duplicate_rows: int = 0
    profiles: dict[str, ColumnProfile] = field(default_factory=dict, repr=False)
    readiness: Readiness | None = None
    correlations: pd.DataFrame | None = field(default=None, repr=False)
    leaks: list[LeakFinding] = field(default_factory=list)
    pii: list[PiiFinding] = field(default_factory=list)
    seconds: float = 0.0

    def columns_frame(self) -> pd.DataFrame:
        return pd.DataFrame([c.as_dict() for c in self.columns])

    def triage(self) -> Triage:
        """The few findings to lead with and the rest in groups (see :func:`triage`)."""
        return triage(self.alerts, self.target)



# --- the review --------------------------------------------------------------------------------


def _stats(profiles: dict[str, ColumnProfile]) -> list[ColumnStats]:
    out = []
    for name, p in profiles.items():
        example = next((v for v, _ in p.top), "")
        out.append(ColumnStats(name=name, kind=p.kind, dtype=p.dtype, missing=p.missing,
                               missing_share=p.missing_share, unique=p.distinct,
                               example=str(show_value(example))[:40] if p.top else ""))
    return out


@dataclass(frozen=True)
class TableFacts:
    """The heavy, target-free part of a review: computed once per data version."""

    data_version: str
    profiles: dict[str, ColumnProfile]
    duplicate_rows: int
    correlations: pd.DataFrame | None
    pii: list[PiiFinding]
    seconds: float
    sample: pd.DataFrame | None = field(default=None, repr=False)
    row_keys: RowKeys | None = field(default=None, repr=False)
    whole: WholeTable | None = field(default=None, repr=False)  # the frame is a sample of it


def _workers(frame: pd.DataFrame) -> int:
    return min(2, os.cpu_count() or 1) if frame.size >= _PARALLEL_CELLS else 1


@dataclass
class _Measuring:
    """A :func:`measure` under way: profiles, keys, sample and personal data are ready; the
    duplicate rows and correlations are still being computed on the pool, so target checks
    can start next to them."""

    dataset: Dataset
    profiles: dict[str, ColumnProfile]
    keys: RowKeys
    sample: pd.DataFrame
    pii: list[PiiFinding]
    started: float
    tick: Callable[[Step], None]
    duplicates: Future | None = None
    correlations: Future | None = None

    def start_duplicates(self, pool: ThreadPoolExecutor) -> None:
        self.duplicates = pool.submit(repeated_count, self.keys.keys)

    def start_correlations(self, pool: ThreadPoolExecutor) -> None:
        ctx = Context(frame=self.dataset.frame, target=None, profiles=self.profiles,
                      duplicates=0, rows_sample=self.sample)
        self.correlations = pool.submit(numeric_correlations, ctx)

    def finish(self) -> TableFacts:
        if self.duplicates is None or self.correlations is None:
            raise RuntimeError("start_duplicates() and start_correlations() before finish()")
        duplicates = self.duplicates.result()
        self.tick(Step("looked_for_duplicates"))
        correlations = self.correlations.result()
        self.tick(Step("compared_numbers"))
        return TableFacts(self.dataset.version, self.profiles, duplicates, correlations,
                          self.pii, time.perf_counter() - self.started, self.sample, self.keys)


def _start_measure(dataset: Dataset, pool: ThreadPoolExecutor, progress: Progress | None,
                   seed: int) -> _Measuring:
    started = time.perf_counter()
    frame = dataset.frame
    names = [str(name) for name in frame.columns]
    total = len(names) + 3
    done = 0

    def tick(step: Step) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done / total, 1.0), step)

    keys = RowKeys.empty(len(frame))
    lock = threading.Lock()

    def profiled(position: int) -> ColumnProfile:
        profile, codes, method = profile_and_codes(frame.iloc[:, position], seed=seed)
        keys.add(names[position], position, codes, method, feature=default_feature(profile),
                 lock=lock)
        return profile

    def sampled() -> tuple[pd.DataFrame, list[PiiFinding]]:
        sample = random_rows(frame, SAMPLE_ROWS, seed=seed)
        return sample, scan(sample, seed=seed)

    sample_job = pool.submit(sampled)
    jobs = [pool.submit(profiled, position) for position in range(len(names))]
    profiles: dict[str, ColumnProfile] = {}
    for name, job in zip(names, jobs, strict=True):
        profiles[name] = job.result()
        tick(Step("checked_column", {"column": name}))
    sample, pii = sample_job.result()
    tick(Step("looked_for_personal_data"))
    return _Measuring(dataset, profiles, keys, sample, pii, started, tick)


def measure(dataset: Dataset, *, progress: Progress | None = None, seed: int = 0) -> TableFacts:
    """Profile every column, count duplicate rows, correlate numbers, scan for personal data.

    Columns are profiled on two threads for big tables (NumPy, pandas and Arrow release the
    GIL in their heavy loops); each column's row codes are folded into the row keys as its
    profile is made, so duplicate rows cost one sort at the end (:mod:`mlpm.data.row_keys`).
    ``progress(fraction, step)`` is called from this thread.
    """
    with ThreadPoolExecutor(max_workers=_workers(dataset.frame)) as pool:
        measuring = _start_measure(dataset, pool, progress, seed)
        measuring.start_duplicates(pool)
        measuring.start_correlations(pool)
        return measuring.finish()


def review(dataset: Dataset, target: str | None = None, *, progress: Progress | None = None,
           seed: int = 0, facts: TableFacts | None = None, readiness: bool = True) -> QualityReport:
    """Describe every column and run every check; alerts sorted by severity.

    ``facts`` reuses :func:`measure` of the same data version (the page caches it, so choosing
    another target only re-runs the quick checks). Without them, the target checks that read
    rows (conflicting labels, leakage) run next to the last table-wide steps. ``progress(
    fraction, step)`` is called as the review goes, for a progress bar.
    """
    started = time.perf_counter()
    frame = dataset.frame
    target = target if target in frame.columns else None
    earlier = 0.0
    with ThreadPoolExecutor(max_workers=_workers(frame)) as pool:
        measuring = None
        if facts is None or facts.data_version != dataset.version:
            scale = (lambda f, step: progress(0.85 * f, step)) if progress else None
            measuring = _start_measure(dataset, pool, scale, seed)
            profiles, keys = measuring.profiles, measuring.keys
            sample, pii = measuring.sample, measuring.pii
        else:
            earlier = facts.seconds  # measured before, on an earlier run
            profiles, keys, sample, pii = facts.profiles, facts.row_keys, facts.sample, facts.pii
        ctx = Context(frame=frame, target=target, profiles=profiles, duplicates=0, seed=seed,
                      pii_findings=pii, rows_sample=sample, row_keys=keys,
                      whole=facts.whole if facts is not None and measuring is None else None)
        # Queued longest first on two threads; this thread draws the readiness lights as
        # soon as the duplicate count is in, then runs the quick checks.
        if measuring is not None:
            measuring.start_duplicates(pool)
        slow = ROW_CHECKS
        jobs = [pool.submit(check, ctx) for check in slow]
        if measuring is not None:
            measuring.start_correlations(pool)
            ctx.duplicates = measuring.duplicates.result()
        else:
            ctx.duplicates = facts.duplicate_rows
        lights = assess(dataset, target, profiles=profiles, duplicate_rows=ctx.duplicates,
                        pii=pii, sample=ctx.sample) if readiness else None
        if measuring is not None:
            facts = measuring.finish()
        ctx.notes["correlations"] = facts.correlations
        if progress:
            progress(0.9, Step("looking_for_leaks"))
        alerts = [a for check in CHECKS if check not in slow for a in check(ctx)]
        alerts += [a for job in jobs for a in job.result()]
    alerts.sort(key=lambda a: (SEVERITY_ORDER[a.severity], ALERT_KINDS.index(a.kind)))
    alerts = triage(alerts, target).tagged(alerts)
    if lights is not None:  # the Clean light agrees with the "Fix before training" alerts
        lights = with_alerts(lights, alerts)
    if progress:
        progress(1.0, DONE)
    return QualityReport(dataset={**dataset.summary(), "source_note": dataset.source_note},
                         columns=_stats(facts.profiles), alerts=alerts,
                         target=target, duplicate_rows=facts.duplicate_rows,
                         profiles=facts.profiles, readiness=lights,
                         correlations=facts.correlations,
                         leaks=list(ctx.notes.get("leaks", [])), pii=facts.pii,
                         seconds=earlier + time.perf_counter() - started)


def class_balance(frame: pd.DataFrame, target: str) -> pd.DataFrame:
    """Rows per target value, for the balance chart."""
    counts = frame[target].dropna().astype(str).value_counts()
    return pd.DataFrame({"class": counts.index, "rows": counts.to_numpy(),
                         "share": (counts / counts.sum()).to_numpy()})
