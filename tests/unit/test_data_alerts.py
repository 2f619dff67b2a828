"""Every alert kind, planted in a small table, is found on the right columns; clean columns
raise nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.alerts import ALERT_KINDS
from mlpm.data.clean import apply_steps
from mlpm.data.dataset import Dataset
from mlpm.data.quality import QualityReport, review
from mlpm.explain import data as words

N = 200


def clean_table(n: int = N, seed: int = 3) -> pd.DataFrame:
    """Nothing to complain about: continuous numbers, balanced categories, an unrelated label."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "height": rng.normal(170, 10, n).round(1),
        "weight": rng.normal(70, 8, n).round(1),
        "colour": rng.choice(["red", "green", "blue"], n),
        "plan": rng.choice(["basic", "pro"], n),
        "label": rng.choice(["yes", "no"], n),
    })


def found(report: QualityReport) -> set[tuple[str, tuple[str, ...]]]:
    return {(a.kind, a.columns) for a in report.alerts}


def run(frame: pd.DataFrame, target: str | None = None) -> QualityReport:
    return review(Dataset(frame, "t.csv"), target)


def test_clean_table_raises_nothing() -> None:
    for target in (None, "label"):
        report = run(clean_table(), target)
        assert report.alerts == [], [words.alert_words(a)[0] for a in report.alerts]


def _plant(kind: str) -> tuple[pd.DataFrame, str | None, set[tuple[str, tuple[str, ...]]]]:
    """A clean table with one problem planted; the target to use; the alerts expected."""
    frame = clean_table()
    rng = np.random.default_rng(11)
    target: str | None = None
    if kind == "missing":
        frame.loc[:29, "weight"] = np.nan
        expected = {("missing", ("weight",))}
    elif kind == "empty":
        frame["notes"] = np.nan
        expected = {("empty", ("notes",))}
    elif kind == "constant":
        frame["country"] = "NL"
        expected = {("constant", ("country",))}
    elif kind == "duplicates":
        frame = pd.concat([frame, frame.iloc[:6]], ignore_index=True)
        expected = {("duplicates", ())}
    elif kind == "id_like":
        frame["customer_id"] = [f"C{i:05d}" for i in range(N)]
        expected = {("id_like", ("customer_id",))}
    elif kind == "unique":
        frame["contact"] = [f"Contact {i}" for i in range(N)]  # two words: a label, not prose
        expected = {("unique", ("contact",))}
    elif kind == "free_text":
        frame["comment"] = [f"customer {i} said thanks a lot" for i in range(N)]
        expected = {("free_text", ("comment",))}
    elif kind == "high_cardinality":
        frame["city"] = [f"city {i % 80}" for i in range(N)]
        expected = {("high_cardinality", ("city",))}
    elif kind == "imbalance":
        frame["device"] = ["phone"] * (N - 6) + ["tablet"] * 6
        expected = {("imbalance", ("device",))}
    elif kind == "skewed":
        frame["income"] = np.round(rng.pareto(1.5, N) * 1000 + 1000)
        expected = {("skewed", ("income",))}
    elif kind == "zeros":
        frame["refunds"] = np.where(rng.random(N) < 0.3, 0, rng.integers(1, 50, N))
        expected = {("zeros", ("refunds",))}
    elif kind == "infinite":
        frame.loc[[3, 7], "height"] = np.inf
        expected = {("infinite", ("height",))}
    elif kind == "high_correlation":
        frame["height_inch"] = (frame["height"] / 2.54).round(2)
        expected = {("high_correlation", ("height", "height_inch"))}
    elif kind == "mixed_types":
        frame["size"] = [str(i % 40) if i % 3 else "large" for i in range(N)]
        expected = {("mixed_types", ("size",))}
    elif kind == "numbers_as_text":
        frame["revenue"] = [f"${1000 + i * 13:,}.50" for i in range(N)]
        expected = {("numbers_as_text", ("revenue",))}
    elif kind == "dates_as_text":
        frame["signup"] = pd.date_range("2025-01-01", periods=N).strftime("%d/%m/%Y")
        expected = {("dates_as_text", ("signup",))}
    elif kind == "disguised_missing":
        frame["age"] = rng.integers(20, 70, N)
        frame.loc[:7, "age"] = 999
        frame.loc[10:15, "colour"] = "n/a"
        expected = {("disguised_missing", ("age",)), ("disguised_missing", ("colour",))}
    elif kind == "inconsistent_categories":
        frame["member"] = rng.choice(["Yes", "yes", "Y", "No", "no"], N)
        expected = {("inconsistent_categories", ("member",))}
    elif kind == "outliers":
        frame.loc[5, "weight"] = 7000.0  # grams typed into a kilogram column
        expected = {("outliers", ("weight",))}
    elif kind == "pii":
        frame["email"] = [f"user{i}@example.com" for i in range(N)]
        frame["phone"] = [f"+31 6 {10000000 + i * 7919}" for i in range(N)]
        frame["card"] = ["4111 1111 1111 1111", "5500 0000 0000 0004"] * (N // 2)
        frame["ip"] = [f"10.0.{i // 250}.{i % 250}" for i in range(N)]
        expected = {("pii", ("email",)), ("pii", ("phone",)), ("pii", ("card",)),
                    ("pii", ("ip",)), ("unique", ("phone",)), ("id_like", ("email",)),
                    ("id_like", ("ip",))}
    elif kind == "formula_like":
        frame["comment"] = ['=HYPERLINK("http://x", "click")' if i % 25 == 0 else "fine"
                            for i in range(N)]
        expected = {("formula_like", ("comment",))}
    elif kind == "target_missing":
        target = "label"
        frame.loc[:9, "label"] = np.nan
        expected = {("missing", ("label",)), ("target_missing", ("label",))}
    elif kind == "target_imbalance":
        target = "label"
        frame["label"] = ["yes"] * 8 + ["no"] * (N - 8)
        expected = {("target_imbalance", ("label",))}
    elif kind == "single_class_target":
        target = "label"
        frame["label"] = "yes"
        expected = {("single_class_target", ("label",)), ("constant", ("label",))}
    elif kind == "too_many_classes":
        target = "label"
        frame["label"] = [f"product {i % 40}" for i in range(N)]
        expected = {("too_many_classes", ("label",))}
    elif kind == "conflicting_labels":
        target = "label"
        frame = frame[["colour", "plan", "label"]]
        expected = {("conflicting_labels", ("label",))}
    elif kind == "sensitive_attribute":
        frame["afam"] = rng.choice([0, 1], N, p=[0.85, 0.15])
        expected = {("sensitive_attribute", ("afam",))}
    elif kind == "leakage":
        target = "label"
        frame["cancel_reason"] = np.where(frame["label"] == "yes", "moved away", "none given")
        frame["label_code"] = np.where(frame["label"] == "yes", 1, 0)
        frame["churn_date"] = ""
        expected = {("leakage", ("cancel_reason",)), ("leakage", ("label_code",)),
                    ("constant", ("churn_date",))}
    else:  # pragma: no cover
        raise AssertionError(kind)
    return frame, target, expected


@pytest.mark.parametrize("kind", ALERT_KINDS)
def test_planted_alert_is_found(kind: str) -> None:
    frame, target, expected = _plant(kind)
    report = run(frame, target)
    got = found(report)
    assert expected <= got, (kind, got)
    assert any(a.kind == kind for a in report.alerts), got
    for alert in report.alerts:
        assert words.alert_words(alert)[0].strip()
        assert words.alert_words(alert)[1].strip()
        assert alert.severity in ("high", "medium", "low")


def test_leakage_finds_recoded_target_and_telltale_values() -> None:
    frame, target, _ = _plant("leakage")
    report = run(frame, target)
    leaks = {a.columns[0] for a in report.alerts if a.kind == "leakage"}
    assert {"cancel_reason", "label_code"} <= leaks
    assert all(a.severity == "high" for a in report.alerts
               if a.kind == "leakage" and a.columns[0] != "churn_date")
    mirrors = {leak.column: leak.reason for leak in report.leaks}
    assert mirrors["label_code"] == "mirrors_values"


def test_name_of_target_in_a_column_is_a_medium_leak_warning_only_with_evidence() -> None:
    # Issue 15: a shared word alone is no leak; with strong (not perfect) evidence it is.
    frame = clean_table().rename(columns={"label": "churned"})
    rng = np.random.default_rng(1)
    frame["churn_checked_at"] = rng.normal(0, 1, N)  # the name, but noise: not a leak
    flipped = rng.random(N) < 0.08
    yes = frame["churned"].eq("yes")
    frame["churn_call"] = np.where(yes ^ flipped, "called", "no call")  # 92% agreement
    report = run(frame, "churned")
    leak = [a for a in report.alerts if a.kind == "leakage"]
    assert [a.columns for a in leak] == [("churn_call",)]
    assert leak[0].severity == "medium"


def test_numeric_leak_for_regression() -> None:
    frame = clean_table()
    frame["price"] = frame["height"] * 10 + np.random.default_rng(2).normal(0, 5, N)
    frame["price_with_tax"] = frame["price"] * 1.21
    report = run(frame, "price")
    assert ("leakage", ("price_with_tax",)) in found(report)


@pytest.mark.parametrize("kind", ["missing", "duplicates", "numbers_as_text", "dates_as_text",
                                  "disguised_missing", "inconsistent_categories", "pii",
                                  "empty", "constant", "infinite", "target_missing"])
def test_one_click_fix_removes_the_alert(kind: str) -> None:
    frame, target, _ = _plant(kind)
    dataset = Dataset(frame, "t.csv")
    report = review(dataset, target)
    fixes = [a.fix for a in report.alerts if a.kind == kind and a.fix is not None]
    assert fixes, kind
    cleaned = apply_steps(dataset, fixes)
    assert cleaned.version != dataset.version
    after = review(cleaned, target)
    assert not [a for a in after.alerts if a.kind == kind], \
        [words.alert_words(a)[0] for a in after.alerts]


def test_numbers_and_dates_as_text_convert_to_real_types() -> None:
    frame = clean_table()
    frame["revenue"] = [f"${1000 + i:,}.50" for i in range(N)]
    frame["growth"] = [f"{i % 30}%" for i in range(N)]
    frame["signup"] = pd.date_range("2025-01-01", periods=N).strftime("%Y-%m-%d")
    dataset = Dataset(frame, "t.csv")
    report = review(dataset)
    steps = [a.fix for a in report.alerts if a.fix is not None]
    cleaned = apply_steps(dataset, steps).frame
    assert cleaned["revenue"].iloc[1] == pytest.approx(1001.5)
    assert cleaned["growth"].iloc[12] == pytest.approx(12.0)
    assert pd.api.types.is_datetime64_any_dtype(cleaned["signup"])


def test_alerts_name_their_figures() -> None:
    frame, _, _ = _plant("missing")
    alert = run(frame).alerts[0]
    assert "15%" in words.alert_words(alert)[0]
    assert "(30)" in words.alert_words(alert)[0]
    frame, _, _ = _plant("disguised_missing")
    messages = " ".join(words.alert_words(a)[0] for a in run(frame).alerts)
    assert "'age' uses '999' on 8 rows (4.0%)" in messages
    assert "'colour' uses 'n/a' on 6 rows (3.0%)" in messages


def test_alert_json_keeps_old_keys_and_adds_fix() -> None:
    frame, _, _ = _plant("duplicates")
    payload = words.review_json(run(frame))
    alert = payload["alerts"][0]
    assert {"kind", "severity", "columns", "message", "action"} <= set(alert)
    assert alert["fix"]["action"] == "drop_duplicates"
    assert set(payload["readiness"]) >= {"sufficient", "fresh", "representative", "unbiased",
                                         "private"}


def test_review_json_keeps_every_key_in_its_order() -> None:
    """``mlpm review --json`` is a stable interface: the keys (as printed before the words moved
    to mlpm.explain), in their order, with the fix's sentence and each light's headline."""
    frame, _, _ = _plant("duplicates")
    payload = words.review_json(run(frame))
    assert list(payload) == ["dataset", "target", "duplicate_rows", "columns", "alerts",
                             "readiness", "pii", "leakage"]
    alert = payload["alerts"][0]
    assert list(alert) == ["kind", "severity", "columns", "message", "action", "fix", "impact",
                           "group"]
    assert alert["message"].startswith("6 rows (2.9%) are exact copies of another row.")
    assert alert["fix"] == {"action": "drop_duplicates", "columns": [], "options": {},
                            "description": "Drop duplicate rows."}
    light = payload["readiness"]["quality"]
    assert list(light) == ["key", "status", "headline", "evidence"]
    assert light["headline"].endswith("of the rows are exact copies.")
