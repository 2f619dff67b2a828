"""Comparing stored runs: data differences in one sentence, metric deltas, setting differences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlpm.charts.lifecycle import comparison_chart, runs_chart
from mlpm.cli.lifecycle import comparison_json
from mlpm.data.dataset import Dataset
from mlpm.data.kinds import column_kind
from mlpm.explain.lifecycle import (
    comparison_data,
    comparison_sentences,
    titled_metrics,
    trained_on,
)
from mlpm.lifecycle.store import RunStore, close_stores
from mlpm.lifecycle.store.capture import record_model
from mlpm.lifecycle.store.compare import compare_runs, short_label
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train
from mlpm.present.checklist import ITEMS, Checklist


@pytest.fixture
def store(tmp_path: Path):
    yield RunStore(f"sqlite:///{tmp_path / 'runs.sqlite'}")
    close_stores()


def march_version(dataset: Dataset) -> Dataset:
    """More rows; 'region' added, 'colour' dropped, 'x2' now text: three columns changed."""
    rng = np.random.default_rng(5)
    frame = pd.concat([dataset.frame, dataset.frame.iloc[:40]], ignore_index=True)
    frame["region"] = rng.choice(["north", "south"], len(frame))
    frame["x2"] = frame["x2"].map(lambda v: "unknown" if pd.isna(v) else f"{v:.1f} units")
    return Dataset(frame.drop(columns=["colour"]), "march.csv")


def test_two_versions_compare_in_plain_sentences(store: RunStore, binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned", features=["x1", "x2", "colour"])
    split = plan_split(binary_dataset, problem, SplitPlan())
    first = record_model(store, binary_dataset, problem, split,
                         train(binary_dataset, problem, split, "tree", complexity=3))
    same = record_model(store, binary_dataset, problem, split,
                        train(binary_dataset, problem, split, "tree", complexity=6))
    march = march_version(binary_dataset)
    problem2 = define_problem(march, "churned", features=["x1", "region"])
    split2 = plan_split(march, problem2, SplitPlan())
    second = record_model(store, march, problem2, split2,
                          train(march, problem2, split2, "logistic"))

    versions = {v.version: v for v in store.data_versions()}
    comparison = compare_runs([store.get(first.id), store.get(second.id), store.get(same.id)],
                              versions)
    data = comparison_data(comparison)[second.id]
    assert data.startswith(f"#{second.id} vs #{first.id}: trained on 160 rows vs 200 rows")
    assert "(binary.csv vs march.csv)" in data
    now = column_kind(march.frame["x2"])
    assert now != "number"
    assert ("3 columns changed (added: region; removed: colour; changed type: "
            f"x2 (number → {now}))") in data
    assert comparison_data(comparison)[same.id] == (
        f"#{same.id} vs #{first.id}: both learnt from the same data (binary.csv, version "
        f"{binary_dataset.version}, 160 rows).")
    assert comparison.features[second.id] == (("region",), ("x2", "colour"))

    f1 = comparison.metrics[comparison.metrics["metric"] == "f1"].set_index("run")
    assert f1.loc[first.id, "delta"] == 0
    assert f1.loc[second.id, "delta"] == pytest.approx(second.metrics["f1"] - first.metrics["f1"])
    assert any(s.startswith(f"#{second.id}: F1 score") and "own test rows" in s
               for s in comparison_sentences(comparison))
    settings = comparison.settings.set_index("setting")
    assert settings.loc["model", short_label(store.get(second.id))] == "Logistic regression"
    assert "max_depth" in settings.index
    assert comparison_json(comparison)["reference"] == first.id

    chart = comparison_chart(titled_metrics(comparison.metrics)).to_dict()
    assert chart["title"]["text"] == "Scores side by side"
    with pytest.raises(ValueError, match="2 to 4"):
        compare_runs([store.get(first.id)], versions)


def test_which_model_on_which_data_at_a_glance(store: RunStore, binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    run = record_model(store, binary_dataset, problem, split,
                       train(binary_dataset, problem, split, "logistic"))
    sentence = trained_on(store.get(run.id))
    assert sentence.startswith(f"#{run.id} Logistic regression learnt 'churned' from binary.csv "
                               f"(version {binary_dataset.version}, 160 rows × 4 columns) on ")
    frame = pd.DataFrame([{"run": run.id, "score": run.headline, "data": "binary.csv · 160 rows",
                           "model": run.model_name, "when": run.when, "label": f"#{run.id}"}])
    spec = runs_chart(frame, "F1 score").to_dict()
    assert spec["layer"][0]["encoding"]["color"]["field"] == "data"


def test_checklist_status_risks_and_exports() -> None:
    empty = Checklist()
    assert empty.status == "None of the 7 questions answered yet."
    answers = {item.key: {"choice": item.options[0], "notes": ""} for item in ITEMS}
    answers["monitoring"] = {"choice": "Nobody yet", "notes": "ask the data team"}
    checklist = Checklist(answers)
    assert checklist.answered == 7
    assert checklist.risks == ["Monitoring and maintenance: Nobody yet"]
    assert "Open risks: Monitoring and maintenance: Nobody yet" in checklist.status
    assert "## Uptime and SLA" in checklist.markdown()
    assert "ask the data team" in checklist.html()
    assert "<script" not in Checklist({"cost": {"choice": "Unknown",
                                                "notes": "<script>x</script>"}}).html()
    item = checklist.pack_item()
    assert item.key == "productize"
    assert len(item.points) == 7
