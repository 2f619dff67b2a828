"""How fast are our learning and validation curves next to scikit-learn's? (a benchmark)

Our curves are computed point by point (so the page can draw each point as it arrives and
cache it); this measures what that costs against sklearn's ``learning_curve`` /
``validation_curve`` on the same pipeline, folds, shuffling and scorer (the numbers are
checked to be identical), one thread each, best of a few interleaved runs. It also times a
cached redraw: every point replayed from the curve cache. Run:
``.venv/bin/python bench/curves.py``. Target: ratio ≤ 1.15, cached redraw instant.
"""

from __future__ import annotations

import logging
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.model_selection import learning_curve as sk_learning_curve
from sklearn.model_selection import validation_curve as sk_validation_curve
from threadpoolctl import threadpool_limits

from mlpm.data.samples import load_sample
from mlpm.evaluate.curves import plan_learning_curve, plan_validation_curve, run_plan
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split

REPEATS = 3
MODELS = ("logistic", "tree")


def _cv(plan, problem):
    folds = len(plan.folds)
    seed = plan.seed
    if problem.is_classification:
        return StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return KFold(n_splits=folds, shuffle=True, random_state=seed)


def _param_values(plan) -> list:
    return [int(v) if float(v).is_integer() else v for v in plan.steps]


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    warnings.simplefilter("ignore", ConvergenceWarning)
    dataset = load_sample("churn")
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan(seed=42))
    print(f"data: churn sample, {len(split.train):,} training rows, 5 folds, one thread")
    print("Both sides get the same prepared table; preparing it (features, folds) is timed "
          "apart as 'prep s'.")
    print(f"{'curve':<32} {'mlpm s':>8} {'sklearn s':>10} {'ratio':>7} {'same numbers':>13} "
          f"{'prep s':>8}")
    for key in MODELS:
        for kind in ("learning", "validation"):
            ours_t, theirs_t, plans_t = [], [], []
            same = True
            for _ in range(REPEATS):
                started = time.perf_counter()
                plan = (plan_learning_curve(dataset, problem, split, key) if kind == "learning"
                        else plan_validation_curve(dataset, problem, split, key))
                plans_t.append(time.perf_counter() - started)  # features + folds, once
                started = time.perf_counter()
                result = run_plan(plan)
                ours_t.append(time.perf_counter() - started)
                cv = _cv(plan, problem)
                started = time.perf_counter()
                with threadpool_limits(limits=1):
                    if kind == "learning":
                        _, train, val = sk_learning_curve(
                            plan.pipeline, plan.x, plan.y, train_sizes=np.linspace(0.1, 1.0, 6),
                            cv=cv, scoring=plan.scorer, shuffle=True, random_state=plan.seed)
                    else:
                        train, val = sk_validation_curve(
                            plan.pipeline, plan.x, plan.y,
                            param_name=f"model__{plan.spec.complexity_param}",
                            param_range=_param_values(plan), cv=cv, scoring=plan.scorer)
                theirs_t.append(time.perf_counter() - started)
                same = same and np.allclose(result.train_scores, train) and np.allclose(
                    result.validation_scores, val)
            ours, theirs = min(ours_t), min(theirs_t)
            print(f"{plan.spec.name + ' ' + kind:<32} {ours:8.2f} {theirs:10.2f} "
                  f"{ours / theirs:7.2f} {'yes' if same else 'NO':>13} {min(plans_t):8.2f}")
    _cached_redraw(dataset, problem, split)


def _cached_redraw(dataset, problem, split) -> None:
    """Draw a curve through the page's point cache, then again: the second is all hits."""
    from mlpm.ui.cache import draw_curve

    plan = plan_learning_curve(dataset, problem, split, "tree")
    started = time.perf_counter()
    draw_curve(plan)
    first = time.perf_counter() - started
    started = time.perf_counter()
    plan = plan_learning_curve(dataset, problem, split, "tree")  # as the page does on a click
    draw_curve(plan)
    again = time.perf_counter() - started
    print(f"cached redraw (decision tree learning curve): first {first:.2f} s, "
          f"again {again * 1000:.0f} ms (plan + {len(plan)} cached points)")


if __name__ == "__main__":
    main()
