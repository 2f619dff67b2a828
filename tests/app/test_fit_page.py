"""The "Should we use ML?" page: every verdict path, hard stops, the data, sharing, the tabs.

Each test runs the real router (app.py), so links to other pages work as in the browser.
AppTest reruns the whole script on each ``run()``; fragments make no difference to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from app_checks import no_exception
from streamlit.testing.v1 import AppTest

from mlpm.decide.link import encode_answers
from mlpm.decide.questions import HARD_STOPS, QUESTIONS, STOP_QUESTIONS, HardStop
from mlpm.explain import fit as text
from mlpm.explain.fit_verdict import verdict_for

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
GO = {q.id: q.favours for q in QUESTIONS}
NO_STOPS = {qid: None for qid in STOP_QUESTIONS}


def open_fit(at: AppTest) -> AppTest:
    at.switch_page("pages/fit.py").run()
    no_exception(at)
    return at


@pytest.fixture
def fit(app: AppTest) -> AppTest:
    """The app (router and all) on the "Should we use ML?" page, nothing answered."""
    return open_fit(app)


@pytest.fixture(scope="module")
def shared() -> AppTest:
    """One session for the verdict paths: each path sets all 19 answers, so order is moot."""
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    return open_fit(at)


def answer(at: AppTest, answers: dict[str, str | None]) -> AppTest:
    for qid, value in answers.items():
        at.radio(key=f"fit_{qid}").set_value(value)
    return at.run()


def answer_all(at: AppTest, answers: dict[str, str | None]) -> AppTest:
    """Set every question: the given answers, the rest cleared."""
    return answer(at, {q.id: answers.get(q.id) for q in QUESTIONS})


def verdict_box(at: AppTest) -> str:
    return " ".join(str(b.value) for b in [*at.success, *at.warning, *at.error])


def markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def bar(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith(f"**{text.BAR_LABEL}**"))


def links(at: AppTest) -> dict[str, str]:
    """Page links on screen: label -> target page."""
    return {p.proto.label: p.proto.page for p in at.get("page_link")}


# --- every verdict path --------------------------------------------------------------------

PATHS: dict[str, tuple[dict[str, str | None], str, str | None]] = {
    "go": (GO, "good_fit", None),
    "problem_weak": ({**GO, "complex_logic": "no", "scales": "no", "personalization": "no",
                      "real_time": "no"}, "rules_first", text.REASON_PROBLEM_WEAK),
    "data_gaps": ({**GO, "data_quality": "no", "data_fresh": "no", "data_enough": "partly",
                   "data_representative": "partly"}, "rules_first", text.REASON_DATA_GAPS),
    "mixed": ({**GO, "simple_rules": "partly", "static": "yes", "perfect_accuracy": "partly",
               "full_explain": "partly", "scales": "no", "personalization": "no",
               "data_quality": "partly", "data_fresh": "partly"},
              "rules_first", text.REASON_MIXED),
    "data_not_ready": ({**GO, "data_available": "no", "data_enough": "no", "data_quality": "no",
                        "data_fresh": "no"}, "not_ml", text.REASON_DATA_NOT_READY),
    "mostly_against": ({**{q.id: ("yes" if q.favours == "no" else "no") for q in QUESTIONS},
                        **NO_STOPS}, "not_ml", text.REASON_MOSTLY_AGAINST),
}


@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_every_verdict_path(shared: AppTest, path: str) -> None:
    answers, verdict_id, reason = PATHS[path]
    at = answer_all(shared, answers)
    no_exception(at)
    label = text.VERDICTS[verdict_id].label
    assert f"#### {label}" in verdict_box(at)
    assert label in bar(at)
    assert verdict_for({k: v for k, v in answers.items() if v}).verdict == verdict_id
    if reason:
        assert f"- {reason}" in markdown(at)
    assert f"**{text.HARD_STOPS_HEADING}**" not in markdown(at)
    next_link = text.VERDICTS[verdict_id].next_link
    if next_link:
        assert links(at)[f"**{next_link}**"].endswith("data")
    else:
        assert text.VERDICTS[verdict_id].next_step.split(":")[0] in markdown(at)


@pytest.mark.parametrize("stop", HARD_STOPS, ids=lambda s: s.id)
def test_each_hard_stop_beats_a_perfect_score(shared: AppTest, stop: HardStop) -> None:
    words = text.HARD_STOPS[stop.id]
    at = answer_all(shared, {**GO, stop.question_id: stop.answer})
    no_exception(at)
    label = text.VERDICTS[stop.effect].label
    assert f"#### {label}" in verdict_box(at)
    shown = markdown(at)
    assert f"**{text.HARD_STOPS_HEADING}**" in shown
    assert f"**{words.title}.**" in shown
    assert f"{text.HARD_STOP_MARK}: {words.title}" in bar(at)  # in view while scrolling
    assert words.fix in shown
    assert text.HARD_STOPS_NOTE in captions(at)


# --- the page itself -----------------------------------------------------------------------

def test_renders_on_an_empty_journey(fit: AppTest) -> None:
    at = fit
    assert at.title[0].value == "Should we use ML?"
    assert [t.label for t in at.tabs] == ["Questionnaire", "Problem card", "Practice cases"]
    assert all(at.radio(key=f"fit_{q.id}").value is None for q in QUESTIONS)
    assert any(text.BAR_EMPTY in m.value for m in at.markdown)
    assert any("Answer the questions" in str(i.value) for i in at.info)
    assert [b.key for b in at.download_button] == ["fit_brief_md", "fit_brief_html"]
    assert all(b.proto.disabled for b in at.download_button)
    assert not at.query_params.get("fit")
    assert text.DATA_NONE in captions(at)
    found = links(at)
    assert found[text.DATA_LINK_LOAD].endswith("data")
    assert found[f"**{text.NEXT_PAGE_LINK}**"].endswith("data")  # the page ends with a next step
    assert not at.radio(key="fit_complex_logic").help  # no "?" floating far from its label


def test_go_answers_give_a_good_fit_and_land_in_the_url(fit: AppTest) -> None:
    at = answer(fit, GO)
    no_exception(at)
    assert "Good fit for ML" in at.success[0].value
    assert not at.error
    assert at.get("vega_lite_chart")
    assert at.session_state["mlpm_journey"].fit_answers == GO
    assert at.query_params["fit"] == encode_answers(GO)["fit"]
    assert any("You answered 19 of 19 questions" in c.value for c in at.caption)
    assert "19 of 19 answered" in bar(at)
    assert not any(b.proto.disabled for b in at.download_button)


def test_each_answer_says_what_it_does_in_plain_words(fit: AppTest) -> None:
    at = answer(fit, {"complex_logic": "yes", "static": "no", "simple_rules": "yes",
                      "personalization": "no", "data_quality": "not sure"})
    no_exception(at)
    shown = markdown(at)
    assert ":green-badge[+2 for ML]" in shown
    assert ":green-badge[+0.5 for ML] This warning sign does not apply." in shown
    assert ":red-badge[2 against ML] This warning sign applies." in shown
    assert "a no costs nothing" in shown
    assert ":orange-badge[0.25 against ML] Not sure yet" in shown
    assert "No warning sign" not in captions(at)
    assert "1 warning sign applies (2 of 4 answered)" in captions(at)
    assert "leans toward ML" not in captions(at) + shown


def test_few_answers_are_provisional(fit: AppTest) -> None:
    at = answer(fit, {"complex_logic": "yes", "labels": "not sure"})
    no_exception(at)
    assert "provisional" in captions(at)
    assert text.PROVISIONAL_TAG in bar(at)
    assert "Find out about" in markdown(at)


def test_answers_and_card_are_restored_from_the_link(app: AppTest) -> None:
    shared_answers = {**GO, "simple_rules": "yes",
                      "frame_problem": "Shoppers leave search empty-handed",
                      "frame_type": "ranking"}
    for key, value in encode_answers(shared_answers).items():
        app.query_params[key] = value
    at = open_fit(app)
    assert at.radio(key="fit_simple_rules").value == "yes"
    assert at.radio(key="fit_complex_logic").value == "yes"
    assert "Try simple rules first" in verdict_box(at)
    assert at.session_state["mlpm_journey"].fit_answers == shared_answers
    at.session_state["fit_tab"] = text.TAB_CARD
    at.run()
    no_exception(at)
    assert at.text_area(key="fit_frame_problem").value == "Shoppers leave search empty-handed"
    assert at.selectbox(key="fit_frame_type").value == "ranking"


def test_problem_card_fields_are_kept_and_shared(fit: AppTest) -> None:
    at = fit
    at.session_state["fit_tab"] = text.TAB_CARD
    at.run()
    assert not at.radio  # only the open tab runs
    at.text_input(key="fit_frame_goal").input("Cart rate +5% by Q3")
    at.selectbox(key="fit_frame_type").select("clustering")
    at.run()
    no_exception(at)
    assert at.session_state["mlpm_journey"].fit_answers == {
        "frame_goal": "Cart rate +5% by Q3", "frame_type": "clustering"}
    assert at.query_params["fg"] == "Cart rate +5% by Q3"
    shown = markdown(at)
    assert "Clustering" in shown
    assert "Unsupervised" in shown
    at.session_state["fit_tab"] = text.TAB_QUESTIONS  # back: answers and card both kept
    at.run()
    answer(at, {"labels": "yes"})
    assert at.session_state["mlpm_journey"].fit_answers["frame_type"] == "clustering"
    assert at.query_params["ft"] == "clustering"


def test_answers_survive_a_visit_to_another_tab_and_page(fit: AppTest) -> None:
    at = answer(fit, GO)
    at.session_state["fit_tab"] = text.TAB_CASES
    at.run()
    at.switch_page("pages/data.py").run()
    at.switch_page("pages/fit.py").run()
    at.session_state["fit_tab"] = text.TAB_QUESTIONS
    at.run()
    no_exception(at)
    assert all(at.radio(key=f"fit_{q.id}").value == q.favours for q in QUESTIONS)
    assert "Good fit for ML" in verdict_box(at)


def test_practice_answer_shows_the_reasoning(fit: AppTest) -> None:
    at = fit
    at.session_state["fit_tab"] = text.TAB_CASES
    at.run()
    at.radio(key="fit_case_headquarters").set_value("fits").run()
    no_exception(at)
    case = text.CASES["headquarters"]
    assert any(case.reasoning in e.value and "Not quite" in e.value for e in at.error)
    at.radio(key="fit_case_grocery_search").set_value("fits").run()
    assert any(text.CASES["grocery_search"].reasoning in s.value for s in at.success)
    assert any("You got 1 of 2 right" in m.value for m in at.markdown)


def test_reset_clears_answers_and_link(fit: AppTest) -> None:
    at = answer(fit, GO)
    at.button(key="fit_reset").click().run()
    no_exception(at)
    assert all(at.radio(key=f"fit_{q.id}").value is None for q in QUESTIONS)
    assert at.session_state["mlpm_journey"].fit_answers == {}
    assert "fit" not in at.query_params
    assert not at.success


def test_page_survives_junk_in_the_journey_and_the_link(app: AppTest) -> None:
    app.query_params["fit"] = "1zz?"
    app.query_params["ft"] = "astrology"
    at = open_fit(app)
    journey = at.session_state["mlpm_journey"]
    assert journey.fit_answers == {}  # nothing in the bad link reads as an answer …
    assert "fit" not in at.query_params
    assert "ft" not in at.query_params
    journey.fit_answers.update({"scales": "maybe", "frame_type": "x"})
    at.run()
    no_exception(at)
    # The junk is not read as answers: nothing is picked, scored or put back in the link.
    assert all(at.radio(key=f"fit_{q.id}").value is None for q in QUESTIONS)
    assert text.BAR_EMPTY in markdown(at)
    assert "fit" not in at.query_params
    assert "ft" not in at.query_params
    assert "scales" not in journey.fit_answers  # … and no answer outside Yes/No/… is kept
    assert verdict_box(at) == ""  # no verdict from junk


# --- data says vs you said -----------------------------------------------------------------

def test_data_says_beside_each_answer_with_the_churn_sample(app: AppTest) -> None:
    app.button(key="sample_churn").click().run()
    at = open_fit(app)
    assert "churn.csv" in markdown(at)
    assert "predicting churned" in markdown(at)
    assert text.DATA_NONE not in captions(at)
    assert links(at)[text.DATA_LINK_OPEN].endswith("data")
    answers = {**GO, "data_enough": "no", "data_quality": "not sure"}
    at = answer(at, answers)
    no_exception(at)
    journey = at.session_state["mlpm_journey"]
    rows = journey.dataset.n_rows

    enough = data_markdown(at, "data_enough")
    assert "rows at the smallest class" in enough
    assert text.DATA_OUTCOME_LABELS["contradiction"] in enough
    assert "You said No, but the data points to Yes" in enough
    assert text.DATA_OUTCOME_LABELS["differs"] in data_markdown(at, "data_unbiased")
    assert "senior_citizen" in data_markdown(at, "data_unbiased")
    assert text.DATA_OUTCOME_LABELS["open"] in data_markdown(at, "data_quality")
    assert text.DATA_OUTCOME_LABELS["agree"] in data_markdown(at, "data_permitted")
    assert "days old" in data_markdown(at, "data_fresh")
    assert data_markdown(at, "data_available") == ""  # the review can't see access rights
    warnings = " ".join(w.value for w in at.warning)
    assert text.contradictions_sentence(["Enough data"]) in warnings
    assert "Contradicts your answer: Enough data" in bar(at)
    assert f"{rows:,} rows" in markdown(at)
    # The data does not change the verdict; it only flags the conflict.
    assert f"#### {verdict_for(answers).label}" in verdict_box(at)
    # One click takes the data's answer for the "not sure".
    at.button(key="fit_use_data_data_quality").click().run()
    no_exception(at)
    assert at.radio(key="fit_data_quality").value == "yes"
    assert journey.fit_answers["data_quality"] == "yes"
    assert "fit_use_data_data_quality" not in [b.key for b in at.button]


def data_markdown(at: AppTest, question_id: str) -> str:
    """The "Data says" note under one question (its keyed container); '' when there is none."""
    suffix = f"-fit_data_{question_id}"

    def find(node) -> str | None:
        for child in getattr(node, "children", {}).values():
            if str(getattr(getattr(child, "proto", None), "id", "")).endswith(suffix):
                return " ".join(m.value for m in child.markdown)
            found = find(child)
            if found is not None:
                return found
        return None

    return find(at._tree) or ""
