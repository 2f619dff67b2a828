"""The "Should we use ML?" brief as one self-contained HTML page, with its own CSS.

Inline CSS, no scripts, no URLs: it opens in any browser, prints on one or two pages and can
be mailed as a file. Same content as :func:`mlpm.present.fit_brief.brief_markdown`, plus a
CSS-only bar per part of the questionnaire.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from mlpm.decide.data_answers import DataComparison
from mlpm.decide.framing import FramingCard, framing_from_answers
from mlpm.decide.scoring import SectionScore
from mlpm.explain import fit as text
from mlpm.explain.fit_verdict import FitVerdict, verdict_for
from mlpm.explain.safe import plain
from mlpm.present.fit_brief import (
    PilotLines,
    answer_label,
    card_lines,
    data_intro,
    data_summary,
    provisional_note,
    section_rows,
    signed_points,
)

CSS = """
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


def _table_head(columns: Iterable[str]) -> str:
    return "</p><table><tr>" + "".join(f"<th>{_h(c)}</th>" for c in columns) + "</tr>"


def _section_bar(section: SectionScore) -> str:
    """A CSS-only bar from the worst to the best possible score, zero marked."""
    span = (section.best - section.worst) or 1.0
    zero = -section.worst / span * 100
    value = (section.points - section.worst) / span * 100
    left, right = sorted((zero, value))
    colour = "#2f9e44" if section.points > 0 else "#e03131"
    fill = (f'<div class="fill" style="left:{left:.1f}%;width:{right - left:.1f}%;'
            f'background:{colour}"></div>' if section.answered else "")
    title = text.SECTIONS[section.section_id].title
    return (f'<div class="bar"><span class="name">{_h(title)}</span>'
            f'<div class="track">{fill}<div class="zero" style="left:{zero:.1f}%"></div></div>'
            f'<span class="val">{section.points:+.1f} / {section.best:.1f}</span></div>')


def _verdict_box(verdict: FitVerdict, data: DataComparison | None) -> list[str]:
    parts = [f'<div class="verdict {_h(verdict.verdict)}">',
             f"<strong>{_h(verdict.label)}</strong><p>{_h(verdict.summary)}</p>"]
    if verdict.provisional:
        parts.append('<p class="muted">' + _h(provisional_note(verdict)) + "</p>")
    parts += [f"<p><strong>{_h(sentence)}</strong></p>" for sentence in data_summary(data)]
    parts.append(f"<p>{_h(text.score_sentence(verdict.points, verdict.best_possible))}</p>"
                 f"<p>{_h(verdict.next_step)}</p></div>")
    return parts


def _card(card: FramingCard) -> list[str]:
    parts = [f"<h2>{_h(text.CARD_HEADING)}</h2><dl>"]
    for label, value in card_lines(card):
        shown = _h(value) if value else f'<span class="muted">{_h(text.NOT_FILLED)}</span>'
        parts.append(f"<dt>{_h(label)}</dt><dd>{shown}</dd>")
    parts.append(f"</dl><h3>{_h(text.PEOPLE_HEADING)}</h3><ul>")
    parts += [f"<li><strong>{_h(r.title)}</strong>: {_h(r.why)}</li>"
              for r in text.ROLES.values()]
    return [*parts, "</ul>"]


def _hard_stops(verdict: FitVerdict) -> list[str]:
    if not verdict.hard_stops:
        return []
    stops = [text.HARD_STOPS[s.id] for s in verdict.hard_stops]
    return [(f"<h2>{_h(text.HARD_STOPS_HEADING)}</h2>"
             f'<p class="muted">{_h(text.HARD_STOPS_NOTE)}</p><ul>'),
            *(f"<li><strong>{_h(s.title)}</strong>: {_h(s.why)}</li>" for s in stops), "</ul>"]


def _bullets(heading: str, items: tuple[str, ...]) -> list[str]:
    return [f"<h2>{_h(heading)}</h2>{_list(items)}"] if items else []


def _bars(verdict: FitVerdict) -> list[str]:
    return [f"<h2>{_h(text.CHART_HEADING)}</h2>", *map(_section_bar, verdict.sections),
            f'<p class="muted">{_h(text.BRIEF_BARS_NOTE)}</p>']


def _data_table(data: DataComparison | None) -> list[str]:
    if data is None or not data.checks:
        return []
    parts = [f"<h2>{_h(text.DATA_BRIEF_HEADING)}</h2><p class='muted'>"
             + _h(plain(data_intro(data))) + _table_head(text.DATA_BRIEF_COLUMNS)]
    parts += [f"<tr><td>{_h(text.QUESTIONS[c.question_id].short)}</td>"
              f"<td>{_h(answer_label(c.answer))}</td>"
              f"<td>{_h(plain(c.headline))}</td>"
              f'<td class="{_h(c.outcome)}">'
              f"{_h(text.DATA_OUTCOME_LABELS[c.outcome])}</td></tr>" for c in data.checks]
    return [*parts, "</table>"]


def _pilot(pilot: PilotLines | None) -> list[str]:
    if pilot is None:
        return []
    return [(f"<h2>{_h(text.PILOT_HEADING)}</h2><p><strong>{_h(plain(pilot.headline))}"
             f"</strong></p>{_list(plain(p) for p in pilot.points)}")]


def _answers(verdict: FitVerdict) -> list[str]:
    parts = [f"<h2>{_h(text.BRIEF_ANSWERS)}</h2>"]
    for section in verdict.sections:
        parts.append(f"<h3>{_h(text.SECTIONS[section.section_id].title)}</h3>"
                     f"<p class='muted'>{_h(text.section_score_sentence(section))}"
                     + _table_head(text.BRIEF_COLUMNS))
        parts += [f"<tr><td>{_h(text.QUESTIONS[r.question_id].text)}</td>"
                  f"<td>{_h(answer_label(r.answer))}</td>"
                  f'<td class="num {r.direction}">{signed_points(r)}</td></tr>'
                  for r in section_rows(verdict, section)]
        parts.append("</table>")
    return parts


def brief_html(answers: Mapping[str, str], *, verdict: FitVerdict | None = None,
               card: FramingCard | None = None, data: DataComparison | None = None,
               pilot: PilotLines | None = None) -> str:
    """The same brief as one self-contained HTML page: inline CSS, no scripts, no URLs.

    It opens in any browser, prints on one or two pages, and can be mailed as a file.
    """
    verdict = verdict or verdict_for(answers)
    card = card or framing_from_answers(answers)
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             f"<title>{_h(text.BRIEF_TITLE)}</title><style>{CSS}</style></head><body>",
             f"<h1>{_h(text.BRIEF_TITLE)}</h1>", *_verdict_box(verdict, data), *_card(card),
             *_hard_stops(verdict), *_bullets(text.REASONS_HEADING, verdict.reasons),
             *_bullets(text.CHANGE_HEADING, verdict.what_would_change), *_bars(verdict),
             *_data_table(data), *_pilot(pilot), *_answers(verdict), "</body></html>"]
    return "".join(parts)
