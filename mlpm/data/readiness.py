"""Is this data ready for ML? Five traffic lights measured on the table itself.

``assess`` answers the questions the "Should we use ML?" page asks the PM (enough data? fresh?
representative? unbiased? private?) from the data, so the two can be shown side by side:
"the data says" next to "you said". Each light carries its status, the numbers behind it
(``evidence``) and the facts its sentence is written from (``wording`` + ``facts``):
:func:`mlpm.explain.data.readiness_headline` writes that sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np
import pandas as pd

from mlpm.data.dataset import Dataset
from mlpm.data.kinds import to_dates
from mlpm.data.limits import SAMPLE_ROWS
from mlpm.data.pii import PiiFinding, scan
from mlpm.data.profile import ColumnProfile, profile_frame, random_rows
from mlpm.data.row_keys import duplicated_rows
from mlpm.data.sensitive import sensitive_columns
from mlpm.model.problem import task_of_profile

STATUSES = ("good", "warn", "bad", "unknown")
KEYS = ("sufficient", "fresh", "representative", "unbiased", "private", "quality")
_RANK = {"good": 0, "unknown": 1, "warn": 2, "bad": 3}

_NOT_DATA_TIME = re.compile(r"birth|dob|expir|expiry|valid_until|due|end_date|renewal",
                            re.IGNORECASE)
_MIN_GROUP = 20
_RARE_ROWS = 10
# SAMPLE_ROWS (in limits, so the command line reads it without pandas): the review's random
# rows (seed 0); group rates and personal data are read on them, by the review and by
# :func:`assess` alone, so every page shows the same lights for one table.


@dataclass(frozen=True)
class ReadinessItem:
    """One traffic light: which question, its status, the measured numbers, and the facts its
    one sentence is written from.

    ``wording`` names the sentence (``"sufficient_classes"``, ``"fresh_unknown"``, ...) and
    ``facts`` holds its figures, unrounded (``evidence`` rounds some for the JSON).
    """

    key: str
    status: str  # "good" | "warn" | "bad" | "unknown"
    wording: str
    evidence: dict[str, object] = field(default_factory=dict)
    facts: dict[str, object] = field(default_factory=dict)

    def plain_evidence(self) -> object:
        """The evidence as JSON-ready Python types."""
        return _plain(self.evidence)


@dataclass(frozen=True)
class Readiness:
    """All traffic lights for one data version (and target)."""

    items: dict[str, ReadinessItem]
    data_version: str = ""
    target: str | None = None

    @property
    def worst(self) -> str:
        return max((i.status for i in self.items.values()), key=_RANK.__getitem__, default="unknown")


def _plain(value: object) -> object:
    """Evidence as JSON-ready Python types."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d")
    return value


def _worst(*statuses: str) -> str:
    known = [s for s in statuses if s != "unknown"]
    return max(known, key=_RANK.__getitem__) if known else "unknown"


# --- helpers ----------------------------------------------------------------------------------


def _classes(frame: pd.DataFrame, target: str | None,
             profiles: dict[str, ColumnProfile]) -> list[tuple[str, int]] | None:
    """Rows per class, most common first, when the target reads as classes; else None.

    Taken from the target's profile (which counted every value) when it holds every class.
    """
    p = profiles.get(target) if target else None
    if p is None or p.present == 0 or task_of_profile(p) == "regression":
        return None
    if p.distinct <= len(p.top):
        return sorted(((str(value), count) for value, count in p.top), key=lambda vc: -vc[1])
    counts = frame[target].dropna().astype(str).value_counts()
    return list(zip(counts.index, counts.to_numpy().tolist(), strict=True))


def _feature_count(profiles: dict[str, ColumnProfile], target: str | None) -> int:
    """Columns a model could use: not the target, not constant, not an ID, not free text."""
    count = 0
    for name, p in profiles.items():
        if name == target or p.distinct <= 1 or p.kind in ("empty", "date", "text"):
            continue
        if not p.dtype.startswith("float") and p.rows >= 20 and p.distinct >= 0.98 * p.rows:
            continue
        count += 1
    return max(count, 1)


@dataclass(frozen=True)
class _Dates:
    """A date column: every row's date, or each distinct date with its number of rows."""

    dates: pd.Series
    rows: pd.Series | None = None  # rows per date; None when ``dates`` is every row

    def count_after(self, moment: pd.Timestamp) -> int:
        later = self.dates > moment
        return int(later.sum() if self.rows is None else self.rows[later.to_numpy()].sum())


def _date_columns(frame: pd.DataFrame, profiles: dict[str, ColumnProfile]) -> dict[str, _Dates]:
    out = {}
    for name, p in profiles.items():
        if p.kind != "date":
            continue
        counted = p.extra.get("date_counts")
        if isinstance(counted, pd.Series):  # the profile parsed each distinct date already
            if len(counted):
                out[name] = _Dates(pd.Series(counted.index), counted)
            continue
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            out[name] = _Dates(column.dt.tz_localize(None) if getattr(column.dt, "tz", None)
                               else column)
        else:
            parsed = to_dates(column, p.date_format) if p.date_format or column.dtype == object \
                else None
            if parsed is not None and parsed.notna().any():
                out[name] = _Dates(parsed)
    return out


# --- the five (six) questions ---------------------------------------------------------------


def _sufficient(frame: pd.DataFrame, target: str | None, profiles: dict[str, ColumnProfile],
                classes: list[tuple[str, int]] | None, rows: int) -> ReadinessItem:
    features = _feature_count(profiles, target)
    per_feature = rows / features
    evidence: dict[str, object] = {"rows": rows, "features": features,
                                   "rows_per_feature": round(per_feature, 1)}
    if classes is not None:
        smallest = int(classes[-1][1]) if classes else 0
        evidence.update(smallest_class=classes[-1][0] if classes else None,
                        smallest_class_rows=smallest, classes=len(classes))
        status = ("bad" if smallest < 30 or per_feature < 5 else
                  "warn" if smallest < 200 or per_feature < 20 else "good")
        wording = "sufficient_classes"
        facts = {"smallest": smallest, "label": evidence["smallest_class"],
                 "per_feature": per_feature}
    else:
        labelled = rows
        if target and target in frame.columns:  # the profile counted every row, not a sample
            labelled = profiles[target].present if target in profiles \
                else int(frame[target].notna().sum())
        evidence["labelled_rows"] = labelled
        status = ("bad" if labelled < 100 or per_feature < 5 else
                  "warn" if labelled < 1_000 or per_feature < 20 else "good")
        wording = "sufficient_rows"
        facts = {"rows": labelled, "per_feature": per_feature, "has_target": bool(target)}
    return ReadinessItem("sufficient", status, wording, evidence, facts)


def _fresh(dates: dict[str, _Dates], today: pd.Timestamp) -> ReadinessItem:
    best: tuple[str, pd.Timestamp, _Dates] | None = None
    for name, found in dates.items():
        if _NOT_DATA_TIME.search(name):
            continue
        column = found.dates
        past = column[column <= today + pd.Timedelta(days=1)]
        if past.dropna().empty:
            continue
        newest = past.max()
        if best is None or newest > best[1]:
            best = (name, newest, found)
    if best is None:
        return ReadinessItem("fresh", "unknown", "fresh_unknown", {"date_columns": list(dates)})
    name, newest, found = best
    age = int((today.normalize() - newest.normalize()).days)
    future = found.count_after(today + pd.Timedelta(days=1))
    status = "good" if age <= 90 else "warn" if age <= 365 else "bad"
    evidence = {"column": name, "newest": newest, "oldest": found.dates.min(), "age_days": age,
                "future_rows": future}
    return ReadinessItem("fresh", status, "fresh", evidence,
                         {"column": name, "age_days": max(age, 0)})


def _widest_span(dates: dict[str, _Dates]) -> tuple[str, pd.Series] | None:
    """The date column (of data time, not birthdays or expiry dates) spanning the most days."""
    usable = {n: d.dates for n, d in dates.items() if not _NOT_DATA_TIME.search(n)}
    if not usable:
        return None
    return max(usable.items(), key=lambda kv: (kv[1].max() - kv[1].min()).days)


def _coverage_column(name: str, p: ColumnProfile, target: str | None) -> bool:
    """A category column whose values a model will meet: not the target, numbers or dates."""
    if name == target or p.numeric or p.kind not in ("category", "yes/no"):
        return False
    if p.number_share >= 0.5 or p.date_format:  # numbers or dates written as text
        return False
    return 3 <= p.distinct <= 50


def _rare_values(profiles: dict[str, ColumnProfile],
                 target: str | None) -> tuple[dict[str, int], int]:
    """Values with fewer than 10 rows, per category column, and the rows they hold."""
    rare: dict[str, int] = {}
    rare_rows = 0
    for name, p in profiles.items():
        small = [count for _, count in p.top if count < _RARE_ROWS] \
            if _coverage_column(name, p, target) else []
        if small:
            rare[name] = len(small)
            rare_rows += sum(small)
    return rare, rare_rows


def _representative(dates: dict[str, _Dates], target: str | None,
                    profiles: dict[str, ColumnProfile], rows: int) -> ReadinessItem:
    evidence: dict[str, object] = {}
    statuses = []
    span_days = None
    widest = _widest_span(dates)
    if widest is not None:
        name, column = widest
        span_days = int((column.max() - column.min()).days)
        evidence.update(date_column=name, span_days=span_days, first=column.min(),
                        last=column.max())
        statuses.append("good" if span_days >= 365 else "warn" if span_days >= 30 else "bad")
    rare, rare_rows = _rare_values(profiles, target)
    rare_share = rare_rows / max(rows, 1)
    evidence.update(rare_categories=rare, rare_rows=rare_rows, rare_share=round(rare_share, 4))
    if rare or widest is None:
        statuses.append("warn" if rare_share >= 0.05 else "good")
    if widest is None and not rare and not any(
            3 <= p.distinct <= 50 and not p.numeric for n, p in profiles.items() if n != target):
        return ReadinessItem("representative", "unknown", "representative_unknown", evidence)
    facts = {"span_days": span_days, "date_column": evidence.get("date_column"), "rare": rare,
             "rare_share": rare_share}
    return ReadinessItem("representative", _worst(*statuses), "representative", evidence, facts)


def _groups(column: pd.Series, name: str) -> pd.Series | None:
    """Group labels for a sensitive column (ages in four bands), or None if unusable.

    The column itself (or the bands, a categorical) is grouped on directly: turning 50,000
    values into text first cost more than the whole comparison.
    """
    if pd.api.types.is_numeric_dtype(column) and column.nunique() > 12:
        if "age" not in name.lower():
            return None
        return pd.cut(column, [-np.inf, 25, 40, 60, np.inf],
                      labels=["under 25", "25-39", "40-59", "60 and over"], right=False)
    if column.nunique() > 20:
        return None
    return column


def _outcome(y: pd.Series,
             classes: list[tuple[str, int]] | None) -> tuple[pd.Series, str | None] | None:
    """The outcome to compare across groups: 1.0 where the rarer class is hit (a gap stays a
    gap), or the number itself; None when the target is neither classes nor numbers."""
    if classes is not None:
        positive = classes[-1][0] if classes else None  # the rarer outcome
        codes, values = pd.factorize(y)  # compare each distinct value's text once
        hits = np.append(pd.Index(values).astype(str) == positive, False)
        return pd.Series(hits[codes].astype(float), index=y.index).where(y.notna()), positive
    if pd.api.types.is_numeric_dtype(y):
        return y.astype(float), None
    return None


def _gap(outcome: pd.Series, groups: pd.Series, name: str,
         classification: bool) -> tuple[float, dict[str, object]] | None:
    """The lowest and highest group rate of one column (groups of at least 20 rows), and how
    far apart they are (lower = worse: a ratio of rates, or minus the gap in spreads)."""
    table = outcome.groupby(groups, observed=True).agg(["mean", "count"])
    table = table[table["count"] >= _MIN_GROUP]
    if len(table) < 2:
        return None
    low, high = table["mean"].idxmin(), table["mean"].idxmax()
    if classification:
        ratio = float(table["mean"].min() / table["mean"].max()) if table["mean"].max() else 1.0
        gap = ratio
    else:
        spread = float(outcome.std()) or 1.0
        ratio = float((table["mean"].max() - table["mean"].min()) / spread)
        gap = -ratio
    return gap, {"column": name, "low_group": str(low), "low": float(table["mean"].min()),
                 "high_group": str(high), "high": float(table["mean"].max()),
                 "ratio": round(ratio, 3)}


def _unbiased_status(ratio: float, classification: bool) -> str:
    """Four-fifths rule for rates; a gap of a quarter / half a spread for numbers."""
    if classification:
        return "good" if ratio >= 0.8 else "warn" if ratio >= 0.5 else "bad"
    return "good" if ratio < 0.25 else "warn" if ratio < 0.5 else "bad"


def _unbiased(frame: pd.DataFrame, target: str | None, classes: list[tuple[str, int]] | None,
              total: int, sensitive: list[str]) -> ReadinessItem:
    """Outcome rates across the groups of each column about people (``sensitive``: found by
    :mod:`mlpm.data.sensitive` from names and profiled values)."""
    sensitive = [c for c in sensitive if c != target and c in frame.columns]
    evidence: dict[str, object] = {"sensitive_columns": sensitive, "rows_checked": len(frame),
                                   "rows_in_table": total}
    if not sensitive:
        return ReadinessItem("unbiased", "unknown", "unbiased_no_columns", evidence)
    no_target = ReadinessItem("unbiased", "unknown", "unbiased_no_target", evidence,
                              {"sensitive": sensitive})
    if not target or target not in frame.columns:
        return no_target
    frame = random_rows(frame[[target, *sensitive]], 200_000)  # rates need no more rows
    measured = _outcome(frame[target], classes)
    if measured is None:
        return no_target
    outcome, positive = measured
    classification = classes is not None
    gaps = [_gap(outcome, groups, name, classification) for name in sensitive
            if (groups := _groups(frame[name], name)) is not None]
    found = [g for g in gaps if g is not None]
    if not found:
        return ReadinessItem("unbiased", "unknown", "unbiased_small_groups", evidence,
                             {"sensitive": sensitive})
    worst = min(found, key=lambda pair: pair[0])[1]  # the first of equal gaps, as before
    evidence.update(worst)
    evidence["positive"] = positive
    status = _unbiased_status(float(worst["ratio"]), classification)
    facts = {"target": target, "positive": positive, "worst": worst,
             "classification": classification, "checked": len(frame), "total": total}
    return ReadinessItem("unbiased", status, "unbiased", evidence, facts)


def _private(frame: pd.DataFrame, findings: list[PiiFinding] | None) -> ReadinessItem:
    findings = scan(frame) if findings is None else findings
    by_kind: dict[str, list[str]] = {}
    for finding in findings:
        by_kind.setdefault(finding.kind, []).append(finding.column)
    evidence: dict[str, object] = {"found": by_kind, "columns": sorted({f.column for f in findings})}
    if not findings:
        return ReadinessItem("private", "good", "private_none", evidence)
    status = "warn" if set(by_kind) <= {"ip"} else "bad"
    return ReadinessItem("private", status, "private", evidence, {"by_kind": by_kind})


def _quality(frame: pd.DataFrame, duplicates: int | None,
             profiles: dict[str, ColumnProfile], rows: int) -> ReadinessItem:
    cells = max(rows * frame.shape[1], 1)
    missing = sum(p.missing for p in profiles.values()) / cells
    if duplicates is None:
        duplicates = int(duplicated_rows(frame).sum())
    dup_share = duplicates / max(rows, 1)
    status = ("good" if missing < 0.05 and dup_share < 0.01 else
              "warn" if missing < 0.2 and dup_share < 0.05 else "bad")
    evidence = {"missing_cells": round(missing, 4), "duplicate_rows": duplicates,
                "duplicate_share": round(dup_share, 4)}
    return ReadinessItem("quality", status, "quality", evidence,
                         {"missing_share": missing, "duplicate_share": dup_share})


def assess(dataset: Dataset, target: str | None = None, *, today: object | None = None,
           profiles: dict[str, ColumnProfile] | None = None, duplicate_rows: int | None = None,
           pii: list[PiiFinding] | None = None,
           sample: pd.DataFrame | None = None) -> Readiness:
    """Measure whether the data is sufficient, fresh, representative, unbiased and private.

    ``today`` (anything ``pd.Timestamp`` reads) fixes the date freshness is measured against,
    for tests. ``profiles``, ``duplicate_rows``, ``pii`` and ``sample`` (random rows of the
    table, for the group rates) reuse what a review already computed.
    """
    frame = dataset.frame
    target = target if target in frame.columns else None
    now = pd.Timestamp(today) if today is not None else pd.Timestamp.now()
    if sample is None:  # the review's rows, so a light never depends on who asked for it
        sample = random_rows(frame, SAMPLE_ROWS, seed=0)
    if pii is None:
        pii = scan(sample, seed=0)
    profiles = profiles if profiles is not None else profile_frame(frame)
    # The table's rows: the profiles' count, which is more than the frame's when the frame is
    # a sample of a table reviewed where it lives (mlpm.scale).
    rows = next(iter(profiles.values())).rows if profiles else len(frame)
    dates = _date_columns(frame, profiles)
    classes = _classes(frame, target, profiles)
    items = {
        "sufficient": _sufficient(frame, target, profiles, classes, rows),
        "fresh": _fresh(dates, now),
        "representative": _representative(dates, target, profiles, rows),
        "unbiased": _unbiased(sample, target, classes, rows,
                              sensitive_columns(profiles)),
        "private": _private(frame, pii),
        "quality": _quality(frame, duplicate_rows, profiles, rows),
    }
    return Readiness(items=items, data_version=dataset.version, target=target)


def with_alerts(readiness: Readiness, alerts: Iterable[object]) -> Readiness:
    """The "Clean" light with the review's high-severity alerts ("Fix before training") folded
    in: one truth, so the light can't say "Looks fine" beside red alerts. ``alerts`` are
    :class:`mlpm.data.quality.Alert` (kind, severity, columns)."""
    high = [a for a in alerts if getattr(a, "severity", "") == "high"]
    item = readiness.items.get("quality")
    if not high or item is None:
        return readiness
    kinds = list(dict.fromkeys(str(a.kind) for a in high))
    columns = list(dict.fromkeys(str(c) for a in high for c in a.columns))
    evidence = {**item.evidence, "alerts_to_fix": len(high), "alert_kinds": kinds}
    facts = {**item.facts, "to_fix": {"count": len(high), "kinds": kinds, "columns": columns}}
    quality = ReadinessItem("quality", "bad", item.wording, evidence, facts)
    return replace(readiness, items={**readiness.items, "quality": quality})
