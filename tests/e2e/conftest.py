"""Fixtures for the real-browser tests: one streamlit server per session, one chromium page.

The server is started exactly as a PM would run the app (``streamlit run app.py``), bound to
127.0.0.1 on a free port. Pages are driven with Playwright's sync API on Debian's chromium,
because ``playwright install`` cannot download browsers here.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_SECONDS = 60
IDLE_SECONDS = 120
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
MAX_SHOT_HEIGHT = 12_000
_CONTENT_HEIGHT_JS = """() => Math.max(...["stMain", "stSidebarContent", "stAppViewContainer"]
    .map((id) => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight ?? 0))"""

_shots = {"count": 0}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def server_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the server may read files from ("Open a file on this computer", issue 13)."""
    return tmp_path_factory.mktemp("server_files")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, server_files: Path) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free local port; yield its base URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("streamlit")
    out_path, err_path = logs / "stdout.txt", logs / "stderr.txt"
    command = [sys.executable, "-m", "streamlit", "run", "app.py",
               "--server.headless", "true", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        server = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=err,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1",
                                       "MLPM_LOCAL_FILES": str(server_files)})
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                why = (f"exited with code {server.returncode}" if server.poll() is not None
                       else f"did not answer {url}/_stcore/health within {SERVER_START_SECONDS} s")
                pytest.fail(f"The streamlit server {why}.\n"
                            f"--- stderr ---\n{err_path.read_text(errors='replace')}\n"
                            f"--- stdout ---\n{out_path.read_text(errors='replace')}",
                            pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium (scripts/test does).",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:
    """A fresh browser context (so a fresh streamlit session) with one 1400x1000 page."""
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    outside: list[str] = []
    context.on("request", lambda request: outside.append(request.url)
               if leaves_the_machine(request.url) else None)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    try:
        assert_no_exception(tab)
        # The README promises that nothing leaves the machine: not a font, icon or pixel.
        assert not outside, f"{len(outside)} request(s) left 127.0.0.1: {sorted(set(outside))[:5]}"
    finally:
        context.close()


def leaves_the_machine(url: str) -> bool:
    """True for a request to any host but 127.0.0.1 (data:, blob:, about: and file: stay inside)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about", "file") and parts.hostname != "127.0.0.1"


@pytest.fixture(scope="session", autouse=True)
def _clean_screenshots() -> None:
    """Screenshots of an earlier run would mix with this one's; start from an empty folder.

    Each xdist worker runs this at its start: another worker may be emptying the folder at the
    same moment, so files already gone are fine.
    """
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def assert_no_exception(page) -> None:
    """No page may ever show a Python exception box."""
    count = page.locator(EXCEPTION).count()
    assert count == 0, (f"{count} exception box(es) on {page.url}:\n"
                        + "\n".join(page.locator(EXCEPTION).all_inner_texts()))


def wait_idle(page, *, timeout: float = IDLE_SECONDS, settle_ms: int = 400) -> None:
    """Wait until the script (or fragment) has finished running, then let the page settle.

    A click only starts a rerun a moment later, so wait briefly first, then for the
    ``notRunning`` state, then check that no exception box appeared.
    """
    page.wait_for_timeout(150)
    page.wait_for_selector(IDLE, state="attached", timeout=timeout * 1000)
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector(IDLE, state="attached", timeout=timeout * 1000)
    assert_no_exception(page)




def answer_fit(page, answers: dict[str, str]) -> None:
    """Answer "Should we use ML?" (question id -> answer key), one click at a time.

    Each answer is checked before the next click. A click that lands while the questionnaire
    reruns can be lost on a busy machine (as a PM's would be): then, like the PM, the test
    waits for the page and clicks again, at most twice more.
    """
    from playwright.sync_api import expect

    from mlpm.explain.fit import ANSWER_LABELS

    for qid, value in answers.items():
        label = ANSWER_LABELS[value]
        radio = page.locator(f".st-key-fit_{qid}").get_by_role("radio", name=label, exact=True)
        for _ in range(2):
            page.locator(f".st-key-fit_{qid}").get_by_text(label, exact=True).click()
            try:
                expect(radio).to_be_checked(timeout=5_000)
                break
            except AssertionError:
                wait_idle(page)
        else:
            page.locator(f".st-key-fit_{qid}").get_by_text(label, exact=True).click()
        expect(radio).to_be_checked(timeout=STEP_MS)
    wait_idle(page)


def shot(page, name: str) -> Path:
    """Save a full-page screenshot as ``tests/e2e/screenshots/NN_name.png``.

    Streamlit scrolls inside its main section, not the document, so Playwright's
    ``full_page`` alone would stop at the viewport: grow the viewport to the content first.
    """
    _shots["count"] += 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_shots['count']:02d}_{name}.png"
    size = page.viewport_size or VIEWPORT
    height = min(int(page.evaluate(_CONTENT_HEIGHT_JS)), MAX_SHOT_HEIGHT)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(400)
    try:
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(size)
    return path


# --- navigation and reading helpers shared by every browser test ---------------------------

STEP_MS = 30_000


def go(page, link: str, title: str) -> None:
    """Click a sidebar link (keeps the session) and wait for the page's title.

    Link names start with the icon's ligature ("table Data review"): match the end only.
    Playwright hands the pattern to JavaScript, so escape only what is special there ("/" in
    "Over/underfitting" included; "&" and spaces stay plain).
    """
    from playwright.sync_api import expect

    nav = page.locator('[data-testid="stSidebarNav"]')
    pattern = re.sub(r"([.*+?^${}()|\[\]\\/])", r"\\\1", link) + "$"
    target = nav.get_by_role("link", name=re.compile(pattern))
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if not target.count() and more.count() and "more" in more.inner_text():
        more.click()  # a long page list is folded behind "View N more"
    target.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title, timeout=STEP_MS)
    wait_idle(page)


def main(page):
    """The main area (not the sidebar)."""
    return page.locator('[data-testid="stMain"]')


def metric_value(page, label: str):
    """The value element of the ``st.metric`` whose label is exactly ``label`` (a locator)."""
    from playwright.sync_api import expect

    card = main(page).locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^{label}$")))
    expect(card).to_have_count(1, timeout=STEP_MS)
    return card.locator('[data-testid="stMetricValue"]')


def metric(page, label: str) -> str:
    """The value shown by the ``st.metric`` whose label is exactly ``label``."""
    return metric_value(page, label).inner_text().strip()


def choose_target(page, column: str) -> None:
    """Pick the column to predict on Data review (unless it is already chosen) and wait."""
    from playwright.sync_api import expect

    chosen = main(page).get_by_text(re.compile(rf"Predicting {re.escape(column)}: "))
    if not chosen.count():
        page.locator(".st-key-target input").click()
        page.get_by_role("option", name=column, exact=True).click()
    expect(chosen).to_be_visible(timeout=STEP_MS)
    wait_idle(page)


TRAIN_MS = 120_000  # training on a busy CI machine


def train_churn_sample(page) -> None:
    """From the home page: load the churn sample, split it and train the default models."""
    train_sample(page, "churn")


def train_sample(page, key: str) -> None:
    """From the home page: load a bundled sample, split it and train the default models."""
    from playwright.sync_api import expect

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    page.locator(f".st-key-sample_{key} button").click()
    wait_idle(page)
    go(page, "Split", "Split the data")
    page.locator(".st-key-split button").click()
    wait_idle(page)
    go(page, "Train", "Train models")
    page.locator(".st-key-train button").click()
    expect(main(page).get_by_role("heading", name="Leaderboard")).to_be_visible(timeout=TRAIN_MS)
    wait_idle(page, timeout=TRAIN_MS / 1000)
