"""Should we use ML? Answers in, a verdict out, as facts: scores, directions and a verdict key.

Hard stops beat the score: some answers make the verdict "not_ml" ("Not an ML problem
(yet)") whatever else was said, and "simple rules already work" caps it at "rules_first".

Without a hard stop the verdict is read from shares of the best possible score: "not_ml"
when the answers lean against ML overall or the data is clearly not ready; "good_fit" when the
overall share, the problem part and data readiness are all high enough (see the thresholds
below); "rules_first" in between. The sentences that explain a verdict are written by
:mod:`mlpm.explain.fit_verdict` from these facts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mlpm.decide.questions import (
    HARD_STOPS,
    QUESTIONS,
    SECTIONS,
    STOP_QUESTIONS,
    HardStop,
    Question,
    clean_answers,
)

VERDICTS: tuple[str, ...] = ("good_fit", "rules_first", "not_ml")
LEANS: tuple[str, ...] = ("mostly_against", "data_not_ready", "problem_weak", "data_gaps",
                          "mixed")
"""Why a verdict without a hard stop is not "good_fit" (the first reason the PM reads)."""

GOOD_FIT_FROM = 0.5
"""Share of the best possible score (over answered questions) needed for "Good fit for ML"."""
PROBLEM_FIT_FROM = 0.4
"""The problem section alone must reach this share too: good data can't make ML needed."""
DATA_READY_FROM = 0.6
"""Data readiness must reach this share for a good fit; below zero it means "not yet".

Readiness counts the data questions without a hard stop (access, amount, quality, relevance,
freshness, coverage, bias): being allowed to use data says nothing about whether it is good.
"""
MIN_ANSWERED_SHARE = 0.6
"""Below this share of answered questions the verdict is provisional."""


@dataclass(frozen=True)
class QuestionScore:
    """One row of the score breakdown: a question, its answer and its points.

    ``direction`` is "for", "against", "neutral", "unsure" or "unanswered".
    """

    question_id: str
    section_id: str
    answer: str
    points: float
    best: float
    worst: float
    direction: str


@dataclass(frozen=True)
class SectionScore:
    """One section's total over the questions answered in it.

    ``warnings`` counts the answered questions that count against ML (in "Reasons not to
    use ML": the warning signs that apply).
    """

    section_id: str
    points: float
    best: float
    worst: float
    answered: int
    total: int
    direction: str
    warnings: int = 0

    @property
    def ratio(self) -> float | None:
        """Points as a share of the best possible; None when nothing is answered."""
        return self.points / self.best if self.answered and self.best else None


@dataclass(frozen=True)
class FitScore:
    """The verdict and the facts behind it.

    ``verdict`` is one of :data:`VERDICTS`; ``lean`` (one of :data:`LEANS`, or "") says why a
    verdict without a hard stop is not a good fit. ``pushed_for`` / ``pushed_against`` are the
    question ids that count for / against ML, strongest first (questions behind a hard stop are
    left out of ``pushed_against``: the stop explains them). ``points`` / ``best_possible`` sum
    over answered questions only, so skipping a question never counts as a "no".
    """

    verdict: str
    lean: str
    provisional: bool
    answered: int
    total_questions: int
    points: float
    best_possible: float
    sections: tuple[SectionScore, ...]
    questions: tuple[QuestionScore, ...]
    hard_stops: tuple[HardStop, ...]
    pushed_for: tuple[str, ...]
    pushed_against: tuple[str, ...]
    find_out: tuple[str, ...]
    missing_stop_questions: tuple[str, ...]

    @property
    def ratio(self) -> float:
        """Points as a share of the best possible over answered questions (0 if none)."""
        return self.points / self.best_possible if self.best_possible else 0.0

    @property
    def blocked(self) -> bool:
        """True when a hard stop rules ML out whatever the score."""
        return any(s.effect == "not_ml" for s in self.hard_stops)

    @property
    def skipped(self) -> int:
        """How many questions have no answer yet."""
        return self.total_questions - self.answered

    @property
    def points_by_question(self) -> dict[str, float]:
        return {q.question_id: q.points for q in self.questions if q.answer}

    @property
    def points_by_section(self) -> dict[str, float]:
        return {s.section_id: s.points for s in self.sections}


@dataclass(frozen=True)
class _Shares:
    """Points as shares of the best possible: overall, the problem part, data readiness."""

    overall: float
    problem: float | None
    data: float | None

    @property
    def good_fit(self) -> bool:
        return (self.overall >= GOOD_FIT_FROM and _reaches(self.problem, PROBLEM_FIT_FROM)
                and _reaches(self.data, DATA_READY_FROM))

    @property
    def why_not_good(self) -> str:
        if not _reaches(self.problem, PROBLEM_FIT_FROM):
            return "problem_weak"
        if not _reaches(self.data, DATA_READY_FROM):
            return "data_gaps"
        return "mixed"


def _reaches(share: float | None, threshold: float) -> bool:
    """A part with no answers (None) never holds the verdict back."""
    return share is None or share >= threshold


def _direction(answer: str, points: float) -> str:
    if not answer:
        return "unanswered"
    if answer == "not sure":
        return "unsure"
    return "for" if points > 0 else "against" if points < 0 else "neutral"


def _question_score(question: Question, answer: str) -> QuestionScore:
    points = question.points(answer) if answer else 0.0
    return QuestionScore(question.id, question.section, answer, points, question.best,
                         question.worst, _direction(answer, points))


def _section_score(section_id: str, rows: Sequence[QuestionScore]) -> SectionScore:
    mine = [r for r in rows if r.section_id == section_id]
    answered = [r for r in mine if r.answer]
    points = sum(r.points for r in answered)
    return SectionScore(section_id, points, sum(r.best for r in answered),
                        sum(r.worst for r in answered), len(answered), len(mine),
                        _direction("yes" if answered else "", points),
                        sum(r.direction == "against" for r in answered))


def _share(rows: Sequence[QuestionScore]) -> float | None:
    best = sum(r.best for r in rows)
    return sum(r.points for r in rows) / best if best else None


def _shares(answered: Sequence[QuestionScore], problem: SectionScore) -> _Shares:
    ready = [r for r in answered
             if r.section_id == "data" and r.question_id not in STOP_QUESTIONS]
    return _Shares(_share(answered) or 0.0, problem.ratio, _share(ready))


def _verdict(shares: _Shares, answered: bool, stops: Sequence[HardStop]) -> tuple[str, str]:
    """(verdict, lean): hard stops first, then the shares of the best possible score."""
    if any(s.effect == "not_ml" for s in stops):
        return "not_ml", ""
    if answered and shares.overall < 0:
        return "not_ml", "mostly_against"
    if shares.data is not None and shares.data < 0:
        return "not_ml", "data_not_ready"
    if any(s.effect == "rules_first" for s in stops):
        return "rules_first", ""
    if answered and shares.good_fit:
        return "good_fit", ""
    return "rules_first", shares.why_not_good if answered else ""


def _pushed(answered: Sequence[QuestionScore], stops: Sequence[HardStop]
            ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(for, against): question ids, strongest first; stopped questions are not "against"."""
    stopped = {s.question_id for s in stops}
    against = sorted((r for r in answered if r.direction == "against"
                      and r.question_id not in stopped), key=lambda r: r.points)
    pushed_for = sorted((r for r in answered if r.direction == "for"), key=lambda r: -r.points)
    return (tuple(r.question_id for r in pushed_for), tuple(r.question_id for r in against))


def _provisional(answered: int, missing_stops: Sequence[str], stops: Sequence[HardStop]
                 ) -> bool:
    """Too few answers, or an unanswered deal-breaker; never when a hard stop already decides."""
    if any(s.effect == "not_ml" for s in stops):
        return False
    return answered < MIN_ANSWERED_SHARE * len(QUESTIONS) or bool(missing_stops)


def score(answers: Mapping[str, str]) -> FitScore:
    """Turn questionnaire answers into a verdict and a per-question breakdown.

    Parameters
    ----------
    answers : mapping of question id to "yes", "partly", "no" or "not sure".
        Unknown ids and values (such as ``frame_*`` fields) are ignored, so the journey's
        whole ``fit_answers`` dict can be passed as is.

    >>> score({}).provisional
    True
    >>> score({"repeats": "no"}).verdict
    'not_ml'
    """
    given = clean_answers(answers)
    rows = tuple(_question_score(q, given.get(q.id, "")) for q in QUESTIONS)
    sections = tuple(_section_score(s, rows) for s in SECTIONS)
    answered = [r for r in rows if r.answer]
    stops = tuple(s for s in HARD_STOPS if given.get(s.question_id) == s.answer)
    verdict, lean = _verdict(_shares(answered, sections[SECTIONS.index("problem")]),
                             bool(answered), stops)
    pushed_for, pushed_against = _pushed(answered, stops)
    missing_stops = tuple(qid for qid in STOP_QUESTIONS if qid not in given)
    return FitScore(
        verdict=verdict, lean=lean,
        provisional=_provisional(len(answered), missing_stops, stops), answered=len(answered),
        total_questions=len(QUESTIONS), points=sum(r.points for r in answered),
        best_possible=sum(r.best for r in answered), sections=sections, questions=rows,
        hard_stops=stops, pushed_for=pushed_for, pushed_against=pushed_against,
        find_out=tuple(r.question_id for r in rows if r.answer == "not sure"),
        missing_stop_questions=missing_stops)
