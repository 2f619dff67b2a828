"""Plotly figures out of the app as PNG/SVG, rendered by kaleido in the local Chromium.

kaleido 1.x drives a Chrome it finds (``BROWSER_PATH``, else ``chromium`` / ``google-chrome``
on ``PATH``; Debian's is ``/usr/bin/chromium``). Nothing is fetched at run time: plotly.js
comes from the plotly package, MathJax (kaleido's default is a CDN) is switched off, and mlpm
never calls ``kaleido.get_chrome`` (a download). One renderer is started on first use and
reused (a cold start costs ~5 s, a 3-D figure ~3 s after that); a lock lets one figure render
at a time.
"""

from __future__ import annotations

import atexit
import copy
import threading
from dataclasses import dataclass

import plotly.graph_objects as go

from mlpm.charts.anomaly import plotly_text
from mlpm.errors import UserError
from mlpm.explain.safe import plain
from mlpm.present.export.figures import _wrap

WIDTH, HEIGHT = 960, 640
_lock = threading.Lock()
_started = False


class ExportError(UserError):
    """The picture could not be rendered (no Chromium/Chrome found)."""


@dataclass(frozen=True)
class PlotlyFigure:
    """A Plotly figure and the sentence that says what it means (Markdown, like Figure's)."""

    key: str
    figure: go.Figure
    takeaway: str = ""

    def for_export(self) -> go.Figure:
        """The figure with the takeaway as a caption under it, sized for a slide."""
        figure = copy.deepcopy(self.figure)
        lines = _wrap(plain(self.takeaway), width=110) if self.takeaway else []
        bottom = 30 + 22 * len(lines)
        figure.update_layout(width=WIDTH, height=HEIGHT + bottom,
                             margin={"l": 20, "r": 20, "t": 80, "b": bottom})
        if lines:
            figure.add_annotation(text="<br>".join(plotly_text(line) for line in lines),
                                  xref="paper", yref="paper", x=0, y=0, yshift=-bottom + 8,
                                  xanchor="left", yanchor="bottom", showarrow=False,
                                  align="left", font={"size": 14, "color": "#343a40"})
        return figure

    def png(self, scale: float = 2.0) -> bytes:
        return _render(self.for_export(), "png", scale)

    def svg(self) -> str:
        return _render(self.for_export(), "svg", 1.0).decode()


def _render(figure: go.Figure, kind: str, scale: float) -> bytes:
    """One picture; a renderer that fails (seen once on a cold start under load: its page
    scripts were not ready) is restarted and tried once more."""
    from kaleido.errors import ChromeNotFoundError

    with _lock:
        for attempt in (1, 2):
            try:
                return _render_once(figure, kind, scale)
            except ChromeNotFoundError as error:
                raise ExportError("Saving a 3-D map as a picture needs Chromium or Chrome on "
                                  "the server, and none was found.",
                                  "Install it (Debian: apt-get install chromium) or point "
                                  "BROWSER_PATH at it.") from error
            except Exception as error:  # a renderer hiccup: restart, try once more
                _stop()
                if attempt == 2:
                    raise ExportError("The picture could not be drawn this time.",
                                      "Try the button again.") from error
    raise AssertionError("unreachable")


def _render_once(figure: go.Figure, kind: str, scale: float) -> bytes:
    import kaleido

    global _started
    if not _started:
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _started = True
    return kaleido.calc_fig_sync(figure, opts={"format": kind, "scale": scale,
                                               "width": figure.layout.width,
                                               "height": figure.layout.height})


def _stop() -> None:
    import kaleido

    global _started
    if _started:
        kaleido.stop_sync_server(silence_warnings=True)
        _started = False


atexit.register(_stop)
