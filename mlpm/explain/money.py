"""Sentences about money: what the model is worth per month, against what."""

from __future__ import annotations

from mlpm.evaluate.money import Contender, MoneySummary, format_money
from mlpm.explain.metrics import is_churn_like
from mlpm.explain.safe import md

SAME = 0.005  # differences under 0.5% of the larger amount read as "about the same"


def _money(amount: float, currency: str) -> str:
    """An amount for a Markdown sentence: two "$" amounts would otherwise become a formula."""
    return md(format_money(amount, currency))


def _versus(diff: float, what: str, currency: str, scale: float, *, per_month: bool = False
            ) -> str:
    """ "€3,100 more than your rule" / "about the same as doing nothing"."""
    if abs(diff) <= SAME * max(scale, 1.0):
        return f"about the same as {what}"
    word = "more" if diff > 0 else "less"
    month = " a month" if per_month else ""
    return f"{_money(abs(diff), currency)}{month} {word} than {what}"


def _name(contender: Contender) -> str:
    return {"nothing": "doing nothing", "rule": "your rule"}.get(
        contender.key, f"the baseline ({md(contender.name)})")


def money_headline(summary: MoneySummary) -> str:
    """ "At threshold 0.35 the model is worth about €12,400 a month more than doing nothing and
    €3,100 more than your rule." """
    currency = summary.costs.currency
    scale = max([abs(summary.monthly)] + [abs(c.monthly) for c in summary.contenders])
    others = [c for c in summary.contenders if c.key != "baseline"]
    parts = [_versus(summary.monthly - c.monthly, _name(c), currency, scale, per_month=i == 0)
             for i, c in enumerate(others)]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    month = "" if "a month" in parts[0] else " a month"
    return (f"At threshold {summary.threshold:.2f} {md(summary.model_name)} is worth "
            f"{'' if joined.startswith('about') else 'about '}{joined}{month}.")


def everyone_sentence(summary: MoneySummary) -> str:
    """ "Flagging everyone would be worth €2,000 a month; the model at threshold 0.35 adds
    €9,400 on top of that." (or "loses … against it"): the no-model policy to beat."""
    currency = summary.costs.currency
    everyone, diff = summary.everyone, summary.over_everyone
    worth = (f"would be worth {_money(everyone, currency)} a month" if everyone >= 0
             else f"would cost {_money(-everyone, currency)} a month")
    at = f"the model at threshold {summary.threshold:.2f}"
    scale = max(abs(summary.monthly), abs(everyone), 1.0)
    if abs(diff) <= SAME * scale:
        adds = f"{at} is worth about the same"
    elif diff > 0:
        adds = f"{at} adds {_money(diff, currency)} on top of that"
    else:
        adds = f"{at} loses {_money(-diff, currency)} against it"
    return f"Flagging everyone (acting on every case, no model) {worth}; {adds}."


def best_sentence(summary: MoneySummary) -> str:
    """Where the most valuable threshold is, and what moving there gains; then what flagging
    everyone is worth and what the model adds on top of it."""
    return f"{_best(summary)} {everyone_sentence(summary)}"


def _best(summary: MoneySummary) -> str:
    curve, currency = summary.curve, summary.costs.currency
    gain_vs_nothing = curve.best_value - curve.nothing
    if gain_vs_nothing <= 0:
        return ("No threshold makes acting on the model's flags pay: with these values and costs, "
                "doing nothing is cheapest. Check the amounts, or the model needs to get better.")
    text = (f"The most valuable threshold is {curve.best_threshold:.2f}: about "
            f"{_money(gain_vs_nothing, currency)} a month more than doing nothing")
    extra = curve.best_value - summary.monthly
    if abs(curve.best_threshold - summary.threshold) < 1e-9 or extra <= 0:
        return text + ". Your threshold is already there."
    return text + f", {_money(extra, currency)} more than at {summary.threshold:.2f}."


def baseline_sentence(summary: MoneySummary) -> str | None:
    base = summary.contender("baseline")
    if base is None:
        return None
    currency = summary.costs.currency
    nothing = summary.curve.nothing
    at = base.monthly - nothing
    best = (base.best_monthly or base.monthly) - nothing
    scale = max(abs(summary.monthly), abs(base.monthly), 1.0)
    name = base.name.split(": ", 1)[-1]  # "Baseline: always …" -> "always …"
    return (f"The no-learning baseline ({md(name)}) is worth "
            f"{_versus(at, 'doing nothing', currency, scale)} at this threshold, and at best "
            f"{_versus(best, 'doing nothing', currency, scale)}: the model's value is what "
            "learning adds.")


def costs_prompt(noun: str) -> str:
    """How to fill the money inputs, with an example in the problem's own terms: retention
    offers and customers only when the cases are customers who leave (churn)."""
    churn, noun = is_churn_like(noun), md(noun)
    if churn:
        return (f"Enter what a caught case is worth and what each mistake costs, per case. For "
                f"example: keeping one of the {noun} is worth 120, a retention offer wasted on a "
                "happy customer costs 15, a missed one costs the 120 you would have kept.")
    return (f"Enter what a caught case is worth and what each mistake costs, per case. For "
            f"example: acting in time on one of the {noun} is worth 120, acting on a false "
            "alarm costs 15 (the time or offer spent for nothing), and each one missed costs "
            "the 120 you would have gained.")


def cost_labels(noun: str) -> dict[str, str]:
    """Input labels in the PM's words, with the standard term in brackets (Markdown)."""
    noun = md(noun)
    return {"tp_value": f"Value of each of the {noun} caught (TP)",
            "fp_cost": "Cost of each false alarm (FP)",
            "fn_cost": f"Cost of each of the {noun} missed (FN)",
            "tn_value": "Value of each case correctly left alone (TN, optional)",
            "cases_per_month": "Cases per month"}
