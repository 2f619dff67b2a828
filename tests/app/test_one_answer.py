"""One analysis, one answer (issue 14): every place states the same model, metric, threshold and
verdict.

Each case walks the app (Train, Evaluate, Present through AppTest), runs ``mlpm report --out
facts.json`` on the same file with the same choices, and builds the pack, then collects the
headline facts each place shows and asserts they agree. The reference numbers are recomputed
with scikit-learn from the test predictions, never taken from the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from app_checks import no_exception
from sklearn.metrics import f1_score, mean_absolute_error
from streamlit.testing.v1 import AppTest

from mlpm.cli.main import main as cli
from mlpm.explain.safe import plain

ROOT = Path(__file__).resolve().parents[2]
RULE = "if contract = Month-to-month and tenure_months < 6 then Yes"


def _texts(app: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "info", "success", "warning", "error")
             for e in app.get(kind)]
    return plain("\n".join(parts))


def _facts(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "facts.json"
    assert cli(["report", *args, "--out", str(out), "--no-curve"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _walk(app: AppTest, sample: str, models: list[str], rule: str = "") -> AppTest:
    app.button(key=f"sample_{sample}").click().run()
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    app.switch_page("pages/train.py").run()
    app.multiselect(key="models").set_value(models).run()
    if rule:
        app.text_area(key="rule_text").input(rule).run()
    app.button(key="train").click().run()
    no_exception(app)
    return app


def test_churn_at_the_pms_threshold_agrees_everywhere(app: AppTest, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _walk(app, "churn", ["logistic"], RULE)
    app.switch_page("pages/evaluate.py").run()
    app.slider(key="threshold").set_value(0.3).run()
    no_exception(app)
    journey = app.session_state["mlpm_journey"]
    assert journey.threshold == 0.3
    evaluate = _texts(app)

    app.switch_page("pages/train.py").run()
    train = _texts(app)
    app.switch_page("pages/present.py").run()
    present = plain(app.text_input(key="pack_recommendation").value)

    facts = _facts(tmp_path, str(ROOT / "sample_data" / "churn.csv"), "--target", "churned",
                   "--model", "logistic", "--rule", RULE, "--threshold", "0.3")
    # one recommendation, word for word, on Train, Evaluate, Present and in the CLI's facts
    recommendation = facts["recommendation"]
    assert "threshold 0.30" in recommendation
    assert recommendation in train
    assert recommendation in evaluate
    assert present == recommendation
    # one threshold, one metric, one score: F1 at 0.30, as scikit-learn computes it
    model = journey.models["logistic"]
    truth = np.asarray(model.y_test) == "Yes"
    f1_at = f1_score(truth, np.asarray(model.scores) >= 0.3)
    assert facts["decision"] == {**facts["decision"], "metric": "f1", "threshold": 0.3}
    board = {row["key"]: row["score"] for row in facts["leaderboard"]}
    assert board["logistic"] == pytest.approx(f1_at, abs=1e-6)
    assert f"F1 score at threshold 0.30: {f1_at:.2f}" in evaluate
    assert all(v["threshold"] == 0.3 for v in facts["verdicts"])
    assert facts["confusion"]["threshold"] == 0.3
    assert facts["confusion"]["tp"] == int((truth & (np.asarray(model.scores) >= 0.3)).sum())
    # mlpm train at the same threshold: the same F1 and the same verdicts
    capsys.readouterr()
    assert cli(["train", str(ROOT / "sample_data" / "churn.csv"), "--target", "churned",
                "--model", "logistic", "--rule", RULE, "--threshold", "0.3", "--no-record",
                "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["threshold"] == 0.3
    assert trained["metrics"]["f1"] == pytest.approx(f1_at)
    assert [(c["against"], c["verdict"]) for c in trained["comparisons"]] == \
        [(v["other"], v["verdict"]) for v in facts["verdicts"]]
    # the same verdicts on the Train page as in the facts
    titles = {"better": "ML beats", "worse": "ML does not beat", "too close": "too close to call"}
    for verdict in facts["verdicts"]:
        assert titles[verdict["verdict"]] in train


def test_a_stale_recommendation_is_never_kept(app: AppTest) -> None:
    """Moving the threshold after visiting Present changes the pack's recommendation too."""
    _walk(app, "churn", ["logistic"])
    app.switch_page("pages/present.py").run()
    before = app.text_input(key="pack_recommendation").value
    app.switch_page("pages/evaluate.py").run()
    app.slider(key="threshold").set_value(0.95).run()
    app.switch_page("pages/present.py").run()
    after = app.text_input(key="pack_recommendation").value
    assert "threshold 0.50" in before
    assert "threshold 0.95" in after
    assert app.session_state["mlpm_journey"].pack_choice["recommendation"] == ""


def test_house_prices_agree_on_the_typical_error(app: AppTest, tmp_path: Path) -> None:
    _walk(app, "house_prices", ["linear"])
    journey = app.session_state["mlpm_journey"]
    app.switch_page("pages/evaluate.py").run()
    evaluate = _texts(app)
    app.switch_page("pages/train.py").run()
    train = _texts(app)
    facts = _facts(tmp_path, str(ROOT / "sample_data" / "house_prices.csv"), "--target", "price",
                   "--model", "linear")
    model = journey.models["linear"]
    mae = mean_absolute_error(model.y_test, model.y_pred)
    assert facts["decision"]["metric"] == "mae"
    assert facts["decision"]["threshold"] is None
    assert {r["key"]: r["score"] for r in facts["leaderboard"]}["linear"] == pytest.approx(mae)
    assert f"{mae:,.0f}" in evaluate
    assert facts["recommendation"] in train
    assert facts["recommendation"] in evaluate
    assert "threshold" not in facts["recommendation"]


def _messy_csv(path: Path) -> Path:
    """Semicolons, decimal commas, gaps, a formula-like cell and a target with spaces."""
    rng = np.random.default_rng(5)
    n = 400
    spend = rng.gamma(2.0, 30.0, n)
    plan = rng.choice(["Basic", "Pro ", " Team"], n)
    tenure = rng.integers(0, 48, n).astype(float)
    tenure[rng.choice(n, 30, replace=False)] = np.nan
    risk = 0.15 + 0.4 * (np.char.strip(plan.astype(str)) == "Basic") + 0.2 * (spend < 30)
    left = np.where(rng.random(n) < risk, "Left us", "Stayed")
    lines = ["customer;monthly spend;plan;tenure;outcome"]
    for i in range(n):
        name = "=HYPERLINK(1)" if i == 7 else f"c{i}"
        months = "" if np.isnan(tenure[i]) else str(int(tenure[i]))
        lines.append(f"{name};{spend[i]:.2f}".replace(".", ",")
                     + f";{plan[i]};{months};{left[i]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_messy_file_agrees_between_the_pages_and_the_cli(app: AppTest,
                                                            tmp_path: Path) -> None:
    messy = _messy_csv(tmp_path / "messy export.csv")
    app.switch_page("pages/data.py").run()
    app.file_uploader(key="upload").set_value((messy.name, messy.read_bytes(),
                                               "text/csv")).run()
    app.selectbox(key="target").set_value("outcome").run()
    journey = app.session_state["mlpm_journey"]
    positive = journey.problem.positive_label
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    app.switch_page("pages/train.py").run()
    app.multiselect(key="models").set_value(["logistic"]).run()
    app.button(key="train").click().run()
    app.switch_page("pages/evaluate.py").run()
    app.slider(key="threshold").set_value(0.4).run()
    no_exception(app)
    evaluate = _texts(app)
    app.switch_page("pages/present.py").run()
    present = plain(app.text_input(key="pack_recommendation").value)
    facts = _facts(tmp_path, str(messy), "--target", "outcome", "--model", "logistic",
                   "--threshold", "0.4")
    assert facts["positive_label"] == positive
    assert present == facts["recommendation"]
    assert facts["recommendation"] in evaluate
    model = journey.models["logistic"]
    f1_at = f1_score(np.asarray(model.y_test) == positive, np.asarray(model.scores) >= 0.4)
    assert {r["key"]: r["score"] for r in facts["leaderboard"]}["logistic"] == \
        pytest.approx(f1_at, abs=1e-6)


def test_clustering_says_the_same_on_train_and_in_the_pack(app: AppTest) -> None:
    from mlpm.model.problem import define_problem

    app.button(key="sample_customer_segments").click().run()
    journey = app.session_state["mlpm_journey"]
    journey.set_problem(define_problem(journey.dataset, None))  # no target: find groups
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    app.switch_page("pages/train.py").run()
    app.multiselect(key="models").set_value(["kmeans"]).run()
    app.button(key="train").click().run()
    no_exception(app)
    assert {"kmeans", "random_groups"} <= set(journey.models)
    app.switch_page("pages/present.py").run()
    present = plain(app.text_input(key="pack_recommendation").value)
    assert present.startswith(("Use k-means", "Do not act on these groups"))
    from mlpm.explain.training import analysis_recommendation
    from mlpm.project.results import Results
    from mlpm.ui.pack import analysis_of

    assert present == plain(analysis_recommendation(Results(analysis_of(journey))))
