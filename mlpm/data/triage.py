"""Triage of the data review's findings: lead with the few that matter, group the rest.

Every alert gets an *impact* on the PM's goal: it changes what a model learns, changes how
its score should be read, puts people's data at risk, or is good to know (cosmetic). The page
leads with at most :data:`LEAD_LIMIT` findings, highest impact first (each with its one-click
fix); everything else is folded into one group per kind, which
:func:`mlpm.explain.data.alert_group_sentence` words in one line ("14 columns are mostly zero
..."). Nothing is dropped: ``mlpm review --json`` keeps every alert with its ``impact`` and
``group``. Pure functions over alerts; no Streamlit, no table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

LEAD_LIMIT = 7
LEARNS = "changes what a model learns"
SCORE = "changes how to read the score"
PRIVACY = "puts people's data at risk"
FAIRNESS = "can treat groups of people unfairly"
COSMETIC = "cosmetic"
IMPACT_ORDER = {SCORE: 0, LEARNS: 1, PRIVACY: 2, FAIRNESS: 2, COSMETIC: 3}
_SEVERITY = {"high": 0, "medium": 1, "low": 2}

KIND_IMPACT: dict[str, str] = {
    # the score looks better (or worse) than the model is
    "leakage": SCORE, "duplicates": SCORE, "target_imbalance": SCORE,
    "conflicting_labels": SCORE,
    # the model learns from wrong or unusable values
    "target_missing": LEARNS, "single_class_target": LEARNS, "too_many_classes": LEARNS,
    "missing": LEARNS, "empty": LEARNS, "disguised_missing": LEARNS, "infinite": LEARNS,
    "numbers_as_text": LEARNS, "mixed_types": LEARNS, "inconsistent_categories": LEARNS,
    "high_correlation": LEARNS,
    "pii": PRIVACY, "sensitive_attribute": FAIRNESS,
    # normal in real tables, or handled by mlpm
    "zeros": COSMETIC, "imbalance": COSMETIC, "skewed": COSMETIC, "outliers": COSMETIC,
    "id_like": COSMETIC, "unique": COSMETIC, "high_cardinality": COSMETIC, "free_text": COSMETIC,
    "formula_like": COSMETIC, "dates_as_text": COSMETIC, "constant": COSMETIC,
}
# Shapes of the target itself change how its score reads (an error on a long-tailed price).
_TARGET_SHAPE = {"skewed", "outliers", "zeros"}


def impact_of(alert: Any, target: str | None) -> str:
    """What one finding does to the PM's goal (on ``target`` when one is chosen)."""
    if target and alert.kind in _TARGET_SHAPE and target in alert.columns:
        return SCORE
    if alert.kind == "missing" and alert.severity == "low":
        return COSMETIC  # a few gaps are filled before training
    default = COSMETIC if alert.severity == "low" else LEARNS
    return KIND_IMPACT.get(alert.kind, default)


def priority(alert: Any, target: str | None) -> tuple[bool, int, int, int]:
    """Lower comes first: cosmetic findings last; then severity ("Fix before training"
    first), impact (the score before what is learnt) and findings about the target."""
    impact = IMPACT_ORDER[impact_of(alert, target)]
    on_target = 0 if target and target in alert.columns else 1
    return (impact == IMPACT_ORDER[COSMETIC], _SEVERITY.get(alert.severity, 2), impact, on_target)


@dataclass(frozen=True)
class AlertGroup:
    """Findings of one kind, folded into one sentence on the page.

    ``minor``: every one of them is cosmetic, so the sentence may reassure (the rest did not
    fit the lead, and are not minor)."""

    key: str
    alerts: list[Any]
    minor: bool


@dataclass(frozen=True)
class Triage:
    lead: list[Any]
    groups: list[AlertGroup]
    target: str | None = None

    def tagged(self, alerts: list[Any]) -> list[Any]:
        """``alerts`` (same order) with ``impact`` and ``group`` filled in."""
        group_of = {id(a): g.key for g in self.groups for a in g.alerts}
        impact = {id(a): impact_of(a, self.target) for a in alerts}
        return [replace(a, impact=impact[id(a)], group=group_of.get(id(a))) for a in alerts]


def triage(alerts: list[Any], target: str | None = None) -> Triage:
    """Lead with at most :data:`LEAD_LIMIT` findings that change what a model learns or how
    its score reads (highest impact first); group the rest by kind, in the same order."""
    ranked = sorted(alerts, key=lambda a: priority(a, target))  # stable: review order kept
    lead = [a for a in ranked if impact_of(a, target) != COSMETIC][:LEAD_LIMIT]
    chosen = {id(a) for a in lead}
    by_kind: dict[str, list[Any]] = {}
    for alert in ranked:
        if id(alert) not in chosen:
            by_kind.setdefault(alert.kind, []).append(alert)
    groups = [AlertGroup(kind, found, all(impact_of(a, target) == COSMETIC for a in found))
              for kind, found in by_kind.items()]
    return Triage(lead, groups, target)
