"""Issue 13: file, column and category names, and shared links, shown as text on every page.

A table whose names are Markdown (links, images, emphasis, ``:x:`` shortcodes, colours, icons,
formulas) is walked through Data review, Problem & features, Split, Train and Evaluate; another
session then opens Run history, where the runs of the first are listed; a shared "Should we use
ML?" link carries the same kind of text in its problem-card parameters. Every piece of
Markdown the pages send (text, captions, alerts, headings, labels, help, radio options) is
checked: no dangerous fragment may appear raw, and the names appear in their escaped form.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from app_checks import no_exception
from fixtures.hostile import DANGEROUS
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import element_tree as et

from mlpm.decide.link import encode_answers
from mlpm.explain import fit as fit_text
from mlpm.explain.safe import md
from mlpm.lifecycle.store import close_stores

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"

FILE = "[Your session expired: sign in again](https://phish.example/login).csv"
TARGET = '=HYPERLINK("http://evil.invalid","click")'
YES, NO = "**bold**", ":red[alert]"
NUMBER = "root:x:0:0"
GROUP = "![pixel](https://tracker.example/p.gif)"
GROUPS = ("$x^2$", "`code`")
CONSTANT, CONSTANT_VALUE = "_italic_", "~~struck~~"
GAPS = ":material/home: home"
IDS = "www.evil.invalid"
MARKDOWN_VALUES = (et.Markdown, et.HeadingBase, et.AlertBase, et.Toast)


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_DATABASE_URL", f"sqlite:///{tmp_path / 'runs.sqlite'}")
    yield
    close_stores()


def hostile_csv(n: int = 160) -> bytes:
    rng = np.random.default_rng(5)
    number = rng.integers(0, 60, n)
    gaps = rng.normal(10, 2, n).round(2)
    gaps[: n // 5] = np.nan
    return pd.DataFrame({
        IDS: [f"someone{i}@evil.invalid" for i in range(n)],
        NUMBER: number,
        GROUP: rng.choice(GROUPS, n),
        CONSTANT: CONSTANT_VALUE,
        GAPS: gaps,
        TARGET: np.where(rng.random(n) < 1 / (1 + np.exp((number - 25) / 8)), YES, NO),
    }).to_csv(index=False).encode()


def shown_markdown(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer."""
    out: list[str] = []
    for node in at._tree:
        if isinstance(node, MARKDOWN_VALUES):
            out.append(str(node.value))
        for attr in ("label", "help"):
            value = getattr(node, attr, None)
            if isinstance(value, str):
                out.append(value)
        if isinstance(node, et.Radio):
            out += [str(option) for option in node.options]
        if isinstance(node, et.PageLink):
            out.append(node.proto.label)
    return out


def assert_names_are_text(at: AppTest, *names: str) -> None:
    """No raw link, image, emphasis, shortcode…; each name shown, in its escaped form."""
    no_exception(at)
    texts = shown_markdown(at)
    for text in texts:
        found = [pattern for pattern in DANGEROUS if re.search(pattern, text)]
        assert not found, (found, text)
    joined = "\n".join(texts)
    missing = [name for name in names if md(name) not in joined]
    assert not missing, missing


def test_a_hostile_table_is_shown_as_text_from_review_to_run_history(app: AppTest) -> None:
    app.switch_page("pages/data.py").run()
    app.file_uploader(key="upload").set_value((FILE, hostile_csv(), "text/csv")).run()
    no_exception(app)
    app.selectbox(key="target").set_value(TARGET).run()
    app.selectbox(key=f"positive_{TARGET}").set_value(YES).run()
    assert app.session_state["mlpm_journey"].problem.positive_label == YES
    # file name (subheader), columns (alerts, readiness), values (alerts), target, label
    assert_names_are_text(app, FILE, TARGET, YES, IDS, CONSTANT, CONSTANT_VALUE, GAPS)
    app.switch_page("app.py").run()  # AppTest draws the router's sidebar from app.py only
    assert_names_are_text(app, FILE, TARGET)

    app.switch_page("pages/features.py").run()
    assert_names_are_text(app, TARGET, IDS)

    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    assert_names_are_text(app)

    app.switch_page("pages/train.py").run()
    app.text_area(key="rule_text").input(f"if {NUMBER} < 20 then {YES}").run()
    app.button(key="train").click().run()
    assert_names_are_text(app, NUMBER, GROUP, *GROUPS, TARGET, YES)  # rule read back, columns

    app.switch_page("pages/evaluate.py").run()
    app.selectbox(key="fair_column").set_value(GROUP).run()
    app.selectbox(key="eval_cell").set_value("fn").run()
    assert_names_are_text(app, TARGET, YES, GROUP, *GROUPS)

    app.switch_page("pages/pilot.py").run()  # capacity and pilot (issue 17) name the label
    app.number_input(key="capacity_n").set_value(10).run()
    for key, value in (("after_cc", 100), ("after_ce", 30), ("after_mc", 100), ("after_me", 20)):
        app.number_input(key=key).set_value(value)
    app.run()
    assert_names_are_text(app, YES)
    # What drives it? (issue 17): sentences, the case, the what-if inputs' labels.
    app.switch_page("pages/drivers.py").run()
    assert_names_are_text(app, TARGET, YES, NUMBER, GAPS)

    # Another PM, another session: the run history lists the first PM's runs.
    other = AppTest.from_file(str(APP), default_timeout=120).run()
    other.switch_page("pages/history.py").run()
    assert_names_are_text(other, FILE, TARGET)
    # the side-by-side comparison of two runs is drawn too (its sentences name the file)
    assert any(" vs #" in text for text in shown_markdown(other))


def test_a_shared_link_cannot_put_links_or_images_on_the_problem_card(app: AppTest) -> None:
    card = {"frame_problem": "[Your session expired: sign in again](https://phish.example/login)",
            "frame_predict": "![pixel](https://tracker.example/p.gif)",
            "frame_goal": "root:x:0:0 **bold** $x^2$ :red[alert]"}
    for key, value in encode_answers({"complex_logic": "yes", **card}).items():
        app.query_params[key] = value
    app.switch_page("pages/fit.py").run()
    app.session_state["fit_tab"] = fit_text.TAB_CARD
    app.run()
    assert app.session_state["mlpm_journey"].fit_answers["frame_predict"] == card["frame_predict"]
    assert_names_are_text(app, *card.values())
