"""What drives it?: the columns the model relies on, why one case got its answer, what if."""

import hashlib

import streamlit as st

from mlpm.evaluate.contributions import case_context
from mlpm.ui.drivers_views import (
    NEW_FILE,
    case_header,
    importance_section,
    new_file_case,
    pick_case,
    what_if_section,
    why_section,
)
from mlpm.ui.frame import need, need_trained_models, page_header, stop_here
from mlpm.ui.pack import results_of

journey = page_header(
    "What drives it?",
    "Which columns the model relies on, why it gave one case its answer, and what would change "
    "that answer. Everything is measured on the test rows the model never saw.", visit="drivers")

need_trained_models(journey)
problem = journey.problem
if not problem.is_supervised:
    st.info("Groups found without a target have no answer to explain: see what each group is "
            "like on Evaluate.", icon=":material/info:")
    st.page_link("pages/evaluate.py", label="Go to Evaluate", icon=":material/arrow_forward:")
    stop_here()
learners = {k: m for k, m in journey.models.items() if m.kind == "model"}
if not need(bool(learners), "Train a model (not only the baseline or your rule) to see what "
            "drives it.", "pages/train.py", "Go to Train"):
    stop_here()
keys = list(learners)
current = journey.selected_model if journey.selected_model in learners else keys[0]
chosen = st.selectbox("Model", keys, index=keys.index(current),
                      format_func=lambda k: learners[k].name, key="drivers_model")
journey.selected_model = chosen  # the model the meeting pack explains
model = learners[chosen]
if problem.task == "binary" and problem.positive_label not in model.classes:
    st.info("This model answers a different question than the one now chosen. Train again for "
            "the current target.", icon=":material/history:")
    stop_here()
subtitle = f"{model.name} · {len(model.y_test):,} test rows · data version " \
           f"{journey.dataset.version}"

importance = importance_section(journey, results_of(journey), model, subtitle)

st.subheader("Why did the model say this about one case?")
position = pick_case(model, problem, journey.threshold)
if position is None:
    stop_here()
table, reference = case_context(model, journey.dataset, problem, journey.fresh_split)
if position == NEW_FILE:
    picked = new_file_case(model, problem, list(table.columns), journey.threshold)
    if picked is None:
        stop_here()
    case, header = picked
    row = "new_" + hashlib.sha1(header.encode()).hexdigest()[:10]  # its what-if inputs' keys
else:
    case = table.iloc[[position]]
    header = case_header(model, problem, position, journey.threshold)
    row = int(model.rows[position])
st.markdown(header)
why_section(model, problem, case, reference, subtitle)

st.subheader("What if?")
st.caption("Change this case's inputs (ranges and choices come from your training rows) and "
           "see the model's answer move. Only the inputs you move change the case.")
what_if_section(journey, model, case, reference, importance, row)
