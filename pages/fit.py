"""Should we use ML? Questionnaire with a live verdict, a problem card, and practice cases.

Thin page: answers live in ``journey.fit_answers`` (framing fields under ``frame_*`` keys),
scoring and wording come from :mod:`mlpm.fit_check` and :mod:`mlpm.explain.fit`. The answers
are mirrored into the URL (see :func:`mlpm.fit_check.encode_answers`), so a reload or a shared
link brings them back.
"""

import streamlit as st

from mlpm import fit_check as fc
from mlpm.charts.fit import score_breakdown_chart
from mlpm.explain import fit as text
from mlpm.ui.charts import show_chart
from mlpm.ui.frame import page_header
from mlpm.ui.state import Journey, get_journey

FRAME_KEYS = {name: f"fit_frame_{name}" for name in fc.FRAME_FIELDS}
VERDICT_BOX = {"good_fit": (st.success, ":material/check_circle:"),
               "rules_first": (st.warning, ":material/rule:"),
               "not_ml": (st.error, ":material/block:")}


def question_key(question_id: str) -> str:
    return f"fit_{question_id}"


def case_key(case_id: str) -> str:
    return f"fit_case_{case_id}"


def md(value: str) -> str:
    """Text safe for st.markdown: a lone "$" must not start a formula."""
    return value.replace("$", "\\$")


def learning_badge(ptype: fc.ProblemType) -> str:
    """A coloured tag: does this type learn from labels?"""
    if ptype.supervised:
        return f":blue-badge[{text.SUPERVISED_BADGE}]"
    return f":violet-badge[{text.UNSUPERVISED_BADGE}]"


def _valid(name: str, value: object) -> bool:
    if name == "type":
        return value in fc.PROBLEM_TYPES_BY_ID
    return isinstance(value, str) and bool(value.strip())


def load_journey() -> Journey:
    """The journey, synced with the widgets; a fresh session starts from the URL's answers.

    Widgets hold the newest click at the start of a rerun, so they win; widgets that are not
    in session state yet (first visit, back from another page) are seeded from the journey.
    """
    journey = get_journey()
    answers = journey.fit_answers
    if not answers:
        answers.update(fc.decode_answers(st.query_params.to_dict()))
    for question in fc.QUESTIONS:
        key = question_key(question.id)
        if key in st.session_state:
            value = st.session_state[key]
            if value in fc.ANSWERS:
                answers[question.id] = value
            else:
                answers.pop(question.id, None)
        elif answers.get(question.id) in fc.ANSWERS:
            st.session_state[key] = answers[question.id]
    for name, key in FRAME_KEYS.items():
        field = fc.FRAME_PREFIX + name
        if key in st.session_state:
            value = st.session_state[key]
            if _valid(name, value):
                answers[field] = str(value).strip()[:fc.MAX_FRAME_CHARS]
            else:
                answers.pop(field, None)
        elif _valid(name, answers.get(field)):
            st.session_state[key] = answers[field]
    return journey


def sync_url(journey: Journey) -> None:
    """Mirror the answers into the URL so reloads and shared links keep them."""
    wanted = fc.encode_answers(journey.fit_answers)
    for key in fc.QUERY_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def reset_answers() -> None:
    """Button callback: forget every answer, in the journey, the widgets and the URL."""
    get_journey().fit_answers.clear()
    for key in [question_key(q.id) for q in fc.QUESTIONS] + list(FRAME_KEYS.values()):
        st.session_state.pop(key, None)
    for key in fc.QUERY_KEYS:
        if key in st.query_params:
            del st.query_params[key]


# --- pieces ------------------------------------------------------------------------------

def question_block(question: fc.Question, verdict: fc.FitVerdict) -> None:
    st.radio(md(question.text), fc.ANSWERS, format_func=text.ANSWER_LABELS.__getitem__,
             index=None, horizontal=True, key=question_key(question.id),
             help=f"{text.FAVOURS_HELP[question.favours]} {text.NOT_SURE_HELP}")
    row = next(r for r in verdict.questions if r.question_id == question.id)
    note = (f"**{text.WHY_PREFIX}** {question.why}  \n"
            f"**{text.EXAMPLE_PREFIX}** {question.example}")
    if row.answer:
        colour = {"for": "green", "against": "red", "unsure": "orange"}.get(row.direction, "gray")
        note += f"  \n:{colour}[{text.question_points_sentence(row.points)}]"
        stop = next((s for s in verdict.hard_stops if s.question_id == question.id), None)
        if stop:
            note += f" :red[**{text.HARD_STOP_MARK}: {stop.title}.**]"
    st.caption(md(note))


def questionnaire(verdict: fc.FitVerdict) -> None:
    for section in fc.SECTIONS:
        score = next(s for s in verdict.sections if s.section_id == section.id)
        with st.container(border=True):
            st.subheader(section.title)
            st.caption(f"{section.intro} "
                       + text.section_sentence(score.points, score.best, score.answered,
                                               score.total))
            for question in fc.questions_in(section.id):
                question_block(question, verdict)


def verdict_panel(verdict: fc.FitVerdict, answers: dict[str, str]) -> None:
    st.subheader(text.VERDICT_HEADING)
    if verdict.answered == 0:
        st.info(text.EMPTY_VERDICT, icon=":material/quiz:")
    else:
        box, icon = VERDICT_BOX[verdict.verdict]
        box(f"#### {verdict.label}\n{md(verdict.summary)}", icon=icon)
        if verdict.provisional:
            st.caption(":material/hourglass_top: " + text.provisional_sentence(
                verdict.answered, verdict.total_questions,
                [fc.QUESTIONS_BY_ID[q].short for q in verdict.missing_stop_questions]))
        st.caption(text.answered_sentence(verdict.answered, verdict.total_questions) + " "
                   + text.score_sentence(verdict.points, verdict.best_possible))
        if verdict.hard_stops:
            st.markdown(f"**{text.HARD_STOPS_HEADING}**")
            st.markdown("\n".join(f"- :material/block: **{s.title}.** {md(s.why)}"
                                  for s in verdict.hard_stops))
            st.caption(text.HARD_STOPS_NOTE)
        if verdict.reasons:
            st.markdown(f"**{text.REASONS_HEADING}**")
            st.markdown("\n".join(f"- {md(r)}" for r in verdict.reasons))
        if verdict.what_would_change:
            st.markdown(f"**{text.CHANGE_HEADING}**")
            st.markdown("\n".join(f"- {md(c)}" for c in verdict.what_would_change))
        st.markdown(md(verdict.next_step))
        st.markdown(f"**{text.CHART_HEADING}**")
        st.caption(text.CHART_CAPTION)
        show_chart(score_breakdown_chart(verdict, title="", subtitle="", width=170))

    st.markdown(f"**{text.DOWNLOAD_HEADING}**")
    st.caption(text.DOWNLOAD_NOTE)
    st.download_button(text.DOWNLOAD_MD, fc.brief_markdown(answers, verdict=verdict),
                         file_name="ml-fit-brief.md", mime="text/markdown", key="fit_brief_md",
                         icon=":material/download:", on_click="ignore", width="stretch",
                         disabled=not verdict.answered)
    st.download_button(text.DOWNLOAD_HTML, fc.brief_html(answers, verdict=verdict),
                       file_name="ml-fit-brief.html", mime="text/html", key="fit_brief_html",
                       icon=":material/download:", on_click="ignore", width="stretch",
                       disabled=not verdict.answered)
    st.button(text.RESET_LABEL, key="fit_reset", help=text.RESET_HELP,
              icon=":material/restart_alt:", on_click=reset_answers, type="tertiary")


def problem_card(card: fc.FramingCard, verdict: fc.FitVerdict) -> None:
    st.markdown(text.CARD_INTRO)
    left, right = st.columns(2, gap="large")
    with left:
        st.text_area(text.FIELD_PROBLEM, key=FRAME_KEYS["problem"], help=text.FIELD_PROBLEM_HELP,
                     placeholder=f"{text.EXAMPLE_PREFIX} {text.FIELD_PROBLEM_EXAMPLE}",
                     max_chars=fc.MAX_FRAME_CHARS, height=90)
        st.text_input(text.FIELD_GOAL, key=FRAME_KEYS["goal"], help=text.FIELD_GOAL_HELP,
                      placeholder=f"{text.EXAMPLE_PREFIX} {text.FIELD_GOAL_EXAMPLE}",
                      max_chars=fc.MAX_FRAME_CHARS)
        st.text_input(text.FIELD_PREDICT, key=FRAME_KEYS["predict"],
                      help=text.FIELD_PREDICT_HELP,
                      placeholder=f"{text.EXAMPLE_PREFIX} {text.FIELD_PREDICT_EXAMPLE}",
                      max_chars=fc.MAX_FRAME_CHARS)
        st.selectbox(text.FIELD_TYPE, [t.id for t in fc.PROBLEM_TYPES],
                     format_func=lambda tid: fc.PROBLEM_TYPES_BY_ID[tid].name, index=None,
                     key=FRAME_KEYS["type"], help=text.FIELD_TYPE_HELP,
                     placeholder=text.FIELD_TYPE_PLACEHOLDER)
        with st.expander(text.TYPES_HEADING, icon=":material/category:",
                         expanded=card.type is None):
            st.markdown("\n".join(
                f"- **{t.name}**: {t.what} *{text.EXAMPLE_PREFIX} {t.example}* "
                f"{learning_badge(t)}"
                for t in fc.PROBLEM_TYPES))
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
            st.markdown(f"**{text.CARD_LABELS['type']}**  \n{ptype.name} {learning_badge(ptype)}  \n"
                        f"{ptype.what} *{text.EXAMPLE_PREFIX} {ptype.example}*  \n"
                        f"{ptype.learning}")
        else:
            st.markdown(f"**{text.CARD_LABELS['type']}**  \n:gray[{text.NOT_FILLED}]")
        st.markdown(f"**{text.PEOPLE_HEADING}**")
        st.markdown("\n".join(f"- **{r.title}**: {r.why}" for r in card.roles))
        if verdict.answered:
            st.markdown(f"**{text.VERDICT_HEADING}:** {verdict.label}"
                        + (f" {text.PROVISIONAL_TAG}" if verdict.provisional else ""))


def practice_cases() -> None:
    st.markdown(text.CASES_INTRO)
    choices = {c.id: st.session_state[case_key(c.id)] == "fits" for c in fc.PRACTICE_CASES
               if st.session_state.get(case_key(c.id)) in text.CASE_CHOICES}
    right, answered = fc.quiz_tally(choices)
    st.markdown(f"**{text.quiz_sentence(right, answered, len(fc.PRACTICE_CASES))}**")
    columns = st.columns(2, gap="medium")
    for i, case in enumerate(fc.PRACTICE_CASES):
        with columns[i % 2].container(border=True):
            st.markdown(f"**{i + 1}. {md(case.title)}**  \n{md(case.situation)}")
            choice = st.radio(text.CASE_QUESTION, list(text.CASE_CHOICES),
                              format_func=text.CASE_CHOICES.__getitem__, index=None,
                              horizontal=True, key=case_key(case.id))
            if choice is not None:
                correct = (choice == "fits") == case.fits
                box = st.success if correct else st.error
                box(f"**{text.CASE_RIGHT if correct else text.CASE_WRONG}** {md(case.reasoning)}",
                    icon=":material/check:" if correct else ":material/close:")
                question = fc.QUESTIONS_BY_ID[case.criterion]
                st.caption(f"{text.CASE_TEACHES} {case.criterion_label}. {md(question.text)}")


# --- the page ----------------------------------------------------------------------------

journey = load_journey()
page_header(text.PAGE_TITLE, text.PAGE_INTRO, visit="fit")
answers = dict(journey.fit_answers)
verdict = fc.score(answers)
card = fc.framing_from_answers(answers)

tab_questions, tab_card, tab_cases = st.tabs([text.TAB_QUESTIONS, text.TAB_CARD, text.TAB_CASES])
with tab_questions:
    left, right = st.columns([3, 2], gap="large")
    with left:
        questionnaire(verdict)
    with right:
        verdict_panel(verdict, answers)
with tab_card:
    problem_card(card, verdict)
with tab_cases:
    practice_cases()

sync_url(journey)
