"""A text column's profile: placeholders never hide numbers written as text, and a column of
Python dates (Excel, Parquet) is a date column."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mlpm.data.profile import profile_column


def test_placeholders_do_not_count_against_numbers_written_as_text() -> None:
    values = ["12", "7", "n/a", "3", "?", "40", "N/A", "5"] * 10
    p = profile_column(pd.Series(values, dtype=object))
    assert p.number_share == 1.0  # the five numbers of the five non-placeholder values


def test_python_dates_make_a_date_column_and_mixed_objects_are_named() -> None:
    days = pd.Series([dt.date(2024, 1, d) for d in range(1, 29)] * 2, dtype=object)
    p = profile_column(days)
    assert (p.kind, p.python_types) == ("date", ("date",))
    mixed = profile_column(pd.Series([1, "a", 2.5, "b"] * 10, dtype=object))
    assert mixed.python_types == ("number", "str")
    assert mixed.kind != "date"
