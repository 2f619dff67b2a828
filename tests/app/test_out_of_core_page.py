"""A server file too big for memory is reviewed where it lies (issue 16, from the app): DuckDB
reads every row out of core, the page states the whole table's figures, and a stratified sample
is the table the PM trains on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from app_checks import no_exception
from streamlit.testing.v1 import AppTest


def test_a_big_server_file_is_reviewed_out_of_core(app: AppTest, server_folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_OUT_OF_CORE_MB", "0.05")  # 50 KB counts as too big here
    rng = np.random.default_rng(2)
    rows = 60_000
    frame = pd.DataFrame({"plan": rng.choice(["basic", "pro"], rows),
                          "spend": rng.normal(50, 10, rows).round(2),
                          "churned": rng.choice(["Yes", "No"], rows, p=[0.2, 0.8])})
    frame.loc[::100, "spend"] = np.nan
    frame.to_csv(server_folder / "events.csv", index=False)
    app.switch_page("pages/data.py").run()
    app.text_input(key="data_path").input("events.csv").run()
    app.button(key="load_path").click().run()
    no_exception(app)
    dataset = app.session_state["mlpm_journey"].dataset
    assert dataset is not None
    assert dataset.n_rows == 50_000  # the sample the PM trains on
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Rows"] == "60,000"  # the review covers every row
    assert metrics["Missing cells"] == f"{frame.isna().to_numpy().mean():.1%}"
    assert "covers all 60,000 rows" in dataset.source_note
