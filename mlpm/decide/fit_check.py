"""Should we use ML? The questionnaire, its scoring, problem framing and practice cases.

Everything here is pure Python so the verdict can be tested, scripted and shared without a UI.
The wording lives in :mod:`mlpm.explain.fit`; this module holds only structure and weights.

How the score works
-------------------
Each question has a weight (1 or 2) and an answer that favours ML. The favoured answer earns
``+weight``, the other one costs ``-weight``, "partly" sits halfway and "not sure" costs a
quarter of the weight (neutral to slightly negative, and it goes on the "find out" list).
"Reasons not to use ML" questions earn only ``+weight/2`` when answered "no": the absence of a
warning sign is good, but weaker evidence than a real reason for ML. Nice-to-have questions
(personalization, real time) cost nothing when answered "no".

Hard stops beat the score: some answers make the verdict "Not an ML problem (yet)" whatever
else was said, and "simple rules already work" caps it at "Try simple rules first".

Without a hard stop the verdict is read from shares of the best possible score:
"Not an ML problem (yet)" when the answers lean against ML overall or the data is clearly not
ready; "Good fit for ML" when the overall share, the problem part and data readiness are all
high enough (see the thresholds below); "Try simple rules first" in between.

Data says vs you said
---------------------
When a dataset is loaded, :func:`compare_with_data` puts the data review's readiness lights
(``mlpm.data.readiness``) beside the data answers: agree, differs (one step off), contradiction
(opposite), open (no answer yet, the data has one) or no evidence. It never changes the score:
the data can't see consent, past decisions or users who are missing from it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from mlpm.explain import fit as text
from mlpm.explain.safe import md, plain

ANSWERS: tuple[str, ...] = ("yes", "partly", "no", "not sure")
VERDICTS: tuple[str, ...] = ("good_fit", "rules_first", "not_ml")

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
NOT_SURE_SHARE = 0.25
MAX_REASONS = 4
MAX_IMPROVE = 3


# --- questions ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """A group of questions shown together."""

    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Question:
    """One question, with the answer that favours ML and how much it weighs."""

    id: str
    section: str
    favours: str
    weight: float
    soft: bool
    text: str
    short: str
    why: str
    example: str
    for_ml: str
    against_ml: str
    improve: str
    find_out: str

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
    effect: str
    title: str
    why: str
    fix: str


def _section(section_id: str) -> Section:
    t = text.SECTIONS[section_id]
    return Section(section_id, t.title, t.intro)


def _question(qid: str, section: str, *, favours: str = "yes", weight: float = 1.0,
              soft: bool = False) -> Question:
    t = text.QUESTIONS[qid]
    return Question(qid, section, favours, weight, soft, t.text, t.short, t.why, t.example,
                    t.for_ml, t.against_ml, t.improve, t.find_out)


def _stop(stop_id: str, question_id: str, answer: str, effect: str = "not_ml") -> HardStop:
    t = text.HARD_STOPS[stop_id]
    return HardStop(stop_id, question_id, answer, effect, t.title, t.why, t.fix)


SECTIONS: tuple[Section, ...] = tuple(_section(s) for s in ("problem", "against", "data"))

QUESTIONS: tuple[Question, ...] = (
    _question("complex_logic", "problem", weight=2),
    _question("scales", "problem"),
    _question("personalization", "problem", soft=True),
    _question("real_time", "problem", soft=True),
    _question("labels", "problem", weight=2),
    _question("repeats", "problem", weight=2),
    _question("simple_rules", "against", favours="no", weight=2),
    _question("static", "against", favours="no"),
    _question("perfect_accuracy", "against", favours="no", weight=2),
    _question("full_explain", "against", favours="no", weight=2),
    _question("data_available", "data", weight=2),
    _question("data_enough", "data"),
    _question("data_quality", "data"),
    _question("data_relevant", "data"),
    _question("data_fresh", "data"),
    _question("data_representative", "data"),
    _question("data_unbiased", "data"),
    _question("data_permitted", "data"),
    _question("data_fair", "data"),
)
QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}

HARD_STOPS: tuple[HardStop, ...] = (
    _stop("needs_100_percent", "perfect_accuracy", "yes"),
    _stop("needs_full_explanation", "full_explain", "yes"),
    _stop("data_not_allowed", "data_permitted", "no"),
    _stop("discriminates", "data_fair", "no"),
    _stop("one_off", "repeats", "no"),
    _stop("no_labels", "labels", "no"),
    _stop("rules_work", "simple_rules", "yes", effect="rules_first"),
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


# --- the verdict -------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionScore:
    """One row of the score breakdown: a question, its answer and its points.

    ``direction`` is "for", "against", "neutral", "unsure" or "unanswered".
    """

    question_id: str
    section_id: str
    section_title: str
    short: str
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
    title: str
    points: float
    best: float
    worst: float
    answered: int
    total: int
    direction: str
    warnings: int = 0

    @property
    def sentence(self) -> str:
        """What this part's score means, in plain words."""
        return text.section_sentence(self.points, self.best, self.answered, self.total,
                                     section_id=self.section_id, warnings=self.warnings)

    @property
    def ratio(self) -> float | None:
        """Points as a share of the best possible; None when nothing is answered."""
        return self.points / self.best if self.answered and self.best else None


@dataclass(frozen=True)
class FitVerdict:
    """The verdict with everything needed to explain it.

    ``verdict`` is one of :data:`VERDICTS`; ``label`` is what the PM reads.
    ``points`` / ``best_possible`` sum over answered questions only, so skipping a
    question never counts as a "no".
    """

    verdict: str
    label: str
    summary: str
    next_step: str
    provisional: bool
    answered: int
    total_questions: int
    points: float
    best_possible: float
    sections: tuple[SectionScore, ...]
    questions: tuple[QuestionScore, ...]
    reasons: tuple[str, ...]
    hard_stops: tuple[HardStop, ...]
    what_would_change: tuple[str, ...]
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
    def points_by_question(self) -> dict[str, float]:
        return {q.question_id: q.points for q in self.questions if q.answer}

    @property
    def points_by_section(self) -> dict[str, float]:
        return {s.section_id: s.points for s in self.sections}


def _direction(answer: str, points: float) -> str:
    if not answer:
        return "unanswered"
    if answer == "not sure":
        return "unsure"
    return "for" if points > 0 else "against" if points < 0 else "neutral"


def _section_score(section: Section, rows: list[QuestionScore]) -> SectionScore:
    answered = [r for r in rows if r.answer]
    points = sum(r.points for r in answered)
    return SectionScore(section.id, section.title, points, sum(r.best for r in answered),
                        sum(r.worst for r in answered), len(answered), len(rows),
                        _direction("yes" if answered else "", points),
                        sum(r.direction == "against" for r in answered))


def score(answers: Mapping[str, str]) -> FitVerdict:
    """Turn questionnaire answers into a verdict, reasons and a per-question breakdown.

    Parameters
    ----------
    answers : mapping of question id to "yes", "partly", "no" or "not sure".
        Unknown ids and values (such as ``frame_*`` fields) are ignored, so the journey's
        whole ``fit_answers`` dict can be passed as is.

    >>> score({}).provisional
    True
    >>> score({"repeats": "no"}).label
    'Not an ML problem (yet)'
    """
    given = clean_answers(answers)
    rows: list[QuestionScore] = []
    section_titles = {s.id: s.title for s in SECTIONS}
    for q in QUESTIONS:
        answer = given.get(q.id, "")
        points = q.points(answer) if answer else 0.0
        rows.append(QuestionScore(q.id, q.section, section_titles[q.section], q.short, answer,
                                  points, q.best, q.worst, _direction(answer, points)))
    sections = tuple(_section_score(s, [r for r in rows if r.section_id == s.id])
                     for s in SECTIONS)
    by_section = {s.section_id: s for s in sections}
    answered_rows = [r for r in rows if r.answer]
    points = sum(r.points for r in answered_rows)
    best = sum(r.best for r in answered_rows)
    ratio = points / best if best else 0.0

    stops = tuple(s for s in HARD_STOPS if given.get(s.question_id) == s.answer)
    blocking = [s for s in stops if s.effect == "not_ml"]
    capped = any(s.effect == "rules_first" for s in stops)
    problem_ratio = by_section["problem"].ratio
    ready_rows = [r for r in answered_rows
                  if r.section_id == "data" and r.question_id not in STOP_QUESTIONS]
    ready_best = sum(r.best for r in ready_rows)
    data_ratio = sum(r.points for r in ready_rows) / ready_best if ready_best else None

    special: list[str] = []
    if blocking:
        verdict = "not_ml"
    elif answered_rows and ratio < 0:
        verdict = "not_ml"
        special.append(text.REASON_MOSTLY_AGAINST)
    elif data_ratio is not None and data_ratio < 0:
        verdict = "not_ml"
        special.append(text.REASON_DATA_NOT_READY)
    elif capped:
        verdict = "rules_first"
    elif (answered_rows and ratio >= GOOD_FIT_FROM
          and (problem_ratio is None or problem_ratio >= PROBLEM_FIT_FROM)
          and (data_ratio is None or data_ratio >= DATA_READY_FROM)):
        verdict = "good_fit"
    else:
        verdict = "rules_first"
        if answered_rows:
            if problem_ratio is not None and problem_ratio < PROBLEM_FIT_FROM:
                special.append(text.REASON_PROBLEM_WEAK)
            elif data_ratio is not None and data_ratio < DATA_READY_FROM:
                special.append(text.REASON_DATA_GAPS)
            else:
                special.append(text.REASON_MIXED)

    stopped_questions = {s.question_id for s in stops}
    negatives = sorted((r for r in answered_rows if r.direction == "against"
                        and r.question_id not in stopped_questions), key=lambda r: r.points)
    positives = sorted((r for r in answered_rows if r.direction == "for"),
                       key=lambda r: -r.points)
    if verdict == "good_fit":
        reasons = [QUESTIONS_BY_ID[r.question_id].for_ml for r in positives]
    else:
        reasons = special + [QUESTIONS_BY_ID[r.question_id].against_ml for r in negatives]
    reasons = reasons[:MAX_REASONS]

    unsure = tuple(r.question_id for r in rows if r.answer == "not sure")
    missing_stops = tuple(qid for qid in STOP_QUESTIONS if qid not in given)
    provisional = not blocking and (len(answered_rows) < MIN_ANSWERED_SHARE * len(QUESTIONS)
                                    or bool(missing_stops))

    change: list[str] = [s.fix for s in stops]
    if verdict == "good_fit":
        change.append(text.CHANGE_GOOD_FIT)
    change += [QUESTIONS_BY_ID[r.question_id].improve for r in negatives[:MAX_IMPROVE]]
    change += [text.find_out_sentence(QUESTIONS_BY_ID[qid].short, QUESTIONS_BY_ID[qid].find_out)
               for qid in unsure]
    skipped = len(QUESTIONS) - len(answered_rows)
    if skipped and not blocking:
        change.append(text.change_answer_rest(skipped))

    words = text.VERDICTS[verdict]
    return FitVerdict(
        verdict=verdict, label=words.label, summary=words.summary, next_step=words.next_step,
        provisional=provisional, answered=len(answered_rows), total_questions=len(QUESTIONS),
        points=points, best_possible=best, sections=sections, questions=tuple(rows),
        reasons=tuple(reasons), hard_stops=stops, what_would_change=tuple(change),
        find_out=unsure, missing_stop_questions=missing_stops)


# --- framing -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ProblemType:
    """A kind of ML problem, whether it needs labels, and a plain example."""

    id: str
    name: str
    what: str
    example: str
    supervised: bool

    @property
    def learning(self) -> str:
        """Whether it learns from labels, in plain words."""
        return text.SUPERVISED_TEXT if self.supervised else text.UNSUPERVISED_TEXT


def _ptype(type_id: str, supervised: bool) -> ProblemType:
    t = text.PROBLEM_TYPES[type_id]
    return ProblemType(type_id, t.name, t.what, t.example, supervised)


# Ranking and recommendation learn from past clicks, ratings or purchases: those are labels.
# Anomaly detection can use labels but usually starts without them.
PROBLEM_TYPES: tuple[ProblemType, ...] = (
    _ptype("classification", True),
    _ptype("regression", True),
    _ptype("clustering", False),
    _ptype("ranking", True),
    _ptype("recommendation", True),
    _ptype("anomaly_detection", False),
)
PROBLEM_TYPES_BY_ID: dict[str, ProblemType] = {t.id: t for t in PROBLEM_TYPES}


@dataclass(frozen=True)
class Role:
    """Someone the project needs, and why."""

    id: str
    title: str
    why: str


ROLES: tuple[Role, ...] = tuple(Role(k, v.title, v.why) for k, v in text.ROLES.items())

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

    @property
    def roles(self) -> tuple[Role, ...]:
        return ROLES

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


# --- practice cases ----------------------------------------------------------------------

@dataclass(frozen=True)
class PracticeCase:
    """A real-world situation, whether ML fits it, and the question (criterion) it teaches."""

    id: str
    title: str
    situation: str
    fits: bool
    criterion: str
    reasoning: str

    @property
    def criterion_label(self) -> str:
        return QUESTIONS_BY_ID[self.criterion].short


def _case(case_id: str, fits: bool, criterion: str) -> PracticeCase:
    t = text.CASES[case_id]
    return PracticeCase(case_id, t.title, t.situation, fits, criterion, t.reasoning)


PRACTICE_CASES: tuple[PracticeCase, ...] = (
    _case("copyright_apparel", False, "perfect_accuracy"),
    _case("resume_priority", False, "data_unbiased"),
    _case("ethnic_products", False, "data_fair"),
    _case("seller_revenue", True, "complex_logic"),
    _case("headquarters", False, "repeats"),
    _case("grocery_search", True, "scales"),
    _case("streaming_homepage", True, "personalization"),
    _case("card_fraud", True, "real_time"),
    _case("ticket_routing", True, "labels"),
    _case("free_shipping", False, "simple_rules"),
    _case("country_codes", False, "static"),
    _case("loan_reasons", False, "full_explain"),
    _case("partner_traffic", False, "data_available"),
    _case("new_product_churn", False, "data_enough"),
    _case("demand_forecast", True, "data_enough"),
    _case("delivery_times", False, "data_quality"),
    _case("trial_upgrades", True, "data_relevant"),
    _case("travel_bookings", False, "data_fresh"),
    _case("voice_accents", False, "data_representative"),
    _case("private_messages", False, "data_permitted"),
)
PRACTICE_CASES_BY_ID: dict[str, PracticeCase] = {c.id: c for c in PRACTICE_CASES}


def quiz_tally(choices: Mapping[str, bool]) -> tuple[int, int]:
    """(right, answered) for the PM's practice answers: case id -> "ML fits?" choice."""
    answered = [(cid, fits) for cid, fits in choices.items() if cid in PRACTICE_CASES_BY_ID]
    right = sum(PRACTICE_CASES_BY_ID[cid].fits == fits for cid, fits in answered)
    return right, len(answered)


# --- data says vs you said ----------------------------------------------------------------

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
    short: str
    item_key: str
    answer: str
    status: str
    headline: str
    evidence: Mapping[str, object]
    suggested: str
    outcome: str
    sentence: str
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
    labels = text.ANSWER_LABELS
    sentence = text.data_check_sentence(outcome, labels.get(answer, ""),
                                        labels.get(suggested, ""),
                                        detects_only=link.detects_only)
    return DataCheck(question_id, QUESTIONS_BY_ID[question_id].short, link.item_key, answer,
                     str(item.status), str(item.headline), dict(item.evidence or {}), suggested,
                     outcome, sentence, link.detects_only)


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


# --- sharing: URL query params -----------------------------------------------------------

QUERY_ANSWERS = "fit"
QUERY_FRAME: dict[str, str] = {"problem": "fp", "goal": "fg", "predict": "fw", "type": "ft"}
QUERY_KEYS: tuple[str, ...] = (QUERY_ANSWERS, *QUERY_FRAME.values())
_CODE_VERSION = "1"
_CODES: dict[str, str] = {"yes": "y", "partly": "p", "no": "n", "not sure": "u"}
_FROM_CODE: dict[str, str] = {v: k for k, v in _CODES.items()}
_BLANK = "-"


def encode_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Answers and framing as short query params, so a link restores the whole step.

    ``fit`` holds a version digit and then one letter per question in :data:`QUESTIONS`
    order: y(es), p(artly), n(o), u (not sure), ``-`` (unanswered); trailing blanks are cut.
    Framing text goes to ``fp`` (problem), ``fg`` (goal), ``fw`` (what to predict) and
    ``ft`` (problem type id). Empty values are left out.

    >>> encode_answers({"complex_logic": "yes", "labels": "not sure"})
    {'fit': '1y---u'}
    """
    given = clean_answers(answers)
    code = "".join(_CODES.get(given.get(q.id, ""), _BLANK) for q in QUESTIONS).rstrip(_BLANK)
    params: dict[str, str] = {}
    if code:
        params[QUERY_ANSWERS] = _CODE_VERSION + code
    card = framing_from_answers(answers)
    for name, value in zip(FRAME_FIELDS, (card.problem, card.goal, card.predict,
                                          card.problem_type), strict=True):
        if value:
            params[QUERY_FRAME[name]] = value
    return params


def _last(value: str | Iterable[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    items = list(value)
    return str(items[-1]) if items else ""


def decode_answers(params: Mapping[str, str | Iterable[str]]) -> dict[str, str]:
    """Read answers and ``frame_*`` fields back from query params; bad input is ignored.

    >>> decode_answers({"fit": "1y---u"})
    {'complex_logic': 'yes', 'labels': 'not sure'}
    """
    out: dict[str, str] = {}
    code = _last(params.get(QUERY_ANSWERS)).strip()
    if code.startswith(_CODE_VERSION):
        for q, letter in zip(QUESTIONS, code[len(_CODE_VERSION):], strict=False):
            answer = _FROM_CODE.get(letter.lower())
            if answer:
                out[q.id] = answer
    raw = {f"{FRAME_PREFIX}{name}": _last(params.get(key)) for name, key in QUERY_FRAME.items()}
    out.update(framing_from_answers(raw).to_answers())
    return out


# --- the brief ---------------------------------------------------------------------------

BRIEF_TITLE = text.BRIEF_TITLE


def _md(value: str) -> str:
    """User text on one line, with Markdown's special characters made harmless."""
    return md(" ".join(value.split()))


def _answer_label(answer: str) -> str:
    return text.ANSWER_LABELS.get(answer, text.UNANSWERED)


def _card_lines(card: FramingCard) -> list[tuple[str, str]]:
    ptype = card.type
    type_line = (f"{ptype.name}: {ptype.what} Example: {ptype.example} {ptype.learning}"
                 if ptype else "")
    labels = text.CARD_LABELS
    return [(labels["problem"], card.problem), (labels["goal"], card.goal),
            (labels["predict"], card.predict), (labels["type"], type_line)]


def _pts(points: float) -> str:
    """Signed points for a table; plain 0 for no effect."""
    return f"{points:+g}" if points else "0"


def _data_summary(data: DataComparison | None) -> list[str]:
    """Sentences for the verdict box when the data disagrees with some answers."""
    if data is None:
        return []
    out = []
    if data.contradictions:
        out.append(text.contradictions_sentence([c.short for c in data.contradictions]))
    if data.differences:
        out.append(text.differences_sentence([c.short for c in data.differences]))
    return out


class PilotLines(Protocol):
    """The pilot plan as the brief shows it (a pack item: headline and Markdown points)."""

    headline: str
    points: tuple[str, ...]


PILOT_HEADING = "Pilot plan"


def brief_markdown(answers: Mapping[str, str], *, verdict: FitVerdict | None = None,
                   card: FramingCard | None = None, data: DataComparison | None = None,
                   pilot: PilotLines | None = None) -> str:
    """A one-page brief in Markdown, to paste into a doc or a ticket.

    ``verdict`` and ``card`` are computed from ``answers`` when not given; ``data`` (from
    :func:`compare_with_data`) adds what the data review measured beside the answers;
    ``pilot`` (the pack's "Pilot plan" item, issue 17) the A/B test planned to prove it.
    """
    verdict = verdict or score(answers)
    card = card or framing_from_answers(answers)
    given = clean_answers(answers)
    lines = [f"# {BRIEF_TITLE}", "", f"**Verdict: {verdict.label}**", "", verdict.summary]
    if verdict.provisional:
        lines += ["", "_" + text.provisional_sentence(
            verdict.answered, verdict.total_questions,
            [QUESTIONS_BY_ID[q].short for q in verdict.missing_stop_questions]) + "_"]
    lines += [line for sentence in _data_summary(data) for line in ("", f"**{sentence}**")]
    lines += ["", text.score_sentence(verdict.points, verdict.best_possible),
              "", verdict.next_step, "", f"## {text.CARD_HEADING}", ""]
    for label, value in _card_lines(card):
        lines.append(f"- **{label}:** {_md(value) if value else '_' + text.NOT_FILLED + '_'}")
    lines += ["", f"**{text.PEOPLE_HEADING}**", ""]
    lines += [f"- **{r.title}**: {r.why}" for r in card.roles]
    if verdict.hard_stops:
        lines += ["", f"## {text.HARD_STOPS_HEADING}", "", text.HARD_STOPS_NOTE, ""]
        lines += [f"- **{s.title}**: {s.why}" for s in verdict.hard_stops]
    if verdict.reasons:
        lines += ["", f"## {text.REASONS_HEADING}", ""]
        lines += [f"- {r}" for r in verdict.reasons]
    if verdict.what_would_change:
        lines += ["", f"## {text.CHANGE_HEADING}", ""]
        lines += [f"- {c}" for c in verdict.what_would_change]
    if data is not None and data.checks:
        lines += ["", f"## {text.DATA_BRIEF_HEADING}", "",
                  text.data_brief_intro(data.dataset, data.rows, data.version,
                                        data.target, cleaning_steps=data.cleaning_steps), "",
                  "| " + " | ".join(text.DATA_BRIEF_COLUMNS) + " |", "|---|---|---|---|"]
        for check in data.checks:
            lines.append(f"| {check.short} | {_answer_label(check.answer)} | "
                         f"{check.headline} | "
                         f"{text.DATA_OUTCOME_LABELS[check.outcome]} |")
    if pilot is not None:
        lines += ["", f"## {PILOT_HEADING}", "", f"**{pilot.headline}**", ""]
        lines += [f"- {point}" for point in pilot.points]
    lines += ["", f"## {text.BRIEF_ANSWERS}", ""]
    for section in verdict.sections:
        lines += [f"### {section.title}", "", section.sentence, "",
                  "| " + " | ".join(text.BRIEF_COLUMNS) + " |", "|---|---|---:|"]
        for row in verdict.questions:
            if row.section_id == section.section_id:
                q = QUESTIONS_BY_ID[row.question_id]
                pts = _pts(row.points) if row.answer else ""
                lines.append(f"| {q.text} | {_answer_label(given.get(q.id, ''))} | {pts} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;
max-width:820px;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.6rem;
border-bottom:1px solid #dee2e6;padding-bottom:.2rem}h3{font-size:1rem;margin-bottom:.2rem}
.verdict{border-radius:8px;padding:.8rem 1rem;margin:1rem 0;border-left:6px solid}
.good_fit{background:#ebfbee;border-color:#2f9e44}.rules_first{background:#fff9db;
border-color:#f08c00}.not_ml{background:#fff5f5;border-color:#e03131}
.verdict strong{font-size:1.2rem}.muted{color:#6c757d;font-size:.9rem}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{border-bottom:1px solid
#e9ecef;padding:.3rem .4rem;text-align:left;vertical-align:top}td.num{text-align:right;
white-space:nowrap}.for{color:#2b8a3e}.against{color:#c92a2a}.unsure{color:#868e96}
.agree{color:#2b8a3e}.differs{color:#e8590c}.contradiction{color:#c92a2a;font-weight:600}
.open{color:#1971c2}.no_evidence{color:#868e96}
.bar{display:flex;align-items:center;gap:.5rem;margin:.2rem 0}.track{flex:1;height:.7rem;
background:#f1f3f5;border-radius:4px;position:relative}.fill{position:absolute;top:0;
height:100%;border-radius:4px}.zero{position:absolute;top:-2px;bottom:-2px;width:1px;
background:#868e96}.bar span.name{width:12rem}.bar span.val{width:7rem;text-align:right}
@media print{body{margin:0}}
"""


def _h(value: str) -> str:
    return html.escape(value, quote=True)


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{_h(i)}</li>" for i in items) + "</ul>"


def _section_bar(section: SectionScore) -> str:
    """A CSS-only bar from the worst to the best possible score, zero marked."""
    span = (section.best - section.worst) or 1.0
    zero = -section.worst / span * 100
    value = (section.points - section.worst) / span * 100
    left, right = sorted((zero, value))
    colour = "#2f9e44" if section.points > 0 else "#e03131"
    fill = (f'<div class="fill" style="left:{left:.1f}%;width:{right - left:.1f}%;'
            f'background:{colour}"></div>' if section.answered else "")
    return (f'<div class="bar"><span class="name">{_h(section.title)}</span>'
            f'<div class="track">{fill}<div class="zero" style="left:{zero:.1f}%"></div></div>'
            f'<span class="val">{section.points:+.1f} / {section.best:.1f}</span></div>')


def brief_html(answers: Mapping[str, str], *, verdict: FitVerdict | None = None,
               card: FramingCard | None = None, data: DataComparison | None = None,
               pilot: PilotLines | None = None) -> str:
    """The same brief as one self-contained HTML page: inline CSS, no scripts, no URLs.

    It opens in any browser, prints on one or two pages, and can be mailed as a file.
    """
    verdict = verdict or score(answers)
    card = card or framing_from_answers(answers)
    given = clean_answers(answers)
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             f"<title>{_h(BRIEF_TITLE)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_h(BRIEF_TITLE)}</h1>",
             f'<div class="verdict {_h(verdict.verdict)}">',
             f"<strong>{_h(verdict.label)}</strong><p>{_h(verdict.summary)}</p>"]
    if verdict.provisional:
        parts.append('<p class="muted">' + _h(text.provisional_sentence(
            verdict.answered, verdict.total_questions,
            [QUESTIONS_BY_ID[q].short for q in verdict.missing_stop_questions])) + "</p>")
    parts += [f"<p><strong>{_h(sentence)}</strong></p>" for sentence in _data_summary(data)]
    parts.append(f"<p>{_h(text.score_sentence(verdict.points, verdict.best_possible))}</p>"
                 f"<p>{_h(verdict.next_step)}</p></div>")
    parts.append(f"<h2>{_h(text.CARD_HEADING)}</h2><dl>")
    for label, value in _card_lines(card):
        shown = _h(value) if value else f'<span class="muted">{_h(text.NOT_FILLED)}</span>'
        parts.append(f"<dt>{_h(label)}</dt><dd>{shown}</dd>")
    parts.append(f"</dl><h3>{_h(text.PEOPLE_HEADING)}</h3><ul>")
    parts += [f"<li><strong>{_h(r.title)}</strong>: {_h(r.why)}</li>" for r in card.roles]
    parts.append("</ul>")
    if verdict.hard_stops:
        parts.append(f"<h2>{_h(text.HARD_STOPS_HEADING)}</h2>"
                     f'<p class="muted">{_h(text.HARD_STOPS_NOTE)}</p><ul>')
        parts += [f"<li><strong>{_h(s.title)}</strong>: {_h(s.why)}</li>"
                  for s in verdict.hard_stops]
        parts.append("</ul>")
    if verdict.reasons:
        parts.append(f"<h2>{_h(text.REASONS_HEADING)}</h2>{_list(verdict.reasons)}")
    if verdict.what_would_change:
        parts.append(f"<h2>{_h(text.CHANGE_HEADING)}</h2>{_list(verdict.what_would_change)}")
    parts.append(f"<h2>{_h(text.CHART_HEADING)}</h2>")
    parts += [_section_bar(s) for s in verdict.sections]
    parts.append(f'<p class="muted">{_h(text.BRIEF_BARS_NOTE)}</p>')
    if data is not None and data.checks:
        parts.append(f"<h2>{_h(text.DATA_BRIEF_HEADING)}</h2><p class='muted'>"
                     + _h(plain(text.data_brief_intro(data.dataset, data.rows, data.version,
                                                      data.target,
                                                      cleaning_steps=data.cleaning_steps)))
                     + "</p><table><tr>"
                     + "".join(f"<th>{_h(c)}</th>" for c in text.DATA_BRIEF_COLUMNS) + "</tr>")
        for check in data.checks:
            parts.append(f"<tr><td>{_h(check.short)}</td>"
                         f"<td>{_h(_answer_label(check.answer))}</td>"
                         f"<td>{_h(plain(check.headline))}</td>"
                         f'<td class="{_h(check.outcome)}">'
                         f"{_h(text.DATA_OUTCOME_LABELS[check.outcome])}</td></tr>")
        parts.append("</table>")
    if pilot is not None:
        parts.append(f"<h2>{_h(PILOT_HEADING)}</h2><p><strong>{_h(plain(pilot.headline))}"
                     f"</strong></p>{_list(plain(p) for p in pilot.points)}")
    parts.append(f"<h2>{_h(text.BRIEF_ANSWERS)}</h2>")
    for section in verdict.sections:
        parts.append(f"<h3>{_h(section.title)}</h3><p class='muted'>"
                     + _h(section.sentence)
                     + "</p><table><tr>"
                     + "".join(f"<th>{_h(c)}</th>" for c in text.BRIEF_COLUMNS) + "</tr>")
        for row in verdict.questions:
            if row.section_id == section.section_id:
                q = QUESTIONS_BY_ID[row.question_id]
                pts = _pts(row.points) if row.answer else ""
                parts.append(f"<tr><td>{_h(q.text)}</td>"
                             f"<td>{_h(_answer_label(given.get(q.id, '')))}</td>"
                             f'<td class="num {row.direction}">{pts}</td></tr>')
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
