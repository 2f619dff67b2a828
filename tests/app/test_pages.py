"""Each page of the journey through the real router: renders, reacts, never shows a traceback."""

from __future__ import annotations

import numpy as np
import pytest
from app_checks import no_exception
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from streamlit.testing.v1 import AppTest

from mlpm.data.samples import SAMPLES


def texts(at: AppTest, kind: str) -> list[str]:
    """Values of all elements of one kind; "alert" means error, warning, info and success boxes."""
    kinds = ("error", "warning", "info", "success") if kind == "alert" else (kind,)
    return [str(e.value) for k in kinds for e in at.get(k)]


def test_home_lists_the_journey_and_loads_a_sample(app: AppTest) -> None:
    no_exception(app)
    assert app.title[0].value.startswith("Is machine learning right")
    labels = [b.label for b in app.button]
    assert labels.count("Load") == len(SAMPLES)  # one per bundled sample
    app.button(key="sample_cats_dogs").click().run()
    no_exception(app)
    assert app.title[0].value == "Data review"
    assert app.selectbox(key="target").value == "animal"
    # AppTest restarts Streamlit's page registry on every run, so a switched-to page runs on
    # its own; the router draws the sidebar when it runs, e.g. back on the home page.
    app.switch_page("app.py").run()
    sidebar = " ".join(str(m.value) for m in app.sidebar.markdown)
    assert "cats_dogs.csv" in sidebar
    assert "400 rows" in sidebar


def test_data_page_without_data_asks_for_a_file(app: AppTest) -> None:
    app.switch_page("pages/data.py").run()
    no_exception(app)
    assert any("Load a file or a sample" in t for t in texts(app, "alert"))


def test_upload_shows_columns_alerts_and_target(app: AppTest) -> None:
    app.switch_page("pages/data.py").run()
    csv = b"id,age,plan,churned\n" + b"".join(
        f"{i},{20 + i % 50},{'basic' if i % 3 else 'pro'},{'Yes' if i % 4 == 0 else 'No'}\n".encode()
        for i in range(60))
    app.file_uploader(key="upload").set_value(("mine.csv", csv, "text/csv")).run()
    no_exception(app)
    assert [m.value for m in app.metric][:2] == ["60", "4"]
    assert any("looks like an ID" in t for t in texts(app, "alert"))
    app.selectbox(key="target").select("churned").run()
    no_exception(app)
    assert app.selectbox(key="positive_churned").value == "Yes"
    assert any("Predicting **churned**" in t for t in texts(app, "alert"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "The file is empty."),
     (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
     (b"a,b\n1,2\n3,4,5\n6,7\n", "Line 3 has 3 fields")],
)
def test_bad_upload_keeps_earlier_work(app: AppTest, content: bytes, message: str) -> None:
    app.button(key="sample_churn").click().run()
    version = app.session_state["mlpm_journey"].dataset.version
    app.file_uploader(key="upload").set_value(("bad.csv", content, "text/csv")).run()
    no_exception(app)
    assert any(message in t for t in texts(app, "alert")), texts(app, "alert")
    assert app.session_state["mlpm_journey"].dataset.version == version  # nothing lost
    assert any("still using **churn.csv**" in t for t in texts(app, "alert"))


def test_ragged_file_can_be_loaded_anyway(app: AppTest) -> None:
    app.switch_page("pages/data.py").run()
    rows = b"a,b\n" + b"".join(f"{i},{i * 2}\n".encode() for i in range(30)) + b"9,9,9\n"
    app.file_uploader(key="upload").set_value(("ragged.csv", rows, "text/csv")).run()
    app.button(key="skip_bad_lines").click().run()
    no_exception(app)
    assert app.metric[0].value == "30"


def test_one_class_target_is_explained(app: AppTest) -> None:
    app.switch_page("pages/data.py").run()
    csv = b"x,y\n" + b"".join(f"{i},same\n".encode() for i in range(40))
    app.file_uploader(key="upload").set_value(("one.csv", csv, "text/csv")).run()
    app.selectbox(key="target").select("y").run()
    no_exception(app)
    assert any("only one value" in t for t in texts(app, "alert"))


def test_split_counts_and_staleness(app: AppTest) -> None:
    app.button(key="sample_churn").click().run()
    app.switch_page("pages/split.py").run()
    app.radio(key="split_preset").set_value("70/30").run()
    app.button(key="split").click().run()
    no_exception(app)
    assert [m.value for m in app.metric] == ["2,100", "900"]
    # Changing the target makes the split stale, and the page says so.
    app.switch_page("pages/data.py").run()
    app.selectbox(key="target").select("contract").run()
    app.switch_page("pages/split.py").run()
    assert any("out of date" in t for t in texts(app, "alert"))


def test_steps_ask_for_what_comes_first(app: AppTest) -> None:
    for page in ("split", "train", "evaluate", "pilot", "fitting"):
        app.switch_page(f"pages/{page}.py").run()
        no_exception(app)
        assert any("First" in t for t in texts(app, "alert")), page


def test_train_shows_leaderboard_against_baseline(trained: AppTest) -> None:
    markdown = " ".join(texts(trained, "markdown"))
    assert "no-learning baseline" in markdown
    assert trained.get("vega_lite_chart")
    board = trained.dataframe[0].value
    assert set(board["model"]) == {"Baseline: always the most common answer",
                                   "Logistic regression", "Decision tree", "Gradient boosting"}


def test_evaluate_threshold_moves_the_metrics(trained: AppTest) -> None:
    trained.switch_page("pages/evaluate.py").run()
    no_exception(trained)
    journey = trained.session_state["mlpm_journey"]
    model = journey.models[journey.selected_model]

    def expected(threshold: float) -> list[str]:
        """Reference: sklearn's metrics of flagging scores at or above the threshold."""
        flagged = np.where(model.scores >= threshold, "Yes", "No")
        return [f"{metric(model.y_test, flagged, **kw):.0%}" for metric, kw in (
            (accuracy_score, {}), (precision_score, {"pos_label": "Yes", "zero_division": 0}),
            (recall_score, {"pos_label": "Yes"}), (f1_score, {"pos_label": "Yes"}))]

    assert [m.label for m in trained.metric] == ["Accuracy", "Precision", "Recall", "F1 score"]
    assert [m.value for m in trained.metric] == expected(0.5)
    captions = " ".join(texts(trained, "caption"))
    assert "Of 100 cases that really are churned = Yes, the model finds" in captions
    trained.slider(key="threshold").set_value(0.2).run()
    no_exception(trained)
    assert [m.value for m in trained.metric] == expected(0.2) != expected(0.5)
    assert journey.threshold == pytest.approx(0.2)


def test_learning_curve_gives_a_verdict(trained: AppTest) -> None:
    trained.switch_page("pages/fitting.py").run()
    trained.selectbox(key="curve_model").select("logistic").run()  # the quickest to sweep
    trained.button(key="curve").click().run()
    no_exception(trained)
    verdicts = " ".join(texts(trained, "alert"))
    # The last point of the curve drawn: F1 on training and validation within 0.08 of each
    # other and far above the baseline's (who flags nobody scores 0), so a good fit.
    curve = trained.session_state["mlpm_journey"].curve
    train, validation = curve.train_scores[-1].mean(), curve.validation_scores[-1].mean()
    assert abs(train - validation) < 0.08
    assert validation > curve.baseline_score + 0.25
    assert f"Good fit: {train:.2f} F1 on training vs {validation:.2f} on validation" in verdicts
    assert "Overfitting" not in verdicts
    assert "Underfitting" not in verdicts
    assert trained.get("vega_lite_chart")


def test_regression_journey_evaluates_in_target_units(app: AppTest) -> None:
    app.button(key="sample_house_prices").click().run()
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    app.switch_page("pages/train.py").run()
    app.button(key="train").click().run()
    app.switch_page("pages/evaluate.py").run()
    no_exception(app)
    assert [m.label for m in app.metric] == ["Average error (MAE)", "Typical error (RMSE)", "R²"]
    assert any("off by" in t for t in texts(app, "caption"))
