"""Sentences about capacity and ranking: who to act on first, and what a team's capacity gets."""

from __future__ import annotations

from mlpm.evaluate.capacity import ALMOST_EVERYONE, WEEKS_PER_MONTH, CapacityReport, GainCurve
from mlpm.evaluate.money import format_money
from mlpm.explain.safe import md


def _pct(share: float) -> str:
    """A share as a whole percentage that never reads 0% or 100% unless it is."""
    value = share * 100
    if 0 < value < 1:
        return "under 1%"
    if 99 < value < 100:
        return "over 99%"
    return f"{value:.0f}%"


def _count(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}".replace(".0", "")


def _money(amount: float, currency: str) -> str:
    return md(format_money(amount, currency))


def per_week(per_month: float) -> str:
    """ "200 a month (about 46 a week)"."""
    return f"{_count(per_month)} a month (about {_count(per_month / WEEKS_PER_MONTH)} a week)"


def gain_sentence(curve: GainCurve, share: float, noun: str) -> str:
    """ "Calling the top 10% of cases catches 35% of the churners, 3.5× random." """
    if not curve.positives:
        return f"The test rows hold no {md(noun)}, so the ranking can't be judged."
    lift = curve.lift_at(share)
    return (f"Acting on the top {_pct(share)} of cases by the model's chance catches "
            f"{_pct(curve.gain_at(share))} of the {md(noun)}: {lift:.1f}× as many as picking "
            f"the same number at random.")


def capacity_sentence(report: CapacityReport, noun: str) -> str:
    """What the team's capacity reaches: how many real cases, what share, times random."""
    if report.share >= 1:
        return (f"A team that can act on {per_week(report.capacity)} can handle every one of "
                f"the {_count(report.cases_per_month)} cases a month: the ranking does not "
                f"matter, everyone can be reached.")
    return (f"A team that can act on {per_week(report.capacity)} reaches the model's top "
            f"{_pct(report.share)} of the {_count(report.cases_per_month)} cases a month and "
            f"catches about {_count(report.caught_per_month)} {md(noun)} a month, "
            f"{_pct(report.caught_share)} of them: {report.lift:.1f}× random.")


def threshold_sentence(report: CapacityReport) -> str:
    """The operating point that keeps the team within its capacity."""
    return (f"To stay within that, flag cases with a chance of at least "
            f"{report.threshold:.2f}: about {_count(report.threshold_flagged_per_month)} a month "
            f"on the test rows. Every verdict is now taken at this threshold.")


def value_sentence(report: CapacityReport) -> str | None:
    """What acting on the capacity is worth, against doing nothing."""
    if report.monthly is None or report.nothing is None:
        return None
    gain = report.monthly - report.nothing
    word = "more" if gain >= 0 else "less"
    return (f"Acting on those {_count(report.flagged_per_month)} cases a month is worth about "
            f"{_money(abs(gain), report.currency)} a month {word} than doing nothing.")


def peak_sentence(report: CapacityReport) -> str | None:
    """Where more calls stop adding value."""
    if report.peak_per_month is None or report.peak_monthly is None or report.nothing is None:
        return None
    gain = report.peak_monthly - report.nothing
    if gain <= 0:
        return ("With these values and costs no number of calls beats doing nothing: each "
                "call costs more than it brings back.")
    if report.peak_per_month >= report.cases_per_month * 0.995:
        return (f"Value keeps growing up to acting on every case "
                f"({_money(gain, report.currency)} a month more than doing nothing).")
    return (f"Value stops growing at about {per_week(report.peak_per_month)}: "
            f"{_money(gain, report.currency)} a month more than doing nothing. Beyond that, each "
            f"extra case acted on costs more than it brings back.")


def everyone_sentence(report: CapacityReport) -> str | None:
    """When money says "flag almost everyone": say it plainly and set the capacity beside it."""
    if not report.almost_everyone or report.everyone is None or report.nothing is None \
            or report.best_monthly is None or report.best_share is None:
        return None
    currency = report.currency
    everyone = report.everyone - report.nothing
    adds = report.best_monthly - report.everyone
    who = "almost everyone" if report.best_share >= ALMOST_EVERYONE else "most cases"
    start = (f"With these values and costs, money says act on {who}: its best "
             f"threshold, {report.best_threshold:.2f}, flags {_pct(report.best_share)} of "
             f"cases. ")
    worth = (f"Acting on everyone would be worth {_money(everyone, currency)} a month more "
             f"than doing nothing; the model adds {_money(adds, currency)} on top of that"
             if adds > 0 else
             f"Acting on everyone would be worth {_money(everyone, currency)} a month more "
             f"than doing nothing, and the model adds nothing on top of that")
    captured = report.captured
    team = (f", or lets a team of {per_week(report.capacity)} capture "
            f"{_pct(captured)} of the value." if captured is not None and report.share < 1
            else ".")
    return start + worth + team


def money_alone_sentence(report: CapacityReport) -> str | None:
    """Money says "act on almost everyone" and no capacity is set yet: say it, ask for one.

    ``report`` is read at the whole volume (everyone), so it carries no team of its own.
    """
    sentence = everyone_sentence(report)
    if sentence is None:
        return None
    return (sentence + " If your team can't act on that many, enter its capacity to see what "
            "the model's top cases are worth.")


def capacity_sentences(report: CapacityReport, noun: str) -> list[str]:
    """Every sentence about one capacity, most important first."""
    lines = [capacity_sentence(report, noun), threshold_sentence(report)]
    lines += [s for s in (value_sentence(report), peak_sentence(report),
                          everyone_sentence(report)) if s]
    return lines
