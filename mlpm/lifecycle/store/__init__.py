"""The run store: every training run in a database (SQLite file by default, any SQLAlchemy URL
via ``MLPM_DATABASE_URL``), so "which model was trained on which data" is always answerable.

``store.py`` reads and writes, ``schema.py`` holds the versioned tables and their upgrade
steps, ``capture.py`` turns a trained model into a :class:`RunRecord`, ``compare.py`` lines
runs up side by side, ``model_files.py`` saves fitted models with skops (never pickle).
"""

from mlpm.lifecycle.store.config import database_url, describe_url, mlpm_home
from mlpm.lifecycle.store.records import (
    DataVersion,
    ModelNotSavedError,
    ProjectConflictError,
    ProjectNotFoundError,
    ProjectRecord,
    RunNotFoundError,
    RunRecord,
    StoreError,
    UntrustedModelError,
)
from mlpm.lifecycle.store.store import RunStore, close_stores, open_store

__all__ = [
    "DataVersion",
    "ModelNotSavedError",
    "ProjectConflictError",
    "ProjectNotFoundError",
    "ProjectRecord",
    "RunNotFoundError",
    "RunRecord",
    "RunStore",
    "StoreError",
    "UntrustedModelError",
    "close_stores",
    "database_url",
    "describe_url",
    "mlpm_home",
    "open_store",
]
