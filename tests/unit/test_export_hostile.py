"""Issue 13: hostile file, column and label names in the model card, the deck and the report.

The card is Markdown that travels (GitHub, wikis, tickets): names in it must stay text. The
deck and the HTML report are not Markdown: they must show the names exactly as typed, with
none of the card's backslashes.
"""

from __future__ import annotations

import html
import io
import re

import numpy as np
import pandas as pd
import pytest
from fixtures.hostile import DANGEROUS
from pptx import Presentation

from mlpm.data.dataset import Dataset
from mlpm.data.readiness import assess
from mlpm.explain.safe import md
from mlpm.present.export.deck import build_deck
from mlpm.present.export.model_card import build_model_card
from mlpm.present.export.report import build_report
from mlpm.present.pack import Analysis, build_pack, card_facts
from mlpm.project.pipeline import run

FILE = "[Your session expired: sign in again](https://phish.example/login).csv"
TARGET = '=HYPERLINK("http://evil.invalid","click")'
YES, NO = ":red[alert] root:x:0:0", "$x^2$"
GROUP = "![pixel](https://tracker.example/p.gif)"
GROUPS = ("**bold**", "`code`")
NUMBER = "a_b_c <img src=x onerror=alert(1)>"
NAMES = (FILE, TARGET, YES, GROUP, *GROUPS, NUMBER)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    rng = np.random.default_rng(3)
    n = 240
    number = rng.integers(0, 60, n)
    group = rng.choice(GROUPS, n)
    outcome = np.where(rng.random(n) < 1 / (1 + np.exp((number - 25) / 8)), YES, NO)
    dataset = Dataset(pd.DataFrame({NUMBER: number, GROUP: group, TARGET: outcome}), FILE)
    result = run(dataset, TARGET, model_key="tree")
    assert result.problem.positive_label in (YES, NO)
    return Analysis(dataset=dataset, problem=result.problem, split=result.split,
                    models={result.baseline.key: result.baseline, result.model.key: result.model},
                    selected_model="tree", threshold=0.5,
                    readiness=assess(dataset, TARGET, today="2026-11-23"),
                    fairness_column=GROUP)


def test_the_model_card_shows_names_as_text(analysis: Analysis) -> None:
    card = build_model_card(card_facts(analysis))
    label = analysis.problem.positive_label
    for name in (FILE, TARGET, label, NUMBER, GROUP, *GROUPS):
        assert md(name) in card, name
    found = [pattern for pattern in DANGEROUS if re.search(pattern, card)]
    assert not found, found
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("gfm-like", {"linkify": False}).render(card)
    assert "<a " not in rendered
    assert "<img" not in rendered
    assert "<h1>" in rendered
    assert rendered.count("<h1>") == 1
    assert "bold</strong>" not in rendered
    assert "<code>code</code>" not in rendered


def test_the_deck_and_the_report_show_names_as_typed(analysis: Analysis) -> None:
    pack = build_pack(analysis, keys=["readiness", "split", "confusion", "fairness"])
    label = analysis.problem.positive_label
    deck = Presentation(io.BytesIO(build_deck(pack)))
    texts = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    notes = " ".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides
                     if slide.has_notes_slide)
    assert FILE in texts  # the subtitle
    assert f"{TARGET} = {label}" in texts  # the confusion item's headline
    assert f"Is the model as good for every group of '{GROUP}'?" in texts
    assert f"{GROUP} = " in notes
    for text in (texts, notes):
        assert "\\" not in text
        assert "\u200b" not in text
    page = build_report(pack)
    assert html.escape(f"{TARGET} = {label}") in page
    assert html.escape(f"Is the model as good for every group of '{GROUP}'?") in page
    assert "\\*" not in page
    assert "\u200b" not in page
    assert "<img" not in page
    assert 'href="https://phish' not in page
