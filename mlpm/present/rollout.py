"""Meeting-pack items for acting on the model (issue 17): who to act on first with the team's
capacity, and the pilot plan. Like :mod:`mlpm.present.items`, each returns ``None`` until the
PM has the result: a capacity set, a pilot planned on the Capacity & pilot page."""

from __future__ import annotations

from mlpm.charts.rollout import gain_chart, pilot_chart
from mlpm.evaluate.metrics import companions
from mlpm.evaluate.rollout import Rollout, rollout
from mlpm.explain import capacity as cap_words
from mlpm.explain import pilot as pilot_words
from mlpm.explain.metrics import positive_noun
from mlpm.present.export.figures import Figure
from mlpm.present.export.pack import PackItem
from mlpm.project.analysis import Analysis


def _rollout(analysis: Analysis) -> tuple[Rollout, str] | None:
    model, problem = analysis.model, analysis.problem
    if model is None or problem is None or problem.task != "binary" or model.is_baseline \
            or getattr(model, "is_rule", False):
        return None
    _, rule = companions(analysis.models.values(), model)
    found = rollout(model, problem.positive_label, analysis.settings, rule=rule,
                    pilot=analysis.pilot)
    if found is None:
        return None
    return found, positive_noun(problem.target, problem.positive_label or "")


def capacity_item(analysis: Analysis) -> PackItem | None:
    """The gain curve at the team's capacity: who to act on first and what it catches."""
    got = _rollout(analysis)
    if got is None or got[0].capacity is None:
        return None
    found, noun = got
    report = found.capacity
    lines = cap_words.capacity_sentences(report, noun)
    chart = gain_chart(found.curve, capacity_share=report.share, noun=noun,
                       subtitle=analysis.subtitle(analysis.model))
    return PackItem("capacity", "Who to act on first", lines[0],
                    Figure("capacity", chart, lines[0]), tuple(lines[1:4]),
                    notes=" ".join(lines))


def pilot_item(analysis: Analysis) -> PackItem | None:
    """The A/B test that proves the model before the rollout: arms, size, weeks."""
    if analysis.pilot is None:
        return None
    got = _rollout(analysis)
    if got is None or got[0].plan is None:
        return None
    found, noun = got
    plan = found.plan
    headline = pilot_words.plan_headline(plan)
    lines = pilot_words.plan_sentences(plan, noun)
    chart = pilot_chart(plan, noun=noun, subtitle=analysis.subtitle(analysis.model))
    return PackItem("pilot", "Pilot plan", headline, Figure("pilot", chart, headline),
                    tuple(lines[:4]), notes=" ".join([headline, *lines]))
