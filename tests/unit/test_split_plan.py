"""plan_split: reproducible, stratified, disjoint parts; missing targets dropped and counted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.problem import Problem, define_problem
from mlpm.model.split import MIN_PART_ROWS, Split, SplitPlan, part_balance, plan_split

N_MISSING = 7


@pytest.fixture
def gappy(binary_dataset: Dataset) -> tuple[Dataset, Problem]:
    """The binary table with the target blanked on a few rows."""
    frame = binary_dataset.frame.copy()
    frame.loc[[3, 17, 50, 51, 99, 120, 159], "churned"] = np.nan
    dataset = Dataset(frame, "gappy")
    return dataset, define_problem(dataset, "churned")


def _usable(dataset: Dataset, problem: Problem) -> np.ndarray:
    return np.flatnonzero(dataset.frame[problem.target].notna().to_numpy())


def test_same_seed_same_split(gappy: tuple[Dataset, Problem]) -> None:
    dataset, problem = gappy
    a = plan_split(dataset, problem, SplitPlan(seed=11))
    b = plan_split(dataset, problem, SplitPlan(seed=11))
    np.testing.assert_array_equal(a.train, b.train)
    np.testing.assert_array_equal(a.test, b.test)
    assert a.key == b.key


def test_other_seed_other_split(gappy: tuple[Dataset, Problem]) -> None:
    dataset, problem = gappy
    a = plan_split(dataset, problem, SplitPlan(seed=11))
    b = plan_split(dataset, problem, SplitPlan(seed=12))
    assert len(a.test) == len(b.test)
    assert set(a.test) != set(b.test)
    assert a.key != b.key


@pytest.mark.parametrize("validation_size", [0.0, 0.2])
def test_parts_are_disjoint_and_cover_all_rows_with_a_target(
        gappy: tuple[Dataset, Problem], validation_size: float) -> None:
    dataset, problem = gappy
    split = plan_split(dataset, problem, SplitPlan(test_size=0.25, validation_size=validation_size))
    parts = [set(split.train), set(split.test), set(split.validation)]
    assert parts[0].isdisjoint(parts[1])
    assert parts[0].isdisjoint(parts[2])
    assert parts[1].isdisjoint(parts[2])
    assert set().union(*parts) == set(_usable(dataset, problem))
    assert split.dropped_missing_target == N_MISSING
    assert sum(split.counts().values()) == dataset.n_rows - N_MISSING
    for part in (split.train, split.test, split.validation):
        assert np.all(np.diff(part) > 0)  # sorted positions


def test_part_sizes(gappy: tuple[Dataset, Problem]) -> None:
    dataset, problem = gappy
    usable = dataset.n_rows - N_MISSING  # 153
    split = plan_split(dataset, problem, SplitPlan(test_size=0.2, validation_size=0.1))
    assert split.counts() == {"train": usable - round(usable * 0.2) - round(usable * 0.1),
                              "validation": round(usable * 0.1), "test": round(usable * 0.2)}
    assert list(split.counts()) == ["train", "validation", "test"]
    plain = plan_split(dataset, problem, SplitPlan(test_size=0.3))
    assert plain.counts() == {"train": usable - round(usable * 0.3), "test": round(usable * 0.3)}
    assert len(plain.validation) == 0


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_stratified_shares_within_one_row(multiclass_dataset: Dataset, seed: int) -> None:
    problem = define_problem(multiclass_dataset, "size")
    plan = SplitPlan(test_size=0.3, validation_size=0.2, seed=seed)
    split = plan_split(multiclass_dataset, problem, plan)
    assert split.stratified
    y = multiclass_dataset.frame["size"].to_numpy()
    n = len(y)
    for part, share in ((split.test, 0.3), (split.validation, 0.2), (split.train, 0.5)):
        for label in problem.classes:
            expected = (y == label).sum() * len(part) / n
            assert abs((y[part] == label).sum() - expected) <= 1, (label, share)


def test_regression_is_not_stratified(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan())
    assert not split.stratified
    assert split.dropped_missing_target == 0


def test_stratify_off_is_respected(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    assert not plan_split(binary_dataset, problem, SplitPlan(stratify=False)).stratified


def _small(n: int) -> tuple[Dataset, Problem]:
    frame = pd.DataFrame({"x": np.linspace(0, 1, n), "y": ["a", "b"] * (n // 2)})
    dataset = Dataset(frame, "small")
    return dataset, define_problem(dataset, "y", features=["x"])


def test_too_small_test_part_is_refused() -> None:
    dataset, problem = _small(40)  # 20% of 40 = 8 test rows
    with pytest.raises(ProblemSetupError, match=f"fewer than {MIN_PART_ROWS} rows") as info:
        plan_split(dataset, problem, SplitPlan(test_size=0.2))
    assert "40 usable rows" in info.value.message
    assert info.value.hint
    assert plan_split(dataset, problem, SplitPlan(test_size=0.25)).counts()["test"] == 10


def test_too_small_validation_part_is_refused() -> None:
    dataset, problem = _small(60)
    with pytest.raises(ProblemSetupError, match="fewer than"):
        plan_split(dataset, problem, SplitPlan(test_size=0.2, validation_size=0.1))


@pytest.mark.parametrize(("test_size", "validation_size"),
                         [(0.01, 0.0), (0.55, 0.0), (0.3, 0.35), (0.2, -0.1)])
def test_bad_shares_are_refused(binary_dataset: Dataset, test_size: float,
                                validation_size: float) -> None:
    problem = define_problem(binary_dataset, "churned")
    with pytest.raises(ProblemSetupError) as info:
        plan_split(binary_dataset, problem, SplitPlan(test_size=test_size,
                                                      validation_size=validation_size))
    assert info.value.message
    assert info.value.hint


def test_exactly_sixty_percent_held_out_is_allowed(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(test_size=0.4, validation_size=0.2))
    assert split.counts() == {"train": 64, "validation": 32, "test": 64}


def test_rare_class_with_validation_part_does_not_crash() -> None:
    frame = pd.DataFrame({"x": np.arange(100) * 1.0, "y": ["A"] * 60 + ["B"] * 38 + ["C"] * 2})
    dataset = Dataset(frame, "rare")
    problem = define_problem(dataset, "y", features=["x"])
    # Class C has two rows: the test part takes one (stratified), and the other can't be
    # shared between train and validation, so that second cut is made at random.
    split = plan_split(dataset, problem, SplitPlan(test_size=0.3, validation_size=0.3, seed=0))
    assert split.counts() == {"train": 40, "validation": 30, "test": 30}
    assert split.stratified
    parts = np.concatenate([split.train, split.validation, split.test])
    assert sorted(parts) == list(range(100))  # every row once
    y = frame["y"].to_numpy()
    assert list(y[split.test]).count("C") == 1
    assert list(y[split.test]).count("A") == 18  # 60% of 30, as in the whole table


def test_part_balance(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split: Split = plan_split(binary_dataset, problem, SplitPlan(test_size=0.25))
    table = part_balance(binary_dataset, problem, split)
    assert set(table["part"]) == {"train", "test"}
    y = binary_dataset.frame["churned"].to_numpy()
    for part, idx in (("train", split.train), ("test", split.test)):
        rows = table[table["part"] == part].set_index("class")
        for label in ("No", "Yes"):
            assert rows.loc[label, "rows"] == (y[idx] == label).sum()
        np.testing.assert_allclose(rows["share"].sum(), 1.0)


def test_part_balance_regression_means(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan(validation_size=0.2))
    table = part_balance(regression_dataset, problem, split).set_index("part")
    price = regression_dataset.frame["price"].to_numpy()
    for part, idx in (("train", split.train), ("validation", split.validation),
                      ("test", split.test)):
        assert table.loc[part, "rows"] == len(idx)
        np.testing.assert_allclose(table.loc[part, "mean"], price[idx].mean())


def test_describe() -> None:
    assert SplitPlan(test_size=0.2).describe() == "80% train / 20% test"
    assert SplitPlan(test_size=0.2, validation_size=0.1).describe() == (
        "70% train / 10% validation / 20% test")
