"""Every hostile file in tests/fixtures/hostile.py through the library: it loads correctly or
fails with a DataLoadError that names the problem, gives a hint, and offers a safe remedy."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from fixtures import hostile

from mlpm.data.dataset import Dataset
from mlpm.data.load import LoadOptions, load_table
from mlpm.data.quality import review
from mlpm.errors import DataLoadError

HOSTILE = hostile.HOSTILE

LOADS = [n for n, (_, e) in HOSTILE.items() if e[0] == "loads"]
FAILS = [n for n, (_, e) in HOSTILE.items() if e[0] == "error"]


WRAPPED = [n for n in LOADS if HOSTILE[n][1][1] == "columns id,amount,city"]


def test_at_least_fifteen_kinds() -> None:
    assert len(HOSTILE) >= 15
    assert len(LOADS) >= 10
    assert len(FAILS) >= 10
    assert all(HOSTILE[n][1][1] for n in FAILS)  # every refusal names its problem


@pytest.mark.parametrize("name", WRAPPED)
def test_wrapped_copies_of_one_table_load_to_that_table(name: str) -> None:
    """BOM, gzip, zip, Excel and Parquet copies of one small table: every row and value, as
    pandas reads the plain CSV (the reference), not just the header."""
    expected = pd.read_csv(io.BytesIO(hostile.CLEAN))
    got = load_table(HOSTILE[name][0], name).frame.reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)


def _check(dataset: Dataset, check: str) -> None:
    what, _, value = check.partition(" ")
    frame = dataset.frame
    if what == "columns":
        assert list(frame.columns) == value.split(",")
    elif what == "text":
        assert value in frame.astype(str).to_numpy().ravel().tolist()
    elif what == "float":
        assert pd.api.types.is_float_dtype(frame[value])
    elif what == "alert":
        assert value in {a.kind for a in review(dataset).alerts}
    else:  # pragma: no cover
        raise AssertionError(check)


@pytest.mark.parametrize("name", LOADS)
@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
def test_messy_files_load(tmp_path: Path, name: str, as_path: bool) -> None:
    data, (_, check) = HOSTILE[name]
    if as_path:
        source: bytes | Path = tmp_path / name
        source.write_bytes(data)
    else:
        source = data
    dataset = load_table(source, name)
    assert dataset.n_rows > 0
    assert dataset.source_note.startswith("Read as")
    _check(dataset, check)
    review(dataset)  # the review never fails on what loads


@pytest.mark.parametrize("name", FAILS)
def test_bad_files_explain_themselves(name: str) -> None:
    data, (_, fragment, remedy) = HOSTILE[name]
    with pytest.raises(DataLoadError) as info:
        load_table(data, name)
    error = info.value
    assert fragment in error.message
    assert error.message.strip()
    assert error.hint.strip()
    assert error.remedy == remedy
    if remedy:
        assert hasattr(LoadOptions(), remedy)


@pytest.mark.parametrize("name", [n for n in FAILS if HOSTILE[n][1][2]])
def test_remedy_loads_anyway(name: str) -> None:
    data, (_, _, remedy) = HOSTILE[name]
    dataset = load_table(data, name, options=replace(LoadOptions(), **{remedy: True}))
    assert dataset.n_rows > 0
    assert len(set(dataset.frame.columns)) == dataset.n_columns
    assert all(str(c).strip() for c in dataset.frame.columns)


def test_renamed_headers_and_skipped_lines_are_reported() -> None:
    renamed = load_table(HOSTILE["duplicate_headers.csv"][0], "d.csv",
                         options=LoadOptions(rename_duplicate_columns=True))
    assert list(renamed.frame.columns) == ["id", "amount", "id_2"]
    assert "renamed 1 column(s)" in renamed.source_note
    blank = load_table(HOSTILE["blank_header.csv"][0], "b.csv",
                       options=LoadOptions(rename_duplicate_columns=True))
    assert list(blank.frame.columns) == ["id", "column_2", "city"]
    cut = load_table(HOSTILE["truncated.csv"][0], "t.csv", options=LoadOptions(skip_bad_lines=True))
    assert cut.frame["a"].tolist() == [1, 3]
    assert "skipped 1 line(s)" in cut.source_note


def test_excel_sheet_choice_and_note() -> None:
    data = HOSTILE["workbook.xlsx"][0]
    first = load_table(data, "w.xlsx")
    assert "sheet 'Customers'" in first.source_note
    assert "2 sheets" in first.source_note
    notes = load_table(data, "w.xlsx", options=LoadOptions(sheet="Notes"))
    assert list(notes.frame.columns) == ["note"]
    same = load_table(hostile.parquet(first.frame), "p.parquet")
    assert same.frame.equals(first.frame)
