"""Data review: load a table, see what is wrong with it, choose what to predict."""

import streamlit as st

from mlpm.charts.data import balance_chart, missing_chart
from mlpm.data.quality import class_balance
from mlpm.problem import TASK_WORDS, define_problem, feature_exclusions
from mlpm.samples import SAMPLES
from mlpm.ui.cache import cached_review
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded, show_user_error
from mlpm.ui.frame import page_header, stop_here
from mlpm.ui.loading import load_sample_into, load_upload

journey = page_header(
    "Data review",
    "Load the table your analyst exported. mlpm lists what is missing, odd or risky, and you "
    "choose the column you want to predict.")

limit_mb = st.get_option("server.maxUploadSize")
upload_tab, sample_tab = st.tabs([":material/upload_file: Upload a file", ":material/dataset: Use a sample"])
with upload_tab:
    uploaded = st.file_uploader(
        "A table: CSV, TSV or TXT (also .gz or .zip), or Parquet",
        type=["csv", "tsv", "txt", "gz", "zip", "parquet"], key="upload",
        help=f"Files up to {limit_mb} MB. The data stays on this server, in your session only.")
    st.caption(f"Upload limit: {limit_mb} MB per file. Nothing is sent anywhere else.")
    if uploaded is not None and uploaded.file_id != journey.upload_seen:
        journey.upload_seen = uploaded.file_id
        with st.spinner(f"Reading {uploaded.name}…"):
            load_upload(journey, uploaded.name, uploaded.getvalue())
    if journey.load_error is not None:
        show_user_error(journey.load_error)
        if journey.dataset is not None:
            st.info(f"Nothing was lost: still using **{journey.dataset.name}**, loaded before.",
                    icon=":material/inventory:")
        remedy = getattr(journey.load_error, "remedy", None)
        if (uploaded is not None and remedy == "skip_bad_lines"
                and st.button("Load anyway, skipping the lines that do not fit", key="skip_bad_lines")):
            load_upload(journey, uploaded.name, uploaded.getvalue(), skip_bad_lines=True)
            st.rerun()
with sample_tab:
    choice = st.selectbox("Sample", list(SAMPLES), format_func=lambda k: SAMPLES[k].title,
                          key="sample_choice")
    st.caption(SAMPLES[choice].question)
    if st.button("Load this sample", key="load_sample", icon=":material/download:"):
        load_sample_into(journey, choice)
        st.rerun()

dataset = journey.dataset
if dataset is None:
    st.info("Load a file or a sample to start.", icon=":material/info:")
    stop_here()

st.divider()
st.subheader(f"{dataset.name}")
cols = st.columns(3)
cols[0].metric("Rows", f"{dataset.n_rows:,}")
cols[1].metric("Columns", dataset.n_columns)
cols[2].metric("Missing cells", f"{dataset.frame.isna().to_numpy().mean():.1%}")
st.caption(f"Data version `{dataset.version}`: a fingerprint of the content. Any change to the "
           "data gives a new version, so every result says which data it used."
           + (f" {dataset.source_note}." if dataset.source_note else ""))

st.subheader("What do you want to predict?")
st.caption("The target is the column holding the answer you want the model to give for new cases, "
           "for example whether a customer churned.")
columns = list(dataset.frame.columns)
current = journey.problem.target if journey.problem and journey.problem.target in columns else None
target = st.selectbox("Target column", columns, index=columns.index(current) if current else None,
                      placeholder="Choose the column to predict", key="target")
problem = None
if target:
    with guarded("setting up the prediction"):
        keep = journey.problem if journey.problem and journey.problem.target == target else None
        positive = keep.positive_label if keep else None
        features = list(keep.features) if keep and not journey.problem_stale else None
        problem = define_problem(dataset, target, positive_label=positive, features=features)
        if problem.task == "binary":
            positive = st.selectbox(
                "The outcome you care about (the 'positive' class)", list(problem.classes),
                index=list(problem.classes).index(problem.positive_label), key=f"positive_{target}",
                help="Precision and recall are counted for this value, e.g. 'churned = Yes'.")
        excluded = feature_exclusions(dataset.frame, target)
        candidates = [c for c in columns if c != target]
        with st.expander(f"Features the model may use ({len(problem.features)} of {len(candidates)})"):
            features = st.multiselect("Features", candidates, default=list(problem.features),
                                      key=f"features_{target}")
            for name, reason in excluded.items():
                st.caption(f"'{name}' is left out by default: it {reason}.")
        problem = define_problem(dataset, target, positive_label=positive, features=features)
        if journey.problem is None or journey.problem.key != problem.key:
            journey.set_problem(problem)
        st.success(f"Predicting **{target}**: a {TASK_WORDS[problem.task]} from "
                   f"{len(problem.features)} features.", icon=":material/target:")

report = cached_review(dataset.version, target, dataset)
st.subheader("Alerts")
icons = {"high": ":material/error:", "medium": ":material/warning:", "low": ":material/info:"}
if not report.alerts:
    st.success("No problems found in this table.", icon=":material/check_circle:")
for alert in report.alerts:
    box = {"high": st.error, "medium": st.warning, "low": st.info}[alert.severity]
    box(f"**{alert.message}**  \n{alert.action}", icon=icons[alert.severity])

left, right = st.columns(2)
with left:
    st.subheader("Columns")
    table = report.columns_frame()
    st.dataframe(table[["name", "kind", "missing_share", "unique", "example"]], hide_index=True,
                 height=min(36 * (len(table) + 1) + 3, 560),
                 column_config={"missing_share": st.column_config.ProgressColumn(
                     "Missing", format="percent", min_value=0.0, max_value=1.0),
                     "name": "Column", "kind": "Type", "unique": "Different values",
                     "example": "Example"})
    st.caption("Type says how mlpm treats each column; 'Missing' is the share of empty cells.")
with right:
    if target and problem is not None and problem.is_classification:
        show_chart(balance_chart(class_balance(dataset.frame, target), target),
                        width="stretch")
        st.caption("If one value is rare, a model can look accurate while never predicting it.")
    if (table["missing_share"] > 0).any():
        show_chart(missing_chart(table), width="stretch")
        st.caption("Gaps are filled automatically before training; many gaps weaken a column.")

if problem is not None and journey.problem and not journey.problem_stale:
    st.page_link("pages/split.py", label="Next: split the data", icon=":material/arrow_forward:")
