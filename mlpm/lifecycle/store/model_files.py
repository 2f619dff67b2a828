"""Fitted models as files in a safe format (skops), never pickle.

A pickle runs code when it is opened; skops files only rebuild the types they name. Before
anything is rebuilt, every type a file names is compared, whole name against whole name, with
the allow-list of :mod:`mlpm.lifecycle.store.trusted_types` (the types the catalogue's own saved models
hold). A file naming anything else is refused and nothing in it runs. A run store can be shared
by a team, so a model file is treated as hostile input even though mlpm wrote the first one.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from mlpm.lifecycle.store.records import UntrustedModelError
from mlpm.lifecycle.store.store import RunStore
from mlpm.lifecycle.store.trusted_types import file_types, nodes, trusted_types

MOVED_MODULES = {"mlpm.models": "mlpm.model.catalogue", "mlpm.rules": "mlpm.model.rules"}
"""Where the types of models saved before the regrouping by journey step (issue 19) live now:
those files name e.g. ``mlpm.models.TextColumn``; only these exact module names are renamed."""


def model_to_bytes(pipeline: Any) -> bytes:
    """The fitted pipeline as skops bytes."""
    import skops.io as sio

    return sio.dumps(pipeline)


def model_from_bytes(content: bytes) -> Any:
    """Rebuild a pipeline from skops bytes after the exact allow-list check.

    Raises
    ------
    UntrustedModelError
        When the file names a type outside the allow-list, or is not a skops file at all.
    """
    import skops.io as sio

    content = _with_current_modules(content)
    # Our own reading of the schema comes first and is plain JSON: a file naming anything
    # outside the list is refused before skops builds even its audit tree.
    _refuse_unless_trusted(_read(lambda: file_types(content)))
    audited = _read(lambda: set(sio.get_untrusted_types(data=content)))
    _refuse_unless_trusted(audited)  # skops' own reading must agree
    return sio.loads(content, trusted=sorted(audited))


def _with_current_modules(content: bytes) -> bytes:
    """The file with the module names of :data:`MOVED_MODULES` replaced; other files unchanged.

    Only the schema is rewritten (whole ``__module__`` values, never parts of them); the
    allow-list check that follows sees the current names, so the check itself is unchanged.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            schema = json.loads(archive.read("schema.json"))
            moved = [node for node in nodes(schema) if node.get("__module__") in MOVED_MODULES]
            if not moved:
                return content
            for node in moved:
                node["__module__"] = MOVED_MODULES[node["__module__"]]
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rewritten:
                for info in archive.infolist():
                    data = (json.dumps(schema).encode() if info.filename == "schema.json"
                            else archive.read(info))
                    rewritten.writestr(info, data)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError, ValueError):
        return content  # not a skops file: the checks below say so


def _read(step: Callable[[], set[str]]) -> set[str]:
    try:
        return step()
    except Exception as error:  # not a zip, no schema, a schema skops cannot read
        raise UntrustedModelError("This is not a model file mlpm can read.",
                                  "Save the model again from mlpm.") from error


def _refuse_unless_trusted(named: set[str]) -> None:
    refused = sorted(named - trusted_types())
    if refused:
        shown = ", ".join(refused[:5]) + (f" and {len(refused) - 5} more" if len(refused) > 5
                                           else "")
        raise UntrustedModelError(
            f"This saved model holds types mlpm does not trust: {shown}; it was not loaded.",
            "Only models trained and saved by mlpm can be loaded: train the model again and "
            "save it from Run history.")


def library_versions() -> dict[str, str]:
    """Versions a model file depends on, stored beside it."""
    import sklearn
    import skops

    return {"scikit-learn": sklearn.__version__, "skops": skops.__version__}


def save_model(store: RunStore, run_id: int, pipeline: Any) -> int:
    """Save a run's fitted pipeline (only when the PM asks); return the file size in bytes."""
    content = model_to_bytes(pipeline)
    store.save_model_bytes(run_id, content, library_versions())
    return len(content)


def load_model(store: RunStore, run_id: int) -> Any:
    """The fitted pipeline saved with run ``run_id``, checked before it is rebuilt."""
    return model_from_bytes(store.model_bytes(run_id))
