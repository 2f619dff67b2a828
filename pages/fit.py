"""Should we use ML? Questionnaire with a live verdict, a problem card, and practice cases.

Thin page: answers live in ``journey.fit_answers`` (framing fields under ``frame_*`` keys),
scoring comes from :mod:`mlpm.decide.scoring`, wording from :mod:`mlpm.explain.fit` and
:mod:`mlpm.explain.fit_verdict`. The answers are mirrored into the URL (see
:func:`mlpm.decide.link.encode_answers`), so a reload or a shared link brings them back.

Speed: only the open tab runs (``st.tabs(on_change="rerun")``), and each tab is a fragment, so
a click on an answer reruns the questionnaire and its verdict, not the whole app. A fragment
run does not redraw the sidebar, so the first answer (and a reset) asks for one full rerun to
update the progress list there.
"""

from typing import TYPE_CHECKING

import streamlit as st

from mlpm.charts.fit import score_breakdown_chart
from mlpm.decide.data_answers import DataCheck, DataComparison, compare_with_data
from mlpm.decide.framing import (
    FRAME_FIELDS,
    FRAME_PREFIX,
    MAX_FRAME_CHARS,
    PROBLEM_TYPES,
    PROBLEM_TYPES_BY_ID,
    ProblemType,
    framing_from_answers,
)
from mlpm.decide.link import QUERY_KEYS, decode_answers, encode_answers
from mlpm.decide.practice import PRACTICE_CASES, quiz_tally
from mlpm.decide.questions import ANSWERS, QUESTIONS, SECTIONS, Question, questions_in
from mlpm.explain import data as data_words
from mlpm.explain import fit as text
from mlpm.explain.fit_verdict import FitVerdict, verdict_for
from mlpm.explain.safe import md
from mlpm.present.export.figures import Figure
from mlpm.present.fit_brief import brief_markdown
from mlpm.present.fit_brief_html import brief_html
from mlpm.ui.cache import cached_review
from mlpm.ui.charts import export_buttons, show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import page_header
from mlpm.ui.state import Journey, get_journey

if TYPE_CHECKING:
    from mlpm.present.export.pack import PackItem

DATA_PAGE = "pages/data.py"
TAB_KEY = "fit_tab"
STARTED_KEY = "fit_started_shown"  # did the last full run (so the sidebar) see an answer?
BAR_KEY = "fit_verdict_bar"
VERDICT_ANCHOR = "verdict"
FRAME_KEYS = {name: f"fit_frame_{name}" for name in FRAME_FIELDS}
VERDICT_BOX = {"good_fit": (st.success, ":material/check_circle:"),
               "rules_first": (st.warning, ":material/rule:"),
               "not_ml": (st.error, ":material/block:")}
VERDICT_BADGE = {"good_fit": "green", "rules_first": "orange", "not_ml": "red"}
OUTCOME_BADGE = {"agree": ("green", ":material/check:"),
                 "differs": ("orange", ":material/error:"),
                 "contradiction": ("red", ":material/warning:"),
                 "open": ("blue", ":material/lightbulb:"),
                 "no_evidence": ("gray", ":material/help:")}
EFFECT_BADGE = {"for": "green", "against": "red", "unsure": "orange", "neutral": "gray"}


def question_key(question_id: str) -> str:
    return f"fit_{question_id}"


def case_key(case_id: str) -> str:
    return f"fit_case_{case_id}"


def dollars(value: str) -> str:
    """mlpm's own Markdown with "$" amounts ("orders over $50"): a "$" must not start a formula.

    The PM's own text (problem card, URL parameters, file names) goes through ``md`` instead.
    """
    return value.replace("$", "\\$")


def learning_badge(ptype: ProblemType) -> str:
    """A coloured tag: does this type learn from labels?"""
    if ptype.supervised:
        return f":blue-badge[{text.SUPERVISED_BADGE}]"
    return f":violet-badge[{text.UNSUPERVISED_BADGE}]"


def _valid(name: str, value: object) -> bool:
    if name == "type":
        return value in PROBLEM_TYPES_BY_ID
    return isinstance(value, str) and bool(value.strip())


# --- state: widgets <-> journey <-> URL -----------------------------------------------------

def sync_questions(answers: dict[str, str]) -> None:
    """Widgets hold the newest click, so they win; missing widget state is seeded from answers.

    Streamlit drops a widget's state when it is not drawn (another tab or page), so the
    journey is the memory and the widgets are re-seeded from it.
    """
    for question in QUESTIONS:
        key = question_key(question.id)
        if key in st.session_state:
            value = st.session_state[key]
            if value in ANSWERS:
                answers[question.id] = value
            else:
                answers.pop(question.id, None)
        elif answers.get(question.id) in ANSWERS:
            st.session_state[key] = answers[question.id]


def sync_frame(answers: dict[str, str]) -> None:
    """The problem card's fields, synced like the questions."""
    for name, key in FRAME_KEYS.items():
        field = FRAME_PREFIX + name
        if key in st.session_state:
            value = st.session_state[key]
            if _valid(name, value):
                answers[field] = str(value).strip()[:MAX_FRAME_CHARS]
            else:
                answers.pop(field, None)
        elif _valid(name, answers.get(field)):
            st.session_state[key] = answers[field]


def load_journey() -> Journey:
    """The journey, synced with the widgets; a fresh session starts from the URL's answers."""
    journey = get_journey()
    answers = journey.fit_answers
    if not answers:
        answers.update(decode_answers(st.query_params.to_dict()))
    sync_questions(answers)
    sync_frame(answers)
    return journey


def sync_url(journey: Journey) -> None:
    """Mirror the answers into the URL so reloads and shared links keep them."""
    wanted = encode_answers(journey.fit_answers)
    for key in QUERY_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def keep_sidebar_current(journey: Journey) -> None:
    """A fragment run leaves the sidebar as it was: redraw all when the step starts or resets."""
    if bool(journey.fit_answers) != st.session_state.get(STARTED_KEY, False):
        st.rerun()


def reset_answers() -> None:
    """Button callback: forget every answer, in the journey, the widgets and the URL.

    Widget values are set to empty rather than deleted: only a set value reaches the
    browser, which would otherwise keep showing (and send back) the old choices.
    """
    get_journey().fit_answers.clear()
    for question in QUESTIONS:
        st.session_state[question_key(question.id)] = None
    for name, key in FRAME_KEYS.items():
        st.session_state[key] = None if name == "type" else ""
    for key in QUERY_KEYS:
        if key in st.query_params:
            del st.query_params[key]


# --- data says ----------------------------------------------------------------------------

def data_comparison(journey: Journey, answers: dict[str, str]) -> DataComparison | None:
    """What the data review measured, beside the answers; None without data (or on failure)."""
    dataset = journey.dataset
    if dataset is None:
        return None
    problem = journey.problem
    target = (problem.target if problem and not journey.problem_stale
              and problem.target in dataset.frame.columns else None)
    comparison = None
    with guarded("checking the data"):
        # The Data review's own lights (same rows, same cache): the two pages can't disagree.
        readiness = cached_review(dataset, target).readiness
        comparison = compare_with_data(answers, data_words.readiness_lights(readiness),
                                          dataset=dataset.name, rows=dataset.n_rows,
                                          version=dataset.version, target=target,
                                          cleaning_steps=len(journey.cleaning_steps))
    return comparison


def use_data_answer(question_id: str, answer: str) -> None:
    """Button callback: take the answer the data points to (before the widget is drawn)."""
    get_journey().fit_answers[question_id] = answer
    st.session_state[question_key(question_id)] = answer


def data_says(check: DataCheck) -> None:
    """The data review's measure under a data question, with how it compares to the answer."""
    colour, icon = OUTCOME_BADGE[check.outcome]
    cleaning_steps = len(get_journey().cleaning_steps)  # "after cleaning", said plainly
    with st.container(border=True, key=f"fit_data_{check.question_id}"):
        st.markdown(f":material/table: **{text.data_says_label(cleaning_steps)}** "
                    f"{check.headline}  \n"
                    f":{colour}-badge[{icon} {text.DATA_OUTCOME_LABELS[check.outcome]}] "
                    f"{dollars(text.data_check_text(check))}")
        if check.suggested and check.outcome in ("open", "differs", "contradiction"):
            st.button(text.use_data_answer(text.ANSWER_LABELS[check.suggested]),
                      key=f"fit_use_data_{check.question_id}", type="tertiary",
                      icon=":material/done_all:", help=text.USE_DATA_HELP,
                      on_click=use_data_answer, args=(check.question_id, check.suggested))


def data_header(data: DataComparison | None, has_dataset: bool) -> None:
    """At the top of the data questions: which data speaks, and a link to its review."""
    if data is not None:
        st.markdown(text.data_intro(data.dataset, data.rows, data.target,
                                    cleaning_steps=data.cleaning_steps))
        st.page_link(DATA_PAGE, label=text.DATA_LINK_OPEN, icon=":material/table:")
    elif not has_dataset:
        st.caption(text.DATA_NONE)
        st.page_link(DATA_PAGE, label=text.DATA_LINK_LOAD, icon=":material/upload_file:")


# --- the questionnaire tab ----------------------------------------------------------------

def sticky_bar_css() -> None:
    """Keep the verdict bar in view while scrolling through the questions.

    Streamlit wraps a keyed container in a layout wrapper of the same height, so the wrapper
    is what must stick. Where ``:has`` is not supported the bar simply stays at the top. The
    scroll padding keeps whatever gets scrolled into view (keyboard focus, a link's target)
    below the bar instead of under it.
    """
    dark = st.context.theme.type == "dark"
    background = "#0e1117" if dark else "#ffffff"
    st.html(f"<style>div:has(> .st-key-{BAR_KEY}){{position:sticky;top:3.75rem;z-index:90;"
            f"background:{background};}} .st-key-{BAR_KEY}{{background:{background};}}"
            "[data-testid='stMain']{scroll-padding-top:9rem;}</style>")


def verdict_bar(verdict: FitVerdict, data: DataComparison | None) -> None:
    """One line that stays in view: the verdict, progress, hard stops, data conflicts."""
    with st.container(border=True, key=BAR_KEY):
        if verdict.answered == 0:
            st.markdown(f":material/quiz: {text.BAR_EMPTY}")
            return
        colour = VERDICT_BADGE[verdict.verdict]
        icon = VERDICT_BOX[verdict.verdict][1]
        parts = [f"**{text.BAR_LABEL}** :{colour}-badge[{icon} {verdict.label}"
                 + (f" {text.PROVISIONAL_TAG}" if verdict.provisional else "") + "]",
                 text.bar_answered(verdict.answered, verdict.total_questions)]
        parts += [f":red[:material/block: {text.HARD_STOP_MARK}: {text.HARD_STOPS[s.id].title}]"
                  for s in verdict.hard_stops]
        if data is not None and data.contradictions:
            parts.append(":red[:material/warning: "
                         + text.DATA_OUTCOME_LABELS["contradiction"] + ": "
                         + ", ".join(text.QUESTIONS[c.question_id].short
                                     for c in data.contradictions) + "]")
        parts.append(f"[{text.BAR_SEE_WHY}](#{VERDICT_ANCHOR})")
        st.markdown(" · ".join(parts))


def question_block(question: Question, verdict: FitVerdict, check: DataCheck | None) -> None:
    words = text.QUESTIONS[question.id]
    st.radio(dollars(words.text), ANSWERS, format_func=text.ANSWER_LABELS.__getitem__,
             index=None, horizontal=True, key=question_key(question.id))
    st.caption(dollars(f"**{text.WHY_PREFIX}** {words.why}  \n"
                       f"**{text.EXAMPLE_PREFIX}** {words.example}"))
    row = next(r for r in verdict.questions if r.question_id == question.id)
    if row.answer:
        badge, note = text.answer_effect(question.favours, row.answer, row.points,
                                         soft=question.soft)
        line = f":{EFFECT_BADGE.get(row.direction, 'gray')}-badge[{badge}] {note}"
        stop = next((s for s in verdict.hard_stops if s.question_id == question.id), None)
        if stop:
            line += (f" :red-badge[:material/block: {text.HARD_STOP_MARK}: "
                     f"{text.HARD_STOPS[stop.id].title}]")
        st.markdown(dollars(line))
    if check is not None:
        data_says(check)


def questionnaire(verdict: FitVerdict, data: DataComparison | None,
                  has_dataset: bool) -> None:
    st.caption(text.QUESTIONNAIRE_NOTE)
    for section_id in SECTIONS:
        score = next(s for s in verdict.sections if s.section_id == section_id)
        words = text.SECTIONS[section_id]
        with st.container(border=True):
            st.subheader(words.title)
            st.caption(f"{words.intro} {text.section_score_sentence(score)}")
            if section_id == "data":
                data_header(data, has_dataset)
            for question in questions_in(section_id):
                check = data.check(question.id) if data is not None else None
                question_block(question, verdict, check)


def next_step(verdict: FitVerdict) -> None:
    """The verdict's next step; a link when it happens on another page."""
    words = text.VERDICTS[verdict.verdict]
    if words.next_link:
        st.page_link(DATA_PAGE, label=f"**{words.next_link}**", icon=":material/arrow_forward:")
    else:
        st.markdown(dollars(verdict.next_step))


def planned_pilot(journey: Journey) -> "PackItem | None":
    """The pilot planned on Capacity & pilot (issue 17), for the brief; None until there is one.

    Imported here: this page opens first, before any model (and scikit-learn) is loaded.
    """
    if not journey.pilot or not journey.models or journey.models_stale:
        return None
    from mlpm.present.rollout import pilot_item
    from mlpm.ui.pack import analysis_of

    item = None
    with guarded("adding the pilot plan to the brief"):
        item = pilot_item(analysis_of(journey))
    return item


def verdict_panel(verdict: FitVerdict, answers: dict[str, str],
                  data: DataComparison | None) -> None:
    st.subheader(text.VERDICT_HEADING, anchor=VERDICT_ANCHOR)
    if verdict.answered == 0:
        st.info(text.EMPTY_VERDICT, icon=":material/quiz:")
    else:
        box, icon = VERDICT_BOX[verdict.verdict]
        box(f"#### {verdict.label}\n{dollars(verdict.summary)}", icon=icon)
        if verdict.provisional:
            st.caption(":material/hourglass_top: " + text.provisional_sentence(
                verdict.answered, verdict.total_questions,
                [text.QUESTIONS[q].short for q in verdict.missing_stop_questions]))
        st.caption(text.answered_sentence(verdict.answered, verdict.total_questions) + " "
                   + text.score_sentence(verdict.points, verdict.best_possible))
        if data is not None and data.contradictions:
            st.warning(text.contradictions_sentence(
                [text.QUESTIONS[c.question_id].short for c in data.contradictions]),
                       icon=":material/warning:")
        if data is not None and data.differences:
            st.caption(":material/error: " + text.differences_sentence(
                [text.QUESTIONS[c.question_id].short for c in data.differences]))
        if verdict.hard_stops:
            st.markdown(f"**{text.HARD_STOPS_HEADING}**")
            stops = [text.HARD_STOPS[s.id] for s in verdict.hard_stops]
            st.markdown("\n".join(f"- :material/block: **{s.title}.** {dollars(s.why)}"
                                  for s in stops))
            st.caption(text.HARD_STOPS_NOTE)
        if verdict.reasons:
            st.markdown(f"**{text.REASONS_HEADING}**")
            st.markdown("\n".join(f"- {dollars(r)}" for r in verdict.reasons))
        if verdict.what_would_change:
            st.markdown(f"**{text.CHANGE_HEADING}**")
            st.markdown("\n".join(f"- {dollars(c)}" for c in verdict.what_would_change))
        next_step(verdict)
        chart = score_breakdown_chart(verdict, subtitle="")
        show_chart(chart, width="stretch", export=False)
        st.caption(text.CHART_CAPTION)
        export_buttons(Figure("ml-fit-score-breakdown", chart,
                              f"{verdict.label}. {verdict.summary}"))

    st.markdown(f"**{text.DOWNLOAD_HEADING}**")
    st.caption(text.DOWNLOAD_NOTE)
    pilot = planned_pilot(get_journey())
    st.download_button(text.DOWNLOAD_MD,
                       brief_markdown(answers, verdict=verdict, data=data, pilot=pilot),
                       file_name="ml-fit-brief.md", mime="text/markdown", key="fit_brief_md",
                       icon=":material/download:", on_click="ignore", width="stretch",
                       disabled=not verdict.answered)
    st.download_button(text.DOWNLOAD_HTML, brief_html(answers, verdict=verdict, data=data,
                                                      pilot=pilot),
                       file_name="ml-fit-brief.html", mime="text/html", key="fit_brief_html",
                       icon=":material/download:", on_click="ignore", width="stretch",
                       disabled=not verdict.answered)
    st.button(text.RESET_LABEL, key="fit_reset", help=text.RESET_HELP,
              icon=":material/restart_alt:", on_click=reset_answers, type="tertiary")


@st.fragment
def questionnaire_tab() -> None:
    """Questions, the sticky verdict bar and the verdict panel: one click reruns only this."""
    journey = get_journey()
    answers = journey.fit_answers
    sync_questions(answers)
    keep_sidebar_current(journey)
    verdict = verdict_for(answers)
    data = data_comparison(journey, answers)
    verdict_bar(verdict, data)
    left, right = st.columns([3, 2], gap="large")
    with left:
        questionnaire(verdict, data, journey.dataset is not None)
    with right:
        verdict_panel(verdict, dict(answers), data)
    sync_url(journey)


# --- the other tabs -----------------------------------------------------------------------

@st.fragment
def problem_card_tab() -> None:
    journey = get_journey()
    sync_frame(journey.fit_answers)
    keep_sidebar_current(journey)
    answers = dict(journey.fit_answers)
    card = framing_from_answers(answers)
    verdict = verdict_for(answers)
    st.markdown(text.CARD_INTRO)
    left, right = st.columns(2, gap="large")
    with left:
        st.text_area(text.FIELD_PROBLEM, key=FRAME_KEYS["problem"], help=text.FIELD_PROBLEM_HELP,
                     placeholder=f"{text.EXAMPLE_PREFIX} {text.FIELD_PROBLEM_EXAMPLE}",
                     max_chars=MAX_FRAME_CHARS, height=90)
        st.text_input(text.FIELD_GOAL, key=FRAME_KEYS["goal"], help=text.FIELD_GOAL_HELP,
                      placeholder=f"{text.EXAMPLE_PREFIX} {text.FIELD_GOAL_EXAMPLE}",
                      max_chars=MAX_FRAME_CHARS)
        st.text_input(text.FIELD_PREDICT, key=FRAME_KEYS["predict"],
                      help=text.FIELD_PREDICT_HELP,
                      placeholder=f"{text.EXAMPLE_PREFIX} {text.FIELD_PREDICT_EXAMPLE}",
                      max_chars=MAX_FRAME_CHARS)
        st.selectbox(text.FIELD_TYPE, [t.id for t in PROBLEM_TYPES],
                     format_func=lambda tid: text.PROBLEM_TYPES[tid].name, index=None,
                     key=FRAME_KEYS["type"], help=text.FIELD_TYPE_HELP,
                     placeholder=text.FIELD_TYPE_PLACEHOLDER)
        with st.expander(text.TYPES_HEADING, icon=":material/category:",
                         expanded=card.type is None):
            st.markdown("\n".join(
                f"- **{text.PROBLEM_TYPES[t.id].name}**: {text.PROBLEM_TYPES[t.id].what} "
                f"*{text.EXAMPLE_PREFIX} {text.PROBLEM_TYPES[t.id].example}* "
                f"{learning_badge(t)}"
                for t in PROBLEM_TYPES))
            st.caption(f"{text.SUPERVISED_TEXT} {text.UNSUPERVISED_TEXT}")
    with right, st.container(border=True):
        st.markdown(f"#### :material/assignment: {text.CARD_HEADING}")
        if card.is_empty:
            st.caption(text.CARD_EMPTY)
        for name, value in (("problem", card.problem), ("goal", card.goal),
                            ("predict", card.predict)):
            shown = md(value) if value else f":gray[{text.NOT_FILLED}]"
            st.markdown(f"**{text.CARD_LABELS[name]}**  \n{shown}")
        ptype = card.type
        if ptype:
            words = text.PROBLEM_TYPES[ptype.id]
            st.markdown(f"**{text.CARD_LABELS['type']}**  \n{words.name} "
                        f"{learning_badge(ptype)}  \n"
                        f"{words.what} *{text.EXAMPLE_PREFIX} {words.example}*  \n"
                        f"{text.learning_sentence(ptype.supervised)}")
        else:
            st.markdown(f"**{text.CARD_LABELS['type']}**  \n:gray[{text.NOT_FILLED}]")
        st.markdown(f"**{text.PEOPLE_HEADING}**")
        st.markdown("\n".join(f"- **{r.title}**: {r.why}" for r in text.ROLES.values()))
        if verdict.answered:
            st.markdown(f"**{text.VERDICT_HEADING}:** {verdict.label}"
                        + (f" {text.PROVISIONAL_TAG}" if verdict.provisional else ""))
    sync_url(journey)


@st.fragment
def practice_cases_tab() -> None:
    st.markdown(text.CASES_INTRO)
    choices = {c.id: st.session_state[case_key(c.id)] == "fits" for c in PRACTICE_CASES
               if st.session_state.get(case_key(c.id)) in text.CASE_CHOICES}
    right, answered = quiz_tally(choices)
    st.markdown(f"**{text.quiz_sentence(right, answered, len(PRACTICE_CASES))}**")
    columns = st.columns(2, gap="medium")
    for i, case in enumerate(PRACTICE_CASES):
        words = text.CASES[case.id]
        with columns[i % 2].container(border=True):
            st.markdown(f"**{i + 1}. {dollars(words.title)}**  \n{dollars(words.situation)}")
            choice = st.radio(text.CASE_QUESTION, list(text.CASE_CHOICES),
                              format_func=text.CASE_CHOICES.__getitem__, index=None,
                              horizontal=True, key=case_key(case.id))
            if choice is not None:
                correct = (choice == "fits") == case.fits
                box = st.success if correct else st.error
                said = text.CASE_RIGHT if correct else text.CASE_WRONG
                box(f"**{said}** {dollars(words.reasoning)}",
                    icon=":material/check:" if correct else ":material/close:")
                question = text.QUESTIONS[case.criterion]
                st.caption(f"{text.CASE_TEACHES} {question.short}. {dollars(question.text)}")


# --- the page ----------------------------------------------------------------------------

journey = load_journey()
page_header(text.PAGE_TITLE, text.PAGE_INTRO, visit="fit")
st.session_state[STARTED_KEY] = bool(journey.fit_answers)
sticky_bar_css()

tab_questions, tab_card, tab_cases = st.tabs(
    [text.TAB_QUESTIONS, text.TAB_CARD, text.TAB_CASES], key=TAB_KEY, on_change="rerun")
if tab_questions.open:
    with tab_questions:
        questionnaire_tab()
if tab_card.open:
    with tab_card:
        problem_card_tab()
if tab_cases.open:
    with tab_cases:
        practice_cases_tab()

st.divider()
st.page_link(DATA_PAGE, label=f"**{text.NEXT_PAGE_LINK}**", icon=":material/arrow_forward:")
st.caption(text.next_page_note(journey.dataset.name if journey.dataset else None))
sync_url(journey)
