"""Turning an upload or a sample click into the journey's dataset, without losing earlier work."""

from __future__ import annotations

import streamlit as st

from mlpm.data.dataset import Dataset
from mlpm.data.load import LoadOptions, load_table
from mlpm.data.local_files import LocalFiles
from mlpm.errors import ProblemSetupError, UserError
from mlpm.explain.safe import md
from mlpm.problem import define_problem
from mlpm.samples import SAMPLES, load_sample
from mlpm.ui.state import Journey


def use_dataset(journey: Journey, dataset: Dataset, target: str | None = None) -> None:
    """Make ``dataset`` current; pick ``target`` when given (samples know theirs)."""
    journey.set_dataset(dataset)
    journey.load_error = None
    if target:
        try:
            sample_positive = next((s.positive_label for s in SAMPLES.values()
                                    if s.file == dataset.name), None)
            journey.set_problem(define_problem(dataset, target, positive_label=sample_positive))
        except ProblemSetupError:
            pass


def local_files() -> LocalFiles:
    """Which server files this app may read, from the address Streamlit really listens on."""
    return LocalFiles.from_environment(st.get_option("server.address"))


def load_sample_into(journey: Journey, key: str) -> None:
    sample = SAMPLES[key]
    use_dataset(journey, load_sample(key), sample.target)


def load_upload(journey: Journey, name: str, data: bytes, *, skip_bad_lines: bool = False) -> bool:
    """Load uploaded bytes; on failure keep the current dataset and remember the error."""
    try:
        dataset = load_table(data, name, options=LoadOptions(skip_bad_lines=skip_bad_lines))
    except UserError as error:
        journey.load_error = error
        return False
    use_dataset(journey, dataset)
    st.toast(f"Loaded {md(dataset.name)}: {dataset.n_rows:,} rows", icon=":material/check:")
    return True
