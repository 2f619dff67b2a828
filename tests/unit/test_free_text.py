"""Free text: told apart from labels and IDs, read as TF-IDF words, and its top words per outcome
checked against a count by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from mlpm.data.dataset import Dataset
from mlpm.data.free_text import free_text_columns, is_free_text, top_words
from mlpm.data.quality import review
from mlpm.data.samples import load_sample
from mlpm.model.catalogue import build_pipeline, get_spec, prepare_features, text_vectorizer
from mlpm.model.problem import define_problem, feature_exclusions
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train

N = 200


@pytest.mark.parametrize(("values", "prose", "left_out"), [
    ([f"the parcel {i} arrived late and broken" for i in range(N)], True, False),
    ([f"Où est mon colis numéro {i} s'il vous plaît" for i in range(N)], True, False),
    ([f"customer {i}" for i in range(N)], False, True),  # a label of two words
    ([f"+31 6 {10_000_000 + i}" for i in range(N)], False, True),  # phone numbers
    ([f"user{i}@example.com" for i in range(N)], False, True),
    ([f"https://shop.example/p/{i}?ref=a-b-c" for i in range(N)], False, True),
    ([f"C{i:06d}" for i in range(N)], False, True),
    # three phrases: a category (one-hot), not text
    (["New York City", "Los Angeles Metro", "San Francisco Bay"] * (N // 3), False, False),
])
def test_free_text_is_told_from_labels_ids_and_categories(values: list[str], prose: bool,
                                                          left_out: bool) -> None:
    frame = pd.DataFrame({"c": values})
    assert is_free_text(frame["c"]) is prose
    report = review(Dataset(frame, "t.csv"))
    assert ("free_text" in {a.kind for a in report.alerts}) is prose
    assert ("c" in feature_exclusions(frame, None)) is left_out


def test_top_words_match_a_count_by_hand() -> None:
    rng = np.random.default_rng(0)
    words = np.array(["refund", "broken", "thanks", "question", "invoice", "login"])
    rows = [" ".join(rng.choice(words, 3, replace=False)) for _ in range(400)]
    text = pd.Series(rows)
    p = 0.15 + 0.6 * text.str.contains("refund") - 0.1 * text.str.contains("thanks")
    labels = pd.Series(np.where(rng.random(400) < p, "Yes", "No"))
    found = top_words(text, labels, per_class=3)
    base = (labels == "Yes").mean()
    by_hand = {}
    for word in words:
        has = text.str.split().map(lambda tokens, w=word: w in tokens)
        by_hand[word] = (labels[has] == "Yes").mean() / base
    best = max(by_hand, key=by_hand.get)
    assert found["Yes"][0].word == best == "refund"
    for link in found["Yes"]:
        assert link.lift == pytest.approx(by_hand[link.word])
        assert link.lift > 1
    assert "thanks" in [w.word for w in found["No"]]


def test_a_model_reads_the_words_and_gains_from_them() -> None:
    dataset = load_sample("support_tickets")
    assert free_text_columns(dataset.frame) == ["ticket_text"]
    with_text = define_problem(dataset, "escalated", positive_label="Yes")
    assert "ticket_text" in with_text.features
    without = define_problem(dataset, "escalated", positive_label="Yes",
                             features=[f for f in with_text.features if f != "ticket_text"])
    split = plan_split(dataset, with_text, SplitPlan())
    ours = train(dataset, with_text, split, "logistic")
    blind = train(dataset, without, split, "logistic")
    y = (ours.y_test == "Yes").astype(int)
    assert roc_auc_score(y, ours.scores) > roc_auc_score(y, blind.scores) + 0.1
    # the same words and weights as scikit-learn's own vectorizer on the training rows
    pipeline = build_pipeline(get_spec("logistic", "binary"), dataset.frame, with_text)
    x = prepare_features(dataset.frame, with_text).iloc[split.train]
    pipeline.fit(x, dataset.frame["escalated"].iloc[split.train])
    fitted = pipeline.named_steps["prepare"].named_transformers_["words_0"][-1]
    reference = TfidfVectorizer(max_features=300, stop_words="english", sublinear_tf=True)
    reference.fit(x["ticket_text"].fillna(""))
    assert list(fitted.get_feature_names_out()) == list(reference.get_feature_names_out())
    assert isinstance(text_vectorizer(), TfidfVectorizer)
    # a reference model on the words alone beats chance by far: the signal is in the text
    words = reference.transform(dataset.frame["ticket_text"].fillna(""))
    model = LogisticRegression(max_iter=1000).fit(words[split.train],
                                                  dataset.frame["escalated"].iloc[split.train])
    chance = model.predict_proba(words[split.test])[:, list(model.classes_).index("Yes")]
    assert roc_auc_score((dataset.frame["escalated"].iloc[split.test] == "Yes"), chance) > 0.7


def test_missing_text_is_read_as_empty_and_scores_new_rows() -> None:
    dataset = load_sample("support_tickets")
    frame = dataset.frame.copy()
    frame.loc[::10, "ticket_text"] = np.nan
    data = Dataset(frame, "gaps.csv")
    problem = define_problem(data, "escalated", positive_label="Yes")
    pipeline = build_pipeline(get_spec("logistic", "binary"), frame, problem)
    pipeline.fit(prepare_features(frame, problem), frame["escalated"])
    fresh = frame.head(5).copy()
    fresh["ticket_text"] = [None, "refund now", "", "how do i export", "broken again"]
    chances = pipeline.predict_proba(prepare_features(fresh, problem))
    assert chances.shape == (5, 2)
    assert np.isfinite(chances).all()
