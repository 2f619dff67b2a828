"""The data review's checks: one small function per kind of alert, each ``(context) -> alerts``.

Checks read the one-pass column profiles (:mod:`mlpm.data.profile`) rather than the table, so
the whole review of a million rows takes about as long as reading the file. An :class:`Alert`
holds facts only (kind, severity, columns, the figures found, the one-click fix); the sentences
a PM reads are written from those facts by :mod:`mlpm.explain.data` (``alert_words``). Kind
names are stable: ``mlpm review --json`` prints them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np
import pandas as pd

from mlpm.data.clean import CleaningStep
from mlpm.data.convert import NUMERIC_SENTINELS, decimal_comma, is_placeholder
from mlpm.data.free_text import profile_is_free_text
from mlpm.data.leakage import conflicting_labels, find_leaks
from mlpm.data.limits import SAMPLE_ROWS
from mlpm.data.pii import PiiFinding, scan
from mlpm.data.profile import ColumnProfile, default_feature, looks_like_id, random_rows
from mlpm.data.row_keys import RowKeys
from mlpm.data.sensitive import sensitive_attributes
from mlpm.model.problem import MAX_CLASSES, task_of_profile

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
ALERT_KINDS: tuple[str, ...] = (
    "missing", "empty", "constant", "duplicates", "unique", "id_like", "free_text",
    "high_cardinality",
    "imbalance", "skewed", "zeros", "infinite", "high_correlation", "mixed_types",
    "numbers_as_text", "dates_as_text", "disguised_missing", "inconsistent_categories",
    "outliers", "pii", "sensitive_attribute", "formula_like", "target_missing",
    "target_imbalance", "single_class_target",
    "too_many_classes", "conflicting_labels", "leakage")
# SAMPLE_ROWS (50,000, from readiness): enough for correlations, group rates and leaks to two
# decimals; the readiness lights read the same rows.
CORRELATION_LIMIT = 0.95
SKEW_LIMIT = 3.0
OUTLIER_IQRS = 5.0
IMBALANCE_LIMIT = 0.5
CARDINALITY_LIMIT = 50


class WholeTable(Protocol):
    """Counts over the whole table when the review's frame is only a sample of it.

    :mod:`mlpm.scale` answers these with SQL where the data lives (DuckDB over a file, or the
    warehouse), so the few checks that count rows state every row, not the sample's.
    """

    rows: int

    def outside(self, column: str, low: float, high: float,
                skip: list[float]) -> tuple[int, float | None]:
        """Rows of ``column`` below ``low`` or above ``high`` (not ``skip``), and the furthest."""
        ...

    def conflicting_labels(self, target: str, features: list[str]) -> tuple[int, int]:
        """Rows (and groups) sharing every feature value but not the target."""
        ...


@dataclass(frozen=True)
class Alert:
    """One finding: what kind, how serious, which columns, and the figures found.

    ``facts`` holds plain values (names, counts, shares, example values) from which
    :func:`mlpm.explain.data.alert_words` writes what was found and what to do. ``fix`` is the
    cleaning step that resolves it, when one does.
    """

    kind: str
    severity: str  # "high" | "medium" | "low"
    columns: tuple[str, ...]
    facts: Mapping[str, object] = field(default_factory=dict, hash=False)
    fix: CleaningStep | None = field(default=None, compare=False)
    # Set by review() from triage(): what the finding does to the PM's goal, and the group
    # key it is folded into on the page (None: the page leads with it).
    impact: str = field(default="", compare=False)
    group: str | None = field(default=None, compare=False)


# --- the context every check reads -------------------------------------------------------------


@dataclass
class Context:
    """The table, its profiles and shared intermediate results, computed once per review."""

    frame: pd.DataFrame
    target: str | None
    profiles: dict[str, ColumnProfile]
    duplicates: int
    seed: int = 0
    pii_findings: list[PiiFinding] | None = None
    notes: dict[str, object] = field(default_factory=dict)
    rows_sample: pd.DataFrame | None = field(default=None, repr=False)
    row_keys: RowKeys | None = field(default=None, repr=False)
    whole: WholeTable | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return self.whole.rows if self.whole is not None else len(self.frame)

    @cached_property
    def sample(self) -> pd.DataFrame:
        """Up to 50,000 rows for the checks whose answer a sample gives as well as the whole.

        Drawn once per data version (:func:`measure`) and shared: taking rows out of a big
        text-heavy table costs as much as several checks.
        """
        if self.rows_sample is not None:
            return self.rows_sample
        return random_rows(self.frame, SAMPLE_ROWS, seed=self.seed)

    @cached_property
    def id_like(self) -> set[str]:
        return {name for name, p in self.profiles.items() if looks_like_id(p)}

    @cached_property
    def task(self) -> str | None:
        profile = self.profiles.get(self.target) if self.target else None
        if profile is None or profile.present == 0:
            return None
        return task_of_profile(profile)

    @cached_property
    def features(self) -> list[str]:
        """Columns a model would use by default (as in ``problem.default_features``)."""
        return [name for name, p in self.profiles.items()
                if name != self.target and default_feature(p)]

    @cached_property
    def pii(self) -> list[PiiFinding]:
        if self.pii_findings is not None:
            return self.pii_findings
        return scan(self.frame, seed=self.seed)


def _free_text(p: ColumnProfile) -> bool:
    values = [str(v) for v, _ in p.top]
    return bool(values) and sum(" " in v.strip() for v in values) / len(values) >= 0.5


Check = Callable[[Context], list[Alert]]


def _drop(columns: list[str] | tuple[str, ...]) -> CleaningStep:
    return CleaningStep.make("drop_columns", list(columns))


# --- column checks ---------------------------------------------------------------------------


def _missing(ctx: Context) -> list[Alert]:
    alerts = []
    for name, p in ctx.profiles.items():
        if p.missing == 0:
            continue
        if p.missing == p.rows:
            alerts.append(Alert("empty", "high", (name,), {"column": name},
                                fix=_drop([name])))
            continue
        share = p.missing_share
        severity = "high" if share >= 0.4 else "medium" if share >= 0.05 else "low"
        if share >= 0.6 and name != ctx.target:
            fix = _drop([name])
        elif name == ctx.target:
            fix = CleaningStep.make("drop_missing_rows", [name])
        else:
            method = "median" if p.numeric else "most_common"
            fix = CleaningStep.make("fill_missing", [name], method=method)
        alerts.append(Alert("missing", severity, (name,),
                            {"column": name, "share": share, "count": p.missing},
                            fix=fix))
    return alerts


def _constant(ctx: Context) -> list[Alert]:
    return [Alert("constant", "medium", (name,),
                  {"column": name, "value": p.top[0][0] if p.top else ""}, fix=_drop([name]))
            for name, p in ctx.profiles.items()
            if p.distinct == 1 and p.present > 0 and not p.infinite]


def expected_duplicates(profiles: dict[str, ColumnProfile], rows: int) -> float:
    """Identical rows expected by chance if the columns were independent: the birthday problem
    with K = 1 / P(two rows agree on every column), P per column from its value counts c
    (sum c(c-1) / n(n-1); a gap counts as a value). Four low-cardinality columns make
    hundreds of identical rows by chance; one column of prices makes next to none."""
    if rows < 2 or not profiles:
        return 0.0
    log_q = 0.0
    for p in profiles.values():
        counts = np.asarray([c for _, c in p.top], dtype=float)
        pairs = float((counts * (counts - 1)).sum()) + float(p.missing) * (p.missing - 1)
        rest, others = p.present - counts.sum(), p.distinct - len(counts)
        if rest > 0 and others > 0:  # the values past the most common, spread evenly
            pairs += rest * max(rest / others - 1, 0.0)
        if pairs <= 0:
            return 0.0  # every value differs: any copy is suspicious
        log_q += math.log(pairs / (rows * (rows - 1.0)))
        if log_q < -60:
            return 0.0  # K beyond 10^26: any copy is suspicious
    per_row = math.log1p(-math.exp(log_q)) if log_q < 0 else -math.inf
    distinct = -math.expm1(rows * per_row) / math.exp(log_q)  # K(1 - (1 - 1/K)^n)
    return max(0.0, rows - distinct)


def _duplicates(ctx: Context) -> list[Alert]:
    count = ctx.duplicates
    if not count:
        return []
    expected = expected_duplicates(ctx.profiles, ctx.rows)
    if expected >= 0.5 and count <= 2 * expected + 3 * math.sqrt(expected):
        return []  # as many identical rows as the columns' few values make by chance
    share = count / ctx.rows
    return [Alert("duplicates", "medium" if share >= 0.01 else "low", (),
                  {"count": count, "share": share, "expected": expected},
                  fix=CleaningStep.make("drop_duplicates"))]


def _id_like(ctx: Context) -> list[Alert]:
    alerts = []
    for name in ctx.profiles:
        if name not in ctx.id_like or name == ctx.target:
            continue
        p = ctx.profiles[name]
        if p.is_text and _free_text(p):
            alerts.append(Alert("unique", "low", (name,), {"column": name}))
        else:
            alerts.append(Alert("id_like", "low", (name,), {"column": name}))
    return alerts


def _text_columns(ctx: Context) -> list[tuple[str, ColumnProfile]]:
    """Text columns that are really categories (not numbers or dates written as text)."""
    return [(name, p) for name, p in ctx.profiles.items()
            if p.is_text and p.date_format is None and p.number_share < 0.9 and p.present]


def typical_words(p: ColumnProfile) -> int:
    """Words on a typical row of a free-text column (the median of its 50 commonest values)."""
    sample = [str(v) for v, _ in p.top][:50]
    return sorted(len(v.split()) for v in sample)[len(sample) // 2] if sample else 0


def _free_text_columns(ctx: Context) -> list[Alert]:
    """Columns of sentences: said once, because models now read their words (issue 17)."""
    return [Alert("free_text", "low", (name,), {"column": name, "typical_words": typical_words(p)})
            for name, p in ctx.profiles.items()
            if name != ctx.target and profile_is_free_text(p)]


def _high_cardinality(ctx: Context) -> list[Alert]:
    alerts = []
    for name, p in _text_columns(ctx):
        if name == ctx.target or name in ctx.id_like or p.distinct <= CARDINALITY_LIMIT \
                or profile_is_free_text(p):
            continue
        if p.number_share >= 0.2:
            continue  # mixed numbers and words: reported as such
        covered = sum(count for _, count in p.top[:20]) / p.present
        alerts.append(Alert("high_cardinality", "low", (name,),
                            {"column": name, "distinct": p.distinct, "top_share": covered}))
    return alerts


def imbalance_score(counts: list[int]) -> float:
    """ydata-profiling's measure: 1 - entropy / log(number of values); 0 = even, 1 = one value."""
    total = sum(counts)
    if len(counts) < 2 or not total:
        return 0.0
    shares = np.asarray(counts, dtype=float) / total
    entropy = float(-(shares * np.log(shares)).sum())
    return 1 - entropy / math.log(len(counts))


def _imbalance(ctx: Context) -> list[Alert]:
    alerts = []
    for name, p in ctx.profiles.items():
        if name == ctx.target or not 2 <= p.distinct <= CARDINALITY_LIMIT or p.kind == "date":
            continue
        if p.numeric and p.distinct > 5:
            continue
        if p.is_text and (p.number_share >= 0.9 or p.date_format):
            continue
        counts = [c for _, c in p.top]
        if imbalance_score(counts) > IMBALANCE_LIMIT:
            value, count = p.top[0]
            alerts.append(Alert("imbalance", "low", (name,),
                                {"column": name, "value": show_value(value),
                                 "share": count / p.present, "others": p.distinct - 1}))
    return alerts


def show_value(value: object) -> object:
    """A whole float as an int (1.0 -> 1), as a PM would write it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _numeric_columns(ctx: Context) -> list[tuple[str, ColumnProfile]]:
    return [(name, p) for name, p in ctx.profiles.items()
            if p.numeric and p.kind == "number" and p.present and name not in ctx.id_like]


def _skewed(ctx: Context) -> list[Alert]:
    return [Alert("skewed", "low", (name,),
                  {"column": name, "skew": p.skew, "median": p.median,
                   "maximum": p.maximum if p.skew > 0 else p.minimum})
            for name, p in _numeric_columns(ctx)
            if name != ctx.target and p.skew is not None and abs(p.skew) > SKEW_LIMIT
            and p.distinct > 5]


def _zeros(ctx: Context) -> list[Alert]:
    alerts = []
    for name, p in ctx.profiles.items():
        if not p.numeric or not p.present or not p.zeros or name in ctx.id_like:
            continue
        share = p.zeros / p.rows
        if share <= 0.01 or p.zeros < 5 or p.distinct < 2:
            continue
        if p.distinct == 2 and p.minimum == 0 and p.maximum == 1:
            continue  # a yes/no column: 0 is "no", not a suspicious zero
        alerts.append(Alert("zeros", "medium" if share >= 0.5 else "low", (name,),
                            {"column": name, "share": share, "count": p.zeros}))
    return alerts


def _infinite(ctx: Context) -> list[Alert]:
    return [Alert("infinite", "medium", (name,), {"column": name, "count": p.infinite},
                  fix=CleaningStep.make("replace_with_missing", [name], values=["inf", "-inf"]))
            for name, p in ctx.profiles.items() if p.infinite]


def outlier_fences(p: ColumnProfile) -> tuple[float, float, bool] | None:
    """Values beyond these are "far out": 5 IQRs past the quartiles (on a log scale for long
    right tails of positive numbers, where big values are normal)."""
    if p.q1 is None or p.q3 is None or p.minimum is None:
        return None
    log = bool(p.skew is not None and p.skew > 1 and p.minimum >= 0)
    return _fences(p.q1, p.q3, log)


def _fences(q1: float, q3: float, log: bool) -> tuple[float, float, bool] | None:
    q1, q3 = (math.log1p(q1), math.log1p(q3)) if log else (q1, q3)
    spread = q3 - q1
    if spread <= 0:
        return None
    low, high = q1 - OUTLIER_IQRS * spread, q3 + OUTLIER_IQRS * spread
    if log:
        low, high = (math.expm1(low) if low > -1 else -math.inf), math.expm1(min(high, 700))
    return low, high, log


def _judged_range(ctx: Context, name: str,
                  p: ColumnProfile) -> tuple[float, float, float, float, np.ndarray] | None:
    """(low, high, q1, q3, values): the fences a value of ``name`` is far out beyond, the
    quartiles they come from, and the column's values; None when nothing can be far out.

    Zero-inflated columns (pool area, basement size: 0 = "has none") are judged on the non-zero
    values' own quartiles, and their zeros are not outliers."""
    fences = outlier_fences(p)
    inflated = p.minimum == 0 and p.zeros >= 5 and p.zeros >= 0.01 * p.present
    if not inflated or (fences is not None and fences[0] <= 0):
        if fences is None or (p.minimum >= fences[0] and p.maximum <= fences[1]):
            return None
        values = ctx.frame[name].to_numpy(dtype=float, na_value=np.nan)
        return fences[0], fences[1], p.q1, p.q3, values
    values = ctx.frame[name].to_numpy(dtype=float, na_value=np.nan)
    nonzero = values[np.isfinite(values) & (values != 0)]
    if nonzero.size < 20:
        return None
    q1, q3 = (float(q) for q in np.quantile(nonzero, [0.25, 0.75]))
    fences = _fences(q1, q3, bool(p.skew is not None and p.skew > 1))
    if fences is None:
        return None
    return min(fences[0], 0.0), fences[1], q1, q3, values


def _far_out(ctx: Context, name: str, p: ColumnProfile, values: np.ndarray, low: float,
             high: float) -> tuple[int, float | None]:
    """How many values lie beyond the fences (codes such as 999 aside), and the furthest."""
    sentinels = set(_sentinels(p))
    if ctx.whole is not None:  # the frame is a sample: count every row where it lives
        return ctx.whole.outside(name, low, high, sorted(sentinels))
    far = np.isfinite(values) & ((values < low) | (values > high))
    if sentinels:
        far &= ~np.isin(values, list(sentinels))
    count = int(far.sum())
    if not count:
        return 0, None
    return count, float(values[far].max() if values[far].max() > high else values[far].min())


def _outliers(ctx: Context) -> list[Alert]:
    alerts = []
    for name, p in _numeric_columns(ctx):
        judged = _judged_range(ctx, name, p) if p.distinct > 10 else None
        if judged is None:
            continue
        low, high, q1, q3, values = judged
        count, furthest = _far_out(ctx, name, p, values, low, high)
        if not count or furthest is None:
            continue
        alerts.append(Alert("outliers", "medium", (name,),
                            {"column": name, "count": count, "low": q1, "high": q3,
                             "furthest": furthest}))
    return alerts


def _sentinels(p: ColumnProfile) -> list[float]:
    """Numbers such as -1 or 999 used as "unknown": frequent and apart from the real values."""
    if not p.numeric or p.q1 is None or p.q3 is None:
        return []
    found = []
    spread = max(p.q3 - p.q1, 1e-9)
    threshold = max(2, 0.005 * p.present)
    for value in NUMERIC_SENTINELS:
        count = p.count_of(value)
        if count < threshold or count == p.present:
            continue
        if (value < 0 and p.negatives == count and p.minimum == value) or (value > 0 and p.maximum == value and value > p.q3 + OUTLIER_IQRS * spread):
            found.append(value)
    return found


def _disguised_missing(ctx: Context) -> list[Alert]:
    alerts = []
    for name, p in ctx.profiles.items():
        if not p.present or p.kind == "date":
            continue
        if p.numeric:
            values: list[object] = list(_sentinels(p))
            shown: list[object] = [show_value(v) for v in values]
            count = sum(p.count_of(v) for v in values)
        elif p.is_text:
            values = [v for v, _ in p.top if is_placeholder(v, numbers=True)]
            if p.number_share < 0.5:  # "999" in a column of words is a word, not a code
                values = [v for v in values if is_placeholder(v)]
            shown = values
            count = sum(p.count_of(v) for v in values)
        else:
            continue
        if not values or count == p.present:
            continue
        alerts.append(Alert(
            "disguised_missing", "medium", (name,),
            {"column": name, "values": shown, "count": count, "share": count / p.rows},
            fix=CleaningStep.make("replace_with_missing", [name],
                                  values=[str(v) for v in shown])))
    return alerts


_TRUE = {"y", "yes", "true", "t", "1", "on", "ja", "oui", "si", "sí"}
_FALSE = {"n", "no", "false", "f", "0", "off", "nein", "non"}


def _spelling_key(value: object) -> str:
    text = " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())
    text = text.strip(".!?;:'\"")
    if text in _TRUE:
        return "\x00yes"
    if text in _FALSE:
        return "\x00no"
    return text


def _inconsistent_categories(ctx: Context) -> list[Alert]:
    alerts = []
    for name, p in _text_columns(ctx):
        if name in ctx.id_like or p.distinct > 200 or p.distinct < 2:
            continue
        groups: dict[str, list[tuple[object, int]]] = {}
        for value, count in p.top:
            if is_placeholder(value):
                continue
            groups.setdefault(_spelling_key(value), []).append((value, count))
        merged = [sorted(g, key=lambda vc: -vc[1]) for g in groups.values() if len(g) > 1]
        if not merged:
            continue
        mapping = {str(v): str(group[0][0]) for group in merged for v, _ in group[1:]}
        alerts.append(Alert(
            "inconsistent_categories", "medium", (name,),
            {"column": name, "groups": [[v for v, _ in g] for g in merged]},
            fix=CleaningStep.make("merge_categories", [name], mapping=mapping)))
    return alerts


def _examples(ctx: Context, name: str, *, numbers: bool) -> list[object]:
    """A few values of a text column that do (or do not) read as plain numbers."""
    out = []
    for value, _ in ctx.profiles[name].top:
        text = str(value)
        plain = pd.to_numeric(pd.Series([text]), errors="coerce").notna().iloc[0]
        if is_placeholder(value):
            continue
        readable = any(ch.isdigit() for ch in text)
        if numbers and readable and not plain:
            out.append(value)
        if not numbers and not readable:
            out.append(value)
        if len(out) == 3:
            break
    return out


def _types(ctx: Context) -> list[Alert]:
    """numbers_as_text, mixed_types and dates_as_text."""
    alerts = []
    for name, p in ctx.profiles.items():
        if p.date_format and p.present:
            example = next((v for v, _ in p.top if not is_placeholder(v)), "")
            alerts.append(Alert("dates_as_text", "low", (name,),
                                {"column": name, "example": example},
                                fix=CleaningStep.make("to_date", [name], format=p.date_format)))
            continue
        if not p.is_text or not p.present:
            continue
        mixed_objects = "number" in p.python_types and "str" in p.python_types
        if p.number_share >= 0.9 and not mixed_objects:
            text = ctx.frame[name].dropna().astype(str).iloc[:2_000]
            comma = decimal_comma(text)
            alerts.append(Alert("numbers_as_text", "medium", (name,),
                                {"column": name, "examples": _examples(ctx, name, numbers=True)},
                                fix=CleaningStep.make("to_number", [name], decimal_comma=comma)))
        elif 0.2 <= p.number_share < 0.9 or mixed_objects:
            fix = CleaningStep.make("to_number", [name]) if p.number_share >= 0.5 else None
            alerts.append(Alert("mixed_types", "medium", (name,),
                                {"column": name, "share": p.number_share,
                                 "examples": _examples(ctx, name, numbers=False)},
                                fix=fix))
    return alerts


def _cramers_v(a: np.ndarray, b: np.ndarray) -> float:
    """Bias-corrected Cramér's V (Bergsma 2013): 0 = unrelated, 1 = one determines the other."""
    ka, kb = int(a.max()) + 1, int(b.max()) + 1
    n = len(a)
    if ka < 2 or kb < 2 or n < 3:
        return 0.0
    table = np.bincount(a * kb + b, minlength=ka * kb).reshape(ka, kb).astype(float)
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = float(np.nansum((table - expected) ** 2 / expected))
    phi2 = max(0.0, chi2 / n - (ka - 1) * (kb - 1) / (n - 1))
    ka_c, kb_c = ka - (ka - 1) ** 2 / (n - 1), kb - (kb - 1) ** 2 / (n - 1)
    denominator = min(ka_c - 1, kb_c - 1)
    return float(math.sqrt(phi2 / denominator)) if denominator > 0 else 0.0


def numeric_correlations(ctx: Context) -> pd.DataFrame | None:
    """Pearson correlations between numeric columns (on up to 50,000 rows), for the heatmap."""
    names = [n for n, p in ctx.profiles.items()
             if p.numeric and p.distinct > 1 and n not in ctx.id_like]
    if len(names) < 2:
        return None
    values = ctx.sample[names].astype(float).replace([np.inf, -np.inf], np.nan)
    return values.corr()


def _high_correlation(ctx: Context) -> list[Alert]:
    alerts = []
    matrix = ctx.notes.get("correlations")
    if isinstance(matrix, pd.DataFrame):
        names = [n for n in matrix.columns if n != ctx.target]
        for i, first in enumerate(names):
            for second in names[i + 1:]:
                value = matrix.loc[first, second]
                if pd.notna(value) and abs(value) >= CORRELATION_LIMIT:
                    alerts.append(Alert("high_correlation", "medium", (first, second),
                                        {"first": first, "second": second, "value": value,
                                         "method": "pearson"},
                                        fix=_drop([second])))
    categories = [n for n, p in _text_columns(ctx)
                  if n != ctx.target and n not in ctx.id_like
                  and 2 <= p.distinct <= min(CARDINALITY_LIMIT, ctx.rows / 5)]
    if len(categories) >= 2:
        sample = ctx.sample.iloc[:50_000]
        codes = {n: pd.factorize(sample[n], use_na_sentinel=False)[0] for n in categories}
        for i, first in enumerate(categories):
            for second in categories[i + 1:]:
                value = _cramers_v(codes[first], codes[second])
                if value >= CORRELATION_LIMIT:
                    alerts.append(Alert("high_correlation", "medium", (first, second),
                                        {"first": first, "second": second, "value": value,
                                         "method": "cramers_v"},
                                        fix=_drop([second])))
    return alerts


def _pii(ctx: Context) -> list[Alert]:
    by_column: dict[str, list[str]] = {}
    for finding in ctx.pii:
        by_column.setdefault(finding.column, []).append(finding.kind)
    return [Alert("pii", "medium" if set(kinds) <= {"ip"} else "high", (name,),
                  {"column": name, "kinds": kinds}, fix=_drop([name]))
            for name, kinds in by_column.items()]


def _sensitive(ctx: Context) -> list[Alert]:
    """Columns about who a person is (race, sex, age, ...), from names and profiled values.
    No cleaning step fits: dropping the column would also end the fairness check."""
    return [Alert("sensitive_attribute", "medium", (f.column,),
                  {"column": f.column, "kind": f.kind, "evidence": f.evidence})
            for f in sensitive_attributes(ctx.profiles) if f.column != ctx.target]


def _formula_like(ctx: Context) -> list[Alert]:
    """Text cells a spreadsheet would run as formulas: exactly the cells mlpm's downloads
    neutralise (:mod:`mlpm.data.csv_safe`), counted by the profile. Informational: mlpm handles
    them, and no cleaning step should rewrite the PM's data to hide them."""
    return [Alert("formula_like", "low", (name,),
                  {"column": name, "cells": p.formula_cells, "numbers": p.formula_numbers,
                   "examples": list(p.formula_examples)})
            for name, p in ctx.profiles.items() if p.formula_cells]


# --- target checks ---------------------------------------------------------------------------


def _target(ctx: Context) -> list[Alert]:
    target = ctx.target
    if not target or target not in ctx.frame.columns:
        return []
    p = ctx.profiles[target]
    alerts = []
    if p.missing and p.present:
        alerts.append(Alert("target_missing", "high" if p.missing_share >= 0.2 else "medium",
                            (target,),
                            {"target": target, "count": p.missing, "share": p.missing_share},
                            fix=CleaningStep.make("drop_missing_rows", [target])))
    if p.distinct == 1:
        alerts.append(Alert("single_class_target", "high", (target,),
                            {"target": target}))
        return alerts
    if ctx.task is None:
        return alerts
    if ctx.task == "multiclass" and p.distinct > MAX_CLASSES:
        alerts.append(Alert("too_many_classes", "high", (target,),
                            {"target": target, "classes": p.distinct, "limit": MAX_CLASSES}))
        return alerts
    if ctx.task in ("binary", "multiclass"):
        # The profile counted every class (at most MAX_CLASSES of them): no need to recount.
        value, smallest = min(reversed(p.top), key=lambda pair: pair[1])
        share = smallest / p.present
        if share < 0.10:
            alerts.append(Alert("target_imbalance", "medium", (target,),
                                {"target": target, "label": str(show_value(value)),
                                 "share": share}))
    return alerts


def _conflicting_labels(ctx: Context) -> list[Alert]:
    if ctx.task not in ("binary", "multiclass"):
        return []
    rows, groups = (ctx.whole.conflicting_labels(ctx.target, ctx.features) if ctx.whole
                    else conflicting_labels(ctx.frame, ctx.target, ctx.features,
                                            keys=ctx.row_keys))
    if not rows:
        return []
    share = rows / ctx.rows
    return [Alert("conflicting_labels", "medium" if share >= 0.01 else "low", (ctx.target,),
                  {"target": ctx.target, "rows": rows, "groups": groups})]


def _leakage(ctx: Context) -> list[Alert]:
    if ctx.task is None:
        return []
    candidates = [n for n, p in ctx.profiles.items()
                  if n != ctx.target and n not in ctx.id_like and p.present and p.distinct > 1]
    leaks = find_leaks(ctx.sample, ctx.target, candidates,
                       classification=ctx.task != "regression", seed=ctx.seed)
    ctx.notes["leaks"] = leaks
    return [Alert("leakage", "medium" if leak.reason == "name" else "high", (leak.column,),
                  {"target": ctx.target, "column": leak.column, "reason": leak.reason,
                   "score": leak.score, "metric": leak.metric}, fix=_drop([leak.column]))
            for leak in leaks]


CHECKS: list[Check] = [_missing, _constant, _duplicates, _id_like, _free_text_columns,
                       _high_cardinality, _imbalance,
                       _skewed, _zeros, _infinite, _outliers, _disguised_missing,
                       _inconsistent_categories, _types, _high_correlation, _pii,
                       _sensitive, _formula_like, _target,
                       _conflicting_labels, _leakage]
ROW_CHECKS: tuple[Check, ...] = (_leakage, _conflicting_labels)  # the rest read only profiles
