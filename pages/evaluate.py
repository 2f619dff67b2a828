"""Evaluate: what the model gets right and wrong on test rows, and what that is worth."""

import streamlit as st

from mlpm.ui.evaluation_views import binary_view, clustering_view, multiclass_view, regression_view
from mlpm.ui.frame import need, page_header, stale_notice, stop_here

journey = page_header(
    "Evaluate",
    "How often is the model right, what kind of mistakes does it make, and what are they worth? "
    "Everything here is measured on the test rows the model never saw.", visit="evaluate")

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
subtitle = f"{model.name} · {len(model.rows) or len(model.y_test):,} test rows · data version " \
           f"{journey.dataset.version}"


def task_of(model) -> str:
    """What the model answers, from its own results (the problem may have changed since)."""
    if not len(model.y_test):
        return "clustering"
    if not model.classes:
        return "regression"
    return "binary" if model.scores is not None and model.scores.ndim == 1 else "multiclass"


if task_of(model) != problem.task or (problem.task == "binary"
                                      and problem.positive_label not in model.classes):
    st.info("This model answers a different question than the one now chosen, so its results "
            "can't be shown. Train again for the current target.", icon=":material/history:")
    stop_here()
views = {"binary": binary_view, "multiclass": multiclass_view, "regression": regression_view,
         "clustering": clustering_view}
views[problem.task](journey, model, subtitle)

st.page_link("pages/drivers.py", label="What drives it? Why this case? What if?",
             icon=":material/insights:")
st.page_link("pages/fitting.py", label="Next: check for over- or underfitting",
             icon=":material/arrow_forward:")
