"""``mlpm review`` on every hostile file: JSON for what loads, one clean line for what does not,
and the --skip-bad-lines / --rename-duplicate-columns flags load anyway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures import hostile

from mlpm.cli.main import main

HOSTILE = hostile.HOSTILE
FLAGS = {"skip_bad_lines": "--skip-bad-lines", "rename_duplicate_columns": "--rename-duplicate-columns"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile.write_all(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_review_each_hostile_file(files: dict[str, Path], name: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    expectation = HOSTILE[name][1]
    code = main(["review", str(files[name]), "--json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if expectation[0] == "loads":
        assert code == 0, err
        payload = json.loads(out)
        assert {"dataset", "target", "duplicate_rows", "columns", "alerts", "readiness"} <= set(payload)
        assert payload["dataset"]["name"] == name
        return
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("mlpm: ")
    assert expectation[1] in err
    remedy = expectation[2]
    if remedy:
        assert main(["review", str(files[name]), FLAGS[remedy], "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["dataset"]["rows"] > 0


def test_review_text_shows_readiness(files: dict[str, Path],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(files["numbers_as_text.csv"])]) == 0
    out = capsys.readouterr().out
    assert "numbers_as_text: 'revenue' holds numbers written as text" in out
    assert "Readiness:" in out
    assert "Enough data" in out


@pytest.mark.parametrize("command", [["review"], ["train", "--target", "b"]])
def test_a_gzip_bomb_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str],
                                            command: list[str]) -> None:
    """Issue 13: 64 MB of ``0,0`` lines in 64 KB, with the limit at 1 MB (not a MemoryError)."""
    monkeypatch.setenv("MLPM_MAX_TABLE_MB", "1")
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(hostile.gzip_bomb(b"0,0\n", 64 * hostile.MiB))
    assert main([command[0], str(path), *command[1:]]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("mlpm: This file unpacks to more than 1 MB; mlpm reads at most 1 MB.")
    assert "MLPM_MAX_TABLE_MB" in err
