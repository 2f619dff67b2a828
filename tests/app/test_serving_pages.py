"""Issue 18 on the pages: the Drift page shows what `mlpm serve` answered, Ship it offers the
measurement for saved models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from app_checks import no_exception
from streamlit.testing.v1 import AppTest

from mlpm.data.load import load_table
from mlpm.lifecycle.serving.checks import check_rows
from mlpm.lifecycle.serving.model import load_served_model
from mlpm.lifecycle.serving.traffic import TrafficLog
from mlpm.lifecycle.store import close_stores, open_store
from mlpm.lifecycle.store.capture import record_model
from mlpm.lifecycle.store.model_files import save_model
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train

ROOT = Path(__file__).resolve().parents[2]
CHURN = pd.read_csv(ROOT / "sample_data" / "churn.csv")


@pytest.fixture
def served_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A saved logistic model whose server answered 400 cases with tenure four years longer."""
    monkeypatch.setenv("MLPM_DATABASE_URL", f"sqlite:///{tmp_path / 'runs.sqlite'}")
    store = open_store()
    dataset = load_table(CHURN.iloc[:900].to_csv(index=False).encode(), name="churn.csv")
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    model = train(dataset, problem, split, "logistic")
    run = record_model(store, dataset, problem, split, model, threshold=0.4)
    save_model(store, run.id, model.pipeline)
    served = load_served_model(store, run.id)
    rows = CHURN.iloc[1000:1400][list(served.inputs.columns)].copy()
    rows["tenure_months"] = rows["tenure_months"] + 48
    x = check_rows(rows, served.inputs)
    predicted = served.answer(x)
    log = TrafficLog(store, run.id, store.data_version(run.data_version).profile,
                     flagged_label="Yes", flush_seconds=60)
    log.add(x, list(predicted.probabilities["Yes"]), list(predicted.decisions))
    log.close()
    yield run.id
    close_stores()


def test_drift_page_shows_live_traffic_and_its_drift(app: AppTest, served_run: int) -> None:
    app.switch_page("pages/drift.py").run()
    no_exception(app)
    assert "Live traffic" in [s.value for s in app.subheader]
    text = " ".join(str(m.value) for m in app.markdown)
    assert "Over 1 day the served model answered 400 cases and flagged" in text
    assert "on the test rows it flagged" in text
    alerts = " ".join(str(e.value) for e in app.error)
    assert "Live traffic:" in alerts
    assert "tenure_months" in text


def test_ship_it_offers_the_measurement_for_saved_models(app: AppTest, served_run: int) -> None:
    app.switch_page("pages/productize.py").run()
    no_exception(app)
    assert app.selectbox(key="ship_measure_run").value == served_run
    assert app.number_input(key="ship_sla_ms").value == 100
    assert app.button(key="ship_measure") is not None
