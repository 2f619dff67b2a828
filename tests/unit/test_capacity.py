"""Capacity and ranking (issue 17): the gain curve, a capacity's catch and value, the threshold
it sets, checked against sorting by hand (pandas) and sklearn's ROC curve."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_curve

from mlpm.evaluate.capacity import (
    CapacityError,
    capacity_report,
    capacity_threshold,
    gain_curve,
    value_by_count,
    with_capacity,
)
from mlpm.evaluate.metrics import ThresholdSweep
from mlpm.evaluate.money import Costs, format_money
from mlpm.evaluate.pilot import PilotInputs, saved_inputs
from mlpm.explain.capacity import (
    capacity_sentences,
    everyone_sentence,
    gain_sentence,
    money_alone_sentence,
)
from mlpm.project.decision import DecisionSettings
from mlpm.project.state import ProjectState


def _data(n: int = 1500, seed: int = 0, decimals: int | None = 6):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.2
    scores = np.clip(0.25 + 0.3 * y + rng.normal(0, 0.2, n), 0, 1)
    if decimals is not None:
        scores = scores.round(decimals)
    labels = np.where(y, "Yes", "No")
    return labels, scores, ThresholdSweep.from_scores(labels, scores, positive_label="Yes",
                                                      negative_label="No")


def test_gain_matches_a_hand_sort_without_ties() -> None:
    labels, scores, sweep = _data(decimals=None)  # continuous: no ties
    frame = pd.DataFrame({"score": scores, "hit": labels == "Yes"})
    ranked = frame.sort_values("score", ascending=False)["hit"].to_numpy()
    curve = gain_curve(sweep)
    for k in (1, 15, 150, 300, 749, 1500):
        assert curve.caught[k] == ranked[:k].sum()
        assert curve.gain_at(k / len(frame)) == pytest.approx(ranked[:k].sum() / ranked.sum())
    share = 0.1
    expected_lift = (ranked[:150].sum() / ranked.sum()) / share
    assert curve.lift_at(share) == pytest.approx(expected_lift)


def test_ties_are_taken_at_random_and_match_sklearn_at_every_distinct_score() -> None:
    labels, scores, sweep = _data(decimals=2)  # many ties
    curve = gain_curve(sweep)
    fpr, tpr, _ = roc_curve(labels == "Yes", scores, drop_intermediate=False)
    positives, negatives = (labels == "Yes").sum(), (labels == "No").sum()
    flagged = np.rint(tpr * positives + fpr * negatives).astype(int)
    assert np.allclose(curve.caught[flagged], tpr * positives)
    # Inside a tie, the catch is the average over random orders (a simulation of shuffles).
    rng = np.random.default_rng(1)
    k = int(flagged[len(flagged) // 2] + 7)
    hits = []
    for _ in range(400):
        order = np.lexsort((rng.random(len(scores)), -scores))
        hits.append((labels[order][:k] == "Yes").sum())
    assert curve.caught[k] == pytest.approx(np.mean(hits), abs=0.3)


def test_a_constant_score_is_random() -> None:
    labels = np.array(["Yes"] * 30 + ["No"] * 70)
    sweep = ThresholdSweep.from_scores(labels, np.full(100, 0.3), positive_label="Yes",
                                       negative_label="No")
    curve = gain_curve(sweep)
    assert curve.gain_at(0.25) == pytest.approx(0.25)
    assert curve.lift_at(0.5) == pytest.approx(1.0)


def test_capacity_value_peak_and_threshold_by_hand() -> None:
    labels, scores, sweep = _data(decimals=None)
    costs = Costs(tp_value=120, fp_cost=30, fn_cost=10, cases_per_month=6000)
    report = capacity_report(sweep, 900, costs)
    n = len(labels)
    hit = (labels == "Yes")[np.argsort(-scores)]
    k = 900 / 6000 * n  # 225 rows: a whole number here
    tp = hit[:int(k)].sum()
    fp, fn = k - tp, hit.sum() - tp
    tn = n - hit.sum() - fp
    by_hand = (tp * 120 - fp * 30 - fn * 10) / n * 6000
    assert report.monthly == pytest.approx(by_hand)
    assert report.caught_share == pytest.approx(tp / hit.sum())
    assert report.caught_per_month == pytest.approx(tp / n * 6000)
    assert tn >= 0
    # The peak: the top-k with the most value, every k tried by hand.
    cum = np.concatenate([[0], np.cumsum(hit)])
    ks = np.arange(n + 1)
    values = (cum * 120 - (ks - cum) * 30 - (hit.sum() - cum) * 10) / n * 6000
    assert report.peak_monthly == pytest.approx(values.max())
    assert report.peak_per_month == pytest.approx(values.argmax() / n * 6000)
    assert np.allclose(value_by_count(gain_curve(sweep), costs), values)
    # The threshold: never more flags than the capacity; one step lower would be more.
    flags = (scores >= report.threshold).sum()
    assert flags <= k
    assert (scores >= report.threshold - 0.01).sum() > k
    assert report.threshold_flagged_per_month == pytest.approx(flags / n * 6000)


def test_capacity_above_the_volume_reaches_everyone() -> None:
    _, _, sweep = _data()
    report = capacity_report(sweep, 10_000, Costs(cases_per_month=1000))
    assert report.share == 1.0
    assert report.caught_share == pytest.approx(1.0)
    assert capacity_threshold(sweep, 1.0) == 0.0
    assert "every one" in capacity_sentences(report, "churners")[0]


def test_flag_almost_everyone_is_said_plainly() -> None:
    # A catch worth far more than a false alarm costs: money's best threshold flags most.
    labels, _, sweep = _data()
    costs = Costs(tp_value=500, fp_cost=1, cases_per_month=1000)
    report = capacity_report(sweep, 200, costs)
    assert report.almost_everyone
    sentence = everyone_sentence(report)
    assert sentence is not None
    assert "almost everyone" in sentence
    everyone = (labels == "Yes").mean() * 500 - (labels == "No").mean() * 1
    assert report.everyone == pytest.approx(everyone * 1000)
    assert format_money(everyone * 1000, "€") in sentence
    assert report.captured is not None
    assert f"capture {report.captured * 100:.0f}% of the value" in sentence
    # With a costly false alarm, money does not say so.
    calm = capacity_report(sweep, 200, Costs(tp_value=50, fp_cost=40, cases_per_month=1000))
    assert not calm.almost_everyone
    assert everyone_sentence(calm) is None


def test_gain_sentence_reads_the_curve() -> None:
    _, _, sweep = _data(decimals=None)
    curve = gain_curve(sweep)
    sentence = gain_sentence(curve, 0.1, "churners")
    assert f"{curve.gain_at(0.1) * 100:.0f}% of the churners" in sentence
    assert f"{curve.lift_at(0.1):.1f}×" in sentence


def test_capacity_sets_the_threshold_and_a_hand_move_clears_it() -> None:
    _, _, sweep = _data()
    settings = DecisionSettings(costs=Costs(cases_per_month=3000))
    chosen = with_capacity(settings, 300, sweep)
    assert chosen.capacity == 300
    assert chosen.threshold == capacity_threshold(sweep, 0.1)
    assert chosen.with_threshold(chosen.threshold) is chosen  # the same line: kept
    assert chosen.with_threshold(0.9).capacity is None  # a line drawn by hand
    assert with_capacity(chosen, None, sweep).capacity is None
    with pytest.raises(CapacityError):
        capacity_report(sweep, 0, settings.costs)


def test_capacity_is_saved_with_the_project_and_old_projects_load() -> None:
    settings = DecisionSettings(goal="money", threshold=0.31,
                                costs=Costs(tp_value=10), capacity=866.0)
    pilot = PilotInputs(action_effect=0.3, min_effect=0.02, control="rule")
    state = ProjectState(decision=settings.as_dict(), pilot=pilot.as_dict())
    again = ProjectState.from_dict(json.loads(state.to_json()))
    assert again.decision_settings == settings
    assert saved_inputs(again.pilot) == pilot
    assert saved_inputs({"action_effect": 7}) is None  # a saved project is read, not trusted
    assert ProjectState.from_dict({"name": "old"}).pilot == {}
    old = {"goal": "catch", "threshold": 0.4, "costs": Costs().as_dict()}  # before issue 17
    assert DecisionSettings.from_dict(old) == DecisionSettings(goal="catch", threshold=0.4)


def test_money_alone_says_almost_everyone_and_asks_for_a_capacity() -> None:
    _, _, sweep = _data()
    costs = Costs(tp_value=500, fp_cost=1, cases_per_month=1000)
    everyone = capacity_report(sweep, costs.cases_per_month, costs)
    sentence = money_alone_sentence(everyone)
    assert sentence is not None
    assert "almost everyone" in sentence
    assert "capture" not in sentence  # no team to compare with yet
    assert "enter its capacity" in sentence
    bad = {"goal": "", "threshold": 0.5, "capacity": float("inf")}
    assert DecisionSettings.from_dict(bad).capacity is None
    assert DecisionSettings.from_dict({**bad, "capacity": True}).capacity is None


def test_the_chart_points_are_the_curve() -> None:
    _, _, sweep = _data(decimals=2)
    curve = gain_curve(sweep)
    points = curve.frame_points(11)
    assert np.allclose(points["gain"], [curve.gain_at(s) for s in np.linspace(0, 1, 11)])
