"""Read whatever the PM's analyst exported into a :class:`Dataset`, or say clearly why not.

Handles CSV/TSV/TXT (delimiter and decimal mark sniffed: ``,`` ``;`` tab ``|``), gzip and zip,
Excel ``.xlsx`` and Parquet, in UTF-8 (with or without BOM), UTF-16 or a legacy encoding
guessed by charset-normalizer (Windows-1250/1252, Shift-JIS, ...; the note says which and how
sure).
Every failure is a :class:`~mlpm.errors.DataLoadError` naming the line or column at fault and
how to fix it; where loading anyway is safe, ``remedy`` names the :class:`LoadOptions` field
that does it. Nothing a user uploads is ever unpickled or executed, and nothing is unpacked or
parsed past the limits in :mod:`mlpm.data.limits` (a small gzip can hold gigabytes).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from mlpm.data import arrow_csv, fast_csv, limits
from mlpm.data.dataset import Dataset
from mlpm.data.encodings import MULTI_BYTE, guess
from mlpm.errors import DataLoadError

MAX_COLUMNS = 2_000
_SNIFF_BYTES = 64 * 1024
_DELIMITERS = [",", ";", "\t", "|"]
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or a password-protected workbook
SUFFIXES = ("csv", "tsv", "txt", "gz", "zip", "xlsx", "xls", "parquet")


@dataclass(frozen=True)
class LoadOptions:
    """Choices the PM can make after a first attempt failed ("load anyway").

    ``skip_bad_lines`` drops lines with too many fields or cut short at the end;
    ``rename_duplicate_columns`` renames repeated headers (``id``, ``id_2``) and names blank ones
    (``column_3``); ``sheet`` picks an Excel sheet by name (the first one by default).
    """

    skip_bad_lines: bool = False
    rename_duplicate_columns: bool = False
    sheet: str | None = None


def load_table(source: bytes | str | Path, name: str | None = None,
               *, options: LoadOptions | None = None,
               prefetch: arrow_csv.Prefetch | None = None) -> Dataset:
    """Load a CSV-like file (plain, gzip or zip), an Excel workbook or Parquet.

    ``source`` is the file's bytes or a path to it; ``prefetch`` a read of that path started
    earlier (``mlpm review``), used only where this function's own checks agree with it.

    Raises
    ------
    DataLoadError
        With a message naming the line or column at fault and a hint to fix it.
    """
    options = options or LoadOptions()
    parsed, lines = None, None
    if isinstance(source, str | Path):
        path = Path(source).expanduser()
        fetched, parsed, lines = prefetch.result(path) if prefetch else (None, None, None)
        # the prefetch's bytes (it checked the size as _read_path does), else a read now
        data = fetched if fetched is not None else _read_path(path)
        name = name or path.name
    else:
        data = bytes(source)
        limits.check_file_size(len(data))
    name = name or "uploaded file"
    try:
        raw = data
        data, inner = _unwrap(data, name)
        if data is not raw:  # the prefetch parsed and counted the file, not its inside
            parsed, lines = None, None
        if data[:4] == b"PAR1":
            frame = _read_parquet(data)
            note = "Read as Parquet"
        elif data[:4] == b"PK\x03\x04" and inner == "xlsx":
            frame, note = _read_excel(data, options)
        else:
            frame, note = _read_text(data, options, parsed, lines)
    except MemoryError as exc:  # the limits keep this rare; never let it end the session
        raise DataLoadError("This table does not fit in this computer's memory.",
                            "Load a sample of its rows, or only the columns you need.") from exc
    frame, extra = _check_frame(frame, options)
    return Dataset(frame=frame, name=name, source_note=note + extra)


def _read_path(path: Path) -> bytes:
    if not path.is_file():
        raise DataLoadError(f"There is no file at {path}.",
                            "Check the path, or upload the file instead.")
    try:
        limits.check_file_size(path.stat().st_size)
        return path.read_bytes()
    except OSError as exc:
        raise DataLoadError(f"The file at {path} cannot be read ({exc.strerror}).",
                            "Check that you may open it, or upload it instead.") from exc


def excel_sheets(source: bytes | str | Path) -> list[str]:
    """The sheet names of an Excel workbook, in workbook order; ``[]`` for anything else.

    Reads only the workbook's index (openpyxl read-only mode), so a sheet picker can be shown
    before, or instead of, loading a sheet that turned out to be the wrong one.
    """
    try:
        if isinstance(source, str | Path):
            path = Path(source).expanduser()
            limits.check_file_size(path.stat().st_size)
            data = path.read_bytes()
        else:
            data = bytes(source)
    except (OSError, DataLoadError):
        return []
    if data[:4] != b"PK\x03\x04":
        return []
    try:
        import openpyxl

        limits.check_zip_entries(data)
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "[Content_Types].xml" not in archive.namelist():
            return []
        limits.check_workbook(archive)  # a bomb inside is refused before openpyxl parses it
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            return [str(name) for name in book.sheetnames]
        finally:
            book.close()
    except Exception:  # noqa: BLE001  (not a workbook, or damaged: loading it says what is wrong)
        return []


def _unwrap(data: bytes, name: str) -> tuple[bytes, str]:
    """Undo gzip or zip compression (streamed, capped); recognise workbooks; refuse empty files."""
    if _blank(data):
        raise DataLoadError("The file is empty.",
                            "Export the table again and check that it has a header row and data.")
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                data = limits.read_capped(stream)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataLoadError("The gzip file is damaged or cut short.",
                                "Compress the file again, or upload the plain CSV.") from exc
        if _blank(data):
            raise DataLoadError("The file is empty (inside the gzip).",
                                "Export the table again with a header row and data.")
    if data[:8] == _OLE:
        raise DataLoadError(
            "This is an old-style Excel file (.xls) or a password-protected workbook.",
            "Open it in Excel, remove any password, and save it as .xlsx or CSV.")
    if data[:4] == b"PK\x03\x04":
        limits.check_zip_entries(data)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = [n for n in archive.namelist() if not n.endswith("/")]
        except zipfile.BadZipFile as exc:
            raise _damaged_zip(name) from exc
        if "[Content_Types].xml" in names:
            if not any(n.startswith("xl/") for n in names):
                raise DataLoadError("This is a Word or PowerPoint document, not a table.",
                                    "Export the table as CSV or .xlsx and upload that.")
            return data, "xlsx"
        tables = [n for n in names if n.lower().endswith((".csv", ".tsv", ".txt", ".parquet"))]
        if not tables:
            raise DataLoadError("The zip file holds no .csv, .tsv, .txt or .parquet file.",
                                "Put the exported table in the zip, or upload it directly.")
        try:
            inner = limits.read_member(archive, archive.getinfo(tables[0]))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise _damaged_zip(name) from exc
        if _blank(inner):
            raise DataLoadError(f"'{tables[0]}' inside the zip is empty.",
                                "Export the table again with a header row and data.")
        return inner, "zip"
    return data, ""


def _blank(data: bytes) -> bool:
    """Empty or only whitespace, without copying the bytes as ``strip()`` would."""
    return not data or data.isspace()


def _damaged_zip(name: str) -> DataLoadError:
    if name.lower().endswith((".xlsx", ".xlsm")):
        return DataLoadError("The Excel workbook is damaged or cut short.",
                             "Open it in Excel and save it again, or export a CSV.")
    return DataLoadError("The zip file is damaged.", "Zip it again, or upload the CSV.")


# --- text files --------------------------------------------------------------------------------


def _encoding(data: bytes) -> tuple[str, str, str]:
    """(Python codec, the name a PM knows, advice) for the file's text encoding; refuse binary
    files. Text that is not UTF-8 or UTF-16 is guessed by :mod:`mlpm.data.encodings`
    (charset-normalizer): the name then says how sure, and the advice, when unsure, says to
    save the file as UTF-8."""
    encoding, codec = _utf_encoding(data)
    if codec:
        return codec, encoding, ""
    guessed = guess(data)
    if guessed.sureness == "not sure":
        return guessed.codec, guessed.name, ("not sure of the encoding: if letters look wrong, "
                                             "save the file as UTF-8 and load it again")
    return guessed.codec, f"{guessed.name}, {guessed.sureness}", ""


def _utf_encoding(data: bytes) -> tuple[str, str]:
    """(the name a PM knows, Python codec) for UTF-8 or UTF-16, ``("", "")`` for other text."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16", "utf-16"
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark: every other byte is zero in plain text.
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "UTF-16", "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "UTF-16", "utf-16-be"
        raise DataLoadError(
            "This looks like a binary file (an image, a program or a database), not a table.",
            "Open it in the program that made it and export it as CSV.")
    if data.isascii() or _decodes(data, "utf-8"):
        return ("UTF-8 with BOM", "utf-8-sig") if data[:3] == b"\xef\xbb\xbf" else ("UTF-8",
                                                                                    "utf-8")
    return "", ""


def _decodes(data: bytes, codec: str) -> bool:
    """Whether ``data`` is valid ``codec`` text, checked 8 MB at a time.

    Decoding the whole file at once would hold a second, up to 4x larger, copy of it as a str.
    """
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _SCAN_BLOCK):
            decoder.decode(view[start:start + _SCAN_BLOCK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:  # a UTF-16 file cut in the middle of a character
        raise DataLoadError("The file's text is damaged or cut short.",
                            "Export the table again and upload the new file.") from exc


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


def _read_text(data: bytes, options: LoadOptions, parsed: pa.Table | None = None,
               lines: int | None = None) -> tuple[pd.DataFrame, str]:
    codec, encoding, advice = _encoding(data)
    whole, head = _decoded(data, codec)
    delimiter, decimal = _sniff(head)
    note = f"Read as {encoding}, {_DELIMITER_NAMES[delimiter]}-separated"
    if decimal == ",":
        note += ", decimal comma"
    if advice:
        note += f"; {advice}"
    header, second = _first_rows(head, delimiter)
    # the size first: a header fix won't help
    lines = _check_text_cells(data, whole, len(header), lines)
    _check_header(header, options)
    cut = _check_row_widths(data, whole, codec, delimiter, header, second, options)
    if not (whole is not None or options.skip_bad_lines or options.rename_duplicate_columns):
        fast = fast_csv.read_clean(data, codec, delimiter, decimal, header, lines=lines,
                                   table=parsed if delimiter == "," else None)
        if fast is not None:
            return fast, note
    frame, skipped = _read_with_pandas(data, whole, codec, delimiter, decimal, options,
                                       cut is not None)
    if options.rename_duplicate_columns and len(frame.columns) == len(header):
        frame.columns = [str(h).strip() for h in header]  # pandas would write 'id.1'
    if skipped:
        return frame, note + f"; skipped {skipped} line(s) with the wrong number of fields"
    return frame, note + _short_lines_note(frame, data, whole, delimiter, len(header))


def _decoded(data: bytes, codec: str) -> tuple[str | None, str]:
    """(the whole text when it had to be decoded, the head the delimiter is sniffed from).

    One-byte and UTF-8 files stay bytes (pandas and pyarrow read those); multi-byte legacy
    encodings, UTF-16 and classic Mac line endings are decoded whole."""
    whole: str | None = None
    head: str | None = None
    if codec in MULTI_BYTE:  # a byte inside a character can look like '|': decode first
        whole = data.decode(codec, errors="replace")
        head = whole[: 2 * _SNIFF_BYTES]
    elif codec.startswith("utf-8"):
        head = _decode(data[: 2 * _SNIFF_BYTES], codec)
    elif not codec.startswith("utf-16"):  # one byte per character: pandas reads the bytes
        head = data[: 2 * _SNIFF_BYTES].decode(codec, errors="replace")
    if head is None or ("\r" in head and "\n" not in head):
        whole = _decode(data, codec)  # UTF-16, or classic Mac line endings
        if "\r" in whole and "\n" not in whole:
            whole = whole.replace("\r", "\n")
        head = whole[: 2 * _SNIFF_BYTES]
    return whole, head.lstrip("\ufeff")


def _first_rows(head: str, delimiter: str) -> tuple[list[str], list[str] | None]:
    """The header's fields and the first data row's (None when there is none)."""
    try:
        rows = list(itertools.islice(
            csv.reader(io.StringIO(head.lstrip("\r\n")), delimiter=delimiter), 2))
    except csv.Error as exc:
        raise DataLoadError("The file could not be read as a table.",
                            "Check that it is a CSV export (one row per line, a header first).") from exc
    return (rows[0] if rows else []), (rows[1] if len(rows) > 1 else None)


def _check_row_widths(data: bytes, whole: str | None, codec: str, delimiter: str,
                      header: list[str], second: list[str] | None,
                      options: LoadOptions) -> tuple[int, int] | None:
    """Refuse a first data row wider than the header or a last line cut short, unless the PM
    chose to skip bad lines; returns the cut last line ((line, fields)) if any."""
    if second is not None and len(second) > len(header) and not options.skip_bad_lines:
        raise _ragged_error(f"Expected {len(header)} fields in line 2, saw {len(second)}")
    cut = _cut_last_line(data, whole, codec, delimiter, len(header))
    if cut and not options.skip_bad_lines:
        line, fields = cut
        raise DataLoadError(
            f"The last line (line {line:,}) is cut short: it has {fields} of {len(header)} fields "
            "and no line ending, so the file was probably truncated while copying.",
            "Export or copy the file again, or load anyway without that last line.",
            remedy="skip_bad_lines")
    return cut


def _read_with_pandas(data: bytes, whole: str | None, codec: str, delimiter: str, decimal: str,
                      options: LoadOptions, cut: bool) -> tuple[pd.DataFrame, int]:
    """pandas' tolerant reader (it words every problem); returns the frame and how many lines
    it skipped (only when the PM chose to skip bad lines, ``cut``: the last one too)."""
    skipped: list[int] = []
    kwargs: dict[str, object] = {"sep": delimiter, "decimal": decimal, "skipinitialspace": True,
                                 "index_col": False}
    if options.skip_bad_lines:
        kwargs.update(engine="python", on_bad_lines=lambda bad: skipped.append(1) and None)
        if cut:
            kwargs["skipfooter"] = 1
            skipped.append(1)
    if whole is not None:
        buffer: io.StringIO | io.BytesIO = io.StringIO(whole)
    else:
        buffer = io.BytesIO(data)
        kwargs["encoding"] = codec
        kwargs["encoding_errors"] = "replace"
    try:
        frame = pd.read_csv(buffer, **kwargs)
    except pd.errors.EmptyDataError as exc:
        raise DataLoadError("The file has no columns.",
                            "Export the table again with a header row.") from exc
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise _ragged_error(str(exc)) from exc
    return frame, len(skipped)


def _short_lines_note(frame: pd.DataFrame, data: bytes, whole: str | None, delimiter: str,
                      width: int) -> str:
    """What the note says about lines pandas padded with empty values, if any."""
    if whole is None and delimiter.isascii() and frame.shape[1] > 1 \
            and frame.iloc[:, -1].isna().any():  # a short row leaves the last column empty
        short = short_lines(data, delimiter, width)
        if short:
            count, first = short
            return (f"; {count:,} line(s) had fewer fields than the header (first: line "
                    f"{first:,}), so their last fields were left empty")
    return ""


_SCAN_BLOCK = 8 << 20  # bytes per block: keeps the running counts small


def _check_text_cells(data: bytes, whole: str | None, width: int,
                      lines: int | None = None) -> int:
    """Refuse, before pandas builds anything, a table of more cells than mlpm holds.

    Rows are estimated from the line ends (a quoted value with a line break counts twice,
    hence "about"); ``lines``: the bytes' count when the prefetch already made it.
    """
    if whole is not None:
        lines = whole.count("\n") + (not whole.endswith("\n"))
    elif lines is None:
        lines = arrow_csv.line_count(data)
    rows = max(lines - 1, 0)  # the header
    limits.check_cells(rows * max(width, 1), (rows, max(width, 1)))
    return lines


def short_lines(data: bytes, delimiter: str, width: int) -> tuple[int, int] | None:
    """(how many, first line number) of data lines with fewer fields than the header.

    pandas pads such rows with empty values without a word, so the PM is told. Counted on the
    raw bytes with NumPy, 8 MB at a time; files with quotes are not checked,
    because a quoted value may hold the delimiter or a line break. The last line, if cut
    short, is reported separately (see :func:`_cut_last_line`).
    """
    if width < 2 or b'"' in data:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    count, first, line, start = 0, 0, 0, 0  # line: data lines seen so far (0 = the header)
    while start < raw.size:
        stop = min(start + _SCAN_BLOCK, raw.size)
        if stop < raw.size:  # end the block on a line end
            stop = data.rfind(b"\n", start, stop) + 1 or data.find(b"\n", stop) + 1 or raw.size
        block = raw[start:stop]
        ends = np.flatnonzero(block == 10)  # "\n"
        if ends.size:
            starts = np.concatenate(([0], ends[:-1] + 1))
            per_line = np.add.reduceat(block == ord(delimiter), starts, dtype=np.int32)
            lengths = np.diff(ends, prepend=-1)
            short = np.flatnonzero((per_line < width - 1) & (lengths > 2 - (block[ends - 1] != 13)))
            numbers = line + short
            numbers = numbers[numbers > 0]  # line 0 is the header
            if numbers.size:
                first = first or int(numbers[0]) + 1
                count += int(numbers.size)
            line += int(ends.size)
        start = stop
    return (count, first) if count else None


def _cut_last_line(data: bytes, whole: str | None, codec: str, delimiter: str,
                   width: int) -> tuple[int, int] | None:
    """(line number, fields) when the file ends mid-row: no final newline and too few fields."""
    tail_text = whole[-4096:] if whole is not None else _decode_tail(data, codec)
    if tail_text is None or tail_text.endswith(("\n", "\r")) or width < 2:
        return None
    last = tail_text.splitlines()[-1] if tail_text.splitlines() else ""
    if last.count('"') % 2:  # an open quote: cut inside a quoted value
        fields = len(last.split(delimiter))
    else:
        try:
            fields = len(next(csv.reader([last], delimiter=delimiter)))
        except (csv.Error, StopIteration):
            return None
    if fields >= width or not last.strip():
        return None
    lines = (whole.count("\n") if whole is not None else data.count(b"\n")) + 1
    return lines, fields


def _decode_tail(data: bytes, codec: str) -> str | None:
    try:
        return data[-4096:].decode(codec if codec != "utf-8-sig" else "utf-8", errors="ignore")
    except LookupError:
        return None


def _ragged_error(detail: str) -> DataLoadError:
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if match:
        expected, line, saw = match.groups()
        return DataLoadError(
            f"Line {line} has {saw} fields but the header has {expected}.",
            "Fix that line (often a comma inside an unquoted value), "
            "or load anyway and skip the lines that do not fit.", remedy="skip_bad_lines")
    match = re.search(r"EOF inside string starting at row (\d+)", detail)
    if match:
        line = int(match.group(1)) + 1
        return DataLoadError(
            f"A quote opened on line {line:,} is never closed, so the rest of the file reads as "
            "one value.", "Fix the quote in that line (or export again); mlpm cannot guess where "
            "the value should end.")
    return DataLoadError("The file could not be read as a table: some lines do not fit the header.",
                         "Check for unclosed quotes, or load anyway and skip the bad lines.",
                         remedy="skip_bad_lines")


def _check_header(header: list[object], options: LoadOptions) -> None:
    names = ["" if h is None or (isinstance(h, float) and pd.isna(h)) else str(h).strip()
             for h in header]
    if len(names) > MAX_COLUMNS:
        raise DataLoadError(f"The file has {len(names):,} columns; mlpm reads at most {MAX_COLUMNS:,}.",
                            "Keep only the columns you need for this question and export again.")
    if options.rename_duplicate_columns:
        return
    seen: set[str] = set()
    for position, value in enumerate(names, start=1):
        if value and value in seen:
            raise DataLoadError(f"Column name '{value}' appears more than once (column {position}).",
                                "Give every column a different name in the header row, or load "
                                "anyway and let mlpm number the repeats.",
                                remedy="rename_duplicate_columns")
        seen.add(value)


# --- other formats -----------------------------------------------------------------------------


def _read_parquet(data: bytes) -> pd.DataFrame:
    try:
        limits.check_parquet(data)  # shape and unpacked size, before pandas reads it
        return pd.read_parquet(io.BytesIO(data))
    except (DataLoadError, MemoryError):
        raise
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise DataLoadError("The Parquet file is damaged or cut short.",
                            "Export it again, or upload a CSV.") from exc


def _read_excel(data: bytes, options: LoadOptions) -> tuple[pd.DataFrame, str]:
    try:
        import openpyxl  # noqa: F401  (pandas needs it for .xlsx)
    except ImportError as exc:  # pragma: no cover - a dependency of mlpm
        raise DataLoadError("Reading Excel needs the openpyxl package, which is not installed.",
                            "Save the sheet as CSV and upload that.") from exc
    try:
        cells = limits.check_workbook(zipfile.ZipFile(io.BytesIO(data)))
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
        sheets = [str(s) for s in book.sheet_names]
        sheet = options.sheet if options.sheet in sheets else sheets[0]
        # the sheet's XML part (openpyxl's read-only sheets know it); else the largest sheet
        part = getattr(book.book[sheet], "_worksheet_path", None)
        limits.check_cells(cells.get(part, max(cells.values(), default=0)))
        frame = pd.read_excel(book, sheet_name=sheet, header=None)
    except (DataLoadError, MemoryError):
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise DataLoadError("The Excel workbook is damaged or cannot be read.",
                            "Open it in Excel and save it again, or export the sheet as CSV.") from exc
    frame = frame.dropna(how="all").dropna(axis=1, how="all")
    if frame.empty:
        raise DataLoadError(f"The sheet '{sheet}' is empty.",
                            "Pick the sheet with the data, or export it as CSV.")
    header = frame.iloc[0].tolist()
    _check_header(header, options)
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = ["" if h is None or (isinstance(h, float) and pd.isna(h)) else
                     (str(int(h)) if isinstance(h, float) and h.is_integer() else str(h))
                     for h in header]
    frame = frame.infer_objects()
    note = f"Read as Excel, sheet '{sheet}'"
    if len(sheets) > 1:
        note += f" (the workbook has {len(sheets)} sheets: {', '.join(sheets[:5])})"
    return frame, note


# --- final checks ------------------------------------------------------------------------------


def _check_frame(frame: pd.DataFrame, options: LoadOptions) -> tuple[pd.DataFrame, str]:
    _check_has_cells(frame)
    names = ["" if str(c).startswith("Unnamed: ") else str(c).strip() for c in frame.columns]
    note = ""
    empty_blank = [i for i, n in enumerate(names) if not n and frame.iloc[:, i].isna().all()]
    if empty_blank:  # e.g. a trailing separator on every line: nothing to keep
        keep = [i for i in range(len(names)) if i not in empty_blank]
        frame = frame.iloc[:, keep]
        names = [names[i] for i in keep]
        note += f"; dropped {len(empty_blank)} empty column(s) without a name"
    blank = [i for i, n in enumerate(names) if not n]
    if blank and not options.rename_duplicate_columns:
        raise DataLoadError(
            f"Column {blank[0] + 1} has no name in the header row"
            + (f" (and {len(blank) - 1} more)" if len(blank) > 1 else "") + ".",
            "Type a name into the header, or load anyway and let mlpm call it "
            f"'column_{blank[0] + 1}'.", remedy="rename_duplicate_columns")
    if options.rename_duplicate_columns:
        names, renamed = _unique_names(names)
        if renamed:
            note += f"; renamed {renamed} column(s) with a blank or repeated name"
    _check_header(names, options)
    frame.columns = names
    return frame, note


def _check_has_cells(frame: pd.DataFrame) -> None:
    """Refuse a table without columns or rows, or whose rows all landed in one column."""
    if frame.shape[1] == 0:
        raise DataLoadError("The file has no columns.", "Export the table again with a header row.")
    if frame.shape[0] == 0:
        raise DataLoadError("The file has a header row but no data rows.",
                            "Export the table again including its rows.")
    if frame.shape[1] == 1 and any(sep in str(frame.columns[0]) for sep in _DELIMITERS[1:]):
        raise DataLoadError("Every row landed in one column, so the separator was not recognised.",
                            "Save the file as comma-separated CSV and upload it again.")


def _unique_names(names: list[str]) -> tuple[list[str], int]:
    """Blank names become ``column_<position>``, repeats get ``_2``, ``_3``…"""
    out: list[str] = []
    seen: set[str] = set()
    renamed = 0
    for position, name in enumerate(names, start=1):
        base = name.strip() or f"column_{position}"
        candidate, k = base, 1
        while candidate in seen:
            k += 1
            candidate = f"{base}_{k}"
        renamed += candidate != name
        seen.add(candidate)
        out.append(candidate)
    return out, renamed
