"""The run store: every training run in a real database, readable by several processes at once.

SQLite (the default) runs in WAL mode with a busy timeout, and every write takes the write
lock up front (``BEGIN IMMEDIATE``), so two app instances writing at once wait for each other
instead of failing; a process killed in the middle of a write leaves the last committed state.
PostgreSQL needs nothing special; schema upgrades there hold an advisory lock.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from mlpm.lifecycle.store.config import database_url, describe_url
from mlpm.lifecycle.store.records import (
    DataVersion,
    ModelNotSavedError,
    ProjectConflictError,
    ProjectNotFoundError,
    ProjectRecord,
    RunNotFoundError,
    RunRecord,
    StoreError,
    clean_json,
)
from mlpm.lifecycle.store.schema import (
    LATEST,
    MIGRATIONS,
    datasets,
    model_files,
    project_data,
    projects,
    runs,
    schema_table,
)

BUSY_SECONDS = 30
_PG_LOCK = 0x6D6C706D  # "mlpm": one advisory lock id for schema upgrades


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: Any) -> str:
    return json.dumps(clean_json(value), sort_keys=True)


def _loads(value: str | None, default: Any) -> Any:
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        # An unreachable server should fail in seconds, not hang a page for minutes.
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how a transaction starts (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the lock first: no deadlock when two read-then-write transactions meet.
        write = connection.get_execution_options().get("mlpm_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class RunStore:
    """Records training runs and answers "which model was trained on which data".

    Opening a store creates the database (SQLite) or the tables (any URL) on first use and
    upgrades an older schema in place.

    Raises
    ------
    StoreError
        When the database cannot be reached or was written by a newer mlpm.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        try:
            self.engine = _make_engine(self.url)
        except Exception as error:  # bad URL, missing driver
            raise StoreError(f"mlpm cannot use the run store URL ({error}).",
                             "Check MLPM_DATABASE_URL, e.g. postgresql://user:password@host/mlpm, "
                             "or unset it to use the local file.") from error
        self._writer = self.engine.execution_options(mlpm_write=True)
        self.schema_version = self._guard(self._upgrade)

    # --- plumbing ---------------------------------------------------------------------
    @property
    def where(self) -> str:
        """Where the runs are kept, in words (no password)."""
        return describe_url(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _guard(self, action: Any, *args: Any) -> Any:
        try:
            return action(*args)
        except (OperationalError, DBAPIError) as error:
            if isinstance(error, IntegrityError):
                raise
            raise StoreError(f"The run store ({self.where}) could not be reached.",
                             f"Details: {str(error.orig).strip()[:200]}. Check the database server "
                             "and MLPM_DATABASE_URL.") from error

    def _read_version(self) -> int:
        with self.engine.connect() as conn:
            if not self.engine.dialect.has_table(conn, "mlpm_schema"):
                return 0
            value = conn.execute(select(schema_table.c.version).where(schema_table.c.id == 1)).scalar()
            return int(value or 0)

    def _upgrade(self) -> int:
        current = self._read_version()
        if current == LATEST:
            return current
        with self._writer.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            conn.execute(text("CREATE TABLE IF NOT EXISTS mlpm_schema (id INTEGER NOT NULL "
                              "PRIMARY KEY, version INTEGER NOT NULL, upgraded_at VARCHAR(40) "
                              "NOT NULL)"))
            # Read again under the lock: another process may have upgraded meanwhile.
            current = int(conn.execute(select(schema_table.c.version)
                                       .where(schema_table.c.id == 1)).scalar() or 0)
            if current > LATEST:
                raise StoreError(
                    f"The run store ({self.where}) was written by a newer mlpm "
                    f"(schema {current}; this mlpm knows up to {LATEST}).",
                    "Upgrade mlpm, or point MLPM_DATABASE_URL at another store.")
            for version, step in MIGRATIONS:
                if version > current:
                    step(conn)
            values = {"version": LATEST, "upgraded_at": _now()}
            if current == 0:
                conn.execute(insert(schema_table).values(id=1, **values))
            elif current < LATEST:
                conn.execute(update(schema_table).where(schema_table.c.id == 1).values(**values))
            return LATEST

    # --- writing ----------------------------------------------------------------------
    def record(self, run: RunRecord, data: DataVersion | None = None) -> RunRecord:
        """Store one run (and its data version, once); return it with its number and time."""
        return self._guard(self._record, run, data)

    def _record(self, run: RunRecord, data: DataVersion | None) -> RunRecord:
        stored = replace(run, uid=uuid.uuid4().hex, created_at=_now())
        row = {
            "uid": stored.uid, "created_at": stored.created_at,
            "dataset_name": run.dataset_name, "data_version": run.data_version,
            "n_rows": int(run.n_rows), "n_columns": int(run.n_columns), "target": run.target,
            "task": run.task, "positive_label": run.positive_label,
            "features_json": _dumps(list(run.features)), "split_json": _dumps(run.split),
            "model_key": run.model_key, "model_name": run.model_name,
            "is_baseline": bool(run.is_baseline),
            "complexity": None if run.complexity is None else float(run.complexity),
            "params_json": _dumps(run.params), "metrics_json": _dumps(run.metrics),
            "threshold": None if run.threshold is None else float(run.threshold),
            "fit_seconds": float(run.fit_seconds), "batch": run.batch,
            "classes_json": _dumps(list(run.classes)), "cleaning_json": _dumps(list(run.cleaning)),
            "cv_metrics_json": _dumps(run.cv_metrics), "costs_json": _dumps(run.costs),
            "recipe_json": _dumps(run.recipe), "note": run.note, "app_version": run.app_version,
        }
        with self._writer.begin() as conn:
            self._ensure_data_version(conn, run, data)
            run_id = conn.execute(insert(runs).values(**row).returning(runs.c.id)).scalar_one()
        return replace(stored, id=int(run_id))

    def _ensure_data_version(self, conn: Any, run: RunRecord, data: DataVersion | None) -> None:
        exists = conn.execute(select(datasets.c.data_version, datasets.c.profile_json)
                              .where(datasets.c.data_version == run.data_version)).first()
        columns = _dumps(data.columns) if data else None
        profile = _dumps(data.profile) if data and data.profile else None
        if exists is None:
            values = {"data_version": run.data_version,
                      "name": data.name if data else run.dataset_name,
                      "n_rows": int(run.n_rows), "n_columns": int(run.n_columns),
                      "columns_json": columns, "profile_json": profile, "created_at": _now()}
            # Another process may add the same version at the same moment (PostgreSQL does not
            # serialise writers): first one wins, the row is the same anyway.
            if self.dialect in ("sqlite", "postgresql"):
                dialect_insert = sqlite_insert if self.dialect == "sqlite" else pg_insert
                conn.execute(dialect_insert(datasets).values(**values).on_conflict_do_nothing())
            else:
                conn.execute(insert(datasets).values(**values))
        elif exists.profile_json is None and profile is not None:
            conn.execute(update(datasets).where(datasets.c.data_version == run.data_version)
                         .values(columns_json=columns, profile_json=profile))

    def set_note(self, run_id: int, note: str) -> None:
        """Replace a run's free-text note."""
        self.get(run_id)
        with self._writer.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(note=note.strip()))

    def save_model_bytes(self, run_id: int, content: bytes, versions: dict[str, str]) -> None:
        """Keep a model file (skops bytes, see :mod:`mlpm.lifecycle.store.model_files`) with its run."""
        self.get(run_id)
        with self._writer.begin() as conn:
            conn.execute(delete(model_files).where(model_files.c.run_id == run_id))
            conn.execute(insert(model_files).values(
                run_id=run_id, format="skops", content=content, size=len(content),
                saved_at=_now(), library_versions=_dumps(versions)))

    # --- reading ----------------------------------------------------------------------
    def has_profile(self, data_version: str) -> bool:
        """Whether this data version's drift profile is already stored."""
        with self.engine.connect() as conn:
            value = conn.execute(select(datasets.c.profile_json)
                                 .where(datasets.c.data_version == data_version)).scalar()
        return bool(value)

    def runs(self, *, data_version: str | None = None, target: str | None = None,
             include_baselines: bool = True, limit: int | None = None) -> list[RunRecord]:
        """Runs, newest first, optionally filtered."""
        query = (select(runs, model_files.c.size.label("model_size"))
                 .outerjoin(model_files, model_files.c.run_id == runs.c.id)
                 .order_by(runs.c.id.desc()))
        if data_version:
            query = query.where(runs.c.data_version == data_version)
        if target:
            query = query.where(runs.c.target == target)
        if not include_baselines:
            query = query.where(runs.c.is_baseline.is_not(True))
        if limit:
            query = query.limit(limit)
        return self._guard(self._fetch, query)

    def _fetch(self, query: Any) -> list[RunRecord]:
        with self.engine.connect() as conn:
            return [_to_record(row) for row in conn.execute(query).mappings()]

    def get(self, run_id: int) -> RunRecord:
        """One run by number.

        Raises
        ------
        RunNotFoundError
            When no run has that number.
        """
        query = (select(runs, model_files.c.size.label("model_size"))
                 .outerjoin(model_files, model_files.c.run_id == runs.c.id)
                 .where(runs.c.id == int(run_id)))
        found = self._guard(self._fetch, query)
        if not found:
            raise RunNotFoundError(f"There is no run #{run_id} in the run store.",
                                   "List the runs with `mlpm runs list` or on the Run history page.")
        return found[0]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(runs)).scalar_one())

    def model_bytes(self, run_id: int) -> bytes:
        """The saved model file of a run.

        Raises
        ------
        ModelNotSavedError
            When the PM did not save this run's model.
        """
        run = self.get(run_id)
        with self.engine.connect() as conn:
            content = conn.execute(select(model_files.c.content)
                                   .where(model_files.c.run_id == run_id)).scalar()
        if content is None:
            raise ModelNotSavedError(
                f"The fitted model of run #{run_id} ({run.model_name}) was not saved.",
                "Save it on the Run history page right after training, or retrain it.")
        return bytes(content)

    def data_version(self, version: str) -> DataVersion | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(datasets).where(datasets.c.data_version == version)).first()
        return None if row is None else _to_data_version(row._mapping)

    def data_versions(self) -> list[DataVersion]:
        """Every table any run was trained on, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(datasets).order_by(datasets.c.created_at)).mappings().all()
        return [_to_data_version(row) for row in rows]

    # --- projects (issue 14) -----------------------------------------------------------
    def create_project(self, name: str, state: dict[str, Any], *, session: str = "") -> ProjectRecord:
        """Save a new project (revision 1) and return it with its number."""
        return self._guard(self._create_project, name, state, session)

    def _create_project(self, name: str, state: dict[str, Any], session: str) -> ProjectRecord:
        now = _now()
        data = state.get("data") or {}
        row = {"uid": uuid.uuid4().hex, "name": name.strip()[:300] or "Untitled project",
               "created_at": now, "updated_at": now, "revision": 1,
               "data_version": data.get("version"), "dataset_name": data.get("name"),
               "state_json": _dumps(state), "updated_by_session": session[:64]}
        with self._writer.begin() as conn:
            project_id = conn.execute(insert(projects).values(**row)
                                      .returning(projects.c.id)).scalar_one()
        return self.get_project(int(project_id))

    def save_project(self, project_id: int, name: str, state: dict[str, Any], *,
                     expected_revision: int, session: str = "") -> ProjectRecord:
        """Overwrite a project, but only if nobody saved since ``expected_revision``.

        One ``UPDATE … WHERE id = ? AND revision = ?``: the database decides, so two sessions
        saving at the same moment cannot both win (SQLite queues writers, PostgreSQL locks
        the row).

        Raises
        ------
        ProjectConflictError
            When someone else saved newer work; nothing was written (``theirs`` holds it).
        ProjectNotFoundError
            When the project was deleted.
        """
        return self._guard(self._save_project, project_id, name, state, expected_revision,
                           session)

    def _save_project(self, project_id: int, name: str, state: dict[str, Any],
                      expected_revision: int, session: str) -> ProjectRecord:
        data = state.get("data") or {}
        with self._writer.begin() as conn:
            changed = conn.execute(
                update(projects)
                .where(projects.c.id == int(project_id),
                       projects.c.revision == int(expected_revision))
                .values(name=name.strip()[:300] or "Untitled project", updated_at=_now(),
                        revision=int(expected_revision) + 1,
                        data_version=data.get("version"), dataset_name=data.get("name"),
                        state_json=_dumps(state), updated_by_session=session[:64])).rowcount
        if changed == 1:
            return self.get_project(project_id)
        theirs = self.get_project(project_id)  # raises ProjectNotFoundError when deleted
        raise ProjectConflictError(
            f"Someone else saved newer work on the project '{theirs.name}' "
            f"(saved {theirs.updated_at[:16].replace('T', ' ')} UTC); yours was not saved, so "
            "theirs is not lost.",
            "Save yours as a copy, or open theirs.", theirs=theirs)

    def save_project_copy(self, name: str, state: dict[str, Any], *,
                          session: str = "") -> ProjectRecord:
        """Save ``state`` as a new project (the way out of a conflict: both versions kept)."""
        return self.create_project(name, state, session=session)

    def projects(self, *, limit: int | None = None) -> list[ProjectRecord]:
        """Every saved project, most recently saved first (like the run history)."""
        query = select(projects).order_by(projects.c.updated_at.desc(), projects.c.id.desc())
        if limit:
            query = query.limit(limit)
        return self._guard(self._fetch_projects, query)

    def _fetch_projects(self, query: Any) -> list[ProjectRecord]:
        with self.engine.connect() as conn:
            return [_to_project(row) for row in conn.execute(query).mappings()]

    def get_project(self, project_id: int) -> ProjectRecord:
        """One project by number.

        Raises
        ------
        ProjectNotFoundError
            When no project has that number.
        """
        found = self._guard(self._fetch_projects,
                            select(projects).where(projects.c.id == int(project_id)))
        row = found[0] if found else None
        if row is None:
            raise ProjectNotFoundError(f"There is no project #{project_id} in the run store.",
                                       "It may have been deleted; pick another on Home.")
        return row

    def delete_project(self, project_id: int) -> None:
        """Remove a project (its runs and any uploaded bytes other projects use stay)."""
        with self._writer.begin() as conn:
            conn.execute(delete(projects).where(projects.c.id == int(project_id)))

    def save_project_data(self, data_version: str, name: str, content: bytes) -> None:
        """Keep an uploaded file's bytes once per data version (never unpickled: only
        :func:`mlpm.data.load.load_table` reads them again)."""
        with self._writer.begin() as conn:
            exists = conn.execute(select(project_data.c.data_version)
                                  .where(project_data.c.data_version == data_version)).first()
            if exists is None:
                values = {"data_version": data_version, "name": name[:300],
                          "content": content, "size": len(content), "saved_at": _now()}
                if self.dialect in ("sqlite", "postgresql"):
                    dialect_insert = sqlite_insert if self.dialect == "sqlite" else pg_insert
                    conn.execute(dialect_insert(project_data).values(**values)
                                 .on_conflict_do_nothing())
                else:
                    conn.execute(insert(project_data).values(**values))

    def project_data_bytes(self, data_version: str) -> bytes | None:
        with self.engine.connect() as conn:
            content = conn.execute(select(project_data.c.content)
                                   .where(project_data.c.data_version == data_version)).scalar()
        return None if content is None else bytes(content)

    def close(self) -> None:
        self.engine.dispose()


def _to_record(row: Any) -> RunRecord:
    return RunRecord(
        id=int(row["id"]), uid=row["uid"], created_at=row["created_at"],
        dataset_name=row["dataset_name"], data_version=row["data_version"],
        n_rows=int(row["n_rows"] or 0), n_columns=int(row["n_columns"] or 0),
        target=row["target"] or "", task=row["task"] or "", positive_label=row["positive_label"],
        classes=tuple(_loads(row["classes_json"], [])),
        features=tuple(_loads(row["features_json"], [])), split=_loads(row["split_json"], {}),
        model_key=row["model_key"] or "", model_name=row["model_name"] or "",
        is_baseline=bool(row["is_baseline"]), complexity=row["complexity"],
        params=_loads(row["params_json"], {}), metrics=_loads(row["metrics_json"], {}),
        cv_metrics=_loads(row["cv_metrics_json"], {}), threshold=row["threshold"],
        costs=_loads(row["costs_json"], {}), fit_seconds=float(row["fit_seconds"] or 0.0),
        cleaning=tuple(_loads(row["cleaning_json"], [])), recipe=_loads(row["recipe_json"], {}),
        note=row["note"] or "", batch=row["batch"] or "", app_version=row["app_version"] or "",
        has_model=row.get("model_size") is not None)


def _to_project(row: Any) -> ProjectRecord:
    return ProjectRecord(
        id=int(row["id"]), uid=row["uid"], name=row["name"], created_at=row["created_at"],
        updated_at=row["updated_at"], revision=int(row["revision"]),
        data_version=row["data_version"] or "", dataset_name=row["dataset_name"] or "",
        state=_loads(row["state_json"], {}), updated_by_session=row["updated_by_session"] or "")


def _to_data_version(row: Any) -> DataVersion:
    return DataVersion(version=row["data_version"], name=row["name"],
                       n_rows=int(row["n_rows"] or 0), n_columns=int(row["n_columns"] or 0),
                       columns=_loads(row["columns_json"], {}),
                       profile=_loads(row["profile_json"], {}), created_at=row["created_at"])


_stores: dict[str, RunStore] = {}
_failures: dict[str, tuple[float, StoreError]] = {}
_lock = threading.Lock()
RETRY_SECONDS = 30.0


def open_store(url: str | None = None) -> RunStore:
    """The store for ``url`` (default: ``MLPM_DATABASE_URL`` or the SQLite file), opened once
    per process: engines are connection pools, shared safely by every session.

    A store that could not be opened is not tried again for ``RETRY_SECONDS``, so a database
    that is down costs one timeout, not one per trained model.
    """
    resolved = database_url(url)
    with _lock:
        store = _stores.get(resolved)
        if store is not None:
            return store
        failed = _failures.get(resolved)
        if failed and time.monotonic() - failed[0] < RETRY_SECONDS:
            raise failed[1]
        try:
            store = _stores[resolved] = RunStore(resolved)
        except StoreError as error:
            _failures[resolved] = (time.monotonic(), error)
            raise
        _failures.pop(resolved, None)
        return store


def close_stores() -> None:
    """Dispose every opened store (tests switch databases between cases)."""
    with _lock:
        for store in _stores.values():
            store.close()
        _stores.clear()
        _failures.clear()
