"""How long a PM waits for the first page of a fresh server (issue 15).

Starts ``mlpm app`` on a free port, measures (1) process start -> health check answers and
(2) health check -> the first page's heading visible in headless Chromium (the first session
pays the imports), then (3) a second session's heading. Prints seconds and the ratio of the
first page to a later session's, in one run. Run: ``.venv/bin/python bench/app_start.py``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def _heading_seconds(browser: object, url: str) -> float:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)
    took = time.perf_counter() - started
    context.close()
    return took


def main() -> int:
    from playwright.sync_api import sync_playwright

    port = _port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mlpm.cli", "app", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "MLPM_HOME": "/tmp/mlpm-bench-home"})
    try:
        while not _healthy(url):
            time.sleep(0.05)
        health = time.perf_counter() - started
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS)
            first = _heading_seconds(browser, url)
            later = min(_heading_seconds(browser, url) for _ in range(3))
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    print(f"process start -> health check: {health:.2f} s")
    print(f"health check -> first page's heading (first session): {first:.2f} s")
    print(f"a later session's heading (best of 3): {later:.2f} s")
    print(f"first / later: {first / later:.1f}x   target: first <= 3 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
