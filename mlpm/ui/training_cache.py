"""Cached work of the features and training steps.

Looks (relevance, PCA information, k choice, loss paths) are pure results keyed on the problem
or split key (which start with the data version) and cached process-wide with
``st.cache_data``. Fitted models are per-user: they are memoised in the PM's own journey
(:class:`mlpm.model.training.TrainChoices.memo`), keyed on data version, problem, split and model
settings, and never shared between sessions.
"""

from __future__ import annotations

import streamlit as st

from mlpm.data.dataset import Dataset
from mlpm.data.free_text import WordLink
from mlpm.model.clustering import KScan, scan_k
from mlpm.model.features import PcaInfo, Relevance, pca_information, relevance, text_signals
from mlpm.model.loss import LossPath, loss_path
from mlpm.model.problem import Problem
from mlpm.model.split import Split
from mlpm.model.training import TrainChoices, TrainedModel, train
from mlpm.progress import Progress
from mlpm.project.goals import CV_FOLDS

MEMO_SIZE = 40


@st.cache_data(show_spinner="Measuring what each column tells about the target…", max_entries=32)
def cached_relevance(problem_key: str, _dataset: Dataset, _problem: Problem) -> Relevance:
    return relevance(_dataset, _problem)


@st.cache_data(show_spinner="Reading which words go with each outcome…", max_entries=32)
def cached_text_signals(problem_key: str, _dataset: Dataset, _problem: Problem
                        ) -> dict[str, dict[str, list[WordLink]]]:
    return text_signals(_dataset, _problem)


@st.cache_data(show_spinner="Measuring how much PCA keeps…", max_entries=32)
def cached_pca(problem_key: str, _dataset: Dataset, _problem: Problem) -> PcaInfo:
    return pca_information(_dataset, _problem)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_loss_path(split_key: str, model_key: str, _dataset: Dataset, _problem: Problem,
                     _split: Split) -> LossPath:
    return loss_path(_dataset, _problem, _split, model_key)


@st.cache_data(show_spinner="Trying k = 2 to 10 groups…", max_entries=32)
def cached_k_scan(split_key: str, _dataset: Dataset, _problem: Problem, _split: Split) -> KScan:
    return scan_k(_dataset, _problem, _split)


def train_remembered(choices: TrainChoices, dataset: Dataset, problem: Problem, split: Split,
                     key: str, *, complexity: float | None, settings: dict[str, object],
                     progress: Progress) -> tuple[TrainedModel, bool]:
    """Train ``key``, or return the model this session already trained with the same data,
    problem, split and settings. The flag says whether it came from memory."""
    rule = choices.rule_text.strip() if key == "rule" else ""
    memo_key = (split.key, key, complexity, tuple(sorted(settings.items())), choices.row_limit,
                CV_FOLDS, rule)
    if memo_key in choices.memo:
        return choices.memo[memo_key], True
    model = train(dataset, problem, split, key, complexity=complexity, settings=settings,
                  progress=progress, max_rows=choices.row_limit, cv_folds=CV_FOLDS, rule=rule)
    choices.memo[memo_key] = model
    while len(choices.memo) > MEMO_SIZE:
        choices.memo.pop(next(iter(choices.memo)))
    return model, False
