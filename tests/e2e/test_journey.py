"""The PM's whole journey in a real browser, on a CSV file the PM uploads themselves.

Navigation uses the sidebar links: in-app navigation keeps the session (typing a URL starts a
new session and loses the journey). Every step saves a screenshot to ``screenshots/`` for a
human to look at; assertions check text and structure, never pixels.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from pptx import Presentation

from mlpm.decide.questions import QUESTIONS

from .conftest import (
    REPO,
    SCREENSHOTS,
    answer_fit,
    assert_no_exception,
    choose_target,
    go,
    main,
    metric,
    shot,
    wait_idle,
)

CHURN = REPO / "sample_data" / "churn.csv"
JOURNEY_ROWS = 1_200
SLOW_MS = 150_000  # training and learning curves (generous: CI machines can be busy)
STEP_MS = 30_000








def metric_values(page: Page) -> dict[str, str]:
    cards = main(page).locator('[data-testid="stMetric"]')
    labels = cards.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = cards.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip((x.strip() for x in labels), (v.strip() for v in values), strict=True))


def count(text: str) -> int:
    return int(text.replace(",", ""))


def assert_no_traceback(page: Page) -> None:
    assert "Traceback" not in page.locator("body").inner_text()


def write_journey_csv(tmp_path: Path) -> Path:
    """The first 1,200 rows of the churn sample, as a file the PM might have exported."""
    path = tmp_path / "my_churn.csv"
    pd.read_csv(CHURN, nrows=JOURNEY_ROWS, dtype=str, keep_default_na=False).to_csv(
        path, index=False)
    return path


@pytest.mark.e2e
def test_pm_journey_from_question_to_learning_curve(page: Page, tmp_path: Path) -> None:
    upload = write_journey_csv(tmp_path)

    # --- Home -------------------------------------------------------------------------
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Is machine learning right for this problem?", timeout=STEP_MS)
    wait_idle(page)
    expect(main(page).get_by_text("The journey")).to_be_visible()
    shot(page, "home")

    # --- Should we use ML? answer every question the way that favours ML -------------------
    go(page, "Should we use ML?", "Should we use ML?")
    answer_fit(page, {question.id: question.favours for question in QUESTIONS})
    expect(main(page).get_by_text("Good fit for ML", exact=True)).to_be_visible(timeout=STEP_MS)
    shot(page, "fit_verdict")

    # --- Data review: upload, check what was read, choose the target -----------------------
    go(page, "Data review", "Data review")
    page.set_input_files("input[type=file]", str(upload))
    expect(main(page).get_by_role("heading", name="my_churn.csv")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    assert metric(page, "Rows") == f"{JOURNEY_ROWS:,}"
    assert metric(page, "Columns") == "12"
    expect(main(page).get_by_text(re.compile(r"^Data version [0-9a-f]{12}: a fingerprint"))).to_be_visible()
    choose_target(page, "churned")
    shot(page, "data_target")

    # --- Split -----------------------------------------------------------------------------
    go(page, "Split", "Split the data")
    page.locator(".st-key-split button").click()
    expect(main(page).get_by_text("Test rows", exact=True)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    train_rows, test_rows = count(metric(page, "Train rows")), count(metric(page, "Test rows"))
    assert train_rows > test_rows > 0
    assert train_rows + test_rows <= JOURNEY_ROWS
    shot(page, "split")

    # --- Train -----------------------------------------------------------------------------
    go(page, "Train", "Train models")
    page.locator(".st-key-train button").click()
    expect(main(page).get_by_role("heading", name="Leaderboard")).to_be_visible(timeout=SLOW_MS)
    wait_idle(page, timeout=SLOW_MS / 1000)
    expect(main(page).locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    expect(main(page).locator('[data-testid="stDataFrame"]')).to_be_visible()
    expect(main(page).get_by_text(re.compile(rf"on {train_rows:,} rows"))).to_be_attached()
    shot(page, "train_leaderboard")

    # --- Evaluate: the matrix, the four outcomes, then move the threshold ------------------
    go(page, "Evaluate", "Evaluate")
    matrix = main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="Confusion matrix")
    expect(matrix).to_have_count(1, timeout=STEP_MS)
    drawing = matrix.locator("canvas, svg").first
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 100
    expect(main(page).get_by_text("The four outcomes")).to_be_visible()
    for outcome in ("true positive", "false positive", "false negative", "true negative"):
        expect(main(page).get_by_text(re.compile(rf"\({outcome}, ")).first).to_be_visible()
    outcomes = main(page).locator('[data-testid="stMarkdownContainer"]').filter(
        has_text="(true positive, ").locator("ul")
    outcomes_before = outcomes.inner_text()
    before = metric_values(page)
    assert {"Accuracy", "Precision", "Recall", "F1 score"} <= before.keys()
    shot(page, "evaluate_threshold_050")

    slider = page.locator(".st-key-threshold").get_by_role("slider")
    start = float(slider.input_value())
    slider.focus()
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", f"{start - 0.2:.2f}")
    expect(outcomes).not_to_have_text(outcomes_before, timeout=STEP_MS)
    wait_idle(page)
    after = metric_values(page)
    assert after != before, f"moving the threshold changed no metric: {after}"
    shot(page, "evaluate_threshold_030")

    # --- What drives it?: importance at the threshold, one case, a what-if (issue 17) ------
    go(page, "What drives it?", "What drives it?")
    expect(main(page).get_by_text(re.compile(r"^The model leans most on "))).to_be_visible(
        timeout=SLOW_MS)
    expect(main(page).locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
    expect(main(page).get_by_text(re.compile(r"^Without .+ per 1,000 customers")).first
           ).to_be_visible()
    answer = main(page).locator('[data-testid="stAlert"]').filter(
        has_text=f"At your threshold of {start - 0.2:.2f}")
    expect(answer).to_be_visible()
    contract = page.locator('[class*="st-key-whatif_"][class*="contract"] input')
    contract.click()
    contract.fill("Two")  # the box lists what matches its text: the case's value at first
    page.get_by_role("option", name="Two year", exact=True).click()  # the top driver
    expect(answer).to_contain_text("(was", timeout=STEP_MS)
    wait_idle(page)
    shot(page, "drivers_what_if")

    # --- Over/underfitting -----------------------------------------------------------------
    go(page, "Over/underfitting", "Over- and underfitting")
    page.locator(".st-key-curve button").click()
    verdict = main(page).locator('[data-testid="stAlert"]').filter(
        has_text=re.compile(r"fit", re.IGNORECASE)).filter(has_text="on training vs")
    expect(verdict).to_be_visible(timeout=SLOW_MS)
    wait_idle(page, timeout=SLOW_MS / 1000)
    expect(main(page).locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    expect(main(page).get_by_role("heading", name="Would more data help?")).to_be_visible()
    expect(main(page).get_by_text(re.compile(r"^The sweet spot is "))).to_be_visible()
    shot(page, "fitting")
    assert_no_exception(page)

    # --- Meeting pack: download the deck and the report, open the report offline ---------
    go(page, "Meeting pack", "Present")
    expect(main(page).get_by_text(re.compile(r"^\d+ slides"))).to_be_visible(timeout=STEP_MS)
    shot(page, "present")
    with page.expect_download(timeout=SLOW_MS) as info:
        page.locator(".st-key-download_deck button").click()
    deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert len(deck.slides) >= 5
    with page.expect_download(timeout=SLOW_MS) as info:
        page.locator(".st-key-download_report button").click()
    report = tmp_path / "report.html"
    info.value.save_as(report)
    assert "Does ML beat doing nothing?" in report.read_text()
    offline = page.context.new_page()
    offline.goto(report.as_uri())
    expect(offline.get_by_role("heading", level=1)).to_be_visible()
    assert offline.locator("svg").count() >= 3
    offline.screenshot(path=str(SCREENSHOTS / "report_offline.png"), full_page=True)
    offline.close()

    # --- Presentation mode hides the controls and the sidebar ------------------------------
    page.locator(".st-key-presenting label").click()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=STEP_MS)
    wait_idle(page)
    shot(page, "present_presentation_mode")
    page.locator(".st-key-presenting label").click()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=STEP_MS)


@pytest.mark.e2e
def test_bad_uploads_explain_themselves_and_keep_the_loaded_data(page: Page,
                                                                 tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    ragged = tmp_path / "ragged.csv"
    rows = [f"{i},plan_{i % 3},{i * 1.5}" for i in range(1, 31)]
    rows[4] = "5,plan_2,7.5,an extra field"  # file line 6: four fields under a 3-field header
    ragged.write_text("id,plan,spend\n" + "\n".join(rows) + "\n")

    # Open the app at its entry point, not at /data: until app.py has run once, a fresh
    # server serves a deep link with the pages/ folder's auto-discovered, unframed pages.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    go(page, "Data review", "Data review")
    page.get_by_role("tab", name=re.compile("Use a sample")).click()
    page.locator(".st-key-load_sample button").click()
    expect(main(page).get_by_role("heading", name="churn.csv")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    sample_rows = metric(page, "Rows")

    page.get_by_role("tab", name=re.compile("Upload a file")).click()
    page.set_input_files("input[type=file]", str(empty))
    expect(main(page).get_by_text("The file is empty.")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    expect(main(page).get_by_text("Still using churn.csv, loaded before.")).to_be_visible()
    assert metric(page, "Rows") == sample_rows
    assert_no_traceback(page)
    shot(page, "data_empty_error")

    page.set_input_files("input[type=file]", str(ragged))
    error = main(page).get_by_text("Line 6 has 4 fields but the header has 3.")
    expect(error).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    expect(main(page).get_by_text("The file is empty.")).to_have_count(0)
    expect(main(page).get_by_text("Still using churn.csv, loaded before.")).to_be_visible()
    expect(main(page).get_by_role("heading", name="churn.csv")).to_be_visible()
    assert metric(page, "Rows") == sample_rows
    assert_no_traceback(page)
    shot(page, "data_ragged_error")

    page.get_by_role("button", name="Load anyway, skipping the lines that do not fit").click()
    expect(main(page).get_by_role("heading", name="ragged.csv")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    assert metric(page, "Rows") == "29"
    assert metric(page, "Columns") == "3"
    expect(error).to_have_count(0)
    expect(main(page).get_by_text(re.compile(r"skipped 1 line"))).to_be_visible()
    assert_no_traceback(page)
    shot(page, "data_ragged_loaded")
