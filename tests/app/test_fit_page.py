"""The "Should we use ML?" page: verdicts, hard stops, sharing by link, practice cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mlpm import fit_check as fc

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "fit.py"
GO = {q.id: q.favours for q in fc.QUESTIONS}


@pytest.fixture(autouse=True)
def _clean_caches() -> None:
    """Caches are process-wide, also across AppTest instances; each AppTest has its own session."""
    st.cache_data.clear()


@pytest.fixture
def page() -> AppTest:
    return AppTest.from_file(str(PAGE), default_timeout=30)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def answer(at: AppTest, answers: dict[str, str]) -> AppTest:
    for qid, value in answers.items():
        at.radio(key=f"fit_{qid}").set_value(value)
    return at.run()


def verdict_text(at: AppTest) -> str:
    boxes = [*at.success, *at.warning, *at.error]
    return " ".join(str(b.value) for b in boxes)


def test_renders_on_an_empty_journey(page: AppTest) -> None:
    at = page.run()
    no_exception(at)
    assert at.title[0].value == "Should we use ML?"
    assert [t.label for t in at.tabs] == ["Questionnaire", "Problem card", "Practice cases"]
    assert all(at.radio(key=f"fit_{q.id}").value is None for q in fc.QUESTIONS)
    assert any("Answer the questions" in str(i.value) for i in at.info)
    assert [b.key for b in at.download_button] == ["fit_brief_md", "fit_brief_html"]
    assert not at.query_params.get("fit")


def test_go_answers_give_a_good_fit_and_land_in_the_url(page: AppTest) -> None:
    at = answer(page.run(), GO)
    no_exception(at)
    assert "Good fit for ML" in at.success[0].value
    assert not at.error
    assert at.get("vega_lite_chart")
    assert at.session_state["mlpm_journey"].fit_answers == GO
    assert at.query_params["fit"] == fc.encode_answers(GO)["fit"]
    assert any("You answered 19 of 19 questions" in c.value for c in at.caption)


def test_a_no_go_answer_is_a_hard_stop(page: AppTest) -> None:
    at = answer(page.run(), {**GO, "perfect_accuracy": "yes"})
    no_exception(at)
    assert "Not an ML problem (yet)" in at.error[0].value
    assert not at.success
    shown = " ".join(m.value for m in at.markdown)
    assert "Hard stops" in shown
    assert "Needs 100% accuracy" in shown


def test_simple_rules_path_says_try_rules_first(page: AppTest) -> None:
    at = answer(page.run(), {**GO, "simple_rules": "yes"})
    no_exception(at)
    assert "Try simple rules first" in at.warning[0].value
    assert "Simple rules already work" in " ".join(m.value for m in at.markdown)


def test_few_answers_are_provisional(page: AppTest) -> None:
    at = answer(page.run(), {"complex_logic": "yes", "labels": "not sure"})
    no_exception(at)
    captions = " ".join(c.value for c in at.caption)
    assert "provisional" in captions
    assert "Find out about" in " ".join(m.value for m in at.markdown)


def test_answers_and_card_are_restored_from_the_link(page: AppTest) -> None:
    shared = {**GO, "simple_rules": "yes", "frame_problem": "Shoppers leave search empty-handed",
              "frame_type": "ranking"}
    for key, value in fc.encode_answers(shared).items():
        page.query_params[key] = value
    at = page.run()
    no_exception(at)
    assert at.radio(key="fit_simple_rules").value == "yes"
    assert at.radio(key="fit_complex_logic").value == "yes"
    assert at.text_area(key="fit_frame_problem").value == "Shoppers leave search empty-handed"
    assert at.selectbox(key="fit_frame_type").value == "ranking"
    assert "Try simple rules first" in verdict_text(at)
    assert at.session_state["mlpm_journey"].fit_answers == shared


def test_problem_card_fields_are_kept_and_shared(page: AppTest) -> None:
    at = page.run()
    at.text_input(key="fit_frame_goal").input("Cart rate +5% by Q3")
    at.selectbox(key="fit_frame_type").select("clustering")
    at.run()
    no_exception(at)
    assert at.session_state["mlpm_journey"].fit_answers == {
        "frame_goal": "Cart rate +5% by Q3", "frame_type": "clustering"}
    assert at.query_params["fg"] == "Cart rate +5% by Q3"
    shown = " ".join(m.value for m in at.markdown)
    assert "Clustering" in shown
    assert "Unsupervised" in shown


def test_practice_answer_shows_the_reasoning(page: AppTest) -> None:
    at = page.run()
    at.radio(key="fit_case_headquarters").set_value("fits").run()
    no_exception(at)
    case = fc.PRACTICE_CASES_BY_ID["headquarters"]
    assert any(case.reasoning in e.value and "Not quite" in e.value for e in at.error)
    at.radio(key="fit_case_grocery_search").set_value("fits").run()
    assert any(fc.PRACTICE_CASES_BY_ID["grocery_search"].reasoning in s.value for s in at.success)
    assert any("You got 1 of 2 right" in m.value for m in at.markdown)


def test_reset_clears_answers_and_link(page: AppTest) -> None:
    at = answer(page.run(), GO)
    at.button(key="fit_reset").click().run()
    no_exception(at)
    assert all(at.radio(key=f"fit_{q.id}").value is None for q in fc.QUESTIONS)
    assert at.session_state["mlpm_journey"].fit_answers == {}
    assert "fit" not in at.query_params
    assert not at.success


def test_page_survives_junk_in_the_journey_and_the_link(page: AppTest) -> None:
    page.query_params["fit"] = "1zz?"
    page.query_params["ft"] = "astrology"
    at = page.run()
    no_exception(at)
    at.session_state["mlpm_journey"].fit_answers.update({"scales": "maybe", "frame_type": "x"})
    at.run()
    no_exception(at)


def test_page_runs_inside_the_app_router() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.switch_page("pages/fit.py").run()
    no_exception(at)
    assert at.title[0].value == "Should we use ML?"
    answer(at, GO)
    no_exception(at)
    assert "Good fit for ML" in at.success[0].value
