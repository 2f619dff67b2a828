"""Evaluate in a real browser: click a matrix cell and see its rows, move the threshold, put a
price on mistakes, compare groups.

Screenshots go to ``screenshots/`` for a person to look at; assertions check text and
structure, never pixels.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_no_exception, go, main, metric, shot, train_churn_sample, wait_idle

SLOW_MS = 120_000
STEP_MS = 30_000








def outcome_count(page: Page, words: str) -> int:
    """The count in "- **161** · False alarms: predicted …" of the four outcomes list."""
    item = main(page).locator("li").filter(has_text=words).first
    return int(re.match(r"\s*([\d,]+)", item.inner_text()).group(1).replace(",", ""))


def money(shown: str) -> float:
    """"-€3,100" -> -3100.0: the page's rounded euros as a number."""
    return float(shown.replace("€", "").replace(",", ""))


def type_number(page: Page, key: str, value: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Enter")
    wait_idle(page)


@pytest.mark.e2e
def test_evaluate_and_curves_in_the_browser(page: Page) -> None:
    train_churn_sample(page)

    # --- Evaluate: click the "false alarms" cell of the best model's matrix --------------
    go(page, "Evaluate", "Evaluate")
    model_name = page.locator(".st-key-eval_model input").input_value()
    false_alarms = outcome_count(page, "False alarms: predicted Yes")
    matrix = page.locator(".st-key-eval_matrix .vega-embed canvas, "
                          ".st-key-eval_matrix .vega-embed svg.marks").first
    expect(matrix).to_be_visible()
    box = matrix.bounding_box()
    assert box is not None
    # Bottom-left cell: really No, predicted Yes. The plot sits right of the y axis.
    page.mouse.click(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.72)
    wait_idle(page)
    expect(page.locator(".st-key-eval_cell input")).to_have_value("False alarms",
                                                                  timeout=STEP_MS)
    expect(main(page).get_by_text(f"{false_alarms:,} test rows", exact=False)).to_be_visible()
    expect(main(page).locator('[data-testid="stDataFrame"]').first).to_be_visible()
    expect(main(page).get_by_role("button", name="Download these rows (CSV)").first).to_be_visible()
    shot(page, "evaluate_cell_rows")

    # --- move the threshold: the matrix, the outcomes and the rows follow ----------------
    slider = page.locator(".st-key-threshold").get_by_role("slider")
    slider.focus()
    for _ in range(15):
        page.keyboard.press("ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", "0.35")
    wait_idle(page)
    more_alarms = outcome_count(page, "False alarms: predicted Yes")
    assert more_alarms > false_alarms
    expect(main(page).get_by_text(f"{more_alarms:,} test rows", exact=False)).to_be_visible()
    shot(page, "evaluate_threshold_035")

    # --- money: values and costs, the best threshold, then use it ------------------------
    type_number(page, "money_tp", "120")
    type_number(page, "money_fp", "15")
    type_number(page, "money_fn", "40")
    type_number(page, "money_cases", "5000")
    headline = main(page).locator('[data-testid="stAlert"]').filter(has_text="a month")
    expect(headline).to_contain_text(re.compile(
        rf"At threshold 0\.35 {re.escape(model_name)} is worth (about )?(€[\d,]+ a month|about "
        "the same)"), timeout=STEP_MS)
    best = metric(page, "Most valuable threshold")
    assert 0.0 <= float(best) <= 1.0
    worth_now = money(metric(page, "Worth per month vs doing nothing"))  # at 0.35
    expect(main(page).get_by_text("The most valuable threshold is")).to_be_visible()
    shot(page, "evaluate_money")
    button = page.locator(".st-key-money_best button")
    if button.count():
        button.click()
        wait_idle(page)
    expect(slider).to_have_attribute("aria-valuetext", best)
    expect(main(page).get_by_text("Your threshold is already there.")).to_be_visible()
    # The most valuable threshold is worth at least as much as the one the PM had picked.
    assert money(metric(page, "Worth per month vs doing nothing")) >= worth_now

    # --- fairness: metrics by gender --------------------------------------------------------
    page.locator(".st-key-fair_column input").click()
    page.get_by_role("option", name="gender", exact=True).click()
    wait_idle(page)
    verdict = main(page).locator('[data-testid="stAlert"]').filter(has_text="gender = ")
    expect(verdict).to_be_visible(timeout=STEP_MS)
    shot(page, "evaluate_fairness")

    # --- Capacity & pilot (issue 17): a team of 50 a week sets the operating point ----------
    go(page, "Capacity & pilot", "Capacity & pilot")
    expect(main(page).get_by_text("as many as picking the same number at random")
           ).to_be_visible(timeout=STEP_MS)
    type_number(page, "capacity_n", "50")
    expect(main(page).get_by_text(re.compile(r"A team that can act on 217 a month \(about 50 a "
                                             r"week\)"))).to_be_visible(timeout=STEP_MS)
    caption = main(page).get_by_text(re.compile(r"The operating point follows your capacity: "
                                                r"threshold [\d.]+"))
    expect(caption).to_be_visible()
    at = re.search(r"threshold ([\d.]+)", caption.inner_text()).group(1)
    expect(main(page).get_by_text(re.compile(r"Pilot: [\d,]+ cases in each arm"))).to_be_visible()
    shot(page, "capacity_pilot")
    go(page, "Evaluate", "Evaluate")  # every verdict is taken at the capacity's threshold
    expect(page.locator(".st-key-threshold").get_by_role("slider")).to_have_attribute(
        "aria-valuetext", at)

    # Over/underfitting is walked by the journey test (one model; the page test compares two).
    assert_no_exception(page)
