"""``mlpm train FILE --task anomaly``: stable JSON keys, planted rows on top, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlpm.cli import anomaly as cli_anomaly
from mlpm.cli.main import main
from mlpm.model import anomaly


@pytest.fixture(scope="module")
def csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(8)
    n = 500
    frame = pd.DataFrame({"amount": rng.lognormal(4, 0.3, n).round(2),
                          "items": rng.integers(1, 6, n),
                          "country": rng.choice(["DE", "FR", "NL"], n)})
    frame.loc[123, "amount"] = 1500.0  # ~27x the typical amount
    path = tmp_path_factory.mktemp("anomaly") / "transactions.csv"
    frame.to_csv(path, index=False)
    return path


def test_json_keys_and_the_planted_row_first(csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", str(csv), "--task", "anomaly", "--share", "0.02", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"task", "share", "threshold", "flagged", "rows", "typical_score", "seed", "features",
            "sentences", "top_rows", "dataset"} <= set(out)
    assert (out["task"], out["share"], out["rows"], out["flagged"]) == ("anomaly", 0.02, 500, 10)
    assert out["features"] == ["amount", "items", "country"]
    first = out["top_rows"][0]
    assert set(first) >= {"row", "position", "score", "reasons"}
    assert (first["row"], first["position"]) == (124, 123)  # row numbers count from 1
    assert first["score"] > out["threshold"] > out["typical_score"]
    reason = first["reasons"][0]
    assert (reason["column"], reason["kind"], reason["value"]) == ("amount", "number", 1500.0)
    assert "x the typical value" in reason["sentence"]
    assert "10 of 500 rows" in out["sentences"]["flagged"]


def test_text_output_and_errors(csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", str(csv), "--task", "anomaly", "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Unusual rows in transactions.csv")
    assert len([line for line in lines if line.strip().startswith("row ")]) == 3
    for argv, words in ((["--share", "0.7"], "between 0.1% and 50%"),
                        (["--target", "amount"], "needs no target"),
                        (["--model", "kmeans"], "--model is not used")):
        assert main(["train", str(csv), "--task", "anomaly", *argv]) == 2
        err = capsys.readouterr().err
        assert words in err
        assert len(err.strip().splitlines()) == 1


def test_the_cli_default_share_is_the_librarys_and_the_cli_does_not_import_sklearn() -> None:
    import subprocess
    import sys

    assert cli_anomaly.DEFAULT_SHARE == anomaly.DEFAULT_SHARE
    code = "import sys, mlpm.cli.main; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
