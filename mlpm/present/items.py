"""Meeting-pack items for data readiness, money, the validation curve and fairness by group.

Like the items in :mod:`mlpm.present.pack`, each builder reads results already computed (the
readiness lights, the PM's costs, a drawn validation curve, the chosen group column) and
returns ``None`` when the analysis has no such result yet, so the Present page can say what is
missing instead of drawing an empty slide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlpm.charts.curves import validation_curve_chart
from mlpm.charts.data import readiness_chart
from mlpm.charts.evaluation import money_chart
from mlpm.charts.fairness import group_chart
from mlpm.evaluate.curves import sweet_spot
from mlpm.evaluate.fairness import FairnessError, GroupReport, group_report
from mlpm.evaluate.metrics import companions, score_sweep
from mlpm.evaluate.money import money_curve, summarise
from mlpm.explain import curves as curve_words
from mlpm.explain import data as data_words
from mlpm.explain import fairness as fair_words
from mlpm.explain import money as money_words
from mlpm.explain.metrics import positive_noun
from mlpm.explain.safe import md
from mlpm.present.export.figures import Figure
from mlpm.present.export.pack import PackItem
from mlpm.project.analysis import Analysis


def readiness_item(analysis: Analysis) -> PackItem | None:
    """The data-readiness traffic lights (sufficient, fresh, representative, …)."""
    readiness = analysis.readiness
    if readiness is None or not readiness.items:
        return None
    items = list(readiness.items.values())
    titles = {i.key: data_words.READINESS_TITLES[i.key] for i in items}
    said = {i.key: f"{titles[i.key]}: {data_words.readiness_headline(i)}" for i in items}
    lights = pd.DataFrame({"question": [titles[i.key] for i in items],
                           "status": [i.status for i in items],
                           "label": [data_words.STATUS_LABELS[i.status] for i in items]})
    headline = data_words.readiness_summary(items)
    flagged = [i for i in items if i.status in ("bad", "warn")] or items
    points = tuple(said[i.key] for i in flagged[:4])
    subtitle = f"{analysis.dataset.name} · data version {readiness.data_version}" \
        if analysis.dataset else ""
    return PackItem("readiness", "Is the data ready?", headline,
                    Figure("readiness", readiness_chart(lights, subtitle=subtitle), headline),
                    points, notes=" ".join(said[i.key] for i in items))


def money_item(analysis: Analysis) -> PackItem | None:
    """What the model is worth per month at the chosen threshold, against the alternatives."""
    model, problem, costs = analysis.model, analysis.problem, analysis.costs
    if model is None or problem is None or problem.task != "binary" or costs is None \
            or not costs.is_set:
        return None
    positive = problem.positive_label
    sweep = score_sweep(model, positive)
    if sweep is None:
        return None
    baseline, rule = companions(analysis.models.values(), model)
    base_sweep, rule_sweep = score_sweep(baseline, positive), score_sweep(rule, positive)
    summary = summarise(sweep, costs, analysis.threshold, model_name=model.name,
                        baseline=(baseline.name, base_sweep) if base_sweep else None,
                        rule=(rule.name, rule_sweep) if rule_sweep else None)
    headline = money_words.money_headline(summary)
    rule_value = summary.contender("rule").monthly if summary.contender("rule") else None
    chart = money_chart(summary.curve, analysis.threshold,
                        baseline=money_curve(base_sweep, costs) if base_sweep else None,
                        baseline_name="no-learning baseline", rule_value=rule_value,
                        rule_name="your rule",
                        subtitle=f"{analysis.subtitle(model)} · "
                                 f"{costs.cases_per_month:,.0f} cases a month")
    points = [headline, money_words.best_sentence(summary)]
    if summary.contender("baseline"):
        points.append(money_words.baseline_sentence(summary))
    return PackItem("money", "What is it worth?", headline, Figure("money", chart, headline),
                    tuple(points), notes=" ".join(points))


def validation_item(analysis: Analysis) -> PackItem | None:
    """The validation curve: how complex the model should be, and where it is now."""
    result = analysis.validation
    if result is None:
        return None
    spot = sweet_spot(result)
    sentence = curve_words.sweet_spot_sentence(result, spot)
    subtitle = f"data version {analysis.dataset.version}" if analysis.dataset else ""
    chart = validation_curve_chart(result, sweet=spot.index,
                                   title=f"Validation curve: {result.model_name}",
                                   subtitle=subtitle)
    caption = curve_words.validation_caption(result)
    return PackItem("validation", "How complex should the model be?", sentence,
                    Figure("validation", chart, sentence), (sentence, caption),
                    notes=f"{sentence} {caption}")


def fairness_report(analysis: Analysis) -> GroupReport | None:
    """The selected model's results by group of the chosen column, if one was chosen."""
    model, problem, dataset = analysis.model, analysis.problem, analysis.dataset
    column = analysis.fairness_column
    if model is None or problem is None or dataset is None or not column \
            or column not in dataset.frame.columns:
        return None
    try:
        return group_report(model, dataset.frame, column, task=problem.task,
                            positive_label=problem.positive_label, threshold=analysis.threshold)
    except FairnessError:
        return None


def _noun(analysis: Analysis) -> str:
    problem = analysis.problem
    if problem is not None and problem.task == "binary":
        return positive_noun(problem.target, problem.positive_label)
    return "real cases"


def fairness_item(analysis: Analysis) -> PackItem | None:
    """Is the model as good for every group? The largest gap, as a chart and a sentence."""
    report = fairness_report(analysis)
    if report is None:
        return None
    sentence = fair_words.fairness_sentence(report, _noun(analysis))
    metric = report.headline.metric if report.headline else report.metrics[0]
    title = fair_words.GROUP_METRIC_NAMES.get(metric, metric)
    model = analysis.model
    subtitle = f"{model.name} · test rows" + (
        f" · threshold {analysis.threshold:.2f}" if report.threshold is not None else "")
    chart = group_chart(report, metric, title, title=f"{title} by {report.column}",
                        subtitle=subtitle)
    notes = [n for n in (fair_words.banded_note(report), fair_words.small_groups_note(report)) if n]
    return PackItem("fairness", fair_words.fairness_title(report.column), sentence,
                    Figure("fairness", chart, sentence), (sentence, *notes),
                    notes=" ".join([sentence, *notes]))


def fairness_lines(analysis: Analysis) -> tuple[str, ...]:
    """The model card's fairness section: the largest gap, then each group's figures."""
    report = fairness_report(analysis)
    if report is None:
        return ()
    lines = [fair_words.fairness_sentence(report, _noun(analysis))]
    shown = [m for m in report.metrics if m in ("recall", "accuracy", "false_alarm_rate", "mae")]
    for group, row in report.table.iterrows():
        figures = ", ".join(
            f"{fair_words.GROUP_METRIC_NAMES.get(m, m).lower()} "
            + (f"{row[m]:,.2f}" if m == "mae" else f"{row[m]:.0%}")
            for m in shown if pd.notna(row[m]))
        lines.append(f"{md(report.column)} = {md(group)} ({int(row['rows']):,} test rows): "
                     f"{figures}")
    lines.extend(n for n in (fair_words.banded_note(report), fair_words.small_groups_note(report))
                 if n)
    return tuple(lines)


def groups_item(analysis: Analysis) -> PackItem | None:
    """Clustering: how distinct the groups are, their sizes and what each one is like."""
    from mlpm.charts.clusters import cluster_sizes_chart
    from mlpm.evaluate.clusters import cluster_report
    from mlpm.explain.clusters import profile_sentence, silhouette_sentence
    from mlpm.model.catalogue import prepare_features

    model, problem, dataset = analysis.model, analysis.problem, analysis.dataset
    if model is None or problem is None or dataset is None or problem.is_supervised:
        return None
    rows = np.asarray(model.rows)
    if rows.size == 0:
        return None
    features = prepare_features(dataset.frame, problem).iloc[rows]
    report = cluster_report(features, np.asarray(model.y_pred))
    sentence = silhouette_sentence(report)
    profiles = tuple(profile_sentence(p) for p in report.profiles)
    chart = cluster_sizes_chart(report, subtitle=analysis.subtitle(model))
    return PackItem("groups", f"{len(report.profiles)} groups in the data", sentence,
                    Figure("groups", chart, sentence), profiles[:5],
                    notes=" ".join([sentence, *profiles]))
