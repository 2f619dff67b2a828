"""Data review in a real browser: a messy export gets readiness lights, grouped alerts and a
one-click fix that can be undone; a broken file explains itself and can be loaded anyway."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_no_exception, shot, wait_idle

STEP_MS = 30_000


def _messy(tmp_path: Path) -> Path:
    rng = np.random.default_rng(8)
    n = 400
    frame = pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(n)],
        "email": [f"user{i}@example.com" for i in range(n)],
        "monthly_fee": [f"${20 + (i % 50):,}.00" for i in range(n)],
        "plan": rng.choice(["Basic", "basic", "Pro", "pro "], n),
        "age": rng.integers(18, 80, n),
        "gender": rng.choice(["female", "male"], n),
        "visits": rng.poisson(4, n),
        "signup_date": pd.date_range("2024-06-01", periods=n, freq="D").strftime("%Y-%m-%d"),
        "churned": rng.choice(["Yes", "No"], n, p=[0.3, 0.7]),
    })
    frame.loc[rng.choice(n, 40, replace=False), "visits"] = np.nan
    frame.loc[:11, "age"] = 999
    frame = pd.concat([frame, frame.iloc[:8]], ignore_index=True)
    path = tmp_path / "crm_export.csv"
    frame.to_csv(path, index=False)
    return path


def _main(page: Page):
    return page.locator('[data-testid="stMain"]')


def _go_to_data(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=re.compile(r"Data review$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data review", timeout=STEP_MS)
    wait_idle(page)


@pytest.mark.e2e
def test_messy_export_review_fix_and_undo(page: Page, tmp_path: Path) -> None:
    _go_to_data(page)
    page.set_input_files("input[type=file]", str(_messy(tmp_path)))
    expect(_main(page).get_by_role("heading", name="crm_export.csv")).to_be_visible(
        timeout=STEP_MS)
    wait_idle(page)
    main = _main(page)
    expect(main.get_by_text("Is this data ready for ML?")).to_be_visible()
    expect(main.get_by_text(re.compile(r"The newest date in 'signup_date' is"))).to_be_visible()
    # issue 15: the page leads with what matters; the rest is grouped behind one line
    expect(main.get_by_text("Start with these", exact=True)).to_be_visible()
    expect(main.get_by_text(re.compile(r"more findings?, grouped by kind"))).to_be_visible()
    expect(main.get_by_text(re.compile(r"'email' holds emails"))).to_be_visible()
    shot(page, "data_review_messy")

    fix = main.get_by_role("button", name=re.compile(r"Fix: convert 'monthly_fee' to numbers"))
    fix.click()
    wait_idle(page)
    expect(main.get_by_text("Convert 'monthly_fee' to numbers.")).to_be_visible(timeout=STEP_MS)
    expect(main.get_by_text(re.compile(r"holds numbers written as text"))).to_have_count(0)
    main.get_by_role("button", name=re.compile(r"Fix: merge 2 spellings in 'plan'")).click()
    wait_idle(page)
    expect(main.get_by_text(re.compile(r"cleaned with 2 steps"))).to_be_visible(timeout=STEP_MS)
    shot(page, "data_review_cleaned")

    main.get_by_role("button", name=re.compile("Undo last step")).click()
    wait_idle(page)
    expect(main.get_by_text(re.compile(r"cleaned with 1 step\b"))).to_be_visible(timeout=STEP_MS)
    page.get_by_role("tab", name="One column").click()
    wait_idle(page)
    main.locator(".st-key-dist_column input").click()
    page.get_by_role("option", name="age", exact=True).click()
    wait_idle(page)
    expect(main.get_by_text("What 'age' holds")).to_be_attached(timeout=STEP_MS)
    assert_no_exception(page)


@pytest.mark.e2e
def test_broken_file_keeps_work_and_loads_anyway(page: Page, tmp_path: Path) -> None:
    _go_to_data(page)
    page.get_by_role("tab", name=re.compile("Use a sample")).click()
    page.locator(".st-key-load_sample button").click()
    expect(_main(page).get_by_role("heading", name="churn.csv")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    page.get_by_role("tab", name=re.compile("Upload a file")).click()
    dupes = tmp_path / "two_ids.csv"
    dupes.write_text("id,amount,id\n" + "".join(f"{i},{i * 3},{i + 7}\n" for i in range(30)))
    page.set_input_files("input[type=file]", str(dupes))
    main = _main(page)
    expect(main.get_by_text("Column name 'id' appears more than once (column 3).")).to_be_visible(
        timeout=STEP_MS)
    wait_idle(page)
    expect(main.get_by_text("Nothing was lost: still using churn.csv, loaded before.")).to_be_visible()
    shot(page, "data_review_duplicate_headers")
    main.get_by_role("button", name="Load anyway, renaming the columns").click()
    expect(main.get_by_role("heading", name="two_ids.csv")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    expect(main.get_by_text(re.compile(r"renamed 1 column"))).to_be_visible()
    assert "Traceback" not in page.locator("body").inner_text()


@pytest.mark.e2e
def test_server_files_only_inside_the_folder(page: Page, server_files: Path) -> None:
    """The real server (127.0.0.1, MLPM_LOCAL_FILES set) reads its folder and nothing else."""
    _messy(server_files)
    _go_to_data(page)
    page.get_by_role("tab", name=re.compile("Open a file on this computer")).click()
    main = _main(page)
    expect(main.get_by_text(re.compile("mlpm reads nothing outside that folder"))).to_be_visible()
    box = page.locator(".st-key-data_path input")
    box.fill("/etc/passwd")
    box.press("Enter")
    wait_idle(page)
    page.locator(".st-key-load_path button").click()
    wait_idle(page)
    expect(main.get_by_text("'/etc/passwd' is outside the folder mlpm may read.")).to_be_visible(
        timeout=STEP_MS)
    expect(main.get_by_role("button", name=re.compile("Load anyway"))).to_have_count(0)
    box.fill("crm_export.csv")
    box.press("Enter")
    wait_idle(page)
    page.locator(".st-key-load_path button").click()
    expect(main.get_by_role("heading", name="crm_export.csv")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    shot(page, "data_review_server_file")


@pytest.mark.e2e
def test_hostile_names_render_as_text(page: Page, tmp_path: Path) -> None:
    """Issue 13: names that are Markdown show as typed: no link, picture, bold, emoji, maths.

    The page fixture also fails the test if the browser fetched anything from outside
    127.0.0.1 (the tracker picture would be such a request).
    """
    rng = np.random.default_rng(8)
    n = 300
    spend = rng.normal(50, 10, n).round(2)
    spend[:40] = np.nan
    path = tmp_path / "root:x:0:0 **bold** $x^2$.csv"
    pd.DataFrame({
        '=HYPERLINK("http://evil.invalid","click")': [f"someone{i}@evil.invalid" for i in range(n)],
        "root:x:0:0": ":red[alert] :material/home:",
        "[Your session expired: sign in again](https://phish.example/login)": spend,
        "![pixel](https://tracker.example/p.gif)": rng.choice(["**bold**", "$x^2$"], n,
                                                              p=[0.96, 0.04]),
        "visits": rng.poisson(4, n),
        "churned": rng.choice(["Yes", "No"], n, p=[0.3, 0.7]),
    }).to_csv(path, index=False)
    _go_to_data(page)
    page.set_input_files("input[type=file]", str(path))
    main = _main(page)
    grouped = main.get_by_text(re.compile(r"more findings?, grouped by kind"))
    expect(grouped).to_be_visible(timeout=STEP_MS)
    grouped.click()  # the constant column and the imbalance alert are grouped (issue 15)
    expect(main.get_by_text(re.compile(r"has the same value \("))).to_be_visible(
        timeout=STEP_MS)
    wait_idle(page)
    shot(page, "data_review_hostile_names")
    links = 'a[href*="evil.invalid"], a[href*="phish"], a[href^="mailto:"]'
    assert page.locator(links).count() == 0
    assert page.locator('img[src*="tracker"], .katex').count() == 0
    assert main.locator("strong", has_text=re.compile(r"^bold$")).count() == 0
    assert main.locator("code", has_text=re.compile(r"^code$")).count() == 0
    # Streamlit swaps ":material/" before parsing, so a backslash would not stop the icon
    assert main.locator('[data-testid="stIconMaterial"]', has_text="home").count() == 0
    expect(main.get_by_text(re.compile(r"on 9\d% of rows"))).to_be_visible(timeout=STEP_MS)
    text = page.locator("body").inner_text().replace("\u200b", "")  # sidebar and toast too
    assert "❌" not in text
    for shown in ("'root:x:0:0' has the same value (':red[alert] :material/home:')",
                  "'![pixel](https://tracker.example/p.gif)' is '**bold**'",
                  "'[Your session expired: sign in again](https://phish.example/login)' is missing",
                  '\'=HYPERLINK("http://evil.invalid","click")\' holds emails',
                  "Fix: drop 'root:x:0:0'.", "root:x:0:0 **bold** $x^2$.csv"):
        assert shown in text, shown
