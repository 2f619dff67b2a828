"""The "What drives it?" page's sections: importance, why one case, what if.

Numbers come from the library, computed once per fitted model (:meth:`Results.importance`,
:func:`mlpm.evaluate.contributions.case_context`); the what-if inputs live in one ``st.fragment``, so
moving a slider reruns one prediction and its sentence, not the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from mlpm.charts.drivers import case_chart, importance_chart
from mlpm.data.load import load_table
from mlpm.evaluate.contributions import (
    NEW_FILE_ROWS,
    FeatureRange,
    Reference,
    case_groups,
    explain_case,
    new_file_cases,
    predict_case,
)
from mlpm.evaluate.importance import Importance
from mlpm.explain.importance import (
    case_caption,
    case_sentence,
    chance_words,
    driver_sentences,
    drivers_headline,
    importance_caption,
    what_if_sentence,
)
from mlpm.explain.metrics import cell_words
from mlpm.explain.safe import md
from mlpm.explain.wording import plain_number
from mlpm.model.problem import Problem
from mlpm.model.training import TrainedModel
from mlpm.project.results import Results
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.state import Journey

CASE_OPTIONS = 500
WHAT_IF_SHOWN = 6
EPOCH = dt.date(1970, 1, 1)


def importance_section(journey: Journey, results: Results, model: TrainedModel,
                       subtitle: str) -> Importance | None:
    """The importance chart, the headline and one sentence per column that matters."""
    st.subheader("Which columns does the model rely on?")
    with st.spinner("Shuffling each column of the test rows and scoring again…"):
        importance = results.importance(model)
    if importance is None:
        st.info("Importance is measured for learnt models on a target.", icon=":material/info:")
        return None
    headline = drivers_headline(importance)
    st.markdown(headline)
    show_chart(importance_chart(importance, subtitle=subtitle), width=700,
               takeaway=headline, name="what-drives-it")
    st.caption(importance_caption(importance))
    sentences = driver_sentences(importance, journey.problem, journey.costs)
    if sentences:
        st.markdown("\n".join(f"- {s}" for s in sentences))
    return importance


NEW_FILE = "a row of a new file"


def pick_case(model: TrainedModel, problem: Problem, threshold: float) -> int | str | None:
    """A selectbox of groups (the matrix's cells, or a new file) and one of their cases;
    returns the test position picked (``model.y_test`` order), or :data:`NEW_FILE`."""
    positive = problem.positive_label if problem.task == "binary" else None
    words = cell_words(problem.target, positive) if positive is not None else None
    groups = case_groups(model, positive_label=positive, threshold=threshold, words=words)
    names = [*groups, NEW_FILE]
    labels = {name: f"{name[0].upper()}{name[1:]}" for name in names}
    labels[NEW_FILE] = "A row of a new file (as on Score new data)"
    if st.session_state.get("drivers_group") not in names:
        st.session_state.pop("drivers_group", None)
    left, right = st.columns(2)
    group = left.selectbox("Pick a case from", names, format_func=labels.get,
                           key="drivers_group",
                           help="The cells of the Evaluate page's matrix, at your threshold, "
                                "or a row of a file the model has not seen.")
    if group == NEW_FILE:
        return NEW_FILE
    positions = groups[group][:CASE_OPTIONS]
    rows = np.asarray(model.rows)

    def label(position: int) -> str:
        text = f"Row {int(rows[position]) + 1:,}"
        if model.scores is not None and np.ndim(model.scores) == 1:
            return f"{text} · chance {chance_words(float(model.scores[position]), threshold)}"
        return f"{text} · predicted {model.y_pred[position]}"

    options = [int(p) for p in positions]
    if st.session_state.get("drivers_case") not in options:
        st.session_state.pop("drivers_case", None)
    shown = "" if len(groups[group]) <= CASE_OPTIONS else f" (the first {CASE_OPTIONS:,})"
    return right.selectbox(f"Case{shown}", options, format_func=label, key="drivers_case",
                           help="Row numbers are the rows of your file; the surest first.")


def new_file_case(model: TrainedModel, problem: Problem, columns: list[str],
                  threshold: float) -> tuple[pd.DataFrame, str] | None:
    """Upload a file (read as Score new data reads it) and pick one of its rows: the case and
    a line saying which row it is (Markdown)."""
    uploaded = st.file_uploader("The new rows", key="drivers_upload",
                                type=["csv", "tsv", "txt", "gz", "zip", "parquet", "xlsx"],
                                help="A table with the columns the model was trained on.")
    if uploaded is None:
        st.caption("Upload a file to explain one of its rows and try what-ifs on it.")
        return None
    positive = problem.positive_label if problem.task == "binary" else None
    with guarded("reading the new rows"):
        dataset = load_table(uploaded.getvalue(), uploaded.name)
        cases, answers, notes = new_file_cases(model, dataset.frame, columns,
                                               positive_label=positive)
        for note in notes:
            st.warning(md(note), icon=":material/warning:")
        def label(i: int) -> str:
            if positive is not None:
                return f"Row {i + 1:,} · chance {chance_words(float(answers[i]), threshold)}"
            if not model.classes:
                return f"Row {i + 1:,} · predicted {plain_number(float(answers[i]))}"
            return f"Row {i + 1:,}"

        shown = "" if dataset.n_rows <= NEW_FILE_ROWS else f" (the first {NEW_FILE_ROWS:,})"
        i = st.selectbox(f"Row of {md(uploaded.name)}{shown}", list(range(len(cases))),
                         format_func=label, key="drivers_new_row")
        said = label(i).partition(" · ")[2]
        return cases.iloc[[i]], (f"**Row {i + 1:,}** of {md(uploaded.name)}"
                                 + (f": {said}." if said else "."))
    return None


def why_section(model: TrainedModel, problem: Problem, case: pd.DataFrame,
                reference: Reference, subtitle: str) -> None:
    """The features that pushed this case's answer up or down, with the method in words."""
    positive = problem.positive_label if problem.task == "binary" else None
    why = explain_case(model, case, reference, positive_label=positive)
    sentence = case_sentence(why, problem.target if why.unit == "chance" else "")
    st.markdown(sentence)
    show_chart(case_chart(why, subtitle=subtitle), width=700, takeaway=sentence,
               name="why-this-case")
    st.caption(case_caption(why))


def _widget(spec: FeatureRange, value: object, key: str) -> object:
    """One input from the data's own range or categories, starting at the case's value."""
    label = md(spec.name)  # widget labels are Markdown: a column name is the user's
    if spec.kind == "category":
        choices = list(spec.choices)
        current = "(missing)" if value is None or (isinstance(value, float) and np.isnan(value)) \
            else str(value)
        if current not in choices:
            choices = [current, *choices]
        return st.selectbox(label, choices, index=choices.index(current), key=key)
    missing = value is None or pd.isna(value)
    if spec.kind == "date":
        start = EPOCH + dt.timedelta(days=int(spec.low))
        end = EPOCH + dt.timedelta(days=int(spec.high))
        days = spec.low if missing else float(value)  # type: ignore[arg-type]
        shown = min(max(EPOCH + dt.timedelta(days=int(days)), start), end)
        return st.date_input(label, value=shown, min_value=start, max_value=end, key=key)
    low, high = spec.low, spec.high
    number = (low + high) / 2 if missing else float(value)  # type: ignore[arg-type]
    low, high = min(low, number), max(high, number)
    if low == high:
        high = low + spec.step
    if spec.kind == "whole":
        return st.slider(label, int(low), int(high), round(number), step=1, key=key)
    return st.slider(label, float(low), float(high), float(number), step=float(spec.step),
                     key=key)


def _as_input(spec: FeatureRange, shown: object) -> object:
    if spec.kind == "date" and isinstance(shown, dt.date):
        return float((shown - EPOCH).days)
    if spec.kind == "category" and shown == "(missing)":
        return np.nan
    return shown


@st.fragment
def what_if_section(journey: Journey, model: TrainedModel, case: pd.DataFrame,
                    reference: Reference, importance: Importance | None,
                    row: int | str) -> None:
    """Change the case's inputs and see its chance and decision move (one prediction)."""
    problem = journey.problem
    positive = problem.positive_label if problem.task == "binary" else None
    threshold = journey.threshold
    columns = _ranked_columns(list(case.columns), importance)
    prefix = f"whatif_{model.key}_{row}_"  # the inputs' keys (one per column)
    memo = _what_if_memo(model, row)
    if st.button("Back to this case's values", key="whatif_reset", icon=":material/undo:"):
        for name in columns:
            st.session_state.pop(prefix + name, None)
    changed = _changed_case(case, columns, reference, memo["start"], prefix)
    if memo["answer"] is None or memo["answer"][0] != threshold:
        memo["answer"] = (threshold, predict_case(model, case, positive_label=positive,
                                                  threshold=threshold))
    before = memo["answer"][1]
    after = predict_case(model, changed, positive_label=positive, threshold=threshold)
    sentence = what_if_sentence(after, problem, threshold, before)
    box = st.success if after.flagged else st.info
    box(sentence, icon=":material/tune:")


def _ranked_columns(columns: list[str], importance: Importance | None) -> list[str]:
    """The columns the model relies on most first (as they are without importance)."""
    if importance is None:
        return columns
    ranked = [importance.features[i] for i in importance.order()]
    return [c for c in ranked if c in columns] + [c for c in columns if c not in ranked]


def _what_if_memo(model: TrainedModel, row: int | str) -> dict[str, Any]:
    """What the what-if fragment remembers, apart from the widgets: each input's starting
    value and the unchanged case's answer (for this fitted model: a retrained one answers
    anew)."""
    memo_key = f"whatif_memo_{model.key}_{row}"
    memo = st.session_state.get(memo_key)
    if memo is None or memo["model"] != id(model.pipeline):
        memo = {"model": id(model.pipeline), "start": {}, "answer": None}
        st.session_state[memo_key] = memo
    return memo


def _changed_case(case: pd.DataFrame, columns: list[str], reference: Reference,
                  start: dict[str, object], prefix: str) -> pd.DataFrame:
    """One input per column (the first few in three columns, the rest folded away); the case
    with only what the PM moved changed (missing stays missing)."""
    changed = case.copy()
    original = case.iloc[0]
    inputs = st.columns(3)
    more = st.expander(f"More inputs ({max(len(columns) - WHAT_IF_SHOWN, 0)})") \
        if len(columns) > WHAT_IF_SHOWN else None
    for i, name in enumerate(columns):
        spec = reference.range_of(name)
        if spec is None:
            continue
        place = inputs[i % 3] if i < WHAT_IF_SHOWN or more is None else more
        with place:
            shown = _widget(spec, original[name], prefix + name)
        if shown != start.setdefault(name, shown):
            changed[name] = pd.Series([_as_input(spec, shown)], index=changed.index,
                                      dtype=case[name].dtype if spec.kind != "category"
                                      else object)
    return changed


def case_header(model: TrainedModel, problem: Problem, position: int,
                threshold: float | None = None) -> str:
    """What really happened to the case and what the model said (Markdown)."""
    row = int(np.asarray(model.rows)[position]) + 1
    truth = model.y_test[position]
    said = (f"chance {chance_words(float(model.scores[position]), threshold)}"
            if model.scores is not None and np.ndim(model.scores) == 1
            else f"predicted {md(model.y_pred[position])}")
    return f"**Row {row:,}** of your file: really {md(problem.target)} = {md(truth)}; {said}."
