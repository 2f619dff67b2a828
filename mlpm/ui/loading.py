"""Turning an upload or a sample click into the journey's dataset, without losing earlier work."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from mlpm.data.dataset import Dataset
from mlpm.data.load import LoadOptions, load_table
from mlpm.data.samples import SAMPLES, load_sample
from mlpm.errors import ProblemSetupError, UserError
from mlpm.explain import data as words
from mlpm.explain.safe import md
from mlpm.model.problem import define_problem
from mlpm.project.state import DataRef
from mlpm.ui.projects import note_new_table
from mlpm.ui.state import Journey


def data_ref(kind: str, dataset: Dataset, *, sample: str = "", path: str = "",
             options: LoadOptions | None = None) -> DataRef:
    """Where ``dataset`` came from, for the project (issue 14) to read it again."""
    options = options or LoadOptions()
    return DataRef(kind=kind, name=dataset.name, version=dataset.version, sample=sample,
                   path=path, sheet=options.sheet or "", skip_bad_lines=options.skip_bad_lines,
                   rename_duplicate_columns=options.rename_duplicate_columns,
                   n_rows=dataset.n_rows)


def use_dataset(journey: Journey, dataset: Dataset, target: str | None = None, *,
                source: DataRef | None = None, content: bytes | None = None) -> None:
    """Make ``dataset`` current; pick ``target`` when given (samples know theirs).

    ``source`` says where it came from (``content``: an upload's bytes): a table from another
    source starts a new project, so no setting of the previous table leaks onto this one.
    """
    if source is not None:
        note_new_table(journey, source, dataset, content)
    journey.set_dataset(dataset)
    journey.load_error = None
    if target:
        try:
            sample_positive = next((s.positive_label for s in SAMPLES.values()
                                    if s.file == dataset.name), None)
            journey.set_problem(define_problem(dataset, target, positive_label=sample_positive))
        except ProblemSetupError:
            pass


def load_sample_into(journey: Journey, key: str) -> None:
    sample = SAMPLES[key]
    dataset = load_sample(key)
    use_dataset(journey, dataset, sample.target, source=data_ref("sample", dataset, sample=key))


def load_into(journey: Journey, source: bytes | Path, name: str | None,
              options: LoadOptions | None = None) -> bool:
    """Load an upload (bytes) or a server file (a path the file policy allowed); on failure
    keep the current dataset and remember the error. True when the table was loaded."""
    try:
        with st.spinner(f"Reading {md(name or source)}…"):
            dataset = load_table(source, name, options=options)
    except UserError as error:
        journey.load_error = error
        return False
    kind = "path" if isinstance(source, Path) else "upload"
    use_dataset(journey, dataset, source=data_ref(
        kind, dataset, path=journey.path_input if kind == "path" else "", options=options),
        content=source if isinstance(source, bytes) else None)
    st.toast(words.loaded_toast(dataset.name, dataset.n_rows), icon=":material/check:")
    return True
