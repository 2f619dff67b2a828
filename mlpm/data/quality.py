"""The data review: a table of columns and a list of alerts a PM can act on.

Each check is a small function ``(frame, target) -> list[Alert]`` in ``CHECKS``; adding a kind
of alert means adding one function. Kind names are stable: ``mlpm review --json`` prints them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import pandas as pd

from mlpm.data.dataset import Dataset
from mlpm.data.kinds import column_kind, id_like_columns

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Alert:
    """One finding: what kind, how serious, which columns, what it means, what to do."""

    kind: str
    severity: str  # "high" | "medium" | "low"
    columns: tuple[str, ...]
    message: str
    action: str

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["columns"] = list(self.columns)
        return out


@dataclass(frozen=True)
class ColumnStats:
    """What one column holds, in plain terms."""

    name: str
    kind: str  # "number" | "category" | "yes/no" | "date" | "text"
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

    def as_dict(self) -> dict[str, object]:
        return {"dataset": self.dataset, "target": self.target,
                "duplicate_rows": self.duplicate_rows,
                "columns": [c.as_dict() for c in self.columns],
                "alerts": [a.as_dict() for a in self.alerts]}

    def columns_frame(self) -> pd.DataFrame:
        return pd.DataFrame([c.as_dict() for c in self.columns])


def _stats(frame: pd.DataFrame) -> list[ColumnStats]:
    n = max(len(frame), 1)
    out = []
    for name in frame.columns:
        column = frame[name]
        missing = int(column.isna().sum())
        known = column.dropna()
        out.append(ColumnStats(
            name=str(name), kind=column_kind(column), dtype=str(column.dtype), missing=missing,
            missing_share=missing / n, unique=int(known.nunique()),
            example=str(known.iloc[0])[:40] if len(known) else ""))
    return out


Check = Callable[[pd.DataFrame, "str | None"], list[Alert]]


def _missing(frame: pd.DataFrame, target: str | None) -> list[Alert]:
    alerts = []
    shares = frame.isna().mean()
    for name, share in shares.items():
        if share >= 1.0:
            alerts.append(Alert("empty", "high", (str(name),), f"'{name}' is empty on every row.",
                                "Drop the column; it carries no information."))
        elif share >= 0.05:
            severity = "high" if share >= 0.4 else "medium"
            alerts.append(Alert("missing", severity, (str(name),),
                                f"'{name}' is missing on {share:.0%} of rows.",
                                "Fill the gaps (median or most common value) or drop the column "
                                "if most values are missing."))
        elif share > 0:
            alerts.append(Alert("missing", "low", (str(name),),
                                f"'{name}' is missing on {share:.1%} of rows.",
                                "Usually fine: gaps are filled automatically before training."))
    return alerts


def _constant(frame: pd.DataFrame, target: str | None) -> list[Alert]:
    return [Alert("constant", "medium", (str(name),),
                  f"'{name}' has the same value on every row, so it cannot help tell cases apart.",
                  "Drop the column.")
            for name in frame.columns
            if frame[name].nunique(dropna=True) == 1 and frame[name].notna().any()]


def _duplicates(frame: pd.DataFrame, target: str | None) -> list[Alert]:
    count = int(frame.duplicated().sum())
    if not count:
        return []
    return [Alert("duplicates", "medium" if count / len(frame) >= 0.01 else "low", (),
                  f"{count:,} rows ({count / len(frame):.1%}) are exact copies of another row.",
                  "Drop the duplicate rows so the same case cannot land in both training and test.")]


def _id_like(frame: pd.DataFrame, target: str | None) -> list[Alert]:
    return [Alert("id_like", "low", (name,),
                  f"'{name}' has a different value on nearly every row: it looks like an ID.",
                  "Leave it out of the features; an ID cannot predict anything new.")
            for name in id_like_columns(frame) if name != target]


def _target(frame: pd.DataFrame, target: str | None) -> list[Alert]:
    if not target or target not in frame.columns:
        return []
    column = frame[target]
    alerts = []
    missing = int(column.isna().sum())
    if missing:
        alerts.append(Alert("target_missing", "medium", (target,),
                            f"The target '{target}' is missing on {missing:,} rows.",
                            "Those rows will be left out of training and testing."))
    counts = column.dropna().value_counts()
    if len(counts) == 1:
        alerts.append(Alert("single_class_target", "high", (target,),
                            f"The target '{target}' has only one value, so there is nothing to learn.",
                            "Pick another target or add rows with the other outcomes."))
    elif 2 <= len(counts) <= 30:
        share = counts.iloc[-1] / counts.sum()
        if share < 0.10:
            alerts.append(Alert("target_imbalance", "medium", (target,),
                                f"Only {share:.1%} of rows are '{counts.index[-1]}'. Accuracy will look "
                                "high even for a model that never predicts it.",
                                "Judge models by precision and recall on the rare class, not accuracy."))
    return alerts


CHECKS: list[Check] = [_missing, _constant, _duplicates, _id_like, _target]


def review(dataset: Dataset, target: str | None = None) -> QualityReport:
    """Describe every column and run every check; alerts sorted by severity."""
    frame = dataset.frame
    alerts = [alert for check in CHECKS for alert in check(frame, target)]
    alerts.sort(key=lambda a: SEVERITY_ORDER[a.severity])
    return QualityReport(dataset=dataset.summary(), columns=_stats(frame), alerts=alerts,
                         target=target, duplicate_rows=int(frame.duplicated().sum()))


def class_balance(frame: pd.DataFrame, target: str) -> pd.DataFrame:
    """Rows per target value, for the balance chart."""
    counts = frame[target].dropna().astype(str).value_counts()
    return pd.DataFrame({"class": counts.index, "rows": counts.to_numpy(),
                         "share": (counts / counts.sum()).to_numpy()})
