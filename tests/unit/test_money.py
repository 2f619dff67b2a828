"""Money: the profit curve by hand on a tiny example, the best threshold, the sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.csv_safe import safe_csv, safe_frame
from mlpm.evaluate.metrics import ThresholdSweep
from mlpm.evaluate.money import (
    CostError,
    Costs,
    format_money,
    money_curve,
    monthly_value,
    summarise,
)
from mlpm.explain.money import best_sentence, money_headline

# Six cases: three real ("yes"), three not. Scores chosen so each threshold is easy to count.
Y = np.array(["yes", "yes", "no", "yes", "no", "no"])
S = np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.1])
COSTS = Costs(tp_value=100, fp_cost=10, fn_cost=50, tn_value=1, cases_per_month=600,
              currency="€")


def _sweep(y: np.ndarray = Y, s: np.ndarray = S) -> ThresholdSweep:
    return ThresholdSweep.from_scores(y, s, positive_label="yes", negative_label="no")


@pytest.mark.parametrize(
    ("threshold", "cells"),
    [  # (tp, fp, fn, tn) counted by hand
        (0.95, (0, 0, 3, 3)),
        (0.85, (1, 0, 2, 3)),
        (0.75, (2, 0, 1, 3)),
        (0.5, (2, 1, 1, 2)),
        (0.35, (3, 1, 0, 2)),
        (0.2, (3, 2, 0, 1)),
        (0.0, (3, 3, 0, 0)),
    ],
)
def test_monthly_value_by_hand(threshold: float, cells: tuple[int, int, int, int]) -> None:
    tp, fp, fn, tn = cells
    by_hand = (tp * 100 - fp * 10 - fn * 50 + tn * 1) / 6 * 600
    assert monthly_value(_sweep().at(threshold), COSTS) == pytest.approx(by_hand)
    curve = money_curve(_sweep(), COSTS)
    assert curve.monthly[round(threshold * 100)] == pytest.approx(by_hand)


def test_best_threshold_and_doing_nothing() -> None:
    curve = money_curve(_sweep(), COSTS)
    # Catching all three real cases with one false alarm (0.31..0.40) is worth
    # (300 - 10 + 2) / 6 * 600 = 29,200 a month; the best plateau's middle is picked.
    assert curve.best_value == pytest.approx(29_200)
    assert 0.31 <= curve.best_threshold <= 0.40
    assert curve.best_threshold == pytest.approx(0.36)
    assert curve.nothing == pytest.approx((-3 * 50 + 3) / 6 * 600)  # nobody flagged
    assert curve.everyone == pytest.approx((300 - 30) / 6 * 600)
    assert len(curve.points()) == 101


def test_only_costs_makes_doing_nothing_best() -> None:
    costs = Costs(fp_cost=5, cases_per_month=100)  # false alarms cost, nothing gains
    curve = money_curve(_sweep(), costs)
    assert curve.best_value == pytest.approx(0.0)
    assert curve.best_threshold > 0.7  # no false alarm: above the 0.7 score of the first "no"
    summary = summarise(_sweep(), costs, 0.5, model_name="M")
    assert "doing nothing is cheapest" in best_sentence(summary)


def test_summary_with_baseline_and_rule() -> None:
    baseline = _sweep(Y, np.full(6, 0.5))  # a constant score: flags all or nothing
    rule = _sweep(Y, np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0]))  # the PM's yes/no rule
    summary = summarise(_sweep(), COSTS, 0.35, model_name="Logistic regression",
                        baseline=("Always the most common answer", baseline),
                        rule=("Your rule", rule))
    assert summary.monthly == pytest.approx(29_200)
    nothing = summary.contender("nothing")
    assert nothing is not None
    assert nothing.monthly == pytest.approx(-14_700)
    base = summary.contender("baseline")
    assert base is not None
    assert base.monthly == pytest.approx((300 - 30) / 6 * 600)  # 0.5 >= 0.35: flags all
    rule_value = (2 * 100 - 1 * 10 - 1 * 50 + 2 * 1) / 6 * 600
    assert summary.contender("rule").monthly == pytest.approx(rule_value)
    text = money_headline(summary)
    assert text.startswith("At threshold 0.35 Logistic regression is worth about €43,900 a month "
                           "more than doing nothing and €15,000 more than your rule")
    plain = summary.as_dict()
    assert plain["best_threshold"] == summary.curve.best_threshold
    assert set(plain["contenders"]) == {"nothing", "baseline", "rule"}


def test_baseline_at_the_threshold() -> None:
    baseline = _sweep(Y, np.full(6, 0.5))
    low = summarise(_sweep(), COSTS, 0.35, model_name="M", baseline=("B", baseline))
    high = summarise(_sweep(), COSTS, 0.6, model_name="M", baseline=("B", baseline))
    assert low.contender("baseline").monthly == pytest.approx((300 - 30) / 6 * 600)  # all
    assert high.contender("baseline").monthly == pytest.approx(-14_700)  # nobody


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [(12_437.0, "€", "€12,400"), (-3_149.0, "$", "-$3,150"), (12_437.0, "CHF", "12,400 CHF"),
     (42.5, "£", "£42.50"), (7.0, "€", "€7"), (0.0, "€", "€0"), (999.6, "€", "€1,000")],
)
def test_format_money(amount: float, currency: str, text: str) -> None:
    assert format_money(amount, currency) == text


@pytest.mark.parametrize("bad", [{"fp_cost": -1.0}, {"cases_per_month": 0.0},
                                 {"tp_value": float("nan")}])
def test_costs_are_checked(bad: dict[str, float]) -> None:
    with pytest.raises(CostError):
        Costs(**bad)
    assert not Costs().is_set
    assert Costs(tn_value=1).is_set


def test_csv_neutralises_formulas_but_keeps_numbers() -> None:
    frame = pd.DataFrame({"name": ["=HYPERLINK(x)", "+1", "-2", "@SUM(A1)", "ok", "\tx"],
                          "amount": [-3.5, 1.0, 2.0, -4.0, 5.0, 6.0]},
                         index=pd.Index([1, 2, 3, 4, 5, 6], name="row"))
    safe = safe_frame(frame)
    assert list(safe["name"]) == ["'=HYPERLINK(x)", "'+1", "'-2", "'@SUM(A1)", "ok", "'\tx"]
    assert list(safe["amount"]) == [-3.5, 1.0, 2.0, -4.0, 5.0, 6.0]
    text = safe_csv(frame).decode("utf-8-sig")
    assert text.splitlines()[0] == "row,name,amount"
    assert "\n1,'=HYPERLINK" in text
    assert ",-3.5" in text
    assert safe_frame(pd.DataFrame({"=bad": [1]})).columns[0] == "'=bad"
