"""Run history: every trained model with the data it learnt from; compare versions side by side."""

import pandas as pd
import streamlit as st

from mlpm.charts.lifecycle import comparison_chart, runs_chart
from mlpm.explain.lifecycle import (
    SETTING_NAMES,
    at_threshold,
    comparison_sentences,
    costs_sentence,
    cv_sentence,
    history_summary,
    metric_title,
    store_location,
    thresholds_sentence,
    titled_metrics,
    trained_on,
)
from mlpm.explain.safe import md
from mlpm.lifecycle.store.compare import MAX_RUNS, compare_runs, short_label
from mlpm.lifecycle.store.model_files import save_model
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stop_here
from mlpm.ui.runs import get_store, session_model

journey = page_header(
    "Run history",
    "Every model you train is recorded here with the data it learnt from, its settings and its "
    "scores, so you can always say **which model was trained on which data**, and compare "
    "versions over time.")

store = get_store()
if store is None:
    stop_here()
st.caption(store_location(store.where, shared=store.dialect != "sqlite"))
all_runs = store.runs()
versions = {v.version: v for v in store.data_versions()}
if not need(bool(all_runs), history_summary(0, 0, 0), "pages/train.py", "Go to Train"):
    stop_here()
st.markdown(history_summary(len(all_runs), len({r.data_version for r in all_runs}),
                            len({r.dataset_name for r in all_runs})))


def data_label(run) -> str:
    return f"{run.dataset_name} · {run.n_rows:,} rows · version {run.data_version}"


# --- filters --------------------------------------------------------------------------
targets = list(dict.fromkeys(r.target for r in all_runs))
left, middle, right = st.columns([2, 3, 2])
target = left.selectbox("Predicting", targets, key="history_target",
                        format_func=lambda t: t or "(groups, no target)",
                        help="Runs that predict different things can't be compared; pick one.")
names = list(dict.fromkeys(r.dataset_name for r in all_runs if r.target == target))
tables = middle.multiselect("Tables", names, key="history_tables", placeholder="All tables")
with right:
    st.write("")
    show_baselines = st.toggle("Show baselines", value=False, key="history_baselines",
                               help="The no-learning baselines trained next to every model.")
search = st.text_input("Search notes and model names", key="history_search",
                       placeholder="e.g. pricing change")
runs = [r for r in all_runs if r.target == target and (not tables or r.dataset_name in tables)
        and (show_baselines or not r.is_baseline)
        and (not search or search.lower() in (r.note + " " + r.model_name).lower())]
if not runs:
    st.info("No run matches these filters.", icon=":material/filter_alt_off:")
    stop_here()

metric = runs[0].headline_metric
frame = pd.DataFrame([{
    "run": r.id, "when": r.when, "model": r.model_name, "data": data_label(r),
    "version": r.data_version, "rows": r.n_rows, "columns": r.n_columns,
    "features": len(r.features), "score": r.headline, "threshold": r.threshold,
    "note": r.note, "saved": "saved" if r.has_model else "", "label": f"#{r.id}",
} for r in runs])

scored = frame.dropna(subset=["score"])
if not scored.empty:
    what = f"Predicting '{target}'" if target else "Finding groups"
    show_chart(runs_chart(scored, metric_title(metric),
                          subtitle=f"{what} · one dot per trained model, one line per data version"),
               width="stretch")
st.caption("Dots on the same line learnt from exactly the same data. A new line means the data "
           "changed (rows added, values edited or cleaned), so scores can move for two reasons: "
           "the model and the data.")
st.dataframe(
    frame.drop(columns=["data", "label"]), hide_index=True, width="stretch",
    column_config={
        "run": st.column_config.NumberColumn("Run", format="#%d"),
        "when": "When (UTC)", "model": "Model", "version": "Data version",
        "rows": st.column_config.NumberColumn("Rows", format="localized"),
        "columns": "Columns", "features": "Features used",
        "score": st.column_config.NumberColumn(
            metric_title(metric), format="%.3f",
            help="Yes/no scores are at each run's own threshold (the next column)."),
        "threshold": st.column_config.NumberColumn("Threshold", format="%.2f"),
        "note": "Note", "saved": "Model file"})

with st.expander(f"Data versions ({len({r.data_version for r in runs})})"):
    rows = []
    for version in dict.fromkeys(r.data_version for r in runs):
        info = versions.get(version)
        used = [r for r in runs if r.data_version == version]
        rows.append({"version": version, "table": used[0].dataset_name, "rows": used[0].n_rows,
                     "columns": used[0].n_columns, "first used": min(r.when for r in used),
                     "models trained": len(used),
                     "drift profile": "kept" if info and info.profile else "not kept"})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption("A data version is a fingerprint of the table's content: same version, same rows "
               "and values. The drift profile is a small per-column summary (no raw rows) used "
               "to check newer data against it.")

# --- compare --------------------------------------------------------------------------
st.subheader("Compare runs")
by_id = {r.id: r for r in runs}
newest_per_version = list(dict.fromkeys(
    next(r.id for r in runs if r.data_version == v) for v in dict.fromkeys(
        r.data_version for r in runs)))
default = (newest_per_version[:2][::-1] if len(newest_per_version) >= 2
           else [r.id for r in runs[:2]][::-1])
chosen = st.multiselect(
    f"Pick 2 to {MAX_RUNS} runs; the first one is the reference", list(by_id), default=default,
    max_selections=MAX_RUNS, format_func=lambda i: by_id[i].label, key="compare_runs")
if len(chosen) >= 2:
    with guarded("comparing runs"):
        comparison = compare_runs([by_id[i] for i in chosen], versions)
        for sentence in comparison_sentences(comparison):
            st.markdown(f"- {sentence}")
        scores = titled_metrics(comparison.metrics)
        show_chart(comparison_chart(scores,
                                    subtitle=f"On each run's own test rows and threshold · "
                                             f"change vs {short_label(comparison.reference)} "
                                             "in brackets"),
                   width="stretch")
        table = scores.pivot_table(index="metric_title", columns="run_label", values="value",
                                   sort=False)
        table.index.name = "Metric"
        st.dataframe(table, width="stretch",
                     column_config={c: st.column_config.NumberColumn(c, format="%.3f")
                                    for c in table.columns})
        if thresholds_sentence(comparison.runs):
            st.caption(thresholds_sentence(comparison.runs))
        if comparison.settings.empty:
            st.caption("Same model settings and split in every run.")
        else:
            st.markdown("**Settings that differ**")
            st.dataframe(comparison.settings, hide_index=True, width="stretch")
        for run_id, (added, removed) in comparison.features.items():
            if added or removed:
                parts = ([f"adds {', '.join(map(md, added))}"] if added else []) + (
                    [f"drops {', '.join(map(md, removed))}"] if removed else [])
                st.markdown(f"- Features of #{run_id} vs #{comparison.reference.id}: "
                            + "; ".join(parts) + ".")
        if not any(a or r for a, r in comparison.features.values()):
            st.caption("Every run learnt from the same feature columns.")
else:
    st.caption("Pick at least two runs to see them side by side.")

# --- one run --------------------------------------------------------------------------
st.subheader("One run in detail")
run_id = st.selectbox("Run", list(by_id), format_func=lambda i: by_id[i].label, key="run_detail")
run = by_id[run_id]
st.markdown(trained_on(run))
left, right = st.columns(2)
with left:
    st.markdown(f"**Scores on the test rows{at_threshold(run.threshold)}**")
    st.dataframe(pd.DataFrame({"metric": [metric_title(k) for k in run.metrics],
                               "value": list(run.metrics.values())}),
                 hide_index=True, column_config={"metric": "Metric",
                                                 "value": st.column_config.NumberColumn(
                                                     "Value", format="%.3f")})
    if cv_sentence(run.cv_metrics):
        st.caption(cv_sentence(run.cv_metrics))
with right:
    st.markdown("**Settings**")
    settings = {"model": run.model_name, "complexity": run.complexity,
                "threshold": run.threshold,
                **{SETTING_NAMES.get(k, k): v for k, v in run.split.items()}, **run.params}
    st.dataframe(pd.DataFrame({"setting": list(settings), "value": [str(v) for v in
                                                                     settings.values()]}),
                 hide_index=True, height=260, column_config={"setting": "Setting",
                                                             "value": "Value"})
st.caption(f"Features ({len(run.features)}): " + ", ".join(map(md, run.features)))
if run.cleaning:
    st.caption("Cleaning steps: " + "; ".join(md(s.get("description", s)) for s in run.cleaning))
if costs_sentence(run.costs):
    st.caption(costs_sentence(run.costs))

note = st.text_area("Note", value=run.note, key=f"run_note_{run.id}",
                    placeholder="e.g. 'after the March price change', 'shown at the Q2 review'")
if st.button("Save note", key="save_note", icon=":material/edit_note:"):
    with guarded("saving the note"):
        store.set_note(run.id, note)
        st.toast(f"Note saved on run #{run.id}", icon=":material/check:")
        st.rerun()

st.markdown("**Model file**")
model = session_model(journey, run.id)
if run.has_model:
    st.download_button("Download the model file (.skops)", data=lambda: store.model_bytes(run.id),
                       file_name=f"mlpm-run-{run.id}.skops", key="download_model",
                       icon=":material/download:", on_click="ignore")
    st.caption("Saved in the safe skops format (never pickle): it can only rebuild scikit-learn "
               "types, and mlpm checks them before loading. Use it on Score new data.")
elif model is not None:
    st.caption("The fitted model is in this session but not saved yet. Save it to score new "
               "data later, from any session.")
    if st.button("Save the fitted model", key="save_model", icon=":material/save:"):
        with guarded("saving the model"):
            size = save_model(store, run.id, model.pipeline)
            st.toast(f"Saved run #{run.id}'s model ({size / 1024:,.0f} KB)", icon=":material/check:")
            st.rerun()
else:
    st.caption("Only the record was kept: the fitted model was not saved and is not in this "
               "session. Retrain it from Drift & retraining or Train to get it back.")
