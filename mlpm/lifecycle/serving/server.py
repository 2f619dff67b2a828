"""Running the API: uvicorn in this process (``mlpm serve``), or a child process on a free
port of 127.0.0.1 (``mlpm serve --bench``, the Ship it page's measurement, tests).

uvicorn handles SIGTERM/SIGINT gracefully: it stops accepting, lets requests in flight finish
(up to ``GRACE_SECONDS``), then runs the app's shutdown, which writes the last traffic batch.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Self

from mlpm.errors import UserError

GRACE_SECONDS = 10
LOOPBACK = "127.0.0.1"


def run_server(app: Any, *, host: str = LOOPBACK, port: int = 8700) -> None:
    """Serve ``app`` until stopped (blocks)."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=GRACE_SECONDS, server_header=False)
    uvicorn.Server(config).run()


def free_port() -> int:
    """A port nobody listens on right now, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass
class ChildServer:
    """An ``mlpm serve`` child process on 127.0.0.1, for measuring or testing."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM (graceful), then SIGKILL if it does not stop in time; the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return int(self.process.returncode)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def start_child(run_id: int, *, port: int | None = None, extra_args: tuple[str, ...] = (),
                env: dict[str, str] | None = None, wait_seconds: float = 90.0) -> ChildServer:
    """Start ``mlpm serve RUN_ID`` on 127.0.0.1 and return once /health answers.

    Raises
    ------
    UserError
        With the child's own message when it stopped (e.g. an untrusted model) or never answered.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "mlpm.cli", "serve", str(run_id), "--host", LOOPBACK,
               "--port", str(port), *extra_args]
    # A file, not a pipe: a chatty child never blocks; it lives as long as the child.
    errors = tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                               env={**os.environ, **(env or {})})
    child = ChildServer(process, port)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise UserError(message.strip().splitlines()[-1] if message.strip()
                            else f"The server stopped (exit {process.returncode}).")
        if health(child.url) is not None:
            return child
        time.sleep(0.05)
    child.stop()
    raise UserError(f"The server did not answer within {wait_seconds:.0f} s.",
                    "Try again; check that the machine is not busy.")


def health(url: str, timeout: float = 1.0) -> dict[str, Any] | None:
    """GET /health as JSON, or None when nothing answers."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as answer:
            return json.loads(answer.read())
    except (OSError, urllib.error.URLError, ValueError):
        return None
