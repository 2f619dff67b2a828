"""Sentences about over/underfitting curves: the sweet spot, more data, two models compared."""

from __future__ import annotations

from collections.abc import Callable

from mlpm.evaluate.curves import (
    SHARE_METRICS,
    LearningCurveResult,
    SweetSpot,
    ValidationCurveResult,
    direction,
    format_setting,
)
from mlpm.evaluate.extrapolate import DataOutlook
from mlpm.evaluate.fitting import Diagnosis

SHORT_SCORE_NAMES = {"accuracy": "accuracy", "balanced_accuracy": "balanced accuracy",
                     "r2": "R²", "f1": "F1", "f2": "F2", "f05": "F0.5",
                     "value": "value per month", "mae": "typical error"}


def _score(metric: str) -> str:
    return SHORT_SCORE_NAMES.get(metric, metric)


def diagnosis_sentence(result: LearningCurveResult, diagnosis: Diagnosis) -> str:
    """The verdict for the PM: "Overfitting: 0.91 F1 on training vs 0.73 on validation. …"."""
    name, fmt = _score(result.metric), result.fmt
    train, val = fmt(diagnosis.train_score), fmt(diagnosis.validation_score)
    if result.metric in SHARE_METRICS or result.metric == "r2":
        numbers = f"{train} {name} on training vs {val} on validation"
    else:  # "typical error 15,400 on training vs 18,200 on validation"
        numbers = f"{name} {train} on training vs {val} on validation"
    baseline = fmt(result.baseline_score)
    if diagnosis.verdict == "overfitting":
        barely = (f" On new rows it barely beats always guessing ({baseline})."
                  if diagnosis.barely_beats_baseline else "")
        more = " More data is still helping." if diagnosis.more_data_helps else ""
        return (f"Overfitting: {numbers}. The model memorises training rows; try a simpler "
                f"setting or more data.{barely}{more}")
    if diagnosis.verdict == "underfitting":
        return (f"Underfitting: {numbers}, barely better than always guessing ({baseline}). "
                "Try a more flexible model or more informative features.")
    return f"Good fit: {numbers}, close together. {_more_data(result, diagnosis)}"


def _more_data(result: LearningCurveResult, diagnosis: Diagnosis) -> str:
    if diagnosis.trend == "rising":
        way = "error is still falling" if direction(result.metric) < 0 else "score is still rising"
        return f"More data would probably still help: the validation {way}."
    if diagnosis.trend == "unclear":
        return "More data might help a little; the trend is uncertain."
    return "More data of the same kind is unlikely to help much."


def sweet_spot_sentence(result: ValidationCurveResult, spot: SweetSpot) -> str:
    """Where held-out scores peak, what the ends do, and the trained model's own setting."""
    name, knob, fmt = _score(result.metric), result.param_name, result.fmt
    held_out = (f"{fmt(spot.validation_score)} {name}" if result.metric in SHARE_METRICS
                or result.metric == "r2" else f"{name} {fmt(spot.validation_score)}")
    parts = [(f"The sweet spot is {knob} = {format_setting(spot.value)}: {held_out} on "
              f"held-out rows ({fmt(spot.train_score)} on training).")]
    last = len(result.param_values) - 1
    if spot.index > 0:
        parts.append(f"The simplest setting ({format_setting(result.param_values[0])}) scores "
                     f"{fmt(float(result.validation_mean[0]))}: too simple misses patterns "
                     "(underfitting).")
    if spot.index < last:
        train, val = float(result.train_mean[last]), float(result.validation_mean[last])
        parts.append(f"The most flexible ({format_setting(result.param_values[last])}) scores "
                     + train_vs_held_out(train, val, gap=0.05 * result.scale, fmt=fmt,
                                         sign=direction(result.metric)))
    if spot.current is not None and spot.current_score is not None:
        if abs(spot.current - spot.value) < 1e-12:
            parts.append("Your trained model already uses this setting.")
        else:
            change = spot.validation_score - spot.current_score
            if abs(change) < 0.005 * result.scale:
                effect = "would score about the same"
            elif result.metric in SHARE_METRICS or result.metric == "r2":
                effect = f"would change the held-out score by {change:+.2f}"
            else:  # never a signed money amount or a negative error
                effect = (f"would {'raise' if change > 0 else 'lower'} the held-out {name} by "
                          f"{fmt(abs(change))}")
            parts.append(f"Your trained model uses {format_setting(spot.current)} "
                         f"({fmt(spot.current_score)}); retraining at "
                         f"{format_setting(spot.value)} {effect}.")
    return " ".join(parts)


def train_vs_held_out(train: float, held_out: float, *, gap: float = 0.05,
                      fmt: Callable[[float], str] | None = None, sign: float = 1.0) -> str:
    """ "0.91 on training but 0.73 on held-out rows: it memorises (overfitting)." / "0.73 on
    training and 0.73 on held-out rows." — "but" only when the two really differ.

    ``sign`` -1 for a lower-is-better score (typical error): a lower training error is the
    memorising one. ``fmt`` writes a score (default 0.73).
    """
    show = fmt or (lambda v: f"{v:.2f}")
    t, h = show(train), show(held_out)
    if t == h:
        return f"{t} on training and the same on held-out rows."
    if sign * (train - held_out) > gap:
        return f"{t} on training but {h} on held-out rows: it memorises (overfitting)."
    if sign * (held_out - train) > gap:
        return f"{t} on training but {h} on held-out rows."
    return f"{t} on training and {h} on held-out rows."


def _range(low: float, high: float, fmt: Callable[[float], str] | None = None) -> str:
    show = fmt or (lambda v: f"{v:.2f}")
    return f"likely {show(low)} to {show(high)}"


def outlook_sentence(outlook: DataOutlook) -> str:
    """ "Would more data help?" answered with the expected score and its likely range."""
    name = _score(outlook.metric)
    if outlook.verdict == "unknown":
        return ("Too few points on the learning curve to see where it is heading; draw it with "
                "more training sizes.")
    first, last, fmt = outlook.points[0], outlook.points[-1], outlook.fmt
    # ``now`` is the learning curve's last validation point, exactly as the chart shows it.
    facts = (f"with {first.factor:g}× the rows ({first.rows:,}) the held-out {name} would be "
             f"about {fmt(first.score)} ({_range(first.low, first.high, fmt)}); with "
             f"{last.factor:g}× ({last.rows:,}) about {fmt(last.score)} "
             f"({_range(last.low, last.high, fmt)}), against {fmt(outlook.now)} on the "
             f"learning curve today ({_today_rows(outlook)}).")
    level = f" (near {fmt(outlook.limit)})" if outlook.levels_off else ""
    if outlook.verdict == "yes":
        rest = (f"The curve levels off near {fmt(outlook.limit)}, so" if outlook.levels_off
                else ("The error is still falling, so" if outlook.sign < 0
                      else "The curve is still climbing, so"))
        return f"Probably yes: {facts} {rest} collecting more rows of the same kind should pay."
    if outlook.verdict == "no":
        return (f"Probably not: {facts} The curve has levelled off{level}; better features or a "
                "different model are the way up, not more rows.")
    worse_end, than = ("high", "below") if outlook.sign < 0 else ("low", "above")
    return (f"Maybe a little: {facts} The {worse_end} end of that range is barely {than} "
            "today's score, so test on a larger sample before paying for more data.")


def _today_rows(outlook: DataOutlook) -> str:
    if outlook.measured_rows and outlook.measured_rows != outlook.rows:
        return (f"learning from {outlook.measured_rows:,} of the {outlook.rows:,} rows you have, "
                "the rest held out")
    return f"the {outlook.rows:,} rows you have"


def compare_sentence(a: LearningCurveResult, da: Diagnosis, b: LearningCurveResult,
                     db: Diagnosis) -> str:
    """Which of two models does better on held-out rows, and which memorises more."""
    name, fmt = _score(a.metric), a.fmt
    text = (f"{a.model_name}: {fmt(da.validation_score)} {name} on held-out rows "
            f"(training {fmt(da.train_score)}, gap {fmt(da.gap)}). {b.model_name}: "
            f"{fmt(db.validation_score)} (training {fmt(db.train_score)}, gap {fmt(db.gap)}).")
    diff = direction(a.metric) * (da.validation_score - db.validation_score)  # > 0: a better
    if abs(diff) < 0.01 * a.scale:
        verdict = " On held-out rows they are about as good"
        simpler = a if da.gap < db.gap else b
        return text + verdict + f"; {simpler.model_name} memorises less."
    better = a if diff > 0 else b
    return text + f" {better.model_name} does better on new rows by {fmt(abs(diff))}."


_METRIC_CAPTIONS = {
    "balanced_accuracy": " Balanced accuracy is the average share found of each outcome, so a "
                         "rare outcome counts as much as a common one; always answering the most "
                         "common outcome scores no better than a coin toss between the outcomes.",
    "f1": " The score is F1 at your threshold, the same number Train and Evaluate show.",
    "f2": " The score is F2 at your threshold (catching weighs double), the same number Train "
          "and Evaluate show.",
    "f05": " The score is F0.5 at your threshold (precision weighs double), the same number "
           "Train and Evaluate show.",
    "value": " The score is the value per month of acting on the model's flags at your "
             "threshold, with your values and costs.",
    "accuracy": " The score is accuracy, the share of cases put in the right class.",
    "mae": " The score is the typical error (mean absolute error) in the target's own unit: "
           "lower is better, so here the better line is the lower one.",
}


def learning_caption(folds: int, metric: str = "") -> str:
    balanced = _METRIC_CAPTIONS.get(metric, "")
    return (f"Orange: score on the rows the model trained on. Blue: score on held-out rows. "
            f"Shaded bands show the spread across the {folds} folds; the dashed grey line is the "
            f"no-learning baseline.{balanced}")


def validation_caption(result: ValidationCurveResult) -> str:
    return (f"Each point retrains the model with a different {result.param_name} "
            f"({result.param_words}). Left: simplest; right: most flexible. Where the blue line "
            "peaks is the sweet spot; where orange keeps rising but blue falls, the model "
            "memorises.")
