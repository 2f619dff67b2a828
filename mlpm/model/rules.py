"""The PM's own if-then rule, parsed from plain text and scored exactly like a model.

    if contract = Month-to-month and tenure_months < 6 then Yes
    if support_calls >= 4 then Yes
    otherwise No

Clauses are tried in order; the first whose condition holds gives the answer. ``and`` binds
tighter than ``or``; values with spaces or commas can be quoted. Comparisons: ``=``, ``!=``,
``<``, ``<=``, ``>``, ``>=``, ``in (a, b)``, ``not in (...)`` and words such as "is",
"is not", "below", "above", "at least", "at most". For a yes/no target ``then`` may be left
out: the rule then flags the outcome you care about.

:class:`RuleModel` wraps a parsed rule as an sklearn estimator, so the rule goes through the
same training, cross-validation and scoring code as every model.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from mlpm.data.kinds import looks_like_dates
from mlpm.errors import UserError
from mlpm.model.catalogue import as_dates
from mlpm.model.problem import Problem

EXAMPLE = "if contract = Month-to-month and tenure_months < 6 then Yes"


class RuleError(UserError):
    """The PM's rule cannot be read or does not fit the table."""


_SYMBOLS = {"<=": "<=", ">=": ">=", "!=": "!=", "<>": "!=", "==": "=", "=": "=", "<": "<",
            ">": ">", "≤": "<=", "≥": ">=", "≠": "!="}
_WORDS: list[tuple[str, str]] = [
    ("is not one of", "not in"), ("is not in", "not in"), ("not in", "not in"),
    ("is one of", "in"), ("one of", "in"), ("is in", "in"), ("in", "in"),
    ("is at least", ">="), ("at least", ">="), ("is at most", "<="), ("at most", "<="),
    ("is less than", "<"), ("less than", "<"), ("is fewer than", "<"), ("fewer than", "<"),
    ("is below", "<"), ("below", "<"), ("is under", "<"), ("under", "<"),
    ("is more than", ">"), ("more than", ">"), ("is greater than", ">"), ("greater than", ">"),
    ("is above", ">"), ("above", ">"), ("is over", ">"), ("over", ">"),
    ("does not equal", "!="), ("is not equal to", "!="), ("not equal to", "!="),
    ("is not", "!="), ("isn't", "!="), ("is equal to", "="), ("equals", "="), ("is", "="),
]
_SYMBOL_RE = re.compile(r"^\s*(<=|>=|!=|<>|==|=|<|>|≤|≥|≠)")
_WORD_RE = re.compile(r"^\s+(" + "|".join(re.escape(w) for w, _ in _WORDS) + r")\b",
                      re.IGNORECASE)
_ANY_OP_RE = re.compile(r"(<=|>=|!=|<>|==|=|<|>|≤|≥|≠)|\s(" + "|".join(
    re.escape(w) for w, _ in _WORDS) + r")\s", re.IGNORECASE)
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'|`([^`]*)`")
_HOLE = "\x00{}\x00"
_HOLE_RE = re.compile(r"\x00(\d+)\x00")
ORDER_OPS = ("<", "<=", ">", ">=")
_NUMBER_RE = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


@dataclass(frozen=True)
class Condition:
    """One comparison, e.g. ``tenure_months < 6``."""

    column: str
    op: str
    value: object  # float or str (dates as ISO text), or a tuple of them for in / not in
    kind: str  # "number" | "text" | "date"

    def holds(self, frame: pd.DataFrame) -> np.ndarray:
        """True where the comparison holds; a missing value never satisfies it."""
        column = frame[self.column]
        if self.kind == "number":
            values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        elif self.kind == "date":
            values = _to_dates(column).to_numpy(dtype="datetime64[ns]")
        else:
            values = column.astype(object).map(
                lambda v: str(v).strip().lower() if pd.notna(v) else None).to_numpy()
        known = ~pd.isna(values)
        out = np.zeros(len(values), dtype=bool)
        v = values[known]
        target = self.value
        if self.kind == "date":
            target = np.datetime64(pd.Timestamp(target), "ns")
        if self.kind == "text":
            target = (tuple(str(t).lower() for t in target) if isinstance(target, tuple)
                      else str(target).lower())
        if self.op == "=":
            out[known] = v == target
        elif self.op == "!=":
            out[known] = v != target
        elif self.op == "in":
            out[known] = np.isin(v, list(target))
        elif self.op == "not in":
            out[known] = ~np.isin(v, list(target))
        else:
            out[known] = {"<": np.less, "<=": np.less_equal, ">": np.greater,
                          ">=": np.greater_equal}[self.op](v, target)
        return out


@dataclass(frozen=True)
class Clause:
    """``if <any of (all of conditions)> then outcome``."""

    any_of: tuple[tuple[Condition, ...], ...]
    outcome: object

    def holds(self, frame: pd.DataFrame) -> np.ndarray:
        result = np.zeros(len(frame), dtype=bool)
        for group in self.any_of:
            part = np.ones(len(frame), dtype=bool)
            for condition in group:
                part &= condition.holds(frame)
            result |= part
        return result


@dataclass(frozen=True)
class Rule:
    """A parsed rule: clauses tried in order, then ``otherwise`` (``None`` = learnt from the
    training rows: the most common answer, or the average)."""

    text: str
    clauses: tuple[Clause, ...]
    otherwise: object
    target: str
    task: str
    positive_label: str | None = None
    classes: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the rule reads, in order of first use."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for group in clause.any_of:
                for condition in group:
                    seen[condition.column] = None
        return tuple(seen)

    def which_clause(self, frame: pd.DataFrame) -> np.ndarray:
        """Index of the first clause that holds per row; -1 where none does."""
        chosen = np.full(len(frame), -1)
        for i, clause in enumerate(self.clauses):
            chosen[(chosen == -1) & clause.holds(frame)] = i
        return chosen

    def apply(self, frame: pd.DataFrame, default: object) -> np.ndarray:
        """The rule's answer for every row; ``default`` where no clause holds and there is
        no ``otherwise``."""
        fallback = self.otherwise if self.otherwise is not None else default
        chosen = self.which_clause(frame)
        if self.task == "regression":
            out = np.full(len(frame), float(fallback))
            for i, clause in enumerate(self.clauses):
                out[chosen == i] = float(clause.outcome)
            return out
        answers = np.array([str(fallback)] * len(frame), dtype=object)
        for i, clause in enumerate(self.clauses):
            answers[chosen == i] = str(clause.outcome)
        return answers


class RuleModel(BaseEstimator):
    """A :class:`Rule` as an sklearn estimator: ``fit`` only learns the fallback answer.

    It reads the raw columns the rule names (not the prepared features), so the rule sees the
    table exactly as the PM does.
    """

    def __init__(self, rule: Rule | None = None, text: str = "") -> None:
        self.rule = rule
        self.text = text

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> RuleModel:
        rule = self._rule()
        y = np.asarray(y)
        if rule.task == "regression":
            self.default_ = float(np.mean(y.astype(float)))
        else:
            values, counts = np.unique(y.astype(str), return_counts=True)
            self.default_ = str(values[np.argmax(counts)])
            self.classes_ = np.array(rule.classes, dtype=object)
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self._rule().apply(X, self.default_)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """1.0 for the answer the rule gives, 0.0 for the others (a rule is never unsure)."""
        answers = self.predict(X)
        return (answers[:, None] == self.classes_[None, :]).astype(float)

    def _rule(self) -> Rule:
        if self.rule is None:
            raise RuleError("The rule is empty.", f"Write one, e.g. '{EXAMPLE}'.")
        return self.rule


# --- parsing -------------------------------------------------------------------------------

def parse_rule(text: str, frame: pd.DataFrame, problem: Problem) -> Rule:
    """Read the PM's rule and check it against the table.

    Raises
    ------
    RuleError
        With a message saying what could not be read and a hint showing how to write it.
    """
    if not problem.is_supervised:
        raise RuleError("A rule needs a target to predict; clustering has none.",
                        "Choose a target on Problem & features to compare a rule with models.")
    raw = (text or "").strip()
    if not raw:
        raise RuleError("The rule is empty.", f"Write one, e.g. '{EXAMPLE}'.")
    holes: list[str] = []

    def hide(match: re.Match[str]) -> str:
        holes.append(next(g for g in match.groups() if g is not None))
        return _HOLE.format(len(holes) - 1)

    hidden = _QUOTED.sub(hide, re.sub(r"(?i)\bisn't\b", "is not", raw))
    if any(q in hidden for q in "\"'`"):
        raise RuleError("A quote in the rule is not closed.",
                        'Put values with spaces or commas in quotes: "One year".')
    chunks = _chunks(hidden)
    clauses: list[Clause] = []
    otherwise: object = None
    for kind, condition, outcome in chunks:
        if kind == "otherwise":
            if otherwise is not None:
                raise RuleError("The rule has two 'otherwise' parts.", "Keep one at the end.")
            otherwise = _outcome(outcome, problem, holes, required=True)
            continue
        groups = _condition(condition, frame, problem, holes)
        clauses.append(Clause(groups, _outcome(outcome, problem, holes,
                                               required=problem.task != "binary")))
    if not clauses:
        raise RuleError("The rule has no 'if' part.", f"Start with a condition, e.g. '{EXAMPLE}'.")
    if problem.task == "binary" and otherwise is None:
        outcomes = {c.outcome for c in clauses}
        if len(outcomes) == 1:  # "if ... then Yes" means "otherwise No"
            otherwise = next(c for c in problem.classes if c not in outcomes)
    return Rule(text=raw, clauses=tuple(clauses), otherwise=otherwise, target=problem.target,
                task=problem.task, positive_label=problem.positive_label, classes=problem.classes)


def _chunks(hidden: str) -> list[tuple[str, str, str]]:
    """Split into ("if", condition, outcome) and ("otherwise", "", outcome) pieces."""
    pieces: list[str] = []
    for statement in re.split(r"[\n;]+", hidden):
        for part in re.split(r"(?i)(?:,\s*|\s+)(?=\b(?:if|otherwise|else)\b)", statement):
            if part.strip(" ,."):
                pieces.append(part.strip(" ,."))
    out = []
    for piece in pieces:
        head = re.match(r"(?i)^(otherwise|else)\b[\s,:]*(.*)$", piece)
        if head:
            out.append(("otherwise", "", re.sub(r"(?i)^then\s+", "", head.group(2)).strip()))
            continue
        body = re.sub(r"(?i)^if\b\s*", "", piece)
        parts = re.split(r"(?i)\s*,?\s*\bthen\b\s*", body, maxsplit=1)
        out.append(("if", parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""))
    return out


def _condition(text: str, frame: pd.DataFrame, problem: Problem,
               holes: list[str]) -> tuple[tuple[Condition, ...], ...]:
    if not text:
        raise RuleError("An 'if' has no condition after it.", f"For example: '{EXAMPLE}'.")
    groups = []
    for either in re.split(r"(?i)\s+or\s+", text):
        group = [_comparison(atom, frame, problem, holes)
                 for atom in re.split(r"(?i)\s+and\s+", either.strip())]
        groups.append(tuple(group))
    return tuple(groups)


def _comparison(atom: str, frame: pd.DataFrame, problem: Problem, holes: list[str]) -> Condition:
    atom = atom.strip()
    if atom.startswith("(") and atom.endswith(")"):
        atom = atom[1:-1].strip()
    column, rest = _match_column(atom, frame, holes)
    if column is None:
        found = _ANY_OP_RE.search(atom)
        if not found or found.start() == 0:
            raise RuleError(f"I could not find a comparison in '{_show(atom, holes)}'.",
                            "Write column, comparison, value: e.g. 'tenure_months < 6' or "
                            "'contract = Month-to-month'.")
        name = _show(atom[:found.start()].strip(), holes)
        near = difflib.get_close_matches(name, [str(c) for c in frame.columns], n=3, cutoff=0.5)
        hint = (f"Did you mean {' or '.join(repr(n) for n in near)}?" if near
                else "Columns: " + ", ".join(map(str, frame.columns[:15])))
        raise RuleError(f"There is no column '{name}' in the table.", hint)
    if column == problem.target:
        raise RuleError(f"The rule looks at '{column}', the answer itself.",
                        "A rule may only use what you know before the outcome happens.")
    symbol = _SYMBOL_RE.match(rest)
    if symbol:
        op, value = _SYMBOLS[symbol.group(1)], rest[symbol.end():]
    else:
        word = _WORD_RE.match(rest)
        if not word:
            raise RuleError(f"I could not find a comparison after '{column}'.",
                            "Use =, !=, <, <=, >, >= or 'in (…)', e.g. "
                            f"'{column} = …' or '{column} < …'.")
        op = dict(_WORDS)[word.group(1).lower()]
        value = rest[word.end():]
    return _typed(column, op, value.strip(), frame[column], holes)


def _match_column(atom: str, frame: pd.DataFrame, holes: list[str]) -> tuple[str | None, str]:
    hole = re.match(r"^\x00(\d+)\x00", atom)
    if hole and holes[int(hole.group(1))] in map(str, frame.columns):
        return holes[int(hole.group(1))], atom[hole.end():]
    lowered = atom.lower()
    for name in sorted(map(str, frame.columns), key=len, reverse=True):
        if lowered.startswith(name.lower()):
            rest = atom[len(name):]
            if not rest or rest[0].isspace() or _SYMBOL_RE.match(rest):
                return name, rest
    return None, atom


def _typed(column: str, op: str, value: str, series: pd.Series, holes: list[str]) -> Condition:
    if not value:
        raise RuleError(f"The comparison on '{column}' has no value.",
                        f"For example: '{column} {op} …'.")
    values = _split_list(value, holes) if op in ("in", "not in") else [_unhide(value, holes)]
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if numeric:
        numbers = []
        for v in values:
            number = _number(v)
            if number is None:
                raise RuleError(f"'{column}' holds numbers, so '{v}' cannot be compared with it.",
                                f"Use a number, e.g. '{column} {op} {_example_number(series)}'.")
            numbers.append(number)
        return Condition(column, op, tuple(numbers) if op in ("in", "not in") else numbers[0],
                         "number")
    if looks_like_dates(series) and op in ORDER_OPS:
        when = _to_dates(pd.Series(values)).iloc[0]
        if pd.isna(when):
            raise RuleError(f"'{values[0]}' is not a date, so it cannot be compared with '{column}'.",
                            f"Write dates like 2025-06-30: '{column} {op} 2025-06-30'.")
        # Kept as text (not a Timestamp) so a saved rule only holds plain types.
        text = when.strftime("%Y-%m-%d") if when == when.normalize() else when.isoformat()
        return Condition(column, op, text, "date")
    if op in ORDER_OPS:
        raise RuleError(f"'{column}' holds text, so it cannot be above or below a value.",
                        f"Use = or != or 'in (…)', e.g. '{column} = {_first_value(series)}'.")
    known = {str(v).strip().lower(): str(v).strip() for v in series.dropna().unique()}
    for v in values:
        if v.strip().lower() not in known:
            shown = ", ".join(sorted(known.values())[:12])
            more = " …" if len(known) > 12 else ""
            raise RuleError(f"'{column}' has no value '{v}'.", f"Its values are: {shown}{more}.")
    cleaned = tuple(known[v.strip().lower()] for v in values)
    return Condition(column, op, cleaned if op in ("in", "not in") else cleaned[0], "text")


def _outcome(text: str, problem: Problem, holes: list[str], *, required: bool) -> object:
    value = _unhide(text, holes).strip().strip(".")
    value = re.sub(r"(?i)^(predict|say|answer|flag as|flag|it is|it's)\s+", "", value).strip()
    target = problem.target
    prefix = re.match(rf"(?i)^{re.escape(target)}\s*(=|==|is)\s*(.+)$", value)
    if prefix:
        value = prefix.group(2).strip()
    if problem.task == "regression":
        number = _number(value)
        if number is None:
            raise RuleError(f"'{value or '(nothing)'}' is not a number to predict for '{target}'.",
                            "End each clause with a number, e.g. 'then 250000', and add "
                            "'otherwise …' for the other rows.")
        return number
    if not value:
        if required:
            raise RuleError(f"A clause does not say which value of '{target}' it predicts.",
                            f"End it with 'then …', using one of: {', '.join(problem.classes)}.")
        return problem.positive_label
    for label in problem.classes:
        if value.lower() == label.lower():
            return label
    if problem.task == "binary":
        negative = next(c for c in problem.classes if c != problem.positive_label)
        stem = target.lower()[:5]
        word = value.lower()
        if word in ("flag", "positive", "true") or (len(stem) >= 4 and word.startswith(stem)):
            return problem.positive_label
        if re.match(r"^(not|no)\s+", word) and re.sub(r"^(not|no)\s+", "", word).startswith(stem):
            return negative
    raise RuleError(f"'{value}' is not a value of '{target}'.",
                    f"End with 'then' and one of: {', '.join(problem.classes)}.")


# --- small helpers -------------------------------------------------------------------------

def _unhide(text: str, holes: list[str]) -> str:
    return _HOLE_RE.sub(lambda m: holes[int(m.group(1))], text)


def _show(text: str, holes: list[str]) -> str:
    return _unhide(text, holes).strip()


def _split_list(value: str, holes: list[str]) -> list[str]:
    inner = value.strip().lstrip("([{").rstrip(")]}")
    return [_unhide(v, holes).strip() for v in inner.split(",") if v.strip()]


def _number(text: str) -> float | None:
    cleaned = re.sub(r"[\s_€$£%]", "", str(text)).replace(",", "")
    scale = 1.0
    if cleaned[-1:].lower() in ("k", "m") and _NUMBER_RE.match(cleaned[:-1] or "x"):
        scale = 1_000.0 if cleaned[-1].lower() == "k" else 1_000_000.0
        cleaned = cleaned[:-1]
    if not _NUMBER_RE.match(cleaned):
        return None
    return float(cleaned) * scale


def _to_dates(series: pd.Series) -> pd.Series:
    return as_dates(series)


def _example_number(series: pd.Series) -> str:
    median = float(series.median()) if series.notna().any() else 0.0
    return f"{median:g}"


def _first_value(series: pd.Series) -> str:
    values = series.dropna()
    return str(values.iloc[0]) if len(values) else "…"
