"""Cleaning steps: each makes a new data version, is plain data, and undo is a replay."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mlpm.data.clean import CleaningError, CleaningStep, apply_steps, clean, replay
from mlpm.data.dataset import Dataset, fingerprint
from mlpm.data.row_keys import duplicated_rows
from mlpm.explain.data import cleaning_step


def _raw() -> Dataset:
    frame = pd.DataFrame({
        "amount": ["$1,200.50", "$30", "n/a", "$4.25", "$30"],
        "when": ["2026-01-03", "2026-02-04", "2026-03-05", "bad", "2026-02-04"],
        "answer": ["Yes", "yes", "Y", "No", "yes"],
        "score": [1.0, np.nan, 3.0, -1.0, np.nan],
        "city": ["Paris", None, "Lyon", "Paris", None],
    })
    return Dataset(frame, "raw.csv", source_note="Read as UTF-8, comma-separated")


STEPS = [
    CleaningStep.make("to_number", ["amount"]),
    CleaningStep.make("to_date", ["when"], format="%Y-%m-%d"),
    CleaningStep.make("merge_categories", ["answer"], mapping={"Y": "Yes", "yes": "Yes"}),
    CleaningStep.make("replace_with_missing", ["score"], values=["-1"]),
    CleaningStep.make("fill_missing", ["score"], method="median"),
    CleaningStep.make("fill_missing", ["city"], method="most_common"),
    CleaningStep.make("drop_duplicates"),
    CleaningStep.make("drop_missing_rows", ["amount"]),
    CleaningStep.make("drop_columns", ["when"]),
]


def test_every_step_applies_and_gives_a_new_version() -> None:
    raw = _raw()
    versions = {raw.version}
    for n in range(1, len(STEPS) + 1):
        dataset = apply_steps(raw, STEPS[:n])
        assert dataset.version not in versions, cleaning_step(STEPS[n - 1])
        versions.add(dataset.version)
    frame = apply_steps(raw, STEPS).frame
    assert list(frame.columns) == ["amount", "answer", "score", "city"]
    assert frame["amount"].tolist() == [1200.5, 30.0, 4.25]
    assert frame["answer"].tolist() == ["Yes", "Yes", "No"]
    assert frame["score"].tolist() == [1.0, 2.0, 2.0]
    assert frame["city"].tolist() == ["Paris", "Paris", "Paris"]
    assert "cleaned with 9 steps" in apply_steps(raw, STEPS).source_note
    assert raw.frame["amount"].iloc[0] == "$1,200.50"  # the raw table is never modified


def test_dates_become_datetimes_and_bad_ones_missing() -> None:
    frame = apply_steps(_raw(), STEPS[1:2]).frame
    assert pd.api.types.is_datetime64_any_dtype(frame["when"])
    assert frame["when"].isna().tolist() == [False, False, False, True, False]


def test_undo_is_replaying_all_but_the_last_step() -> None:
    raw = _raw()
    dataset, log = clean(raw, STEPS[:3])
    assert log.result_version == dataset.version
    undone, _ = clean(raw, list(log.steps[:-1]))
    assert undone.version == apply_steps(raw, STEPS[:2]).version
    assert apply_steps(raw, []).version == raw.version


def test_steps_are_plain_data_and_round_trip() -> None:
    dicts = [step.as_dict() for step in STEPS]
    restored = [CleaningStep.from_dict(json.loads(json.dumps(d))) for d in dicts]
    assert restored == STEPS
    assert replay(_raw(), dicts).version == apply_steps(_raw(), STEPS).version
    assert cleaning_step(STEPS[2]) == "Merge 2 spellings in 'answer' into 'Yes'."
    assert cleaning_step(STEPS[4]) == "Fill missing values in 'score' with the median."
    assert hash(STEPS[2]) == hash(CleaningStep.from_dict(dicts[2]))


def test_bad_steps_are_user_errors() -> None:
    with pytest.raises(CleaningError, match="no column 'nope'"):
        apply_steps(_raw(), [CleaningStep.make("drop_columns", ["nope"])])
    with pytest.raises(CleaningError, match="every column"):
        apply_steps(_raw(), [CleaningStep.make("drop_columns", list(_raw().frame.columns))])
    with pytest.raises(CleaningError, match="dates"):
        apply_steps(_raw(), [CleaningStep.make("to_date", ["city"])])
    with pytest.raises(ValueError, match="Unknown cleaning action"):
        CleaningStep.make("shred")


def test_fast_duplicates_match_pandas() -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.integers(0, 5, 3000), "b": rng.choice(["x", "y", None], 3000),
                          "c": rng.normal(0, 1, 3000).round(1)})
    frame.loc[5:9, "c"] = np.nan
    np.testing.assert_array_equal(duplicated_rows(frame), frame.duplicated().to_numpy())
    np.testing.assert_array_equal(duplicated_rows(frame, ["a", "b"]),
                                  frame.duplicated(["a", "b"]).to_numpy())


def test_fingerprint_of_text_datetimes_and_slices() -> None:
    frame = pd.DataFrame({"t": ["a", None, "c"] * 3, "d": pd.date_range("2026-01-01", periods=9)})
    assert fingerprint(frame.iloc[3:].reset_index(drop=True)) == \
        fingerprint(frame.iloc[3:].copy().reset_index(drop=True))
    assert fingerprint(frame) != fingerprint(frame.assign(t=["a", "", "c"] * 3))
