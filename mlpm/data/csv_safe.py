"""CSV downloads that a spreadsheet can't mistake for formulas.

A cell such as ``=HYPERLINK(...)`` in the PM's own data would run as a formula when the
downloaded file is opened in Excel or Sheets ("CSV injection"). Text cells that start with
``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) get a leading apostrophe, which
spreadsheets show as plain text. Numbers are left alone: ``-3.5`` in a number column is data.
"""

from __future__ import annotations

import re

import pandas as pd

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
DANGEROUS_BYTES = "".join(DANGEROUS_STARTS).encode("ascii")  # one byte each: read from Arrow
# Neutralised all the same (OWASP and ASVS 1.2.10 escape every such cell), but a spreadsheet
# reads these as a number or a dash, not a formula: the review says so instead of "formula".
SIGNED_NUMBER = r"[+-](?:[0-9][0-9.,]*)?"  # the whole value
_SIGNED_NUMBER = re.compile(SIGNED_NUMBER)


def neutralise(value: object) -> object:
    """One cell: prefix an apostrophe when a text value could start a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def signed_number(value: str) -> bool:
    """'-5', '+3', '-1,234.5' or a lone '-': neutralised in downloads, yet no formula."""
    return bool(_SIGNED_NUMBER.fullmatch(value))


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) are neutralised."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
            out[name] = column.map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    if out.index.name is not None:
        out.index.name = neutralise(str(out.index.name))
    return out


def safe_csv(frame: pd.DataFrame, *, index: bool = True) -> bytes:
    """UTF-8 CSV bytes (with a BOM so Excel reads accents right), formulas neutralised."""
    return safe_frame(frame).to_csv(index=index).encode("utf-8-sig")
