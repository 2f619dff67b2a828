"""The Evaluate page's sections: matrix with clickable cells, threshold, money, fairness.

Kept out of ``pages/evaluate.py`` so the page stays a short list of sections. Everything that
moves with the threshold runs in one ``st.fragment``: dragging the slider reruns only that
part, and every number in it comes from one sort of the scores (``ThresholdSweep``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mlpm.charts.evaluation import (
    CUT,
    confusion_chart,
    matrix_side,
    money_chart,
    pr_chart,
    predicted_vs_actual_chart,
    residual_chart,
    roc_chart,
    sweep_confusion_chart,
    threshold_chart,
)
from mlpm.charts.fairness import group_chart
from mlpm.data.csv_safe import safe_csv
from mlpm.data.dataset import Dataset
from mlpm.errors import UserError
from mlpm.evaluate.fairness import group_report
from mlpm.evaluate.metrics import (
    BinaryConfusion,
    ThresholdSweep,
    binary_sweep,
    cell_positions,
    classification_report,
    companions,
    largest_errors,
    pr_points,
    ranking_metrics,
    regression_details,
    regression_report,
    roc_points,
    rows_behind,
    score_sweep,
)
from mlpm.evaluate.money import CURRENCIES, Costs, MoneyCurve, format_money, money_curve, summarise
from mlpm.explain import fairness as fair_words
from mlpm.explain import money as money_words
from mlpm.explain.metrics import (
    METRIC_NAMES,
    WHEN_IT_MATTERS,
    binary_sentences,
    cell_words,
    confusion_cell_names,
    more_binary_sentences,
    multiclass_more_sentences,
    multiclass_sentences,
    positive_noun,
    regression_detail_sentences,
    regression_sentences,
)
from mlpm.explain.safe import md
from mlpm.explain.wording import plain_number
from mlpm.model.problem import Problem
from mlpm.model.training import TrainedModel
from mlpm.present.export.figures import Figure
from mlpm.ui.cache import (
    cached_group_columns,
    cached_ranking,
    cached_sensitive_columns,
    cached_spec,
)
from mlpm.ui.charts import export_buttons, show_chart
from mlpm.ui.feedback import guarded, show_user_error
from mlpm.ui.state import Journey

ROW_LIMIT = 2000


def metric_cards(metrics: dict[str, float], sentences: dict[str, str], keys: list[str],
                 percent: bool = True) -> None:
    """One card per metric: the number, the plain sentence, when it matters."""
    columns = st.columns(len(keys))
    for column, key in zip(columns, keys, strict=True):
        value = metrics[key]
        with column.container(border=True):
            st.metric(METRIC_NAMES[key], f"{value:.0%}" if percent else plain_number(value),
                      help=WHEN_IT_MATTERS.get(key))
            st.caption(sentences[key])


def measures_table(rows: list[tuple[str, str, str]]) -> None:
    """More measures as one readable table: name, value, what it means, when it matters."""
    if not rows:
        return
    lines = ["| Measure | Value | What it means | When it matters |", "|---|---|---|---|"]
    for key, value, sentence in rows:
        lines.append(f"| **{METRIC_NAMES.get(key, key)}** | {value} | {sentence} | "
                     f"{WHEN_IT_MATTERS.get(key, '')} |")
    st.markdown("\n".join(lines))


# --- charts that move with the threshold -------------------------------------------------

def content_key(model: TrainedModel, *extra: object) -> str:
    """Names what a chart shows: the model's test answers and scores, plus ``extra``."""
    digest = hashlib.sha1()
    for part in (model.y_test, model.y_pred, model.scores):
        if part is not None:
            digest.update(np.ascontiguousarray(np.asarray(part).astype(str)).tobytes())
    digest.update(repr((model.key, model.name, model.split_key, extra)).encode())
    return digest.hexdigest()[:20]


class LazyFigure:
    """An export (PNG/SVG) whose chart is only built when a download button is clicked."""

    def __init__(self, key: str, build: Callable[[], alt.TopLevelMixin], takeaway: str) -> None:
        self.key, self.build, self.takeaway = key, build, takeaway

    def png(self) -> bytes:
        return Figure(self.key, self.build(), self.takeaway).png()

    def svg(self) -> str:
        return Figure(self.key, self.build(), self.takeaway).svg()


def moving_chart(kind: str, key: str, build: Callable[[], alt.TopLevelMixin], threshold: float,
                 *, width: str | int = "stretch", takeaway: str = "",
                 select_key: str | None = None) -> object:
    """Show a chart whose spec is cached; only its ``cut`` parameter follows the slider.

    With ``select_key`` the chart reports clicks (``on_select="rerun"``), which is why this calls
    ``st.vega_lite_chart`` itself instead of ``show_chart``.
    """
    spec = cached_spec(kind, key, build)
    for param in spec.get("params", []):
        if param.get("name") == CUT:
            param["value"] = float(threshold)
    extra = ({"on_select": "rerun", "selection_mode": "cell", "key": select_key}
             if select_key else {})
    event = st.vega_lite_chart(spec, width=width, theme=None, **extra)
    export_buttons(LazyFigure(kind, build, takeaway))  # type: ignore[arg-type]
    return event


# --- the rows behind a cell --------------------------------------------------------------

def _clicked_cell(event: object, select: str) -> tuple[str, str] | None:
    """The (actual, predicted) cell picked in the chart, if any."""
    selection = getattr(event, "selection", None) or {}
    picked = selection.get(select) if hasattr(selection, "get") else None
    if not picked:
        return None
    first = picked[0]
    if "actual" not in first or "predicted" not in first:
        return None
    return str(first["actual"]), str(first["predicted"])


def new_click(event: object, key: str) -> tuple[str, str] | None:
    """The cell the PM has just clicked (None when nothing new was clicked)."""
    cell = _clicked_cell(event, "cell")
    seen_key = f"_{key}_seen"
    if cell is None:
        st.session_state.pop(seen_key, None)
        return None
    if st.session_state.get(seen_key) != repr(cell):
        st.session_state[seen_key] = repr(cell)
        return cell
    return None


def rows_section(model: TrainedModel, dataset: Dataset, problem: Problem, options: dict[str, str],
                 cells: dict[str, tuple[str, str]], clicked: str | None, *,
                 positive_label: str | None, threshold: float) -> None:
    """Pick a cell (or click one) and see its test rows, with a safe CSV download."""
    if clicked is not None:
        st.session_state["eval_cell"] = clicked
    if st.session_state.get("eval_cell") not in options:
        st.session_state.pop("eval_cell", None)
    choice = st.selectbox("Show the test rows of", list(options), index=None,
                          format_func=options.get, key="eval_cell",
                          placeholder="Click a cell of the matrix, or pick one here")
    if choice is None:
        st.caption("Click any cell of the matrix to list the rows behind it: their features, "
                   "the real answer, the prediction and the model's probability.")
        return
    actual, predicted = cells[choice]
    positions = cell_positions(model, actual, predicted, positive_label=positive_label,
                               threshold=threshold)
    rows = rows_behind(model, dataset.frame, problem.features, positions,
                       positive_label=positive_label, threshold=threshold, target=problem.target)
    shown = rows.head(ROW_LIMIT)
    more = f" (the first {ROW_LIMIT:,} shown)" if len(rows) > ROW_LIMIT else ""
    st.markdown(f"**{len(rows):,} test rows**{more}: really **{md(actual)}**, predicted "
                f"**{md(predicted)}**. Row numbers are the rows of your file.")
    if len(rows):
        st.dataframe(shown, height=min(38 + 35 * len(shown), 320), key="eval_rows_table")
        st.download_button("Download these rows (CSV)", data=safe_csv(rows),
                           file_name=f"{model.key}_actual-{actual}_predicted-{predicted}.csv",
                           mime="text/csv", icon=":material/download:", key="eval_rows_download",
                           on_click="ignore",
                           help="Cells that a spreadsheet could run as a formula (starting with "
                                "=, +, -, @) are written as plain text.")


# --- binary ---------------------------------------------------------------------------------

def _others(journey: Journey, model: TrainedModel) -> tuple[TrainedModel | None, TrainedModel | None]:
    """The baseline and the PM's rule trained on the same split, if any (not the model itself)."""
    return companions(journey.models.values(), model)


def _set_threshold(journey: Journey, value: float) -> None:
    """Callback of "use the most valuable threshold": moves the slider (and the journey)."""
    journey.threshold = float(value)
    st.session_state["threshold"] = float(value)


def outcomes_list(confusion: BinaryConfusion, names: dict[str, str], positive_words: str,
                  flagged_share: float) -> None:
    """The four cells in words; ``names`` and ``positive_words`` are plain text (chart labels)."""
    st.markdown("**The four outcomes**")
    st.markdown("\n".join(f"- **{confusion.cells()[key]:,}** · {md(names[key])}"
                          for key in ("tp", "fn", "fp", "tn")))
    st.caption(f"The model flags {flagged_share:.0%} of cases as {md(positive_words)} at this "
               "threshold.")


@st.fragment
def verdict_line(journey: Journey, model: TrainedModel) -> None:
    """The decision metric at the operating point and the verdict: the same words as Train and
    the meeting pack (one results object)."""
    from mlpm.evaluate.leaderboard import format_score
    from mlpm.explain.metrics import metric_title
    from mlpm.explain.training import analysis_recommendation
    from mlpm.ui.pack import results_of

    results = results_of(journey)
    at = (f" at threshold {journey.threshold:.2f}"
          if journey.problem is not None and journey.problem.task == "binary" else "")
    score = format_score(results.metric, results.score(model))
    st.info(f"**{metric_title(results.metric)}{at}: {score}** for {md(model.name)}. The "
            f"verdict, on this same score for every model: {analysis_recommendation(results)}",
            icon=":material/gavel:")


def binary_view(journey: Journey, model: TrainedModel, subtitle: str) -> None:
    """Slider, matrix, rows, metrics, curves, money and fairness: all move with the threshold.

    The charts' specs are built once per model (cached); a slider move only changes their
    ``cut`` parameter, so it costs a few milliseconds of numbers and no chart building.
    """
    problem, dataset = journey.problem, journey.dataset
    positive = problem.positive_label
    sweep = binary_sweep(model, positive)
    # The journey gives the start value when the slider has no state (first visit, or back
    # from another page); a button may also set the state, and then no value is passed.
    start = {} if "threshold" in st.session_state else {"value": round(float(journey.threshold), 2)}
    threshold = st.slider(
        "Threshold: how sure the model must be before it flags a case", 0.0, 1.0, step=0.01,
        key="threshold", **start,
        help="Lower: more cases flagged, fewer missed, more false alarms. Higher: the reverse.")
    threshold = round(float(threshold), 2)  # a slider position: the charts' grid holds it
    journey.threshold = threshold
    if getattr(model, "is_rule", False):
        st.caption("Your rule answers yes or no, so the threshold does not change it.")
    confusion = sweep.at(threshold)
    metrics = confusion.metrics()
    sentences = binary_sentences(confusion, metrics, problem.target)
    negative = confusion.negative_label
    names = confusion_cell_names(problem.target, positive, negative)
    words = cell_words(problem.target, positive)
    positive_words = f"{problem.target} = {positive}"
    cells = {"tp": (positive, positive), "fn": (positive, negative), "fp": (negative, positive),
             "tn": (negative, negative)}
    grid = sweep.grid_frame()
    key = content_key(model, subtitle, positive)
    left, right = st.columns([3, 2])
    with left:
        def build_matrix(t: float = threshold) -> alt.TopLevelMixin:
            return sweep_confusion_chart(grid, positive, negative, t, cell_words=words,
                                         cell_names=names, subtitle=subtitle, select="cell")

        event = moving_chart("confusion-matrix", key, build_matrix, threshold,
                             width=matrix_side(2) + 140, select_key="eval_matrix",
                             takeaway=sentences["recall"] + " " + sentences["precision"])
        clicked = new_click(event, "eval_matrix")
    with right:
        outcomes_list(confusion, names, positive_words, metrics["flagged_share"])
    clicked_key = next((k for k, c in cells.items() if c == clicked), None) if clicked else None
    # Labels without counts: the selectbox keeps its choice by label while the threshold moves.
    options = {k: f"{words[k][0].upper()}{words[k][1:]}" for k in ("fp", "fn", "tp", "tn")}
    rows_section(model, dataset, problem, options, cells, clicked_key, positive_label=positive,
                 threshold=threshold)

    verdict_line(journey, model)
    metric_cards(metrics, sentences, ["accuracy", "precision", "recall", "f1"])
    ranking = cached_ranking(key, positive, model)
    more = more_binary_sentences(confusion, metrics, ranking, problem.target)
    values = {**metrics, **ranking}
    measures_table([(k, f"{values[k]:.2f}" if k == "log_loss" else f"{values[k]:.0%}", more[k])
                    for k in ("specificity", "flagged_share", "roc_auc", "pr_auc", "log_loss")
                    if k in more])
    trade = ("Moving the threshold trades finding more cases (recall) against fewer false "
             "alarms (precision).")
    moving_chart("threshold", key,
                 lambda t=threshold: threshold_chart(sweep.curve(), t, subtitle=subtitle),
                 threshold, takeaway=trade)
    st.caption(trade + " The dashed line is your current choice.")
    if "roc_auc" in ranking:
        roc_col, pr_col = st.columns(2)
        with roc_col:
            moving_chart("roc", key,
                         lambda t=threshold: roc_chart(
                             roc_points(model.y_test, model.scores, positive), ranking["roc_auc"],
                             grid=grid, threshold=t),
                         threshold, takeaway=more["roc_auc"])
            st.caption(more["roc_auc"])
        with pr_col:
            base_rate = sweep.positives / sweep.n if sweep.n else 0.0
            moving_chart("precision-recall", key,
                         lambda t=threshold: pr_chart(
                             pr_points(model.y_test, model.scores, positive), ranking["pr_auc"],
                             base_rate, grid=grid, threshold=t),
                         threshold, takeaway=more["pr_auc"])
            st.caption(more["pr_auc"])
    money_section(journey, model, sweep, threshold, subtitle)
    fairness_section(journey, model, threshold)


# --- money ------------------------------------------------------------------------------------

def cost_inputs(journey: Journey, noun: str) -> Costs | None:
    """The PM's values and costs, re-derived from the journey on every run."""
    labels = money_words.cost_labels(noun)
    costs = journey.costs
    row1 = st.columns(3)
    row2 = st.columns(3)
    amount = {"min_value": 0.0, "step": 1.0, "format": "%.2f"}
    tp = row1[0].number_input(labels["tp_value"], value=float(costs.tp_value), key="money_tp",
                              **amount)
    fp = row1[1].number_input(labels["fp_cost"], value=float(costs.fp_cost), key="money_fp",
                              **amount)
    fn = row1[2].number_input(labels["fn_cost"], value=float(costs.fn_cost), key="money_fn",
                              **amount)
    tn = row2[0].number_input(labels["tn_value"], value=float(costs.tn_value), key="money_tn",
                              **amount)
    cases = row2[1].number_input(labels["cases_per_month"], min_value=1.0,
                                 value=float(costs.cases_per_month), step=100.0, format="%.0f",
                                 key="money_cases",
                                 help="How many cases the model would score in a typical month.")
    currency = row2[2].selectbox("Currency", CURRENCIES,
                                 index=CURRENCIES.index(costs.currency)
                                 if costs.currency in CURRENCIES else 0, key="money_currency")
    try:
        journey.costs = Costs(tp, fp, fn, tn, cases, currency)
    except UserError as error:
        show_user_error(error)
        return None
    return journey.costs


def money_section(journey: Journey, model: TrainedModel, sweep: ThresholdSweep, threshold: float,
                  subtitle: str) -> None:
    problem = journey.problem
    noun = positive_noun(problem.target, problem.positive_label)
    st.subheader("What is it worth?")
    st.caption(money_words.costs_prompt(noun))
    costs = cost_inputs(journey, noun)
    if costs is None or not costs.is_set:
        st.info("Enter at least one value or cost to see the model's value per month and the "
                "most valuable threshold.", icon=":material/payments:")
        return
    baseline, rule = _others(journey, model)
    positive = problem.positive_label
    base_sweep, rule_sweep = score_sweep(baseline, positive), score_sweep(rule, positive)
    summary = summarise(sweep, costs, threshold, model_name=model.name,
                        baseline=(baseline.name, base_sweep) if base_sweep else None,
                        rule=(rule.name, rule_sweep) if rule_sweep else None)
    headline = money_words.money_headline(summary)
    best = summary.curve.best_threshold
    gain = summary.monthly - summary.curve.nothing
    cols = st.columns(3)
    cols[0].metric("Worth per month vs doing nothing", format_money(gain, costs.currency),
                   help="Expected value of acting on the model's flags, minus doing nothing.")
    cols[1].metric("Most valuable threshold", f"{best:.2f}",
                   help="The threshold with the highest expected value on the test rows.")
    versus = summary.contender("rule") or summary.contender("baseline")
    if versus is not None:
        label = "vs your rule" if versus.key == "rule" else "vs the baseline"
        cols[2].metric(f"Worth per month {label}",
                       format_money(summary.monthly - versus.monthly, costs.currency))
    (st.success if gain > 0 else st.warning)(f"**{headline}**", icon=":material/payments:")
    st.markdown(money_words.best_sentence(summary))
    if summary.contender("baseline"):
        st.caption(money_words.baseline_sentence(summary))
    base_curve: MoneyCurve | None = money_curve(base_sweep, costs) if base_sweep else None
    rule_value = summary.contender("rule").monthly if summary.contender("rule") else None
    def build(t: float = threshold) -> alt.TopLevelMixin:
        return money_chart(summary.curve, t, baseline=base_curve,
                           baseline_name="no-learning baseline",
                           rule_value=rule_value, rule_name="your rule",
                           subtitle=f"{subtitle} · {costs.cases_per_month:,.0f} cases a month")

    moving_chart("money", content_key(model, subtitle, costs, baseline and baseline.name,
                                      rule_value), build, threshold, takeaway=headline)
    if abs(best - threshold) > 1e-9:
        st.button(f"Use the most valuable threshold ({best:.2f})", key="money_best",
                  icon=":material/target:", on_click=_set_threshold, args=(journey, best))


# --- fairness ----------------------------------------------------------------------------------

def fairness_section(journey: Journey, model: TrainedModel, threshold: float = 0.5) -> None:
    """Metrics by group of one column, the largest gap, and a warning when it is large."""
    problem, dataset = journey.problem, journey.dataset
    st.subheader("Is it as good for every group?")
    columns = cached_group_columns(dataset.version, problem.target, dataset.frame)
    if not columns:
        st.caption("No column splits the rows into groups (such as gender or age band).")
        return
    current = journey.fairness_column if journey.fairness_column in columns else None
    if journey.fairness_column is None:  # not chosen yet: start on a column about people
        sensitive = cached_sensitive_columns(dataset.version, problem.target, dataset.frame)
        current = next((c for c in sensitive if c in columns), None)
    column = st.selectbox("Compare groups of", columns, index=columns.index(current)
                          if current else None, key="fair_column",
                          placeholder="Choose a column, e.g. gender or age",
                          help="The model's results on the test rows, one group at a time. "
                               "The column needn't be a feature the model uses.")
    journey.fairness_column = column
    if column is None:
        st.caption("A model can be good on average and still poor for one group of people. "
                   "Choose a column to compare its groups.")
        return
    with guarded("comparing groups"):
        report = group_report(model, dataset.frame, column, task=problem.task,
                              positive_label=problem.positive_label, threshold=threshold)
        noun = (positive_noun(problem.target, problem.positive_label)
                if problem.task == "binary" else "real cases")
        sentence = fair_words.fairness_sentence(report, noun)
        (st.warning if report.served_worse or report.flagged_by_mistake else st.success)(
            sentence, icon=":material/balance:")
        metric = report.headline.metric if report.headline else report.metrics[0]
        title = fair_words.GROUP_METRIC_NAMES.get(metric, metric)
        chart_subtitle = (f"{model.name} · test rows"
                          + (f" · threshold {threshold:.2f}" if problem.task == "binary" else ""))
        moving_chart(f"groups-{column}", content_key(model, column, metric, threshold),
                     lambda: group_chart(report, metric, title, title=f"{title} by {column}",
                                         subtitle=chart_subtitle),
                     threshold, takeaway=sentence)
        for note in (fair_words.banded_note(report), fair_words.small_groups_note(report)):
            if note:
                st.caption(note)
        shown = report.table.copy()
        rates = [k for k in report.metrics if k not in ("mae", "bias")]
        shown[rates] = shown[rates] * 100  # shown as whole percentages
        config = {k: st.column_config.NumberColumn(fair_words.GROUP_METRIC_NAMES.get(k, k),
                                                   format="%.0f%%") for k in rates}
        config |= {k: st.column_config.NumberColumn(fair_words.GROUP_METRIC_NAMES.get(k, k),
                                                    format="%.2f")
                   for k in report.metrics if k not in rates}
        st.dataframe(shown, key="fair_table", column_config={
            **config, "rows": st.column_config.NumberColumn("Test rows"),
            "cases": st.column_config.NumberColumn("Real cases")})


# --- multiclass and regression --------------------------------------------------------------

@st.fragment
def multiclass_view(journey: Journey, model: TrainedModel, subtitle: str) -> None:
    problem, dataset = journey.problem, journey.dataset
    table, metrics = classification_report(model)
    sentences = multiclass_sentences(metrics, len(model.y_test), len(table.labels))
    event = moving_chart(
        "confusion-matrix", content_key(model, subtitle),
        lambda: confusion_chart(table, title="Confusion matrix", subtitle=subtitle,
                                select="cell"),
        0.5, width=matrix_side(len(table.labels)) + 140, select_key="eval_matrix",
        takeaway=sentences["accuracy"])
    clicked = new_click(event, "eval_matrix")
    st.caption("Rows are the real classes, columns the model's answers; the diagonal is right. "
               "Each cell shows its count, the share of its real class and of its prediction.")
    found = [(f"{i}:{j}", actual, predicted, table.matrix[i][j])
             for i, actual in enumerate(table.labels) for j, predicted in enumerate(table.labels)
             if table.matrix[i][j]]
    found.sort(key=lambda c: (c[1] == c[2], -c[3]))  # mistakes first, biggest first
    cells = {key: (actual, predicted) for key, actual, predicted, _ in found}
    ordered = {key: f"really {actual}, predicted {predicted}" for key, actual, predicted, _ in found}
    clicked_key = next((k for k, c in cells.items() if c == clicked), None) if clicked else None
    rows_section(model, dataset, problem, ordered, cells, clicked_key, positive_label=None,
                 threshold=0.5)
    verdict_line(journey, model)
    metric_cards(metrics, sentences, ["accuracy", "precision", "recall", "f1"])
    ranking = ranking_metrics(model)
    more = multiclass_more_sentences(ranking, len(table.labels))
    measures_table([(k, f"{ranking[k]:.2f}" if k == "log_loss" else f"{ranking[k]:.0%}", more[k])
                    for k in ("roc_auc", "log_loss") if k in more])
    fairness_section(journey, model)


def regression_view(journey: Journey, model: TrainedModel, subtitle: str) -> None:
    problem, dataset = journey.problem, journey.dataset
    metrics = regression_report(model)
    verdict_line(journey, model)
    metric_cards(metrics, regression_sentences(metrics, problem.target), ["mae", "rmse", "r2"],
                 percent=False)
    details = regression_details(model)
    words = regression_detail_sentences(details, problem.target)
    measures_table([(k, f"{details[k]:.0%}" if k == "mape" else f"{details[k]:,.2f}", words[k])
                    for k in ("mape", "median_error", "p90_error", "bias") if k in words])
    if "mape" not in details:
        st.caption(f"No % error: some real values of {md(problem.target)} are 0.")
    left, right = st.columns(2)
    actual, predicted = pd.Series(model.y_test), pd.Series(model.y_pred)
    with left:
        show_chart(predicted_vs_actual_chart(actual, predicted, problem.target,
                                             subtitle=subtitle),
                   takeaway=words["median_error"], name="predicted-vs-actual")
        st.caption("Each dot is a test case; dots on the dashed line are perfect predictions.")
    with right:
        show_chart(residual_chart(actual, predicted, problem.target, subtitle=subtitle),
                   takeaway=words["bias"], name="errors")
        st.caption("Dots above 0 were predicted too high, below 0 too low. A pattern (a funnel, "
                   "a curve) means the model misses something systematic.")
    st.markdown("**The largest misses**")
    worst = largest_errors(model, dataset.frame, problem.features, target=problem.target)
    st.dataframe(worst, height=300, key="eval_worst_table",
                 column_config={"error": st.column_config.NumberColumn(
                     f"error (predicted − actual {problem.target})", format="%.2f")})
    st.download_button("Download these rows (CSV)", data=safe_csv(worst),
                       file_name=f"{model.key}_largest_errors.csv", mime="text/csv",
                       icon=":material/download:", key="eval_rows_download", on_click="ignore")
    fairness_section(journey, model)


# --- clustering ---------------------------------------------------------------------------------

def clustering_view(journey: Journey, model: TrainedModel, subtitle: str) -> None:
    from mlpm.charts.clusters import cluster_map_chart, cluster_sizes_chart
    from mlpm.evaluate.clusters import cluster_report
    from mlpm.explain.clusters import profile_sentence, silhouette_sentence
    from mlpm.model.catalogue import prepare_features

    problem, dataset = journey.problem, journey.dataset
    rows = np.asarray(model.rows)
    features = prepare_features(dataset.frame, problem).iloc[rows]
    with guarded("describing the groups"):
        report = cluster_report(features, np.asarray(model.y_pred))
        cols = st.columns(3)
        cols[0].metric("Groups", f"{len(report.profiles)}")
        cols[1].metric("Rows grouped", f"{report.n_rows:,}")
        cols[2].metric(METRIC_NAMES["silhouette"], "n/a" if np.isnan(report.silhouette)
                       else f"{report.silhouette:.2f}", help=WHEN_IT_MATTERS["silhouette"])
        sentence = silhouette_sentence(report)
        st.markdown(f"**{sentence}**")
        left, right = st.columns([2, 3])
        with left:
            show_chart(cluster_sizes_chart(report, subtitle=subtitle), takeaway=sentence,
                       name="group-sizes")
        with right:
            show_chart(cluster_map_chart(report), takeaway=sentence, name="group-map")
        st.markdown("**What each group is like**")
        st.markdown("\n".join(f"- {profile_sentence(p)}" for p in report.profiles))
        st.caption("Each group is described by the features where it differs most from the "
                   "average row. Numbers are averages; 'mostly' names the most common value.")

