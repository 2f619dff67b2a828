"""The "Should we use ML?" page in a real browser: a go problem, a no-go problem, the data.

The PM answers the questionnaire for two practice cases from the product brief (which search
queries a grocery store should cover: ML fits; copyright-protected apparel: it needs 100%
accuracy, a hard stop), then loads the churn sample on the home page and comes back to see
what the data review measured beside their answers. Screenshots go to ``screenshots/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mlpm.decide.link import encode_answers
from mlpm.decide.questions import QUESTIONS
from mlpm.explain import fit as text

from .conftest import answer_fit, go, main, shot, wait_idle

STEP_MS = 30_000
GO = {q.id: q.favours for q in QUESTIONS}
GROCERY_SEARCH = {**GO, "personalization": "no", "real_time": "partly"}
"""Thousands of new search phrases a week, logs to learn from; no need for personal answers."""
COPYRIGHT_APPAREL = {**{q.id: q.favours for q in QUESTIONS
                        if q.section in ("problem", "against")},
                     "personalization": "no", "real_time": "partly",
                     "perfect_accuracy": "yes", "full_explain": "partly"}
"""One wrong call means a lawsuit: every answer must be right. The PM stops after the
deal-breaker: a hard stop needs no data questions to be final."""


def verdict_bar(page: Page):
    return page.locator(".st-key-fit_verdict_bar")


@pytest.mark.e2e
def test_go_and_no_go_verdicts_and_what_the_data_says(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    go(page, "Should we use ML?", "Should we use ML?")
    expect(verdict_bar(page)).to_contain_text(text.BAR_EMPTY)
    expect(main(page).get_by_text(text.DATA_NONE)).to_be_visible()

    # --- a go problem: which search queries a grocery store should cover ------------------
    answer_fit(page, GROCERY_SEARCH)
    expect(main(page).get_by_text("Good fit for ML", exact=True)).to_be_visible(timeout=STEP_MS)
    expect(verdict_bar(page)).to_contain_text("Good fit for ML")
    expect(verdict_bar(page)).to_contain_text("19 of 19 answered")
    assert "fit=" + encode_answers(GROCERY_SEARCH)["fit"] in page.url

    # The bar stays in view while the PM answers the last questions.
    page.locator(".st-key-fit_data_fair").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = verdict_bar(page).bounding_box()
    assert box is not None
    assert 0 <= box["y"] <= 150, box

    # The breakdown chart fits the verdict column: its plot and legend don't spill over.
    chart = main(page).locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    column = main(page).locator('[data-testid="stColumn"]').filter(
        has=page.locator('[data-testid="stVegaLiteChart"]')).last
    drawing = chart.locator("canvas, svg").first
    expect(drawing).to_be_visible()
    chart_box, column_box = drawing.bounding_box(), column.bounding_box()
    assert chart_box is not None
    assert column_box is not None
    assert chart_box["width"] > 250, chart_box
    assert chart_box["x"] + chart_box["width"] <= column_box["x"] + column_box["width"] + 2
    expect(main(page).get_by_role("link", name=re.compile(
        re.escape(text.VERDICTS["good_fit"].next_link)))).to_be_visible()
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    shot(page, "fit_go_grocery_search")

    # --- a no-go problem: copyright-protected apparel needs 100% accuracy ----------------
    page.locator(".st-key-fit_reset").get_by_role("button", name=text.RESET_LABEL).click()
    expect(verdict_bar(page)).to_contain_text(text.BAR_EMPTY, timeout=STEP_MS)
    wait_idle(page)
    for qid in ("complex_logic", "data_fair"):  # the browser forgot the old choices too
        expect(page.locator(f".st-key-fit_{qid}").get_by_role("radio", checked=True)
               ).to_have_count(0)
    answer_fit(page, COPYRIGHT_APPAREL)
    expect(main(page).get_by_text("Not an ML problem (yet)", exact=True)).to_be_visible(
        timeout=STEP_MS)
    stop = text.HARD_STOPS["needs_100_percent"]
    expect(verdict_bar(page)).to_contain_text(f"{text.HARD_STOP_MARK}: {stop.title}")
    expect(verdict_bar(page)).to_contain_text(f"{len(COPYRIGHT_APPAREL)} of 19 answered")
    expect(main(page).get_by_text(stop.why)).to_be_visible()
    expect(main(page).get_by_text(re.compile("provisional"))).to_have_count(0)
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    shot(page, "fit_no_go_copyright_apparel")

    # --- the data: load the churn sample on Home, come back --------------------------------
    go(page, "Home", "Is machine learning right for this problem?")
    page.locator(".st-key-sample_churn button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data review",
                                                                  timeout=STEP_MS)
    wait_idle(page)
    go(page, "Should we use ML?", "Should we use ML?")
    expect(main(page).get_by_text(re.compile(r"measured in churn\.csv \(3,000 rows, "
                                             r"predicting churned\)"))).to_be_visible()
    answer_fit(page, {"perfect_accuracy": "no", "data_enough": "no", "data_quality": "not sure"})
    enough = page.locator(".st-key-fit_data_data_enough")
    expect(enough).to_contain_text("rows at the smallest class")
    expect(enough).to_contain_text(text.DATA_OUTCOME_LABELS["contradiction"])
    expect(enough).to_contain_text("You said No, but the data points to Yes")
    expect(page.locator(".st-key-fit_data_data_unbiased")).to_contain_text("senior_citizen")
    expect(page.locator(".st-key-fit_data_data_fresh")).to_contain_text("days old")
    expect(verdict_bar(page)).to_contain_text("Contradicts your answer: Enough data")
    expect(main(page).get_by_text(text.contradictions_sentence(["Enough data"]))).to_be_visible()
    shot(page, "fit_data_says_churn")

    # One click takes the data's answer; the contradiction goes away.
    enough.get_by_role("button", name=re.compile("Use the data's answer: Yes")).click()
    wait_idle(page)
    expect(page.locator(".st-key-fit_data_enough").get_by_role(
        "radio", name="Yes", exact=True)).to_be_checked(timeout=STEP_MS)
    expect(enough).to_contain_text(text.DATA_OUTCOME_LABELS["agree"])
    expect(verdict_bar(page)).not_to_contain_text("Contradicts your answer")
