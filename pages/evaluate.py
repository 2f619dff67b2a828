"""Evaluate: what the model gets right and wrong on test rows, and what the threshold changes."""

import pandas as pd
import streamlit as st

from mlpm.charts.evaluation import confusion_chart, predicted_vs_actual_chart, threshold_chart
from mlpm.evaluation import binary_sweep, classification_report, regression_report
from mlpm.explain.metrics import (
    METRIC_NAMES,
    WHEN_IT_MATTERS,
    binary_sentences,
    confusion_cell_names,
    multiclass_sentences,
    regression_sentences,
)
from mlpm.ui.charts import show_chart
from mlpm.ui.frame import need, page_header, stale_notice, stop_here

journey = page_header(
    "Evaluate",
    "How often is the model right, and what kind of mistakes does it make? Everything here is "
    "measured on the test rows the model never saw.", visit="evaluate")

if not need(bool(journey.models), "First train at least one model.", "pages/train.py", "Go to Train"):
    stop_here()
if journey.models_stale:
    stale_notice("These results", "The data, target or split changed after training.",
                 "pages/train.py", "Train again")

problem = journey.problem
models = journey.models
keys = list(models)
current = journey.selected_model if journey.selected_model in models else keys[-1]
chosen = st.selectbox("Model", keys, index=keys.index(current), format_func=lambda k: models[k].name,
                      key="eval_model")
journey.selected_model = chosen
model = models[chosen]
subtitle = f"{model.name} · {len(model.y_test):,} test rows · data version {journey.dataset.version}"


MATRIX_WIDTH = 440


def metric_cards(metrics: dict[str, float], sentences: dict[str, str], keys: list[str],
                 percent: bool = True) -> None:
    """One card per metric: the number, the plain sentence, when it matters."""
    columns = st.columns(len(keys))
    for column, key in zip(columns, keys, strict=True):
        value = metrics[key]
        with column.container(border=True):
            st.metric(METRIC_NAMES[key], f"{value:.0%}" if percent else f"{value:,.3g}",
                      help=WHEN_IT_MATTERS.get(key))
            st.caption(sentences[key])


@st.fragment
def binary_view() -> None:
    """Slider + matrix + metrics; only this part reruns when the threshold moves."""
    positive = problem.positive_label
    sweep = binary_sweep(model, positive)
    threshold = st.slider(
        "Threshold: how sure the model must be before it flags a case", 0.0, 1.0,
        value=float(journey.threshold), step=0.01, key="threshold",
        help="Lower: more cases flagged, fewer missed, more false alarms. Higher: the reverse.")
    journey.threshold = threshold
    confusion = sweep.at(threshold)
    metrics = confusion.metrics()
    sentences = binary_sentences(confusion, metrics, problem.target)
    negative = confusion.negative_label
    names = confusion_cell_names(problem.target, positive, negative)
    left, right = st.columns([3, 2])
    with left:
        table, _ = classification_report(model, positive_label=positive, threshold=threshold)
        cells = {(0, 0): names["tp"], (0, 1): names["fn"], (1, 0): names["fp"], (1, 1): names["tn"]}
        show_chart(confusion_chart(table, cell_names=cells,
                                        title=f"Confusion matrix at threshold {threshold:.2f}",
                                        subtitle=subtitle), width=MATRIX_WIDTH)
    with right:
        st.markdown("**The four outcomes**")
        for key, count in (("tp", confusion.tp), ("fn", confusion.fn), ("fp", confusion.fp),
                           ("tn", confusion.tn)):
            st.markdown(f"- **{count:,}** · {names[key]}")
        st.caption(f"The model flags {metrics['flagged_share']:.0%} of cases as "
                   f"{problem.target} = {positive} at this threshold.")
    metric_cards(metrics, sentences, ["accuracy", "precision", "recall", "f1"])
    show_chart(threshold_chart(sweep.curve(), threshold, subtitle=subtitle), width="stretch")
    st.caption("Moving the threshold trades finding more cases (recall) against fewer false "
               "alarms (precision). The dashed line is your current choice.")


if problem.task == "binary":
    binary_view()
elif problem.task == "multiclass":
    table, metrics = classification_report(model)
    show_chart(confusion_chart(table, subtitle=subtitle), width=MATRIX_WIDTH)
    metric_cards(metrics, multiclass_sentences(metrics, len(model.y_test), len(table.labels)),
                 ["accuracy", "precision", "recall", "f1"])
else:
    metrics = regression_report(model)
    metric_cards(metrics, regression_sentences(metrics, problem.target), ["mae", "rmse", "r2"],
                 percent=False)
    show_chart(predicted_vs_actual_chart(pd.Series(model.y_test), pd.Series(model.y_pred),
                                         problem.target, subtitle=subtitle))
    st.caption("Each dot is a test case; dots on the dashed line are perfect predictions.")

st.page_link("pages/fitting.py", label="Next: check for over- or underfitting",
             icon=":material/arrow_forward:")
