"""Numbers written as text (``$1,200.50``, ``12%``, `` 42 ``, ``1.200,50``) read as numbers.

Used by the review (to notice such columns) and by cleaning (to convert them). Values that are
not numbers become missing, so the PM sees the gaps instead of a silent zero.
"""

from __future__ import annotations

import re

import pandas as pd

# Text that means "unknown" (pandas already reads NA, N/A, null, NaN and empty cells as missing).
PLACEHOLDERS = frozenset({
    "", "?", "??", "-", "--", "---", ".", "..", "na", "n/a", "n.a.", "n.a", "none", "null", "nil",
    "nan", "unknown", "unk", "missing", "not available", "not applicable", "not known",
    "#n/a", "#na", "undefined", "(blank)", "blank", "empty", "tbd", "tba", "xxx", "0000-00-00",
    "-999", "999", "9999", "-1"})
NUMERIC_SENTINELS = (-1.0, -9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0, 99999.0, 999999.0)


def is_placeholder(value: object, *, numbers: bool = False) -> bool:
    """Whether a text value stands for "unknown" (``numbers`` also counts -1, 999, ...)."""
    text = str(value).strip().lower()
    if not numbers and text in {"-999", "999", "9999", "-1"}:
        return False
    return text in PLACEHOLDERS


_CURRENCY = r"[$€£¥₹]|USD|EUR|GBP"
_STRIP = re.compile(rf"^\s*(?:{_CURRENCY})?\s*|\s*(?:{_CURRENCY}|%)?\s*$")
_PAREN_NEGATIVE = re.compile(r"^\((.*)\)$")
_EUROPEAN = re.compile(r"^[-+]?\d{1,3}(?:[.\s']\d{3})+(?:,\d+)?$|^[-+]?\d+,\d+$")
_AMERICAN = re.compile(r"^[-+]?\d{1,3}(?:[,\s']\d{3})+(?:\.\d+)?$|^[-+]?\d*\.\d+$|^[-+]?\d+$")


_NUMBERISH = (r"\s*(?:[$€£¥₹]|USD|EUR|GBP)?\s*[(+-]?\s*(?:[$€£¥₹])?\s*\d[\d.,\s']*"
              r"\s*(?:%|[$€£¥₹]|USD|EUR|GBP)?\)?\s*")


def _strip(text: pd.Series) -> pd.Series:
    """Remove currency signs, percent signs, spaces; ``(12)`` becomes ``-12``."""
    stripped = text.str.strip().str.replace(_STRIP, "", regex=True)
    return stripped.str.replace(_PAREN_NEGATIVE, r"-\1", regex=True)


def decimal_comma(text: pd.Series) -> bool:
    """Whether values like ``1.200,50`` (European) outnumber ``1,200.50`` (American)."""
    stripped = _strip(text.dropna().astype(str))
    european = stripped.str.match(_EUROPEAN).sum()
    american = stripped.str.match(_AMERICAN).sum()
    return bool(european > american)


def parse_numbers(column: pd.Series, *, comma_decimal: bool | None = None) -> pd.Series:
    """The column as floats; text that is not a number becomes missing."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column.astype(float)
    text = column.astype("string")
    if comma_decimal is None:
        sample = text.dropna()
        comma_decimal = decimal_comma(sample.iloc[: 5_000])
    stripped = _strip(text)
    if comma_decimal:
        stripped = stripped.str.replace(r"[.\s']", "", regex=True).str.replace(",", ".",
                                                                                regex=False)
    else:
        stripped = stripped.str.replace(r"[,\s']", "", regex=True)
    numbers = pd.to_numeric(stripped, errors="coerce")
    return pd.Series(numbers, index=column.index, dtype=float, name=column.name)


def number_share(values: pd.Series, weights: pd.Series | None = None) -> float:
    """Of non-empty text values, the share that reads as a number, as written or after
    cleaning (currency, %, thousands separators, spaces).

    ``weights`` (e.g. row counts of distinct values) weigh each value; default 1 each.
    """
    text = values.astype(str)
    weights = pd.Series(1.0, index=values.index) if weights is None else weights.astype(float)
    keep = (text.str.strip() != "") & values.notna()
    text, weights = text[keep], weights[keep]
    total = float(weights.sum())
    if not total or not text.str.contains(r"\d", regex=True).any():
        return 0.0
    plain = pd.to_numeric(text, errors="coerce").notna()
    readable = plain.copy()
    # Only values shaped like a number (digits with $, %, separators, brackets) need parsing.
    maybe = ~plain & text.str.fullmatch(_NUMBERISH)
    if maybe.any():
        readable[maybe] = parse_numbers(text[maybe]).notna()
    return float(weights[readable].sum() / total)
