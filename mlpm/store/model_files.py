"""Fitted models as files in a safe format (skops), never pickle.

A pickle runs code when it is opened; skops files only rebuild known types. Loading checks
every type the file names against what mlpm trusts (scikit-learn, NumPy, SciPy and mlpm's own
classes) and refuses the file otherwise.
"""

from __future__ import annotations

from typing import Any

from mlpm.store.records import UntrustedModelError
from mlpm.store.store import RunStore

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "mlpm.", "builtins.", "collections.")


def model_to_bytes(pipeline: Any) -> bytes:
    """The fitted pipeline as skops bytes."""
    import skops.io as sio

    return sio.dumps(pipeline)


def model_from_bytes(content: bytes) -> Any:
    """Rebuild a pipeline from skops bytes after the trusted-types check.

    Raises
    ------
    UntrustedModelError
        When the file names a type outside scikit-learn, NumPy, SciPy and mlpm, or is not a
        skops file at all.
    """
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(data=content)
    except Exception as error:  # not a zip / not a skops file
        raise UntrustedModelError("This is not a model file mlpm can read.",
                                  "Save the model again from mlpm.") from error
    refused = [name for name in untrusted if not name.startswith(TRUSTED_PREFIXES)]
    if refused:
        raise UntrustedModelError(
            "This model file contains code types mlpm does not load: " + ", ".join(refused[:5]),
            "Only models trained and saved by mlpm can be loaded.")
    return sio.loads(content, trusted=untrusted)


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
