"""review(): each planted problem raises exactly its alert, on the right columns."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mlpm.data.alerts import CHECKS, SEVERITY_ORDER
from mlpm.data.dataset import Dataset
from mlpm.data.quality import QualityReport, class_balance, review
from mlpm.explain import data as words

N = 40


def _clean() -> pd.DataFrame:
    """40 rows with nothing to complain about (floats are never ID-like)."""
    rng = np.random.default_rng(21)
    return pd.DataFrame({
        "height": rng.normal(170, 10, N).round(2),
        "colour": ["red", "green", "blue", "red"] * (N // 4),
        "score": rng.normal(0, 1, N),
        "label": ["yes", "no"] * (N // 2),
    })


def _found(report: QualityReport) -> set[tuple[str, tuple[str, ...]]]:
    return {(a.kind, a.columns) for a in report.alerts}


def _review(frame: pd.DataFrame, target: str | None = "label") -> QualityReport:
    return review(Dataset(frame, "t.csv"), target=target)


def test_clean_table_has_no_alerts() -> None:
    report = _review(_clean())
    assert report.alerts == []
    assert report.duplicate_rows == 0
    assert _review(_clean(), target=None).alerts == []


@pytest.mark.parametrize(("n_missing", "severity"), [(1, "low"), (5, "medium"), (20, "high")])
def test_missing(n_missing: int, severity: str) -> None:
    frame = _clean()
    frame.loc[: n_missing - 1, "height"] = np.nan
    report = _review(frame)
    assert _found(report) == {("missing", ("height",))}
    assert report.alerts[0].severity == severity
    share = n_missing / N
    message = words.alert_words(report.alerts[0])[0]
    assert (f"{share:.1%}" if severity == "low" else f"{share:.0%}") in message


def test_empty_column_is_empty_not_constant_or_missing() -> None:
    frame = _clean()
    frame["notes"] = np.nan
    report = _review(frame)
    assert _found(report) == {("empty", ("notes",))}
    assert report.alerts[0].severity == "high"


def test_constant() -> None:
    frame = _clean()
    frame["country"] = "NL"
    assert _found(_review(frame)) == {("constant", ("country",))}


def test_duplicates() -> None:
    frame = _clean()
    frame = pd.concat([frame, frame.iloc[[0, 5, 9]]], ignore_index=True)
    report = _review(frame)
    assert _found(report) == {("duplicates", ())}
    assert report.duplicate_rows == 3
    assert words.alert_words(report.alerts[0])[0].startswith("3 rows")
    assert report.alerts[0].severity == "medium"


@pytest.mark.parametrize("ids", [[f"C{i:04d}" for i in range(N)], list(range(1000, 1000 + N))],
                         ids=["text", "integer"])
def test_id_like(ids: list[object]) -> None:
    frame = _clean()
    frame.insert(0, "customer_id", ids)
    assert _found(_review(frame)) == {("id_like", ("customer_id",))}


def test_id_like_target_is_not_flagged() -> None:
    frame = _clean()
    frame["customer_id"] = [f"C{i:04d}" for i in range(N)]
    # Changed with issue 4: an ID as target is not "id_like", but it has too many classes.
    assert _found(_review(frame, target="customer_id")) == {
        ("too_many_classes", ("customer_id",))}


def test_target_missing() -> None:
    frame = _clean()
    frame.loc[[1, 2, 3, 4], "label"] = np.nan
    report = _review(frame)
    assert _found(report) == {("missing", ("label",)), ("target_missing", ("label",))}
    target_alert = next(a for a in report.alerts if a.kind == "target_missing")
    assert "4 rows" in words.alert_words(target_alert)[0]
    # without a target only the plain "missing" alert remains
    assert _found(_review(frame, target=None)) == {("missing", ("label",))}


def test_single_class_target() -> None:
    frame = _clean()
    frame["label"] = "yes"
    report = _review(frame)
    assert _found(report) == {("constant", ("label",)), ("single_class_target", ("label",))}
    assert report.alerts[0].kind == "single_class_target"  # high severity sorts first


def test_target_imbalance() -> None:
    frame = _clean()
    frame["label"] = ["yes"] * 2 + ["no"] * (N - 2)
    report = _review(frame)
    assert _found(report) == {("target_imbalance", ("label",))}
    assert "5.0%" in words.alert_words(report.alerts[0])[0]
    assert "'yes'" in words.alert_words(report.alerts[0])[0]
    # Changed with issue 4: without a target, a 95/5 column is a categorical "imbalance".
    assert _found(_review(frame, target=None)) == {("imbalance", ("label",))}


def test_unknown_target_is_ignored() -> None:
    assert _review(_clean(), target="nope").alerts == []


def test_everything_at_once_sorted_by_severity() -> None:
    frame = _clean()
    frame["notes"] = np.nan
    frame["country"] = "NL"
    frame["customer_id"] = [f"C{i:04d}" for i in range(N)]
    frame.loc[:1, "label"] = np.nan
    frame.loc[2:, "label"] = "no"
    frame.loc[0, "score"] = np.nan
    report = _review(frame)
    assert _found(report) == {
        ("empty", ("notes",)), ("constant", ("country",)), ("id_like", ("customer_id",)),
        ("missing", ("label",)), ("missing", ("score",)), ("constant", ("label",)),
        ("target_missing", ("label",)), ("single_class_target", ("label",))}
    ranks = [SEVERITY_ORDER[a.severity] for a in report.alerts]
    assert ranks == sorted(ranks)
    for alert in report.alerts:
        assert words.alert_words(alert)[0]
        assert words.alert_words(alert)[1]
    assert {c.__name__ for c in CHECKS} >= {"_missing", "_constant", "_duplicates", "_id_like",
                                            "_target"}


def test_column_stats() -> None:
    frame = _clean()
    frame.loc[:3, "height"] = np.nan
    frame["when"] = pd.date_range("2026-01-01", periods=N).strftime("%Y-%m-%d")
    report = _review(frame)
    stats = {c.name: c for c in report.columns}
    assert list(stats) == list(frame.columns)
    assert stats["height"].missing == 4
    assert stats["height"].missing_share == pytest.approx(0.1)
    assert stats["height"].kind == "number"
    assert stats["colour"].kind == "category"
    assert stats["colour"].unique == 3
    assert stats["colour"].example == "red"
    assert stats["label"].kind == "yes/no"
    assert stats["when"].kind == "date"
    assert report.columns_frame().shape == (len(frame.columns), 7)


def test_as_dict_is_json_serialisable() -> None:
    frame = _clean()
    frame["country"] = "NL"
    frame.loc[:5, "height"] = np.nan
    frame = pd.concat([frame, frame.iloc[[7]]], ignore_index=True)
    dataset = Dataset(frame, "t.csv")
    report = review(dataset, target="label")
    payload = words.review_json(report)
    restored = json.loads(json.dumps(payload))  # no default=str: plain types only
    assert restored == payload
    assert restored["dataset"] == {**dataset.summary(), "source_note": ""}
    assert restored["target"] == "label"
    assert restored["duplicate_rows"] == 1
    assert [c["name"] for c in restored["columns"]] == list(frame.columns)
    assert {a["kind"] for a in restored["alerts"]} == {"constant", "missing", "duplicates"}
    for alert in restored["alerts"]:
        # "fix" added with issue 4 (the one-click cleaning step, or None); "impact" and
        # "group" with issue 15 (triage)
        assert set(alert) == {"kind", "severity", "columns", "message", "action", "fix",
                              "impact", "group"}
        assert isinstance(alert["columns"], list)


def test_class_balance() -> None:
    frame = _clean()
    frame["label"] = ["yes"] * 10 + ["no"] * 28 + [np.nan] * 2
    table = class_balance(frame, "label")
    assert table["class"].tolist() == ["no", "yes"]
    assert table["rows"].tolist() == [28, 10]
    np.testing.assert_allclose(table["share"], [28 / 38, 10 / 38])
