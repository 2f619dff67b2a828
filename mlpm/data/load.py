"""Read whatever the PM's analyst exported into a :class:`Dataset`, or say clearly why not.

Every failure is a :class:`~mlpm.errors.DataLoadError` naming what is wrong and how to fix it;
nothing a user uploads is ever unpickled or executed.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mlpm.data.dataset import Dataset
from mlpm.errors import DataLoadError

MAX_COLUMNS = 2_000
_SNIFF_BYTES = 64 * 1024
_DELIMITERS = [",", ";", "\t", "|"]
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class LoadOptions:
    """Choices the PM can make after a first attempt failed ("load anyway")."""

    skip_bad_lines: bool = False


def load_table(source: bytes | str | Path, name: str | None = None,
               *, options: LoadOptions | None = None) -> Dataset:
    """Load a CSV-like file (plain, gzip or zip) or Parquet from bytes or a path.

    Raises
    ------
    DataLoadError
        With a message naming the line or column at fault and a hint to fix it.
    """
    options = options or LoadOptions()
    if isinstance(source, str | Path):
        path = Path(source).expanduser()
        if not path.is_file():
            raise DataLoadError(f"There is no file at {path}.",
                                "Check the path, or upload the file instead.")
        data = path.read_bytes()
        name = name or path.name
    else:
        data = bytes(source)
    name = name or "uploaded file"
    data = _unwrap(data, name)
    if data[:4] == b"PAR1":
        frame = _read_parquet(data)
        note = "Read as Parquet"
    else:
        text, encoding = _decode(data)
        if "\r" in text and "\n" not in text:  # classic Mac line endings
            text = text.replace("\r", "\n")
        frame, note = _read_text(text, encoding, options)
    _check_frame(frame)
    return Dataset(frame=frame, name=name, source_note=note)


def _unwrap(data: bytes, name: str) -> bytes:
    """Undo gzip or zip compression; refuse empty files early."""
    if not data.strip():
        raise DataLoadError("The file is empty.",
                            "Export the table again and check that it has a header row and data.")
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataLoadError("The gzip file is damaged or cut short.",
                                "Compress the file again, or upload the plain CSV.") from exc
    if data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = [n for n in archive.namelist() if not n.endswith("/")]
        except zipfile.BadZipFile as exc:
            raise _damaged_zip() from exc
        if "[Content_Types].xml" in names:
            raise DataLoadError("This is an Excel workbook, which this version cannot read yet.",
                                "In Excel choose File > Save As > CSV, then upload the CSV.")
        tables = [n for n in names if n.lower().endswith((".csv", ".tsv", ".txt"))]
        if not tables:
            raise DataLoadError("The zip file holds no .csv, .tsv or .txt file.",
                                "Put the exported table in the zip, or upload it directly.")
        try:
            return archive.read(tables[0])
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise _damaged_zip() from exc
    return data


def _damaged_zip() -> DataLoadError:
    return DataLoadError("The zip file is damaged.", "Zip it again, or upload the CSV.")


def _decode(data: bytes) -> tuple[str, str]:
    """Detect the text encoding; refuse binary files."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "UTF-16"
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise DataLoadError(
            "This looks like a binary file (an image, a program or a database), not a table.",
            "Open it in the program that made it and export it as CSV.")
    try:
        text = data.decode("utf-8-sig")
        return text, "UTF-8 with BOM" if data[:3] == b"\xef\xbb\xbf" else "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _sniff(text: str) -> tuple[str, str]:
    """Guess the delimiter and the decimal mark from the first lines."""
    sample = "\n".join(text[:_SNIFF_BYTES].splitlines()[:50])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    decimal = "."
    if delimiter != ",":
        fields = [f.strip() for line in sample.splitlines()[1:] for f in line.split(delimiter)]
        commas = sum(bool(_COMMA_DECIMAL.match(f)) for f in fields)
        dots = sum(bool(_DOT_DECIMAL.match(f)) for f in fields)
        if commas > dots:
            decimal = ","
    return delimiter, decimal


def _read_text(text: str, encoding: str, options: LoadOptions) -> tuple[pd.DataFrame, str]:
    delimiter, decimal = _sniff(text)
    note = f"Read as {encoding}, {_DELIMITER_NAMES[delimiter]}-separated"
    if decimal == ",":
        note += ", decimal comma"
    try:
        first_rows = list(itertools.islice(
            csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter), 2))
    except csv.Error as exc:
        raise DataLoadError("The file could not be read as a table.",
                            "Check that it is a CSV export (one row per line, a header first).") from exc
    header = first_rows[0] if first_rows else []
    _check_header(header)
    if len(first_rows) > 1 and len(first_rows[1]) > len(header) and not options.skip_bad_lines:
        raise _ragged_error(f"Expected {len(header)} fields in line 2, saw {len(first_rows[1])}")
    skipped: list[int] = []
    kwargs: dict[str, object] = {"sep": delimiter, "decimal": decimal, "skipinitialspace": True,
                                 "index_col": False}
    if options.skip_bad_lines:
        kwargs.update(engine="python", on_bad_lines=lambda bad: skipped.append(1) and None)
    try:
        frame = pd.read_csv(io.StringIO(text), **kwargs)
    except pd.errors.EmptyDataError as exc:
        raise DataLoadError("The file has no columns.",
                            "Export the table again with a header row.") from exc
    except (pd.errors.ParserError, csv.Error) as exc:
        raise _ragged_error(str(exc)) from exc
    if skipped:
        note += f"; skipped {len(skipped)} line(s) with the wrong number of fields"
    return frame, note


def _ragged_error(detail: str) -> DataLoadError:
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if match:
        expected, line, saw = match.groups()
        return DataLoadError(
            f"Line {line} has {saw} fields but the header has {expected}.",
            "Fix that line (often a comma inside an unquoted value), "
            "or load anyway and skip the lines that do not fit.", remedy="skip_bad_lines")
    return DataLoadError("The file could not be read as a table: some lines do not fit the header.",
                         "Check for unclosed quotes, or load anyway and skip the bad lines.",
                         remedy="skip_bad_lines")


def _check_header(header: list[str]) -> None:
    names = [h.strip() for h in header]
    if len(names) > MAX_COLUMNS:
        raise DataLoadError(f"The file has {len(names):,} columns; mlpm reads at most {MAX_COLUMNS:,}.",
                            "Keep only the columns you need for this question and export again.")
    seen: set[str] = set()
    for position, value in enumerate(names, start=1):
        if value and value in seen:
            raise DataLoadError(f"Column name '{value}' appears more than once (column {position}).",
                                "Give every column a different name in the header row.")
        seen.add(value)


def _read_parquet(data: bytes) -> pd.DataFrame:
    try:
        return pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise DataLoadError("The Parquet file is damaged or cut short.",
                            "Export it again, or upload a CSV.") from exc


def _check_frame(frame: pd.DataFrame) -> None:
    if frame.shape[1] == 0:
        raise DataLoadError("The file has no columns.", "Export the table again with a header row.")
    if frame.shape[0] == 0:
        raise DataLoadError("The file has a header row but no data rows.",
                            "Export the table again including its rows.")
    if frame.shape[1] == 1 and frame.shape[0] > 0:
        only = str(frame.columns[0])
        if any(sep in only for sep in _DELIMITERS[1:]):
            raise DataLoadError("Every row landed in one column, so the separator was not recognised.",
                                "Save the file as comma-separated CSV and upload it again.")
    names = [str(c).strip() for c in frame.columns]
    _check_header(names)
    frame.columns = names
