"""What drives the model, in product words: one sentence per column that matters, the method
behind each chart, and the what-if answer.

"Without **contract**, the model would catch 31 fewer churners per 1,000 customers": the
count comes from the same shuffles as the importance (:mod:`mlpm.evaluate.importance`), at the PM's
threshold. Customers are named only when the cases are customers who leave (churn); other
problems speak of cases. Sentences are Markdown with the PM's names escaped.
"""

from __future__ import annotations

from mlpm.evaluate.contributions import CaseAnswer, CaseWhy
from mlpm.evaluate.importance import Importance
from mlpm.evaluate.money import Costs, format_money
from mlpm.explain.metrics import is_churn_like, positive_noun
from mlpm.explain.safe import md
from mlpm.explain.wording import plain_number
from mlpm.model.problem import Problem
from mlpm.project.decision import METRIC_WORDS

TOP = 5


def _cases(problem: Problem) -> str:
    """What one row is: customers for churn, cases otherwise."""
    if problem.task == "binary" and is_churn_like(positive_noun(problem.target,
                                                                problem.positive_label)):
        return "customers"
    return "cases"


def _count(value: float) -> int:
    return round(float(value))


def _metric_gap(importance: Importance, i: int, costs: Costs | None) -> str:
    """The drop in the decision metric itself, with its spread: "F1 down 0.12 ± 0.02"."""
    mean, spread = importance.importances[i], importance.spread[i]
    name = METRIC_WORDS.get(importance.metric, importance.metric)
    way = "down" if mean >= 0 else "up"
    if importance.metric == "value":
        currency = (costs or Costs()).currency
        return (f"{name} {way} {format_money(abs(mean), currency)} ± "
                f"{format_money(spread, currency)}")
    if importance.metric == "mae":
        way = "up" if mean >= 0 else "down"  # a larger error is worse
        return f"{name} {way} {plain_number(abs(mean))} ± {plain_number(spread)}"
    return f"{name} {way} {abs(mean):.2f} ± {spread:.2f}"


def driver_sentence(importance: Importance, i: int, problem: Problem,
                    costs: Costs | None = None) -> str:
    """What the model loses without column ``i`` (its values shuffled), in product words."""
    name = md(importance.features[i])
    gap = _metric_gap(importance, i, costs)
    per = f"per 1,000 {_cases(problem)}"
    if importance.caught is not None and importance.false_alarms is not None:
        noun = md(positive_noun(problem.target, problem.positive_label))
        caught = _count(importance.caught[i].mean())
        alarms = _count(importance.false_alarms[i].mean())
        if caught == 0 and alarms == 0:
            return (f"Without **{name}**, the model would catch about as many {noun} with about "
                    f"as many false alarms: it hardly relies on it ({gap}).")
        parts = []
        if caught:
            parts.append(f"catch {abs(caught):,} {'fewer' if caught > 0 else 'more'} {noun}")
        if alarms:
            parts.append(f"raise {abs(alarms):,} {'more' if alarms > 0 else 'fewer'} false "
                         "alarms")
        return f"Without **{name}**, the model would {' and '.join(parts)} {per} ({gap})."
    if importance.right is not None:
        right = _count(importance.right[i].mean())
        if right == 0:
            return (f"Without **{name}**, the model would pick the right {md(problem.target)} "
                    f"about as often: it hardly relies on it ({gap}).")
        return (f"Without **{name}**, the model would pick the right {md(problem.target)} for "
                f"{abs(right):,} {'fewer' if right > 0 else 'more'} of every 1,000 cases "
                f"({gap}).")
    if importance.metric == "value":
        loss = importance.importances[i]
        currency = (costs or Costs()).currency
        return (f"Without **{name}**, the model would be worth "
                f"{format_money(abs(loss), currency)} {'less' if loss >= 0 else 'more'} a "
                f"month ({gap}).")
    more = importance.importances[i]
    return (f"Without **{name}**, predictions of {md(problem.target)} would be off by "
            f"{plain_number(abs(more))} {'more' if more >= 0 else 'less'} on a typical case "
            f"({gap}).")


def driver_sentences(importance: Importance, problem: Problem, costs: Costs | None = None,
                     top: int = TOP) -> list[str]:
    """One sentence per column the model relies on, most important first (at most ``top``)."""
    order = [i for i in importance.order() if importance.importances[i] > 0][:top]
    return [driver_sentence(importance, i, problem, costs) for i in order]


def drivers_headline(importance: Importance) -> str:
    """The columns the model leans on most, or that it leans on none."""
    leaders = [importance.features[i] for i in importance.order()
               if importance.importances[i] > importance.spread[i]][:3]
    if not leaders:
        return ("No single column matters much: shuffling any one of them barely changes the "
                "model's score.")
    names = [f"**{md(n)}**" for n in leaders]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"The model leans most on {listed}."


def importance_caption(importance: Importance) -> str:
    """How the chart was made, in one paragraph (the method is part of the answer)."""
    metric = METRIC_WORDS.get(importance.metric, importance.metric)
    at = (f" at your threshold of {importance.threshold:.2f}"
          if importance.threshold is not None else "")
    rows = (f"{importance.n_rows:,} of the {importance.n_test:,} test rows (a random sample)"
            if importance.sampled else f"the {importance.n_rows:,} test rows")
    return (f"Permutation importance: each column's values were shuffled among {rows}, "
            f"{importance.repeats} times, and the model scored again. The bar is how much "
            f"{metric}{at} gets worse on average; the line, its spread over the shuffles. A "
            "column the model ignores scores 0; a small negative bar is chance.")


def case_caption(why: CaseWhy) -> str:
    """The method behind one case's drivers."""
    if why.method == "linear":
        unit = ("log-odds" if why.unit == "chance" else "the prediction")
        bars = ("each bar is the chance minus the chance without that push"
                if why.unit == "chance" else "each bar is that push, in the target's unit")
        return ("Exact contributions (linear model): each column's weight times how far this "
                "case is from the average training case, in the model's own terms "
                f"({unit}); they add up exactly to the model's answer. Here {bars}.")
    what = "chance" if why.unit == "chance" else "prediction"
    return (f"What if this feature were typical: each bar is this case's {what} minus its "
            f"{what} with that one column set to the training rows' median (numbers) or most "
            "common value (categories), everything else unchanged. Bars need not add up: "
            "they show which of this case's values move its answer most.")


def _value(value: object) -> str:
    if isinstance(value, float):
        return plain_number(value, trim=True)
    return md(value)


def case_sentence(why: CaseWhy, target: str = "", top: int = 3) -> str:
    """The strongest pushes on this case, up and down, in one sentence."""
    frame = why.frame()
    frame = frame[frame["push"].abs() > 1e-9].head(top)
    if frame.empty:
        return "Nothing in this case moves its answer away from a typical case's."
    parts = []
    for row in frame.itertuples():
        if why.unit == "chance":
            size = f"{abs(row.push) * 100:.0f} points"
        else:
            size = plain_number(abs(row.push))
        parts.append(f"**{md(row.feature)}** = {_value(row.value)} pushed it "
                     f"{'up' if row.push > 0 else 'down'} by {size}")
    outcome = f"{target} = {why.label}" if target else str(why.label)
    subject = (f"the chance of {md(outcome)}" if why.unit == "chance" and why.label
               else "the prediction")
    return f"For this case, {subject} is {answer_words(why.answer, why.unit)}: " \
           + "; ".join(parts) + "."


def answer_words(value: float, unit: str) -> str:
    return f"{value:.0%}" if unit == "chance" else plain_number(value)


def chance_words(value: float, threshold: float | None = None) -> str:
    """A chance as a whole percentage, with one decimal when rounding would hide which side
    of the threshold it is on (39.6% is not flagged at 0.40; "40%" would look flagged)."""
    if threshold is not None and value != threshold \
            and round(100 * value) == round(100 * threshold):
        return f"{value:.1%}"
    return f"{value:.0%}"


def what_if_sentence(answer: CaseAnswer, problem: Problem, threshold: float,
                     before: CaseAnswer | None = None) -> str:
    """The changed case's answer and decision at the PM's threshold."""
    moved = ""
    if problem.task == "binary":
        if before is not None and round(before.value, 4) != round(answer.value, 4):
            moved = f" (was {chance_words(before.value, threshold)})"
        flagged = ("flags this case" if answer.flagged else "does not flag this case")
        return (f"Chance of {md(problem.target)} = {md(problem.positive_label)}: "
                f"**{chance_words(answer.value, threshold)}**{moved}. At your threshold of "
                f"{threshold:.2f} the model {flagged}.")
    if problem.task == "multiclass":
        return (f"The model picks **{md(answer.decision)}** for this case "
                f"({answer.value:.0%} sure).")
    if before is not None and round(before.value, 6) != round(answer.value, 6):
        moved = f" (was {plain_number(before.value)})"
    return f"Predicted {md(problem.target)}: **{plain_number(answer.value)}**{moved}."
