"""Projects in the app (issue 14): a new table starts clean, a project reopens after a reload,
and two sessions on one project never overwrite each other's newer work."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_checks import no_exception
from fixtures.hostile import DANGEROUS
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from mlpm.explain.safe import md
from mlpm.lifecycle.store import close_stores, open_store
from mlpm.model.catalogue import DEFAULT_MODELS
from mlpm.project.state import DataRef, ProjectState
from mlpm.ui.loading import load_into

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(autouse=True)
def through_the_router(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run goes through app.py, as on a real server (``ensure_router``): AppTest would
    run a page file on its own after ``switch_page`` (a ``pages/`` folder), skipping the
    router's autosave."""
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets an empty store, so projects from other tests are not listed."""
    close_stores()
    monkeypatch.setenv("MLPM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MLPM_DATABASE_URL", raising=False)
    yield
    close_stores()


def new_session() -> AppTest:
    """A browser tab: a fresh session on the same server (and store)."""
    return AppTest.from_file(str(APP), default_timeout=180).run()


def ok(at: AppTest) -> AppTest:
    no_exception(at)
    return at


def split_and_train(at: AppTest, rule: str = "") -> None:
    at.switch_page("pages/split.py").run()
    at.button(key="split").click().run()
    at.switch_page("pages/train.py").run()
    if rule:
        at.text_area(key="rule_text").input(rule).run()
    at.button(key="train").click().run()
    ok(at)


def test_a_second_table_starts_a_new_project_without_the_first_ones_settings() -> None:
    at = new_session()
    at.button(key="sample_churn").click().run()
    split_and_train(at, rule="if tenure_months < 6 then Yes")
    at.switch_page("pages/evaluate.py").run()
    at.slider(key="threshold").set_value(0.3).run()
    at.number_input(key="money_tp").set_value(500.0).run()
    at.number_input(key="money_fp").set_value(20.0).run()
    at.switch_page("pages/present.py").run()
    at.text_input(key="pack_title").input("Can ML predict churn?").run()
    at.text_input(key="pack_recommendation").input("Pilot Logistic regression").run()
    journey = ok(at).session_state["mlpm_journey"]
    assert journey.threshold == 0.3
    assert journey.costs.is_set
    assert journey.pack_choice["title"] == "Can ML predict churn?"

    at.switch_page("pages/home.py").run()
    at.button(key="sample_house_prices").click().run()
    ok(at)
    journey = at.session_state["mlpm_journey"]
    assert journey.threshold == 0.5
    assert not journey.costs.is_set
    assert journey.training.rule_text == ""
    assert journey.pack_choice == {}
    assert not journey.models
    text = " ".join(str(m.value) for m in at.markdown)
    assert "A new table starts a new project" in text
    assert not at.get("checkbox") or all(not c.key.startswith("carry_") for c in at.checkbox)

    split_and_train(at)
    assert not at.error, [e.value for e in at.error]  # no churn rule shown as a red error
    assert at.multiselect(key="models").value == list(DEFAULT_MODELS["regression"])
    at.switch_page("pages/present.py").run()
    title = ok(at).text_input(key="pack_title").value
    assert "churn" not in title.lower()
    assert "Logistic" not in at.text_input(key="pack_recommendation").value


def test_settings_that_fit_can_be_carried_on_purpose() -> None:
    at = new_session()
    at.button(key="sample_churn").click().run()
    split_and_train(at, rule="if tenure_months < 6 then Yes")
    at.switch_page("pages/evaluate.py").run()
    at.slider(key="threshold").set_value(0.3).run()
    # The same table again, from another source (an upload of the sample's bytes).
    content = (Path(__file__).resolve().parents[2] / "sample_data" / "churn.csv").read_bytes()

    journey = at.session_state["mlpm_journey"]
    load_into(journey, content, "churn_export.csv")
    at.switch_page("pages/data.py").run()
    assert journey.threshold == 0.5
    labels = {c.key: c.label for c in at.checkbox if c.key.startswith("carry_")}
    assert set(labels) == {"carry_target", "carry_rule", "carry_decision"}
    at.button(key="carry_apply").click().run()
    journey = ok(at).session_state["mlpm_journey"]
    assert journey.threshold == 0.3
    assert journey.training.rule_text.startswith("if tenure_months")
    assert "Carried over" in " ".join(str(s.value) for s in at.success)


def test_two_sessions_never_overwrite_each_others_newer_work() -> None:
    a = new_session()
    a.button(key="sample_churn").click().run()
    ok(a)
    store = open_store()
    [project] = store.projects()

    b = new_session()  # another PM, or another tab, opens the same project
    b.button(key=f"open_project_{project.id}").click().run()
    ok(b)
    assert b.session_state["mlpm_journey"].project.id == project.id

    a.switch_page("pages/split.py").run()
    a.button(key="split").click().run()  # A saves newer work (revision 2)
    assert store.get_project(project.id).revision == 2

    b.switch_page("pages/home.py").run()
    b.text_input(key=f"project_name_{project.id}").input("B's churn").run()  # B's save would overwrite it
    ok(b)
    warning = " ".join(str(w.value) for w in b.warning)
    assert "Someone else saved newer work" in warning
    kept = store.get_project(project.id)
    assert kept.revision == 2
    assert kept.name == "churn"
    assert kept.state["split"] is not None  # A's work is intact

    b.button(key="project_copy").click().run()
    ok(b)
    copy_id = b.session_state["mlpm_journey"].project.id
    assert copy_id != project.id
    assert store.get_project(copy_id).name == "B's churn (copy)"
    assert store.get_project(project.id).state["split"] is not None
    assert not any("Someone else" in str(w.value) for w in b.warning)


def test_a_reload_reopens_the_project_with_the_same_numbers() -> None:
    a = new_session()
    a.button(key="sample_churn").click().run()
    split_and_train(a)
    a.switch_page("pages/evaluate.py").run()
    a.slider(key="threshold").set_value(0.35).run()
    before = {m.label: m.value for m in ok(a).metric}

    b = new_session()  # the reload: a new session, nothing in memory
    assert b.session_state["mlpm_journey"].dataset is None
    [project] = open_store().projects()
    b.button(key=f"open_project_{project.id}").click().run()
    b.switch_page("pages/evaluate.py").run()
    journey = ok(b).session_state["mlpm_journey"]
    assert journey.threshold == 0.35
    assert {m.label: m.value for m in b.metric} == before


def test_other_sessions_project_names_are_shown_as_text() -> None:
    """Project names come from other people (and file names): Markdown in them stays text."""
    name = "[Sign in again](https://phish.example/login) **bold** :material/home:"
    state = ProjectState(name=name, target="![pixel](https://tracker.example/p.gif)",
                         data=DataRef("upload", "www.evil.invalid_x.csv", "v1", n_rows=5))
    open_store().create_project(name, state.as_dict())
    at = ok(new_session())
    shown = [str(m.value) for m in at.markdown] + [str(b.label) for b in at.button]
    for text in shown:
        found = [p for p in DANGEROUS if re.search(p, text)]
        assert not found, (found, text)
    assert any(md(name) in text for text in shown)


def test_looking_at_a_shared_project_saves_nothing() -> None:
    """A teammate browsing the pages makes no new revision, so nobody gets a false conflict."""
    a = new_session()
    a.button(key="sample_churn").click().run()
    ok(a)
    store = open_store()
    [project] = store.projects()
    before = store.get_project(project.id).revision
    b = new_session()
    b.button(key=f"open_project_{project.id}").click().run()
    for page in ("pages/data.py", "pages/features.py", "pages/split.py", "pages/home.py"):
        ok(b.switch_page(page).run())
    assert store.get_project(project.id).revision == before
    a.switch_page("pages/split.py").run()
    a.button(key="split").click().run()  # A's real change still saves, without a conflict
    ok(a)
    assert store.get_project(project.id).revision == before + 1
    assert not any("Someone else" in str(w.value) for w in a.warning)
