"""Free text (support tickets, reviews, notes): told apart from categories and IDs, read as words.

A column of sentences used to be left out of the features ("too many different values"). Most
of what a support ticket says is in its words, so mlpm now keeps such a column and a model reads
it as TF-IDF weights (how often each word appears in a row, weighted down for words that appear
everywhere; :func:`mlpm.model.catalogue.preprocessor`). The data review says which columns are text, and
:func:`top_words` shows which words come with each outcome, so a PM can sanity-check what the
model will pick up.

Free text is decided from the values, the same way for a whole column (:func:`is_free_text`)
and for the review's profile of it (:func:`profile_is_free_text`): many different values, most
of them with at least :data:`MIN_WORDS` words. Names ("Ada Lovelace") and short labels ("New
York") have fewer words; IDs have none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mlpm.data.kinds import column_kind

if TYPE_CHECKING:
    from mlpm.data.profile import ColumnProfile

MIN_WORDS = 3  # space-separated, with two letters or more: not "+31 6 1234", an e-mail, a URL
_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_SHARE = 0.6  # of the values looked at, at least this share has MIN_WORDS words
SAMPLE = 300
MAX_WORDS = 300  # TF-IDF columns per text column: the most frequent words
MIN_ROWS_PER_WORD = 5  # a word in fewer training rows says nothing about an outcome


def looks_like_prose(values: Iterable[object]) -> bool:
    """Whether most of ``values`` are phrases of several words."""
    texts = [str(v) for v in values if v is not None and not (isinstance(v, float) and np.isnan(v))]
    if len(texts) < 5:
        return False
    wordy = sum(sum(bool(_WORD.search(token)) for token in t.split()) >= MIN_WORDS for t in texts)
    return wordy / len(texts) >= MIN_SHARE


def is_free_text(column: pd.Series) -> bool:
    """A text column of many different phrases (not numbers, yes/no, dates or categories)."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return False
    values = column.dropna()
    if values.empty:
        return False
    sample = values.iloc[:: max(1, len(values) // SAMPLE)].iloc[:SAMPLE]
    return looks_like_prose(sample) and column_kind(column) == "text"


def profile_is_free_text(p: ColumnProfile) -> bool:
    """:func:`is_free_text` on the data review's profile of a column (its most common values)."""
    return p.kind == "text" and not p.numeric and looks_like_prose(v for v, _ in p.top)


def free_text_columns(frame: pd.DataFrame, names: Iterable[str] | None = None) -> list[str]:
    """The columns of ``frame`` (or of ``names``) that hold free text."""
    chosen = [str(n) for n in (frame.columns if names is None else names)]
    return [n for n in chosen if is_free_text(frame[n])]


def as_documents(column: pd.Series) -> np.ndarray:
    """One string per row, missing as "" (what a vectorizer reads)."""
    return np.array(["" if pd.isna(v) else str(v) for v in column], dtype=object)


@dataclass(frozen=True)
class WordLink:
    """A word and how much more often rows with it have one outcome than rows overall."""

    word: str
    rows: int  # rows that contain the word
    share: float  # share of those rows with the outcome
    lift: float  # share / the outcome's share over all rows


def top_words(texts: pd.Series, labels: pd.Series, *, per_class: int = 8,
              min_rows: int = MIN_ROWS_PER_WORD) -> dict[str, list[WordLink]]:
    """For each outcome, the words whose rows have that outcome most often (highest lift).

    Counted per row (a word said twice counts once), English filler words left out, and only
    words in at least ``min_rows`` rows: lift on three rows is luck.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    known = labels.notna().to_numpy()
    docs = as_documents(texts[known])
    y = labels[known].astype(str).to_numpy()
    if len(docs) == 0:
        return {}
    counter = CountVectorizer(binary=True, stop_words="english", min_df=min_rows)
    try:
        present = counter.fit_transform(docs).tocsc()
    except ValueError:  # no word in enough rows
        return {}
    words = counter.get_feature_names_out()
    rows_with = np.asarray(present.sum(axis=0)).ravel()
    out: dict[str, list[WordLink]] = {}
    for label in sorted(set(y)):
        is_label = (y == label).astype(float)
        base = is_label.mean()
        hits = np.asarray(present.T @ is_label).ravel()
        share = hits / rows_with
        lift = share / base if base else np.zeros_like(share)
        order = np.lexsort((words, -rows_with, -lift))[:per_class]
        out[label] = [WordLink(str(words[i]), int(rows_with[i]), float(share[i]), float(lift[i]))
                      for i in order if lift[i] > 1]
    return out
