"""Score new data: apply a trained model to new rows and download the predictions."""

import streamlit as st

from mlpm.data.load import SUFFIXES, load_table
from mlpm.explain.lifecycle import SCORE_PRIVACY, score_summary, trained_on
from mlpm.explain.safe import md
from mlpm.lifecycle.scoring import score_frame
from mlpm.lifecycle.store.model_files import load_model
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stop_here
from mlpm.ui.runs import current_run_id, get_store, lifecycle, session_model, session_run_ids

journey = page_header(
    "Score new data",
    "Apply a trained model to new rows, for example this month's customers, and download the "
    "predictions for your team, a spreadsheet or your CRM.")
state = lifecycle(journey)

store = get_store()
if store is None:
    stop_here()
in_session = session_run_ids(journey)
runs = [r for r in store.runs(include_baselines=False) if r.has_model or r.id in in_session]
if not need(bool(runs), "No model to score with yet: train one (it stays available in this "
            "session) or save one on Run history to use it later.", "pages/train.py",
            "Go to Train"):
    stop_here()
by_id = {r.id: r for r in runs}
ids = list(by_id)
current = current_run_id(journey)
run_id = st.selectbox(
    "Model", ids, index=ids.index(current) if current in by_id else 0, key="score_run",
    format_func=lambda i: by_id[i].label + ("" if by_id[i].has_model else " · this session"))
run = by_id[run_id]
st.caption(trained_on(run) + (" Its model file is saved." if run.has_model else
                              " Its fitted model lives in this session only; save it on Run "
                              "history to score with it later."))
with st.expander(f"Columns the model needs ({len(run.features)})"):
    st.markdown(", ".join(map(md, run.features)))
    if run.target:
        st.caption(f"The answer column '{md(run.target)}' may be missing: that is what the model "
                   "fills in. If it is there, you also see how often the model was right.")

uploaded = st.file_uploader("The new rows", key="score_upload", type=list(SUFFIXES),
                            help="A table with the same columns as the training data.")
if uploaded is None:
    st.info("Upload a file to get a prediction for every row.", icon=":material/upload_file:")
    stop_here()

with guarded("scoring the file"):
    dataset = load_table(uploaded.getvalue(), uploaded.name)
    model = session_model(journey, run.id)
    pipeline = model.pipeline if model is not None else load_model(store, run.id)
    result = score_frame(pipeline, dataset.frame, target=run.target, task=run.task,
                         positive_label=run.positive_label, threshold=run.threshold)
    state.scored = True
    st.success(score_summary(result.summary, run.target, run.task), icon=":material/done_all:")
    for note in result.notes:
        (st.warning if note.level == "warning" else st.info)(
            md(note.text),
            icon=":material/warning:" if note.level == "warning" else ":material/info:")
    added = [result.prediction_column, *result.probability_columns]
    preview = result.predictions[added + [c for c in result.predictions.columns if c not in added]]
    labels = {result.prediction_column: f"Predicted {run.target}" if run.target else "Group"}
    config: dict[str, object] = {result.prediction_column: labels[result.prediction_column]}
    for column in result.probability_columns:
        config[column] = st.column_config.ProgressColumn(
            f"Probability of {column.removeprefix('probability_')}", min_value=0.0,
            max_value=1.0, format="%.2f")
    st.dataframe(preview.head(200), hide_index=True, width="stretch", column_config=config)
    shown = ("Every row is shown above" if result.n_rows <= 200
             else f"The first 200 of {result.n_rows:,} rows are shown above")
    st.caption(f"{shown}; the download has every row and every column of your file, with the "
               "predictions added on the right.")
    stem = uploaded.name.rsplit(".", 1)[0][:60] or "scored"
    st.download_button("Download the predictions (CSV)", data=result.csv(),
                       file_name=f"{stem}_predictions.csv", mime="text/csv", type="primary",
                       key="download_predictions", icon=":material/download:", on_click="ignore")
    st.caption(SCORE_PRIVACY + " Text cells that start like a spreadsheet formula (=, +, -, @) "
               "get a leading apostrophe, so opening the file can't run anything.")
