"""Sentences about groups: is any group served much worse?"""

from __future__ import annotations

from mlpm.evaluate.fairness import MIN_GROUP_ROWS, RATE_GAP, Gap, GroupReport
from mlpm.explain.safe import md
from mlpm.explain.wording import plain_number

GROUP_METRIC_NAMES = {
    "accuracy": "Right answers", "recall": "Real cases found (recall)",
    "precision": "Flags that are right (precision)", "false_alarm_rate": "False-alarm rate",
    "flagged_share": "Share flagged", "base_rate": "Share of real cases (base rate)", "mae": "Average error", "bias": "Average over/under",
}


def _who(column: str, group: str) -> str:
    return f"{md(column)} = {md(group)}"


def fairness_title(column: str) -> str:
    """The question a fairness slide answers: "Is the model as good for every group of
    'gender'?" (a column is not a kind of person: "every female" misreads a yes/no column)."""
    return f"Is the model as good for every group of '{md(column)}'?"


def _fact(report: GroupReport, gap: Gap, noun: str) -> str:
    worst, best = _who(report.column, gap.worst_group), _who(report.column, gap.best_group)
    if gap.metric == "recall":
        return (f"it finds {gap.worst:.0%} of the {noun} among {worst} but {gap.best:.0%} "
                f"among {best}")
    if gap.metric == "precision":
        return (f"{gap.worst:.0%} of its flags are right among {worst} but {gap.best:.0%} "
                f"among {best}")
    if gap.metric == "false_alarm_rate":
        return (f"it wrongly flags {gap.worst:.0%} of the other cases among {worst} but "
                f"{gap.best:.0%} among {best}")
    if gap.metric == "mae":
        return (f"its predictions are off by {plain_number(gap.worst)} on average for {worst} "
                f"but {plain_number(gap.best)} for {best}")
    return f"it is right for {gap.worst:.0%} of {worst} but {gap.best:.0%} of {best}"


def _size(gap: Gap) -> str:
    if gap.metric != "mae":
        return f"{gap.size * 100:.0f} points"
    return f"{gap.worst / gap.best:.1f}× the error" if gap.best else "a gap"


def base_rate_note(report: GroupReport, noun: str = "real cases") -> str | None:
    """When the groups' shares of real cases differ notably: say so, and the advice that fits
    (a threshold per group is a policy choice; is the difference real or a data artefact?)."""
    gap = report.base_rates
    if not report.base_rates_differ or gap is None:
        return None
    high, low = _who(report.column, gap.best_group), _who(report.column, gap.worst_group)
    return (f"The groups differ in how common the {md(noun)} are: {gap.best:.0%} of the test "
            f"rows among {high} but {gap.worst:.0%} among {low}. With different base rates, one "
            "threshold cannot give every group the same recall, precision and false-alarm rate "
            "at once. Using a different threshold per group is a policy choice for the business "
            "(and may need legal advice), not a technical fix. First check whether the "
            "difference is real in the world or an artefact of how the data was collected or "
            "labelled.")


def fairness_sentence(report: GroupReport, noun: str = "real cases") -> str:
    """The largest gap in words: a warning when a group is served much worse (it misses more
    of its real cases, or more of its flags are wrong), a caution when a group is flagged more
    often by mistake, and the base rates when they differ.

    ``noun`` is plain text, e.g. :func:`mlpm.explain.metrics.positive_noun`.
    """
    gap, plain_noun, noun = report.headline, noun, md(noun)
    if gap is None:
        return (f"Every group of '{md(report.column)}' is too small to judge on the test rows "
                f"(fewer than {MIN_GROUP_ROWS} rows each).")
    base = base_rate_note(report, plain_noun)
    fact, size = _fact(report, gap, noun), _size(gap)
    if report.served_worse:
        advice = base or ("Check whether this group is under-represented in the data before "
                          "you ship.")
        return (f"Warning: the model serves {_who(report.column, gap.worst_group)} much worse: "
                f"{fact} ({size}). {advice}")
    mistaken = report.mistaken_flags
    if report.flagged_by_mistake and mistaken is not None:
        advice = base or ("Check whether a column stands in for this group (a proxy) before "
                          "you ship.")
        return (f"No group is served much worse (recall and precision are within "
                f"{RATE_GAP * 100:.0f} points), but {_who(report.column, mistaken.worst_group)} "
                f"is flagged more often by mistake: {_fact(report, mistaken, noun)} "
                f"({_size(mistaken)}). {advice}")
    if gap.best_group == gap.worst_group or (gap.metric != "mae" and gap.size < 0.005):
        text = "No group is served much worse. The groups get the same results, within 1 point."
    else:
        text = f"No group is served much worse. The largest gap: {fact} ({size})."
    return f"{text} {base}" if base else text


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
