"""Sensitive attributes (issue 15): columns about who a person is, found by their name in
several spellings and by their values; never by a word hidden inside another word."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.data.profile import profile_frame
from mlpm.data.quality import review
from mlpm.data.readiness import assess
from mlpm.data.sensitive import sensitive_attributes
from mlpm.explain import data as words

N = 400


def _hmda(n: int = N, seed: int = 1) -> pd.DataFrame:
    """Like the HMDA Boston mortgage data (AER ``HMDA``): ratios, credit history, race 0/1."""
    rng = np.random.default_rng(seed)
    afam = rng.choice([0, 1], n, p=[0.86, 0.14])
    pirat = rng.normal(0.33, 0.1, n).round(3)
    deny = np.where(rng.random(n) < 0.09 + 0.15 * afam + 0.3 * (pirat > 0.45), "yes", "no")
    return pd.DataFrame({"deny": deny, "pirat": pirat, "hirat": rng.normal(0.25, 0.1, n).round(3),
                         "lvrat": rng.uniform(0.2, 1.0, n).round(3),
                         "chist": rng.integers(1, 7, n), "unemp": rng.normal(3.8, 2, n).round(1),
                         "selfemp": rng.choice(["no", "yes"], n, p=[0.88, 0.12]),
                         "afam": afam})


def _telco(n: int = N, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    female = rng.integers(0, 2, n)
    tenure = rng.integers(1, 72, n)
    churn = np.where(rng.random(n) < np.where(female == 1, 0.5, 0.1), "Yes", "No")
    return pd.DataFrame({"female": female, "senior_citizen": rng.choice([0, 1], n, p=[0.84, 0.16]),
                         "tenure": tenure, "usage": rng.gamma(2, 30, n).round(1),
                         "page_views": rng.poisson(20, n), "stage": rng.choice(["trial", "paid"], n),
                         "message_count": rng.poisson(4, n),
                         "percentage": rng.uniform(0, 100, n).round(1),
                         "package": rng.choice(["basic", "plus", "premium"], n), "churn": churn})


def _hr(n: int = N, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"EmployeeNumber": np.arange(1, n + 1), "Age": rng.integers(18, 61, n),
                         "Gender": rng.choice(["Male", "Female"], n, p=[0.6, 0.4]),
                         "marital_status": rng.choice(["Single", "Married", "Divorced"], n),
                         "x3": rng.choice(["Male", "Female"], n),
                         "JobLevel": rng.integers(1, 6, n),
                         "MonthlyIncome": rng.normal(6500, 2000, n).round(),
                         "Attrition": rng.choice(["Yes", "No"], n, p=[0.16, 0.84])})


def _found(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {f.column: (f.kind, f.evidence) for f in sensitive_attributes(profile_frame(frame))}


def test_people_columns_are_found_by_name_and_values() -> None:
    assert _found(_hmda()) == {"afam": ("race", "name")}
    telco = _found(_telco())
    assert telco == {"female": ("sex", "name"), "senior_citizen": ("age", "name")}
    hr = _found(_hr())
    assert hr == {"Age": ("age", "name"), "Gender": ("sex", "name and values"),
                  "marital_status": ("marital", "name and values"), "x3": ("sex", "values")}


def test_a_table_sample_gives_the_same_answer_as_the_profiles() -> None:
    frame = _hr()
    assert [f.column for f in sensitive_attributes(frame)] == list(_found(frame))
    assert [f.column for f in sensitive_attributes(frame, names=["x3", "JobLevel"])] == ["x3"]


@pytest.mark.parametrize("name", ["usage", "page_views", "stage", "message_count", "percentage",
                                  "package", "agent", "whitelist", "dosage", "mileage",
                                  "Manager", "colour", "country"])
def test_words_inside_other_words_never_count(name: str) -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({name: rng.choice(["white", "black"], N) if name == "colour"
                          else rng.integers(0, 2, N)})
    assert sensitive_attributes(frame) == []


@pytest.mark.parametrize(("name", "kind"), [
    ("SeniorCitizen", "age"), ("is_female", "sex"), ("isFemale", "sex"), ("AGE_BAND", "age"),
    ("dateOfBirth", "age"), ("birth_year", "age"), ("DOB", "age"), ("Ethnicity", "race"),
    ("race_code", "race"), ("hispanic", "race"), ("Religion", "religion"),
    ("nationality", "nationality"), ("country_of_birth", "nationality"),
    ("citizenship", "nationality"), ("disability_flag", "disability"), ("handicap", "disability"),
    ("MaritalStatus", "marital"), ("married", "marital"), ("spouse_income", "marital"),
    ("Geschlecht", "sex"), ("género", "sex"), ("black", "race"), ("single", "marital")])
def test_names_in_several_spellings(name: str, kind: str) -> None:
    frame = pd.DataFrame({name: np.random.default_rng(0).integers(0, 2, N)})
    assert [(f.column, f.kind) for f in sensitive_attributes(frame)] == [(name, kind)]


@pytest.mark.parametrize(("values", "kind"), [
    (["M", "F"], "sex"), (["male", "female"], "sex"), (["Male", "Female", "Other"], "sex"),
    (["White", "Black", "Asian-Pac-Islander", "Amer-Indian-Eskimo", "Other"], "race"),
    (["Married-civ-spouse", "Never-married", "Divorced", "Widowed"], "marital"),
    (["Husband", "Wife", "Own-child", "Not-in-family"], "marital"),
    (["Christian", "Muslim", "None"], "religion")])
def test_values_alone_give_a_column_away(values: list[str], kind: str) -> None:
    frame = pd.DataFrame({"x3": np.resize(values, N)})
    found = sensitive_attributes(frame)
    assert [(f.column, f.kind, f.evidence) for f in found] == [("x3", kind, "values")]


@pytest.mark.parametrize("values", [["white", "black"], ["S", "M", "L"], ["Other", "Unknown"],
                                    ["single", "double"], ["yes", "no"]])
def test_ordinary_values_are_not_people(values: list[str]) -> None:
    frame = pd.DataFrame({"x3": np.resize(values, N)})
    assert sensitive_attributes(frame) == []


def test_the_review_names_each_sensitive_column_in_an_alert() -> None:
    report = review(Dataset(_hmda(), "hmda.csv"), "deny")
    alerts = [a for a in report.alerts if a.kind == "sensitive_attribute"]
    assert [(a.columns, a.severity) for a in alerts] == [(("afam",), "medium")]
    assert "'afam' describes race or ethnicity" in words.alert_words(alerts[0])[0]
    assert "anti-discrimination law" in words.alert_words(alerts[0])[0]
    assert "Leave 'afam' out of the features" in words.alert_words(alerts[0])[1]
    assert alerts[0].fix is None  # dropping it would also end the fairness check
    assert {"afam"} == {c for a in alerts for c in a.columns}


def test_the_review_never_flags_the_target_and_escapes_names() -> None:
    frame = _hr()
    frame = frame.rename(columns={"Gender": "gen*der*"})
    report = review(Dataset(frame, "hr.csv"), "x3")
    columns = {a.columns[0]: a for a in report.alerts if a.kind == "sensitive_attribute"}
    assert set(columns) == {"Age", "gen*der*", "marital_status"}
    assert "gen\\*der\\*" in words.alert_words(columns["gen*der*"])[0]


def test_unbiased_light_compares_outcomes_by_female() -> None:
    item = assess(Dataset(_telco(), "telco.csv"), "churn").items["unbiased"]
    assert item.evidence["sensitive_columns"] == ["female", "senior_citizen"]
    assert item.evidence["column"] == "female"
    assert item.status == "bad"
    assert "where female = " in words.readiness_headline(item)


def test_values_of_another_kind_are_no_evidence_for_the_name() -> None:
    """'gender' holding marital statuses: the name decides the kind, the values don't back it."""
    frame = pd.DataFrame({"gender": np.resize(["Married", "Divorced", "Widowed"], N)})
    assert [(f.kind, f.evidence) for f in sensitive_attributes(frame)] == [("sex", "name")]
