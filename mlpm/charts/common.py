"""Shared look for every chart: one palette, readable fonts, titles that carry the takeaway."""

from __future__ import annotations

import altair as alt

GOOD = "#2f9e44"
BAD = "#e03131"
MAIN = "#3b5bdb"
MUTED = "#adb5bd"
SECOND = "#f08c00"


def finish(chart: alt.Chart, title: str, subtitle: str = "") -> alt.Chart:
    """Apply the house style: title + subtitle, fonts sized for a screen share."""
    return (chart.properties(title=alt.TitleParams(title, subtitle=subtitle or alt.Undefined, anchor="start",
                                                   fontSize=16, subtitleFontSize=12))
            .configure_axis(labelFontSize=12, titleFontSize=13)
            .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
            .configure_view(strokeWidth=0))
