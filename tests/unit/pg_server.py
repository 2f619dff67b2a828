"""A throwaway PostgreSQL server for the run-store tests (Debian's binaries, a temp data dir).

``scripts/test`` installs Debian's ``postgresql`` package when ``initdb`` is missing. The
server listens on 127.0.0.1 on a free port, with its socket in the temporary folder, and is
stopped and deleted at the end. PostgreSQL refuses to run as root, so as root the data folder
belongs to the ``postgres`` user and the server runs as that user (``runuser``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUPERUSER = "mlpm"


def find_bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    for initdb in reversed(found):
        folder = Path(initdb).parent
        if (folder / "pg_ctl").exists() and (folder / "postgres").exists():
            return folder
    return None


def why_unavailable() -> str | None:
    """None when a server can be started here, else the reason (used to skip)."""
    if find_bin_dir() is None:
        return ("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); "
                "scripts/test installs Debian's postgresql package")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yield its SQLAlchemy URL (database ``postgres``, trust auth)."""
    bin_dir = find_bin_dir()
    assert bin_dir is not None, why_unavailable()
    # Not under pytest's tmp folder: that one is private to root, and postgres must reach it.
    root = Path(tempfile.mkdtemp(prefix="mlpm-pg-"))
    data = root / "data"
    log = root / "server.log"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                                  "--auth=trust", "--encoding=UTF8", "--no-sync"]),
                       check=True, capture_output=True, env=env, timeout=120)
        options = (f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=50")
        started = subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                                            str(log), "-w", "-t", "60", "-o", options, "start"]),
                                 check=False, capture_output=True, env=env, timeout=90)
        if started.returncode != 0:
            detail = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr.decode()}\n{detail}")
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
    finally:
        if data.exists():
            subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                      "-w", "stop"]),
                           check=False, capture_output=True, env=env, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def create_database(server_url: str, name: str) -> str:
    """A fresh, empty database on the server; returns its URL."""
    import psycopg

    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"
