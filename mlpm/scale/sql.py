"""Every query of the out-of-core review, in one place, as portable SQL.

The same text runs on DuckDB (files) and PostgreSQL (and other warehouses SQLAlchemy speaks
to): standard aggregates, ``percentile_disc(..) WITHIN GROUP (ORDER BY ..)``, ``GROUP BY`` and
``count(*) OVER ()``. Only two things differ by dialect and are chosen here: a full-match
regular expression and a repeatable random sample. Names are quoted as identifiers and the
few values put into a query (class labels, fences) are rendered as literals by
:func:`literal`, never pasted: every name and value came from a user's table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from mlpm.data.csv_safe import DANGEROUS_STARTS, SIGNED_NUMBER

Dialect = Literal["duckdb", "postgresql"]
Kind = Literal["int", "float", "bool", "date", "text"]
TOP = 50  # most common values kept per column, as mlpm.data.profile
_NAN = "CAST('NaN' AS DOUBLE PRECISION)"
_INF = "CAST('Infinity' AS DOUBLE PRECISION)"


def ident(name: str) -> str:
    """A column or table name as a quoted identifier (a quote inside is doubled)."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(value: object) -> str:
    """A value as an SQL literal: finite numbers as numbers, anything else as quoted text."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("no literal for a non-finite number")
        return repr(value)
    text = str(value)
    if "\x00" in text:
        raise ValueError("text with a NUL character")
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "float")


@dataclass(frozen=True)
class ProfileSql:
    """The queries over one source (``source``: a table, ``read_parquet(..)`` or a subquery)."""

    dialect: Dialect
    source: str

    # --- expressions ----------------------------------------------------------------------

    def present(self, column: Column) -> str:
        """The column with NaN read as missing (pandas' view of a float column)."""
        name = ident(column.name)
        return f"NULLIF({name}, {_NAN})" if column.kind == "float" else name

    def finite(self, column: Column) -> str:
        """The column's finite numbers (missing, NaN and infinities left out)."""
        if column.kind != "float":
            return ident(column.name)
        value = self.present(column)
        return f"CASE WHEN abs({value}) < {_INF} THEN {value} END"

    def _full_match(self, value: str, pattern: str) -> str:
        if self.dialect == "postgresql":
            return f"{value} ~ {literal('^(?:' + pattern + ')$')}"
        return f"regexp_full_match({value}, {literal(pattern)})"

    def _formula(self, column: Column) -> str:
        starts = ", ".join(literal(s) if s.isprintable() else f"chr({ord(s)})"
                           for s in DANGEROUS_STARTS)
        return f"substr({ident(column.name)}, 1, 1) IN ({starts})"

    # --- queries --------------------------------------------------------------------------

    def row_count(self) -> str:
        return f"SELECT count(*) FROM {self.source} AS src"

    def facts(self, columns: list[Column]) -> tuple[str, list[tuple[str, str]]]:
        """One scan for every column's counts, extremes and means; returns the query and the
        (column, fact) each output position holds."""
        parts: list[str] = []
        names: list[tuple[str, str]] = []

        def add(column: Column, fact: str, expression: str) -> None:
            parts.append(expression)
            names.append((column.name, fact))

        for c in columns:
            add(c, "present", f"count({self.present(c)})")
            if c.numeric:
                v = self.finite(c)
                add(c, "finite", f"count({v})")
                add(c, "min", f"min({v})")
                add(c, "max", f"max({v})")
                add(c, "mean", f"avg(CAST({v} AS DOUBLE PRECISION))")
                add(c, "zeros", f"sum(CASE WHEN {v} = 0 THEN 1 ELSE 0 END)")
                add(c, "negatives", f"sum(CASE WHEN {v} < 0 THEN 1 ELSE 0 END)")
                add(c, "fractions", f"sum(CASE WHEN {v} <> floor({v}) THEN 1 ELSE 0 END)")
            elif c.kind == "text":
                add(c, "formulas", f"sum(CASE WHEN {self._formula(c)} THEN 1 ELSE 0 END)")
                signed = self._full_match(ident(c.name), SIGNED_NUMBER)
                add(c, "formula_numbers",
                    f"sum(CASE WHEN {self._formula(c)} AND {signed} THEN 1 ELSE 0 END)")
            elif c.kind == "date":
                add(c, "min", f"min({ident(c.name)})")
                add(c, "max", f"max({ident(c.name)})")
        return f"SELECT {', '.join(parts)} FROM {self.source} AS src", names

    def moments(self, columns: list[Column], means: dict[str, float]) -> str:
        """Second and third central moments of each number column (a second scan: summing
        raw powers in one pass loses every digit on large values)."""
        parts = []
        for c in columns:
            centred = f"(CAST({self.finite(c)} AS DOUBLE PRECISION) - {literal(means[c.name])})"
            parts += [f"avg({centred} * {centred})", f"avg({centred} * {centred} * {centred})"]
        return f"SELECT {', '.join(parts)} FROM {self.source} AS src"

    def quartiles(self, column: Column, n: int) -> str:
        """Exact quartiles of ``n`` finite values: the value at rank round(q(n - 1)), as the
        in-memory profile takes (``percentile_disc`` is asked for the fraction that lands
        on that rank)."""
        v = self.finite(column)
        fractions = [(min(n - 1, round(q * (n - 1))) + 0.5) / n for q in (0.25, 0.5, 0.75)]
        parts = [f"percentile_disc({f!r}) WITHIN GROUP (ORDER BY {v})" for f in fractions]
        return f"SELECT {', '.join(parts)} FROM {self.source} AS src WHERE {v} IS NOT NULL"

    def top(self, column: Column) -> str:
        """The most common values with their rows, and the distinct count on every line."""
        v = self.finite(column) if column.numeric else ident(column.name)
        return (f"SELECT {v} AS value, count(*) AS n, count(*) OVER () AS distinct_values "
                f"FROM {self.source} AS src WHERE {v} IS NOT NULL GROUP BY {v} "
                f"ORDER BY n DESC, value LIMIT {TOP}")

    def formula_examples(self, column: Column) -> str:
        name = ident(column.name)
        return (f"SELECT {name} FROM {self.source} AS src WHERE {self._formula(column)} "
                f"GROUP BY {name} ORDER BY count(*) DESC, {name} LIMIT 3")

    def distinct_rows(self, columns: list[Column]) -> str:
        """Rows left after dropping repeats (missing values count as equal, as in pandas)."""
        names = ", ".join(self.present(c) for c in columns)
        return f"SELECT count(*) FROM (SELECT DISTINCT {names} FROM {self.source} AS src) AS d"

    def conflicting_labels(self, target: Column, features: list[Column]) -> str:
        """Rows, and groups, sharing every feature value but not the label."""
        keys = ", ".join(self.present(c) for c in features)
        label = self.present(target)
        return (f"SELECT count(*), sum(n) FROM (SELECT count(*) AS n FROM {self.source} AS src "
                f"WHERE {label} IS NOT NULL GROUP BY {keys} "
                f"HAVING min({label}) <> max({label})) AS g")

    def outside(self, column: Column, low: float, high: float, skip: list[float]) -> str:
        """Rows below ``low`` or above ``high`` (leaving out ``skip``), and their extremes."""
        v = self.finite(column)
        bounds = [f"{v} < {literal(float(low))}" if math.isfinite(low) else None,
                  f"{v} > {literal(float(high))}" if math.isfinite(high) else None]
        where = " OR ".join(b for b in bounds if b) or "FALSE"
        if skip:
            where = f"({where}) AND {v} NOT IN ({', '.join(literal(float(s)) for s in skip)})"
        return f"SELECT count(*), min({v}), max({v}) FROM {self.source} AS src WHERE {where}"

    def class_counts(self, target: Column, limit: int) -> str:
        v = self.present(target)
        return (f"SELECT {v} AS value, count(*) AS n FROM {self.source} AS src "
                f"GROUP BY {v} ORDER BY n DESC LIMIT {int(limit)}")

    def sample(self, columns: list[Column], rows: int, *, where: str = "TRUE",
               seed: int = 0) -> str:
        """Up to ``rows`` random rows matching ``where``, the same ones on every run.

        DuckDB: a reservoir sample with a seed; PostgreSQL: ``random()`` after ``setseed``
        (the caller runs :meth:`seed_statement` first, in the same session).
        """
        names = ", ".join(ident(c.name) for c in columns)
        inner = f"SELECT {names} FROM {self.source} AS src WHERE {where}"
        if self.dialect == "duckdb":
            return (f"SELECT * FROM ({inner}) AS s "
                    f"USING SAMPLE reservoir({int(rows)} ROWS) REPEATABLE ({int(seed)})")
        return f"{inner} ORDER BY random() LIMIT {int(rows)}"

    def seed_statement(self, seed: int) -> str | None:
        if self.dialect == "postgresql":
            return f"SELECT setseed({literal(((seed % 1000) + 1) / 1001.0)})"
        return None

    def equals(self, column: Column, value: object) -> str:
        """``column = value`` for a class label (``IS NULL`` for the missing class)."""
        if value is None:
            return f"{self.present(column)} IS NULL"
        return f"{self.present(column)} = {literal(value)}"
