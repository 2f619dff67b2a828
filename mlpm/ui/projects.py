"""The Streamlit side of projects (issue 14): autosave, reopen, new table = new project.

The journey (one per browser session) knows which stored project it is (:class:`ProjectLink`:
number and the revision it last read). After every page run :func:`autosave` writes the
project when its state changed (a hash of its JSON, so an unchanged page costs nothing); the
store refuses a save that started from an older revision, and the page then says so and offers
"Save mine as a copy" or "Open theirs", so nobody's newer work is silently overwritten.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import streamlit as st

from mlpm.data.clean import CleaningLog
from mlpm.data.dataset import Dataset
from mlpm.errors import UserError
from mlpm.explain.data import cleaning_step_json
from mlpm.explain.progress import step_label
from mlpm.explain.safe import md
from mlpm.lifecycle.store import ProjectConflictError, ProjectRecord, RunStore, open_store
from mlpm.model.problem import define_problem
from mlpm.model.training import TrainChoices, TrainedModel
from mlpm.progress import Step
from mlpm.project.decision import DecisionSettings
from mlpm.project.state import (
    Carry,
    DataRef,
    ProjectState,
    carry_options,
    problem_fields,
    restore,
)
from mlpm.ui.server_files import local_files

if TYPE_CHECKING:
    from mlpm.ui.state import Journey

log = logging.getLogger("mlpm")

UNTITLED = "Untitled project"


@dataclass
class ProjectLink:
    """Which stored project this session's journey is, and what autosave last wrote."""

    id: int | None = None
    revision: int = 0
    name: str = ""
    data: DataRef | None = None
    saved_digest: str = ""
    upload_bytes: bytes | None = field(default=None, repr=False)
    """an upload's bytes, until they are in the store (once per data version)"""
    conflict: ProjectConflictError | None = None
    previous: ProjectState | None = None
    """the project before a new table was loaded: what "Carry over" may take settings from"""
    carried: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    store_error: str = ""
    session: str = field(default_factory=lambda: uuid.uuid4().hex)


def link_of(journey: Journey) -> ProjectLink:
    """The journey's project link (created on first use, so older journeys keep working)."""
    value = getattr(journey, "project", None)
    if not isinstance(value, ProjectLink):
        value = ProjectLink()
        journey.project = value  # type: ignore[attr-defined]
    return value


def default_name(journey: Journey) -> str:
    data = journey.raw_dataset
    if data is None:
        return UNTITLED
    stem = data.name.rsplit(".", 1)[0] if "." in data.name else data.name
    return stem or UNTITLED


def project_name(journey: Journey) -> str:
    return link_of(journey).name.strip() or default_name(journey)


# --- journey <-> state ------------------------------------------------------------------

def state_of(journey: Journey) -> ProjectState:
    """The journey's work as plain data (nothing computed)."""
    link = link_of(journey)
    problem = journey.problem if not journey.problem_stale else None
    split = journey.fresh_split
    choices = journey.training
    trained = []
    if split is not None and not journey.models_stale:
        supervised = problem is not None and problem.is_supervised
        for model in journey.models.values():
            simple = model.is_rule or (model.is_baseline and supervised)
            trained.append({"key": model.key,
                            "complexity": None if simple else float(model.complexity),
                            "settings": {} if model.is_rule else dict(model.settings)})
    return ProjectState(
        name=project_name(journey),
        fit_answers=dict(journey.fit_answers),
        data=link.data if journey.dataset is not None else None,
        cleaning=[cleaning_step_json(step) for step in journey.cleaning_steps],
        **problem_fields(problem),
        split=None if split is None else {
            "test_size": split.plan.test_size, "validation_size": split.plan.validation_size,
            "stratify": split.plan.stratify, "seed": split.plan.seed,
            "time_column": split.plan.time_column},
        training={"models": choices.models, "rule_text": choices.rule_text,
                  "row_limit": choices.row_limit, "complexity": dict(choices.complexity),
                  "settings": {k: dict(v) for k, v in choices.settings.items()},
                  "loss_model": choices.loss_model, "k_groups": choices.k_groups},
        trained=trained,
        selected_model=journey.selected_model if trained else None,
        decision=journey.decision.as_dict(),
        pack_choice=dict(journey.pack_choice), pilot=dict(journey.pilot),
        curves=sorted(journey.curves), validation_curves=sorted(journey.validation_curves),
        fairness_column=journey.fairness_column, visited=sorted(journey.visited))


def _store() -> RunStore | None:
    try:
        return open_store()
    except UserError as error:
        log.warning("project store unavailable: %s", error.message)
        return None


def worth_saving(journey: Journey) -> bool:
    """A visit to Home is not a project; answers or a table are."""
    return journey.dataset is not None or bool(journey.fit_answers) or link_of(journey).id is not None


def autosave(journey: Journey) -> bool:
    """Save the project if it changed since the last save (called after every page run).

    Never raises: a store that is down becomes a caption on Home, a newer save by someone else
    becomes :attr:`ProjectLink.conflict` (shown by :func:`conflict_notice`). Returns True when
    this save was just refused, so the router can run the page again to show why.
    """
    try:
        return _autosave(journey)
    except Exception:  # it runs after every page: a bug here must not break every page
        log.exception("autosave failed")
        link_of(journey).store_error = "Your project could not be saved (an unexpected error)."
        return False


def _autosave(journey: Journey) -> bool:
    link = link_of(journey)
    if link.conflict is not None or not worth_saving(journey):
        return False
    state = state_of(journey)
    digest = state.digest()
    if digest == link.saved_digest:
        return False
    store = _store()
    if store is None:
        link.store_error = "Your project could not be saved: the run store is not available."
        return False
    try:
        if link.upload_bytes is not None and link.data is not None:
            store.save_project_data(link.data.version, link.data.name, link.upload_bytes)
            link.upload_bytes = None
        data = state.as_dict()
        if link.id is None:
            record = store.create_project(state.name, data, session=link.session)
        else:
            record = store.save_project(link.id, state.name, data,
                                        expected_revision=link.revision, session=link.session)
    except ProjectConflictError as conflict:
        link.conflict = conflict
        return True
    except UserError as error:
        link.store_error = f"Your project could not be saved: {error.message}"
        return False
    link.id, link.revision, link.saved_digest, link.store_error = (
        record.id, record.revision, digest, "")
    return False


def conflict_notice(journey: Journey) -> None:
    """When a save was refused: say so, and offer a copy or the other person's version."""
    link = link_of(journey)
    conflict = link.conflict
    if conflict is None:
        return
    with st.container(border=True, key="project_conflict"):
        st.warning(f"**{md(conflict.message)}**  \n{md(conflict.hint)}",
                   icon=":material/sync_problem:")
        left, right = st.columns(2)
        if left.button("Save mine as a copy", key="project_copy", icon=":material/file_copy:"):
            save_copy(journey)
            st.rerun()
        if right.button("Open theirs", key="project_theirs", icon=":material/folder_open:") \
                and conflict.theirs is not None:
            open_project(journey, conflict.theirs.id)
            st.rerun()


def save_copy(journey: Journey) -> ProjectRecord | None:
    """Keep this session's work as a new project; the other one stays as its owner saved it."""
    link = link_of(journey)
    store = _store()
    if store is None:
        return None
    if link.upload_bytes is not None and link.data is not None:
        store.save_project_data(link.data.version, link.data.name, link.upload_bytes)
        link.upload_bytes = None
    link.name = f"{project_name(journey)} (copy)"
    state = state_of(journey)
    record = store.save_project_copy(state.name, state.as_dict(), session=link.session)
    link.id, link.revision, link.saved_digest, link.conflict = (
        record.id, record.revision, state.digest(), None)
    return record


# --- opening a saved project ------------------------------------------------------------

def open_project(journey: Journey, project_id: int) -> list[str]:
    """Rebuild the journey from a saved project and retrain its models (seeded, so the same
    numbers come back). Returns notes on what could not be rebuilt.

    Raises
    ------
    UserError
        When the project or its table cannot be read (the journey is left as it was).
    """
    from mlpm.ui.training_cache import train_remembered

    store = _store()
    if store is None:
        raise UserError("The run store is not available, so projects cannot be opened.")
    record = store.get_project(project_id)
    state = ProjectState.from_dict(record.state)
    restored = restore(state, store.project_data_bytes, local_files())
    session = link_of(journey).session
    reset_work(journey)
    journey.fit_answers = dict(state.fit_answers)
    journey.set_dataset(restored.dataset)
    journey.cleaning = (CleaningLog(restored.raw, tuple(restored.steps), restored.dataset.version)
                        if restored.steps else None)
    if restored.problem is not None:
        journey.set_problem(restored.problem)
    if restored.split is not None:
        journey.set_split(restored.split)
    training = state.training
    journey.training = TrainChoices(
        models=training.get("models"), rule_text=str(training.get("rule_text") or ""),
        row_limit=training.get("row_limit"), complexity=dict(training.get("complexity") or {}),
        settings={k: dict(v) for k, v in (training.get("settings") or {}).items()},
        loss_model=training.get("loss_model"), k_groups=training.get("k_groups"))
    journey.decision = state.decision_settings
    journey.pack_choice = dict(state.pack_choice)
    journey.pilot = dict(state.pilot)  # the pilot's inputs (issue 17)
    journey.fairness_column = state.fairness_column
    journey.visited |= set(state.visited)  # the sidebar's progress ticks come back too
    if state.data is not None:  # Data review's "load again" (sheet, "load anyway") reads these
        journey.excel_sheet = state.data.sheet
        journey.load_source = state.data.kind if state.data.kind in ("upload", "path") else ""
        journey.path_input = state.data.path
    notes = list(restored.notes)
    if restored.split is not None and state.trained:
        _retrain(journey, state, notes, train_remembered)
    journey.project = ProjectLink(  # type: ignore[attr-defined]
        id=record.id, revision=record.revision, name=record.name, data=state.data,
        notes=notes, session=session)
    journey.project.saved_digest = state_of(journey).digest()
    return notes


def _retrain(journey: Journey, state: ProjectState, notes: list[str],
             train_remembered: Callable[..., tuple[TrainedModel, bool]]) -> None:
    """Train the saved contenders again on the same split, with a progress bar."""
    dataset, problem, split = journey.dataset, journey.problem, journey.fresh_split
    assert dataset is not None
    assert problem is not None
    assert split is not None
    bar = st.progress(0.0, text="Training the project's models again…")
    for i, entry in enumerate(state.trained):
        key = str(entry["key"])

        def report(share: float, step: Step, i: int = i) -> None:
            bar.progress(min((i + share) / len(state.trained), 1.0), text=step_label(step))
        try:
            model, _ = train_remembered(journey.training, dataset, problem, split, key,
                                        complexity=entry.get("complexity"),
                                        settings=dict(entry.get("settings") or {}),
                                        progress=report)
        except UserError as error:
            notes.append(f"{key} could not be trained again: {error.message}")
            continue
        journey.add_model(model)
    bar.empty()
    if state.selected_model in journey.models:
        journey.selected_model = state.selected_model


def reset_work(journey: Journey) -> None:
    """Forget everything tied to a table (a new table, or another project being opened);
    fit answers and page visits stay with the session."""
    journey.problem = journey.split = None
    journey.models = {}
    journey.selected_model = None
    journey.decision = DecisionSettings()
    journey.curve = None
    journey.curves = {}
    journey.validation_curves = {}
    journey.fairness_column = None
    journey.training = TrainChoices()
    journey.pack_choice = {}
    journey.pilot = {}
    journey.cleaning = None
    journey.excel_sheet = ""
    for key in _MIRRORED_WIDGETS:  # a widget's own state would win over the journey's value
        st.session_state.pop(key, None)


_MIRRORED_WIDGETS = ("threshold", "rule_text", "models", "pack_title", "pack_recommendation",
                     "pack_items", "money_tp", "money_fp", "money_fn", "money_tn", "money_cases",
                     "money_currency", "eval_model", "use_all_rows", "row_limit", "k",
                     "capacity_n", "rollout_cases", "pilot_control", "pilot_effect", "pilot_min")


# --- a new table ------------------------------------------------------------------------

def note_new_table(journey: Journey, ref: DataRef, dataset: Dataset,
                   content: bytes | None = None) -> bool:
    """Called before a loaded table becomes current. Another source (not another version or
    cleaning of the same file) starts a new project with default settings, remembering the old
    one for "Carry over". Returns whether a new project started."""
    link = link_of(journey)
    started = False
    if journey.dataset is not None and link.data is not None and link.data.source != ref.source:
        previous = state_of(journey)
        reset_work(journey)
        journey.project = link = ProjectLink(  # type: ignore[attr-defined]
            previous=previous, session=link.session)
        started = True
    link.data = ref
    link.upload_bytes = content if ref.kind == "upload" else None
    return started


def carry_offer(journey: Journey) -> list[Carry]:
    link = link_of(journey)
    if link.previous is None or journey.dataset is None:
        return []
    return carry_options(link.previous, journey.dataset,
                         journey.problem if not journey.problem_stale else None)


def carry_over(journey: Journey, keys: list[str]) -> list[str]:
    """Take the chosen settings from the previous project (only those that fit); returns what
    was carried, in PM words, and remembers it for the page."""
    link = link_of(journey)
    previous, dataset = link.previous, journey.dataset
    if previous is None or dataset is None:
        return []
    offered = {c.key: c for c in carry_offer(journey)}
    carried: list[str] = []
    if "target" in keys and "target" in offered:
        journey.set_problem(define_problem(dataset, previous.target,
                                           task=previous.task,  # type: ignore[arg-type]
                                           positive_label=previous.positive_label))
        carried.append(offered["target"].label)
    if "rule" in keys and "rule" in offered:
        journey.training.rule_text = str(previous.training.get("rule_text") or "")
        carried.append(offered["rule"].label)
    if "decision" in keys and "decision" in offered:
        journey.decision = previous.decision_settings
        carried.append(offered["decision"].label)
    link.carried = carried
    link.previous = None
    return carried


def carry_notice(journey: Journey) -> None:
    """On Data review after a new table: what starts fresh, and what may be carried over."""
    link = link_of(journey)
    if link.carried:
        st.success("**Carried over:** " + "; ".join(md(c) for c in link.carried),
                   icon=":material/move_item:")
    previous = link.previous
    if previous is None:
        return
    offered = carry_offer(journey)
    with st.container(border=True, key="carry_over"):
        st.markdown(f"**A new table starts a new project.** Threshold, values and costs, your "
                    f"rule, model choices and the meeting pack start fresh, so nothing from "
                    f"**{md(previous.name)}** is applied to these columns by mistake. Your answers "
                    f"to *Should we use ML?* are kept: they are about the problem, not the table.")
        if not offered:
            st.caption(f"Nothing from {md(previous.name)} fits these columns.")
            if st.button("OK", key="carry_dismiss"):
                link.previous = None
                st.rerun()
            return
        chosen = [c.key for c in offered
                  if st.checkbox(md(c.label), value=True, key=f"carry_{c.key}")]
        left, right = st.columns(2)
        if left.button(f"Carry over from {md(previous.name)}", key="carry_apply",
                       icon=":material/move_item:", disabled=not chosen):
            carry_over(journey, chosen)
            st.rerun()
        if right.button("Start fresh", key="carry_dismiss"):
            link.previous = None
            st.rerun()


# --- Home: the team's projects ----------------------------------------------------------

def projects_section(journey: Journey) -> None:
    """"Your projects": every saved project (newest first), "Open", and this one's name."""
    link = link_of(journey)
    st.subheader("Your projects")
    if link.store_error:
        st.warning(md(link.store_error), icon=":material/database:")
    if worth_saving(journey):
        name = st.text_input("This project's name", value=project_name(journey),
                             key=f"project_name_{link.id}", max_chars=300,
                             help="Saved as you work, in the run store next to the runs.")
        if name.strip() and name.strip() != project_name(journey):
            link.name = name.strip()
    for note in link.notes:
        st.info(md(note), icon=":material/info:")
    store = _store()
    if store is None:
        st.caption("Projects are not available: the run store cannot be opened.")
        return
    try:
        records = store.projects(limit=30)
    except UserError as error:
        st.caption(md(error.message))
        return
    if not records:
        st.caption("Nothing saved yet. Load a table or answer *Should we use ML?*: your work is "
                   "saved here as you go, and comes back after a reload.")
        return
    for record in records:
        state = record.state
        data = state.get("data") or {}
        target = state.get("target")
        current = record.id == link.id
        with st.container(border=True, horizontal=True, vertical_alignment="center",
                          key=f"project_row_{record.id}"):
            rows = f" · {int(data['n_rows']):,} rows" if data.get("n_rows") else ""
            what = (f" · predicting **{md(target)}**" if target else
                    " · finding groups" if state.get("task") == "clustering" else "")
            st.markdown(f"**{md(record.name)}**{' (open now)' if current else ''}  \n"
                        f"{md(record.dataset_name or 'no data yet')}{rows}{what} · saved "
                        f"{record.updated_at[:16].replace('T', ' ')} UTC")
            if not current and st.button("Open", key=f"open_project_{record.id}",
                                         icon=":material/folder_open:"):
                with st.spinner(f"Opening {md(record.name)}: reading the table and training "
                                "its models again…"):
                    try:
                        open_project(journey, record.id)
                    except UserError as error:
                        st.error(f"**{md(error.message)}**  \n{md(error.hint)}",
                                 icon=":material/error:")
                        return
                st.rerun()
