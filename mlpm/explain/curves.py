"""Sentences about over/underfitting curves: the sweet spot, more data, two models compared."""

from __future__ import annotations

from mlpm.curves import (
    SHORT_SCORE_NAMES,
    Diagnosis,
    LearningCurveResult,
    SweetSpot,
    ValidationCurveResult,
    format_setting,
)
from mlpm.extrapolate import DataOutlook


def _score(metric: str) -> str:
    return SHORT_SCORE_NAMES.get(metric, metric)


def sweet_spot_sentence(result: ValidationCurveResult, spot: SweetSpot) -> str:
    """Where held-out scores peak, what the ends do, and the trained model's own setting."""
    name, knob = _score(result.metric), result.param_name
    parts = [(f"The sweet spot is {knob} = {format_setting(spot.value)}: "
              f"{spot.validation_score:.2f} {name} on held-out rows ({spot.train_score:.2f} on "
              "training).")]
    last = len(result.param_values) - 1
    if spot.index > 0:
        parts.append(f"The simplest setting ({format_setting(result.param_values[0])}) scores "
                     f"{float(result.validation_mean[0]):.2f}: too simple misses patterns "
                     "(underfitting).")
    if spot.index < last:
        train, val = float(result.train_mean[last]), float(result.validation_mean[last])
        parts.append(f"The most flexible ({format_setting(result.param_values[last])}) scores "
                     f"{train:.2f} on training but {val:.2f} on held-out rows"
                     + (": it memorises (overfitting)." if train - val > 0.05 else "."))
    if spot.current is not None and spot.current_score is not None:
        if abs(spot.current - spot.value) < 1e-12:
            parts.append("Your trained model already uses this setting.")
        else:
            change = spot.validation_score - spot.current_score
            effect = (f"would change the held-out score by {change:+.2f}" if abs(change) >= 0.005
                      else "would score about the same")
            parts.append(f"Your trained model uses {format_setting(spot.current)} "
                         f"({spot.current_score:.2f}); retraining at {format_setting(spot.value)} "
                         f"{effect}.")
    return " ".join(parts)


def _range(low: float, high: float) -> str:
    return f"likely {low:.2f} to {high:.2f}"


def outlook_sentence(outlook: DataOutlook) -> str:
    """ "Would more data help?" answered with the expected score and its likely range."""
    name = _score(outlook.metric)
    if outlook.verdict == "unknown":
        return ("Too few points on the learning curve to see where it is heading; draw it with "
                "more training sizes.")
    first, last = outlook.points[0], outlook.points[-1]
    facts = (f"with {first.factor:g}× the rows ({first.rows:,}) the held-out {name} would be "
             f"about {first.score:.2f} ({_range(first.low, first.high)}); with "
             f"{last.factor:g}× ({last.rows:,}) about {last.score:.2f} "
             f"({_range(last.low, last.high)}), against {outlook.now:.2f} with the "
             f"{outlook.rows:,} rows you have.")
    level = f" (near {outlook.limit:.2f})" if outlook.levels_off else ""
    if outlook.verdict == "yes":
        rest = (f"The curve levels off near {outlook.limit:.2f}, so" if outlook.levels_off
                else "The curve is still climbing, so")
        return f"Probably yes: {facts} {rest} collecting more rows of the same kind should pay."
    if outlook.verdict == "no":
        return (f"Probably not: {facts} The curve has levelled off{level}; better features or a "
                "different model are the way up, not more rows.")
    return (f"Maybe a little: {facts} The low end of that range is barely above today's score, "
            "so test on a larger sample before paying for more data.")


def compare_sentence(a: LearningCurveResult, da: Diagnosis, b: LearningCurveResult,
                     db: Diagnosis) -> str:
    """Which of two models does better on held-out rows, and which memorises more."""
    name = _score(a.metric)
    text = (f"{a.model_name}: {da.validation_score:.2f} {name} on held-out rows "
            f"(training {da.train_score:.2f}, gap {da.gap:.2f}). {b.model_name}: "
            f"{db.validation_score:.2f} (training {db.train_score:.2f}, gap {db.gap:.2f}).")
    diff = da.validation_score - db.validation_score
    if abs(diff) < 0.01:
        verdict = " On held-out rows they are about as good"
        simpler = a if da.gap < db.gap else b
        return text + verdict + f"; {simpler.model_name} memorises less."
    better = a if diff > 0 else b
    return text + f" {better.model_name} does better on new rows by {abs(diff):.2f}."


def learning_caption(folds: int, metric: str = "") -> str:
    balanced = (" Balanced accuracy is the average share found of each outcome, so a rare "
                "outcome counts as much as a common one; always answering the most common "
                "outcome scores no better than a coin toss between the outcomes."
                if metric == "balanced_accuracy" else "")
    return (f"Orange: score on the rows the model trained on. Blue: score on held-out rows. "
            f"Shaded bands show the spread across the {folds} folds; the dashed grey line is the "
            f"no-learning baseline.{balanced}")


def validation_caption(result: ValidationCurveResult) -> str:
    return (f"Each point retrains the model with a different {result.param_name} "
            f"({result.param_words}). Left: simplest; right: most flexible. Where the blue line "
            "peaks is the sweet spot; where orange keeps rising but blue falls, the model "
            "memorises.")
