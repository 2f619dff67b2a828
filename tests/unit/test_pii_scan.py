"""Personal data inside free text and stored as plain numbers: the shares the scan reports are
the shares the table was built with (every distinct value is read when there are few)."""

from __future__ import annotations

import pandas as pd
import pytest

from mlpm.data.pii import looks_like_person, scan

CARD = "4111 1111 1111 1111"  # the Visa test number: passes the Luhn check


def _notes(n: int, holding: int, what: str) -> list[str]:
    """``n`` distinct notes, ``holding`` of them with ``what`` in the middle of a sentence."""
    return [f"note {i}: please {'write to ' + what if i < holding else 'call back'} today"
            for i in range(n)]


def _found(frame: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(f.column, f.kind): f.share for f in scan(frame)}


@pytest.mark.parametrize(("holding", "flagged"), [(10, True), (4, False)])
def test_emails_inside_free_text_count_from_five_percent(holding: int, flagged: bool) -> None:
    frame = pd.DataFrame({"notes": _notes(100, holding, "ana.silva@example.org")})
    expected = {("notes", "email"): holding / 100} if flagged else {}
    assert _found(frame) == expected


@pytest.mark.parametrize(("holding", "flagged"), [(8, True), (3, False)])
def test_card_numbers_inside_free_text_count_from_five_percent(holding: int,
                                                               flagged: bool) -> None:
    frame = pd.DataFrame({"notes": _notes(100, holding, f"card {CARD}")})
    expected = {("notes", "card"): holding / 100} if flagged else {}
    assert _found(frame) == expected


def test_a_column_called_ssn_of_plain_numbers_is_a_national_id() -> None:
    frame = pd.DataFrame({"ssn": range(100_000, 100_060), "score": range(60)})
    assert _found(frame) == {("ssn", "national_id"): 1.0}


def test_a_footnote_mark_is_not_part_of_a_persons_name() -> None:
    """'²' is a letter-like word character to a regex, but a digit: not a name."""
    assert looks_like_person("Maria Garcia")
    assert not looks_like_person("Maria Garcia²")
