"""The dataset and its version (a content fingerprint).

The fingerprint keys every cache and every stored run, so "which model was trained on which
data" is always answerable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd


def fingerprint(frame: pd.DataFrame) -> str:
    """A short content hash of a table: same values, names and order give the same version."""
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, frame.columns)).encode())
    digest.update("\x1f".join(str(t) for t in frame.dtypes).encode())
    hashed = pd.util.hash_pandas_object(frame, index=False)
    digest.update(hashed.to_numpy().tobytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Dataset:
    """A loaded table with the name the PM knows it by and its data version."""

    frame: pd.DataFrame = field(repr=False)
    name: str
    version: str = ""
    source_note: str = ""

    def __post_init__(self) -> None:
        if not self.version:
            object.__setattr__(self, "version", fingerprint(self.frame))

    @property
    def n_rows(self) -> int:
        return int(self.frame.shape[0])

    @property
    def n_columns(self) -> int:
        return int(self.frame.shape[1])

    def summary(self) -> dict[str, object]:
        """Plain facts for the sidebar, the CLI and stored runs."""
        return {
            "name": self.name,
            "rows": self.n_rows,
            "columns": self.n_columns,
            "version": self.version,
        }
