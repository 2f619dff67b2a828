"""`mlpm report` writes the same artefacts as the Present page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pptx import Presentation

from mlpm.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CATS = str(ROOT / "sample_data" / "cats_dogs.csv")


@pytest.mark.parametrize("suffix", [".pptx", ".html", ".md"])
def test_report_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   suffix: str) -> None:
    out = tmp_path / f"pack{suffix}"
    code = main(["report", CATS, "--target", "animal", "--model", "tree", "--out", str(out),
                 "--no-curve", "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["out"] == str(out)
    assert summary["model"] == "tree"
    assert summary["items"] == ["readiness", "split", "leaderboard", "confusion", "drivers"]
    if suffix == ".pptx":
        deck = Presentation(io.BytesIO(out.read_bytes()))
        assert len(deck.slides) == 7
    elif suffix == ".html":
        assert "What the model gets right and wrong" in out.read_text()
    else:
        assert out.read_text().startswith("# Model card: Decision tree")


def test_report_refuses_unknown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", CATS, "--target", "animal", "--out", str(tmp_path / "x.docx")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "'.docx'" in err[0]


def test_report_adds_readiness_money_validation_and_fairness(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    churn = str(ROOT / "sample_data" / "churn.csv")
    out = tmp_path / "card.md"
    code = main(["report", churn, "--target", "churned", "--model", "tree", "--out", str(out),
                 "--no-curve", "--validation-curve", "--group", "gender", "--value-caught", "120",
                 "--cost-false-alarm", "10", "--cost-missed", "80", "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["items"] == ["readiness", "split", "leaderboard", "confusion", "money",
                                "drivers", "validation", "fairness"]
    drivers = out.read_text().split("## What drives it")[1].split("## ")[0]
    assert "- Without **contract**, the model would " in drivers  # churn's main driver
    fairness = out.read_text().split("## Fairness by group")[1].split("## ")[0]
    assert "- gender = Female (" in fairness
    assert "- gender = Male (" in fairness


def test_report_names_a_missing_group_column(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", CATS, "--target", "animal", "--out", str(tmp_path / "x.md"),
                 "--group", "colour_of_socks"])
    assert code == 2
    assert "colour_of_socks" in capsys.readouterr().err


def test_report_curve_scores_in_the_reports_goal_and_threshold(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: the learning curve in the pack uses the analysis' decision settings."""
    out = tmp_path / "report.html"
    code = main(["report", CATS, "--target", "animal", "--model", "tree", "--out", str(out),
                 "--goal", "catch", "--threshold", "0.3", "--json"])
    assert code == 0
    assert "curve" in json.loads(capsys.readouterr().out)["items"]
    assert " F2 on training vs " in out.read_text()
