"""Sentences about groups: is any group served much worse?"""

from __future__ import annotations

from mlpm.explain.safe import md
from mlpm.fairness import MIN_GROUP_ROWS, GroupReport

GROUP_METRIC_NAMES = {
    "accuracy": "Right answers", "recall": "Real cases found (recall)",
    "precision": "Flags that are right (precision)", "false_alarm_rate": "False-alarm rate",
    "flagged_share": "Share flagged", "mae": "Average error", "bias": "Average over/under",
}


def _who(column: str, group: str) -> str:
    return f"{md(column)} = {md(group)}"


def fairness_sentence(report: GroupReport, noun: str = "real cases") -> str:
    """The largest gap in words, as a warning when a group is served much worse.

    ``noun`` is plain text, e.g. :func:`mlpm.explain.metrics.positive_noun`.
    """
    gap, noun = report.headline, md(noun)
    if gap is None:
        return (f"Every group of '{md(report.column)}' is too small to judge on the test rows "
                f"(fewer than {MIN_GROUP_ROWS} rows each).")
    worst, best = _who(report.column, gap.worst_group), _who(report.column, gap.best_group)
    if gap.metric == "recall":
        fact = (f"it finds {gap.worst:.0%} of the {noun} among {worst} but {gap.best:.0%} "
                f"among {best}")
    elif gap.metric == "false_alarm_rate":
        fact = (f"it wrongly flags {gap.worst:.0%} of the other cases among {worst} but "
                f"{gap.best:.0%} among {best}")
    elif gap.metric == "mae":
        fact = (f"its predictions are off by {gap.worst:,.2f} on average for {worst} but "
                f"{gap.best:,.2f} for {best}")
    else:
        fact = f"it is right for {gap.worst:.0%} of {worst} but {gap.best:.0%} of {best}"
    size = (f"{gap.size * 100:.0f} points" if gap.metric != "mae"
            else f"{gap.worst / gap.best:.1f}× the error" if gap.best else "a gap")
    if report.served_worse:
        return (f"Warning: the model serves {worst} much worse: {fact} ({size}). Check whether "
                "this group is under-represented in the data before you ship.")
    return f"No group is served much worse. The largest gap: {fact} ({size})."


def small_groups_note(report: GroupReport) -> str | None:
    if not report.small_groups:
        return None
    names = (", ".join(map(md, report.small_groups[:5]))
             + ("…" if len(report.small_groups) > 5 else ""))
    return (f"Too few test rows to judge (under {MIN_GROUP_ROWS}): {names}. Their numbers are "
            "shown in grey and left out of the gap.")


def banded_note(report: GroupReport) -> str | None:
    if not report.banded:
        return None
    return (f"'{md(report.column)}' is a number, so its rows are cut into four bands with about "
            "the same number of rows each.")
