"""Issue 14: the journey must agree with itself (chart vs cards, folds, fairness, lights,
sentences). Numbers are checked against scikit-learn / pandas, never against the code itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_score, recall_score

from mlpm.charts.evaluation import threshold_chart
from mlpm.evaluate.metrics import ThresholdSweep
from mlpm.evaluate.money import Costs, money_curve

SLIDER = [round(float(v), 2) for v in np.arange(0, 101) * 0.01]  # what st.slider(step=0.01) gives


def _scores_on_slider_steps(seed: int = 4, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random(n), 2)  # every score sits exactly on a slider position
    y_true = np.where(rng.random(n) < scores, "yes", "no")
    return y_true, scores


# --- 1. the threshold chart and the metric cards -----------------------------------------

def test_threshold_chart_equals_metric_cards_at_every_slider_position() -> None:
    y_true, scores = _scores_on_slider_steps()
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    rows = sweep.curve()
    chart = threshold_chart(rows, 0.35).to_dict()
    data = next(iter(chart["datasets"].values()))  # the lines' long table
    grid = sweep.grid_frame()
    money = money_curve(sweep, Costs(tp_value=10, fp_cost=1))
    assert len(rows) == len(SLIDER) == len(grid) == len(money.thresholds)
    for i, t in enumerate(SLIDER):
        cards = sweep.at(t).metrics()  # what the metric cards show at slider value t
        assert rows[i]["threshold"] == t == grid["threshold"][i] == money.thresholds[i]
        for key in ("precision", "recall", "f1", "flagged_share"):
            assert rows[i][key] == cards[key], (t, key)
            assert grid[key][i] == cards[key], (t, key)
        drawn = {d["metric"]: d["value"] for d in data if d["threshold"] == t}
        assert drawn["Recall"] == cards["recall"]
        assert drawn["Precision"] == cards["precision"]
        # and the cards are right (an independent reference)
        y_pred = np.where(scores >= t, "yes", "no")
        assert cards["recall"] == pytest.approx(recall_score(y_true, y_pred, pos_label="yes"))
        assert cards["precision"] == pytest.approx(
            precision_score(y_true, y_pred, pos_label="yes", zero_division=0))


# --- 2. the number of cross-validation folds --------------------------------------------

def _rare_outcome_models(positives: int) -> tuple[list, int]:
    from mlpm.data.dataset import Dataset
    from mlpm.model.problem import define_problem
    from mlpm.model.split import SplitPlan, plan_split
    from mlpm.model.training import train

    rng = np.random.default_rng(0)
    n = 400
    frame = pd.DataFrame({"age": rng.integers(18, 80, n), "spend": rng.normal(50, 10, n).round(1),
                          "left": ["yes"] * positives + ["no"] * (n - positives)})
    dataset = Dataset(frame, "rare")
    problem = define_problem(dataset, "left", positive_label="yes")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.25))
    rarest = int(pd.Series(frame["left"].to_numpy()[split.train]).value_counts().min())
    models = [train(dataset, problem, split, key, cv_folds=5) for key in ("majority", "logistic")]
    return models, rarest


@pytest.mark.parametrize("positives", [4, 5, 40])
def test_folds_told_are_the_folds_used(positives: int) -> None:
    from mlpm.explain.training import cv_explained, folds_words

    models, rarest = _rare_outcome_models(positives)
    expected = min(5, rarest)  # stratified folds: each needs one row of the rarest outcome
    assert [m.cv_folds for m in models] == [expected, expected]
    assert folds_words(models) == f"{expected} folds"
    text = cv_explained(models)
    assert f"{expected}-fold cross-validation" in text
    if expected < 5:
        for five in ("5-fold", "fifth", "five times"):
            assert five not in text
        assert "rare" in text


# --- 3. fairness: "served worse" means worse service ---------------------------------------

def _groups(spec: dict[str, tuple[int, int, int, int]]):
    """A model with exactly these (tp, fn, fp, tn) per group of 'segment'."""
    from mlpm.model.training import TrainedModel

    y, pred, group = [], [], []
    for name, (tp, fn, fp, tn) in spec.items():
        for truth, said, n in (("yes", "yes", tp), ("yes", "no", fn), ("no", "yes", fp),
                               ("no", "no", tn)):
            y += [truth] * n
            pred += [said] * n
            group += [name] * n
    y, pred = np.array(y), np.array(pred)
    model = TrainedModel(key="m", name="M", is_baseline=False, pipeline=None, complexity=0,
                         fit_seconds=0.0, y_test=y, y_pred=pred,
                         scores=np.where(pred == "yes", 0.9, 0.1), classes=("no", "yes"),
                         rows=np.arange(len(y)))
    return pd.DataFrame({"segment": group}), model


FAIRNESS_CASES = {
    # A: more false alarms (30% vs 10%) but higher recall and precision; B's flags are mostly
    # wrong (precision 47%): B is the one served worse; base rates 50% vs 10%.
    "false alarms vs base rates": {"A": (90, 10, 30, 70), "B": (16, 4, 18, 162)},
    # Same recall and precision; A is flagged more by mistake; base rates 50% vs 25%.
    "flagged by mistake only": {"A": (80, 20, 20, 80), "B": (80, 20, 20, 280)},
    # Same base rates, B misses half of its cases.
    "lower recall": {"A": (90, 10, 10, 90), "B": (50, 50, 10, 90)},
    "no gap": {"A": (80, 20, 10, 90), "B": (80, 20, 10, 90)},
}


@pytest.mark.parametrize("case", list(FAIRNESS_CASES))
def test_served_worse_is_decided_by_recall_and_precision(case: str) -> None:
    from sklearn.metrics import confusion_matrix

    from mlpm.evaluate.fairness import group_report
    from mlpm.explain.fairness import fairness_sentence

    frame, model = _groups(FAIRNESS_CASES[case])
    report = group_report(model, frame, "segment", task="binary", positive_label="yes")
    ref = {}
    for g in ("A", "B"):
        inside = (frame["segment"] == g).to_numpy()
        t, p = model.y_test[inside], model.y_pred[inside]
        tn, fp, _, _ = confusion_matrix(t, p, labels=["no", "yes"]).ravel()
        ref[g] = {"recall": recall_score(t, p, pos_label="yes"),
                  "precision": precision_score(t, p, pos_label="yes"),
                  "fa": fp / (fp + tn), "base": float(pd.Series(t).eq("yes").mean())}
    service_gap = max(abs(ref["A"][k] - ref["B"][k]) for k in ("recall", "precision"))
    assert report.served_worse == (service_gap >= 0.10)
    text = fairness_sentence(report, "churners")
    for g, other in (("A", "B"), ("B", "A")):
        better_served = all(ref[g][k] >= ref[other][k] for k in ("recall", "precision"))
        if better_served:  # a group that is not worse on either never "is served worse"
            assert f"serves segment = {g} much worse" not in text
        if ref[g]["fa"] - ref[other]["fa"] >= 0.10 and not report.served_worse:
            assert f"segment = {g} is flagged more often by mistake" in text
    if report.served_worse:
        worst = min(("A", "B"), key=lambda g: min(ref[g]["recall"], ref[g]["precision"]))
        assert text.startswith(f"Warning: the model serves segment = {worst} much worse")
    bases = sorted(r["base"] for r in ref.values())
    if bases[1] - bases[0] >= 0.10:
        assert "policy choice" in text
        assert "real in the world or an artefact" in text
        assert f"{bases[1]:.0%} of the test rows" in text
    else:
        assert "policy choice" not in text
    for g in ("A", "B"):  # never "… among segment = A but … among segment = A"
        assert not re.search(f"among segment = {g} but [^.]* among segment = {g}\\b", text)


# --- 4. the Clean light and the "Fix before training" alerts ---------------------------------

def _ames_like(kind: str) -> tuple[pd.DataFrame, str | None]:
    rng = np.random.default_rng(2)
    n = 600
    frame = pd.DataFrame({f"x{i}": rng.normal(size=n).round(2) for i in range(12)})
    frame["price"] = rng.normal(200_000, 30_000, n).round(0)
    if kind == "mostly missing column":  # Ames' Pool QC / Alley
        frame["pool_qc"] = np.where(rng.random(n) < 0.95, None, "Gd")
        frame["alley"] = np.where(rng.random(n) < 0.93, None, "Pave")
    elif kind == "empty column":
        frame["empty"] = np.nan
    elif kind == "one outcome only":
        frame["churned"] = "no"
        return frame, "churned"
    return frame, "price"


@pytest.mark.parametrize("kind", ["mostly missing column", "empty column", "one outcome only"])
def test_a_table_with_a_fix_before_training_alert_never_gets_a_green_clean_light(kind: str) -> None:
    from mlpm.data.dataset import Dataset
    from mlpm.data.quality import review
    from mlpm.explain.data import readiness_headline

    frame, target = _ames_like(kind)
    assert frame.isna().to_numpy().mean() < 0.2  # pandas: few empty cells overall
    report = review(Dataset(frame, f"{kind}.csv"), target)
    high = [a for a in report.alerts if a.severity == "high"]
    assert high, kind
    light = report.readiness.items["quality"]
    assert light.status != "good"
    assert "fix before training" in readiness_headline(light)
    assert light.evidence["alerts_to_fix"] == len(high)


def test_no_high_alert_keeps_the_clean_light_measured() -> None:
    from mlpm.data.dataset import Dataset
    from mlpm.data.quality import review

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"a": rng.normal(size=300).round(4), "b": rng.integers(1, 9, 300),
                          "y": rng.choice(["yes", "no"], 300)})
    report = review(Dataset(frame, "ok.csv"), "y")
    assert not [a for a in report.alerts if a.severity == "high"]
    assert report.readiness.items["quality"].status == "good"


# --- 6. sentences without template misfits ---------------------------------------------------

@pytest.mark.parametrize(
    ("train", "held_out", "expected", "forbidden"),
    [(0.73, 0.73, "0.73 on training and the same on held-out rows.", " but "),
     (0.731, 0.734, "0.73 on training and the same on held-out rows.", " but "),
     (0.75, 0.73, "0.75 on training and 0.73 on held-out rows.", " but "),
     (0.95, 0.73, "0.95 on training but 0.73 on held-out rows: it memorises", None),
     (0.60, 0.70, "0.60 on training but 0.70 on held-out rows.", "memorises")])
def test_most_flexible_setting_says_but_only_when_scores_differ(
        train: float, held_out: float, expected: str, forbidden: str | None) -> None:
    from mlpm.evaluate.curves import ValidationCurveResult, sweet_spot
    from mlpm.explain.curves import sweet_spot_sentence

    result = ValidationCurveResult(
        "tree", "Decision tree", "f1", "max_depth", "depth", (1.0, 2.0, 3.0),
        train_scores=np.array([[0.5, 0.5], [0.8, 0.8], [train, train]]),
        validation_scores=np.array([[0.4, 0.4], [0.78, 0.78], [held_out, held_out]]))
    text = sweet_spot_sentence(result, sweet_spot(result))
    flexible = text[text.index("The most flexible"):]
    assert expected in flexible
    if forbidden:
        assert forbidden not in flexible


@pytest.mark.parametrize(("what", "verb"), [("These results", "are"), ("The curves", "are"),
                                           ("The split", "is"), ("This split", "is"),
                                           ("The target choice", "is")])
def test_stale_notice_agrees_with_its_subject(what: str, verb: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from mlpm.ui import frame

    shown: list[str] = []
    monkeypatch.setattr(frame.st, "warning", lambda text, **_: shown.append(text))
    monkeypatch.setattr(frame.st, "page_link", lambda *a, **k: None)
    frame.stale_notice(what, "Why.", "pages/train.py", "Redo")
    assert shown[0].startswith(f"**{what} {verb} out of date.**")


@pytest.mark.parametrize(
    ("target", "positive", "noun"),
    [("Attrition", "Yes", "leavers"), ("churned", "Yes", "churners"),
     ("Outcome", "1", "cases of outcome"), ("is_active", "true", "active cases"),
     ("promoted", "yes", "promoted cases"), ("animal", "dog", "dogs")])
def test_positive_noun_never_quotes_the_target(target: str, positive: str, noun: str) -> None:
    from mlpm.explain.metrics import cell_words, positive_noun

    assert positive_noun(target, positive) == noun
    assert "'" not in cell_words(target, positive)["tp"]


@pytest.mark.parametrize(
    ("noun", "churny"),
    [("churners", True), ("cancellations", True), ("leavers", False),
     ("cases of outcome", False), ("frauds", False)])
def test_money_example_speaks_of_customers_only_for_churn(noun: str, churny: bool) -> None:
    from mlpm.explain.money import costs_prompt

    text = costs_prompt(noun)
    for word in ("retention offer", "happy customer"):
        assert (word in text) == churny, (noun, word)
    assert noun in text


@pytest.mark.parametrize(
    ("value", "text"),
    [(15_487.23, "15,487"), (154_999.6, "155,000"), (12.345, "12.3"), (4.0, "4.00"),
     (0.012345, "0.0123"), (1.55e-7, "0.000000155"), (1_234_567_890.0, "1,234,567,890"),
     (-2_500.4, "-2,500"), (0.0, "0")])
def test_plain_number_never_uses_scientific_notation(value: float, text: str) -> None:
    from mlpm.explain.wording import plain_number

    assert plain_number(value) == text
    assert "e" not in plain_number(value).lower()


@pytest.mark.parametrize("scale", [1.0, 1_000.0, 100_000.0])
def test_regression_errors_are_plain_digits(scale: float) -> None:
    from sklearn.metrics import mean_absolute_error, root_mean_squared_error

    from mlpm.explain.metrics import regression_sentences

    rng = np.random.default_rng(5)
    y = rng.normal(10, 2, 200) * scale
    pred = y + rng.normal(0, 0.3, 200) * scale
    mae, rmse = mean_absolute_error(y, pred), root_mean_squared_error(y, pred)
    words = regression_sentences({"mae": mae, "rmse": rmse, "r2": 0.5}, "SalePrice")
    for key, value in (("mae", mae), ("rmse", rmse)):
        assert not re.search(r"\de[+-]\d", words[key]), words[key]
        if value >= 100:
            assert f"{round(value):,}" in words[key]


def test_unbiased_average_of_a_big_target_is_plain_digits() -> None:
    from mlpm.explain.data import unbiased_headline

    text = unbiased_headline("SalePrice", None, {"column": "gender", "low_group": "f",
                                                 "low": 155_000.0, "high_group": "m",
                                                 "high": 181_251.4}, False)
    assert "155,000" in text
    assert "181,251" in text
    assert "e+" not in text


def _six() -> ThresholdSweep:
    y = np.array(["yes", "yes", "no", "yes", "no", "no"])
    s = np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.1])
    return ThresholdSweep.from_scores(y, s, positive_label="yes", negative_label="no")


@pytest.mark.parametrize(
    ("costs", "threshold", "everyone", "words"),
    [  # by hand: value = (tp*value - fp*cost - fn*cost + tn*value) / 6 cases * 600 a month
        (Costs(100, 10, 50, 1, 600), 0.35, (3 * 100 - 3 * 10) / 6 * 600,
         ("Flagging everyone (acting on every case, no model) would be worth €27,000 a month; "
          "the model at threshold 0.35 adds €2,200 on top of that.")),
        (Costs(100, 10, 50, 1, 600), 0.75, 27_000.0,
         "would be worth €27,000 a month; the model at threshold 0.75 loses €11,700 against it."),
        (Costs(10, 100, 0, 0, 600), 0.85, (3 * 10 - 3 * 100) / 6 * 600,
         "would cost €27,000 a month; the model at threshold 0.85 adds €28,000 on top of that."),
    ])
def test_money_says_what_flagging_everyone_is_worth(costs: Costs, threshold: float,
                                                    everyone: float, words: str) -> None:
    from mlpm.evaluate.money import summarise
    from mlpm.explain.money import best_sentence

    summary = summarise(_six(), costs, threshold, model_name="M")
    assert summary.everyone == pytest.approx(everyone)
    assert summary.as_dict()["everyone_monthly_value"] == pytest.approx(everyone)
    assert words in best_sentence(summary)


@pytest.mark.parametrize("column", ["female", "gender", "age band"])
def test_fairness_title_asks_about_groups_of_a_column(column: str) -> None:
    from mlpm.explain.fairness import fairness_title

    title = fairness_title(column)
    assert f"every group of '{column}'" in title
    assert f"every {column}?" not in title


# --- 5. the questionnaire says when it reads a cleaned table ---------------------------------

@pytest.mark.parametrize(("steps", "cleaned"), [(0, False), (1, True), (3, True)])
def test_data_says_after_cleaning_when_the_table_was_cleaned(steps: int, cleaned: bool) -> None:
    from mlpm.decide.data_answers import check_answer, compare_with_data
    from mlpm.explain import fit as text
    from mlpm.present.fit_brief import brief_markdown

    data = compare_with_data({}, {}, dataset="t.csv", rows=10, version="v",
                             cleaning_steps=steps)
    intro = text.data_intro(data.dataset, data.rows, data.target,
                            cleaning_steps=data.cleaning_steps)
    checks = (check_answer("data_enough", "", _Item()),)
    brief = brief_markdown({}, data=replace(data, checks=checks))
    assert ("after your" in intro) == cleaned
    assert ("after cleaning" in text.data_says_label(steps)) == cleaned
    if cleaned:
        assert f"{steps} cleaning step" in intro
    assert ("after your" in brief) == cleaned


@dataclass(frozen=True)
class _Item:
    key: str = "sufficient"
    status: str = "good"
    headline: str = "40 rows."
    evidence: dict = field(default_factory=dict)
