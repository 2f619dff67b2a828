"""Issue 13: the PM's names inside mlpm's Markdown stay text (no links, images, formatting).

``md()`` is checked with a real CommonMark parser (markdown-it-py, with GitHub's tables and
strikethrough) plus the text-level rewrites Streamlit's renderer does after parsing: GitHub's
bare-URL and e-mail links, emoji shortcodes and Streamlit's ``:name[...]`` colours and
``:material/…:`` icons. The patterns are the ones in Streamlit's own front end
(``StreamlitMarkdown``: remark-gfm's autolink literals, remark-emoji, remark-directive). The
browser test (tests/e2e/test_data_review.py) confirms the same in Chromium.
"""

from __future__ import annotations

import html
import re

import pytest
from fixtures.hostile import DANGEROUS, HOSTILE_NAMES

from mlpm.explain.safe import ZWSP, md, plain

markdown_it = pytest.importorskip("markdown_it")

PARSER = markdown_it.MarkdownIt("gfm-like", {"linkify": False})
LIVE_TAGS = ("<a", "<img", "<em", "<strong", "<code", "<pre", "<h1", "<h2", "<h3", "<h4", "<h5",
             "<h6", "<li", "<ol", "<ul", "<blockquote", "<hr", "<s>", "<del", "<table", "<br")
STREAMLIT_TEXT_RULES = {
    "bare URL link": re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+"),
    "e-mail link": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    "emoji shortcode": re.compile(r":[\w\-+]+:"),
    "directive, colour or icon": re.compile(r":[A-Za-z]"),
}
# How mlpm places a name: inside a sentence, starting a line, under a line (setext headings),
# as a list item, in a table cell (model card) and after its own bold text.
CONTEXTS = ("In '{}' today.", "{}", "First line  \n{}", "- {}", "{} is *it*",
            "| Column | Note |\n|---|---|\n| {} | x |", "**Data:** {}")


def inline_text(tokens: list) -> list[str]:
    """Every text node after parsing (escapes resolved), as the renderer's plugins see them."""
    out = []
    for token in tokens:
        if token.type == "inline":
            out += [child.content for child in token.children or [] if child.type == "text"]
    return out


def visible(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(ZWSP, "")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("context", CONTEXTS)
def test_a_hostile_name_renders_as_its_own_text(name: str, context: str) -> None:
    source = context.format(md(name))
    rendered = PARSER.render(source)
    plain_context = PARSER.render(context.format("NAME"))
    for tag in LIVE_TAGS:  # no tag that the context itself does not make
        assert rendered.count(tag) == plain_context.count(tag), (tag, source, rendered)
    for text in inline_text(PARSER.parse(source)):
        for rule, pattern in STREAMLIT_TEXT_RULES.items():
            found = pattern.search(text)
            assert found is None or ZWSP in found.group(0), (rule, text)
    shown = name.replace("\n", " ")
    expected = visible(plain_context).replace("NAME", shown)
    assert visible(rendered) == expected


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_maths_never_starts(name: str) -> None:
    """Streamlit typesets $…$ (remark-math reads escapes, so every "$" must carry one)."""
    assert re.search(r"(?<!\\)\$", md(name)) is None


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_plain_gives_the_name_back(name: str) -> None:
    assert plain(md(name)) == name.replace("\n", " ")
    assert plain(f"**Predicting {md(name)}**: `abc` and *this*") == (
        f"Predicting {name.replace(chr(10), ' ')}: abc and this")


def test_no_dangerous_fragment_survives_escaping() -> None:
    """The page tests look for these in every element: here, they are shown to be meaningful."""
    raw, escaped = " ".join(HOSTILE_NAMES), " ".join(map(md, HOSTILE_NAMES))
    assert all(re.search(pattern, raw) for pattern in DANGEROUS)
    assert not [pattern for pattern in DANGEROUS if re.search(pattern, escaped)]


@pytest.mark.parametrize("name", ["tenure_months", "churn.csv", "R&D", "<=50K", ">50K", "-1",
                                  "Month-to-month", "plan (2024)", "a_b_c", "Yes"])
def test_ordinary_names_are_left_as_they_are(name: str) -> None:
    """Sentences about everyday names read (and test) exactly as before."""
    expected = "\\>50K" if name == ">50K" else name  # ">" may start a quote on its own line
    assert md(name) == expected
