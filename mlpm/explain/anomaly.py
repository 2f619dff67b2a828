"""Sentences about unusual rows: the share to look at, the line it draws, why a row stands out."""

from __future__ import annotations

import math

import pandas as pd

from mlpm.explain.safe import md, plain
from mlpm.model.anomaly import AnomalyCut, AnomalyModel, Reason, UnusualRow

SCORE_WORDS = ("The unusual-ness score says how quickly random cuts of the data single a row "
               "out: about 0.5 is an ordinary row, close to 1 a row unlike any other.")
NO_TARGET_WORDS = ("No answer column is needed: the model learns what a typical row looks like "
                   "and ranks rows by how far they are from it. Unusual is not the same as "
                   "wrong: someone still has to look at each flagged row.")


def _share(value: float) -> str:
    """2% / 0.5% / 0.04%: never rounded to 0% or 100% unless exact."""
    percent = 100 * value
    if percent == 0 or percent == 100:
        return f"{percent:.0f}%"
    for digits in (0, 1, 2, 3):
        text = f"{percent:.{digits}f}"
        if float(text) not in (0.0, 100.0) and abs(float(text) - percent) <= percent * 0.05:
            return f"{text}%"
    return f"{percent:.3f}%"


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.1f}".removesuffix(".0")
    return f"{value:.2g}"


def _date(days: float) -> str:
    return f"{pd.Timestamp('1970-01-01') + pd.Timedelta(days=float(days)):%d %b %Y}"


def share_sentence(cut: AnomalyCut) -> str:
    """The knob in the team's words."""
    if cut.flagged == 0:
        return (f"Looking at the {_share(cut.share)} most unusual rows flags no row of "
                f"{cut.rows:,}: the share is too small for this table, so raise it.")
    return (f"Looking at the {_share(cut.share)} most unusual rows means your team checks "
            f"**{cut.flagged:,} of {cut.rows:,} rows** each time a table like this comes in.")


def threshold_sentence(cut: AnomalyCut) -> str:
    """The line on the score the share draws, against the typical row."""
    return (f"A row is flagged when its unusual-ness score is above **{cut.threshold:.2f}**; "
            f"the typical row scores {cut.typical_score:.2f}.")


def cut_sentences(cut: AnomalyCut) -> dict[str, str]:
    """One sentence per number the page, the CLI and the pack show."""
    return {"flagged": share_sentence(cut), "threshold": threshold_sentence(cut),
            "score": SCORE_WORDS}


def reason_sentence(reason: Reason) -> str:
    """"`amount` is 14x the typical value (1,400 vs 100)"; "`country` 'XX' appears in 0.1% of rows"."""
    name = md(reason.column)
    rarity = f"only {_share(reason.tail_share)} of rows are this far from typical"
    if reason.kind == "category":
        return (f"{name} is '{md(reason.value)}', which appears in {_share(reason.value_share or 0)}"
                f" of rows (most common: '{md(reason.typical)}')")
    value, typical = float(reason.value), float(reason.typical)  # type: ignore[arg-type]
    if reason.is_date:
        way = "later" if value > typical else "earlier"
        return (f"{name} is {_date(value)}, far {way} than the typical {_date(typical)}; "
                f"{rarity}")
    ratio = reason.ratio
    if ratio is not None and ratio >= 3:
        times = f"{ratio:,.0f}" if ratio >= 10 else _number(ratio)
        return (f"{name} is {times}x the typical value ({_number(value)} vs "
                f"{_number(typical)}); {rarity}")
    if ratio is not None and ratio <= 1 / 3:
        return (f"{name} is 1/{1 / ratio:,.0f} of the typical value ({_number(value)} vs "
                f"{_number(typical)}); {rarity}")
    way = "above" if value > typical else "below"
    middle = (f"; half of the rows lie between {_number(reason.low)} and {_number(reason.high)}"
              if reason.low is not None and reason.high is not None else "")
    return f"{name} is {_number(value)}, far {way} the typical {_number(typical)}{middle}"


def row_sentence(row: UnusualRow) -> str:
    """Why one row stands out, in one line."""
    if not row.reasons:
        return (f"Row {row.number:,} (score {row.score:.2f}): no single column is far from "
                "typical; it is the combination of its values that is rare.")
    return (f"Row {row.number:,} (score {row.score:.2f}): "
            + "; ".join(reason_sentence(r) for r in row.reasons) + ".")


def headline(cut: AnomalyCut, top: UnusualRow | None) -> str:
    """The pack's headline: how many rows to look at, and the most unusual one."""
    first = share_sentence(cut)
    if top is None:
        return first
    if not top.reasons:
        return f"{first} The most unusual is row {top.number:,} (score {top.score:.2f})."
    return (f"{first} The most unusual is row {top.number:,}: "
            f"{reason_sentence(top.reasons[0])}.")


def report(model: AnomalyModel, share: float, *, top: int = 10) -> dict[str, object]:
    """Plain data for ``mlpm train --task anomaly --json``: the model's facts with their
    sentences (stable keys: add, never rename)."""
    cut = model.cut(share)
    return {"task": "anomaly", "share": cut.share, "threshold": round(cut.threshold, 6),
            "flagged": cut.flagged, "rows": cut.rows,
            "typical_score": round(cut.typical_score, 6), "seed": model.seed,
            "features": list(model.columns),
            "sentences": {k: plain(v) for k, v in cut_sentences(cut).items()},
            "top_rows": [_row_json(r) for r in model.top_rows(share, top)]}


def _row_json(row: UnusualRow) -> dict[str, object]:
    return {**row.as_dict(), "reasons": [{**r.as_dict(), "sentence": plain(reason_sentence(r))}
                                         for r in row.reasons]}
