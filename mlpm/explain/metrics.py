"""Sentences that say what each score means for the product.

Sentences are Markdown with the PM's names escaped (:func:`mlpm.explain.safe.md`); the short
labels (``outcome_words``, ``positive_noun``, ``cell_words``, ``confusion_cell_names``) are plain
text, because charts and select boxes show them as they are.
"""

from __future__ import annotations

import math

import pandas as pd

from mlpm.evaluate.metrics import BinaryConfusion
from mlpm.explain.safe import md
from mlpm.explain.wording import plain_number
from mlpm.project.decision import LOWER_IS_BETTER


def outcome_words(target: str, positive: str) -> str:
    """How to name the positive outcome, e.g. "churned = Yes" (plain text)."""
    return f"{target} = {positive}"


def binary_sentences(confusion: BinaryConfusion, metrics: dict[str, float], target: str) -> dict[str, str]:
    """One sentence per metric, in terms of the PM's own outcome."""
    pos = md(outcome_words(target, confusion.positive_label))
    total = confusion.total
    right = confusion.tp + confusion.tn
    per100_found = round(100 * metrics["recall"])
    per100_right = round(100 * metrics["precision"])
    flagged = confusion.tp + confusion.fp
    return {
        "accuracy": f"The model is right on {right:,} of {total:,} test cases "
                    f"({metrics['accuracy']:.0%}), counting both kinds of answer.",
        "precision": (f"Of 100 cases the model flags as {pos}, about {per100_right} really are."
                      if flagged else f"At this threshold the model flags no case as {pos}."),
        "recall": f"Of 100 cases that really are {pos}, the model finds {per100_found}.",
        "f1": f"F1 is {metrics['f1']:.0%}: one number that is high only when the model both "
              "finds the cases and avoids false alarms.",
        "specificity": f"Of 100 cases that are not {pos}, the model correctly leaves "
                       f"{round(100 * metrics['specificity'])} alone.",
        "roc_auc": f"Pick one {pos} case and one other at random: {metrics.get('roc_auc', 0):.0%} "
                   "of the time the model ranks the real case higher (50% is a coin flip).",
    }


_YES_WORDS = {"yes", "y", "true", "t", "1", "positive", "pos"}
_NOT_NOUNS = {"bad", "good", "high", "low", "true", "false", "positive", "negative", "late",
              "early", "active", "inactive", "open", "closed", "approved", "rejected"}
_TARGET_NOUNS = {
    "churned": "churners", "churn": "churners", "has churned": "churners", "is churn": "churners",
    "will churn": "churners", "fraud": "frauds", "is fraud": "frauds", "fraudulent": "frauds",
    "converted": "converters", "conversion": "conversions", "default": "defaulters",
    "defaulted": "defaulters", "clicked": "clickers", "click": "clickers", "spam": "spam messages",
    "is spam": "spam messages", "cancelled": "cancellations", "canceled": "cancellations",
    "purchased": "buyers", "bought": "buyers", "subscribed": "subscribers",
    "returned": "returns", "upgraded": "upgraders", "renewed": "renewals",
    "attrition": "leavers", "left": "leavers", "has left": "leavers", "resigned": "leavers",
    "quit": "leavers", "turnover": "leavers", "departed": "leavers",
}
CHURN_NOUNS = frozenset({"churners", "cancellations"})
"""Nouns of customer churn: only then do sentences talk of retention offers and customers."""


def is_churn_like(noun: str) -> bool:
    """Whether :func:`positive_noun` named customers who leave (churn, cancellations)."""
    return noun in CHURN_NOUNS


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def positive_noun(target: str, positive: str) -> str:
    """What to call the cases the model should find, in plural: "churners", "dogs", …

    From the target's name when the positive label is a plain yes (``churned = Yes`` ->
    "churners"), from the label itself when it is a noun (``animal = dog`` -> "dogs"), and
    "cases of attrition" / "promoted cases" when neither reads well (never "'Attrition' cases").
    """
    label = str(positive).strip()
    key = " ".join(str(target).strip().lower().replace("_", " ").replace("-", " ").split())
    if label.lower() in _YES_WORDS:
        if key in _TARGET_NOUNS:
            return _TARGET_NOUNS[key]
        for verb, form in (("is ", "{} cases"), ("was ", "{} cases"), ("has ", "cases of {}"),
                           ("had ", "cases of {}"), ("will ", "cases that will {}")):
            if key.startswith(verb) and len(key) > len(verb):
                return form.format(key[len(verb):])
        return f"{key} cases" if key.endswith("ed") else f"cases of {key}"
    if label.isalpha() and len(label) >= 3 and label.lower() not in _NOT_NOUNS:
        return _plural(label)
    return f"'{label}' cases"


def cell_words(target: str, positive: str) -> dict[str, str]:
    """The four cells in a few words, from the positive class: "churners caught", …"""
    noun = positive_noun(target, positive)
    return {"tp": f"{noun} caught", "fp": "false alarms", "fn": f"{noun} missed",
            "tn": "correctly left alone"}


STANDARD_TERMS = {"tp": "true positive, TP", "fp": "false positive, FP",
                  "fn": "false negative, FN", "tn": "true negative, TN"}


def confusion_cell_names(target: str, positive: str, negative: str) -> dict[str, str]:
    """The four cells in the PM's words and in the standard terms."""
    words = {k: v[0].upper() + v[1:] for k, v in cell_words(target, positive).items()}
    return {
        "tp": f"{words['tp']}: predicted {positive}, really {positive} ({STANDARD_TERMS['tp']})",
        "fp": f"{words['fp']}: predicted {positive}, really {negative} ({STANDARD_TERMS['fp']})",
        "fn": f"{words['fn']}: predicted {negative}, really {positive} ({STANDARD_TERMS['fn']})",
        "tn": f"{words['tn']}: predicted {negative}, really {negative} ({STANDARD_TERMS['tn']})",
    }


def multiclass_sentences(metrics: dict[str, float], n_test: int, n_classes: int) -> dict[str, str]:
    return {
        "accuracy": f"The model picks the right one of {n_classes} classes for "
                    f"{round(metrics['accuracy'] * n_test):,} of {n_test:,} test cases "
                    f"({metrics['accuracy']:.0%}).",
        "precision": f"When the model names a class, it is right {metrics['precision']:.0%} of "
                     "the time (averaged over classes).",
        "recall": f"Of 100 cases of a class, the model finds {round(100 * metrics['recall'])} "
                  "(averaged over classes).",
        "f1": f"F1 is {metrics['f1']:.0%}, averaged over classes: high only when each class is "
              "both found and not over-predicted.",
    }


def regression_sentences(metrics: dict[str, float], target: str) -> dict[str, str]:
    target = md(target)
    return {
        "mae": f"On average the prediction of {target} is off by {plain_number(metrics['mae'])} "
               f"(in {target}'s own units).",
        "rmse": f"Typical error {plain_number(metrics['rmse'])}; larger than the average error "
                "when a few predictions are far off.",
        "r2": f"The model explains {max(metrics['r2'], 0):.0%} of the differences in {target} "
              "between cases (0% = no better than always guessing the average).",
    }


METRIC_NAMES: dict[str, str] = {
    "accuracy": "Accuracy",
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1 score",
    "specificity": "Specificity",
    "flagged_share": "Share flagged",
    "roc_auc": "ROC AUC",
    "pr_auc": "PR AUC",
    "log_loss": "Log loss",
    "mae": "Average error (MAE)",
    "rmse": "Typical error (RMSE)",
    "r2": "R²",
    "mape": "Average % error (MAPE)",
    "median_error": "Median error",
    "p90_error": "Large misses (90th percentile)",
    "bias": "Bias (average over- or under-prediction)",
    "false_alarm_rate": "False-alarm rate",
    "silhouette": "Silhouette",
}
_TITLES = {**METRIC_NAMES, "brier": "Brier score", "f2": "F2 (catching weighs double)",
           "f05": "F0.5 (precision weighs double)", "value": "Value per month"}


def metric_title(metric: str) -> str:
    """A metric's name as a chart axis or a table shows it: "F1 score", "Value per month"."""
    return _TITLES.get(metric, metric)

WHEN_IT_MATTERS: dict[str, str] = {
    "accuracy": "Misleading when one outcome is rare: always saying 'no' can score high.",
    "precision": "Matters when false alarms are expensive (e.g. a costly offer sent to the wrong people).",
    "recall": "Matters when missing a case is expensive (e.g. a customer who leaves unnoticed).",
    "f1": "A fair single number when you care about both finding cases and avoiding false alarms.",
    "specificity": "Matters when bothering the wrong people has a cost.",
    "flagged_share": "Matters when the team acting on flags has limited capacity.",
    "roc_auc": "Tells how well the model ranks cases, before any threshold is chosen.",
    "pr_auc": "The ranking score to watch when the outcome is rare: it ignores the easy 'no's.",
    "log_loss": "Matters when you use the probabilities themselves (e.g. to forecast totals).",
    "mae": "Easy to read: the typical size of a mistake.",
    "rmse": "Punishes big mistakes more; use it when a few large misses are very costly.",
    "r2": "Compares the model with always guessing the average.",
    "mape": "Matters when a miss hurts in proportion to the size (10 off 50 is worse than 10 off 5,000).",
    "median_error": "What a typical case sees, unswayed by a few wild misses.",
    "p90_error": "Matters when you must plan for bad cases, not the average one.",
    "bias": "Matters when errors add up (e.g. budgets): a model that always guesses high costs money.",
    "false_alarm_rate": "Matters when a false alarm hurts the person wrongly flagged.",
    "silhouette": "Tells whether the groups are real clumps or arbitrary cuts of a blur.",
}


def more_binary_sentences(confusion: BinaryConfusion, metrics: dict[str, float],
                          ranking: dict[str, float], target: str) -> dict[str, str]:
    """Sentences for the measures beyond the four headline cards."""
    pos = md(outcome_words(target, confusion.positive_label))
    out = {
        "specificity": f"Of 100 cases that are not {pos}, the model correctly leaves "
                       f"{round(100 * metrics['specificity'])} alone.",
        "flagged_share": f"The model flags {metrics['flagged_share']:.0%} of all cases: that is "
                         "the workload it creates for whoever acts on the flags.",
    }
    if "roc_auc" in ranking:
        out["roc_auc"] = (f"Pick one {pos} case and one other at random: "
                          f"{ranking['roc_auc']:.0%} of the time the model ranks the real case "
                          "higher (50% is a coin flip).")
    if "pr_auc" in ranking:
        base = confusion.tp + confusion.fn
        rate = base / confusion.total if confusion.total else 0.0
        out["pr_auc"] = (f"Averaged over every threshold, {ranking['pr_auc']:.0%} of flagged "
                         f"cases are real; flagging at random would give {rate:.0%}.")
    if "log_loss" in ranking:
        out["log_loss"] = (f"{ranking['log_loss']:.2f}: lower means the probabilities are "
                           "honest and confident; a model that always says the average would "
                           "score about " + f"{_prior_log_loss(confusion):.2f}.")
    return out


def _prior_log_loss(confusion: BinaryConfusion) -> float:
    """Log loss of always answering the share of positives (the no-learning reference)."""
    n = confusion.total
    p = (confusion.tp + confusion.fn) / n if n else 0.0
    if p in (0.0, 1.0):
        return 0.0
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


def multiclass_more_sentences(ranking: dict[str, float], n_classes: int) -> dict[str, str]:
    out = {}
    if "roc_auc" in ranking:
        out["roc_auc"] = (f"For each class, a real case is ranked above another case "
                          f"{ranking['roc_auc']:.0%} of the time on average (50% is a coin flip).")
    if "log_loss" in ranking:
        out["log_loss"] = (f"{ranking['log_loss']:.2f}: lower means honest, confident "
                           f"probabilities; guessing evenly among {n_classes} classes scores "
                           f"{math.log(n_classes):.2f}.")
    return out


def regression_detail_sentences(details: dict[str, float], target: str) -> dict[str, str]:
    """The extra regression measures, each in the target's own units."""
    target = md(target)
    out = {
        "median_error": f"Half of the predictions of {target} are within "
                        f"±{details['median_error']:,.2f} of the real value.",
        "p90_error": f"9 in 10 predictions are within ±{details['p90_error']:,.2f}; the rest "
                     "miss by more.",
        "bias": (f"On average the model predicts {abs(details['bias']):,.2f} too "
                 f"{'high' if details['bias'] > 0 else 'low'}."
                 if abs(details["bias"]) > 1e-12 else "On average the model guesses neither "
                 "too high nor too low."),
    }
    if "mape" in details:
        out["mape"] = (f"On average a prediction is off by {details['mape']:.0%} of the real "
                       f"{target}.")
    return out


def threshold_sentence(threshold: float, positive_words: str) -> str:
    return (f"A case is flagged as {md(positive_words)} when the model gives it a score of at "
            f"least {threshold:.2f}.")


def leaderboard_summary(board: pd.DataFrame, metric: str) -> str:
    """One sentence about :func:`mlpm.evaluate.leaderboard.leaderboard`'s table: does the best
    model beat doing nothing? Empty when there is nothing to compare."""
    if board.empty:
        return ""
    learners = board[(board["kind"] == "model") if "kind" in board else ~board["baseline"]]
    baselines = board[board["baseline"]]
    if learners.empty or baselines.empty:
        return ""
    best = learners.iloc[0]
    pick = baselines["score"].min() if metric in LOWER_IS_BETTER else baselines["score"].max()
    return leaderboard_sentence(str(best["model"]), float(best["score"]), float(pick), metric)


def leaderboard_sentence(best_name: str, best: float, baseline: float, metric: str) -> str:
    """How much the best model beats doing nothing (errors: lower is better)."""
    label = METRIC_NAMES.get(metric, {"f2": "F2", "f05": "F0.5",
                                      "value": "value per month"}.get(metric, metric))
    lower_better = metric == "mae"
    shown = (lambda v: f"{v:,.0f}") if metric in ("mae", "value") else (lambda v: f"{v:.2f}")
    if (best >= baseline) if lower_better else (best <= baseline):
        return (f"No model beats the no-learning baseline on {label} ({shown(baseline)}); "
                "ML is not earning its keep on this data yet.")
    return (f"{md(best_name)} scores {shown(best)} on {label} against {shown(baseline)} for "
            "the no-learning baseline.")
