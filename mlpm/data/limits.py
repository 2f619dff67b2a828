"""How big a table mlpm agrees to hold, and unpacking files without going past that.

A 1 MB gzip can unpack to gigabytes (a "zip bomb"): one such upload once pushed a shared server
past 10 GiB and took every session on it down. So every unpacking step here streams with a cap
and stops just past it (refusing costs about the cap in memory, never the bomb's size), and a
table's shape is checked against a cells bound before pandas builds a frame.

Two limits, read from the environment at every load (so a server, or a test, can change them):

``MLPM_MAX_TABLE_MB`` (default 1,000; MB of 2**20 bytes, like Streamlit's upload limit) is the
most a file may unpack to. Five times the 200 MB upload limit: room for a gzip or zip of a
typical export, while the worst case stays within a few GB: a table of long text at the cap
peaks at about 3 GB while loading and reviewing (measured: 1.8-1.9x the text on top of it).
Tables of short cells meet the cells bound long before.

``MLPM_MAX_CELLS`` (default 25,000,000, rows x columns) bounds what pandas builds. Measured
peak memory per cell (``bench/load_limits.py``, pandas 3, ``load_table`` / then ``review``):
whole numbers 17 / 27 bytes, a mix of IDs, numbers and categories 23 / 42, every cell a
different string 82 / 150. So 25 million cells (a million rows x 25 columns; the 1M x 20
table of ``bench/review.py`` fits) take about 1 GB for a typical table and under 4 GB at worst,
while the 190 MB CSV of ``0,0`` lines (95 million cells, ~2.6 GB to load and review) is refused.
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from typing import IO

from mlpm.errors import DataLoadError

MB = 1 << 20
DEFAULT_MAX_TABLE_MB = 1_000
DEFAULT_MAX_CELLS = 25_000_000
SAMPLE_ROWS = 50_000
"""The data review's random rows (seed 0) for group rates, personal data and the readiness
lights; a review out of core draws this many. Here, not in :mod:`mlpm.data.readiness`, so the
command line builds its options without importing pandas."""
MAX_ZIP_MEMBERS = 10_000  # each entry costs Python ~0.5 KB before a byte is unpacked
_CHUNK = 1 << 20  # bytes unpacked per step: the most read past the cap
_PARQUET_BATCH = 4_096  # rows decoded per step while measuring a Parquet file
_SAMPLE_HINT = ("If it really is one table, load a sample of its rows (or only the columns you "
                "need); to read bigger files on this computer, raise the limit with MLPM_MAX_TABLE_MB.")
_CELLS_HINT = ("Take a sample of the rows (or keep only the columns you need) and load that, or "
               "raise MLPM_MAX_CELLS if this computer has the memory to spare.")


def _setting(name: str, default: float, unit: str) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "").replace("_", ""))
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise DataLoadError(f"The setting {name} must be a positive number of {unit}, not '{raw}'.",
                            f"Unset it to use the default ({default:,} {unit}), or set a number "
                            f"such as {name}={default * 2:.0f}.")
    return value


def max_table_mb() -> float:
    """The most MB a file may unpack to (``MLPM_MAX_TABLE_MB``)."""
    return _setting("MLPM_MAX_TABLE_MB", DEFAULT_MAX_TABLE_MB, "MB")


def max_table_bytes() -> int:
    return int(max_table_mb() * MB)


def max_cells() -> int:
    """The most rows x columns mlpm builds a frame for (``MLPM_MAX_CELLS``)."""
    return max(1, int(_setting("MLPM_MAX_CELLS", DEFAULT_MAX_CELLS, "cells")))


def _mb(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2g}"


def too_big() -> DataLoadError:
    """The error for anything that unpacks past ``MLPM_MAX_TABLE_MB``."""
    cap = _mb(max_table_mb())
    return DataLoadError(f"This file unpacks to more than {cap} MB; mlpm reads at most {cap} MB.",
                         _SAMPLE_HINT)


def check_file_size(size: int) -> None:
    """Refuse a file (on disk or uploaded) bigger than the cap before reading it."""
    if size > max_table_bytes():
        cap = _mb(max_table_mb())
        raise DataLoadError(f"This file is {_mb(size / MB)} MB; mlpm reads at most {cap} MB.",
                            _SAMPLE_HINT)


def check_cells(cells: int, shape: tuple[int, int] | None = None) -> None:
    """Refuse a table of more than ``MLPM_MAX_CELLS`` cells (an estimate: hence "about")."""
    limit = max_cells()
    if cells <= limit:
        return
    what = (f"about {shape[0]:,} rows × {shape[1]:,} columns = {cells:,} cells" if shape
            else f"about {cells:,} cells")
    raise DataLoadError(f"This table has {what}; mlpm holds at most {limit:,} in memory.",
                        _CELLS_HINT)


def _too_many_rows(limit: int) -> DataLoadError:
    return DataLoadError(f"This table has more than {limit:,} rows, so more than {limit:,} cells; "
                         f"mlpm holds at most {limit:,} in memory.", _CELLS_HINT)


def read_capped(stream: IO[bytes]) -> bytes:
    """Read a decompressing stream to its end, refusing as soon as it passes the cap.

    At most one chunk (1 MB) is unpacked past the cap before refusing. Text also stops
    once it has more lines than the cells bound allows rows (every row holds at least one
    cell), so a bomb of short lines is refused after ~100 MB rather than at the cap.
    """
    cap = max_table_bytes()
    limit = max_cells()
    out = io.BytesIO()  # grows in place; getvalue() hands over its buffer without a copy
    lines, count_lines = 0, True
    while chunk := stream.read(_CHUNK):
        if not out.tell():  # Parquet or a zip inside: its bytes are not lines
            count_lines = not chunk.startswith((b"PAR1", b"PK\x03\x04"))
        if out.tell() + len(chunk) > cap:
            raise too_big()
        out.write(chunk)
        if count_lines:
            lines += chunk.count(b"\n")
            if lines > limit + 1:  # + the header line
                raise _too_many_rows(limit)
    return out.getvalue()


# --- zip and xlsx --------------------------------------------------------------------------------


def check_zip_entries(data: bytes) -> None:
    """Refuse a zip with very many entries before ``zipfile`` builds an object for each."""
    if data.count(b"PK\x01\x02") > MAX_ZIP_MEMBERS:  # central-directory entry signatures
        raise DataLoadError(f"This zip file holds more than {MAX_ZIP_MEMBERS:,} files.",
                            "Zip only the exported table, or upload it directly.")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One zip member's bytes: its declared size checked first, then the stream capped."""
    if info.file_size > max_table_bytes():
        raise too_big()
    with archive.open(info) as stream:
        return read_capped(stream)


_CELL_TAGS = (b"<c ", b"<c>")  # a worksheet cell: <c r="A1" ...> or a bare <c>


def check_workbook(archive: zipfile.ZipFile) -> dict[str, int]:
    """Check a workbook's unpacked size before openpyxl parses it; the cells in each sheet.

    Declared sizes first (cheap), then every member is streamed and counted, because declared
    sizes can lie. Returns ``{member path: number of cell elements}`` for the worksheets.
    """
    members = [info for info in archive.infolist() if not info.is_dir()]
    budget = max_table_bytes()
    if sum(info.file_size for info in members) > budget:
        raise too_big()
    cells: dict[str, int] = {}
    for info in members:
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        count, tail = 0, b""
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise too_big()
                if sheet:  # a tag cut between two chunks is seen in tail + chunk
                    window = tail + chunk
                    count += sum(window.count(tag) for tag in _CELL_TAGS)
                    tail = chunk[-2:]
        if sheet:
            cells[info.filename] = count
    return cells


# --- Parquet ------------------------------------------------------------------------------------


def check_parquet(data: bytes) -> None:
    """Check a Parquet file's shape and unpacked size before pandas reads it.

    The footer's rows x columns against the cells bound and its uncompressed sizes against the
    cap. Then the size pandas would get: rows x width for fixed-width columns; text, binary and
    nested columns are decoded a few thousand rows at a time and measured, because
    dictionary-encoded text can decode to far more than the footer's sizes say.
    """
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(io.BytesIO(data))
    meta = parquet.metadata
    check_cells(meta.num_rows * meta.num_columns, (meta.num_rows, meta.num_columns))
    cap = max_table_bytes()
    declared = max(
        sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)),
        sum(meta.row_group(i).column(j).total_uncompressed_size
            for i in range(meta.num_row_groups) for j in range(meta.num_columns)))
    if declared > cap:
        raise too_big()
    decoded, measure = 0, []
    for field in parquet.schema_arrow:
        try:
            decoded += meta.num_rows * max(field.type.bit_width, 8) // 8
        except ValueError:  # not fixed-width
            measure.append(field.name)
    if decoded > cap:
        raise too_big()
    if not measure:
        return
    for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH, columns=measure):
        decoded += batch.nbytes
        if decoded > cap:
            raise too_big()
