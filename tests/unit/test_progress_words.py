"""Progress bars: computations report steps as facts, explain/progress.py words them."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from mlpm.explain.progress import STEP_WORDS, curve_step_words, step_label
from mlpm.progress import Step

MLPM = Path(__file__).resolve().parents[2] / "mlpm"


def test_every_step_a_computation_reports_has_its_words() -> None:
    used = {key for path in MLPM.rglob("*.py")
            for key in re.findall(r'\bStep\(\s*"(\w+)"', path.read_text())}
    assert {"checked_column", "learning", "cross_validation", "curve_rows"} <= used
    assert used - set(STEP_WORDS) == set()


def test_a_column_name_reaches_the_bar_as_text() -> None:
    """A progress bar's text is Markdown: a column called '**[x](http://e.vil)**' stays text."""
    label = step_label(Step("checked_column", {"column": "**[x](http://e.vil)**"}))
    html = MarkdownIt("commonmark").render(label)
    assert "<a " not in html
    assert "<strong>" not in html
    assert html.startswith("<p>Checked '**[x](http:")


def test_numbers_are_written_the_house_way() -> None:
    assert step_label(Step("learning", {"model": "Decision tree", "rows": 12000})) == \
        "Decision tree: learning from 12,000 training rows"
    assert curve_step_words(Step("curve_setting", {"model": "Decision tree", "number": 2,
                                                   "of": 6, "setting": "max_depth",
                                                   "value": "3"})) == "max_depth = 3 (2 of 6)"
