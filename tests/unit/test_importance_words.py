"""What drives it, in product words: counts per 1,000, money, errors, customers only for churn."""

from __future__ import annotations

import numpy as np

from mlpm.evaluate.importance import Importance
from mlpm.evaluate.money import Costs
from mlpm.explain.importance import (
    chance_words,
    driver_sentence,
    driver_sentences,
    drivers_headline,
)
from mlpm.explain.safe import plain
from mlpm.model.problem import Problem


def _importance(metric: str, drops: list[list[float]], **extra: list[list[float]]) -> Importance:
    return Importance(model_key="m", model_name="M", metric=metric, threshold=0.5,
                      features=("contract", "gender"), baseline=0.6,
                      drops=np.array(drops, dtype=float), n_rows=600, n_test=600, repeats=2,
                      seed=0, **{k: np.array(v, dtype=float) for k, v in extra.items()})


CHURN = Problem("churned", "binary", ("contract", "gender"), ("No", "Yes"), "Yes")


def test_churn_is_counted_in_churners_and_customers() -> None:
    importance = _importance("f1", [[0.17, 0.19], [0.0, 0.0]], caught=[[30, 32], [0, 0]],
                             false_alarms=[[10, 12], [0, 0]])
    sentences = [plain(s) for s in driver_sentences(importance, CHURN)]
    assert sentences == [("Without contract, the model would catch 31 fewer churners and raise "
                         "11 more false alarms per 1,000 customers (F1 down 0.18 ± 0.01).")]
    assert plain(drivers_headline(importance)) == "The model leans most on contract."
    other = Problem("animal", "binary", ("contract", "gender"), ("cat", "dog"), "dog")
    assert plain(driver_sentence(importance, 0, other)).startswith(
        "Without contract, the model would catch 31 fewer dogs and raise 11 more false alarms "
        "per 1,000 cases")


def test_money_errors_and_classes_in_their_own_words() -> None:
    money = _importance("value", [[1200.0, 1000.0], [-5.0, 5.0]], caught=[[3, 3], [0, 0]],
                        false_alarms=[[0, 0], [0, 0]])
    money = Importance(**{**money.__dict__, "caught": None, "false_alarms": None})
    assert plain(driver_sentence(money, 0, CHURN, Costs(tp_value=1, currency="€"))) == (
        "Without contract, the model would be worth €1,100 less a month "
        "(value per month down €1,100 ± €100).")
    price = Problem("price", "regression", ("contract", "gender"))
    errors = _importance("mae", [[2500.0, 3500.0], [0.0, 0.0]])
    assert plain(driver_sentence(errors, 0, price)) == (
        "Without contract, predictions of price would be off by 3,000 more on a typical case "
        "(typical error up 3,000 ± 500).")
    size = Problem("size", "multiclass", ("contract", "gender"), ("L", "M", "S"))
    classes = _importance("accuracy", [[0.1, 0.1], [0.0, 0.0]], right=[[100, 100], [0, 0]])
    assert plain(driver_sentence(classes, 1, size)) == (
        "Without gender, the model would pick the right size about as often: it hardly relies "
        "on it (accuracy down 0.00 ± 0.00).")
    nothing = _importance("f1", [[0.001, -0.001], [0.0, 0.0]])
    assert plain(drivers_headline(nothing)).startswith("No single column matters much")


def test_a_chance_next_to_the_threshold_keeps_its_side() -> None:
    assert chance_words(0.396, 0.4) == "39.6%"
    assert chance_words(0.404, 0.4) == "40.4%"
    assert chance_words(0.4, 0.4) == "40%"
    assert chance_words(0.73, 0.4) == "73%"
