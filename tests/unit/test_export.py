"""The meeting pack: deck, HTML report and model card built from real results on small data."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from pptx.shapes.picture import Picture
from sklearn.metrics import recall_score
from statsmodels.stats.proportion import proportion_confint

from mlpm.data.dataset import Dataset
from mlpm.data.readiness import assess
from mlpm.decide.questions import QUESTIONS
from mlpm.evaluate.curves import learning_curve, validation_curve
from mlpm.evaluate.money import Costs, format_money
from mlpm.present.export.deck import build_deck, slide_text
from mlpm.present.export.figures import Figure
from mlpm.present.export.model_card import bootstrap_intervals, build_model_card, wilson_interval
from mlpm.present.export.pack import PackItem
from mlpm.present.export.report import build_report
from mlpm.present.next_steps import next_steps
from mlpm.present.pack import Analysis, available_items, build_pack, card_facts
from mlpm.project.pipeline import run

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""",
                      re.IGNORECASE)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    rng = np.random.default_rng(7)
    n = 300
    tenure = rng.integers(0, 60, n)
    plan = rng.choice(["basic", "pro"], n)
    churn = np.where(rng.random(n) < 1 / (1 + np.exp((tenure - 20) / 8)), "Yes", "No")
    dataset = Dataset(pd.DataFrame({"tenure": tenure, "plan": plan, "churned": churn}), "toy.csv")
    result = run(dataset, "churned", model_key="tree")
    curve = learning_curve(dataset, result.problem, result.split, "tree", n_sizes=3, folds=3)
    validation = validation_curve(dataset, result.problem, result.split, "tree", folds=3,
                                  values=(1, 3, 6))
    return Analysis(dataset=dataset, problem=result.problem, split=result.split,
                    models={result.baseline.key: result.baseline, result.model.key: result.model},
                    selected_model="tree", threshold=0.4, curve=curve,
                    fit_answers={q.id: q.favours for q in QUESTIONS},
                    cleaning=("Dropped 2 duplicate rows",),
                    readiness=assess(dataset, "churned", today="2026-11-23"),
                    costs=Costs(tp_value=100, fp_cost=10, fn_cost=50, cases_per_month=2000),
                    validation=validation, fairness_column="plan")


def test_every_item_is_built_from_results(analysis: Analysis) -> None:
    items = available_items(analysis)
    assert list(items) == ["fit", "readiness", "split", "leaderboard", "confusion", "money",
                           "drivers", "curve", "validation", "fairness"]
    assert items["fit"].headline.startswith("Good fit for ML")
    lights = items["readiness"].figure.chart.data
    assert list(lights["question"])[:2] == ["Enough data", "Fresh"]
    assert items["readiness"].headline.split(" data checks")[0].endswith(" of 6")
    # The money item's figure by hand from the test rows at threshold 0.4: against doing
    # nothing (every churner missed, -50 each), a catch is worth 100 + 50, a false alarm -10.
    model = analysis.model
    flagged, churner = model.scores >= 0.4, model.y_test == "Yes"
    tp, fp = int((flagged & churner).sum()), int((flagged & ~churner).sum())
    gain = (tp * (100 + 50) - fp * 10) / len(churner) * 2000
    assert format_money(gain, "€") in items["money"].headline
    assert items["validation"].headline.startswith("The sweet spot is")
    assert "plan" in items["fairness"].title
    assert items["fairness"].figure is not None
    assert "Of 100 cases that really are churned = Yes" in items["confusion"].headline
    assert "at threshold 0.40" in str(items["confusion"].figure.chart.title.text)


def test_deck_has_title_item_and_closing_slides_with_images_and_notes(analysis: Analysis) -> None:
    pack = build_pack(analysis, keys=["confusion", "leaderboard"], title="Churn pilot",
                      recommendation="Pilot the tree")
    deck = Presentation(io.BytesIO(build_deck(pack)))
    slides = list(deck.slides)
    assert len(slides) == 4  # title, two items, closing
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    assert texts[0][:1] == ["Churn pilot"]
    assert texts[1][0] == "What the model gets right and wrong"
    assert texts[2][0] == "Does ML beat doing nothing?"
    assert texts[3][0] == "Recommendation and next steps"
    for slide in slides[1:3]:
        pictures = [s for s in slide.shapes if isinstance(s, Picture)]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        assert slide.has_notes_slide
        assert len(slide.notes_slide.notes_text_frame.text) > 40
    assert "Pilot the tree" in " ".join(texts[3])


def test_report_is_self_contained_and_has_every_item(analysis: Analysis) -> None:
    pack = build_pack(analysis)
    page = build_report(pack)
    assert page.startswith("<!doctype html>")
    assert not EXTERNAL.search(page)
    assert "<script" not in page
    assert page.count("<svg") == sum(1 for i in pack.items if i.figure is not None)
    for item in pack.items:
        assert f'id="{item.key}"' in page


def test_report_escapes_user_text(analysis: Analysis) -> None:
    page = build_report(build_pack(analysis, title="<b>Q3</b> & churn"))
    assert "<b>Q3</b>" not in page
    assert "&lt;b&gt;Q3&lt;/b&gt; &amp; churn" in page


def test_model_card_fills_every_section_from_results(analysis: Analysis) -> None:
    card = build_model_card(card_facts(analysis))
    sections = ["Model details", "Intended use", "Data", "Metrics", "Fairness by group",
                "Limitations", "Ethical considerations"]
    for name in sections:
        assert f"## {name}" in card
    bodies = re.split(r"^## .*$", card, flags=re.MULTILINE)[1:]
    assert all(body.strip() for body in bodies)
    assert analysis.dataset.version in card
    assert "Dropped 2 duplicate rows" in card
    fairness = card.split("## Fairness by group")[1].split("## ")[0]
    assert "Not assessed yet" not in fairness
    assert "- plan = basic (" in fairness
    assert "- plan = pro (" in fairness
    assert "max_depth" in card
    model = analysis.models["tree"]
    rows = re.findall(r"^\| Accuracy \| ([0-9.]+) \| ([0-9.]+) – ([0-9.]+) \|", card, re.MULTILINE)
    value, low, high = map(float, rows[0])
    correct = (model.y_test == np.where(model.scores >= 0.4, "Yes", "No")).mean()
    assert value == pytest.approx(correct, abs=1e-3)
    assert low < value < high


def test_wilson_interval_matches_the_textbook() -> None:
    low, high = wilson_interval(80, 100)
    assert low == pytest.approx(0.7112, abs=1e-4)
    assert high == pytest.approx(0.8666, abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 0.0)


def test_figure_exports_png_and_svg_with_caption(analysis: Analysis) -> None:
    item = available_items(analysis)["leaderboard"]
    figure = Figure("board", item.figure.chart, "A takeaway sentence for the caption.")
    png = figure.png(scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width > 1000  # 2x scale
    svg = figure.svg()
    assert "A takeaway sentence for the caption." in svg
    assert "Score on the test rows" in svg
    assert not EXTERNAL.search(svg)


def test_slide_text_keeps_headlines_short_and_never_repeats() -> None:
    long = ("The sweet spot is a depth of 3: 0.80 on held-out rows. The simplest setting "
            "misses patterns. The most flexible one memorises the training rows.")
    item = PackItem("x", "Title", long, None, (long, "Another point."))
    headline, points = slide_text(item)
    assert headline == "The sweet spot is a depth of 3: 0.80 on held-out rows."
    assert points == (("The simplest setting misses patterns. The most flexible one memorises "
                      "the training rows."), "Another point.")
    short = PackItem("y", "Title", "Short.", None, ("Short.", "Other."))
    assert slide_text(short) == ("Short.", ("Other.",))


def test_bootstrap_intervals_cover_the_regression_metrics() -> None:
    rng = np.random.default_rng(3)
    truth = rng.normal(100, 20, 400)
    guess = truth + rng.normal(0, 5, 400)
    ranges = bootstrap_intervals(truth, guess)
    mae = float(np.abs(guess - truth).mean())
    assert ranges["mae"][0] < mae < ranges["mae"][1]
    assert ranges["r2"][0] < 1 - ((guess - truth) ** 2).sum() / ((truth - truth.mean()) ** 2).sum() \
        < ranges["r2"][1]
    assert ranges == bootstrap_intervals(truth, guess)  # seeded: the same card twice
    big = rng.normal(size=300_000)
    low, high = bootstrap_intervals(big, big + 1.0, rounds=50)["mae"]  # in chunks, not 1.2 GB
    assert low == pytest.approx(1.0)
    assert high == pytest.approx(1.0)
    assert bootstrap_intervals(truth[:1], guess[:1]) == {}


def test_regression_pack_and_card() -> None:
    rng = np.random.default_rng(5)
    area = rng.uniform(40, 200, 240)
    frame = pd.DataFrame({"area": area, "rooms": rng.integers(1, 6, 240),
                          "price": area * 3_000 + rng.normal(0, 20_000, 240)})
    dataset = Dataset(frame, "homes.csv")
    result = run(dataset, "price", model_key="linear")
    analysis = Analysis(dataset=dataset, problem=result.problem, split=result.split,
                        models={result.baseline.key: result.baseline, "linear": result.model},
                        selected_model="linear")
    items = available_items(analysis)
    assert "errors" in items
    assert "confusion" not in items
    assert items["errors"].figure is not None
    card = build_model_card(card_facts(analysis))
    assert "95% bootstrap intervals" in card
    row = re.search(r"^\| Average error \(MAE\) \| ([\d,.]+) \| ([\d,.]+) – ([\d,.]+) \|", card,
                    re.MULTILINE)
    value, low, high = (float(g.replace(",", "")) for g in row.groups())
    assert low < value < high


def test_next_steps_name_this_models_numbers(analysis: Analysis) -> None:
    retrain, monitor, collect = next_steps(analysis)
    y_test, flagged = analysis.model.y_test, analysis.model.scores >= 0.4
    recall = recall_score(y_test == "Yes", flagged)  # references: sklearn, statsmodels
    caught, churners = int((flagged & (y_test == "Yes")).sum()), int((y_test == "Yes").sum())
    low, _ = proportion_confint(caught, churners, alpha=0.05, method="wilson")
    assert f"recall (now {recall:.0%})" in monitor
    assert f"below {low:.0%}" in monitor
    assert "threshold 0.40" in monitor
    assert retrain.startswith(("Retrain", "Refresh the data"))
    assert collect.startswith("Collect")
    pack = build_pack(analysis)
    assert pack.next_steps == (retrain, monitor, collect)
    closing = list(Presentation(io.BytesIO(build_deck(pack))).slides)[-1]
    assert monitor in " ".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
