"""Shared look for every chart: one palette, readable fonts, titles that carry the takeaway."""

from __future__ import annotations

import altair as alt

GOOD = "#2f9e44"
BAD = "#e03131"
MAIN = "#3b5bdb"
MUTED = "#adb5bd"
SECOND = "#f08c00"
FONT = "'Source Sans Pro', 'Source Sans 3', 'DejaVu Sans', sans-serif"


# Streamlit fits title, axes and legend inside the chart's height, so builders ask for the
# plot height they want plus this much room for the frame.
FRAME_HEIGHT = 110


def finish(chart: alt.Chart, title: str, subtitle: str = "") -> alt.Chart:
    """Apply the house style: title + subtitle, fonts sized for a screen share."""
    return (chart.properties(title=alt.TitleParams(title, subtitle=subtitle or alt.Undefined, anchor="start",
                                                   fontSize=16, subtitleFontSize=12))
            .configure(font=FONT)
            .configure_axis(labelFontSize=12, titleFontSize=13, labelColor="#495057",
                            titleColor="#343a40", gridColor="#e9ecef", domainColor="#ced4da")
            .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
            .configure_view(strokeWidth=0))
