"""pyarrow's CSV parse with pandas' missing-value and yes/no spellings, importable without pandas.

Two reasons to keep it apart from :mod:`mlpm.data.fast_csv` (which turns the result into the
frame pandas would build):

* :class:`Prefetch` lets ``mlpm review FILE`` start reading and parsing the file on a
  background thread *before* the process imports pandas and the review (~0.4 s of imports
  that would otherwise come first; pyarrow parses without holding the GIL);
* one parse, :func:`parse_rows`, is shared by the prefetch and the normal load path.

A file with quotes is first parsed as if no quoted value held a line break (pyarrow then
splits the work at any line end, ~30-100% faster on 2 cores); if the rows do not add up to the
file's lines, it is parsed again the careful way.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from mlpm.data import limits

# pandas' default missing-value spellings (pandas._libs.parsers.STR_NA_VALUES; a test keeps the
# two equal) and its yes/no words, so that both readers read every cell alike.
NULLS = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
         "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"]
TRUE = ["True", "TRUE", "true"]
FALSE = ["False", "FALSE", "false"]
BLOCK = 4 << 20  # bytes per parse block: two cores share a 100 MB file evenly
PARSE_ERRORS = (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError, ValueError)


_COUNT_BLOCK = 1 << 24  # bytes compared at a time: few GIL hand-overs while imports run
_FIRST_BLOCK = 1 << 20  # bytes whose parse decides which columns are dates or clock times


def line_count(data: bytes) -> int:
    """Physical lines, the last one counted even without a line end.

    NumPy, 16 MB at a time: ~3x faster than ``bytes.count``, and it releases the GIL, so
    the prefetch thread counts while the main thread imports."""
    raw = np.frombuffer(data, dtype=np.uint8)
    scratch = np.empty(min(raw.size, _COUNT_BLOCK), dtype=bool)
    ends = 0
    for start in range(0, raw.size, _COUNT_BLOCK):
        block = raw[start:start + _COUNT_BLOCK]
        ends += int(np.count_nonzero(np.equal(block, 10, out=scratch[:block.size])))
    return ends + (bool(data) and not data.endswith(b"\n"))


def parse(data: bytes, delimiter: str, *, newlines: bool,
          types: dict[str, pa.DataType] | None = None, only: bool = True) -> pa.Table:
    """One pyarrow parse (``types``: these columns as these types; ``only``: no others)."""
    convert = pacsv.ConvertOptions(
        null_values=NULLS, true_values=TRUE, false_values=FALSE, strings_can_be_null=True,
        quoted_strings_can_be_null=True, column_types=types or {},
        include_columns=list(types) if types and only else [])
    return pacsv.read_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(block_size=BLOCK, encoding="utf8"),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=newlines),
        convert_options=convert)


def parse_rows(data: bytes, delimiter: str, lines: int | None = None) -> pa.Table:
    """The whole table; quoted line breaks handled, at full speed when there are none.

    Columns that the first megabyte reads as dates or clock times are read as text throughout
    (pandas keeps them as text): converting them back after the parse cost more than the
    parse of those columns."""
    quoted = b'"' in data
    text = _temporal_as_text(data, delimiter, quoted)
    if not quoted:
        return parse(data, delimiter, newlines=False, types=text, only=False)
    lines = line_count(data) if lines is None else lines
    try:
        table = parse(data, delimiter, newlines=False, types=text, only=False)
        if table.num_rows == lines - 1:  # every line a row: no value spans two lines
            return table
    except PARSE_ERRORS:
        pass
    return parse(data, delimiter, newlines=True, types=text, only=False)


def _temporal_as_text(data: bytes, delimiter: str, quoted: bool) -> dict[str, pa.DataType]:
    """{column: string} for the columns whose first megabyte pyarrow reads as dates or times.

    A guess from the first block only: a column whose dates start later is still read as
    dates, and :mod:`mlpm.data.fast_csv` turns it back into its text."""
    if len(data) <= _FIRST_BLOCK:
        head = data
    else:
        end = data.rfind(b"\n", 0, _FIRST_BLOCK)
        if end <= 0:
            return {}
        head = data[:end + 1]
    try:
        schema = parse(head, delimiter, newlines=quoted).schema
    except PARSE_ERRORS:
        return {}
    return {field.name: pa.string() for field in schema
            if pa.types.is_date(field.type) or pa.types.is_time(field.type)
            or pa.types.is_timestamp(field.type)}


class Prefetch:
    """A comma-separated file read and parsed on a thread, started before pandas is imported.

    Only a guess: :func:`mlpm.data.load.load_table` uses the bytes it read, and the parse only
    when its own sniffing lands on the same choice (UTF-8, commas, dot decimals, a clean file);
    anything else is read the normal way. Files over mlpm's cell limit are not parsed here, so
    the normal path refuses them with its message before anything big is built.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.data: bytes | None = None
        self.lines = 0
        self.table: pa.Table | None = None
        self._thread = threading.Thread(target=self._run, name="mlpm-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if not self.path.is_file():
                return
            limits.check_file_size(self.path.stat().st_size)
            data = self.path.read_bytes()
            self.data = data
            first = data[:65536].split(b"\n", 1)[0]
            if b"\x00" in first or first.count(b",") < max(first.count(s) for s in (b";", b"\t",
                                                                                     b"|")) + 1:
                return  # not comma-separated UTF-8: the normal path sniffs it
            self.lines = line_count(data)
            limits.check_cells((self.lines - 1) * (first.count(b",") + 1))
            self.table = parse_rows(data, ",", self.lines)
        except Exception:  # noqa: BLE001 - a guess that failed; the normal path says why
            self.table = None

    def result(self, path: Path) -> tuple[bytes | None, pa.Table | None, int | None]:
        """(the file's bytes, the comma parse or None, its line count or None) once done;
        (None, None, None) for another file."""
        self._thread.join()
        if path.expanduser() != self.path:
            return None, None, None
        return self.data, self.table, self.lines or None
