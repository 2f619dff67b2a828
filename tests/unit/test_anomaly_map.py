"""The 3-D map of unusual rows (Plotly) and its PNG/SVG export through kaleido and the local
Chromium, with nothing fetched from the internet."""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import plotly.io as pio
from kaleido._page_generator import PageGenerator

from mlpm.charts.anomaly import anomaly_map
from mlpm.data.dataset import Dataset
from mlpm.model.anomaly import detect
from mlpm.present.export.plotly_figures import WIDTH, PlotlyFigure

NAME = "<a href='https://evil.invalid'>click</a>"


def test_map_export_png_and_svg_offline_with_names_as_text() -> None:
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300),
                          "c": rng.choice(["x", "y"], 300), "d": rng.normal(size=300)})
    frame.loc[9, "a"] = 40.0
    model = detect(Dataset(frame, NAME), seed=42)
    points, variance = model.map_points(0.02, max_points=100)
    assert len(points) == 100
    assert points["flagged"].sum() == model.cut(0.02).flagged  # every flagged row is drawn
    assert 9 + 1 in set(points.loc[points["flagged"], "row"])
    assert len(variance) == 3
    assert sum(variance) <= 1
    figure = PlotlyFigure("map", anomaly_map(points, variance, subtitle=NAME),
                          takeaway=f"Red dots are flagged ({NAME}).")
    spec = pio.to_json(figure.for_export())
    assert "<a href" not in spec  # Plotly would draw a live link
    assert "&lt;a href" in spec
    png = figure.png(scale=1)
    assert png.startswith(b"\x89PNG")
    assert struct.unpack(">I", png[16:20])[0] == WIDTH
    assert figure.svg().startswith("<svg")
    # What kaleido's page loads: plotly.js from the installed package, no MathJax CDN.
    page = PageGenerator(mathjax=False).generate_index()
    assert "http" not in page
    assert "plotly.min.js" in page
