"""Problem & features, split, training against both baselines, and the loss replay in a browser.

The PM uploads their own CSV, checks the features, splits with a validation part, writes their
own rule, trains, reads the leaderboard and replays the training. Screenshots land in
``screenshots/`` for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from .conftest import REPO, choose_target, go, main, shot, wait_idle

CHURN = REPO / "sample_data" / "churn.csv"
ROWS = 600
SLOW_MS = 120_000
STEP_MS = 30_000
RULE = "if contract = Month-to-month and tenure_months < 12 then Yes"






@pytest.mark.e2e
def test_train_models_against_the_pms_rule_and_replay_the_loss(page: Page,
                                                               tmp_path: Path) -> None:
    upload = tmp_path / "subscribers.csv"
    pd.read_csv(CHURN, nrows=ROWS, dtype=str, keep_default_na=False).to_csv(upload, index=False)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)

    # --- Data review: upload and pick the target -------------------------------------------
    go(page, "Data review", "Data review")
    page.set_input_files("input[type=file]", str(upload))
    expect(main(page).get_by_role("heading", name="subscribers.csv")).to_be_visible(
        timeout=STEP_MS)
    wait_idle(page)
    choose_target(page, "churned")

    # --- Problem & features: task, exclusions with reasons, relevance, preprocessing --------
    go(page, "Problem & features", "Problem & features")
    expect(main(page).get_by_text(re.compile(r"has two values, so the model answers yes or no"))
           ).to_be_visible(timeout=STEP_MS)
    expect(main(page).get_by_text(re.compile(r"customer_id.*looks like an ID"))).to_be_visible()
    expect(main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="What each column tells")).to_have_count(1, timeout=STEP_MS)
    expect(main(page).get_by_text(re.compile(r"fitted on the training rows only"))).to_be_visible()
    shot(page, "features")

    # --- Split with a validation part --------------------------------------------------------
    go(page, "Split", "Split the data")
    page.locator(".st-key-split_validation label").click()
    wait_idle(page)
    page.locator(".st-key-split button").click()
    expect(main(page).get_by_text("Validation rows", exact=True)).to_be_visible(timeout=STEP_MS)
    expect(main(page).get_by_text(re.compile("tune on validation, report on test"))).to_be_visible()
    wait_idle(page)
    shot(page, "split_validation")

    # --- Train: the PM's rule against the models and the baseline ---------------------------
    go(page, "Train", "Train models")
    chips = page.locator(".st-key-models [data-tag]")
    expect(chips).to_have_count(3)
    page.locator(".st-key-models").get_by_role("button", name="Remove Gradient boosting").click()
    expect(chips).to_have_count(2, timeout=STEP_MS)  # logistic regression and a decision tree
    wait_idle(page)
    page.locator(".st-key-rule_text textarea").fill(RULE)
    page.locator(".st-key-rule_text textarea").press("Control+Enter")
    expect(main(page).get_by_text(re.compile(r"^Understood:"))).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    page.locator(".st-key-train button").click()
    expect(main(page).get_by_role("heading", name="Leaderboard")).to_be_visible(timeout=SLOW_MS)
    wait_idle(page, timeout=SLOW_MS / 1000)
    verdicts = main(page).locator('[data-testid="stAlert"]').filter(has_text="Per 1,000 cases")
    expect(verdicts).to_have_count(2, timeout=STEP_MS)
    texts = verdicts.all_inner_texts()
    assert any("doing nothing" in t for t in texts), texts
    assert any("your rule" in t for t in texts), texts
    board = main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="Score on the test rows")
    expect(board).to_have_count(1)
    expect(main(page).locator('[data-testid="stDataFrame"]')).to_be_visible()
    shot(page, "train_leaderboard_rule")

    # --- Training made visible: replay the loss ---------------------------------------------
    expect(main(page).get_by_text(re.compile(r"empirical risk"))).to_be_visible(timeout=STEP_MS)
    loss = main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="The loss falls")
    expect(loss).to_have_count(1, timeout=STEP_MS)
    slider = page.locator(".st-key-loss_step").get_by_role("slider")
    slider.focus()
    page.keyboard.press("Home")
    expect(main(page).get_by_text(re.compile(r"^Before learning, the model"))).to_be_visible(
        timeout=STEP_MS)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    expect(main(page).get_by_text(re.compile(r"^After gradient step 10:"))).to_be_visible(
        timeout=STEP_MS)
    wait_idle(page)
    shot(page, "train_loss_step_10")
    page.locator(".st-key-loss_play button").click()
    expect(main(page).get_by_text(re.compile(r"^After gradient step \d+:"))).to_be_visible(
        timeout=STEP_MS)
    wait_idle(page)
    shot(page, "train_loss_played")
