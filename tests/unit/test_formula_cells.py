"""Formula-like text cells (issue 13): the review counts exactly the cells mlpm's downloads
neutralise, whatever the column's storage, and says plainly what they are."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.csv_safe import safe_csv
from mlpm.data.dataset import Dataset
from mlpm.data.load import load_table
from mlpm.data.profile import profile_column
from mlpm.data.quality import QualityReport, review
from mlpm.explain.data import alert_words
from mlpm.explain.safe import plain

N = 24_000  # above the 20,000 rows where million-distinct fixed-width IDs take their own path


def changed_by_download(frame: pd.DataFrame) -> dict[str, int]:
    """Cells per column that ``safe_csv`` writes differently from a plain CSV of the frame.

    One column at a time, line by line: a cell never shares a line with another, and one
    that spans lines (a quoted newline) differs in its first line only when neutralised. (Not
    ``csv.reader``: a bare carriage return is written unquoted and reads as a row break.)"""
    counts = {}
    for name in frame.columns:
        part = frame[[name]]
        plain = part.to_csv(index=False).split("\n")
        safe = safe_csv(part, index=False).decode("utf-8-sig").split("\n")
        assert len(plain) == len(safe)
        counts[str(name)] = sum(a != b for a, b in zip(plain[1:], safe[1:], strict=True))
    return {name: count for name, count in counts.items() if count}


def counted_by_review(report: QualityReport) -> dict[str, int]:
    return {name: p.formula_cells for name, p in report.profiles.items() if p.formula_cells}


def hostile_frame(n: int = N, seed: int = 5) -> pd.DataFrame:
    """Formula-like text in every storage the review counts differently."""
    rng = np.random.default_rng(seed)
    words = np.array(["=SUM(A1:A9)", "+31 6 1234 5678", "-5", "@mention", "\tindented",
                      "\rreturn", "-", "ok", "fine", "", "héllo", "=1+1", "naïve -1"])
    text = rng.choice(words, n, p=[.02, .03, .05, .01, .01, .01, .02, .4, .3, .05, .05, .03,
                                   .02])
    ids = np.array([f"{'=' if i % 211 == 0 else '-' if i % 307 == 0 else 'C'}{i:08d}"
                    for i in rng.permutation(n)], dtype=object)
    many = np.array([f"{'@' if i % 53 == 0 else ''}note {i} of many" for i in range(n)],
                    dtype=object)
    frame = pd.DataFrame({
        "arrow_text": pd.array(text, dtype="string[pyarrow]"),
        "object_text": pd.Series(text, dtype=object),
        "category": pd.Categorical(text),
        "arrow_ids": pd.array(ids, dtype="string[pyarrow]"),
        "many_distinct": pd.array(many, dtype="string[pyarrow]"),
        "mixed_objects": pd.Series([-3 if i % 4 == 0 else "-3" if i % 4 == 1 else "=A1"
                                    if i % 4 == 2 else None for i in range(n)], dtype=object),
        "negatives": rng.normal(0, 1, n).round(2),  # numbers: never formulas
        "whole_negatives": rng.integers(-50, 50, n),
    })
    missing = rng.random(n) < 0.05
    for name in ("arrow_text", "object_text", "arrow_ids"):
        frame.loc[missing, name] = None
    return frame


def test_review_counts_exactly_the_cells_the_download_neutralises() -> None:
    frame = hostile_frame()
    expected = changed_by_download(frame)
    assert set(expected) == {"arrow_text", "object_text", "category", "arrow_ids",
                             "many_distinct", "mixed_objects"}
    report = review(Dataset(frame, "hostile.csv"))
    assert counted_by_review(report) == expected
    alerts = {a.columns[0]: a for a in report.alerts if a.kind == "formula_like"}
    assert set(alerts) == set(expected)
    for name, alert in alerts.items():
        assert f"{expected[name]:,} cells of '{name}'" in alert_words(alert)[0]
        assert alert.severity == "low"
        assert alert.fix is None  # informational: no step rewrites the PM's data
    assert {p.formula_cells for p in map(profile_column, (frame["negatives"],
                                                          frame["whole_negatives"]))} == {0}


def test_a_loaded_csv_counts_what_its_download_changes() -> None:
    lines = ["comment,amount,code"]
    values = ["=HYPERLINK(\"http://x\")", "-2 kg", "+44 20 7946 0958", "@SUM(A1)", "ok",
              "fine", "- not sure"]
    lines += [f"\"{values[i % len(values)].replace(chr(34), chr(34) * 2)}\",{-i * 1.5},"
              f"{'-' if i % 9 == 0 else 'X'}{i:04d}" for i in range(300)]
    dataset = load_table("\n".join(lines).encode(), "comments.csv")
    assert dataset.frame["amount"].dtype.kind == "f"
    report = review(dataset)
    assert counted_by_review(report) == changed_by_download(dataset.frame)
    assert report.profiles["comment"].formula_cells == sum(
        values[i % len(values)][0] in "=+-@" for i in range(300))


def test_signed_numbers_written_as_text_are_not_called_formulas() -> None:
    signed = pd.DataFrame({"change": [f"{'+' if i % 2 else '-'}{i}" for i in range(60)]
                           + ["n/a"] * 5})
    alert = next(a for a in review(Dataset(signed, "t.csv")).alerts if a.kind == "formula_like")
    assert alert_words(alert)[0].startswith("60 cells of 'change' start with a sign")
    assert "numbers written as text" in alert_words(alert)[0]
    assert "formula" not in alert_words(alert)[1]
    mixed = signed.assign(change=["=1+1", *signed["change"].tolist()[1:]])
    alert = next(a for a in review(Dataset(mixed, "t.csv")).alerts if a.kind == "formula_like")
    assert "60 cells of 'change' would run as formulas in a spreadsheet" in alert_words(alert)[0]
    assert "(59 of them plain signed numbers" in alert_words(alert)[0]
    assert "'=1+1'" in alert_words(alert)[0]


def test_tab_and_line_break_examples_are_shown_not_printed() -> None:
    frame = pd.DataFrame({"memo": ["\tcmd"] * 3 + ["\rcalc"] * 2 + ["plain"] * 30})
    alert = next(a for a in review(Dataset(frame, "t.csv")).alerts if a.kind == "formula_like")
    text = plain(alert_words(alert)[0])  # as the CLI and the JSON print it
    assert "\t" not in text
    assert "\r" not in text
    assert "e.g. '\\tcmd' and '\\rcalc'" in text


@pytest.mark.parametrize("dtype", ["string[pyarrow]", "string[python]", "object", "category"])
def test_clean_text_has_no_formula_cells(dtype: str) -> None:
    column = pd.Series(["a-b", "x=y", "mail@x.com", " -1", "", None] * 10, dtype=dtype)
    assert profile_column(column).formula_cells == 0
    assert changed_by_download(pd.DataFrame({"c": column})) == {}
