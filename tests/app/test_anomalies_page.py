"""Unusual rows page (issue 17): the share knob moves the count and the line, the most unusual
rows are listed with their reasons, hostile names stay text, and the pack gets the item."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from app_checks import no_exception
from fixtures.hostile import DANGEROUS
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import element_tree as et

from mlpm.data.dataset import Dataset
from mlpm.explain.safe import md
from mlpm.present.pack import available_items
from mlpm.ui.anomaly import cached_anomalies
from mlpm.ui.pack import analysis_of
from mlpm.ui.state import Journey

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
AMOUNT = "[amount](https://phish.example/login)"
COUNTRY, RARE = "**country**", ":red[alert] www.evil.invalid"


def transactions(n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(21)
    frame = pd.DataFrame({AMOUNT: rng.lognormal(4, 0.3, n).round(2),
                          "items": rng.integers(1, 6, n),
                          COUNTRY: rng.choice(["DE", "FR", "NL"], n)})
    frame.loc[40, AMOUNT] = 2000.0
    frame.loc[41, COUNTRY] = RARE
    return frame


def markdown_of(at: AppTest) -> list[str]:
    out = []
    for node in at._tree:
        if isinstance(node, et.Markdown | et.HeadingBase | et.AlertBase):
            out.append(str(node.value))
        for attr in ("label", "help"):
            if isinstance(getattr(node, attr, None), str):
                out.append(getattr(node, attr))
    return out


def test_unusual_rows_page_knob_reasons_hostile_names_and_pack() -> None:
    cached_anomalies.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["mlpm_journey"] = Journey(dataset=Dataset(transactions(), "tx.csv"))
    at.run()
    at.switch_page("pages/anomalies.py").run()
    no_exception(at)
    assert at.multiselect(key="anomaly_columns").value == [AMOUNT, "items", COUNTRY]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows to look at"] == "12"  # 2% of 600
    helps = [b.proto.help for b in at.download_button if b.key.startswith("svg_")]
    assert any("the 3-D part inside is a picture" in h for h in helps)  # the map's buttons
    texts = markdown_of(at)
    joined = "\n".join(texts)
    assert "checks **12 of 600 rows**" in joined
    assert "Row 41 (score" in joined  # the planted rows, numbered from 1
    assert "Row 42 (score" in joined
    times = 2000 / transactions()[AMOUNT].median()
    assert f"{md(AMOUNT)} is {times:.0f}x the typical value" in joined
    assert f"{md(COUNTRY)} is '{md(RARE)}', which appears in 0.17% of rows" in joined
    for text in texts:
        assert not [p for p in DANGEROUS if re.search(p, text)], text
    assert len(at.get("plotly_chart")) == 1

    at.select_slider(key="anomaly_share").set_value(0.05).run()
    no_exception(at)
    assert {m.label: m.value for m in at.metric}["Rows to look at"] == "30"
    journey = at.session_state["mlpm_journey"]
    assert journey.anomaly.share == 0.05
    item = available_items(analysis_of(journey))["anomalies"]
    assert "30 of 600 rows" in item.headline
