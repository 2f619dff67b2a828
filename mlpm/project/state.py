"""A project: the PM's saved analysis, as plain JSON data (issue 14).

A browser session's work (fit answers, the table, cleaning, problem, split, training choices,
decision settings, pack choices) lives in memory and a reload of the tab used to lose it all.
:class:`ProjectState` is that work without anything computed: it is saved in the run store as
the PM works and :func:`restore` rebuilds the table, problem and split from it. Fitted models
are not saved (they are big and pickles are unsafe): the chosen ones are retrained, which is
deterministic (seeded split and models), so reopening shows the same numbers.

Uploaded bytes are stored once per data version next to the projects (never unpickled, only
read again by :func:`mlpm.data.load.load_table`); samples are kept by key; a server path is
only read again through the local-files policy (:mod:`mlpm.data.local_files`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from mlpm.data.clean import CleaningStep, apply_steps
from mlpm.data.dataset import Dataset
from mlpm.data.load import LoadOptions, load_table
from mlpm.data.local_files import LocalFiles
from mlpm.data.samples import SAMPLES, load_sample
from mlpm.errors import UserError
from mlpm.model.problem import Problem, define_problem
from mlpm.model.rules import parse_rule
from mlpm.model.split import Split, SplitPlan, plan_split
from mlpm.project.decision import DecisionSettings
from mlpm.scale.cli import too_big_to_load

FORMAT = 1
"""Version of :meth:`ProjectState.as_dict`; a newer one is refused, never half read."""


class ProjectError(UserError):
    """A saved project cannot be opened (its data is gone, or a newer mlpm saved it)."""


@dataclass(frozen=True)
class DataRef:
    """Where the table came from, so it can be read again exactly.

    ``kind``: ``"upload"`` (bytes kept in the store under ``version``), ``"sample"`` (``sample``
    key) or ``"path"`` (a server file, re-read only if the local-files policy allows it).
    ``version`` is the data version *as loaded*, before cleaning.
    """

    kind: str
    name: str
    version: str
    sample: str = ""
    path: str = ""
    sheet: str = ""
    skip_bad_lines: bool = False
    rename_duplicate_columns: bool = False
    n_rows: int = 0

    @property
    def source(self) -> tuple[str, str]:
        """Names the source, not its content: re-uploading next month's export of the same file
        is the same source (same project, results go stale), another file is a new project."""
        return self.kind, self.sample or self.path or self.name

    @property
    def options(self) -> LoadOptions:
        return LoadOptions(skip_bad_lines=self.skip_bad_lines,
                           rename_duplicate_columns=self.rename_duplicate_columns,
                           sheet=self.sheet or None)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DataRef | None:
        if not data:
            return None
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class ProjectState:
    """Everything the PM chose, and nothing computed; JSON in, JSON out.

    ``trained``: the contenders trained on the current split (``key``, ``complexity``,
    ``settings``), retrained on open; ``curves`` / ``validation_curves``: the models whose
    curves were drawn (kept, not recomputed on open: a curve costs many fits).
    """

    name: str = ""
    fit_answers: dict[str, str] = field(default_factory=dict)
    data: DataRef | None = None
    cleaning: list[dict[str, Any]] = field(default_factory=list)
    target: str | None = None
    task: str | None = None
    positive_label: str | None = None
    features: list[str] | None = None
    pca_components: int = 0
    split: dict[str, Any] | None = None
    training: dict[str, Any] = field(default_factory=dict)
    trained: list[dict[str, Any]] = field(default_factory=list)
    selected_model: str | None = None
    decision: dict[str, Any] = field(default_factory=lambda: DecisionSettings().as_dict())
    pack_choice: dict[str, Any] = field(default_factory=dict)
    pilot: dict[str, Any] = field(default_factory=dict)  # PilotInputs.as_dict() (issue 17)
    curves: list[str] = field(default_factory=list)
    validation_curves: list[str] = field(default_factory=list)
    fairness_column: str | None = None
    visited: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["format"] = FORMAT
        return json.loads(json.dumps(data, default=_jsonable))  # plain JSON types only

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True)

    def digest(self) -> str:
        """A cheap fingerprint of the work: autosave writes only when it changed.

        Pages visited are left out: looking at a shared project is not a change, and a save
        just for it would make a teammate's next save conflict. They are saved with the next
        real change.
        """
        work = {k: v for k, v in self.as_dict().items() if k != "visited"}
        return hashlib.sha1(json.dumps(work, sort_keys=True, default=str).encode()).hexdigest()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProjectState:
        """Read a saved state; missing keys take their defaults (older saves keep opening).

        Raises
        ------
        ProjectError
            When a newer mlpm saved it.
        """
        version = int(data.get("format", FORMAT))
        if version > FORMAT:
            raise ProjectError("This project was saved by a newer mlpm.",
                               "Upgrade mlpm to open it.")
        known = {f.name for f in fields(cls)} - {"data"}
        state = cls(**{k: v for k, v in data.items() if k in known})
        state.data = DataRef.from_dict(data.get("data"))
        return state

    @property
    def decision_settings(self) -> DecisionSettings:
        return DecisionSettings.from_dict(self.decision)

    @property
    def split_plan(self) -> SplitPlan | None:
        if not self.split:
            return None
        known = {f.name for f in fields(SplitPlan)}
        return SplitPlan(**{k: v for k, v in self.split.items() if k in known})


def _jsonable(value: object) -> object:
    """numpy numbers and tuples from widgets: plain JSON."""
    if hasattr(value, "item"):
        return value.item()  # type: ignore[attr-defined]
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def problem_fields(problem: Problem | None) -> dict[str, Any]:
    """The parts of a problem a project keeps (it is rebuilt with :func:`define_problem`)."""
    if problem is None:
        return {"target": None, "task": None, "positive_label": None, "features": None,
                "pca_components": 0}
    return {"target": problem.target, "task": problem.task,
            "positive_label": problem.positive_label, "features": list(problem.features),
            "pca_components": int(problem.pca_components)}


@dataclass
class Restored:
    """What :func:`restore` rebuilt; ``notes`` say, in PM words, what could not be."""

    raw: Dataset
    dataset: Dataset
    steps: list[CleaningStep]
    problem: Problem | None = None
    split: Split | None = None
    notes: list[str] = field(default_factory=list)


def read_table(ref: DataRef, stored_bytes: Callable[[str], bytes | None],
               files: LocalFiles | None = None) -> Dataset:
    """Read the table a project was built on, exactly as it was loaded.

    Raises
    ------
    ProjectError
        When the bytes are gone, the sample is unknown or the server file may not be read.
    """
    if ref.kind == "sample":
        if ref.sample not in SAMPLES:
            raise ProjectError(f"The sample '{ref.sample}' is not part of this mlpm.")
        return load_sample(ref.sample)
    if ref.kind == "upload":
        content = stored_bytes(ref.version)
        if content is None:
            raise ProjectError(f"The uploaded file '{ref.name}' is no longer in the run store.",
                               "Upload it again on Data review.")
        return load_table(content, ref.name, options=ref.options)
    if ref.kind == "path":
        path = files.allowed(ref.path) if files is not None else None
        if path is None:
            raise ProjectError(f"mlpm may not read the server file '{ref.path}' any more.",
                               "Load it again on Data review, or ask whoever runs mlpm to allow "
                               "the folder (MLPM_LOCAL_FILES).")
        if too_big_to_load(path):  # reviewed out of core: only a sample was in memory
            raise ProjectError(f"The file '{ref.name}' is too big to keep in memory; its sample "
                               "is not kept in the project.",
                               "Load it again on Data review: it is reviewed where it lies.")
        return load_table(path, ref.name, options=ref.options)
    if ref.kind == "database":  # a sample of a warehouse table (issue 16): not kept
        raise ProjectError(f"The table '{ref.path}' lives in the database and is not kept in "
                           "the project.", "Review it again on Data review (Database tab).")
    raise ProjectError("This project has no data yet.")


def restore(state: ProjectState, stored_bytes: Callable[[str], bytes | None],
            files: LocalFiles | None = None) -> Restored:
    """Rebuild the table, cleaning, problem and split of a saved project (no models).

    Raises
    ------
    ProjectError
        When the table cannot be read; a step that no longer applies becomes a note instead.
    """
    if state.data is None:
        raise ProjectError("This project has no data yet.")
    raw = read_table(state.data, stored_bytes, files)
    notes: list[str] = []
    if raw.version != state.data.version:
        notes.append(f"The file '{state.data.name}' has changed since the project was saved "
                     "(another data version), so the numbers may differ.")
    steps = [CleaningStep.from_dict(s) for s in state.cleaning]
    try:
        dataset = apply_steps(raw, steps)
    except UserError as error:
        notes.append(f"The cleaning steps could not be replayed: {error.message}")
        steps, dataset = [], raw
    restored = Restored(raw=raw, dataset=dataset, steps=steps, notes=notes)
    if state.target is None and state.task is None:
        return restored
    try:
        restored.problem = define_problem(
            dataset, state.target, task=state.task,  # type: ignore[arg-type]
            positive_label=state.positive_label, features=state.features,
            pca_components=state.pca_components)
    except UserError as error:
        notes.append(f"The problem could not be set up again: {error.message}")
        return restored
    plan = state.split_plan
    if plan is not None:
        try:
            restored.split = plan_split(dataset, restored.problem, plan)
        except UserError as error:
            notes.append(f"The split could not be drawn again: {error.message}")
    return restored


# --- a new table: what may be carried over ----------------------------------------------

@dataclass(frozen=True)
class Carry:
    """One setting of the previous project that fits the new table, in PM words."""

    key: str  # "target" | "rule" | "decision"
    label: str


def carry_options(previous: ProjectState, dataset: Dataset,
                  problem: Problem | None) -> list[Carry]:
    """The settings of ``previous`` that fit ``dataset``'s columns (nothing else is offered).

    The target (and its positive label) when the same column exists with that value; the rule
    when every column it names exists and it reads on the new table; the threshold, goal and
    costs only when the target and positive label are the same, because a threshold or a value
    per case means nothing for another outcome.
    """
    options: list[Carry] = []
    columns = set(map(str, dataset.frame.columns))
    target = previous.target
    same_target = bool(target) and target in columns and (
        previous.positive_label is None
        or previous.positive_label in set(dataset.frame[target].dropna().astype(str)))
    if same_target:
        label = f" (yes = {previous.positive_label})" if previous.positive_label else ""
        options.append(Carry("target", f"What to predict: {target}{label}"))
    rule = str(previous.training.get("rule_text") or "").strip()
    goal_problem = problem
    if same_target:
        try:
            goal_problem = define_problem(dataset, target, task=previous.task,  # type: ignore[arg-type]
                                          positive_label=previous.positive_label)
        except UserError:
            goal_problem = problem
    if rule and goal_problem is not None and goal_problem.is_supervised:
        try:
            parse_rule(rule, dataset.frame, goal_problem)
            options.append(Carry("rule", "Your rule: " + rule.splitlines()[0]
                                 + (" …" if "\n" in rule else "")))
        except UserError:
            pass
    settings = previous.decision_settings
    if same_target and settings != DecisionSettings():
        money = " and your values and costs" if settings.costs.is_set else ""
        options.append(Carry("decision", f"Threshold {settings.threshold:.2f}{money}"))
    return options
