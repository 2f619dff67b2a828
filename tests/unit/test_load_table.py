"""load_table on hostile and messy files: every failure is a DataLoadError a PM can act on."""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fixtures import hostile

from mlpm.data.dataset import Dataset, fingerprint
from mlpm.data.load import MAX_COLUMNS, LoadOptions, excel_sheets, load_table, short_lines
from mlpm.errors import DataLoadError, UserError

CLEAN_CSV = hostile.CLEAN
_zip = hostile.zip_of


def _corrupt_gzip() -> bytes:
    """A gzip whose header is fine but whose compressed body is garbage."""
    data = bytearray(gzip.compress(CLEAN_CSV * 20))
    for i in range(12, len(data) - 8):
        data[i] ^= 0x55
    return bytes(data)


def _zip_with_damaged_member(method: int) -> bytes:
    """A zip whose directory is intact but whose member's bytes are flipped."""
    table = b"id,amount,city\n" + b"".join(b"%d,%d.5,City%d\n" % (i, i, i % 7) for i in range(300))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("d.csv", table)
    data = bytearray(buffer.getvalue())
    body = 30 + len("d.csv")  # fixed local header + file name
    for i in range(body + 20, body + 60):
        data[i] ^= 0x55
    return bytes(data)


def _random_bytes(*, with_nul: bool) -> bytes:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4_000))
    return data if with_nul else data.replace(b"\x00", b"\x01")


def _parquet_of(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _parquet() -> bytes:
    return _parquet_of(pd.DataFrame({"id": [1, 2, 3], "score": [0.5, 1.5, 2.5],
                                     "label": ["a", "b", "a"]}))


HOSTILE: dict[str, bytes] = {
    "empty.csv": b"",
    "whitespace.csv": b"  \n\n\t  \r\n   ",
    "header_only.csv": b"id,amount,city\n",
    "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
                 + bytes(range(256)),
    "random_nul.bin": _random_bytes(with_nul=True),
    "random_no_nul.bin": _random_bytes(with_nul=False),
    "ragged.csv": b"a,b,c\n1,2,x\n3,4,y\n5,6,z,extra\n7,8,w\n9,10,v,more,fields\n",
    "ragged_first_row.csv": b"a,b,c\n1,2,x,extra\n3,4,y\n5,6,z\n",
    "bom.csv": b"\xef\xbb\xbf" + CLEAN_CSV,
    "utf16.csv": "name,amount\nZoë,1\nJürgen,2\n".encode("utf-16"),
    "cp1252.csv": "name,city,price\nRené,Besançon,5€\nAnaïs,Genève,7€\n".encode("cp1252"),
    "semicolon.csv": b"name;price;qty\nfoo;1,5;3\nbar;2,25;4\nbaz;10,0;5\n",
    "tab.tsv": b"a\tb\tc\n1\t2.5\tx\n3\t4.5\ty\n",
    "pipe.txt": b"a|b|c\n1|2.5|x\n3|4.5|y\n",
    "mac_cr.csv": b"a,b\r1,2\r3,4\r",
    "data.csv.gz": gzip.compress(CLEAN_CSV),
    "corrupt.csv.gz": _corrupt_gzip(),
    "data.zip": _zip({"readme.md": b"# notes\n", "export/data.csv": CLEAN_CSV}),
    "no_csv.zip": _zip({"notes.md": b"hello", "picture.png": b"\x89PNG"}),
    "book.xlsx": _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
    "truncated.zip": _zip({"data.csv": CLEAN_CSV})[:30],
    "bad_crc.zip": _zip_with_damaged_member(zipfile.ZIP_STORED),
    "bad_deflate.zip": _zip_with_damaged_member(zipfile.ZIP_DEFLATED),
    "data.parquet": _parquet(),
    "truncated.parquet": _parquet()[:40],
    "duplicates.csv": b"id,amount,id\n1,2,3\n4,5,6\n",
    "too_wide.csv": (",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n"
                     + ",".join("1" for _ in range(MAX_COLUMNS + 1)) + "\n").encode(),
    "single.csv": b"value\n1.5\n2.5\n3.5\n",
}


@pytest.fixture
def hostile_files(tmp_path: Path) -> dict[str, Path]:
    """Every hostile file written to disk, by name."""
    paths = {}
    for name, data in HOSTILE.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths[name] = path
    return paths


# name -> a fragment the message must contain
FAILURES = [
    pytest.param("empty.csv", "The file is empty", id="empty"),
    pytest.param("whitespace.csv", "The file is empty", id="whitespace"),
    pytest.param("header_only.csv", "no data rows", id="header_only"),
    pytest.param("image.png", "binary file", id="png"),
    pytest.param("random_nul.bin", "binary file", id="random_nul"),
    pytest.param("ragged.csv", "Line 4 has 4 fields but the header has 3", id="ragged"),
    pytest.param("no_csv.zip", "no .csv", id="zip_without_csv"),
    pytest.param("book.xlsx", "Excel workbook", id="xlsx"),
    pytest.param("truncated.zip", "zip file is damaged", id="truncated_zip"),
    pytest.param("truncated.parquet", "Parquet file is damaged", id="truncated_parquet"),
    pytest.param("duplicates.csv", "Column name 'id' appears more than once (column 3)",
                 id="duplicate_columns"),
    pytest.param("too_wide.csv", f"{MAX_COLUMNS + 1:,} columns", id="too_many_columns"),
    pytest.param("corrupt.csv.gz", "gzip", id="corrupt_gzip"),
    pytest.param("bad_crc.zip", "zip", id="zip_member_bad_crc"),
    pytest.param("bad_deflate.zip", "zip", id="zip_member_bad_deflate"),
    pytest.param("random_no_nul.bin", "", id="random_without_nul"),
]


def _load_error(source: bytes | Path, name: str) -> DataLoadError:
    """The DataLoadError that loading raises; any other exception type propagates (a bug)."""
    try:
        load_table(source, name)
    except DataLoadError as exc:
        return exc
    raise AssertionError(f"{name} loaded without an error")


@pytest.mark.parametrize(("name", "fragment"), FAILURES)
@pytest.mark.parametrize("as_bytes", [False, True], ids=["path", "bytes"])
def test_bad_files_raise_dataloaderror_with_message_and_hint(
        hostile_files: dict[str, Path], name: str, fragment: str, as_bytes: bool) -> None:
    path = hostile_files[name]
    error = _load_error(path.read_bytes() if as_bytes else path, name)
    assert fragment in error.message
    assert error.message.strip()
    assert error.hint.strip()
    assert isinstance(error, UserError)
    assert str(error) == f"{error.message} {error.hint}"


def test_missing_path_is_a_dataloaderror(tmp_path: Path) -> None:
    with pytest.raises(DataLoadError, match="There is no file at") as info:
        load_table(tmp_path / "nope.csv")
    assert info.value.hint


def test_directory_path_is_a_dataloaderror(tmp_path: Path) -> None:
    with pytest.raises(DataLoadError, match="There is no file at"):
        load_table(tmp_path)


def test_ragged_error_offers_skip_remedy(hostile_files: dict[str, Path]) -> None:
    with pytest.raises(DataLoadError) as info:
        load_table(hostile_files["ragged.csv"])
    assert info.value.remedy == "skip_bad_lines"
    assert hasattr(LoadOptions(), info.value.remedy)


def test_ragged_skip_bad_lines_loads_the_rest_and_counts(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["ragged.csv"], options=LoadOptions(skip_bad_lines=True))
    assert list(dataset.frame.columns) == ["a", "b", "c"]
    assert dataset.frame["a"].tolist() == [1, 3, 7]
    assert dataset.frame["c"].tolist() == ["x", "y", "w"]
    assert "skipped 2 line(s)" in dataset.source_note


def test_skip_bad_lines_on_a_clean_file_says_nothing_was_skipped(tmp_path: Path) -> None:
    dataset = load_table(CLEAN_CSV, "clean.csv", options=LoadOptions(skip_bad_lines=True))
    assert dataset.n_rows == 4
    assert "skipped" not in dataset.source_note


def test_extra_field_on_first_data_row_is_reported(hostile_files: dict[str, Path]) -> None:
    with pytest.raises(DataLoadError, match="Line 2"):
        load_table(hostile_files["ragged_first_row.csv"])


def test_mac_line_endings_load(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["mac_cr.csv"])
    assert dataset.frame.to_dict("list") == {"a": [1, 3], "b": [2, 4]}


def test_utf8_bom_is_not_in_first_column_name(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["bom.csv"])
    assert list(dataset.frame.columns) == ["id", "amount", "city"]
    assert not dataset.frame.columns[0].startswith("\ufeff")
    assert dataset.source_note.startswith("Read as UTF-8 with BOM")


def test_utf16_with_bom(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["utf16.csv"])
    assert dataset.frame.to_dict("list") == {"name": ["Zoë", "Jürgen"], "amount": [1, 2]}
    assert "UTF-16" in dataset.source_note


def test_cp1252_accents_and_euro(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["cp1252.csv"])
    assert dataset.frame["name"].tolist() == ["René", "Anaïs"]
    assert dataset.frame["city"].tolist() == ["Besançon", "Genève"]
    assert dataset.frame["price"].tolist() == ["5€", "7€"]
    assert "Windows-1252" in dataset.source_note


def test_semicolon_with_decimal_commas_parses_floats(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["semicolon.csv"])
    frame = dataset.frame
    assert list(frame.columns) == ["name", "price", "qty"]
    assert pd.api.types.is_float_dtype(frame["price"])
    np.testing.assert_allclose(frame["price"], [1.5, 2.25, 10.0])
    assert frame["qty"].tolist() == [3, 4, 5]
    assert "semicolon-separated, decimal comma" in dataset.source_note


def test_semicolon_with_dot_decimals_and_a_comma_in_text() -> None:
    data = b"id;price;note\n1;1.5;see page 3,4\n2;2.5;ok\n3;3.25;fine\n"
    frame = load_table(data, "notes.csv").frame
    assert pd.api.types.is_float_dtype(frame["price"]), frame["price"].tolist()
    np.testing.assert_allclose(frame["price"], [1.5, 2.5, 3.25])


@pytest.mark.parametrize(("name", "word"), [("tab.tsv", "tab"), ("pipe.txt", "pipe")])
def test_other_separators(hostile_files: dict[str, Path], name: str, word: str) -> None:
    dataset = load_table(hostile_files[name])
    assert list(dataset.frame.columns) == ["a", "b", "c"]
    np.testing.assert_allclose(dataset.frame["b"], [2.5, 4.5])
    assert dataset.frame["c"].tolist() == ["x", "y"]
    assert f"{word}-separated" in dataset.source_note


@pytest.mark.parametrize("name", ["data.csv.gz", "data.zip"])
def test_compressed_csv_matches_plain(hostile_files: dict[str, Path], name: str) -> None:
    plain = load_table(CLEAN_CSV, "plain.csv")
    packed = load_table(hostile_files[name])
    pd.testing.assert_frame_equal(packed.frame, plain.frame)
    assert packed.version == plain.version
    assert packed.name == name


def test_parquet(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["data.parquet"])
    assert dataset.frame.to_dict("list") == {
        "id": [1, 2, 3], "score": [0.5, 1.5, 2.5], "label": ["a", "b", "a"]}
    assert dataset.source_note == "Read as Parquet"


def test_parquet_names_that_collide_after_stripping() -> None:
    data = _parquet_of(pd.DataFrame({"a": [1, 2], "a ": [3, 4], "y": ["x", "z"]}))
    with pytest.raises(DataLoadError, match="more than once"):
        load_table(data, "collide.parquet")


def test_parquet_with_too_many_columns() -> None:
    wide = pd.DataFrame(np.zeros((2, MAX_COLUMNS + 1)),
                        columns=[f"c{i}" for i in range(MAX_COLUMNS + 1)])
    with pytest.raises(DataLoadError, match="columns"):
        load_table(_parquet_of(wide), "wide.parquet")


def test_single_column_file(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["single.csv"])
    assert list(dataset.frame.columns) == ["value"]
    np.testing.assert_allclose(dataset.frame["value"], [1.5, 2.5, 3.5])


def test_exactly_max_columns_is_allowed() -> None:
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS))
    row = ",".join(str(i) for i in range(MAX_COLUMNS))
    dataset = load_table(f"{header}\n{row}\n".encode(), "wide.csv")
    assert dataset.n_columns == MAX_COLUMNS
    assert dataset.frame.iloc[0, -1] == MAX_COLUMNS - 1


def test_column_names_are_stripped() -> None:
    dataset = load_table(b" id , amount \n1,2\n", "spaces.csv")
    assert list(dataset.frame.columns) == ["id", "amount"]


def test_name_defaults() -> None:
    assert load_table(CLEAN_CSV).name == "uploaded file"
    assert load_table(CLEAN_CSV, "mine.csv").name == "mine.csv"


def test_dataset_summary(hostile_files: dict[str, Path]) -> None:
    dataset = load_table(hostile_files["bom.csv"])
    assert dataset.summary() == {"name": "bom.csv", "rows": 4, "columns": 3,
                                 "version": dataset.version}
    assert len(dataset.version) == 12
    int(dataset.version, 16)  # a hex digest


# ---- data version (fingerprint) -------------------------------------------------------------


def test_fingerprint_stable_across_reloads(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(CLEAN_CSV)
    first, second = load_table(path), load_table(path)
    assert first.version == second.version
    assert load_table(path.read_bytes(), "other name").version == first.version
    assert fingerprint(first.frame.copy()) == first.version


def test_fingerprint_same_table_in_other_formats(hostile_files: dict[str, Path]) -> None:
    versions = {load_table(hostile_files[n]).version for n in ("bom.csv", "data.csv.gz", "data.zip")}
    assert len(versions) == 1


def test_fingerprint_changes_when_one_cell_changes() -> None:
    base = load_table(CLEAN_CSV, "t.csv")
    edited = load_table(CLEAN_CSV.replace(b"20.25", b"20.26"), "t.csv")
    assert base.frame.shape == edited.frame.shape
    assert base.version != edited.version
    text_edit = load_table(CLEAN_CSV.replace(b"Lyon", b"Lyom"), "t.csv")
    assert text_edit.version not in (base.version, edited.version)


def test_fingerprint_sees_names_order_and_types() -> None:
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]})
    version = fingerprint(frame)
    assert fingerprint(frame.rename(columns={"b": "c"})) != version
    assert fingerprint(frame.iloc[::-1].reset_index(drop=True)) != version
    assert fingerprint(frame.astype({"b": float})) != version
    assert fingerprint(frame.set_axis([10, 11, 12])) == version  # the index is not data


def test_explicit_version_is_kept() -> None:
    dataset = Dataset(pd.DataFrame({"a": [1]}), "t", version="fixed")
    assert dataset.version == "fixed"


def test_excel_sheets_lists_a_workbook_and_nothing_else(tmp_path: Path) -> None:
    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="openpyxl") as writer:
        for name in ("Summary", "Orders", "Notes"):
            pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name=name, index=False)
    path = tmp_path / "book.xlsx"
    path.write_bytes(data.getvalue())
    assert excel_sheets(path) == ["Summary", "Orders", "Notes"]
    assert excel_sheets(data.getvalue()) == ["Summary", "Orders", "Notes"]
    assert load_table(path, options=LoadOptions(sheet="Notes")).source_note.startswith(
        "Read as Excel, sheet 'Notes'")
    assert excel_sheets(b"a,b\n1,2\n") == []
    assert excel_sheets(data.getvalue()[:200]) == []  # damaged: load_table explains
    assert excel_sheets(tmp_path / "missing.xlsx") == []


def test_rows_with_too_few_fields_load_and_are_reported() -> None:
    data = b"id,plan,spend,city\r\n1,a,1.5,Paris\r\n2,b\r\n\r\n3,c,3.5,Nice\r\n4,d,4.5\r\n5,e,,\r\n"
    assert short_lines(data, ",", 4) == (2, 3)  # "2,b" and "4,d,4.5"; "5,e,," is complete
    dataset = load_table(data, "short.csv")
    assert dataset.n_rows == 5
    assert "2 line(s) had fewer fields than the header (first: line 3)" in dataset.source_note
    assert short_lines(b'id,note\n1,"a, b"\n2\n', ",", 2) is None  # quotes: not counted
    assert short_lines(CLEAN_CSV, ",", 3) is None


def test_a_header_whose_separator_is_hidden_in_quotes_is_refused() -> None:
    """One quoted header 'a;b' reads as one column: say the separator was not recognised;
    a genuine one-column table loads."""
    with pytest.raises(DataLoadError, match="landed in one column"):
        load_table(b'"a;b"\n1\n2\n', "one.csv")
    assert list(load_table(b"a\n1\n2\n", "one.csv").frame.columns) == ["a"]


def test_a_big_table_s_version_is_hashed_next_to_other_work(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """From a million cells the version is a hash still being made; read, pickled (Streamlit's
    cache) or copied it is exactly the fingerprint, and a failure surfaces where it is read."""
    import dataclasses
    import pickle
    from concurrent.futures import Future

    import numpy as np

    frame = pd.DataFrame({"a": np.arange(500_000), "b": np.arange(500_000) / 3})
    expected = fingerprint(frame)
    dataset = Dataset(frame, "big")
    assert isinstance(dataset.__dict__["_version"], Future)
    assert pickle.loads(pickle.dumps(Dataset(frame, "big"))).version == expected
    assert dataclasses.replace(Dataset(frame, "big"), name="x").version == expected
    assert dataset.version == expected
    assert dataset.summary()["version"] == expected
    small = Dataset(frame.head(10), "small")
    assert small.__dict__["_version"] == fingerprint(frame.head(10))  # made at once

    def broken(_: pd.DataFrame) -> str:
        raise MemoryError("no room to hash")

    monkeypatch.setattr("mlpm.data.dataset.fingerprint", broken)
    with pytest.raises(MemoryError, match="no room"):
        _ = Dataset(frame, "big").version


def test_freed_memory_is_kept_for_reuse_where_glibc_allows() -> None:
    """``mlpm review``'s process asks glibc to keep freed blocks (mlpm/data/memory.py)."""
    import sys

    from mlpm.data.memory import keep_freed_memory

    assert keep_freed_memory() is sys.platform.startswith("linux")
