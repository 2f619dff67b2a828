"""Data review: load a table, see what is wrong with it, fix it, choose what to predict."""

from pathlib import Path, PurePath

import pandas as pd
import streamlit as st

from mlpm.charts.data import balance_chart, correlation_chart, distribution_chart, missing_chart
from mlpm.data.alerts import Alert
from mlpm.data.clean import ACTIONS, CleaningStep
from mlpm.data.distribution import distribution
from mlpm.data.load import SUFFIXES, LoadOptions, excel_sheets
from mlpm.data.local_files import LocalFiles
from mlpm.data.quality import class_balance
from mlpm.data.samples import SAMPLES
from mlpm.errors import UserError
from mlpm.explain import data as words
from mlpm.explain.safe import md
from mlpm.model.problem import TASK_WORDS, problem_for_target, redefine
from mlpm.scale.cli import too_big_to_load
from mlpm.ui.cache import reviewed, table_facts
from mlpm.ui.charts import show_chart
from mlpm.ui.database import database_tab, review_file_where_it_lies
from mlpm.ui.feedback import guarded, show_user_error
from mlpm.ui.frame import page_header, stop_here
from mlpm.ui.loading import load_into, load_sample_into
from mlpm.ui.projects import carry_notice
from mlpm.ui.server_files import local_files
from mlpm.ui.state import Journey


def path_file(journey: Journey, files: LocalFiles) -> tuple[Path, str] | None:
    """The typed server file, only if the file policy allows it (issue 13).

    Every read of ``journey.path_input`` goes through here: a reload ("Load anyway", a sheet)
    once read /etc/passwd.
    """
    if journey.load_source != "path" or not journey.path_input:
        return None
    path = files.allowed(journey.path_input)
    return (path, PurePath(journey.path_input).name) if path else None


def current_file(journey: Journey, uploaded: object) -> tuple[bytes | Path, str | None] | None:
    """The file the PM last tried to load (upload or path), to load again with other options."""
    if journey.load_source == "path":
        return path_file(journey, files)
    if journey.load_source == "upload" and uploaded is not None:
        return uploaded.getvalue(), uploaded.name
    return None


@st.cache_data(show_spinner=False, max_entries=8)
def sheets_of(key: str, _source: bytes | Path) -> list[str]:
    """A workbook's sheet names, read once per file (``key`` names the file and its version)."""
    return excel_sheets(_source)


def file_key(journey: Journey, uploaded: object) -> str:
    if journey.load_source == "path":
        found = path_file(journey, files)
        path = found[0] if found else None
        return f"path:{path}:{path.stat().st_mtime_ns if path and path.is_file() else 0}"
    return f"upload:{getattr(uploaded, 'file_id', '')}"


def clean_with(journey: Journey, steps: list[CleaningStep]) -> None:
    """Rebuild the cleaned table; a step that cannot apply leaves everything as it was."""
    with guarded("cleaning the data"):
        journey.set_cleaning(steps)
        st.rerun()


journey = page_header(words.PAGE_TITLE, words.PAGE_INTRO)

limit_mb = st.get_option("server.maxUploadSize")
upload_tab, path_tab, sample_tab, database_tab_ = st.tabs(
    [words.TAB_UPLOAD, words.TAB_PATH, words.TAB_SAMPLE, ":material/database: Database"])
with upload_tab:
    uploaded = st.file_uploader(words.UPLOAD_LABEL, type=list(SUFFIXES), key="upload",
                                help=words.upload_help(limit_mb))
    st.caption(words.upload_limit(limit_mb))
    if uploaded is not None and uploaded.file_id != journey.upload_seen:
        journey.upload_seen = uploaded.file_id
        journey.load_source, journey.excel_sheet = "upload", ""
        load_into(journey, uploaded.getvalue(), uploaded.name)
files = local_files()
with path_tab:
    if not files.enabled:
        st.info(words.local_files_off(files.reason), icon=":material/lock:")
    else:
        st.caption(words.local_files_on(files.root))
        if names := files.data_files():
            st.selectbox(words.LOCAL_FILE_PICK_LABEL, ["", *names], key="data_pick",
                         format_func=lambda n: n or words.LOCAL_FILE_PICK_NONE,
                         on_change=lambda: st.session_state.update(
                             data_path=st.session_state["data_pick"]))
        st.session_state.setdefault("data_path", journey.path_input)
        typed = st.text_input(words.PATH_LABEL, key="data_path",
                              placeholder=words.PATH_PLACEHOLDER)
        if st.button(words.PATH_BUTTON, key="load_path", icon=":material/file_open:",
                     disabled=not typed.strip()):
            journey.path_input = typed.strip().strip('"')
            journey.load_source, journey.excel_sheet = "path", ""
            try:
                checked = files.resolve(journey.path_input)
            except UserError as error:
                journey.load_error = error
            else:
                if too_big_to_load(checked):  # DuckDB over every row, a sample in memory
                    review_file_where_it_lies(journey, checked, journey.path_input)
                else:
                    load_into(journey, checked, PurePath(journey.path_input).name)
with sample_tab:
    choice = st.selectbox("Sample", list(SAMPLES), format_func=lambda k: SAMPLES[k].title,
                          key="sample_choice")
    st.caption(SAMPLES[choice].question)
    if st.button("Load this sample", key="load_sample", icon=":material/download:"):
        load_sample_into(journey, choice)
        st.rerun()

with database_tab_:
    database_tab(journey)  # a warehouse table, reviewed where it lives (issue 16)

carry_notice(journey)  # a new table = a new project: what may be carried over (issue 14)

source = current_file(journey, uploaded)
sheets = sheets_of(file_key(journey, uploaded), source[0]) if source else []
if len(sheets) > 1:
    shown = journey.excel_sheet if journey.excel_sheet in sheets else sheets[0]
    sheet = st.selectbox(words.SHEET_LABEL, sheets, index=sheets.index(shown),
                         key=f"excel_sheet::{file_key(journey, uploaded)}",
                         help=words.SHEET_HELP)
    if sheet != shown:
        journey.excel_sheet = sheet
        load_into(journey, *source, LoadOptions(sheet=sheet))
        st.rerun()
sheet_option = journey.excel_sheet or None

if journey.load_error is not None:
    show_user_error(journey.load_error)
    if journey.dataset is not None:
        st.info(words.kept_earlier(journey.dataset.name), icon=":material/inventory:")
    remedy = getattr(journey.load_error, "remedy", None)
    retry = current_file(journey, uploaded)
    if retry is not None and remedy == "skip_bad_lines" and st.button(
            words.SKIP_BUTTON, key="skip_bad_lines", icon=":material/playlist_remove:"):
        load_into(journey, *retry, LoadOptions(skip_bad_lines=True, sheet=sheet_option))
        st.rerun()
    if retry is not None and remedy == "rename_duplicate_columns" and st.button(
            words.RENAME_BUTTON, key="rename_columns", icon=":material/edit:"):
        load_into(journey, *retry, LoadOptions(rename_duplicate_columns=True, sheet=sheet_option))
        st.rerun()

dataset = journey.dataset
if dataset is None:
    st.info("Load a file or a sample to start.", icon=":material/info:")
    stop_here()

st.divider()
facts = table_facts(dataset.version, dataset)
st.subheader(md(dataset.name))
cols = st.columns(4)
rows = next(iter(facts.profiles.values())).rows if facts.profiles else dataset.n_rows  # all rows
cols[0].metric("Rows", f"{rows:,}")
cols[1].metric("Columns", dataset.n_columns)
missing_cells = sum(p.missing for p in facts.profiles.values()) / max(rows * dataset.n_columns, 1)
cols[2].metric("Missing cells", f"{missing_cells:.1%}")
cols[3].metric("Duplicate rows", f"{facts.duplicate_rows:,}")
st.caption(words.version_caption(dataset.version, dataset.source_note))

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
        problem = problem_for_target(dataset, journey.problem, target)
        if problem.task == "binary":
            positive = st.selectbox(
                "The outcome you care about (the 'positive' class)", list(problem.classes),
                index=list(problem.classes).index(problem.positive_label), key=f"positive_{target}",
                help="Precision and recall are counted for this value, e.g. 'churned = Yes'.")
            problem = redefine(dataset, problem, positive_label=positive)
        if journey.problem is None or journey.problem.key != problem.key:
            journey.set_problem(problem)
        st.success(f"Predicting **{md(target)}**: a {TASK_WORDS[problem.task]} from "
                   f"{len(problem.features)} features.", icon=":material/target:")
elif journey.problem is not None and not journey.problem.is_supervised:
    st.info("No target: mlpm will look for groups of similar rows (clustering).",
            icon=":material/bubble_chart:")
st.page_link("pages/features.py", label="Kind of problem, features and preprocessing: "
             "Problem & features", icon=":material/tune:")

report = reviewed(dataset.version, target, dataset, facts)

# --- readiness ------------------------------------------------------------------------------
st.subheader(words.READINESS_HEADING)
st.caption(words.READINESS_CAPTION)
if report.readiness is not None:
    items = list(report.readiness.items.values())
    for row in range(0, len(items), 3):
        for slot, item in zip(st.columns(3), items[row: row + 3], strict=False):
            with slot.container(border=True, key=f"ready_{item.key}"):
                colour = words.STATUS_COLOURS[item.status]
                st.markdown(f"{words.STATUS_ICONS[item.status]} "
                            f"**{words.READINESS_TITLES[item.key]}** · "
                            f":{colour}[{words.STATUS_LABELS[item.status]}]")
                st.markdown(words.readiness_headline(item))
                st.caption(words.READINESS_QUESTIONS[item.key])
                rows = words.evidence_rows(item.evidence)
                if rows:
                    with st.popover("Evidence", icon=":material/query_stats:"):
                        st.table(pd.DataFrame(rows, columns=["Measure", "Value"]).set_index(
                            "Measure"))

# --- alerts ---------------------------------------------------------------------------------
st.subheader(words.ALERTS_HEADING)
if not report.alerts:
    st.success(words.NO_ALERTS, icon=":material/check_circle:")
elif all(a.severity == "low" for a in report.alerts):
    st.success(words.ONLY_LOW_ALERTS, icon=":material/check_circle:")
icons = {"high": ":material/error:", "medium": ":material/warning:", "low": ":material/info:"}
boxes = {"high": st.error, "medium": st.warning, "low": st.info}
steps = journey.cleaning_steps


def show_alert(alert: Alert, position: int) -> None:
    columns_text = ", ".join(f"'{md(c)}'" for c in alert.columns) or "all columns"
    message, action = words.alert_words(alert)
    boxes[alert.severity](f"**{words.KIND_LABELS.get(alert.kind, alert.kind)}** · {columns_text}"
                          f"  \n{message}  \n*{action}*", icon=icons[alert.severity])
    if alert.fix is not None and alert.fix not in steps and st.button(
            words.fix_label(words.cleaning_step(alert.fix)), key=f"fix_{position}",
            icon=":material/auto_fix_high:", type="secondary"):
        clean_with(journey, [*steps, alert.fix])


# Triage (issue 15): lead with the few findings that change what a model learns or how to
# read its score, each with its fix; the rest are grouped by kind behind one line.
triaged = report.triage()
position = 0
if report.alerts and triaged.lead:
    st.markdown(f"**{words.LEAD_HEADING}**")
    for alert in triaged.lead:
        show_alert(alert, position)
        position += 1
elif any(a.severity != "low" for a in report.alerts):
    st.caption(words.LEAD_NONE)
rest = sum(len(group.alerts) for group in triaged.groups)
if rest:
    with st.expander(words.grouped_heading(rest), icon=":material/stacks:"):
        for group in triaged.groups:
            st.markdown(words.alert_group_sentence(group))
            for alert in group.alerts:
                show_alert(alert, position)
                position += 1

# --- cleaning -------------------------------------------------------------------------------
st.subheader(words.CLEANING_HEADING)
if steps:
    st.markdown("\n".join(f"{i}. {words.cleaning_step(step)}"
                           for i, step in enumerate(steps, start=1)))
    st.caption(words.CLEANING_CAPTION)
    with st.container(horizontal=True):
        if st.button(words.UNDO_BUTTON, key="undo_clean", icon=":material/undo:"):
            clean_with(journey, steps[:-1])
        if st.button(words.RESET_BUTTON, key="reset_clean", icon=":material/restart_alt:"):
            clean_with(journey, [])
else:
    st.caption(words.CLEANING_NONE)
with st.expander(words.MANUAL_HEADING, icon=":material/cleaning_services:"):
    actions = [a for a in ACTIONS if a in words.MANUAL_ACTIONS]
    action = st.selectbox("What to do", actions, format_func=words.MANUAL_ACTIONS.__getitem__,
                          key="clean_action")
    names = [str(c) for c in dataset.frame.columns]
    chosen = st.multiselect("Columns", names, key="clean_columns",
                            placeholder="All columns" if action == "drop_duplicates" else
                            "Choose columns")
    options: dict[str, object] = {}
    if action == "fill_missing":
        options["method"] = st.radio("Fill with", ["median", "mean", "most_common", "value"],
                                     format_func=words.FILL_WORDS.__getitem__, horizontal=True,
                                     key="clean_method")
        if options["method"] == "value":
            options["value"] = st.text_input("Value", key="clean_value")
    if action == "replace_with_missing":
        typed_values = st.text_input("Values that mean 'unknown' (comma-separated)",
                                     key="clean_values", placeholder="-1, n/a, ?")
        options["values"] = [v.strip() for v in typed_values.split(",") if v.strip()]
    ready = bool(chosen) or action == "drop_duplicates"
    if st.button(words.APPLY_BUTTON, key="clean_apply", disabled=not ready,
                 icon=":material/check:"):
        clean_with(journey, [*steps, CleaningStep.make(action, chosen, **options)])

# --- pictures -------------------------------------------------------------------------------
st.subheader(words.LOOK_HEADING)
st.caption(words.review_took(report.seconds, dataset.n_rows))
# Only the open tab runs: each picture costs a chart build, and the PM looks at one at a time.
tabs = st.tabs([words.TAB_COLUMNS, words.TAB_MISSING, words.TAB_DISTRIBUTION,
                words.TAB_CORRELATION, words.TAB_BALANCE], key="look_tab", on_change="rerun")
table = report.columns_frame()
if tabs[0].open:
    with tabs[0]:
        st.dataframe(table[["name", "kind", "missing_share", "unique", "example"]], hide_index=True,
                     height=min(36 * (len(table) + 1) + 3, 560),
                     column_config={"missing_share": st.column_config.ProgressColumn(
                         "Missing", format="percent", min_value=0.0, max_value=1.0),
                         "name": "Column", "kind": "Type", "unique": "Different values",
                         "example": "Example"})
        st.caption(words.COLUMNS_CAPTION)
if tabs[1].open:
    with tabs[1]:
        if (table["missing_share"] > 0).any():
            show_chart(missing_chart(table), width="stretch", takeaway=words.MISSING_CAPTION)
            st.caption(words.MISSING_CAPTION)
        else:
            st.success(words.NO_MISSING, icon=":material/check_circle:")
if tabs[2].open:
    with tabs[2]:
        names = [str(c) for c in dataset.frame.columns]
        picked = st.selectbox(words.DISTRIBUTION_LABEL, names, key="dist_column")
        if picked in report.profiles:
            dist = distribution(dataset.frame[picked], report.profiles[picked])
            show_chart(distribution_chart(dist), width="stretch")
            st.caption(words.distribution_caption(dist.rows, dist.sampled, dist.other_rows,
                                                  dist.log_scale))
if tabs[3].open:
    with tabs[3]:
        if report.correlations is not None:
            show_chart(correlation_chart(report.correlations), width=640,
                       takeaway=words.CORRELATION_CAPTION)
            st.caption(words.CORRELATION_CAPTION)
        else:
            st.info(words.NO_CORRELATION, icon=":material/info:")
if tabs[4].open:
    with tabs[4]:
        if target and problem is not None and problem.is_classification:
            show_chart(balance_chart(class_balance(dataset.frame, target), target), width="stretch",
                       takeaway=words.BALANCE_CAPTION)
            st.caption(words.BALANCE_CAPTION)
        else:
            st.info(words.BALANCE_NEEDS_TARGET, icon=":material/info:")

if problem is not None and journey.problem and not journey.problem_stale:
    st.page_link("pages/split.py", label="Next: split the data", icon=":material/arrow_forward:")
