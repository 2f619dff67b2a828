"""Data review's "Open a file on this computer" tab (issue 13): off unless the operator turns it
on for a loopback server, then only files inside the operator's folder; no reload path (sheet,
"Load anyway") reads anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_checks import no_exception
from fixtures import hostile
from streamlit import config
from streamlit.testing.v1 import AppTest

from mlpm.errors import DataLoadError
from mlpm.explain import data as words

EARLIER = b"plan,spend,churned\n" + b"".join(
    f"{'ab'[i % 2]},{i * 1.5},{'yn'[i % 3 == 0]}\n".encode() for i in range(30))


def texts(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("error", "warning", "info", "success", "caption")
            for e in at.get(kind)]


def on_data_page_with_earlier_data(app: AppTest) -> AppTest:
    app.switch_page("pages/data.py").run()
    app.file_uploader(key="upload").set_value(("earlier.csv", EARLIER, "text/csv")).run()
    no_exception(app)
    assert app.session_state["mlpm_journey"].dataset.name == "earlier.csv"
    return app


def try_the_reload_hole(app: AppTest) -> None:
    """What once loaded /etc/passwd: a path the page remembers plus a "Load anyway" retry."""
    journey = app.session_state["mlpm_journey"]
    journey.path_input, journey.load_source = "/etc/passwd", "path"
    journey.load_error = DataLoadError("Line 24 has 4 fields but the header has 1.",
                                       remedy="skip_bad_lines")
    app.run()
    no_exception(app)
    keys = [b.key for b in app.button]
    if "skip_bad_lines" in keys:  # only reachable if the policy were skipped; then it must fail
        app.button(key="skip_bad_lines").click().run()
    assert app.session_state["mlpm_journey"].dataset.name == "earlier.csv"
    assert "skip_bad_lines" not in keys


def test_off_by_default_says_how_to_turn_it_on(app: AppTest,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLPM_LOCAL_FILES", raising=False)
    on_data_page_with_earlier_data(app)
    assert words.LOCAL_FILES_OFF in texts(app)
    assert "MLPM_LOCAL_FILES=/path/to/folder mlpm app" in words.LOCAL_FILES_OFF
    assert "data_path" not in [t.key for t in app.text_input]
    assert "load_path" not in [b.key for b in app.button]
    try_the_reload_hole(app)


def test_off_when_the_server_is_reachable_from_other_computers(
        app: AppTest, server_folder: Path) -> None:
    (server_folder / "customers.csv").write_bytes(EARLIER)
    config.set_option("server.address", "0.0.0.0")  # the fixture restores it
    on_data_page_with_earlier_data(app)
    assert words.local_files_off("not_loopback") in texts(app)
    assert "data_path" not in [t.key for t in app.text_input]
    try_the_reload_hole(app)
    config.set_option("server.address", "")  # unset: Streamlit listens on every interface
    app.run()
    assert words.local_files_off("not_loopback") in texts(app)


def test_on_reads_only_inside_the_folder(app: AppTest, server_folder: Path) -> None:
    (server_folder / "export.csv.gz").write_bytes(hostile.HOSTILE["packed.csv.gz"][0])
    (server_folder / "ragged.csv").write_bytes(hostile.HOSTILE["ragged.csv"][0])
    (server_folder / "passwd.csv").symlink_to("/etc/passwd")
    on_data_page_with_earlier_data(app)
    assert words.local_files_on(server_folder.resolve()) in texts(app)
    assert app.selectbox(key="data_pick").options == [words.LOCAL_FILE_PICK_NONE, "export.csv.gz",
                                                      "ragged.csv"]

    for typed, message in [("/etc/passwd", "'/etc/passwd' is outside the folder"),
                           ("../server_files/export.csv.gz", "'..' is not allowed"),
                           ("passwd.csv", "'passwd.csv' is outside the folder"),
                           ("/proc/self/environ", "is outside the folder")]:
        app.text_input(key="data_path").input(typed).run()
        app.button(key="load_path").click().run()
        no_exception(app)
        shown = texts(app)
        assert any(message in t for t in shown), (typed, shown)
        assert words.kept_earlier("earlier.csv") in shown
        assert app.session_state["mlpm_journey"].dataset.name == "earlier.csv"
        assert "skip_bad_lines" not in [b.key for b in app.button]

    app.selectbox(key="data_pick").select("export.csv.gz").run()
    assert app.text_input(key="data_path").value == "export.csv.gz"
    app.button(key="load_path").click().run()
    no_exception(app)
    assert app.session_state["mlpm_journey"].dataset.name == "export.csv.gz"

    # "Load anyway" works for a file inside, and not for one the page was made to remember
    app.text_input(key="data_path").input("ragged.csv").run()
    app.button(key="load_path").click().run()
    assert "skip_bad_lines" in [b.key for b in app.button]
    app.session_state["mlpm_journey"].path_input = "/etc/passwd"
    app.run()
    assert "skip_bad_lines" not in [b.key for b in app.button]
    app.session_state["mlpm_journey"].path_input = "ragged.csv"
    app.run()
    app.button(key="skip_bad_lines").click().run()
    no_exception(app)
    assert app.session_state["mlpm_journey"].dataset.name == "ragged.csv"
