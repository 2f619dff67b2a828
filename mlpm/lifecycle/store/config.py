"""Where the run store lives: a SQLite file by default, any SQLAlchemy URL by setting.

Nothing needs configuring: the file ``~/.mlpm/runs.sqlite`` is created on first use.
``MLPM_HOME`` moves that folder; ``MLPM_DATABASE_URL`` points at any database SQLAlchemy
speaks, e.g. a team's shared PostgreSQL (``postgresql://user:pw@host/mlpm``).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

HOME_ENV = "MLPM_HOME"
URL_ENV = "MLPM_DATABASE_URL"
FILE_NAME = "runs.sqlite"


def mlpm_home() -> Path:
    """The folder mlpm keeps its own files in (``MLPM_HOME`` or ``~/.mlpm``)."""
    configured = os.environ.get(HOME_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".mlpm"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, then ``MLPM_DATABASE_URL``, then the SQLite file.

    ``postgresql://`` and ``postgres://`` are mapped to the psycopg 3 driver that mlpm ships
    with, so a plain URL copied from a database console works.
    """
    chosen = (url or os.environ.get(URL_ENV, "")).strip()
    if not chosen:
        return f"sqlite:///{mlpm_home() / FILE_NAME}"
    if chosen.startswith("postgres://"):
        chosen = "postgresql://" + chosen.removeprefix("postgres://")
    if chosen.startswith("postgresql://"):
        chosen = "postgresql+psycopg://" + chosen.removeprefix("postgresql://")
    return chosen


def describe_url(url: str) -> str:
    """Where the runs are, in words, without the password."""
    parsed: URL = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        where = parsed.database or ":memory:"
        return f"the SQLite file {where}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"the {parsed.get_backend_name()} database '{parsed.database}' on {host}{port}"
