"""A request's rows, checked like Score new data checks a file, with one message per row.

The number and category rules are :mod:`mlpm.lifecycle.scoring`'s own (``numbers_from_text``,
``category_labels``, the learnt categories), so a row the server accepts is scored exactly as
``mlpm score`` would score it. A server is stricter than a file upload in one way: a value
that is not a number, or a category never seen in training, rejects the row (a file upload
only warns), because a caller can fix and resend one row but cannot read a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from mlpm.errors import UserError
from mlpm.lifecycle.scoring import ModelInputs, category_labels, numbers_from_text, prepare_inputs

MAX_PROBLEMS = 50
"""rows with problems listed in one answer (the count says how many there were)"""


class RequestRejected(UserError):
    """The request cannot be answered as sent: HTTP ``status``, and problems per row."""

    def __init__(self, message: str, hint: str = "", *, status: int = 422,
                 rows: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message, hint)
        self.status = status
        self.rows = rows or []

    def payload(self) -> dict[str, Any]:
        """The JSON body of the error answer."""
        body: dict[str, Any] = {"error": self.message, "hint": self.hint}
        if self.rows:
            body["rows"] = self.rows[:MAX_PROBLEMS]
            body["rows_with_problems"] = len(self.rows)
        return body


@dataclass(frozen=True)
class Limits:
    """What one request may hold; anything bigger is refused before it is parsed."""

    max_body_bytes: int = 10 * 1024 * 1024
    max_rows: int = 10_000


@dataclass
class _Problems:
    by_row: dict[int, list[str]] = field(default_factory=dict)

    def add(self, row: int, text: str) -> None:
        self.by_row.setdefault(int(row), []).append(text)


def rows_from_json(body: bytes, limits: Limits) -> tuple[pd.DataFrame, dict[int, set[str]]]:
    """``{"rows": [{...}, ...]}``, ``[{...}, ...]`` or one ``{...}`` as a table; also which
    keys each row left out (a left-out key is a missing column; ``null`` is a missing value)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RequestRejected(f"The body is not valid JSON ({error}).",
                              'Send {"rows": [{"column": value, ...}]}.') from error
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        rows = data["rows"]
    elif isinstance(data, dict) and "rows" not in data:
        rows = [data]
    elif isinstance(data, list):
        rows = data
    else:
        raise RequestRejected("The body must be one row as a JSON object, or a list of them.",
                              'Send {"rows": [{"column": value, ...}]}.')
    if not rows:
        raise RequestRejected("The request has no rows to score.", "Send at least one row.")
    if len(rows) > limits.max_rows:
        raise RequestRejected(f"The request has {len(rows):,} rows; this server takes at most "
                              f"{limits.max_rows:,} per request.",
                              "Split the rows into smaller requests.", status=413)
    bad = [i for i, row in enumerate(rows) if not isinstance(row, dict)]
    if bad:
        raise RequestRejected("Every row must be a JSON object of column: value.",
                              rows=[{"row": i, "problems": ["not a JSON object"]} for i in bad])
    columns = list(dict.fromkeys(str(k) for row in rows for k in row))
    frame = pd.DataFrame.from_records(rows, columns=columns)
    absent = {i: set(columns) - set(row) for i, row in enumerate(rows) if len(row) < len(columns)}
    return frame, absent


def check_rows(frame: pd.DataFrame, inputs: ModelInputs, *, absent: dict[int, set[str]] | None = None,
               allow_extra: bool = False) -> pd.DataFrame:
    """The model's prepared inputs, or :class:`RequestRejected` (422) listing every row's
    problems.

    Problems: a column the model needs is missing, a column it does not know is sent (unless
    ``allow_extra``), a number column holds text, a category column holds a value never seen
    in training. ``None``/empty stays allowed: the model was trained to handle missing values.
    The table is prepared by :func:`mlpm.lifecycle.scoring.prepare_inputs`, the same as for scoring.
    """
    problems = _Problems()
    present = {str(c) for c in frame.columns}
    absent = dict(absent or {})
    missing_everywhere = {c for c in inputs.columns if c not in present}
    if missing_everywhere:
        absent = {i: absent.get(i, set()) | missing_everywhere for i in range(len(frame))}
    _missing_columns(absent, inputs, problems)
    if not allow_extra:
        _unknown_columns(frame, inputs, absent, problems)
    for name in (c for c in inputs.numeric if c not in missing_everywhere):
        _number_column(name, frame[name], problems)
    # Rows already rejected still get their category problems listed (one answer says all);
    # otherwise the categories are read from the prepared table, not computed twice.
    x = None if problems.by_row else prepare_inputs(frame, inputs)[0]
    for name in (c for c in inputs.categorical if c not in missing_everywhere):
        known = inputs.categories.get(name, ())
        if known:  # nothing to check without learnt categories
            labels = category_labels(frame[name]) if x is None else x[name]
            _category_column(name, labels.tolist(), known, problems)
    _raise_if_any(problems, len(frame))
    assert x is not None  # no problems: the table was prepared
    return x


def _missing_columns(absent: dict[int, set[str]], inputs: ModelInputs,
                     problems: _Problems) -> None:
    """Each row that left out a column the model needs (a left-out key, or a column no row has)."""
    for i, left_out in absent.items():
        needed = sorted(c for c in left_out if c in inputs.columns)
        if needed:
            more = f" and {len(needed) - 6} more" if len(needed) > 6 else ""
            problems.add(i, "missing " + ", ".join(f"'{c}'" for c in needed[:6]) + more
                         + " (send null when the value is unknown; GET /model lists the inputs)")


def _unknown_columns(frame: pd.DataFrame, inputs: ModelInputs, absent: dict[int, set[str]],
                     problems: _Problems) -> None:
    """Each row that sent a column the model does not use (likely a typo)."""
    extra = [str(c) for c in frame.columns if str(c) not in inputs.columns]
    for i in range(len(frame)) if extra else ():
        sent = [c for c in extra if c not in absent.get(i, ())]
        if sent:
            problems.add(i, "unknown column(s) " + ", ".join(f"'{c}'" for c in sent[:6])
                         + ": the model does not use them (a typo? or add ?extra=ignore)")


def _number_column(name: str, column: pd.Series, problems: _Problems) -> None:
    """Rows whose value of a number column is text, or not finite."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=float)  # JSON numbers, numeric CSV columns
    else:
        converted = numbers_from_text(column)
        failed = (converted.isna() & column.notna()).to_numpy()
        for i in np.flatnonzero(failed):
            problems.add(i, f"'{name}' must be a number, got {_shown(column.iloc[i])}")
        values = converted.to_numpy(dtype=float, na_value=np.nan)
    # 1e400 and Infinity are valid JSON; the model cannot use them (NaN is "missing").
    for i in np.flatnonzero(np.isinf(values)):
        problems.add(i, f"'{name}' must be a finite number, got {_shown(column.iloc[i])}")


def _category_column(name: str, labels: list[Any], known: tuple[str, ...],
                     problems: _Problems) -> None:
    """Rows whose category was never seen in the ``known`` (learnt) ones."""
    learnt = set(known)
    # A plain loop: for the few rows of a request, pandas' isin costs more than the model.
    for i, label in enumerate(labels):
        if isinstance(label, str) and label not in learnt:
            options = ", ".join(f"'{v}'" for v in sorted(known)[:8])
            problems.add(i, f"'{name}' = {_shown(label)} was never seen in training "
                            f"(known: {options})")


def _raise_if_any(problems: _Problems, n_rows: int) -> None:
    if problems.by_row:
        rows = [{"row": i, "problems": texts} for i, texts in sorted(problems.by_row.items())]
        raise RequestRejected(
            f"{len(rows):,} of {n_rows:,} row(s) cannot be scored as sent; nothing was scored.",
            "Fix the rows listed (row numbers start at 0) and send them again.", rows=rows)


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "…"
