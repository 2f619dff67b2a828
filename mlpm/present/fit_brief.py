"""The "Should we use ML?" brief as Markdown, to paste into a doc or a ticket.

It is presentation: the verdict's facts (:mod:`mlpm.decide`) and their sentences
(:mod:`mlpm.explain.fit`, :mod:`mlpm.explain.fit_verdict`) laid out on one page. The HTML
version (:mod:`mlpm.present.fit_brief_html`) shares the pieces defined here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from mlpm.decide.data_answers import DataComparison
from mlpm.decide.framing import FramingCard, framing_from_answers
from mlpm.decide.scoring import QuestionScore, SectionScore
from mlpm.explain import fit as text
from mlpm.explain.fit_verdict import FitVerdict, verdict_for
from mlpm.explain.safe import md


class PilotLines(Protocol):
    """The pilot plan as the brief shows it (a pack item: headline and Markdown points)."""

    headline: str
    points: tuple[str, ...]


def answer_label(answer: str) -> str:
    """"Yes", "Partly", ... or "Not answered"."""
    return text.ANSWER_LABELS.get(answer, text.UNANSWERED)


def card_lines(card: FramingCard) -> list[tuple[str, str]]:
    """(label, value) for each field of the problem card; empty values are not filled in."""
    ptype = card.type
    type_line = ""
    if ptype:
        words = text.PROBLEM_TYPES[ptype.id]
        type_line = (f"{words.name}: {words.what} Example: {words.example} "
                     f"{text.learning_sentence(ptype.supervised)}")
    labels = text.CARD_LABELS
    return [(labels["problem"], card.problem), (labels["goal"], card.goal),
            (labels["predict"], card.predict), (labels["type"], type_line)]


def signed_points(row: QuestionScore) -> str:
    """Signed points for a table; plain 0 for no effect, empty for no answer."""
    if not row.answer:
        return ""
    return f"{row.points:+g}" if row.points else "0"


def data_summary(data: DataComparison | None) -> list[str]:
    """Sentences for the verdict box when the data disagrees with some answers."""
    if data is None:
        return []
    out = []
    if data.contradictions:
        out.append(text.contradictions_sentence(
            [text.QUESTIONS[c.question_id].short for c in data.contradictions]))
    if data.differences:
        out.append(text.differences_sentence(
            [text.QUESTIONS[c.question_id].short for c in data.differences]))
    return out


def provisional_note(verdict: FitVerdict) -> str:
    """Why the verdict can still change (only shown when it is provisional)."""
    return text.provisional_sentence(
        verdict.answered, verdict.total_questions,
        [text.QUESTIONS[q].short for q in verdict.missing_stop_questions])


def data_intro(data: DataComparison) -> str:
    """Which data the brief's "What the data says" table comes from."""
    return text.data_brief_intro(data.dataset, data.rows, data.version, data.target,
                                 cleaning_steps=data.cleaning_steps)


def section_rows(verdict: FitVerdict, section: SectionScore) -> list[QuestionScore]:
    """The score rows of one part, in question order."""
    return [r for r in verdict.questions if r.section_id == section.section_id]


# --- Markdown ---------------------------------------------------------------------------

def _one_line(value: str) -> str:
    """User text on one line, with Markdown's special characters made harmless."""
    return md(" ".join(value.split()))


def _bullets(heading: str, items: tuple[str, ...]) -> list[str]:
    return ["", f"## {heading}", "", *(f"- {i}" for i in items)] if items else []


def _verdict_box(verdict: FitVerdict, data: DataComparison | None) -> list[str]:
    lines = [f"**Verdict: {verdict.label}**", "", verdict.summary]
    if verdict.provisional:
        lines += ["", "_" + provisional_note(verdict) + "_"]
    lines += [line for sentence in data_summary(data) for line in ("", f"**{sentence}**")]
    return [*lines, "", text.score_sentence(verdict.points, verdict.best_possible),
            "", verdict.next_step]


def _card(card: FramingCard) -> list[str]:
    lines = ["", f"## {text.CARD_HEADING}", ""]
    for label, value in card_lines(card):
        lines.append(f"- **{label}:** {_one_line(value) if value else '_' + text.NOT_FILLED + '_'}")
    lines += ["", f"**{text.PEOPLE_HEADING}**", ""]
    return lines + [f"- **{r.title}**: {r.why}" for r in text.ROLES.values()]


def _hard_stops(verdict: FitVerdict) -> list[str]:
    if not verdict.hard_stops:
        return []
    return ["", f"## {text.HARD_STOPS_HEADING}", "", text.HARD_STOPS_NOTE, "",
            *(f"- **{text.HARD_STOPS[s.id].title}**: {text.HARD_STOPS[s.id].why}"
              for s in verdict.hard_stops)]


def _data_table(data: DataComparison | None) -> list[str]:
    if data is None or not data.checks:
        return []
    lines = ["", f"## {text.DATA_BRIEF_HEADING}", "", data_intro(data), "",
             "| " + " | ".join(text.DATA_BRIEF_COLUMNS) + " |", "|---|---|---|---|"]
    return lines + [f"| {text.QUESTIONS[c.question_id].short} | {answer_label(c.answer)} | "
                    f"{c.headline} | {text.DATA_OUTCOME_LABELS[c.outcome]} |"
                    for c in data.checks]


def _pilot(pilot: PilotLines | None) -> list[str]:
    if pilot is None:
        return []
    return ["", f"## {text.PILOT_HEADING}", "", f"**{pilot.headline}**", "",
            *(f"- {point}" for point in pilot.points)]


def _answers(verdict: FitVerdict) -> list[str]:
    lines = ["", f"## {text.BRIEF_ANSWERS}", ""]
    for section in verdict.sections:
        lines += [f"### {text.SECTIONS[section.section_id].title}", "",
                  text.section_score_sentence(section), "",
                  "| " + " | ".join(text.BRIEF_COLUMNS) + " |", "|---|---|---:|"]
        lines += [f"| {text.QUESTIONS[r.question_id].text} | {answer_label(r.answer)} | "
                  f"{signed_points(r)} |" for r in section_rows(verdict, section)]
        lines.append("")
    return lines


def brief_markdown(answers: Mapping[str, str], *, verdict: FitVerdict | None = None,
                   card: FramingCard | None = None, data: DataComparison | None = None,
                   pilot: PilotLines | None = None) -> str:
    """A one-page brief in Markdown, to paste into a doc or a ticket.

    ``verdict`` and ``card`` are computed from ``answers`` when not given; ``data`` (from
    :func:`mlpm.decide.data_answers.compare_with_data`) adds what the data review measured
    beside the answers; ``pilot`` (the pack's "Pilot plan" item, issue 17) the A/B test
    planned to prove it.
    """
    verdict = verdict or verdict_for(answers)
    card = card or framing_from_answers(answers)
    lines = [f"# {text.BRIEF_TITLE}", "", *_verdict_box(verdict, data), *_card(card),
             *_hard_stops(verdict), *_bullets(text.REASONS_HEADING, verdict.reasons),
             *_bullets(text.CHANGE_HEADING, verdict.what_would_change), *_data_table(data),
             *_pilot(pilot), *_answers(verdict)]
    return "\n".join(lines).rstrip() + "\n"
