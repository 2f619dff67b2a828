"""The "Should we use ML?" questions as data: ids, sections, weights and hard stops.

Only structure lives here, so the verdict can be computed, tested and shared without any
wording; every sentence a PM reads about a question is in :mod:`mlpm.explain.fit`, keyed by
the same ids.

How a question scores: the answer that favours ML earns ``+weight``, the other one costs
``-weight``, "partly" sits halfway and "not sure" costs a quarter of the weight (neutral to
slightly negative, and it goes on the "find out" list). "Reasons not to use ML" questions
earn only ``+weight/2`` when answered "no": the absence of a warning sign is good, but weaker
evidence than a real reason for ML. Nice-to-have questions (``soft``: personalization, real
time) cost nothing when answered "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ANSWERS: tuple[str, ...] = ("yes", "partly", "no", "not sure")
SECTIONS: tuple[str, ...] = ("problem", "against", "data")
"""The three parts of the questionnaire, in display order."""
NOT_SURE_SHARE = 0.25


@dataclass(frozen=True)
class Question:
    """One question: its part, the answer that favours ML and how much it weighs."""

    id: str
    section: str
    favours: str = "yes"
    weight: float = 1.0
    soft: bool = False

    def points(self, answer: str) -> float:
        """Points this answer adds for ML (negative: against ML); 0 for no answer."""
        w = self.weight
        if answer == "not sure":
            return -NOT_SURE_SHARE * w
        if answer == "partly":
            return w / 2 if self.favours == "yes" else -w / 2
        if answer == self.favours:
            return w if self.favours == "yes" else w / 2
        if answer in ("yes", "no"):
            return 0.0 if self.soft else -w
        return 0.0

    @property
    def best(self) -> float:
        """The most this question can add for ML."""
        return self.points(self.favours)

    @property
    def worst(self) -> float:
        """The most this question can count against ML."""
        return min(self.points(a) for a in ANSWERS)


@dataclass(frozen=True)
class HardStop:
    """An answer that overrides the score.

    ``effect`` is the best verdict still possible: "not_ml" or "rules_first".
    """

    id: str
    question_id: str
    answer: str
    effect: str = "not_ml"


QUESTIONS: tuple[Question, ...] = (
    Question("complex_logic", "problem", weight=2),
    Question("scales", "problem"),
    Question("personalization", "problem", soft=True),
    Question("real_time", "problem", soft=True),
    Question("labels", "problem", weight=2),
    Question("repeats", "problem", weight=2),
    Question("simple_rules", "against", favours="no", weight=2),
    Question("static", "against", favours="no"),
    Question("perfect_accuracy", "against", favours="no", weight=2),
    Question("full_explain", "against", favours="no", weight=2),
    Question("data_available", "data", weight=2),
    Question("data_enough", "data"),
    Question("data_quality", "data"),
    Question("data_relevant", "data"),
    Question("data_fresh", "data"),
    Question("data_representative", "data"),
    Question("data_unbiased", "data"),
    Question("data_permitted", "data"),
    Question("data_fair", "data"),
)
QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}

HARD_STOPS: tuple[HardStop, ...] = (
    HardStop("needs_100_percent", "perfect_accuracy", "yes"),
    HardStop("needs_full_explanation", "full_explain", "yes"),
    HardStop("data_not_allowed", "data_permitted", "no"),
    HardStop("discriminates", "data_fair", "no"),
    HardStop("one_off", "repeats", "no"),
    HardStop("no_labels", "labels", "no"),
    HardStop("rules_work", "simple_rules", "yes", effect="rules_first"),
)
STOP_QUESTIONS: tuple[str, ...] = tuple(dict.fromkeys(s.question_id for s in HARD_STOPS))


def questions_in(section_id: str) -> tuple[Question, ...]:
    """The questions of one section, in display order."""
    return tuple(q for q in QUESTIONS if q.section == section_id)


def clean_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Only known question ids with valid answers; everything else (e.g. frame_*) is dropped."""
    out: dict[str, str] = {}
    for qid, answer in answers.items():
        value = str(answer).strip().lower()
        if qid in QUESTIONS_BY_ID and value in ANSWERS:
            out[qid] = value
    return out
