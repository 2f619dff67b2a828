"""The "Should we use ML?" step: scoring, hard stops, sharing, practice cases, the brief."""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest

from mlpm.charts.common import FRAME_HEIGHT
from mlpm.charts.fit import ROW_STEP, score_breakdown_chart
from mlpm.data.dataset import Dataset
from mlpm.data.readiness import assess
from mlpm.decide import data_answers, framing, link, practice, questions, scoring
from mlpm.decide.data_answers import check_answer, compare_with_data
from mlpm.explain import fit as text
from mlpm.explain.data import Light, readiness_lights
from mlpm.explain.fit_verdict import LEAN_REASONS, verdict_for
from mlpm.present.fit_brief import brief_markdown
from mlpm.present.fit_brief_html import brief_html

GO = {q.id: q.favours for q in questions.QUESTIONS}
"""Every question answered the way that favours ML."""


def against(answer: str) -> str:
    return "no" if answer == "yes" else "yes"


# --- verdict paths -------------------------------------------------------------------------

def test_all_favourable_answers_are_a_firm_good_fit() -> None:
    verdict = verdict_for(GO)
    assert verdict.verdict == "good_fit"
    assert verdict.label == "Good fit for ML"
    assert not verdict.provisional
    assert not verdict.hard_stops
    assert verdict.points == pytest.approx(verdict.best_possible)
    assert verdict.answered == verdict.total_questions == len(questions.QUESTIONS)
    assert verdict.reasons
    assert all(r in {t.for_ml for t in text.QUESTIONS.values()} for r in verdict.reasons)
    assert text.CHANGE_GOOD_FIT in verdict.what_would_change


def test_simple_rules_cap_the_verdict_at_rules_first() -> None:
    verdict = verdict_for({**GO, "simple_rules": "yes"})
    assert verdict.verdict == "rules_first"
    assert verdict.label == "Try simple rules first"
    assert [s.id for s in verdict.hard_stops] == ["rules_work"]
    assert not verdict.blocked
    assert verdict.ratio > scoring.GOOD_FIT_FROM  # the score alone would say "go"


def test_simple_rules_is_at_best_rules_first_and_can_be_worse() -> None:
    bad_data = {q.id: "no" for q in questions.questions_in("data")}
    verdict = verdict_for({**GO, **bad_data, "data_permitted": "yes", "data_fair": "yes",
                        "simple_rules": "yes"})
    assert verdict.verdict == "not_ml"


def test_a_problem_that_does_not_need_ml_means_rules_first() -> None:
    weak = {**GO, "complex_logic": "no", "scales": "no", "personalization": "no",
            "real_time": "no"}
    verdict = verdict_for(weak)
    assert verdict.verdict == "rules_first"
    assert not verdict.hard_stops
    assert verdict.reasons[0] == text.REASON_PROBLEM_WEAK
    assert text.QUESTIONS["complex_logic"].against_ml in verdict.reasons


def test_data_with_gaps_means_rules_first() -> None:
    gaps = {**GO, "data_quality": "no", "data_fresh": "no", "data_enough": "partly",
            "data_representative": "partly"}
    verdict = verdict_for(gaps)
    assert verdict.verdict == "rules_first"
    assert verdict.reasons[0] == text.REASON_DATA_GAPS


def test_data_that_is_not_ready_means_not_ml_yet() -> None:
    not_ready = {**GO, **{qid: "no" for qid in ("data_available", "data_enough",
                                                 "data_quality", "data_fresh")}}
    verdict = verdict_for(not_ready)
    assert verdict.verdict == "not_ml"
    assert verdict.label == "Not an ML problem (yet)"
    assert not verdict.hard_stops
    assert verdict.reasons[0] == text.REASON_DATA_NOT_READY
    assert text.QUESTIONS["data_available"].improve in verdict.what_would_change


def test_more_reasons_against_than_for_means_not_ml() -> None:
    answers = {q.id: ("yes" if q.favours == "no" else "no") for q in questions.QUESTIONS
               if q.id not in questions.STOP_QUESTIONS}
    verdict = verdict_for(answers)
    assert verdict.points < 0
    assert verdict.verdict == "not_ml"
    assert verdict.reasons[0] == text.REASON_MOSTLY_AGAINST


@pytest.mark.parametrize("stop", questions.HARD_STOPS, ids=lambda s: s.id)
def test_each_hard_stop_overrides_an_otherwise_perfect_score(stop: questions.HardStop) -> None:
    verdict = verdict_for({**GO, stop.question_id: stop.answer})
    assert [s.id for s in verdict.hard_stops] == [stop.id]
    assert verdict.verdict == stop.effect
    assert verdict.ratio > scoring.GOOD_FIT_FROM  # the score alone would have said "go"
    assert text.HARD_STOPS[stop.id].fix in verdict.what_would_change
    assert not verdict.provisional
    # The stopped question is explained by the hard stop, not repeated as a reason.
    assert text.QUESTIONS[stop.question_id].against_ml not in verdict.reasons


def test_the_brief_s_hard_stops_all_exist() -> None:
    triggers = {(s.question_id, s.answer, s.effect) for s in questions.HARD_STOPS}
    assert triggers == {
        ("perfect_accuracy", "yes", "not_ml"), ("full_explain", "yes", "not_ml"),
        ("data_permitted", "no", "not_ml"), ("data_fair", "no", "not_ml"),
        ("repeats", "no", "not_ml"), ("labels", "no", "not_ml"),
        ("simple_rules", "yes", "rules_first")}


def test_several_hard_stops_are_all_listed() -> None:
    verdict = verdict_for({**GO, "perfect_accuracy": "yes", "data_fair": "no", "repeats": "no"})
    assert verdict.verdict == "not_ml"
    assert {s.id for s in verdict.hard_stops} == {"needs_100_percent", "discriminates", "one_off"}


def test_partly_on_a_hard_stop_question_is_not_a_hard_stop() -> None:
    verdict = verdict_for({**GO, "perfect_accuracy": "partly", "labels": "partly"})
    assert not verdict.hard_stops
    assert verdict.points_by_question["perfect_accuracy"] < 0


# --- provisional, not sure, input hygiene ---------------------------------------------------

def test_few_answers_give_a_provisional_verdict() -> None:
    verdict = verdict_for({"complex_logic": "yes", "scales": "yes", "labels": "yes"})
    assert verdict.provisional
    assert verdict.answered == 3
    assert text.change_answer_rest(len(questions.QUESTIONS) - 3) in verdict.what_would_change
    assert verdict_for({}).provisional


def test_unanswered_deal_breaker_keeps_the_verdict_provisional() -> None:
    answers = {k: v for k, v in GO.items() if k != "data_fair"}
    verdict = verdict_for(answers)
    assert verdict.verdict == "good_fit"
    assert verdict.provisional
    assert verdict.missing_stop_questions == ("data_fair",)


def test_a_hard_stop_is_never_provisional() -> None:
    verdict = verdict_for({"perfect_accuracy": "yes"})
    assert verdict.verdict == "not_ml"
    assert not verdict.provisional


def test_not_sure_is_slightly_negative_and_becomes_a_find_out() -> None:
    q = questions.QUESTIONS_BY_ID["data_quality"]
    assert -q.weight < q.points("not sure") < 0
    assert q.points("not sure") > q.points("no")
    verdict = verdict_for({**GO, "data_quality": "not sure", "labels": "not sure"})
    assert verdict.find_out == ("labels", "data_quality")
    words = text.QUESTIONS[q.id]
    assert text.find_out_sentence(words.short, words.find_out) in verdict.what_would_change
    assert verdict.questions[[r.question_id for r in verdict.questions].index(
        "data_quality")].direction == "unsure"
    assert verdict.verdict == "good_fit"  # two "not sure"s lower the score, they don't sink it


def test_score_ignores_framing_fields_and_junk() -> None:
    noisy = {**GO, "frame_problem": "yes", "unknown": "yes", "scales": "maybe",
             "labels": " YES "}
    verdict = verdict_for(noisy)
    assert verdict.answered == len(questions.QUESTIONS) - 1
    assert verdict.points_by_question["labels"] == questions.QUESTIONS_BY_ID["labels"].best


def test_points_add_up_per_section_and_overall() -> None:
    rnd = random.Random(7)
    answers = {q.id: rnd.choice(questions.ANSWERS) for q in questions.QUESTIONS}
    verdict = verdict_for(answers)
    assert sum(verdict.points_by_section.values()) == pytest.approx(verdict.points)
    assert sum(verdict.points_by_question.values()) == pytest.approx(verdict.points)
    for section in verdict.sections:
        assert section.worst <= section.points <= section.best


def test_every_answer_scores_between_worst_and_best() -> None:
    for q in questions.QUESTIONS:
        assert q.favours in ("yes", "no")
        assert q.best > 0
        for answer in questions.ANSWERS:
            assert q.worst <= q.points(answer) <= q.best


def test_questions_are_grouped_into_the_three_sections() -> None:
    assert [text.SECTIONS[s].title for s in questions.SECTIONS] == [
        "The problem", "Reasons not to use ML", "The data"]
    for section in questions.SECTIONS:
        assert questions.questions_in(section)
    # In "Reasons not to use ML" a yes counts against ML; elsewhere a yes counts for it.
    assert all(q.favours == "no" for q in questions.questions_in("against"))
    assert all(q.favours == "yes"
               for q in questions.questions_in("problem") + questions.questions_in("data"))


# --- sharing ------------------------------------------------------------------------------

FRAME = {"frame_problem": "Shoppers can't find fresh food & leave", "frame_goal": "Cart +5% by Q3",
         "frame_predict": "Product group per query", "frame_type": "classification"}


@pytest.mark.parametrize("seed", range(5))
def test_encode_decode_round_trip(seed: int) -> None:
    rnd = random.Random(seed)
    answers = {q.id: rnd.choice(questions.ANSWERS) for q in questions.QUESTIONS
               if rnd.random() < 0.7}
    answers.update(FRAME)
    params = link.encode_answers(answers)
    assert set(params) <= set(link.QUERY_KEYS)
    assert len(params["fit"]) <= 1 + len(questions.QUESTIONS)
    assert link.decode_answers(params) == answers


def test_encoding_is_one_letter_per_question() -> None:
    assert link.encode_answers(GO)["fit"] == "1" + "".join(
        "y" if q.favours == "yes" else "n" for q in questions.QUESTIONS)
    assert link.encode_answers({}) == {}
    assert link.decode_answers({}) == {}


def test_decode_ignores_bad_input() -> None:
    assert link.decode_answers({"fit": "9yyyy"}) == {}  # unknown version
    assert link.decode_answers({"fit": "1y?x" + "y" * 50}) == {
        q.id: "yes" for q in questions.QUESTIONS if q.id not in ("scales", "personalization")}
    assert link.decode_answers({"ft": "astrology", "fp": "  "}) == {}
    assert link.decode_answers({"fit": ["1n", "1y"]}) == {"complex_logic": "yes"}


def test_long_framing_text_is_cut_to_keep_links_short() -> None:
    params = link.encode_answers({"frame_problem": "word " * 200})
    assert len(params["fp"]) <= framing.MAX_FRAME_CHARS


# --- framing ------------------------------------------------------------------------------

def test_problem_types_say_whether_they_need_labels() -> None:
    assert [t.id for t in framing.PROBLEM_TYPES] == [
        "classification", "regression", "clustering", "ranking", "recommendation",
        "anomaly_detection"]
    assert {t.id for t in framing.PROBLEM_TYPES if not t.supervised} == {"clustering",
                                                                     "anomaly_detection"}
    for t in framing.PROBLEM_TYPES:
        words = text.PROBLEM_TYPES[t.id]
        assert words.name
        assert words.what
        assert words.example
    assert text.learning_sentence(True) == text.SUPERVISED_TEXT
    assert text.learning_sentence(False) == text.UNSUPERVISED_TEXT


def test_framing_card_from_answers() -> None:
    card = framing.framing_from_answers({**GO, **FRAME})
    assert card.problem == FRAME["frame_problem"]
    assert card.type is framing.PROBLEM_TYPES_BY_ID["classification"]
    assert card.supervised is True
    assert framing.framing_from_answers({}).is_empty
    assert framing.framing_from_answers({}).supervised is None
    assert card.to_answers() == FRAME
    assert list(text.ROLES) == ["ml_scientist", "data_engineer", "software_engineer",
                                "bi_engineer"]


# --- practice cases -----------------------------------------------------------------------

def test_practice_cases_cover_every_criterion() -> None:
    covered = {c.criterion for c in practice.PRACTICE_CASES}
    assert covered == set(questions.QUESTIONS_BY_ID)
    assert len(practice.PRACTICE_CASES) >= 12
    assert len({c.id for c in practice.PRACTICE_CASES}) == len(practice.PRACTICE_CASES)
    assert {c.fits for c in practice.PRACTICE_CASES} == {True, False}


def test_the_six_cases_from_the_brief_have_the_right_answers() -> None:
    expected = {"copyright_apparel": (False, "perfect_accuracy"),
                "resume_priority": (False, "data_unbiased"),
                "ethnic_products": (False, "data_fair"),
                "seller_revenue": (True, "complex_logic"),
                "headquarters": (False, "repeats"),
                "grocery_search": (True, "scales")}
    for case_id, (fits, criterion) in expected.items():
        case = practice.PRACTICE_CASES_BY_ID[case_id]
        assert (case.fits, case.criterion) == (fits, criterion)


def test_practice_cases_have_text_and_the_reasoning_matches_the_answer() -> None:
    assert set(text.CASES) == {c.id for c in practice.PRACTICE_CASES}
    for case in practice.PRACTICE_CASES:
        words = text.CASES[case.id]
        assert words.title
        assert words.situation
        assert words.reasoning.startswith("Fits." if case.fits else "Does not fit")


def test_quiz_tally() -> None:
    assert practice.quiz_tally({}) == (0, 0)
    choices = {"headquarters": False, "grocery_search": False, "nope": True}
    assert practice.quiz_tally(choices) == (1, 2)


# --- wording ------------------------------------------------------------------------------

def test_every_question_has_all_its_text() -> None:
    for q in questions.QUESTIONS:
        for name in ("text", "short", "why", "example", "for_ml", "against_ml", "improve",
                     "find_out"):
            assert getattr(text.QUESTIONS[q.id], name).strip(), (q.id, name)
        assert text.QUESTIONS[q.id].text.endswith("?")
    assert set(text.QUESTIONS) == set(questions.QUESTIONS_BY_ID)


def test_every_verdict_and_hard_stop_has_text() -> None:
    assert {v: text.VERDICTS[v].label for v in scoring.VERDICTS} == {
        "good_fit": "Good fit for ML", "rules_first": "Try simple rules first",
        "not_ml": "Not an ML problem (yet)"}
    for v in scoring.VERDICTS:
        assert text.VERDICTS[v].summary
        assert text.VERDICTS[v].next_step
    assert set(text.HARD_STOPS) == {s.id for s in questions.HARD_STOPS}
    for stop in text.HARD_STOPS.values():
        assert stop.title
        assert stop.why
        assert stop.fix
    for role in text.ROLES.values():
        assert role.title
        assert role.why


def _syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def _generated_sentences() -> list[str]:
    """What the sentence functions say, for a spread of inputs."""
    out = [text.score_sentence(12.5, 22.5), text.provisional_sentence(5, 19, ["Enough data"]),
           text.contradictions_sentence(["Enough data", "Allowed to use"]),
           text.contradictions_sentence(["Fresh"]), text.differences_sentence(["Unbiased"]),
           text.data_intro("churn.csv", 3000, "churned"),
           text.data_brief_intro("churn.csv", 3000, "abc", "churned"),
           text.next_page_note("churn.csv"), text.next_page_note(None)]
    for section_id, warnings in (("problem", 0), ("against", 0), ("against", 2), ("data", 1)):
        out.append(text.section_sentence(3.5, 9, 4, 6, section_id=section_id,
                                         warnings=warnings))
    for q in questions.QUESTIONS:
        for answer in questions.ANSWERS:
            out.append(" ".join(text.answer_effect(q.favours, answer, q.points(answer),
                                                  soft=q.soft)))
    for outcome in data_answers.DATA_OUTCOMES:
        for detects_only in (False, True):
            out.append(text.data_check_sentence(outcome, "Yes", "No",
                                                detects_only=detects_only))
    return [s for s in out if len(s.split()) > 5]


def _all_sentences() -> list[str]:
    out: list[str] = []
    for table in (text.QUESTIONS, text.HARD_STOPS, text.VERDICTS, text.CASES,
                  text.PROBLEM_TYPES, text.ROLES, text.SECTIONS):
        for item in table.values():
            out += [v for v in dataclasses.astuple(item) if len(v.split()) > 5]
    out += [v for v in vars(text).values() if isinstance(v, str) and len(v.split()) > 5]
    return out + _generated_sentences()


def test_text_reads_at_about_grade_nine_or_below() -> None:
    """A rough Flesch-Kincaid grade over all of this step's text (a guard, not a judge)."""
    body = " ".join(s if s.rstrip()[-1] in ".?!" else s + "." for s in _all_sentences())
    words = re.findall(r"[A-Za-z0-9']+", body)
    sentences = len(re.findall(r"[.?!]+(?:\s|$)", body))
    grade = (0.39 * len(words) / sentences
             + 11.8 * sum(map(_syllables, words)) / len(words) - 15.59)
    assert grade <= 9, grade


def test_each_new_text_block_reads_at_about_grade_nine_or_below() -> None:
    """The page's own prose and the data comparison, measured apart from the big tables."""
    for block in (_generated_sentences(),
                  [v for v in vars(text).values() if isinstance(v, str)
                   and len(v.split()) > 5]):
        body = " ".join(s if s.rstrip()[-1] in ".?!" else s + "." for s in block)
        words = re.findall(r"[A-Za-z0-9']+", body)
        sentences = len(re.findall(r"[.?!]+(?:\s|$)", body))
        grade = (0.39 * len(words) / sentences
                 + 11.8 * sum(map(_syllables, words)) / len(words) - 15.59)
        assert grade <= 9, grade


# --- the brief ----------------------------------------------------------------------------

URL = re.compile(r"https?://|www\.", re.IGNORECASE)


@pytest.mark.parametrize("answers", [
    {}, GO, {**GO, **FRAME}, {**GO, "perfect_accuracy": "yes", "data_quality": "not sure"},
], ids=["empty", "go", "framed", "stopped"])
def test_brief_has_no_urls_and_holds_the_verdict(answers: dict[str, str]) -> None:
    verdict = verdict_for(answers)
    md = brief_markdown(answers)
    page = brief_html(answers)
    for doc in (md, page):
        assert not URL.search(doc)
        assert verdict.label in doc
        for reason in verdict.reasons:
            assert reason in doc or reason.replace("'", "&#x27;") in doc
    assert "<script" not in page
    assert "src=" not in page
    assert "href=" not in page
    assert page.startswith("<!DOCTYPE html>")
    assert page.endswith("</html>")


def test_brief_contains_the_card_and_answers_and_escapes_user_text() -> None:
    answers = {**GO, **FRAME, "frame_goal": "<b>Cart</b> | +5%"}
    md = brief_markdown(answers)
    page = brief_html(answers)
    assert "Classification" in md
    assert "Classification" in page
    assert "Product group per query" in md
    assert "Product group per query" in page
    assert "<b>Cart</b>" not in page
    assert "&lt;b&gt;Cart&lt;/b&gt;" in page
    assert r"\| +5%" in md  # a pipe in user text can't break a Markdown table
    for q in questions.QUESTIONS:
        assert text.QUESTIONS[q.id].text in md
    for role in text.ROLES.values():
        assert role.title in md


# --- chart --------------------------------------------------------------------------------

def _chart_rows(chart: alt.TopLevelMixin) -> list[dict[str, object]]:
    return [r for r in chart.data.to_dict("records") if r["kind"] == "question"]


def test_breakdown_chart_has_one_bar_per_answered_question() -> None:
    verdict = verdict_for({"complex_logic": "yes", "simple_rules": "yes", "data_fresh": "not sure"})
    chart = score_breakdown_chart(verdict)
    assert isinstance(chart, alt.LayerChart)
    rows = _chart_rows(chart)
    assert [r["points"] for r in rows] == [2.0, -2.0, -0.25]
    assert [r["direction"] for r in rows] == [text.DIRECTION_LABELS[d]
                                              for d in ("for", "against", "unsure")]
    assert [r["label"] for r in rows] == ["Logic too complex for rules: Yes (+2)",
                                          "Simple rules work: Yes (-2)",
                                          "Fresh: Not sure (-0.25)"]
    headings = [r["label"] for r in chart.data.to_dict("records") if r["kind"] == "section"]
    assert headings == ["The problem", "Reasons not to use ML", "The data"]


def test_breakdown_chart_fits_its_column_and_sizes_its_height() -> None:
    """No label column and no fixed width: Streamlit stretches it to the verdict column."""
    few = score_breakdown_chart(verdict_for({"complex_logic": "yes"}))
    many = score_breakdown_chart(verdict_for(GO))
    spec = many.to_dict()
    assert "width" not in spec
    rows = len(questions.QUESTIONS) + len(questions.SECTIONS)
    assert spec["height"] >= ROW_STEP * rows + FRAME_HEIGHT
    assert few.to_dict()["height"] == spec["height"] - ROW_STEP * (rows - 2)
    for layer in spec["layer"]:
        assert layer["encoding"]["y"]["axis"] is None  # labels sit above the bars instead
    assert score_breakdown_chart(verdict_for(GO), width=300).to_dict()["width"] == 300


def test_breakdown_chart_by_section_and_bad_option() -> None:
    verdict = verdict_for(GO)
    chart = score_breakdown_chart(verdict, by="section")
    assert [r["section"] for r in chart.data.to_dict("records")] == [
        text.SECTIONS[s].title for s in questions.SECTIONS]
    assert score_breakdown_chart(verdict_for({})).data.empty
    with pytest.raises(ValueError, match="'question', 'section'"):
        score_breakdown_chart(verdict, by="pie")


# --- data says vs you said -----------------------------------------------------------------

def item(key: str, status: str, headline: str = "Measured.") -> Light:
    return Light(key, status, headline, {"rows": 1})


@pytest.mark.parametrize(("answer", "status", "outcome", "suggested"), [
    ("yes", "good", "agree", "yes"),
    ("partly", "warn", "agree", "partly"),
    ("no", "bad", "agree", "no"),
    ("yes", "warn", "differs", "partly"),
    ("partly", "bad", "differs", "no"),
    ("no", "warn", "differs", "partly"),
    ("yes", "bad", "contradiction", "no"),
    ("no", "good", "contradiction", "yes"),
    ("not sure", "bad", "open", "no"),
    ("", "good", "open", "yes"),
    ("yes", "unknown", "no_evidence", ""),
    ("", "unknown", "no_evidence", ""),
])
def test_a_two_sided_measure_can_agree_differ_or_contradict(answer: str, status: str,
                                                            outcome: str, suggested: str) -> None:
    check = check_answer("data_enough", answer, item("sufficient", status, "40 rows."))
    assert (check.outcome, check.suggested) == (outcome, suggested)
    assert check.headline == "40 rows."
    assert text.QUESTIONS[check.question_id].short == "Enough data"
    assert check.conflict is (outcome in ("differs", "contradiction"))
    assert text.data_check_text(check) or outcome == "agree"


@pytest.mark.parametrize(("answer", "status", "outcome"), [
    ("yes", "bad", "contradiction"),     # said "allowed", but emails were found
    ("yes", "warn", "differs"),
    ("partly", "bad", "differs"),
    ("no", "bad", "agree"),
    ("no", "warn", "agree"),
    ("yes", "good", "agree"),
    ("no", "good", "no_evidence"),        # finding no emails doesn't prove consent
    ("partly", "good", "no_evidence"),
    ("", "good", "open"),
    ("", "bad", "open"),
])
def test_a_problem_detector_can_only_contradict_a_yes(answer: str, status: str,
                                                      outcome: str) -> None:
    for question_id, key in (("data_permitted", "private"), ("data_unbiased", "unbiased"),
                             ("data_representative", "representative")):
        check = check_answer(question_id, answer, item(key, status))
        assert check.detects_only
        assert check.outcome == outcome, (question_id, answer, status)
        assert check.suggested == ("" if status == "good" else data_answers._STATUS_ANSWER[status])


def test_compare_with_data_links_each_measure_to_its_question() -> None:
    items = {key: item(key, "good") for key in
             ("sufficient", "fresh", "representative", "unbiased", "private", "quality")}
    data = compare_with_data({**GO, "data_enough": "no", "data_fresh": "not sure"}, items,
                             dataset="churn.csv", rows=3000, version="abc", target="churned")
    assert [c.question_id for c in data.checks] == [
        "data_enough", "data_quality", "data_fresh", "data_representative", "data_unbiased",
        "data_permitted"]
    assert {c.item_key for c in data.checks} == set(items)
    assert [c.question_id for c in data.contradictions] == ["data_enough"]
    assert data.check("data_fresh").outcome == "open"
    assert data.check("data_available") is None  # the review can't see access rights
    assert not data.differences


def test_compare_with_data_leaves_out_what_the_review_did_not_measure() -> None:
    data = compare_with_data(GO, {"private": item("private", "bad", "Emails in 'email'.")})
    assert [c.question_id for c in data.checks] == ["data_permitted"]
    assert data.contradictions[0].headline == "Emails in 'email'."
    assert compare_with_data(GO, {}).checks == ()


def test_the_data_never_changes_the_score() -> None:
    items = {"sufficient": item("sufficient", "bad"), "private": item("private", "bad")}
    answers = {**GO}
    before = verdict_for(answers)
    compare_with_data(answers, items)
    assert verdict_for(answers) == before
    assert answers == GO


def test_real_readiness_flags_the_brief_s_two_examples() -> None:
    """40 rows per class against "enough data: yes"; emails against "allowed to use: yes"."""
    rnd = random.Random(3)
    frame = pd.DataFrame({
        "email": [f"user{i}@example.com" for i in range(80)],
        "plan": [rnd.choice(["basic", "plus"]) for _ in range(80)],
        "spend": [round(rnd.uniform(5, 90), 2) for _ in range(80)],
        "churned": ["yes", "no"] * 40,
    })
    readiness = assess(Dataset(frame, "tiny.csv"), target="churned")
    data = compare_with_data(GO, readiness_lights(readiness), dataset="tiny.csv", rows=80,
                             target="churned")
    enough, private = data.check("data_enough"), data.check("data_permitted")
    assert enough.conflict  # flagged: 40 rows per class is far from "thousands"
    assert "40 rows" in enough.headline
    assert text.data_check_text(enough).startswith("You said Yes, but the data points to")
    assert private.outcome == "contradiction"
    assert "email" in private.headline.lower()
    assert text.data_check_text(private).startswith("You said Yes, but the review found a problem")
    assert data.check("data_fresh").outcome == "no_evidence"  # no date column to measure


def test_brief_carries_the_data_evidence() -> None:
    items = {"sufficient": item("sufficient", "bad", "40 rows at the smallest class."),
             "unbiased": item("unbiased", "warn", "Yes on 26% of <group> a but 33% of b.")}
    answers = {**GO, "data_unbiased": "yes"}
    data = compare_with_data(answers, items, dataset="my|data.csv", rows=80, version="v1",
                             target="churned")
    md = brief_markdown(answers, data=data)
    page = brief_html(answers, data=data)
    assert text.DATA_BRIEF_HEADING in md
    assert text.DATA_BRIEF_HEADING in page
    assert "40 rows at the smallest class." in md
    assert "| Enough data | Yes | 40 rows at the smallest class. | Contradicts your answer |" in md
    assert "my\\|data.csv" in md  # a pipe in a file name can't break the table
    assert text.contradictions_sentence(["Enough data"]) in md
    assert "&lt;group&gt;" in page
    assert "<group>" not in page
    assert 'class="contradiction"' in page
    assert text.DATA_BRIEF_HEADING not in brief_markdown(answers)
    assert not URL.search(md + page)


# --- wording of scores ----------------------------------------------------------------------

def test_warning_sign_answers_read_without_double_negatives() -> None:
    q = questions.QUESTIONS_BY_ID["static"]
    badge, note = text.answer_effect(q.favours, "no", q.points("no"))
    assert badge == "+0.5 for ML"
    assert note == "This warning sign does not apply."
    badge, note = text.answer_effect(q.favours, "yes", q.points("yes"))
    assert badge == "1 against ML"
    assert note == "This warning sign applies."
    verdict = verdict_for({"simple_rules": "no", "static": "no", "perfect_accuracy": "no",
                        "full_explain": "no"})
    against = next(s for s in verdict.sections if s.section_id == "against")
    assert text.section_score_sentence(against).startswith(
        "No warning sign applies so far (4 of 4 answered).")
    assert "leans" not in text.section_score_sentence(against)
    verdict = verdict_for({"simple_rules": "yes", "perfect_accuracy": "partly"})
    against = next(s for s in verdict.sections if s.section_id == "against")
    assert against.warnings == 2
    assert text.section_score_sentence(against).startswith("2 warning signs apply")
    assert "counts 3 points against ML" in text.section_score_sentence(against)


def test_new_sentences_exist_for_every_outcome_and_verdict_link() -> None:
    assert set(text.DATA_OUTCOME_LABELS) == set(data_answers.DATA_OUTCOMES)
    for outcome in data_answers.DATA_OUTCOMES:
        for detects_only in (False, True):
            sentence = text.data_check_sentence(outcome, "Yes", "No", detects_only=detects_only)
            assert sentence or outcome == "agree"
    assert text.VERDICTS["good_fit"].next_link
    assert text.VERDICTS["rules_first"].next_link


# --- layering: facts in decide, words in explain ----------------------------------------------

def test_every_lean_has_its_reason_and_leads_the_reasons() -> None:
    assert set(LEAN_REASONS) == set(scoring.LEANS)
    weak = {**GO, "complex_logic": "no", "scales": "no", "personalization": "no",
            "real_time": "no"}
    facts = scoring.score(weak)
    assert facts.lean == "problem_weak"
    assert verdict_for(weak).reasons[0] == LEAN_REASONS["problem_weak"]
    assert scoring.score(GO).lean == ""


def test_the_decide_step_loads_no_wording() -> None:
    """The verdict is computed from ids and weights only: no sentence module is imported."""
    code = ("import sys\n"
            "from mlpm.decide import data_answers, framing, link, practice, questions, scoring\n"
            "scoring.score({'repeats': 'no'})\n"
            "print(sorted(m for m in sys.modules if m.startswith('mlpm.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60).stdout
    assert "mlpm.decide.scoring" in loaded
    assert "mlpm.explain" not in loaded
