"""From a trained yes/no model to a rollout: its ranking at the team's capacity and its pilot.

One place that reads :mod:`mlpm.evaluate.capacity` and :mod:`mlpm.evaluate.pilot` for a model at the PM's
decision settings, so the Capacity & pilot page, ``mlpm train --json`` and the meeting pack's
"Pilot plan" slide quote the same numbers (issue 17).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlpm.evaluate.capacity import (
    TABLE_SHARES,
    CapacityReport,
    GainCurve,
    capacity_report,
    gain_curve,
)
from mlpm.evaluate.metrics import ThresholdSweep, score_sweep
from mlpm.evaluate.pilot import PilotInputs, PilotPlan, plan_pilot
from mlpm.model.training import TrainedModel
from mlpm.project.decision import DecisionSettings


@dataclass(frozen=True)
class Rollout:
    """A yes/no model's ranking, its capacity reading and its pilot plan, at one setting."""

    sweep: ThresholdSweep
    curve: GainCurve
    capacity: CapacityReport | None  # None when no capacity is set
    plan: PilotPlan | None  # None when the pilot can't be planned (see ``plan_problem``)
    plan_problem: str = ""


def rollout(model: TrainedModel, positive_label: str | None, settings: DecisionSettings, *,
            rule: TrainedModel | None = None, pilot: PilotInputs | None = None,
            capacity: float | None = None) -> Rollout | None:
    """Everything about acting on ``model``'s flags; ``None`` unless it is a yes/no scorer.

    ``capacity`` (cases a month) defaults to the settings' own; the pilot plan uses the
    model's recall and flagged share at the settings' threshold.
    """
    from mlpm.evaluate.pilot import PilotError

    if positive_label is None:
        return None
    sweep = score_sweep(model, positive_label)
    if sweep is None or sweep.n == 0:
        return None
    capacity = capacity if capacity is not None else settings.capacity
    report = capacity_report(sweep, capacity, settings.costs) if capacity else None
    confusion = sweep.at(settings.threshold)
    rule_sweep = score_sweep(rule, positive_label) if rule is not None else None
    rule_recall = rule_sweep.at(0.5).metrics()["recall"] if rule_sweep is not None else None
    plan, problem = None, ""
    try:
        plan = plan_pilot(pilot or PilotInputs(), test_base_rate=sweep.positives / sweep.n,
                          model_recall=confusion.metrics()["recall"],
                          model_flagged_share=(confusion.tp + confusion.fp) / sweep.n,
                          cases_per_month=settings.costs.cases_per_month,
                          rule_recall=rule_recall, capacity_per_month=settings.capacity)
    except PilotError as error:
        problem = error.message
    return Rollout(sweep, gain_curve(sweep), report, plan, problem)


def rollout_json(found: Rollout | None) -> tuple[dict[str, object] | None,
                                                 dict[str, object] | None]:
    """The ``capacity`` and ``pilot`` keys of ``mlpm train --json`` (``None`` for models that
    give no yes/no chance)."""
    if found is None:
        return None, None
    capacity: dict[str, object] = {"lift_table": found.curve.table(TABLE_SHARES),
                                   "positives": found.curve.positives, "rows": found.curve.n,
                                   "at_capacity": found.capacity.as_dict()
                                   if found.capacity else None}
    pilot: dict[str, object] = ({"plan": found.plan.as_dict(), "problem": None}
                                if found.plan else {"plan": None, "problem": found.plan_problem})
    return capacity, pilot
