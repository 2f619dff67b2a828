"""``mlpm curves``: learning and validation curves, the diagnosis and the more-data outlook.

JSON keys are a stable interface: add keys, never rename or remove them.
"""

from __future__ import annotations

import argparse
import json
import math

from mlpm.project.goals import GOALS


def add_parser(sub: argparse._SubParsersAction) -> None:
    cur = sub.add_parser("curves", help="learning + validation curves and an over/underfitting "
                                        "diagnosis for one model")
    cur.add_argument("file")
    cur.add_argument("--target", required=True)
    cur.add_argument("--model", help="catalogue key, e.g. logistic, tree, linear, tree_reg "
                                     "(default: logistic / linear)")
    cur.add_argument("--test-size", type=float, default=0.2)
    cur.add_argument("--seed", type=int, default=42)
    cur.add_argument("--folds", type=int, default=5)
    cur.add_argument("--sizes", type=int, default=6, help="how many training sizes to try")
    cur.add_argument("--goal", choices=sorted(GOALS), default="",
                     help="what counts as success, i.e. the score the curves show; default: the "
                          "task's (F1 for yes/no, accuracy for classes, typical error for numbers)")
    cur.add_argument("--threshold", type=float, default=0.5,
                     help="operating point of yes/no models: flag a case at this chance")
    cur.add_argument("--no-validation-curve", action="store_true",
                     help="skip the validation curve over the complexity knob")
    cur.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _number(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def run(args: argparse.Namespace) -> int:
    from mlpm.data.load import load_table
    from mlpm.errors import ProblemSetupError
    from mlpm.evaluate.curves import learning_curve, sweet_spot, validation_curve
    from mlpm.evaluate.extrapolate import more_data_outlook
    from mlpm.evaluate.fitting import diagnose
    from mlpm.explain.curves import diagnosis_sentence, outlook_sentence, sweet_spot_sentence
    from mlpm.model.catalogue import get_spec
    from mlpm.model.problem import define_problem
    from mlpm.model.split import SplitPlan, plan_split
    from mlpm.project.decision import LOWER_IS_BETTER, METRIC_WORDS, DecisionSettings
    from mlpm.project.pipeline import default_model

    if args.folds < 2 or args.sizes < 2:
        raise ProblemSetupError("Curves need at least 2 folds and 2 training sizes.",
                                "Use e.g. --folds 5 --sizes 6.")
    if not 0.0 <= args.threshold <= 1.0:
        raise ProblemSetupError("The threshold must be between 0 and 1.",
                                "For example --threshold 0.4.")
    dataset = load_table(args.file)
    problem = define_problem(dataset, args.target)
    split = plan_split(dataset, problem, SplitPlan(test_size=args.test_size, seed=args.seed))
    key = args.model or default_model(problem)
    spec = get_spec(key, problem.task)
    decision = DecisionSettings(goal=args.goal, threshold=round(args.threshold, 2))
    curve = learning_curve(dataset, problem, split, key, n_sizes=args.sizes, folds=args.folds,
                           decision=decision)
    diagnosis = diagnose(curve)
    verdict = diagnosis_sentence(curve, diagnosis)
    outlook = more_data_outlook(curve)
    payload: dict[str, object] = {
        "dataset": dataset.summary(), "target": problem.target, "task": problem.task,
        "model": spec.key, "name": spec.name, "metric": curve.metric,
        "split": {"test_size": args.test_size, "seed": args.seed, **split.counts()},
        "folds": curve.folds, "baseline_score": curve.baseline_score,
        "metric_words": METRIC_WORDS.get(curve.metric, curve.metric),
        "goal": decision.goal_for(problem.task).key, "threshold": curve.threshold,
        "lower_is_better": curve.metric in LOWER_IS_BETTER,
        "learning_curve": {"train_sizes": [int(s) for s in curve.train_sizes],
                           "points": curve.points()},
        "diagnosis": {"verdict": diagnosis.verdict, "sentence": verdict,
                      "train_score": diagnosis.train_score,
                      "validation_score": diagnosis.validation_score, "gap": diagnosis.gap,
                      "more_data_helps": diagnosis.more_data_helps},
        "more_data": {**outlook.as_dict(), "sentence": outlook_sentence(outlook)},
        "validation_curve": None,
    }
    if not args.no_validation_curve and spec.complexity_param != "none":
        vcurve = validation_curve(dataset, problem, split, key, folds=args.folds,
                                  current=spec.complexity_default, decision=decision)
        spot = sweet_spot(vcurve)
        payload["validation_curve"] = {
            "param": vcurve.param_name, "values": [float(v) for v in vcurve.param_values],
            "points": vcurve.points(),
            "sweet_spot": {"value": spot.value, "validation_score": spot.validation_score,
                           "train_score": spot.train_score},
            "sentence": sweet_spot_sentence(vcurve, spot)}
    if args.json:
        print(json.dumps(payload, indent=2, default=_number))
        return 0
    at = f" at threshold {curve.threshold:.2f}" if curve.threshold is not None else ""
    print(f"{spec.name} on {dataset.name} (target {problem.target}, "
          f"{METRIC_WORDS.get(curve.metric, curve.metric)}{at})")
    print(f"{'rows':>8} {'training':>11} {'validation':>11}")
    for i, size in enumerate(curve.train_sizes):
        print(f"{int(size):>8,} {curve.fmt(float(curve.train_mean[i])):>11} "
              f"{curve.fmt(float(curve.validation_mean[i])):>11}")
    print(verdict)
    print(outlook_sentence(outlook))
    if payload["validation_curve"]:
        print(payload["validation_curve"]["sentence"])
    return 0
