"""The model's life after the first training, in a real browser: train on January's data,
check March's file for drift and retrain on it (a second data version), compare the two in the
run history, and score new rows.

The streamlit server is shared with the other browser tests and writes its runs to the
temporary MLPM_HOME that ``tests/conftest.py`` sets, so runs are found by their file names.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from .conftest import REPO, assert_no_exception, choose_target, go, main, shot, wait_idle

CHURN = REPO / "sample_data" / "churn.csv"
STEP_MS = 30_000
SLOW_MS = 120_000






def write_files(folder: Path) -> dict[str, Path]:
    """January's export; March's (more rows, longer tenures, a new column); May's new rows."""
    frame = pd.read_csv(CHURN, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(8)
    files = {name: folder / f"churn_{name}.csv" for name in ("jan", "mar", "may")}
    frame.iloc[:1000].to_csv(files["jan"], index=False)
    march = frame.iloc[:1400].copy()
    march["tenure_months"] = (march["tenure_months"].astype(int) + 14).astype(str)
    march.insert(len(march.columns) - 1, "referred", rng.choice(["yes", "no"], len(march)))
    march.to_csv(files["mar"], index=False)
    may = frame.iloc[2000:2060].drop(columns=["churned"]).copy()
    may.insert(len(may.columns), "referred", rng.choice(["yes", "no"], len(may)))
    may.iloc[0, 0] = "=HYPERLINK(\"http://example.invalid\")"
    may.to_csv(files["may"], index=False)
    return files


def train_on(page: Page, path: Path) -> None:
    """Upload a file on Data review, keep the target, split and train logistic regression."""
    go(page, "Data review", "Data review")
    page.locator(".st-key-upload input[type=file]").set_input_files(str(path))
    expect(main(page).get_by_role("heading", name=path.name)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    choose_target(page, "churned")
    go(page, "Split", "Split the data")
    page.locator(".st-key-split button").click()
    expect(main(page).get_by_text("Test rows", exact=True)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    go(page, "Train", "Train models")
    models = page.locator(".st-key-models")
    models.get_by_role("button", name=re.compile("Clear all", re.IGNORECASE)).click()
    wait_idle(page)
    models.locator("input").click()
    page.get_by_role("option", name="Logistic regression", exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)
    page.locator(".st-key-train button").click()
    expect(main(page).get_by_role("heading", name="Leaderboard")).to_be_visible(timeout=SLOW_MS)
    wait_idle(page, timeout=SLOW_MS / 1000)


@pytest.mark.e2e
def test_two_data_versions_history_drift_retrain_and_scoring(page: Page, tmp_path: Path) -> None:
    files = write_files(tmp_path)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)

    # --- Train on January's data ----------------------------------------------------------
    train_on(page, files["jan"])

    # --- Drift: March's file against the January model, then retrain on it -----------------
    go(page, "Drift & retraining", "Drift and retraining")
    expect(page.locator(".st-key-drift_run input")).to_have_value(re.compile(r"churn_jan\.csv"))
    page.locator(".st-key-drift_upload input[type=file]").set_input_files(str(files["mar"]))
    verdict = main(page).locator('[data-testid="stAlert"]').filter(has_text="Major drift")
    expect(verdict).to_be_visible(timeout=SLOW_MS)
    expect(verdict).to_contain_text("'tenure_months'")
    wait_idle(page)
    expect(main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="How much each column moved")).to_have_count(1)
    shot(page, "lifecycle_drift")
    page.locator(".st-key-retrain button").click()
    advice = main(page).locator('[data-testid="stAlert"]').filter(
        has_text=re.compile(r"(Switch to|Keep|Either).*on the same new test rows"))
    expect(advice).to_be_visible(timeout=SLOW_MS)
    wait_idle(page, timeout=SLOW_MS / 1000)
    expect(main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="Current model vs retrained model")).to_have_count(1)
    shot(page, "lifecycle_retrain")

    # --- Run history: which model on which data, and the two versions compared ------------
    go(page, "Run history", "Run history")
    expect(main(page).get_by_text(re.compile(
        r"Logistic regression learnt 'churned' from churn_mar\.csv \(version [0-9a-f]{12}, "
        r"1,400 rows × 13 columns\)"))).to_be_visible(timeout=STEP_MS)
    expect(main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="Which model learnt from which data")).to_have_count(1)
    compared = main(page).get_by_text(re.compile(
        r"trained on 1,000 rows vs 1,400 rows \(churn_jan\.csv vs churn_mar\.csv\); "
        r"1 column changed \(added: referred\)"))
    expect(compared).to_be_visible(timeout=STEP_MS)
    expect(main(page).get_by_text(re.compile(r": F1 score \d\.\d{3} vs \d\.\d{3} for #\d+"))
           ).to_be_visible()
    expect(main(page).locator('[data-testid="stVegaLiteChart"]').filter(
        has_text="Scores side by side")).to_have_count(1)
    shot(page, "lifecycle_history_compare")

    # --- Score May's new customers and download the predictions ----------------------------
    go(page, "Score new data", "Score new data")
    page.locator(".st-key-score_upload input[type=file]").set_input_files(str(files["may"]))
    summary = main(page).locator('[data-testid="stAlert"]').filter(
        has_text=re.compile(r"of 60 rows .* are predicted 'Yes'"))
    expect(summary).to_be_visible(timeout=SLOW_MS)
    wait_idle(page)
    shot(page, "lifecycle_score")
    with page.expect_download(timeout=SLOW_MS) as info:
        page.locator(".st-key-download_predictions button").click()
    scored = pd.read_csv(info.value.path(), dtype=str, encoding="utf-8-sig")
    assert len(scored) == 60
    assert scored.iloc[0, 0].startswith("'=")
    assert set(scored["predicted_churned"]) <= {"Yes", "No"}
    assert "probability_Yes" in scored.columns
    assert_no_exception(page)
