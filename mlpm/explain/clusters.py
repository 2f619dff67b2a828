"""Sentences about clusters: how distinct the groups are and what each one is like."""

from __future__ import annotations

import math

from mlpm.evaluate.clusters import ClusterProfile, ClusterReport, Trait
from mlpm.explain.safe import md


def silhouette_sentence(report: ClusterReport) -> str:
    s = report.silhouette
    if math.isnan(s):
        return "Only one group was found, so there is nothing to compare it with."
    if s >= 0.5:
        verdict = "the groups are clearly separated"
    elif s >= 0.25:
        verdict = "the groups are distinct but overlap at the edges"
    elif s > 0:
        verdict = "the groups overlap a lot: treat them as rough segments, not real types"
    else:
        verdict = "rows sit closer to other groups than to their own: these groups are not real"
    return f"Silhouette {s:.2f} (from -1 to 1, higher is better): {verdict}."


def _number(value: float) -> str:
    """9,030 / 36.4 / 0.79: as many decimals as a PM needs, never 9.03e+03."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.1f}"
    return f"{value:.2f}"


def _trait_words(trait: Trait) -> str:
    if trait.kind == "number":
        inside, overall = float(trait.cluster_value), float(trait.overall_value)
        much = "much " if abs(trait.strength) >= 1 else ""
        way = "higher" if trait.strength > 0 else "lower"
        return (f"{much}{way} {md(trait.feature)} ({_number(inside)} vs {_number(overall)} on "
                "average)")
    return (f"mostly {md(trait.feature)} = {md(trait.cluster_value)} ({trait.share:.0%} vs "
            f"{trait.overall_share:.0%} overall)")


def profile_sentence(profile: ClusterProfile) -> str:
    """ "Group 2 (310 rows, 31%): much higher annual_spend (1,240 vs 620 on average), …" """
    traits = [t for t in profile.traits if abs(t.strength) >= 0.2]
    what = "; ".join(_trait_words(t) for t in traits) or "close to the average row on every feature"
    return f"Group {profile.cluster} ({profile.rows:,} rows, {profile.share:.0%}): {what}."
