"""The closing slide's next steps, read from the analysis: retraining, monitoring, data to collect.

Each step names a number from the PM's own results (the data's age, the recall to watch and
the level that should trigger action, the group or the kind of data that would help most), so
the closing slide is a plan for this model rather than generic advice. Steps are Markdown,
the PM's names escaped, like every pack sentence.
"""

from __future__ import annotations

from mlpm.evaluate.fitting import diagnose
from mlpm.evaluate.metrics import binary_sweep, classification_report, regression_report
from mlpm.explain.data import readiness_headline
from mlpm.explain.safe import md
from mlpm.explain.wording import plain_number
from mlpm.present.export.model_card import bootstrap_intervals, wilson_interval
from mlpm.present.export.pack import DEFAULT_NEXT_STEPS
from mlpm.present.items import fairness_report
from mlpm.project.analysis import Analysis

RETRAIN = ("Retrain on fresh data every month, and whenever the drift check flags a change "
           "(Lifecycle → Drift & retraining).")


def next_steps(analysis: Analysis) -> tuple[str, str, str]:
    """Retraining, monitoring and data to collect, in that order."""
    return _retraining(analysis), _monitoring(analysis), _data_to_collect(analysis)


def _light(analysis: Analysis, key: str) -> tuple[str, str] | None:
    """(status, headline) of one readiness light, if measured."""
    item = analysis.readiness.items.get(key) if analysis.readiness else None
    return (item.status, readiness_headline(item)) if item is not None else None


def _retraining(analysis: Analysis) -> str:
    fresh = _light(analysis, "fresh")
    if fresh and fresh[0] in ("warn", "bad"):
        return f"Refresh the data before launch: {fresh[1]} Then retrain every month."
    return RETRAIN


def _monitoring(analysis: Analysis) -> str:
    model, problem = analysis.model, analysis.problem
    if model is None or problem is None:
        return DEFAULT_NEXT_STEPS[1]
    if problem.task == "binary" and model.scores is not None:
        c = binary_sweep(model, problem.positive_label).at(analysis.threshold)
        metrics = c.metrics()
        low, _ = wilson_interval(c.tp, c.tp + c.fn)
        return (f"Monitor the live recall (now {metrics['recall']:.0%}) and precision "
                f"({metrics['precision']:.0%}) at threshold {analysis.threshold:.2f} every month; "
                f"act if recall falls below {low:.0%}, the bottom of its 95% range on the test "
                "rows.")
    if problem.is_classification:
        table, metrics = classification_report(model)
        right = sum(table.matrix[i][i] for i in range(len(table.labels)))
        low, _ = wilson_interval(right, len(model.y_test))
        return (f"Monitor the live accuracy (now {metrics['accuracy']:.0%}) every month; act if "
                f"it falls below {low:.0%}, the bottom of its 95% range on the test rows.")
    if problem.task == "regression":
        mae = regression_report(model)["mae"]
        high = bootstrap_intervals(model.y_test, model.y_pred).get("mae", (mae, mae))[1]
        return (f"Monitor the live average error (now {plain_number(mae)} in "
                f"{md(problem.target)}'s units) every month; act if it rises above "
                f"{plain_number(high)}, the top of its 95% range on the test rows.")
    return ("Re-run the grouping every month on new rows and check that the groups keep their "
            "sizes and traits before reusing the segments.")


def _data_to_collect(analysis: Analysis) -> str:
    report = fairness_report(analysis)
    if report is not None and report.served_worse and report.headline is not None:
        return (f"Collect more rows for {md(report.column)} = "
                f"{md(report.headline.worst_group)}: the "
                "model serves that group worse, and more examples are the surest fix.")
    if analysis.curve is not None:
        diagnosis = diagnose(analysis.curve)
        if diagnosis.verdict == "underfitting":
            return ("Collect more informative columns (what customers did, not only who they "
                    "are): the model barely beats always guessing, and more rows of the same "
                    "columns will not change that.")
        if diagnosis.more_data_helps:
            return ("Collect more rows of the same kind: the learning curve is still "
                    "improving, so more examples should still improve the score.")
        if diagnosis.verdict == "overfitting":
            return ("Collect more rows, or pick a simpler setting: the model memorises its "
                    "training rows.")
    enough = _light(analysis, "sufficient")
    if enough and enough[0] in ("warn", "bad"):
        return f"Collect more examples before relying on the model: {enough[1]}"
    return DEFAULT_NEXT_STEPS[2]
