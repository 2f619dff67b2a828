""""Would more data help?": the fitted trend on synthetic curves with a known limit."""

from __future__ import annotations

import numpy as np
import pytest

from mlpm.charts.curves import learning_curve_chart, outlook_chart
from mlpm.evaluate.curves import LearningCurveResult
from mlpm.evaluate.extrapolate import fit_power_law, more_data_outlook
from mlpm.evaluate.fitting import diagnose
from mlpm.explain.curves import outlook_sentence

SIZES = np.array([100, 280, 460, 640, 820, 1000])


def _truth(limit: float, b: float, c: float):
    return lambda n: limit - b * np.power(np.asarray(n, dtype=float), -c)


def _curve(scores: np.ndarray, *, rows: int = 1250, metric: str = "accuracy"
           ) -> LearningCurveResult:
    return LearningCurveResult("m", "M", metric, SIZES, np.minimum(scores + 0.05, 1.0), scores,
                               0.5, n_rows=rows)


def test_fit_recovers_a_noiseless_power_law() -> None:
    law = fit_power_law(SIZES, _truth(0.9, 2.0, 0.5)(SIZES))
    assert law.limit == pytest.approx(0.9, abs=0.005)
    assert law.c == pytest.approx(0.5, abs=0.05)
    assert law(10_000) == pytest.approx(_truth(0.9, 2.0, 0.5)(10_000), abs=0.003)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_outlook_on_a_noisy_curve_with_a_known_limit(seed: int) -> None:
    truth = _truth(0.9, 2.0, 0.5)
    rng = np.random.default_rng(seed)
    scores = truth(SIZES)[:, None] + rng.normal(0, 0.01, (len(SIZES), 5))
    outlook = more_data_outlook(_curve(scores))
    assert [p.factor for p in outlook.points] == [2, 5, 10]
    assert [p.rows for p in outlook.points] == [2500, 6250, 12500]
    for point in outlook.points:
        assert point.low <= point.score <= point.high
        assert abs(point.score - truth(point.rows)) < 0.02
    assert outlook.point(10).high > outlook.point(10).low
    assert outlook.limit == pytest.approx(0.9, abs=0.05)
    assert outlook.verdict == "yes"  # 0.843 now, 0.882 at 10×: worth it
    assert outlook.trend_now == pytest.approx(truth(1250), abs=0.01)
    assert outlook.now == pytest.approx(np.mean(scores[-1]))  # measured, as the chart shows
    assert outlook.measured_rows == 1000
    assert outlook_sentence(outlook).startswith("Probably yes: with 2× the rows (2,500)")


def test_a_flat_curve_says_more_data_will_not_help() -> None:
    rng = np.random.default_rng(4)
    scores = 0.8 + rng.normal(0, 0.004, (len(SIZES), 5))
    outlook = more_data_outlook(_curve(scores))
    assert outlook.verdict == "no"
    assert abs(outlook.point(10).score - 0.8) < 0.01
    assert "Probably not" in outlook_sentence(outlook)
    assert diagnose(_curve(scores)).more_data_helps is False


def test_the_limit_never_passes_a_perfect_score() -> None:
    scores = np.repeat(_truth(1.3, 3.0, 0.3)(SIZES).clip(max=0.99)[:, None], 3, axis=1)
    outlook = more_data_outlook(_curve(scores))
    assert outlook.limit <= 1.0
    assert all(p.high <= 1.0 + 1e-9 for p in outlook.points)


def test_too_few_sizes_gives_no_outlook() -> None:
    result = LearningCurveResult("m", "M", "r2", np.array([10, 20]), np.ones((2, 3)),
                                 np.full((2, 3), 0.5), 0.0)
    outlook = more_data_outlook(result)
    assert outlook.verdict == "unknown"
    assert outlook.law is None
    assert "Too few points" in outlook_sentence(outlook)
    assert outlook.as_dict()["verdict"] == "unknown"


def _shown_last_validation(chart) -> str:
    """The last validation point of a learning-curve chart, formatted as its tooltip shows it."""
    spec = chart.to_dict()
    rows = [r for data in spec["datasets"].values() for r in data
            if r.get("curve") == "validation"]
    last = max(rows, key=lambda r: r["train_size"])
    formats = {t["format"] for layer in spec["layer"]
               for t in layer.get("encoding", {}).get("tooltip", [])
               if isinstance(t, dict) and t.get("field") == "score" and "format" in t}
    assert len(formats) == 1
    fmt = formats.pop()
    return format(last["score"], fmt)


@pytest.mark.parametrize("metric", ["f1", "f2"])
def test_the_sentence_quotes_the_score_the_curve_shows(metric: str) -> None:
    """Issue 14: "Would more data help?" said 0.71 while the curve showed 0.72 (it quoted the
    fitted trend at all the rows, not the measured last point)."""
    truth = _truth(0.9, 2.0, 0.5)
    scores = truth(SIZES)[:, None] + np.random.default_rng(0).normal(0, 0.01, (len(SIZES), 5))
    result = _curve(scores, metric=metric)
    outlook = more_data_outlook(result)
    assert f"{outlook.trend_now:.2f}" != f"{outlook.now:.2f}"  # the trap: they differ here
    shown = _shown_last_validation(learning_curve_chart(result))
    sentence = outlook_sentence(outlook)
    assert f"against {shown} on the learning curve today" in sentence
    # the outlook chart's measured line ends on the same number
    spec = outlook_chart(result, outlook).to_dict()
    measured = [r for d in spec["datasets"].values() for r in d
                if r.get("what") == "measured (held-out rows)"]
    assert format(measured[-1]["score"], ".2f") == shown


def test_typical_error_outlook_reads_the_right_way_round() -> None:
    """An error that falls like ``limit + b·n^(-c)``: more rows lower it, never below 0."""
    truth = lambda n: 12_000 + 400_000 * np.power(np.asarray(n, dtype=float), -0.5)
    scores = truth(SIZES)[:, None] + np.random.default_rng(1).normal(0, 100, (len(SIZES), 5))
    result = LearningCurveResult("m", "M", "mae", SIZES, scores * 0.6, scores, 40_000.0,
                                 n_rows=1250)
    outlook = more_data_outlook(result)
    assert outlook.verdict == "yes"
    assert outlook.point(10).score < outlook.point(2).score < outlook.now
    assert outlook.point(10).score == pytest.approx(truth(12_500), rel=0.05)
    assert outlook.limit >= 0
    assert all(p.low <= p.score <= p.high for p in outlook.points)
    sentence = outlook_sentence(outlook)
    assert sentence.startswith("Probably yes: with 2× the rows (2,500) the held-out typical "
                               "error would be about ")
    assert f"against {result.fmt(result.validation_mean[-1])} on the learning curve" in sentence
    assert "-" not in sentence.replace("held-out", "")
    assert diagnose(result).more_data_helps


def test_failed_folds_are_ignored() -> None:
    truth = _truth(0.85, 1.5, 0.5)
    scores = np.repeat(truth(SIZES)[:, None], 4, axis=1)
    scores[0, 1] = np.nan
    scores[3, 2] = np.nan
    outlook = more_data_outlook(_curve(scores))
    assert np.isfinite(outlook.point(2).score)
    assert outlook.point(5).score == pytest.approx(truth(6250), abs=0.01)
