"""User text inside mlpm's Markdown: shown as typed, never as links, images or formatting.

Every sentence a PM reads is Markdown (``**bold**`` is mlpm's own), and Streamlit renders it
with GitHub's extensions, emoji shortcodes (``:x:`` -> ❌), Material icons, colours
(``:red[…]``) and ``$`` maths. A file name, column name, category value or URL parameter put
into such a sentence must go through :func:`md`; a sentence that leaves for a place that is
not Markdown (slides, HTML, the terminal, JSON) goes through :func:`plain`, which gives the
user's text back exactly: ``plain(md(s)) == s`` for any one-line ``s`` without U+200B.

Why not backslashes alone: Streamlit turns ``:material/`` into its icon syntax before the
Markdown is parsed, and GitHub's bare-URL and e-mail links (``http://…``, ``www.…``,
``a@b.com``) are found in the text *after* escapes are read (both seen in Chromium:
``\\:material/home\\:`` shows the icon, ``http\\://x`` a link). So a zero width space (U+200B)
follows every ``:`` that is followed by text, goes around every ``@`` and between ``www`` and
its dot: invisible, but no shortcode, icon, colour or link pattern matches any more. Characters that only matter in some
places are escaped only there (``a_b_c``, ``R&D``, ``<=50K`` and ``-1`` stay as they are), so
the sentences of ordinary names do not change at all.
"""

from __future__ import annotations

import re
import string

ZWSP = "\u200b"
"""Zero width space: splits ``:x:``, ``http://``, ``www.`` and ``a@b`` without showing."""

_PUNCTUATION = frozenset(string.punctuation)  # CommonMark's escapable ASCII characters
_ALWAYS = frozenset("\\`*[]|#~$")
"""Escaped wherever they stand: code, emphasis, links/images/footnotes, tables, headings
(``# x #``), strikethrough, maths."""
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # HTML; "<=50K" stays as it is
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&copy;" would show ©; "R&D" stays as it is
_WWW = re.compile(r"(?i)www(?=\.)")
_LIST_OR_QUOTE = re.compile(r"^(?:>|[-+=](?=\s|$)|-+\s*$|=+\s*$)")
"""A quote, a bullet, a rule or a setext heading's underline, if the value starts a line."""
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md(value: object) -> str:
    """``value`` as literal text inside Streamlit Markdown (and any CommonMark viewer).

    Newlines become spaces, so a value cannot start a heading, list or table row of its own.
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    if not text:
        return ""
    out: list[str] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "_" and not (0 < i < last and text[i - 1].isalnum()
                                and text[i + 1].isalnum()):
            out.append("\\_")  # a_b_c is never emphasis; _a_ and a__b can be
        elif ch == ":" and i < last and not text[i + 1].isspace():
            out.append(":" + ZWSP)  # ":x:", ":material/…", ":red[", "http://"; not "a: b"
        elif ch == "@":
            out.append(ZWSP + "@" + ZWSP)  # a@b.com
        else:
            out.append(ch)
    escaped = _WWW.sub(lambda m: m.group(0) + ZWSP, "".join(out))
    escaped = _TAG.sub(r"\\<", _ENTITY.sub(r"\\&", escaped))
    if text[0] in " \t":  # four leading spaces would make a code block
        return ZWSP + escaped
    if _LIST_OR_QUOTE.match(escaped):
        return "\\" + escaped
    return _ORDERED.sub(r"\1\\\2", escaped)


def plain(markdown: str) -> str:
    """mlpm's Markdown sentence as plain text: the user's values as typed, no ``**``/backticks.

    For slides, the HTML report (escape it as HTML afterwards), the terminal and JSON.
    """
    out: list[str] = []
    i, n = 0, len(markdown)
    while i < n:
        ch = markdown[i]
        if ch == "\\" and i + 1 < n and markdown[i + 1] in _PUNCTUATION:
            out.append(markdown[i + 1])
            i += 2
            continue
        if ch not in "*`" + ZWSP:
            out.append(ch)
        i += 1
    return "".join(out)
