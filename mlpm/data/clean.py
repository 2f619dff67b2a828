"""Cleaning steps: small, listed, undoable edits that each produce a new data version.

A :class:`CleaningStep` is plain data (an action, the columns, a few options), so the list can
be shown to the PM, stored with a run, and replayed. The cleaned table is always rebuilt from
the table as loaded: ``apply_steps(raw, steps)``; undo is "drop the last step and replay".
The sentence describing a step is written by :func:`mlpm.explain.data.cleaning_step`. A step
that cannot be applied raises :class:`CleaningError`, whose plain-text message is made here:
errors are not results (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mlpm.data.convert import parse_numbers
from mlpm.data.dataset import Dataset
from mlpm.data.kinds import to_dates
from mlpm.data.row_keys import duplicated_rows
from mlpm.errors import UserError

ACTIONS = ("drop_columns", "drop_duplicates", "fill_missing", "drop_missing_rows", "to_number",
           "to_date", "merge_categories", "replace_with_missing")


class CleaningError(UserError):
    """A cleaning step cannot be applied to this table (e.g. its column is gone)."""


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _freeze(value: object) -> object:
    if isinstance(value, dict):
        return tuple((str(k), _freeze(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: object) -> object:
    if isinstance(value, tuple):
        if value and all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str)
                         for v in value):
            return {k: _thaw(v) for k, v in value}
        return [_thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class CleaningStep:
    """One edit of the table, as plain data.

    ``action`` is one of :data:`ACTIONS`; ``options`` holds what the action needs, e.g.
    ``{"method": "median"}`` for ``fill_missing`` or ``{"mapping": {"yes": "Yes"}}`` for
    ``merge_categories``.
    """

    action: str
    columns: tuple[str, ...] = ()
    frozen_options: tuple = ()

    @classmethod
    def make(cls, action: str, columns: Sequence[str] = (), **options: object) -> CleaningStep:
        """Build a step from keyword options (kept hashable inside)."""
        if action not in ACTIONS:
            raise ValueError(f"Unknown cleaning action {action!r}; choose one of {ACTIONS}.")
        return cls(action, tuple(str(c) for c in columns), _freeze(options))

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> CleaningStep:
        """The inverse of :meth:`as_dict` (for stored runs)."""
        return cls.make(str(data["action"]), list(data.get("columns", [])),  # type: ignore[arg-type]
                        **dict(data.get("options", {})))  # type: ignore[arg-type]

    @property
    def options(self) -> dict[str, object]:
        thawed = _thaw(self.frozen_options)
        return thawed if isinstance(thawed, dict) else {}

    def as_dict(self) -> dict[str, object]:
        """The step as plain data (``mlpm.explain.data.cleaning_step_json`` adds its sentence)."""
        return {"action": self.action, "columns": list(self.columns), "options": self.options}

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A new frame with this step applied; the input is not modified."""
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise CleaningError(f"Cannot apply the step '{self.action.replace('_', ' ')}' on "
                                f"{_quoted(self.columns)}: the table has no column "
                                f"{_quoted(missing)}.", "Undo the step, or load the file again.")
        return _APPLY[self.action](frame, list(self.columns), self.options)


def _drop_columns(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    return frame.drop(columns=columns)


def _drop_duplicates(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    mask = duplicated_rows(frame, columns or None)
    return frame.loc[~mask].reset_index(drop=True)


def _fill_value(column: pd.Series, method: str, value: object) -> object:
    if method == "value":
        return value
    if method in ("median", "mean") and pd.api.types.is_numeric_dtype(column):
        known = column.replace([np.inf, -np.inf], np.nan)
        return known.median() if method == "median" else known.mean()
    mode = column.mode(dropna=True)
    return mode.iloc[0] if len(mode) else value


def _fill_missing(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    method = str(options.get("method", "median"))
    out = frame.copy()
    for name in columns:
        column = out[name]
        if not column.isna().any():
            continue
        fill = _fill_value(column, method, options.get("value"))
        if fill is None or (isinstance(fill, float) and np.isnan(fill)):
            continue
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        if numeric and _is_number(fill) and not isinstance(fill, bool):
            out[name] = column.astype(float).fillna(float(fill))  # type: ignore[arg-type]
        elif pd.api.types.is_string_dtype(column) or numeric:
            out[name] = column.astype(object).fillna(fill) if numeric else column.fillna(str(fill))
        else:
            out[name] = column.fillna(fill)
    return out


def _drop_missing_rows(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    return frame.dropna(subset=columns or None).reset_index(drop=True)


def _to_number(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    out = frame.copy()
    comma = options.get("decimal_comma")
    for name in columns:
        out[name] = parse_numbers(out[name], comma_decimal=None if comma is None else bool(comma))
    return out


def _to_date(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    out = frame.copy()
    fmt = options.get("format")
    for name in columns:
        parsed = to_dates(out[name], str(fmt) if fmt else None)
        if parsed is None:
            raise CleaningError(f"'{name}' does not hold dates mlpm can read.",
                                "Pick a column whose values look like dates.")
        out[name] = parsed
    return out


def _merge_categories(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    mapping = {str(k): v for k, v in dict(options.get("mapping", {})).items()}
    out = frame.copy()
    for name in columns:
        column = out[name]
        as_text = column.astype(str)
        hit = column.notna() & as_text.isin(list(mapping))
        if hit.any():
            replaced = as_text.map(mapping)
            out[name] = column.astype(object).where(~hit, replaced)
            if pd.api.types.is_string_dtype(column):
                out[name] = out[name].astype(column.dtype)
    return out


def _replace_with_missing(frame: pd.DataFrame, columns: list[str], options: dict) -> pd.DataFrame:
    values = list(options.get("values", []))
    out = frame.copy()
    for name in columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column):
            numbers = [float(v) for v in values if _is_number(v)]
            out[name] = column.where(~column.isin(numbers)) if numbers else column
            if pd.api.types.is_integer_dtype(column) and out[name].isna().any():
                out[name] = out[name].astype(float)
        else:
            text = [str(v) for v in values]
            out[name] = column.where(~column.astype(str).isin(text) | column.isna())
    return out


def _is_number(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


_APPLY = {"drop_columns": _drop_columns, "drop_duplicates": _drop_duplicates,
          "fill_missing": _fill_missing, "drop_missing_rows": _drop_missing_rows,
          "to_number": _to_number, "to_date": _to_date, "merge_categories": _merge_categories,
          "replace_with_missing": _replace_with_missing}


def apply_steps(raw: Dataset, steps: Sequence[CleaningStep]) -> Dataset:
    """The table as loaded with every step applied in order: a new data version.

    With no steps the raw dataset itself comes back (same version).
    """
    if not steps:
        return raw
    frame = raw.frame
    for step in steps:
        frame = step.apply(frame)
    if frame.shape[1] == 0:
        raise CleaningError("That would remove every column.",
                            "Keep at least one column besides the target.")
    if frame.shape[0] == 0:
        raise CleaningError("That would remove every row.",
                            "Fill the gaps instead of dropping rows, or undo a step.")
    # Where the table came from and what was done to it, as the loader's notes say it.
    cleaned = f"cleaned with {len(steps)} step{'s' if len(steps) != 1 else ''}"
    note = raw.source_note + ("; " if raw.source_note else "") + cleaned
    return Dataset(frame=frame.reset_index(drop=True), name=raw.name, source_note=note)


@dataclass(frozen=True)
class CleaningLog:
    """The table as loaded, the steps applied to it, and the version they produced."""

    raw: Dataset
    steps: tuple[CleaningStep, ...]
    result_version: str


def clean(raw: Dataset, steps: Sequence[CleaningStep]) -> tuple[Dataset, CleaningLog]:
    """Apply ``steps`` to ``raw``; return the cleaned dataset and the log that produced it."""
    dataset = apply_steps(raw, steps)
    return dataset, CleaningLog(raw, tuple(steps), dataset.version)


def replay(dataset: Dataset, steps: Sequence[CleaningStep | dict[str, object]]) -> Dataset:
    """Apply stored steps (objects or their ``as_dict()`` form) to a new table, e.g. when a
    stored recipe is retrained on next month's export."""
    parsed = [s if isinstance(s, CleaningStep) else CleaningStep.from_dict(s) for s in steps]
    return apply_steps(dataset, parsed)
