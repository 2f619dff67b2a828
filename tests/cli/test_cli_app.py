"""``mlpm app`` (issue 13): stopping it stops the web server; nothing is left serving the port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 30  # the first streamlit import on a busy shared machine
STOP_SECONDS = 20  # two test workers share two cores: a stop can wait for one

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                    timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_mlpm_app_stops_the_server(tmp_path: Path, signum: int) -> None:
    port = _free_port()
    log = (tmp_path / "app.log").open("wb")
    # Its own session, so the clean-up below also reaches a server that outlived `mlpm app`.
    app = subprocess.Popen([sys.executable, "-m", "mlpm.cli", "app", "--port", str(port)],
                           cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _healthy(port):
            assert app.poll() is None, (tmp_path / "app.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "mlpm app did not start"
            time.sleep(0.2)
        app.send_signal(signum)
        deadline = time.monotonic() + STOP_SECONDS
        while _listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(port), "the web server kept serving after mlpm app was stopped"
        assert app.wait(timeout=STOP_SECONDS) is not None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(app.pid, signal.SIGKILL)
        app.wait(timeout=STOP_SECONDS)
        log.close()


def test_the_warm_up_imports_every_module_it_names_and_never_raises() -> None:
    """A renamed module would silently stop warming the first page: every name must import."""
    from mlpm.ui.serve import WARM_MODULES, warm_up

    assert warm_up() == []
    assert "mlpm.data.quality" in WARM_MODULES
    assert not [m for m in WARM_MODULES if m.startswith(("streamlit", "mlpm.ui"))]
    assert warm_up(("json", "mlpm.no_such_module")) == ["mlpm.no_such_module"]
