"""Sentences that say what each score means for the product."""

from __future__ import annotations

from mlpm.evaluation import BinaryConfusion


def outcome_words(target: str, positive: str) -> str:
    """How to name the positive outcome in a sentence, e.g. "churned = Yes"."""
    return f"{target} = {positive}"


def binary_sentences(confusion: BinaryConfusion, metrics: dict[str, float], target: str) -> dict[str, str]:
    """One sentence per metric, in terms of the PM's own outcome."""
    pos = outcome_words(target, confusion.positive_label)
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


def confusion_cell_names(target: str, positive: str, negative: str) -> dict[str, str]:
    """The four cells in the PM's words and in the standard terms."""
    return {
        "tp": f"Caught: predicted {positive}, really {positive} (true positive, TP)",
        "fp": f"False alarm: predicted {positive}, really {negative} (false positive, FP)",
        "fn": f"Missed: predicted {negative}, really {positive} (false negative, FN)",
        "tn": f"Correctly left alone: predicted {negative}, really {negative} (true negative, TN)",
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
    return {
        "mae": f"On average the prediction of {target} is off by {metrics['mae']:,.2f} "
               f"(in {target}'s own units).",
        "rmse": f"Typical error {metrics['rmse']:,.2f}; larger than the average error when a few "
                "predictions are far off.",
        "r2": f"The model explains {max(metrics['r2'], 0):.0%} of the differences in {target} "
              "between cases (0% = no better than always guessing the average).",
    }


METRIC_NAMES: dict[str, str] = {
    "accuracy": "Accuracy",
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1 score",
    "specificity": "Specificity",
    "roc_auc": "ROC AUC",
    "mae": "Average error (MAE)",
    "rmse": "Typical error (RMSE)",
    "r2": "R²",
}

WHEN_IT_MATTERS: dict[str, str] = {
    "accuracy": "Misleading when one outcome is rare: always saying 'no' can score high.",
    "precision": "Matters when false alarms are expensive (e.g. a costly offer sent to the wrong people).",
    "recall": "Matters when missing a case is expensive (e.g. a customer who leaves unnoticed).",
    "f1": "A fair single number when you care about both finding cases and avoiding false alarms.",
    "specificity": "Matters when bothering the wrong people has a cost.",
    "roc_auc": "Tells how well the model ranks cases, before any threshold is chosen.",
    "mae": "Easy to read: the typical size of a mistake.",
    "rmse": "Punishes big mistakes more; use it when a few large misses are very costly.",
    "r2": "Compares the model with always guessing the average.",
}


def leaderboard_sentence(best_name: str, best: float, baseline: float, metric: str) -> str:
    """How much the best model beats doing nothing."""
    label = METRIC_NAMES.get(metric, metric)
    if best <= baseline:
        return (f"No model beats the no-learning baseline on {label} ({baseline:.2f}); "
                "ML is not earning its keep on this data yet.")
    return (f"{best_name} scores {best:.2f} on {label} against {baseline:.2f} for the "
            "no-learning baseline.")
