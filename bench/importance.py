"""How fast is "What drives it?" (a benchmark, not a test).

Permutation importance on 10,000 test rows x 20 features (15 numbers, 5 categories), in the
decision metric (F1 at threshold 0.5), 5 repeats: mlpm's :func:`mlpm.evaluate.importance.model_importance`
against scikit-learn's own ``permutation_importance`` with the same scorer, repeats and
``random_state``, in the same process, for gradient boosting and logistic regression (target:
ratio <= 1.2). Also the what-if answer: one case's chance and decision after a change (target:
<= 200 ms), and the per-row drivers. Run: ``.venv/bin/python bench/importance.py``.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance as sk_permutation_importance
from timing import best_time

from mlpm.data.dataset import Dataset
from mlpm.evaluate.contributions import explain_case, predict_case, reference_for
from mlpm.evaluate.importance import held_out_inputs, model_importance
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import one_thread, train
from mlpm.project.decision import DecisionSettings, decision_score

N_TEST = 10_000
N_NUMBERS, N_CATEGORIES = 15, 5
REPEATS = 5


def _table(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    numbers = rng.normal(size=(rows, N_NUMBERS))
    frame = pd.DataFrame(numbers, columns=[f"n{i}" for i in range(N_NUMBERS)])
    for i in range(N_CATEGORIES):
        frame[f"c{i}"] = rng.choice(["a", "b", "c", "d", "e"], size=rows)
    logit = numbers[:, :5] @ np.array([1.5, -1.0, 0.8, 0.5, 0.3]) - 1 \
        + (frame["c0"] == "a") * 1.2
    frame["target"] = np.where(rng.random(rows) < 1 / (1 + np.exp(-logit)), "Yes", "No")
    return frame


def _interleaved(first, second, rounds: int = 3) -> tuple[float, float]:
    """Best of ``rounds`` for each, run turn about (a busy machine slows both alike)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for fn, out in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            fn()
            out.append(time.perf_counter() - started)
    return min(times[0]), min(times[1])


def main() -> None:
    dataset = Dataset(_table(2 * N_TEST), "bench")
    problem = define_problem(dataset, "target", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.5, seed=0))
    settings = DecisionSettings()
    print(f"{len(split.test):,} test rows x {len(problem.features)} features, "
          f"{REPEATS} repeats, F1 at threshold {settings.threshold}")
    for key in ("boosting", "logistic"):
        model = train(dataset, problem, split, key, max_rows=5_000)
        x, y = held_out_inputs(model, dataset, problem)
        column = list(model.pipeline.classes_).index("Yes")

        def scorer(estimator, data, truth, column=column):
            return decision_score("f1", truth, estimator.predict_proba(data)[:, column],
                                  positive_label="Yes", threshold=settings.threshold)

        def ours(model=model) -> None:
            from mlpm.evaluate import importance

            importance._memo.clear()  # measure the computation, not the memo
            model_importance(model, dataset, problem, settings, repeats=REPEATS)

        def theirs(model=model, x=x, y=y, scorer=scorer) -> None:
            with one_thread():
                sk_permutation_importance(model.pipeline, x, y, scoring=scorer,
                                          n_repeats=REPEATS, random_state=0)

        mine, sk = _interleaved(ours, theirs)
        print(f"{model.name:<22} mlpm {mine:6.2f} s   sklearn {sk:6.2f} s   "
              f"ratio {mine / sk:.2f} (target <= 1.2)")
        reference = reference_for(model, dataset, problem, split)
        case = x.iloc[[0]]
        changed = case.copy()
        changed["n0"] = 2.5
        what_if = best_time(lambda model=model, changed=changed: predict_case(
            model, changed, positive_label="Yes", threshold=settings.threshold), repeats=20)
        why = best_time(lambda model=model, case=case, reference=reference: explain_case(
            model, case, reference, positive_label="Yes"), repeats=5)
        print(f"{'':<22} what-if answer {1000 * what_if:5.1f} ms (target <= 200)   "
              f"drivers of one case {1000 * why:5.1f} ms")


if __name__ == "__main__":
    main()
