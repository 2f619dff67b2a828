"""Split: put test rows aside before any training, so the final score is honest."""

import streamlit as st

from mlpm.charts.training import split_chart
from mlpm.explain.safe import md
from mlpm.explain.training import (
    CLUSTERING_SPLIT,
    TIME_SPLIT_EXPLAINED,
    VALIDATION_EXPLAINED,
    date_ranges_sentence,
    split_check_sentence,
    split_summary,
)
from mlpm.model.split import (
    PRESETS,
    SplitPlan,
    date_columns,
    part_balance,
    plan_split,
    split_checks,
)
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stale_notice, stop_here

journey = page_header(
    "Split the data",
    "A model is judged on rows it has never seen. We set some rows aside as a **test** part now; "
    "models learn only from the **train** part, so the test score tells you how the model will do "
    "on new customers.")

if not need(journey.dataset is not None, "First load data and choose what to predict.",
            "pages/data.py", "Go to Data review"):
    stop_here()
if not need(journey.problem is not None, "First choose what to predict (or no target, to find "
            "groups).", "pages/features.py", "Go to Problem & features"):
    stop_here()
if journey.problem_stale:
    stale_notice("The target choice", "The data changed since you chose the target.",
                 "pages/features.py", "Choose the target again on Problem & features")
    stop_here()

dataset, problem = journey.dataset, journey.problem

if not problem.is_supervised:
    st.info(CLUSTERING_SPLIT, icon=":material/info:")
    if st.button("Use all rows", type="primary", key="split", icon=":material/select_all:"):
        with guarded("preparing the rows"):
            journey.set_split(plan_split(dataset, problem, SplitPlan()))
    split = journey.fresh_split
    if split is not None:
        st.metric("Rows to group", f"{len(split.train):,}")
        st.page_link("pages/train.py", label="Next: find the groups", icon=":material/arrow_forward:")
    stop_here()

plan = journey.split.plan if journey.split else SplitPlan()
dates = date_columns(dataset.frame)
CUSTOM = "Custom"
preset_names = [*PRESETS, CUSTOM]
current = next((k for k, v in PRESETS.items() if abs(v - plan.test_size) < 1e-9), CUSTOM)
left, right = st.columns([2, 3])
with left:
    by_date = False
    if dates:
        mode = st.radio("How to pick the test rows", ["At random", "By date"],
                        index=1 if plan.time_column in dates else 0, horizontal=True,
                        key="split_mode",
                        help="By date: train on older rows, test on newer ones, as the model "
                             "will be used.")
        by_date = mode == "By date"
        if by_date:
            time_column = st.selectbox("Date column", dates,
                                       index=dates.index(plan.time_column)
                                       if plan.time_column in dates else 0,
                                       key="split_time_column")
            st.caption(TIME_SPLIT_EXPLAINED)
    preset = st.radio("Train / test", preset_names, index=preset_names.index(current),
                      horizontal=True, key="split_preset",
                      help="More test rows give a more reliable score; more train rows a better model.")
    if preset == CUSTOM:
        test_share = st.slider("Test share", 0.05, 0.50, value=float(plan.test_size), step=0.05,
                               format="%.2f", key="split_custom")
    else:
        test_share = PRESETS[preset]
    with_validation = st.checkbox("Also keep a validation part for tuning",
                                  value=bool(plan.validation_size), key="split_validation")
    validation_share = 0.0
    if with_validation:
        validation_share = st.slider("Validation share", 0.05, 0.30,
                                     value=float(plan.validation_size or 0.15), step=0.05,
                                     format="%.2f", key="split_validation_share")
        st.caption(VALIDATION_EXPLAINED)
    stratify = False  # a split by date keeps time order; numbers have no classes to balance
    if not by_date and problem.is_classification:
        stratify = st.checkbox("Same share of each outcome in every part", value=plan.stratify,
                               key="split_stratify",
                               help="Called 'stratified'. Keeps a rare outcome from ending up "
                                    "mostly in one part by chance.")
    with st.expander("Repeatability"):
        seed = st.number_input(
            "Shuffle number (random seed)", min_value=0, max_value=2**31 - 1, value=plan.seed,
            step=1, key="split_seed",
            help="The same number always gives the same split, so anyone can repeat your results.")
    clicked = st.button("Split the data", type="primary", key="split", icon=":material/call_split:")
if clicked:
    with right, guarded("splitting the data"):
        journey.set_split(plan_split(dataset, problem, SplitPlan(
            test_size=float(test_share), validation_size=float(validation_share),
            stratify=stratify, seed=int(seed), time_column=time_column if by_date else None)))

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
        st.markdown(split_summary(split))
        if split.stratified:
            st.caption("Stratified: each part has the same share of every outcome as the whole table.")
        if split.is_time_based:
            st.caption(date_ranges_sentence(split))
        if split.dropped_missing_target:
            st.caption(f"{split.dropped_missing_target:,} rows have no value in "
                       f"'{md(problem.target)}' and are left out.")
        if split.dropped_missing_date:
            st.caption(f"{split.dropped_missing_date:,} rows have no readable date in "
                       f"'{md(split.plan.time_column)}' and are left out.")
        subtitle = f"{split.plan.describe()} · data version {dataset.version}"
        show_chart(split_chart(part_balance(dataset, problem, split), subtitle=subtitle),
                   width="stretch")
        checks = split_checks(dataset, problem, split)
        for check in checks:
            message, action = split_check_sentence(check, problem)
            box = st.error if check.severity == "high" else st.warning
            box(f"**{message}**  \n{action}", icon=":material/warning:")
        if not checks:
            st.caption("Checked: no test row is a copy of a training row, and every part is large "
                       "enough to trust.")
        st.page_link("pages/train.py", label="Next: train models", icon=":material/arrow_forward:")
