"""A self-contained HTML report: opens offline, charts embedded as SVG, prints cleanly to PDF."""

from __future__ import annotations

import html

from mlpm.explain.safe import plain
from mlpm.present.export.pack import MeetingPack, PackItem

_CSS = """
body{font-family:'Source Sans Pro','Segoe UI','DejaVu Sans',Arial,sans-serif;color:#212529;
max-width:980px;margin:32px auto;padding:0 24px;line-height:1.5}
h1{font-size:32px;margin-bottom:4px}h2{font-size:22px;margin:0 0 6px}
.subtitle{color:#686e76;margin-top:0}.recommendation{font-size:19px;color:#3b5bdb;
border-left:4px solid #3b5bdb;padding:6px 14px;background:#f1f3ff}
section{border-top:1px solid #dee2e6;padding:22px 0;break-inside:avoid;page-break-inside:avoid}
.headline{font-size:17px;color:#3b5bdb;margin:0 0 12px}figure{margin:0}
figure svg{max-width:100%;height:auto}ul{padding-left:22px}footer{color:#868e96;font-size:13px}
@media print{body{margin:0;max-width:none}section{break-inside:avoid}a{color:inherit}}
"""


def build_report(pack: MeetingPack) -> str:
    """One HTML document with every item of the pack; no scripts, no external resources."""
    parts = [f"<h1>{html.escape(pack.title)}</h1>"]
    if pack.subtitle:
        parts.append(f'<p class="subtitle">{html.escape(pack.subtitle)}</p>')
    if pack.recommendation:
        parts.append(f'<p class="recommendation">{html.escape(pack.recommendation)}</p>')
    parts.extend(_section(item) for item in pack.items)
    steps = "".join(f"<li>{_text(s)}</li>" for s in pack.next_steps)
    parts.append(f"<section><h2>Next steps</h2><ul>{steps}</ul></section>")
    parts.append("<footer>Made with mlpm. All figures are measured on test rows the models "
                 "never saw during training.</footer>")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(pack.title)}</title><style>{_CSS}</style></head><body>"
            + "".join(parts) + "</body></html>")


def _section(item: PackItem) -> str:
    body = [f"<h2>{_text(item.title)}</h2>",
            f'<p class="headline">{_text(item.headline)}</p>']
    if item.figure is not None:
        body.append(f"<figure>{_strip_xml_header(item.figure.svg())}</figure>")
    if item.points:
        body.append("<ul>" + "".join(f"<li>{_text(p)}</li>" for p in item.points) + "</ul>")
    return f'<section id="{html.escape(item.key)}">' + "".join(body) + "</section>"


def _text(markdown: str) -> str:
    """A pack sentence (Markdown) as HTML text: the PM's names as typed, then escaped."""
    return html.escape(plain(markdown))


def _strip_xml_header(svg: str) -> str:
    return svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg
