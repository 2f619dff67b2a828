"""The run store's tables and the steps that build them, one numbered step per schema version.

A database records its schema version in ``mlpm_schema``; on start mlpm runs every step above
that number inside one transaction, so an upgrade either happens whole or not at all and old
rows are kept. Steps are frozen once released: change the schema by adding a step.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

schema_table = Table(
    "mlpm_schema", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("upgraded_at", String(40), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(32), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("dataset_name", String(300), nullable=False),
    Column("data_version", String(64), nullable=False, index=True),
    Column("n_rows", Integer),
    Column("n_columns", Integer),
    Column("target", String(300)),
    Column("task", String(20)),
    Column("positive_label", String(300)),
    Column("features_json", Text),
    Column("split_json", Text),
    Column("model_key", String(50)),
    Column("model_name", String(200)),
    Column("is_baseline", Boolean),
    Column("complexity", Float),
    Column("params_json", Text),
    Column("metrics_json", Text),
    Column("threshold", Float),
    Column("fit_seconds", Float),
    # --- version 2 --------------------------------------------------------------------
    Column("batch", String(32)),
    Column("classes_json", Text),
    Column("cleaning_json", Text),
    Column("cv_metrics_json", Text),
    Column("costs_json", Text),
    Column("recipe_json", Text),
    Column("note", Text),
    Column("app_version", String(40)),
)

datasets = Table(
    "datasets", metadata,
    Column("data_version", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("n_rows", Integer),
    Column("n_columns", Integer),
    Column("columns_json", Text),
    Column("profile_json", Text),
    Column("created_at", String(40), nullable=False),
)

model_files = Table(
    "model_files", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("format", String(20), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("saved_at", String(40), nullable=False),
    Column("library_versions", Text),
)

# Version 3 (issue 14): the PM's saved analyses, next to the runs. ``revision`` grows by one
# per save; a save names the revision it started from, so an older one cannot overwrite newer
# work. Uploaded bytes are kept once per data version in ``project_data``.
projects = Table(
    "projects", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(32), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("data_version", String(64)),
    Column("dataset_name", String(300)),
    Column("state_json", Text, nullable=False),
    Column("updated_by_session", String(64)),
)

project_data = Table(
    "project_data", metadata,
    Column("data_version", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("saved_at", String(40), nullable=False),
)

# Version 4 (issue 18): what `mlpm serve` answered, in batches. One row per batch of served
# predictions: counts only (rows, flagged, chances histogram, decisions, and each input's
# counts in the training profile's bins), never the rows themselves.
served_batches = Table(
    "served_batches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("day", String(10), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("ended_at", String(40), nullable=False),
    Column("n_rows", Integer, nullable=False),
    Column("n_flagged", Integer),
    Column("summary_json", Text, nullable=False),
    Column("server", String(32)),
)


# --- the steps, frozen once released --------------------------------------------------

def _v1(conn: Connection) -> None:
    """The first cut: one row per trained model."""
    conn.execute(text(f"""
        CREATE TABLE runs (
            id INTEGER NOT NULL PRIMARY KEY {_autoincrement(conn)},
            uid VARCHAR(32) NOT NULL UNIQUE,
            created_at VARCHAR(40) NOT NULL,
            dataset_name VARCHAR(300) NOT NULL,
            data_version VARCHAR(64) NOT NULL,
            n_rows INTEGER,
            n_columns INTEGER,
            target VARCHAR(300),
            task VARCHAR(20),
            positive_label VARCHAR(300),
            features_json TEXT,
            split_json TEXT,
            model_key VARCHAR(50),
            model_name VARCHAR(200),
            is_baseline BOOLEAN,
            complexity FLOAT,
            params_json TEXT,
            metrics_json TEXT,
            threshold FLOAT,
            fit_seconds FLOAT
        )"""))
    conn.execute(text("CREATE INDEX ix_runs_data_version ON runs (data_version)"))


def _v2(conn: Connection) -> None:
    """Notes, cleaning, cross-validation, costs and the recipe; data versions; model files."""
    for name, kind in [("batch", "VARCHAR(32)"), ("classes_json", "TEXT"),
                       ("cleaning_json", "TEXT"), ("cv_metrics_json", "TEXT"),
                       ("costs_json", "TEXT"), ("recipe_json", "TEXT"), ("note", "TEXT"),
                       ("app_version", "VARCHAR(40)")]:
        conn.execute(text(f"ALTER TABLE runs ADD COLUMN {name} {kind}"))
    conn.execute(text("""
        CREATE TABLE datasets (
            data_version VARCHAR(64) NOT NULL PRIMARY KEY,
            name VARCHAR(300) NOT NULL,
            n_rows INTEGER,
            n_columns INTEGER,
            columns_json TEXT,
            profile_json TEXT,
            created_at VARCHAR(40) NOT NULL
        )"""))
    conn.execute(text(f"""
        CREATE TABLE model_files (
            run_id INTEGER NOT NULL PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            format VARCHAR(20) NOT NULL,
            content {_blob(conn)} NOT NULL,
            size INTEGER NOT NULL,
            saved_at VARCHAR(40) NOT NULL,
            library_versions TEXT
        )"""))
    # Every data version that runs already mention gets a row (without a drift profile).
    conn.execute(text("""
        INSERT INTO datasets (data_version, name, n_rows, n_columns, columns_json, profile_json,
                              created_at)
        SELECT data_version, MIN(dataset_name), MIN(n_rows), MIN(n_columns), NULL, NULL,
               MIN(created_at)
        FROM runs GROUP BY data_version"""))
    conn.execute(text("UPDATE runs SET note = '' WHERE note IS NULL"))


def _v3(conn: Connection) -> None:
    """Projects (the PM's saved analyses) and the uploaded bytes they were built on."""
    conn.execute(text(f"""
        CREATE TABLE projects (
            id INTEGER NOT NULL PRIMARY KEY {_autoincrement(conn)},
            uid VARCHAR(32) NOT NULL UNIQUE,
            name VARCHAR(300) NOT NULL,
            created_at VARCHAR(40) NOT NULL,
            updated_at VARCHAR(40) NOT NULL,
            revision INTEGER NOT NULL,
            data_version VARCHAR(64),
            dataset_name VARCHAR(300),
            state_json TEXT NOT NULL,
            updated_by_session VARCHAR(64)
        )"""))
    conn.execute(text(f"""
        CREATE TABLE project_data (
            data_version VARCHAR(64) NOT NULL PRIMARY KEY,
            name VARCHAR(300) NOT NULL,
            content {_blob(conn)} NOT NULL,
            size INTEGER NOT NULL,
            saved_at VARCHAR(40) NOT NULL
        )"""))


def _v4(conn: Connection) -> None:
    """Served predictions, logged in batches by `mlpm serve` (counts, never rows)."""
    conn.execute(text(f"""
        CREATE TABLE served_batches (
            id INTEGER NOT NULL PRIMARY KEY {_autoincrement(conn)},
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            day VARCHAR(10) NOT NULL,
            started_at VARCHAR(40) NOT NULL,
            ended_at VARCHAR(40) NOT NULL,
            n_rows INTEGER NOT NULL,
            n_flagged INTEGER,
            summary_json TEXT NOT NULL,
            server VARCHAR(32)
        )"""))
    conn.execute(text("CREATE INDEX ix_served_batches_run_id ON served_batches (run_id)"))


def _autoincrement(conn: Connection) -> str:
    """Ids are never reused, so a run's number stays its name (SQLite and PostgreSQL are tested)."""
    return {"sqlite": "AUTOINCREMENT", "mysql": "AUTO_INCREMENT", "mariadb": "AUTO_INCREMENT"}.get(
        conn.dialect.name, "GENERATED BY DEFAULT AS IDENTITY")


def _blob(conn: Connection) -> str:
    return {"postgresql": "BYTEA", "mysql": "LONGBLOB", "mariadb": "LONGBLOB"}.get(
        conn.dialect.name, "BLOB")


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [(1, _v1), (2, _v2), (3, _v3),
                                                               (4, _v4)]
LATEST = MIGRATIONS[-1][0]
