"""Split: put test rows aside before any training, so the final score is honest."""

import streamlit as st

from mlpm.charts.training import split_chart
from mlpm.split import PRESETS, SplitPlan, part_balance, plan_split
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stale_notice, stop_here

journey = page_header(
    "Split the data",
    "A model is judged on rows it has never seen. We set some rows aside as a **test** part now; "
    "models learn only from the **train** part, so the test score tells you how the model will do "
    "on new customers.")

if not need(journey.dataset is not None and journey.problem is not None,
            "First load data and choose what to predict.", "pages/data.py", "Go to Data review"):
    stop_here()
if journey.problem_stale:
    stale_notice("The target choice", "The data changed since you chose the target.",
                 "pages/data.py", "Choose the target again on Data review")
    stop_here()

dataset, problem = journey.dataset, journey.problem
plan = journey.split.plan if journey.split else SplitPlan()
preset_names = list(PRESETS)
current = next((k for k, v in PRESETS.items() if abs(v - plan.test_size) < 1e-9), "80/20")
left, right = st.columns([2, 3])
with left:
    preset = st.radio("Train / test", preset_names, index=preset_names.index(current),
                      horizontal=True, key="split_preset",
                      help="More test rows give a more reliable score; more train rows a better model.")
    stratify = st.checkbox("Same share of each outcome in every part", value=plan.stratify,
                           key="split_stratify", disabled=not problem.is_classification,
                           help="Called 'stratified'. Keeps a rare outcome from ending up "
                                "mostly in one part by chance.")
    with st.expander("Repeatability"):
        seed = st.number_input(
            "Shuffle number (random seed)", min_value=0, max_value=2**31 - 1, value=plan.seed,
            step=1, key="split_seed",
            help="The same number always gives the same split, so anyone can repeat your results.")
    clicked = st.button("Split the data", type="primary", key="split", icon=":material/call_split:")
if clicked:
    with guarded("splitting the data"):
        journey.set_split(plan_split(dataset, problem, SplitPlan(
            test_size=PRESETS[preset], stratify=stratify, seed=int(seed))))

split = journey.split
with right:
    if split is None:
        st.info("Choose the shares and press **Split the data**.", icon=":material/info:")
    elif journey.split_stale:
        stale_notice("This split", "The data or the target changed since it was made.",
                     "pages/split.py", "Split again with the button on the left")
    else:
        counts = split.counts()
        metric_cols = st.columns(len(counts))
        for col, (part, rows) in zip(metric_cols, counts.items(), strict=True):
            col.metric(f"{part.title()} rows", f"{rows:,}")
        st.markdown(f"**{split.plan.describe()}**: models learn from {counts['train']:,} rows; "
                    f"the score you will present comes from {counts['test']:,} rows they never saw.")
        if split.stratified:
            st.caption("Stratified: each part has the same share of every outcome as the whole table.")
        if split.dropped_missing_target:
            st.caption(f"{split.dropped_missing_target:,} rows have no value in '{problem.target}' "
                       "and are left out.")
        show_chart(split_chart(part_balance(dataset, problem, split)), width="stretch")
        st.page_link("pages/train.py", label="Next: train models", icon=":material/arrow_forward:")
