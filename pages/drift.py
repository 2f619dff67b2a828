"""Drift and retraining: has the data moved since training? Retrain with the same recipe."""

import streamlit as st

from mlpm.charts.lifecycle import comparison_chart, drift_chart
from mlpm.data.load import SUFFIXES, load_table
from mlpm.errors import UserError
from mlpm.explain.lifecycle import (
    DRIFT_HOW,
    DRIFT_TITLES,
    LEVEL_WORDS,
    RETRAIN_HOW,
    at_threshold,
    column_sentence,
    data_difference,
    drift_summary,
    recipe_sentence,
    recorded_sentence,
    retrain_sentence,
    run_score_sentence,
    titled_metrics,
    trained_on,
)
from mlpm.explain.progress import step_label
from mlpm.explain.safe import md
from mlpm.lifecycle.recipe import Recipe, cleaning_log, retrain
from mlpm.lifecycle.retrain_decision import decide_retrain, run_settings
from mlpm.lifecycle.store.compare import column_changes, comparison_rows
from mlpm.lifecycle.store.model_files import load_model
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded, show_user_error
from mlpm.ui.frame import need, page_header, stop_here
from mlpm.ui.runs import (
    cached_drift,
    current_run_id,
    get_store,
    lifecycle,
    record_run,
    session_model,
)
from mlpm.ui.serving import live_traffic_section

journey = page_header(
    "Drift and retraining",
    "Data keeps changing after a model is trained: new customers, new prices, a changed sign-up "
    "form. Load the newest data to see which columns moved since the model learnt, then "
    "retrain it on the new data with the same recipe and decide which version to use.")
state = lifecycle(journey)

store = get_store()
if store is None:
    stop_here()
runs = store.runs(include_baselines=False)
if not need(bool(runs), "Train a model first: the data it learnt from is what new data is "
            "compared with.", "pages/train.py", "Go to Train"):
    stop_here()
by_id = {r.id: r for r in runs}
current = current_run_id(journey)
ids = list(by_id)
ref_id = st.selectbox("Model to check", ids, index=ids.index(current) if current in by_id else 0,
                      format_func=lambda i: by_id[i].label, key="drift_run")
ref = by_id[ref_id]
st.caption(f"{trained_on(ref)} {run_score_sentence(ref)}")
version = store.data_version(ref.data_version)
if version is None or not version.profile:
    st.warning("No summary of this run's training data was kept (it was recorded by an older "
               "mlpm), so drift can't be measured against it. Pick another run.",
               icon=":material/warning:")
    stop_here()
live_traffic_section(store, ref)

# --- the newer data -------------------------------------------------------------------
uploaded = st.file_uploader(
    "The newer data: a table with the same columns as the training file",
    type=list(SUFFIXES), key="drift_upload",
    help="For example this month's export. It stays in your session on this server.")
if uploaded is not None and uploaded.file_id != state.new_data_seen:
    state.new_data_seen = uploaded.file_id
    try:
        with st.spinner(f"Reading {md(uploaded.name)}…"):
            state.new_data = load_table(uploaded.getvalue(), uploaded.name)
        state.new_data_error = None
        state.retrain = None
    except UserError as error:
        state.new_data_error = error
if state.new_data_error is not None:
    show_user_error(state.new_data_error)
    if state.new_data is not None:
        st.info(f"Still using **{md(state.new_data.name)}**, loaded before.",
                icon=":material/inventory:")
new = state.new_data
if new is None:
    st.info("Upload the newer file to check it.", icon=":material/upload_file:")
    stop_here()

st.markdown(f"**{md(new.name)}**: {new.n_rows:,} rows × {new.n_columns} columns, data version "
            f"`{new.version}`, against **{md(ref.dataset_name)}** ({ref.n_rows:,} rows, version "
            f"`{ref.data_version}`).")
if new.version == ref.data_version:
    st.info("This is exactly the data the model was trained on (same data version), so nothing "
            "can have drifted.", icon=":material/info:")

# --- drift ----------------------------------------------------------------------------
columns = tuple(dict.fromkeys([*ref.features, *([ref.target] if ref.target else [])]))
report = cached_drift(ref.data_version, new.version, columns, ref.target or None,
                      version.profile, new.frame)
state.drift_checked = True
box = {"stable": st.success, "watch": st.warning, "retrain": st.error}[report.verdict]
box(f"**{DRIFT_TITLES[report.verdict]}.** {drift_summary(report)}",
    icon={"stable": ":material/check_circle:", "watch": ":material/visibility:",
          "retrain": ":material/autorenew:"}[report.verdict])
table = report.table()
if not table.empty:
    show_chart(drift_chart(table, subtitle=f"{len(table)} columns the model uses · "
                                            f"{report.n_reference:,} training rows vs "
                                            f"{report.n_new:,} new rows"), width="stretch")
    for item in report.drifted[:6]:
        st.markdown(f"- {column_sentence(item)}")
    shown = table.assign(verdict=table["level"].map(LEVEL_WORDS))
    with st.expander("Every column, with the test behind it"):
        st.dataframe(
            shown[["column", "verdict", "before", "after", "test", "p_value", "psi"]],
            hide_index=True, width="stretch",
            column_config={"column": "Column", "verdict": "Verdict", "before": "Training data",
                           "after": "New data", "test": "Test",
                           "p_value": st.column_config.NumberColumn("p-value", format="%.3g"),
                           "psi": st.column_config.NumberColumn("PSI", format="%.3f")})
        st.caption(DRIFT_HOW)
if report.new_columns:
    st.caption("Columns in the new file that the training data did not have (not used): "
               + ", ".join(map(md, report.new_columns[:10])))

# --- retrain --------------------------------------------------------------------------
st.subheader("Retrain on the new data")
try:
    recipe = Recipe.from_dict(ref.recipe)
except UserError as error:
    show_user_error(error)
    stop_here()
split_words = f"{1 - recipe.plan.test_size:.0%}/{recipe.plan.test_size:.0%}, seed {recipe.plan.seed}"
st.markdown(recipe_sentence(ref.model_name, recipe.target, recipe.positive_label,
                            len(recipe.features), split_words, recipe.complexity, recipe.threshold))
if st.button("Retrain on the new data", type="primary", key="retrain", icon=":material/autorenew:"):
    with guarded("retraining on the new data"), st.status("Retraining…", expanded=True) as status:
        bar = st.progress(0.0)
        result = retrain(recipe, new, progress=lambda share, step: bar.progress(
            share, text=step_label(step)))
        # The run's own operating point and costs, for the record and for the advice.
        settings = run_settings(ref.threshold if ref.threshold is not None else recipe.threshold,
                                ref.costs, recipe.goal)
        # One click, one recorded run: the retrained model (its baseline stays in the session).
        new_run = record_run(journey, result.model, dataset=result.dataset,
                             problem=result.problem, split=result.split,
                             threshold=settings.threshold, costs=settings.costs,
                             goal=settings.goal)
        state.retrained = [*state.retrained[-4:], result.model]
        old = session_model(journey, ref.id)
        pipeline = old.pipeline if old is not None else (load_model(store, ref.id)
                                                        if ref.has_model else None)
        state.retrain = decide_retrain(result, pipeline, settings, old_run=int(ref.id or 0),
                                       old_name=ref.model_name,
                                       new_run=new_run.id if new_run else None)
        status.update(label=f"Retrained {md(ref.model_name)} on {len(result.split.train):,} "
                            f"training rows of {md(result.dataset.name)}",
                      state="complete", expanded=False)

outcome = state.retrain
if outcome is not None and outcome.belongs_to(ref.id, new.version):
    result = outcome.retrained
    box = {"switch": st.success, "keep": st.warning, "either": st.info,
           "unknown": st.warning}[outcome.advice]
    box(retrain_sentence(outcome, report.verdict), icon=":material/compare_arrows:")
    new_label = f"Retrained (#{outcome.new_run})" if outcome.new_run else "Retrained"
    old_label = f"Current (#{ref.id})"
    st.caption(recorded_sentence(outcome.new_run))
    if outcome.new_run:
        new_record = store.get(outcome.new_run)
        st.markdown("- " + data_difference(ref, new_record, column_changes(
            version, store.data_version(new_record.data_version))))
    for note in result.notes:
        st.caption(md(note))
    shown = titled_metrics(comparison_rows(outcome.old_metrics, outcome.new_metrics, old_label,
                                           new_label, ref.headline_metric))
    show_chart(comparison_chart(shown, title="Current model vs retrained model",
                                subtitle=("on the same new test rows" if outcome.same_rows
                                          else "the retrained model on the new test rows")
                                + at_threshold(outcome.threshold) + " · change in brackets"),
               width="stretch")
    if outcome.same_rows:
        st.caption(RETRAIN_HOW)
    if st.button("Use the new data from now on", key="adopt",
                 icon=":material/published_with_changes:"):
        journey.set_dataset(result.dataset)
        journey.cleaning = cleaning_log(new, result)  # the replayed steps stay on record
        journey.set_problem(result.problem)
        journey.set_split(result.split)
        journey.add_model(result.baseline)
        journey.add_model(result.model)
        st.success(f"**{md(result.dataset.name)}** is now the project's data on every page, with "
                   "the retrained model and its baseline.", icon=":material/check:")
        st.page_link("pages/evaluate.py", label="Evaluate the retrained model",
                     icon=":material/arrow_forward:")
