"""Projects (issue 14): a saved analysis round-trips through JSON and the run store, on SQLite
and a real PostgreSQL server, and an older save never overwrites newer work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mlpm.data.clean import CleaningStep
from mlpm.data.load import load_table
from mlpm.data.samples import load_sample
from mlpm.evaluate.money import Costs
from mlpm.lifecycle.store import ProjectConflictError, ProjectNotFoundError, RunStore, close_stores
from mlpm.project.decision import DecisionSettings
from mlpm.project.state import DataRef, ProjectError, ProjectState, carry_options, restore


@pytest.fixture
def store(db_url: str) -> Iterator[RunStore]:
    opened = RunStore(db_url)
    yield opened
    opened.close()
    close_stores()


def churn_state() -> ProjectState:
    raw = load_sample("churn")
    return ProjectState(
        name="Churn pilot", fit_answers={"q1": "yes"},
        data=DataRef("sample", raw.name, raw.version, sample="churn"),
        cleaning=[CleaningStep.make("drop_columns", ["customer_id"]).as_dict()],
        target="churned", task="binary", positive_label="Yes",
        split={"test_size": 0.25, "validation_size": 0.0, "stratify": True, "seed": 7,
               "time_column": None},
        training={"models": ["logistic"], "rule_text": "if tenure_months < 6 then Yes"},
        trained=[{"key": "logistic", "complexity": 1.0, "settings": {}}],
        decision=DecisionSettings(threshold=0.3, costs=Costs(100, 10, 0, 0, 1000)).as_dict(),
        pack_choice={"title": "Churn"}, curves=["logistic"])


def test_a_project_state_round_trips_through_json() -> None:
    state = churn_state()
    again = ProjectState.from_dict(ProjectState.from_dict(state.as_dict()).as_dict())
    assert again == state
    assert again.decision_settings.threshold == 0.3
    assert again.decision_settings.costs.is_set
    assert again.digest() == state.digest()
    state.decision["threshold"] = 0.4
    assert again.digest() != state.digest()  # autosave sees the change


def test_a_project_saved_by_a_newer_mlpm_is_refused() -> None:
    data = churn_state().as_dict() | {"format": 99}
    with pytest.raises(ProjectError):
        ProjectState.from_dict(data)


def test_restore_rebuilds_the_same_table_problem_and_split() -> None:
    state = churn_state()
    restored = restore(state, lambda _version: None)
    assert "customer_id" not in restored.dataset.frame.columns
    assert restored.problem is not None
    assert restored.problem.target == "churned"
    assert restored.problem.positive_label == "Yes"
    assert restored.split is not None
    assert restored.split.plan.seed == 7
    again = restore(state, lambda _version: None)
    assert (again.split.test == restored.split.test).all()  # seeded: the same test rows
    assert again.split.key == restored.split.key


def test_an_upload_is_read_back_from_the_stored_bytes_only() -> None:
    content = b"a,b,y\n1,2,x\n3,4,z\n5,6,x\n"
    raw = load_table(content, "mine.csv")
    state = ProjectState(data=DataRef("upload", "mine.csv", raw.version))
    assert restore(state, {raw.version: content}.get).dataset.version == raw.version
    with pytest.raises(ProjectError):
        restore(state, lambda _version: None)


def test_a_server_path_is_not_read_without_the_local_files_policy() -> None:
    state = ProjectState(data=DataRef("path", "passwd", "x", path="/etc/passwd"))
    with pytest.raises(ProjectError, match="may not read"):
        restore(state, lambda _version: None, files=None)


def test_only_settings_that_fit_the_new_columns_are_offered() -> None:
    previous = churn_state()
    houses = load_sample("house_prices")
    assert carry_options(previous, houses, None) == []
    churn = load_sample("churn")
    offered = {c.key for c in carry_options(previous, churn, None)}
    assert offered == {"target", "rule", "decision"}


def test_projects_are_saved_listed_and_reopened(store: RunStore) -> None:
    state = churn_state().as_dict()
    first = store.create_project("Churn pilot", state, session="a")
    second = store.create_project("Houses", ProjectState(name="Houses").as_dict(), session="a")
    assert first.revision == 1
    assert [p.id for p in store.projects()] == [second.id, first.id]  # newest first
    got = store.get_project(first.id)
    assert ProjectState.from_dict(got.state) == churn_state()
    assert got.dataset_name == "churn.csv"
    saved = store.save_project(first.id, "Churn pilot v2", state, expected_revision=1)
    assert saved.revision == 2
    assert saved.name == "Churn pilot v2"
    assert store.projects()[0].id == first.id  # the latest save comes first
    store.delete_project(second.id)
    with pytest.raises(ProjectNotFoundError):
        store.get_project(second.id)


def test_an_older_save_never_overwrites_newer_work(store: RunStore) -> None:
    created = store.create_project("Churn", churn_state().as_dict(), session="a")
    theirs = churn_state()
    theirs.decision["threshold"] = 0.7
    store.save_project(created.id, "Churn", theirs.as_dict(), expected_revision=1, session="a")
    mine = churn_state()
    mine.decision["threshold"] = 0.2
    with pytest.raises(ProjectConflictError) as raised:
        store.save_project(created.id, "Churn", mine.as_dict(), expected_revision=1,
                           session="b")
    assert raised.value.theirs is not None
    assert raised.value.theirs.revision == 2
    kept = store.get_project(created.id)
    assert kept.revision == 2
    assert kept.state["decision"]["threshold"] == 0.7
    copy = store.save_project_copy("Churn (copy)", mine.as_dict(), session="b")
    assert copy.id != created.id
    assert copy.state["decision"]["threshold"] == 0.2
    assert store.get_project(created.id).state["decision"]["threshold"] == 0.7


def test_uploaded_bytes_are_kept_once_per_data_version(store: RunStore) -> None:
    store.save_project_data("v1", "mine.csv", b"a,b\n1,2\n")
    store.save_project_data("v1", "mine.csv", b"a,b\n1,2\n")
    assert store.project_data_bytes("v1") == b"a,b\n1,2\n"
    assert store.project_data_bytes("v2") is None
