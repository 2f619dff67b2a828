"""Issue 13: a small file that unpacks to gigabytes is refused with a clear message, in bounded
memory, for gzip, zip, xlsx and Parquet; tables of too many cells never reach pandas."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fixtures import hostile

from mlpm.data import limits
from mlpm.data.load import excel_sheets, load_table
from mlpm.errors import DataLoadError

MiB = hostile.MiB
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _default_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLPM_MAX_TABLE_MB", raising=False)
    monkeypatch.delenv("MLPM_MAX_CELLS", raising=False)


@pytest.fixture
def cap_1mb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_MAX_TABLE_MB", "1")


def _refused(load: Callable[[], object], fragment: str) -> tuple[DataLoadError, int]:
    """The DataLoadError ``load`` raises (its message holds ``fragment``) and the peak of
    Python memory while it ran."""
    tracemalloc.start()
    try:
        with pytest.raises(DataLoadError) as info:
            load()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert fragment in info.value.message, info.value.message
    assert info.value.hint.strip()
    return info.value, peak


# --- gzip ---------------------------------------------------------------------------------


def test_gzip_bomb_stops_at_the_cap(cap_1mb: None) -> None:
    bomb = hostile.gzip_bomb(b"0,0\n", 64 * MiB)  # 64 KB on disk
    assert len(bomb) < 100_000
    error, peak = _refused(lambda: load_table(bomb, "bomb.csv.gz"),
                           "This file unpacks to more than 1 MB; mlpm reads at most 1 MB.")
    assert "MLPM_MAX_TABLE_MB" in error.hint
    assert peak < 8 * MiB  # the cap, a chunk and its copies in gzip's reader; never 64 MB


def test_gzip_of_zero_bytes_stops_at_the_cap(cap_1mb: None) -> None:
    bomb = hostile.gzip_bomb(b"\0", 32 * MiB)
    _, peak = _refused(lambda: load_table(bomb, "z.csv.gz"), "unpacks to more than 1 MB")
    assert peak < 8 * MiB


def test_gzip_of_many_short_lines_stops_at_the_cells_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_MAX_CELLS", "100000")
    _, peak = _refused(lambda: load_table(hostile.gzip_bomb(b"0,0\n", 64 * MiB), "b.csv.gz"),
                       "more than 100,000 rows")
    assert peak < 4 * MiB  # stopped after the first MiB of lines, far below the 1,000 MB cap


def test_multi_member_gzip_under_the_cap_loads(cap_1mb: None) -> None:
    part = b"".join(b"%d,%d\n" % (i, i % 7) for i in range(20_000))
    data = gzip.compress(b"a,b\n" + part) + gzip.compress(part)  # ~0.25 MB unpacked
    frame = load_table(data, "two.csv.gz").frame
    assert len(frame) == 40_000
    assert frame["a"].iloc[-1] == 19_999


def test_the_hostile_bomb_is_refused_at_the_default_limits() -> None:
    data, (_, fragment, _) = hostile.HOSTILE["bomb.csv.gz"]
    assert len(data) < 1.1 * MiB
    _, peak = _refused(lambda: load_table(data, "bomb.csv.gz"), fragment)
    assert peak < 160 * MiB  # 25 million lines of 4 bytes, then refused; 1 GiB is never held


# --- zip and xlsx -------------------------------------------------------------------------


def _zip_stream(name: str, piece: bytes, total: int) -> bytes:
    """A zip whose one member unpacks to ``total`` bytes, written a MiB at a time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(name, "w", force_zip64=True) as member:
        block = piece * (MiB // len(piece))
        for _ in range(total // MiB):
            member.write(block)
    return buffer.getvalue()


def test_zip_bomb_refused_from_its_declared_size(cap_1mb: None) -> None:
    bomb = _zip_stream("data.csv", b"0,0\n", 16 * MiB)
    _, peak = _refused(lambda: load_table(bomb, "bomb.zip"), "unpacks to more than 1 MB")
    assert peak < 2 * MiB


def test_zip_that_understates_its_size_is_still_refused(cap_1mb: None) -> None:
    """Declared sizes lie: the stream is capped too, so a zip claiming 100 bytes stops early."""
    bomb = bytearray(_zip_stream("data.csv", b"0,0\n", 16 * MiB))
    central = bomb.rfind(b"PK\x01\x02")
    bomb[central + 24:central + 28] = (100).to_bytes(4, "little")  # uncompressed size
    error, peak = _refused(lambda: load_table(bytes(bomb), "liar.zip"), "")
    assert peak < 4 * MiB
    assert "damaged" in error.message or "unpacks to more than" in error.message


def test_zip_of_many_members_is_refused_before_it_is_opened() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(limits.MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"{i}.csv", b"")
    _refused(lambda: load_table(buffer.getvalue(), "many.zip"), "more than 10,000 files")


def test_zip_under_the_cap_loads(cap_1mb: None) -> None:
    table = b"a,b\n" + b"1,2\n" * 100_000  # 0.4 MB
    assert load_table(hostile.zip_of({"t.csv": table}), "t.zip").n_rows == 100_000


def _workbook_with_big_sheet(rows: int) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``rows`` rows of two cells."""
    small = hostile.xlsx(pd.DataFrame({"a": [1], "b": [2]}))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
                continue
            xml = source.read(info).decode()
            head, _, rest = xml.partition("<sheetData>")
            _, _, tail = rest.partition("</sheetData>")
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(f'{head}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t>'
                            f'</is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>'.encode())
                for start in range(2, rows + 2, 10_000):
                    sheet.write("".join(
                        f'<row r="{r}"><c r="A{r}"><v>0</v></c><c r="B{r}"><v>0</v></c></row>'
                        for r in range(start, min(start + 10_000, rows + 2))).encode())
                sheet.write(f"</sheetData>{tail}".encode())
    return out.getvalue()


def test_xlsx_whose_sheet_unpacks_past_the_cap(cap_1mb: None) -> None:
    bomb = _workbook_with_big_sheet(40_000)  # 2.8 MB of sheet XML
    assert len(bomb) < 300_000
    _refused(lambda: load_table(bomb, "bomb.xlsx"), "unpacks to more than 1 MB")
    assert excel_sheets(bomb) == []  # the sheet picker does not parse it either


def test_xlsx_with_too_many_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _workbook_with_big_sheet(1_000)
    assert load_table(bomb, "ok.xlsx").n_rows == 1_000
    monkeypatch.setenv("MLPM_MAX_CELLS", "1000")
    _refused(lambda: load_table(bomb, "wide.xlsx"), "about 2,002 cells; mlpm holds at most 1,000")


def test_xlsx_cells_are_counted_in_the_chosen_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    data = hostile.xlsx(pd.DataFrame({"a": range(600), "b": range(600)}), extra_sheet=True)
    monkeypatch.setenv("MLPM_MAX_CELLS", "1000")
    from mlpm.data.load import LoadOptions

    assert load_table(data, "w.xlsx", options=LoadOptions(sheet="Notes")).n_rows == 1
    _refused(lambda: load_table(data, "w.xlsx"), "about 1,202 cells")


# --- Parquet ------------------------------------------------------------------------------


def test_parquet_with_too_many_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    data = hostile.parquet(pd.DataFrame({"a": range(2_000), "b": range(2_000)}))
    assert load_table(data, "ok.parquet").n_rows == 2_000
    monkeypatch.setenv("MLPM_MAX_CELLS", "1000")
    _refused(lambda: load_table(data, "big.parquet"),
             "about 2,000 rows × 2 columns = 4,000 cells; mlpm holds at most 1,000")


def test_parquet_past_the_cap_by_its_footer(cap_1mb: None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()  # 2.4 MB of zeros, plainly encoded, in a few KB
    pq.write_table(pa.table({"a": [0.0] * 300_000}), buffer, use_dictionary=False,
                   compression="zstd")
    assert len(buffer.getvalue()) < 100_000
    monkeypatch.setattr(pq.ParquetFile, "iter_batches", _never)  # refused before decoding
    _refused(lambda: load_table(buffer.getvalue(), "big.parquet"), "unpacks to more than 1 MB")


def test_parquet_dictionary_bomb_is_measured_as_it_decodes(cap_1mb: None) -> None:
    """One 10 KB value repeated 1,000 times: the footer says a few KB, pandas would get 10 MB."""
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": ["x" * 10_000] * 1_000}), buffer, compression="zstd")
    meta = pq.ParquetFile(io.BytesIO(buffer.getvalue())).metadata
    assert meta.row_group(0).total_byte_size < 100_000  # the footer's checks cannot see it
    _refused(lambda: load_table(buffer.getvalue(), "dict.parquet"), "unpacks to more than 1 MB")


# --- plain text ---------------------------------------------------------------------------


def test_text_with_too_many_cells_never_reaches_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_MAX_CELLS", "1200")
    at_bound = b"a,b,c\n" + b"1,2,3\n" * 400
    assert load_table(at_bound, "ok.csv").n_rows == 400
    monkeypatch.setattr(pd, "read_csv", _never)
    _refused(lambda: load_table(at_bound + b"1,2,3\n", "big.csv"),
             "about 401 rows × 3 columns = 1,203 cells; mlpm holds at most 1,200 in memory.")
    _refused(lambda: load_table(("a,b\n" + "1,2\n" * 601).encode("utf-16"), "u16.csv"),
             "about 601 rows × 2 columns")


def _never(*_: object, **__: object) -> None:  # pragma: no cover - failing is the point
    raise AssertionError("pandas was asked to build the frame")


def test_file_bigger_than_the_cap_is_not_read(cap_1mb: None, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.csv"
    data = b"a,b\n" + b"1,2\n" * (MiB // 2)  # 2 MB
    path.write_bytes(data)
    _refused(lambda: load_table(data, "big.csv"), "This file is 2 MB")
    monkeypatch.setattr(Path, "read_bytes", _never)
    _refused(lambda: load_table(path), "This file is 2 MB; mlpm reads at most 1 MB.")
    assert excel_sheets(path) == []


@pytest.mark.parametrize("value", ["lots", "0", "-5", "nan", "inf"])
def test_limits_must_be_positive_numbers(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    for name in ("MLPM_MAX_TABLE_MB", "MLPM_MAX_CELLS"):
        monkeypatch.setenv(name, value)
        _refused(lambda: load_table(hostile.CLEAN, "c.csv"),
                 f"The setting {name} must be a positive number")
        monkeypatch.delenv(name)


def test_limits_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (limits.max_table_mb(), limits.max_cells()) == (1_000, 25_000_000)
    monkeypatch.setenv("MLPM_MAX_TABLE_MB", "2,000")
    monkeypatch.setenv("MLPM_MAX_CELLS", "5e7")
    assert (limits.max_table_bytes(), limits.max_cells()) == (2_000 * MiB, 50_000_000)


# --- the attack itself, in a fresh process at the default limits --------------------------

CHILD = r"""
import json, resource, sys, time
from mlpm.data.load import load_table
from mlpm.errors import DataLoadError
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out = {"floor": peak()}
for path in sys.argv[1:]:
    started = time.perf_counter()
    try:
        load_table(path)
        message = None
    except DataLoadError as error:
        message = error.message
    out[path] = {"message": message, "peak": peak(), "seconds": time.perf_counter() - started}
print(json.dumps(out))
"""


def test_issue_13_bombs_in_a_fresh_process(tmp_path: Path) -> None:
    """1 GiB of ``0,0`` lines in a 1 MB gzip (it took a server to 10 GiB) and 1.1 GiB of zero
    bytes: both refused, the process never far above its floor + the 1,000 MB cap."""
    lines, zeros = tmp_path / "lines.csv.gz", tmp_path / "zeros.csv.gz"
    lines.write_bytes(hostile.gzip_bomb(b"0,0\n", 1 << 30))
    zeros.write_bytes(hostile.gzip_bomb(b"\0", 1100 * MiB))
    assert lines.stat().st_size < 1.1 * MiB
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLPM_MAX_")}
    run = subprocess.run([sys.executable, "-c", CHILD, str(lines), str(zeros)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    got = json.loads(run.stdout)
    floor, first, second = got["floor"], got[str(lines)], got[str(zeros)]
    assert re.search(r"more than 25,000,000 rows", first["message"] or "")
    assert first["peak"] < floor + 300  # refused after ~100 MB of lines
    assert second["message"] == "This file unpacks to more than 1,000 MB; mlpm reads at most " \
                                "1,000 MB."
    assert second["peak"] < floor + 1_000 + 300  # the cap (MB of 2**20 bytes) and a margin
