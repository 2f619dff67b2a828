"""From the PM's analysis to meeting-pack items: each item is a headline, a chart, sentences.

One function per item kind, each taking computed results (never recomputing a model), so the
app's Present page and ``mlpm report`` build exactly the same pack. An item's words are
Markdown with the PM's names escaped (:func:`mlpm.explain.safe.md`); the pack's title, subtitle
and recommendation are plain text the PM may edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mlpm.charts.curves import learning_curve_chart
from mlpm.charts.evaluation import confusion_chart, predicted_vs_actual_chart
from mlpm.charts.fit import score_breakdown_chart
from mlpm.charts.training import leaderboard_chart, split_chart
from mlpm.evaluate.fitting import diagnose
from mlpm.evaluate.leaderboard import format_score
from mlpm.evaluate.metrics import binary_sweep, classification_report, regression_report
from mlpm.explain.curves import diagnosis_sentence
from mlpm.explain.fit import HARD_STOPS as STOP_WORDS
from mlpm.explain.fit_verdict import FitVerdict, verdict_for
from mlpm.explain.metrics import (
    METRIC_NAMES,
    binary_sentences,
    confusion_cell_names,
    leaderboard_summary,
    metric_title,
    multiclass_sentences,
    regression_sentences,
)
from mlpm.explain.safe import md
from mlpm.explain.training import analysis_recommendation
from mlpm.model.split import part_balance
from mlpm.present.anomaly import anomaly_item
from mlpm.present.drivers import drivers_item, drivers_lines
from mlpm.present.export.figures import Figure
from mlpm.present.export.model_card import (
    CardFacts,
    MetricLine,
    bootstrap_intervals,
    wilson_interval,
)
from mlpm.present.export.pack import MeetingPack, PackItem
from mlpm.present.items import (
    fairness_item,
    fairness_lines,
    groups_item,
    money_item,
    readiness_item,
    validation_item,
)
from mlpm.present.next_steps import next_steps
from mlpm.present.rollout import capacity_item, pilot_item
from mlpm.project.analysis import Analysis
from mlpm.project.decision import METRIC_WORDS
from mlpm.project.results import Results

if TYPE_CHECKING:
    from mlpm.data.dataset import Dataset
    from mlpm.model.problem import Problem
    from mlpm.model.split import Split
    from mlpm.model.training import TrainedModel

ItemBuilder = Callable[[Analysis], PackItem | None]


def fit_item(analysis: Analysis) -> PackItem | None:
    """The "Should we use ML?" verdict and its reasons."""
    if not analysis.fit_answers:
        return None
    verdict: FitVerdict = verdict_for(analysis.fit_answers)
    chart = score_breakdown_chart(verdict, by="section", title="Why: score by part",
                                  subtitle=f"{verdict.answered} of {verdict.total_questions} "
                                           "questions answered", width=520)
    points = verdict.reasons + tuple(STOP_WORDS[s.id].title for s in verdict.hard_stops)
    return PackItem("fit", "Should we use ML?", f"{verdict.label}. {verdict.summary}",
                    Figure("fit", chart, verdict.next_step), points[:4],
                    notes=" ".join([verdict.summary, *verdict.reasons]))


def split_item(analysis: Analysis) -> PackItem | None:
    """How the rows were divided, so the audience trusts the test score."""
    dataset, problem, split = analysis.dataset, analysis.problem, analysis.split
    if dataset is None or problem is None or split is None:
        return None
    counts = split.counts()
    sentence = (f"Models learnt from {counts['train']:,} rows; every score in this deck comes "
                f"from {counts['test']:,} rows they never saw.")
    chart = split_chart(part_balance(dataset, problem, split), subtitle=analysis.subtitle())
    return PackItem("split", "How we tested", f"{md(split.plan.describe())} split of "
                    f"{dataset.n_rows:,} rows", Figure("split", chart, sentence), (sentence,))


def leaderboard_item(analysis: Analysis) -> PackItem | None:
    """Every model against the no-learning baseline on the same test rows."""
    if analysis.problem is None or not analysis.models:
        return None
    results = Results(analysis)
    board, metric = results.board, results.metric
    summary = leaderboard_summary(board, metric) or "Models ranked on the same test rows."
    if analysis.problem.task == "binary":
        summary += f" At threshold {analysis.settings.threshold:.2f}."
    chart = leaderboard_chart(board, metric_title(metric), subtitle=analysis.subtitle())
    points = tuple(f"{md(row.model)}: {metric_title(metric)} {format_score(metric, row.score)}"
                   for row in board.itertuples())
    return PackItem("leaderboard", "Does ML beat doing nothing?", summary,
                    Figure("leaderboard", chart, summary), points)


def confusion_item(analysis: Analysis) -> PackItem | None:
    """What the chosen model gets right and wrong at the chosen threshold."""
    model, problem = analysis.model, analysis.problem
    if model is None or problem is None or not problem.is_classification:
        return None
    subtitle = f"{analysis.subtitle(model)} · {len(model.y_test):,} test rows"
    if problem.task == "binary":
        positive = problem.positive_label
        confusion = binary_sweep(model, positive).at(analysis.threshold)
        metrics = confusion.metrics()
        sentences = binary_sentences(confusion, metrics, problem.target)
        names = confusion_cell_names(problem.target, positive, confusion.negative_label)
        table, _ = classification_report(model, positive_label=positive, threshold=analysis.threshold)
        cells = {(0, 0): names["tp"], (0, 1): names["fn"], (1, 0): names["fp"], (1, 1): names["tn"]}
        chart = confusion_chart(table, cell_names=cells, subtitle=subtitle,
                                title=f"Right and wrong at threshold {analysis.threshold:.2f}")
        points = (sentences["recall"], sentences["precision"], sentences["accuracy"])
        headline = sentences["recall"]
    else:
        table, metrics = classification_report(model)
        sentences = multiclass_sentences(metrics, len(model.y_test), len(table.labels))
        chart = confusion_chart(table, subtitle=subtitle)
        points = (sentences["accuracy"], sentences["recall"])
        headline = sentences["accuracy"]
    return PackItem("confusion", "What the model gets right and wrong", headline,
                    Figure("confusion", chart, headline), points, notes=" ".join(sentences.values()))


def regression_item(analysis: Analysis) -> PackItem | None:
    """Errors in the target's own units."""
    model, problem = analysis.model, analysis.problem
    if model is None or problem is None or problem.task != "regression":
        return None
    sentences = regression_sentences(regression_report(model), problem.target)
    chart = predicted_vs_actual_chart(pd.Series(model.y_test), pd.Series(model.y_pred),
                                      problem.target,
                                      subtitle=f"{analysis.subtitle(model)} · "
                                               f"{len(model.y_test):,} test rows")
    return PackItem("errors", "How far off are the predictions?", sentences["mae"],
                    Figure("errors", chart, sentences["mae"]),
                    (sentences["mae"], sentences["rmse"], sentences["r2"]),
                    notes=" ".join([sentences["mae"], sentences["rmse"], sentences["r2"],
                                    ("Each dot is a test case; dots on the dashed line are "
                                    "perfect predictions.")]))


def curve_item(analysis: Analysis) -> PackItem | None:
    """Learning curve and the over/underfitting verdict."""
    if analysis.curve is None:
        return None
    sentence = diagnosis_sentence(analysis.curve, diagnose(analysis.curve))
    chart = learning_curve_chart(analysis.curve, title=f"Learning curve: {analysis.curve.model_name}",
                                 subtitle=f"data version {analysis.dataset.version}"
                                 if analysis.dataset else "")
    return PackItem("curve", "Would more data help?", sentence,
                    Figure("curve", chart, sentence), (sentence,))


def checklist_item(analysis: Analysis) -> PackItem | None:
    """The productization checklist (deployment, privacy, monitoring, retraining, …)."""
    if not analysis.checklist:
        return None
    from mlpm.present.checklist import Checklist

    return Checklist(analysis.checklist).pack_item()


def _hosting_lines(analysis: Analysis) -> tuple[str, ...]:
    """The model card's hosting lines, when Ship it measured a saved model (issue 18)."""
    if not analysis.hosting:
        return ()
    from mlpm.explain.hosting import hosting_points

    return (str(analysis.hosting["sentence"]), *hosting_points(analysis.hosting))


def hosting_item(analysis: Analysis) -> PackItem | None:
    """The served model's measured speed against the PM's service level (Ship it, issue 18)."""
    if not analysis.hosting:
        return None
    from mlpm.explain.hosting import hosting_points

    facts = analysis.hosting
    return PackItem(key="hosting", title="Hosting: measured speed vs your service level",
                    headline=str(facts["sentence"]), points=hosting_points(facts),
                    notes="Measured on the machine mlpm runs on; measure on the production "
                          "machine too (`mlpm serve RUN_ID --bench`).")


ITEM_BUILDERS: dict[str, tuple[str, ItemBuilder]] = {
    "fit": ("Should we use ML? (verdict)", fit_item),
    "readiness": ("Is the data ready? (readiness lights)", readiness_item),
    "split": ("How we tested (the split)", split_item),
    "leaderboard": ("Leaderboard vs baseline and your rule", leaderboard_item),
    "confusion": ("Right and wrong (confusion matrix)", confusion_item),
    "money": ("What is it worth? (money curve)", money_item),
    "errors": ("Prediction errors (regression)", regression_item),
    "drivers": ("What drives it? (column importance)", drivers_item),
    "groups": ("Groups found (clustering)", groups_item),
    "curve": ("Learning curve and diagnosis", curve_item),
    "validation": ("Validation curve: the sweet spot", validation_item),
    "fairness": ("Fairness by group", fairness_item),
    "capacity": ("Who to act on first (your team's capacity)", capacity_item),
    "pilot": ("Pilot plan (A/B test before rollout)", pilot_item),
    "anomalies": ("Unusual rows (no target)", anomaly_item),
    "ship": ("Ship it: productization checklist", checklist_item),
    "hosting": ("Hosting: measured speed vs your service level", hosting_item),
}


ITEM_HINTS: dict[str, str] = {
    "fit": "answer the questionnaire on *Should we use ML?*",
    "readiness": "load data on *Data review*",
    "split": "split the rows on *Split*",
    "leaderboard": "train a model on *Train*",
    "confusion": "train a yes/no or pick-one model on *Train*",
    "money": "enter what each outcome is worth on *Evaluate* (yes/no targets)",
    "errors": "train a number-predicting model on *Train*",
    "drivers": "train a model with a target on *Train* and choose it on *Evaluate*",
    "groups": "find groups (no target) on *Train*",
    "curve": "draw a learning curve on *Over/underfitting*",
    "validation": "draw a validation curve on *Over/underfitting*",
    "fairness": "choose a group column under *Is it as good for every group?* on *Evaluate*",
    "ship": "fill in the checklist on *Ship it*",
    "capacity": "enter your team's capacity on *Capacity & pilot* (yes/no targets)",
    "pilot": "plan a pilot on *Capacity & pilot* (yes/no targets)",
    "anomalies": "look at the most unusual rows on *Unusual rows*",
    "hosting": "measure a saved model on *Ship it*",
}


_NOT_FOR = {"regression": {"confusion", "money", "groups", "capacity", "pilot"},
            "binary": {"errors", "groups"},
            "multiclass": {"errors", "money", "groups", "capacity", "pilot"},
            "clustering": {"errors", "money", "confusion", "fairness", "leaderboard", "capacity",
                           "pilot", "drivers"}}


def addable_items(analysis: Analysis, present: dict[str, PackItem]) -> list[str]:
    """Items not in the pack yet that the PM's kind of problem could have (with a hint each)."""
    task = analysis.problem.task if analysis.problem else None
    skip = _NOT_FOR.get(task or "", {"errors", "groups"})
    return [k for k in ITEM_BUILDERS if k not in present and k not in skip]


def available_items(analysis: Analysis) -> dict[str, PackItem]:
    """Every item the analysis has results for, in the default order."""
    items = {}
    for key, (_, build) in ITEM_BUILDERS.items():
        item = build(analysis)
        if item is not None:
            items[key] = item
    return items


def build_pack(analysis: Analysis, *, keys: list[str] | None = None, title: str = "",
               recommendation: str = "") -> MeetingPack:
    """The meeting pack with the chosen items in the chosen order."""
    items = available_items(analysis)
    order = keys if keys is not None else list(items)
    dataset = analysis.dataset
    subtitle = (f"{dataset.name} · data version {dataset.version} · "
                f"{dt.date.today():%d %B %Y}") if dataset else f"{dt.date.today():%d %B %Y}"
    problem = analysis.problem
    default_title = (f"Can ML predict {problem.target}?" if problem and problem.target
                     else "What groups are in the data?" if problem else "Should we use ML?")
    return MeetingPack(title=title or default_title, subtitle=subtitle,
                       next_steps=next_steps(analysis), recommendation=recommendation or default_recommendation(analysis),
                       items=tuple(items[k] for k in order if k in items))


def default_recommendation(analysis: Analysis) -> str:
    """A one-line starting point the PM can edit: the same verdict the Train page shows."""
    return analysis_recommendation(Results(analysis))


_CLUSTER_FAIRNESS = ("Not applicable as a score: groups found without a target have no right "
                     "answers. Check that no group is defined mainly by a sensitive column "
                     "(gender, age, …) before treating its members differently.")


def _interval_words(task: str) -> str:
    tested = "Measured on the test rows, which the model never saw while training. "
    if task == "regression":
        return tested + "Intervals are 95% bootstrap intervals (1,000 resamples of the test rows)."
    if task == "clustering":
        return ("Clustering has no right answers to test against: the silhouette, measured on "
                "the grouped rows, says how well separated the groups are.")
    return tested + "Intervals are 95% Wilson intervals."


def _decision_words(analysis: Analysis) -> str:
    """The operating point, the decision metric and the verdict, as the card states them."""
    problem = analysis.problem
    if problem is None:
        return ""
    results = Results(analysis)
    words = f"Models are compared on {METRIC_WORDS.get(results.metric, results.metric)}"
    if problem.task == "binary":
        words = (f"Operating point: a case is flagged as '{md(problem.positive_label)}' when the "
                 f"model's chance for it is at least **{analysis.settings.threshold:.2f}** "
                 f"(threshold); every number here is at that threshold. " + words)
    return f"{words}. Verdict: {analysis_recommendation(results)}"


def _metric_lines(analysis: Analysis, model: TrainedModel, problem: Problem,
                  dataset: Dataset) -> list[MetricLine]:
    """The card's scores with their intervals and sentences, as fits the task."""
    if problem.task == "binary":
        return _binary_lines(model, problem, analysis.threshold)
    if problem.is_classification:
        table, metrics = classification_report(model)
        right = sum(table.matrix[i][i] for i in range(len(table.labels)))
        low, high = wilson_interval(right, len(model.y_test))
        return [MetricLine("Accuracy", metrics["accuracy"], low, high,
                           multiclass_sentences(metrics, len(model.y_test),
                                                len(table.labels))["accuracy"])]
    if not problem.is_supervised:
        return [_silhouette_line(model, problem, dataset)]
    metrics = regression_report(model)
    sentences = regression_sentences(metrics, problem.target)
    ranges = bootstrap_intervals(model.y_test, model.y_pred)
    lines = []
    for name in ("mae", "rmse", "r2"):
        low, high = ranges.get(name, (metrics[name], metrics[name]))
        lines.append(MetricLine(METRIC_NAMES[name], metrics[name], low, high, sentences[name]))
    return lines


def _binary_lines(model: TrainedModel, problem: Problem, threshold: float) -> list[MetricLine]:
    """Accuracy, precision, recall and specificity at the threshold, with Wilson intervals."""
    c = binary_sweep(model, problem.positive_label).at(threshold)
    metrics = c.metrics()
    sentences = binary_sentences(c, metrics, problem.target)
    lines = []
    for name, hits, trials in (("accuracy", c.tp + c.tn, c.total), ("precision", c.tp, c.tp + c.fp),
                               ("recall", c.tp, c.tp + c.fn), ("specificity", c.tn, c.tn + c.fp)):
        low, high = wilson_interval(hits, trials)
        lines.append(MetricLine(METRIC_NAMES[name], metrics[name], low, high, sentences[name]))
    return lines


def _silhouette_line(model: TrainedModel, problem: Problem, dataset: Dataset) -> MetricLine:
    """How well separated the groups are, measured on the grouped rows."""
    from mlpm.evaluate.clusters import cluster_report
    from mlpm.explain.clusters import silhouette_sentence
    from mlpm.model.catalogue import prepare_features

    features = prepare_features(dataset.frame, problem).iloc[np.asarray(model.rows)]
    report = cluster_report(features, np.asarray(model.y_pred))
    return MetricLine("Silhouette", report.silhouette, report.silhouette, report.silhouette,
                      silhouette_sentence(report))


def _baseline_words(analysis: Analysis, problem: Problem) -> str:
    """The no-learning baseline's accuracy and F1 on the same rows (classification only)."""
    baselines = [m for m in analysis.models.values() if m.is_baseline]
    if not baselines or not problem.is_classification:
        return ""
    _, base = classification_report(baselines[0], positive_label=problem.positive_label,
                                    threshold=analysis.threshold)
    return (f"For comparison, {baselines[0].name.lower()} scores accuracy "
            f"{base['accuracy']:.3f} and F1 {base['f1']:.3f} on the same rows"
            + (f" at the same threshold ({analysis.threshold:.2f})."
               if problem.task == "binary" else "."))


def _limitations(analysis: Analysis, problem: Problem, dataset: Dataset,
                 split: Split) -> list[str]:
    """What the card warns about: the test size (or the groups' reach), the data version, and
    the learning curve's diagnosis when there is one."""
    counts = split.counts()
    limitations = [
        (f"Tested on {counts['test']:,} rows: small differences between models may be chance."
         if problem.is_supervised else
         "The groups describe this data; new data can shift them, so re-run and compare before "
         "reusing the segments."),
        (f"Trained on data version {dataset.version}; if the data drifts, retrain and re-check."),
    ]
    if analysis.curve is not None:
        limitations.append(diagnosis_sentence(analysis.curve, diagnose(analysis.curve)))
    return limitations


def card_facts(analysis: Analysis, *, intended_use: str = "", users: str = "") -> CardFacts:
    """Model-card facts for the selected model, computed from its test predictions."""
    model, problem, dataset, split = analysis.model, analysis.problem, analysis.dataset, analysis.split
    if model is None or problem is None or dataset is None or split is None:
        raise ValueError("A model card needs a dataset, a problem, a split and a trained model.")
    lines = _metric_lines(analysis, model, problem, dataset)
    baseline_words = _baseline_words(analysis, problem)
    limitations = _limitations(analysis, problem, dataset, split)
    return CardFacts(
        model_name=model.name, model_kind=type(model.pipeline.named_steps["model"]).__name__,
        parameters=model.params(), trained_at=f"{dt.date.today():%Y-%m-%d}",
        task_words=problem.describe, target=problem.target, positive_label=problem.positive_label,
        intended_use=intended_use or (
            f"Flag likely '{problem.target}' cases so the team can act early."
            if problem.is_supervised else
            "Describe segments of similar rows so the team can tailor its offers and messages."),
        users=users or "Product and operations teams, with a person reviewing each decision.",
        dataset_name=dataset.name, data_version=dataset.version, rows=dataset.n_rows,
        columns=dataset.n_columns, features=problem.features, split_words=split.plan.describe(),
        cleaning=analysis.cleaning, metrics=tuple(lines), baseline_words=baseline_words,
        interval_words=_interval_words(problem.task),
        decision_words=_decision_words(analysis),
        fairness=fairness_lines(analysis) if problem.is_supervised else (_CLUSTER_FAIRNESS,),
        drivers=drivers_lines(analysis),
        limitations=tuple(limitations),
        ethics=("Check the fairness section before using the model on people.",
                "Do not use it for decisions with legal or financial consequences without review."),
        hosting=_hosting_lines(analysis))
