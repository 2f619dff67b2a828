"""The problem card: what to solve, the measurable goal, what to predict, the problem type.

The card travels inside the journey's ``fit_answers`` dict as ``frame_*`` entries (and in the
share link), so it is read back and trimmed here. Type names and examples are worded in
:mod:`mlpm.explain.fit`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemType:
    """A kind of ML problem and whether it learns from labels."""

    id: str
    supervised: bool


# Ranking and recommendation learn from past clicks, ratings or purchases: those are labels.
# Anomaly detection can use labels but usually starts without them.
PROBLEM_TYPES: tuple[ProblemType, ...] = (
    ProblemType("classification", True),
    ProblemType("regression", True),
    ProblemType("clustering", False),
    ProblemType("ranking", True),
    ProblemType("recommendation", True),
    ProblemType("anomaly_detection", False),
)
PROBLEM_TYPES_BY_ID: dict[str, ProblemType] = {t.id: t for t in PROBLEM_TYPES}

FRAME_PREFIX = "frame_"
FRAME_FIELDS: tuple[str, ...] = ("problem", "goal", "predict", "type")
MAX_FRAME_CHARS = 300
"""Longer framing text is cut, so share links stay a sensible length."""


@dataclass(frozen=True)
class FramingCard:
    """What to solve, how success is measured, what to predict, and the problem type."""

    problem: str = ""
    goal: str = ""
    predict: str = ""
    problem_type: str = ""

    @property
    def type(self) -> ProblemType | None:
        return PROBLEM_TYPES_BY_ID.get(self.problem_type)

    @property
    def supervised(self) -> bool | None:
        """True if it learns from labels, False if not, None when no type is chosen."""
        return self.type.supervised if self.type else None

    @property
    def is_empty(self) -> bool:
        return not (self.problem or self.goal or self.predict or self.type)

    def to_answers(self) -> dict[str, str]:
        """The card as ``frame_*`` entries for the journey's ``fit_answers`` dict."""
        values = (self.problem, self.goal, self.predict, self.problem_type)
        return {f"{FRAME_PREFIX}{name}": value
                for name, value in zip(FRAME_FIELDS, values, strict=True) if value}


def framing_from_answers(answers: Mapping[str, str]) -> FramingCard:
    """Read the card back from ``frame_*`` entries; unknown problem types are dropped."""

    def get(name: str) -> str:
        return " ".join(str(answers.get(f"{FRAME_PREFIX}{name}", "")).split())[:MAX_FRAME_CHARS]

    ptype = get("type")
    return FramingCard(get("problem"), get("goal"), get("predict"),
                       ptype if ptype in PROBLEM_TYPES_BY_ID else "")
