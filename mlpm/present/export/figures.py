"""A chart ready to leave the app: title, subtitle (data version, model) and takeaway caption."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import altair as alt
import vl_convert as vlc

from mlpm.charts.common import FONT, FRAME_HEIGHT
from mlpm.explain.safe import plain

EXPORT_WIDTH = 720


@dataclass(frozen=True)
class Figure:
    """One exportable chart and the sentence that says what it means (Markdown, like every
    sentence of :mod:`mlpm.explain`; the exported caption is its plain text)."""

    key: str
    chart: alt.TopLevelMixin
    takeaway: str = ""

    def for_export(self, *, caption: bool = True) -> alt.TopLevelMixin:
        """The chart sized for a slide, with the takeaway as a caption under it.

        ``caption=False`` leaves the caption off where the same sentence is already next to
        the chart (a slide's headline).
        """
        chart = copy.deepcopy(self.chart)
        config = chart.config
        chart.config = alt.Undefined
        # Builders add FRAME_HEIGHT for Streamlit, which fits axes and titles inside the
        # height; vl-convert does not, so give the plot its own height back.
        height = chart.height if isinstance(chart.height, int | float) else None
        if height and height > FRAME_HEIGHT + 40:
            chart = chart.properties(height=height - FRAME_HEIGHT)
        if not isinstance(chart.width, int | float):
            chart = chart.properties(width=EXPORT_WIDTH)
        if self.takeaway and caption:
            lines = _wrap(plain(self.takeaway))
            note = alt.Chart(alt.Data(values=[{"text": line} for line in lines]))
            note = note.mark_text(align="left", baseline="top", fontSize=13, color="#343a40",
                                        font=FONT, dx=0).encode(
                text="text:N", y=alt.Y("text:N", axis=None, sort=None), x=alt.value(0))
            note = note.properties(width=chart.width if isinstance(chart.width, int | float)
                                         else EXPORT_WIDTH, height=18 * len(lines))
            chart = alt.vconcat(chart, note, spacing=14)
        chart.config = config if config is not alt.Undefined else alt.Config(font=FONT)
        return chart.properties(padding=16, background="white")

    def png(self, scale: float = 2.0, *, caption: bool = True) -> bytes:
        """PNG bytes at ``scale`` (2 = sharp on a projector), rendered without a browser."""
        return vlc.vegalite_to_png(self.for_export(caption=caption).to_json(), scale=scale)

    def svg(self) -> str:
        """SVG text: scales without blur; embeds no external resource."""
        return vlc.vegalite_to_svg(self.for_export().to_json())


def _wrap(text: str, width: int = 95) -> list[str]:
    """Break a sentence into caption lines (Vega-Lite text marks do not wrap by themselves)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines
