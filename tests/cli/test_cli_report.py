"""`mlpm report` writes the same artefacts as the Present page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pptx import Presentation

from mlpm.cli import main

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
    assert summary["items"] == ["split", "leaderboard", "confusion"]
    if suffix == ".pptx":
        deck = Presentation(io.BytesIO(out.read_bytes()))
        assert len(deck.slides) == 5
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
