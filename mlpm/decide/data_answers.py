"""Data says vs you said: the data review's readiness lights beside the data answers.

When a dataset is loaded, :func:`compare_with_data` puts the data review's readiness lights
(``mlpm.data.readiness``) beside the data answers: agree, differs (one step off), contradiction
(opposite), open (no answer yet, the data has one) or no evidence. It never changes the score:
the data can't see consent, past decisions or users who are missing from it. The notes under
each question are worded by :func:`mlpm.explain.fit.data_check_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from mlpm.decide.questions import ANSWERS, clean_answers


class EvidenceItem(Protocol):
    """What the data review measured for one question (``mlpm.data.readiness.ReadinessItem``).

    ``status`` is "good", "warn", "bad" or "unknown"; ``headline`` is one plain sentence with
    the measured figure; ``evidence`` holds the numbers behind it.
    """

    key: str
    status: str
    headline: str
    evidence: Mapping[str, object]


@dataclass(frozen=True)
class DataLink:
    """Which data-review measure speaks to which data question.

    ``detects_only``: the measure can show a problem but can't prove there is none. A scan
    that finds no emails doesn't prove consent; a balanced table doesn't prove fair past
    decisions; groups missing from the table can't be seen in it.
    """

    question_id: str
    item_key: str
    detects_only: bool = False


DATA_LINKS: tuple[DataLink, ...] = (
    DataLink("data_enough", "sufficient"),
    DataLink("data_quality", "quality"),
    DataLink("data_fresh", "fresh"),
    DataLink("data_representative", "representative", detects_only=True),
    DataLink("data_unbiased", "unbiased", detects_only=True),
    DataLink("data_permitted", "private", detects_only=True),
)
DATA_LINKS_BY_QUESTION: dict[str, DataLink] = {link.question_id: link for link in DATA_LINKS}
DATA_OUTCOMES: tuple[str, ...] = ("agree", "differs", "contradiction", "open", "no_evidence")
"""How an answer compares with the data: it matches; it is one step off (yes vs partly);
it is the opposite (yes vs no); there is no answer yet (or "not sure") but the data has one;
the data can't tell."""

_STATUS_ANSWER: dict[str, str] = {"good": "yes", "warn": "partly", "bad": "no"}
_STEP: dict[str, int] = {"yes": 0, "partly": 1, "no": 2}


@dataclass(frozen=True)
class DataCheck:
    """One data question: the PM's answer beside what the data review measured."""

    question_id: str
    item_key: str
    answer: str
    status: str
    headline: str
    evidence: Mapping[str, object]
    suggested: str
    outcome: str
    detects_only: bool = False

    @property
    def conflict(self) -> bool:
        """True when the data disagrees with the answer (a little or fully)."""
        return self.outcome in ("differs", "contradiction")


def _outcome(answer: str, status: str, detects_only: bool) -> tuple[str, str]:
    """(outcome, suggested answer) for one answer and one readiness status."""
    if status not in _STATUS_ANSWER:
        return "no_evidence", ""
    suggested = "" if detects_only and status == "good" else _STATUS_ANSWER[status]
    if answer not in _STEP:  # unanswered or "not sure": the data can help
        return "open", suggested
    if not suggested:  # "no problem found" can't contradict a partly or no
        return ("agree" if answer == "yes" else "no_evidence"), ""
    if detects_only and answer == "no":  # a problem found agrees with the PM's "no"
        return "agree", suggested
    gap = abs(_STEP[answer] - _STEP[suggested])
    return ("agree", "differs", "contradiction")[gap], suggested


def check_answer(question_id: str, answer: str, item: EvidenceItem) -> DataCheck:
    """Compare one data question's answer with the data review's measure of it.

    >>> from types import SimpleNamespace as Item
    >>> check_answer("data_enough", "yes", Item(key="sufficient", status="bad",
    ...              headline="40 rows at the smallest class.", evidence={})).outcome
    'contradiction'
    """
    link = DATA_LINKS_BY_QUESTION[question_id]
    answer = answer if answer in ANSWERS else ""
    outcome, suggested = _outcome(answer, str(item.status), link.detects_only)
    return DataCheck(question_id, link.item_key, answer, str(item.status), str(item.headline),
                     dict(item.evidence or {}), suggested, outcome, link.detects_only)


@dataclass(frozen=True)
class DataComparison:
    """Every data question that the data review can speak to, for one loaded dataset."""

    dataset: str
    rows: int
    version: str
    target: str | None
    checks: tuple[DataCheck, ...] = field(default=())
    cleaning_steps: int = 0
    """Cleaning steps behind the reviewed table: its measures are "after cleaning"."""

    def check(self, question_id: str) -> DataCheck | None:
        """The check for one question, or None when the review has no measure for it."""
        return next((c for c in self.checks if c.question_id == question_id), None)

    @property
    def contradictions(self) -> tuple[DataCheck, ...]:
        return tuple(c for c in self.checks if c.outcome == "contradiction")

    @property
    def differences(self) -> tuple[DataCheck, ...]:
        return tuple(c for c in self.checks if c.outcome == "differs")


def compare_with_data(answers: Mapping[str, str], items: Mapping[str, EvidenceItem], *,
                      dataset: str = "", rows: int = 0, version: str = "",
                      target: str | None = None, cleaning_steps: int = 0) -> DataComparison:
    """Put each data question's answer beside the data review's measure (``Readiness.items``).

    ``items`` are the Data review's own lights (``QualityReport.readiness``), so the two pages
    say the same; ``cleaning_steps`` > 0 says they describe the table after cleaning.

    Questions without a measure in ``items`` are left out. The score is not changed: the
    data can't see consent, past decisions or users who are missing, so it informs the PM
    instead of overruling them.
    """
    given = clean_answers(answers)
    checks = tuple(check_answer(link.question_id, given.get(link.question_id, ""),
                                items[link.item_key])
                   for link in DATA_LINKS if link.item_key in items)
    return DataComparison(dataset, rows, version, target, checks, cleaning_steps)
