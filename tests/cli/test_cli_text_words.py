"""``mlpm train --json`` names the words of free text that come with each outcome (issue 17)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mlpm.cli.main import main
from mlpm.data.samples import SAMPLES


def test_text_words_match_a_count_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    path = SAMPLES["support_tickets"].path
    argv = ["train", str(path), "--target", "escalated", "--model", "logistic", "--cv", "0",
            "--no-record", "--json"]
    assert main(argv) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "ticket_text" in payload["features"]
    words = payload["text_words"]["ticket_text"]["Yes"]
    assert words, "no word comes with escalation"
    frame = pd.read_csv(path)
    base = (frame["escalated"] == "Yes").mean()
    for link in words:
        has = frame["ticket_text"].str.lower().str.split().map(
            lambda tokens, w=link["word"]: w in tokens)  # the word as a whole token
        assert link["rows"] == int(has.sum())
        assert link["lift"] == pytest.approx((frame.loc[has, "escalated"] == "Yes").mean() / base)
    assert {"refund", "charged", "broken"} & {w["word"] for w in words}


def test_no_text_words_without_free_text(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["train", str(SAMPLES["churn"].path), "--target", "churned", "--model", "logistic",
            "--cv", "0", "--no-record", "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["text_words"] == {}
