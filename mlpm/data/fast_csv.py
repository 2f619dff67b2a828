"""Read a clean CSV with pyarrow's multithreaded reader, giving exactly the frame pandas would.

pandas' C parser is single-threaded and builds Python-visible objects as it goes: on a
million-row export it takes 3-4 s where pyarrow takes well under one (docs/performance.md).
Most files a PM uploads are clean UTF-8 with a dot decimal mark, so :func:`read_clean` tries
pyarrow first and returns ``None`` (the caller falls back to the tolerant pandas path, which
knows how to word every problem) whenever the two readers could disagree:

* anything but UTF-8 / ASCII, a decimal comma, "load anyway" options;
* text starting with a space (pandas skips spaces after the delimiter), whole numbers in a
  file with a plus sign (pandas reads "+1" as an integer, pyarrow as a float);
* blank or repeated header names, a header pyarrow reads differently;
* a quote never closed, any parse error (ragged or short lines): pandas words it;
* clock times and timestamps are re-read as the text they were (pandas keeps them as text);
  plain ``YYYY-MM-DD`` dates are turned back into that same text.

One difference is deliberate: a column whose first blocks hold numbers and a later one text is
read as text throughout, as pandas does with ``low_memory=False``; its default chunked read
would mix numbers and strings in one column depending on where the chunks happen to end.

What "the same frame" means is checked by ``tests/unit/test_fast_csv.py``, which reads every
bundled sample and the hostile files both ways and compares them with pandas' own reader.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlpm.data import arrow_csv


def read_clean(data: bytes, codec: str, delimiter: str, decimal: str, header: list[str], *,
               lines: int | None = None, table: pa.Table | None = None) -> pd.DataFrame | None:
    """The frame ``pd.read_csv`` would build from ``data``, or ``None`` when not sure.

    ``lines``: the file's line count when the caller has it; ``table``: ``data`` already
    parsed with ``delimiter`` (:class:`mlpm.data.arrow_csv.Prefetch`)."""
    names = [str(h) for h in header]
    if not _plain_file(codec, decimal, delimiter) or not _plain_names(names):
        return None
    quoted = b'"' in data
    if table is None:
        try:
            table = arrow_csv.parse_rows(data, delimiter, lines)
        except arrow_csv.PARSE_ERRORS:
            return None
    if table.column_names != names or table.num_rows == 0 or _would_differ(table, data) \
            or (quoted and _open_quote(table, data)):
        return None
    table = _times_as_text(table, data, delimiter, quoted)
    return None if table is None else _as_pandas_reads(table).to_pandas(split_blocks=True)


def _plain_file(codec: str, decimal: str, delimiter: str) -> bool:
    """UTF-8 or ASCII, a dot decimal mark and a one-byte delimiter: what both readers agree on."""
    return codec in ("utf-8", "utf-8-sig", "ascii") and decimal == "." and delimiter.isascii()


def _plain_names(names: list[str]) -> bool:
    """Header names that are present, unique and without surrounding spaces."""
    return bool(names) and all(n.strip() and n == n.strip() for n in names) \
        and len(set(names)) == len(names)


def _times_as_text(table: pa.Table, data: bytes, delimiter: str, quoted: bool) -> pa.Table | None:
    """Clock times and timestamps re-read as the text they were (pyarrow would normalise
    "12:30" to 12:30:00); ``None`` when that re-read fails."""
    temporal = [field.name for field in table.schema
                if pa.types.is_time(field.type) or pa.types.is_timestamp(field.type)]
    if not temporal:
        return table
    try:
        text = arrow_csv.parse(data, delimiter, newlines=quoted,
                               types={name: pa.string() for name in temporal})
    except arrow_csv.PARSE_ERRORS:
        return None
    for name in temporal:
        table = table.set_column(table.schema.get_field_index(name), name, text[name])
    return table


def _as_pandas_reads(table: pa.Table) -> pa.Table:
    """Dates back to their text and all-empty columns as floats, as pandas reads them."""
    for index, field in enumerate(table.schema):
        if pa.types.is_date32(field.type):  # pyarrow reads only strict YYYY-MM-DD as a date
            table = table.set_column(index, field.name, table[field.name].cast(pa.string()))
        elif pa.types.is_null(field.type):  # an all-empty column: pandas makes it float NaN
            table = table.set_column(index, field.name, pa.nulls(table.num_rows, pa.float64()))
    return table


def _open_quote(table: pa.Table, data: bytes) -> bool:
    """Whether a quote may never be closed (pandas says where it opened; pyarrow reads on).

    A quote left open swallows the rest of the file into one value of the last row: either
    that row holds a line break, or the quote opened on the last line, whose quotes are then
    odd. Checking the last row and line costs nothing; counting every quote of a 200 MB file
    costs a tenth of a second.
    """
    last = table.slice(table.num_rows - 1)
    for column in last.columns:
        if pa.types.is_string(column.type) and pc.any(pc.match_substring(column, "\n")).as_py():
            return True
    end = len(data)
    while end and data[end - 1] in b"\r\n":  # not data.rstrip(): that copies the whole file
        end -= 1
    line = data[data.rfind(b"\n", 0, end) + 1:end]
    return line.count(b'"') % 2 == 1


def _would_differ(table: pa.Table, data: bytes) -> bool:
    """Where pandas' reading of the same cells could differ, checked on the result, not the
    bytes (a scan of a 200 MB file per pattern costs more than pyarrow's whole parse).

    * pandas skips spaces after the delimiter: a text value starting with a space (also a
      number written " 5", which pyarrow keeps as text) would come out differently;
    * pandas reads "+1" as an integer and pyarrow as a float: a float column with no gaps and
      only whole numbers is ambiguous when the file holds a plus sign at all.
    """
    plus = None
    for column, field in zip(table.columns, table.schema, strict=True):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            if pc.any(pc.starts_with(column, " ")).as_py():
                return True
        elif pa.types.is_floating(field.type) and column.null_count == 0:
            if plus is None:
                plus = b"+" in data
            if plus and pc.all(pc.equal(column, pc.floor(column))).as_py():
                return True
    return False
