"""Many PMs, one store (issue 16 part 4): two ``mlpm app`` servers on different ports share one
PostgreSQL run store; a model trained in each is listed by both, and so is each project.

This is the README's "several instances behind a proxy" set-up, run for real: two processes,
a real PostgreSQL server, two browsers sessions.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from unit.pg_server import create_database, postgres_server, why_unavailable

from .conftest import (
    REPO,
    SERVER_START_SECONDS,
    STEP_MS,
    VIEWPORT,
    _free_port,
    _healthy,
    go,
    main,
    shot,
    train_sample,
    wait_idle,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    with postgres_server() as server_url:
        store = create_database(server_url, "shared_store")
        started = []
        try:
            for name in ("a", "b"):
                port = _free_port()
                home = tmp_path_factory.mktemp(f"home_{name}")
                log = (home / "server.log").open("wb")
                process = subprocess.Popen(
                    [sys.executable, "-m", "mlpm.cli", "app", "--port", str(port)], cwd=REPO,
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                    env={**os.environ, "MLPM_DATABASE_URL": store, "MLPM_HOME": str(home)})
                started.append((process, f"http://127.0.0.1:{port}", home))
            for process, url, home in started:
                deadline = time.monotonic() + SERVER_START_SECONDS
                while not _healthy(url):
                    assert process.poll() is None, (home / "server.log").read_text()
                    assert time.monotonic() < deadline, f"{url} did not start"
                    time.sleep(0.2)
            yield started[0][1], started[1][1]
        finally:
            for process, _, _ in started:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)


def test_two_app_servers_share_runs_and_projects(browser, two_servers: tuple[str, str],
                                                  tmp_path: Path) -> None:
    first, second = two_servers
    pages = []
    for url in (first, second):
        context = browser.new_context(viewport=VIEWPORT, base_url=url)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        pages.append(tab)
    on_first, on_second = pages
    train_sample(on_first, "churn")  # a PM on instance A
    train_sample(on_second, "cats_dogs")  # another PM on instance B
    summaries = []
    for tab in pages:  # each instance lists both PMs' runs...
        go(tab, "Run history", "Run history")
        summary = main(tab).get_by_text(re.compile(r"training runs on 2 data versions of 2 tables"))
        expect(summary).to_be_visible(timeout=STEP_MS)
        summaries.append(summary.inner_text())
        tab.locator(".st-key-history_target").click()  # both targets can be picked
        for target in ("churned", "animal"):
            expect(tab.get_by_role("option", name=target, exact=True)).to_be_visible()
        tab.keyboard.press("Escape")
    assert summaries[0] == summaries[1]  # the same runs, counted the same, from both servers
    shot(on_first, "shared_store_history_on_a")
    for tab in pages:  # ...and both projects, to reopen
        tab.goto("/")
        wait_idle(tab)
        for file in ("churn.csv", "cats_dogs.csv"):
            expect(main(tab).get_by_text(re.compile(rf"{re.escape(file)} · [\d,]+ rows")).first
                   ).to_be_visible(timeout=STEP_MS)
    shot(on_second, "shared_store_home_on_b")
    for tab in pages:
        tab.context.close()
