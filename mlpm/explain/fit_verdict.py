"""The "Should we use ML?" verdict in words: the score's facts plus the sentences a PM reads.

:func:`mlpm.decide.scoring.score` returns facts (a verdict key, points, which answers pushed
which way); this module turns them into the label, summary, next step, top reasons and "what
would change the verdict", all worded in :mod:`mlpm.explain.fit`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from mlpm.decide.scoring import FitScore, score
from mlpm.explain import fit as text

MAX_REASONS = 4
MAX_IMPROVE = 3
LEAN_REASONS: dict[str, str] = {
    "mostly_against": text.REASON_MOSTLY_AGAINST,
    "data_not_ready": text.REASON_DATA_NOT_READY,
    "problem_weak": text.REASON_PROBLEM_WEAK,
    "data_gaps": text.REASON_DATA_GAPS,
    "mixed": text.REASON_MIXED,
}


@dataclass(frozen=True)
class FitVerdict(FitScore):
    """A :class:`~mlpm.decide.scoring.FitScore` with its sentences: what the page shows."""

    label: str
    summary: str
    next_step: str
    reasons: tuple[str, ...]
    what_would_change: tuple[str, ...]


def reasons(facts: FitScore) -> tuple[str, ...]:
    """The top reasons: for a good fit what counts for ML, otherwise what holds it back."""
    if facts.verdict == "good_fit":
        found = [text.QUESTIONS[qid].for_ml for qid in facts.pushed_for]
    else:
        lean = [LEAN_REASONS[facts.lean]] if facts.lean else []
        found = lean + [text.QUESTIONS[qid].against_ml for qid in facts.pushed_against]
    return tuple(found[:MAX_REASONS])


def what_would_change(facts: FitScore) -> tuple[str, ...]:
    """What would lift a hard stop, improve an answer, or settle a "not sure"."""
    change = [text.HARD_STOPS[s.id].fix for s in facts.hard_stops]
    if facts.verdict == "good_fit":
        change.append(text.CHANGE_GOOD_FIT)
    change += [text.QUESTIONS[qid].improve for qid in facts.pushed_against[:MAX_IMPROVE]]
    change += [text.find_out_sentence(text.QUESTIONS[qid].short, text.QUESTIONS[qid].find_out)
               for qid in facts.find_out]
    if facts.skipped and not facts.blocked:
        change.append(text.change_answer_rest(facts.skipped))
    return tuple(change)


def describe(facts: FitScore) -> FitVerdict:
    """The score's facts with their sentences."""
    words = text.VERDICTS[facts.verdict]
    return FitVerdict(**{f.name: getattr(facts, f.name) for f in fields(FitScore)},
                      label=words.label, summary=words.summary, next_step=words.next_step,
                      reasons=reasons(facts), what_would_change=what_would_change(facts))


def verdict_for(answers: Mapping[str, str]) -> FitVerdict:
    """Score the answers and word the verdict.

    >>> verdict_for({"repeats": "no"}).label
    'Not an ML problem (yet)'
    """
    return describe(score(answers))
