"""Problem & features, Split and Train on files the PM uploads: a model, their rule and the
baseline on one leaderboard, the loss replay, clustering, and clear messages for bad setups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from app_checks import no_exception
from sklearn.metrics import f1_score
from streamlit.testing.v1 import AppTest

RULE = "if plan = monthly and tenure < 6 then Yes"


def alerts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("error", "warning", "info", "success")
                    for e in at.get(kind))


def journey(at: AppTest):
    return at.session_state["mlpm_journey"]


def subscribers_csv(n: int = 240) -> bytes:
    rng = np.random.default_rng(11)
    plan = rng.choice(["monthly", "yearly"], n)
    tenure = rng.integers(0, 40, n)
    risk = 0.1 + 0.5 * (plan == "monthly") + 0.3 * (tenure < 6)
    frame = pd.DataFrame({
        "customer_id": [f"C{i:04d}" for i in range(n)],
        "plan": plan, "tenure": tenure, "calls": rng.poisson(2, n),
        "signup": (pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.permutation(n), unit="D")
                   ).strftime("%Y-%m-%d"),
        "churned": np.where(rng.random(n) < risk, "Yes", "No")})
    return frame.to_csv(index=False).encode()


def upload(app: AppTest, content: bytes, name: str = "mine.csv") -> AppTest:
    app.switch_page("pages/data.py").run()
    app.file_uploader(key="upload").set_value((name, content, "text/csv")).run()
    no_exception(app)
    return app


def test_features_page_sets_the_problem(app: AppTest) -> None:
    upload(app, subscribers_csv())
    app.switch_page("pages/features.py").run()
    no_exception(app)
    assert "Choose a target column" in alerts(app)
    app.selectbox(key="features_target").select("churned").run()
    no_exception(app)
    assert app.selectbox(key="task_churned").value == "binary"
    assert app.selectbox(key="features_positive_churned").value == "Yes"
    captions = " ".join(c.value for c in app.caption)
    assert "has two values, so the model answers yes or no" in captions
    markdown = " ".join(m.value for m in app.markdown)
    assert "**customer_id** looks like an ID" in markdown
    assert "**signup** is a date" in markdown
    assert "fitted on the training rows only" in markdown
    assert len(app.get("vega_lite_chart")) == 1  # relevance, with the noise line
    problem = journey(app).problem
    assert problem.features == ("plan", "tenure", "calls")
    assert problem.positive_label == "Yes"

    picker = app.multiselect(key="feature_pick_churned_binary")
    picker.set_value(["plan", "tenure", "signup"]).run()  # a date, added back on purpose
    no_exception(app)
    assert journey(app).problem.features == ("plan", "tenure", "signup")
    assert "Dates ('signup') become numbers" in " ".join(m.value for m in app.markdown)

    app.toggle(key="pca_on").set_value(True).run()
    no_exception(app)
    assert journey(app).problem.pca_components >= 1
    assert "of the information" in " ".join(m.value for m in app.markdown)
    app.toggle(key="pca_on").set_value(False).run()

    before = journey(app).problem
    app.multiselect(key="feature_pick_churned_binary").set_value([]).run()
    no_exception(app)
    assert "No feature columns are left to learn from." in alerts(app)
    assert journey(app).problem == before  # earlier work kept

    app.selectbox(key="features_target").select("\x00none").run()
    no_exception(app)
    assert journey(app).problem.task == "clustering"
    assert "customer_id" not in journey(app).problem.features


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        pytest.param("same", ["x"] * 300, "only one value (x)", id="one_class"),
        pytest.param("empty", [None] * 300, "empty on every row", id="all_missing"),
        pytest.param("product", [f"p{i}" for i in range(150)] * 2,
                     "150 different values; that is too many classes", id="hundreds_of_classes"),
    ],
)
def test_targets_that_cannot_be_learnt_are_explained(app: AppTest, column: str,
                                                     values: list, message: str) -> None:
    frame = pd.DataFrame({"a": np.arange(300) % 7, column: values})
    upload(app, frame.to_csv(index=False).encode())
    app.switch_page("pages/features.py").run()
    app.selectbox(key="features_target").select(column).run()
    no_exception(app)
    assert message in alerts(app), alerts(app)
    assert journey(app).problem is None  # nothing half-made was saved


def test_split_too_small_is_explained(app: AppTest) -> None:
    frame = pd.DataFrame({"x": range(16), "y": ["a", "b"] * 8})
    upload(app, frame.to_csv(index=False).encode(), "tiny.csv")
    app.selectbox(key="target").select("y").run()
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    no_exception(app)
    assert "too few to train on or to trust" in alerts(app)
    assert journey(app).split is None


def test_train_a_model_a_rule_and_the_baseline_then_replay_the_loss(app: AppTest) -> None:
    upload(app, subscribers_csv())
    app.selectbox(key="target").select("churned").run()
    app.switch_page("pages/split.py").run()
    app.radio(key="split_mode").set_value("By date").run()
    app.checkbox(key="split_validation").check().run()
    app.button(key="split").click().run()
    no_exception(app)
    split = journey(app).split
    assert split.is_time_based
    assert [m.label for m in app.metric] == ["Train rows", "Validation rows", "Test rows"]
    assert "tune on validation, report on test" in " ".join(c.value for c in app.caption)
    assert "By date: train" in " ".join(c.value for c in app.caption)

    app.switch_page("pages/train.py").run()
    no_exception(app)
    app.multiselect(key="models").set_value(["logistic"]).run()
    app.text_area(key="rule_text").input("if plan = weekly then Yes").run()
    assert "'plan' has no value 'weekly'." in alerts(app)  # a bad rule is explained …
    app.text_area(key="rule_text").input(RULE).run()
    assert "Understood:" in alerts(app)  # … a good one is read back
    app.button(key="train").click().run()
    no_exception(app)

    models = journey(app).models
    assert set(models) == {"majority", "logistic", "rule"}
    assert models["rule"].is_rule
    np.testing.assert_array_equal(models["rule"].rows, models["logistic"].rows)
    board = app.dataframe[0].value
    assert set(board["kind"]) == {"learnt model", "no learning", "your rule"}
    assert board["cv"].str.contains("±").all()
    text = alerts(app)
    # By hand (sklearn's F1, counts at threshold 0.5): the model's test F1 beats the baseline's
    # by more than its own fold-to-fold spread, so the page must call it a win.
    logistic, baseline = models["logistic"], models["majority"]
    flags = {k: m.scores >= 0.5 for k, m in (("logistic", logistic), ("majority", baseline))}
    churners = logistic.y_test == "Yes"
    gain = f1_score(churners, flags["logistic"]) - f1_score(churners, flags["majority"])
    assert gain > np.std(logistic.cv_scores)
    assert "ML beats doing nothing." in text
    assert "doing nothing: too close to call" not in text
    extra = int((flags["logistic"] & churners).sum() - (flags["majority"] & churners).sum())
    per_1000 = round(extra / len(churners) * 1000)
    assert f"Per 1,000 cases, Logistic regression catches {per_1000:,} more cases" in text
    assert "your rule" in text
    markdown = " ".join(m.value for m in app.markdown)
    assert "empirical risk" in markdown
    assert "'churned'" in markdown
    titles = [str(c.proto.spec) for c in app.get("vega_lite_chart")]
    assert any("The loss falls as the model learns" in t for t in titles)

    app.slider(key="loss_step").set_value(0).run()
    no_exception(app)
    assert any(m.value.startswith("**Before learning") for m in app.markdown)
    app.slider(key="loss_step").set_value(7).run()
    assert any(m.value.startswith("**After gradient step 7:") for m in app.markdown)


def test_clustering_chooses_k_and_finds_groups(app: AppTest) -> None:
    rng = np.random.default_rng(2)
    centres = [(10, 200), (60, 40), (30, 900)]
    rows = np.vstack([rng.normal(c, (3, 20), (50, 2)) for c in centres])
    frame = pd.DataFrame(rows, columns=["visits", "spend"]).round(1)
    upload(app, frame.to_csv(index=False).encode(), "shoppers.csv")
    app.switch_page("pages/features.py").run()
    app.selectbox(key="features_target").select("\x00none").run()
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    no_exception(app)
    assert app.metric[0].value == "150"
    app.switch_page("pages/train.py").run()
    no_exception(app)
    assert app.slider(key="k").value == 3
    assert "We suggest k = 3" in " ".join(m.value for m in app.markdown)
    app.button(key="train").click().run()
    no_exception(app)
    models = journey(app).models
    assert set(models) == {"random_groups", "kmeans", "hierarchical"}
    assert models["kmeans"].silhouette > 0.6
    assert "finds the most clearly separated groups" in " ".join(m.value for m in app.markdown)


def test_free_text_is_read_as_words_from_review_to_training(app: AppTest) -> None:
    """The support-tickets sample: the review names the text column, Problem & features says
    it becomes word columns and which words come with escalation, and a model trains on it."""
    app.switch_page("pages/data.py").run()
    app.selectbox(key="sample_choice").select("support_tickets").run()
    app.button(key="load_sample").click().run()
    no_exception(app)
    page = " ".join(str(e.value) for kind in ("markdown", "caption", "info", "warning", "error")
                    for e in app.get(kind))
    assert "'ticket_text' is free text" in page or "free text (ticket_text)" in page
    app.switch_page("pages/features.py").run()
    no_exception(app)
    markdown = " ".join(m.value for m in app.markdown)
    assert "Free text ('ticket_text') becomes word columns" in markdown
    assert "Rows of 'ticket_text' that say **" in markdown
    assert "Not in the chart above" in " ".join(c.value for c in app.caption)
    assert "end in escalated = Yes" in markdown
    assert "ticket_text" in journey(app).problem.features
