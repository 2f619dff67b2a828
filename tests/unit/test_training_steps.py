"""Features, split options, sampling, cross-validation, clustering, the leaderboard's comparisons
and the loss path (training made visible)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.feature_selection import mutual_info_classif
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.evaluate.leaderboard import compare, leaderboard
from mlpm.explain.training import (
    comparison_sentence,
    erm_paragraph,
    exclusion_reason,
    loss_step_sentence,
)
from mlpm.model.catalogue import models_for
from mlpm.model.clustering import scan_k
from mlpm.model.features import pca_information, preprocessing_steps, relevance
from mlpm.model.loss import loss_path, step_models
from mlpm.model.problem import (
    default_features,
    define_problem,
    feature_exclusions,
    infer_task,
    possible_tasks,
    problem_for_target,
    redefine,
)
from mlpm.model.split import SplitPlan, date_columns, plan_split, split_checks
from mlpm.model.training import train

# --- problem and features ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "values", "task"),
    [
        pytest.param("plan_code", list(range(100, 112)) * 20, "multiclass", id="named_codes"),
        pytest.param("segment", [3, 7, 9, 12, 15, 21, 30, 41, 52, 60, 77, 90] * 20,
                     "multiclass", id="segment_numbers"),
        pytest.param("support_calls", list(range(10)) * 30, "regression", id="counts_stay_numbers"),
        pytest.param("rating", [1, 2, 3, 4, 5] * 40, "multiclass", id="few_codes"),
        pytest.param("price", [100.5, 230.0, 99.9, 180.25] * 30, "regression", id="amounts"),
    ],
)
def test_numeric_codes_that_are_really_categories(name: str, values: list, task: str) -> None:
    assert infer_task(pd.Series(values, name=name)) == task


def test_task_override_and_clustering(regression_dataset: Dataset) -> None:
    frame = regression_dataset.frame
    assert possible_tasks(frame["price"]) == ["regression"]
    assert possible_tasks(frame["colour"]) == ["multiclass"]
    groups = define_problem(regression_dataset, None)
    assert groups.task == "clustering"
    assert groups.target == ""
    assert not groups.is_supervised
    assert not groups.is_classification
    assert "price" in groups.features
    ignoring = define_problem(regression_dataset, "price", task="clustering")
    assert ignoring.task == "clustering"
    assert "price" not in ignoring.features
    changed = redefine(regression_dataset, define_problem(regression_dataset, "price"),
                       features=["x1"], pca_components=1)
    assert changed.features == ("x1",)
    assert changed.pca_components == 1
    assert changed.key.endswith("|pca=1")


def test_choices_survive_a_new_data_version(binary_dataset: Dataset) -> None:
    chosen = define_problem(binary_dataset, "churned", positive_label="No", features=["x1"])
    cleaned = Dataset(binary_dataset.frame.iloc[:-5].copy(), "cleaned")
    kept = problem_for_target(cleaned, chosen, "churned")
    assert kept.data_version == cleaned.version
    assert (kept.positive_label, kept.features) == ("No", ("x1",))
    assert problem_for_target(binary_dataset, chosen, "churned") is chosen
    assert problem_for_target(binary_dataset, chosen, "x2").target == "x2"


def _risky_frame(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    churned = rng.choice(["Yes", "No"], n)
    return pd.DataFrame({
        "email": [f"person{i % 40}@example.com" for i in range(n)],  # repeats: not an ID
        "tenure": rng.integers(0, 60, n),
        "refund_issued": np.where(churned == "Yes", "refund", "none"),
        "plan": rng.choice(["a", "b"], n),
        "churned": churned,
    })


def test_leakage_and_personal_data_are_left_out_with_reasons() -> None:
    frame = _risky_frame()
    reasons = feature_exclusions(frame, "churned")
    assert "personal data" in exclusion_reason(reasons["email"], "churned")
    assert "leakage" in exclusion_reason(reasons["refund_issued"], "churned")
    assert default_features(frame, "churned") == ["tenure", "plan"]
    only_leaky = frame[["refund_issued", "churned"]]
    assert default_features(only_leaky, "churned") == ["refund_issued"]  # still trainable


def test_all_features_excluded_is_explained() -> None:
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(40)], "y": ["a", "b"] * 20})
    with pytest.raises(ProblemSetupError, match="No feature columns are left") as info:
        define_problem(Dataset(frame, "ids"), "y")
    assert info.value.hint


def test_relevance_ranks_signal_above_noise(binary_dataset: Dataset) -> None:
    frame = binary_dataset.frame.copy()
    frame["row_id"] = [f"R{i}" for i in range(len(frame))]
    dataset = Dataset(frame, "with_ids")
    result = relevance(dataset, define_problem(dataset, "churned"))
    ranked = result.ranked()
    assert ranked.iloc[0]["column"] == "x1"  # the planted signal
    assert ranked.set_index("column").loc["x1", "relevance"] > result.noise
    ids = ranked.set_index("column").loc["row_id"]
    assert not ids["measured"]
    assert pd.isna(ids["relevance"])
    assert ids["reason"] == "id"


def test_preprocessing_steps_and_pca(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price", pca_components=2)
    kinds = [s.kind for s in preprocessing_steps(regression_dataset.frame, problem)]
    assert kinds == ["fill_numbers", "scale", "fill_categories", "one_hot", "pca"]
    info = pca_information(regression_dataset, problem)
    assert info.n_columns == 6  # x1, x2 and red, green, blue, (missing)
    assert np.all(np.diff(info.cumulative) >= -1e-12)
    assert info.kept(info.n_columns) == pytest.approx(1.0)
    split = plan_split(regression_dataset, problem, SplitPlan(seed=2))
    model = train(regression_dataset, problem, split, "linear")
    compress = model.pipeline.named_steps["compress"]
    assert compress.n_components_ == 2
    assert compress.n_samples_ == len(split.train)  # fitted on training rows only


# --- split -------------------------------------------------------------------------------

def _dated(n: int = 120) -> Dataset:
    rng = np.random.default_rng(9)
    days = rng.permutation(n)
    frame = pd.DataFrame({
        "signup": (pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D")).strftime(
            "%Y-%m-%d").astype(object),
        "x": rng.normal(size=n), "y": rng.choice(["a", "b"], n)})
    frame.loc[[0, 1], "signup"] = None
    return Dataset(frame, "dated")


def test_time_based_split_trains_on_older_rows() -> None:
    dataset = _dated()
    assert date_columns(dataset.frame) == ["signup"]
    problem = define_problem(dataset, "y", features=["x"])
    split = plan_split(dataset, problem, SplitPlan(test_size=0.25, validation_size=0.15,
                                                   time_column="signup"))
    dates = pd.to_datetime(dataset.frame["signup"])
    assert dates.iloc[split.train].max() < dates.iloc[split.validation].min()
    assert dates.iloc[split.validation].max() < dates.iloc[split.test].min()
    assert split.dropped_missing_date == 2
    assert not split.stratified
    assert set(split.date_ranges) == {"train", "validation", "test"}
    assert "by signup" in split.plan.describe()
    with pytest.raises(ProblemSetupError, match="does not hold dates"):
        plan_split(dataset, problem, SplitPlan(time_column="x"))


def test_split_checks_find_shared_duplicates_and_small_parts() -> None:
    rng = np.random.default_rng(1)
    base = pd.DataFrame({"x": rng.integers(0, 3, 60), "y": rng.choice(["a", "b"], 60)})
    dataset = Dataset(pd.concat([base, base], ignore_index=True), "dupes")
    problem = define_problem(dataset, "y")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.25))
    kinds = {c.kind: c for c in split_checks(dataset, problem, split)}
    assert kinds["shared_duplicates"].count == len(split.test)  # every row exists twice
    assert kinds["small_test"].count == len(split.test)


def test_split_too_small_to_train_is_explained() -> None:
    frame = pd.DataFrame({"x": range(15), "y": ["a", "b", "c"] * 5})
    dataset = Dataset(frame, "tiny")
    with pytest.raises(ProblemSetupError, match="fewer than 10 rows") as info:
        plan_split(dataset, define_problem(dataset, "y"), SplitPlan())
    assert info.value.hint


# --- training: sampling, cross-validation, clustering -------------------------------------

def test_cross_validation_matches_sklearns_cross_val_score(binary_dataset: Dataset,
                                                          regression_dataset: Dataset) -> None:
    """Reference: scikit-learn's cross_val_score on the training rows, with the same shuffled
    folds and the same (unfitted) pipeline: F1 of "Yes" for yes/no, R² for numbers."""
    for dataset, target, key, folds, scoring in (
            (binary_dataset, "churned", "logistic", StratifiedKFold,
             make_scorer(f1_score, pos_label="Yes")),
            (regression_dataset, "price", "linear", KFold, "r2")):
        problem = define_problem(dataset, target)
        split = plan_split(dataset, problem, SplitPlan(seed=3))
        model = train(dataset, problem, split, key, cv_folds=5, max_rows=None)
        rows = dataset.frame.iloc[split.train]
        x = rows[list(problem.features)].astype({"colour": object})
        expected = cross_val_score(clone(model.pipeline), x, rows[target].to_numpy(),
                                   cv=folds(5, shuffle=True, random_state=3), scoring=scoring)
        np.testing.assert_allclose(model.cv_scores, expected, rtol=1e-9)


def test_relevance_matches_sklearns_mutual_information() -> None:
    """Reference: mutual_info_classif on the raw columns (numbers as they are, categories as
    codes), so the noise columns mlpm adds and its encoding change nothing."""
    rng = np.random.default_rng(5)
    n = 300
    frame = pd.DataFrame({"signal": rng.normal(0, 1, n), "noise": rng.normal(0, 1, n),
                          "plan": rng.choice(["basic", "pro", "team"], n)})
    lift = frame["plan"].map({"basic": 0.0, "pro": 0.8, "team": -0.8})
    frame["churned"] = np.where(frame["signal"] + lift + rng.normal(0, 0.5, n) > 0, "Yes", "No")
    dataset = Dataset(frame, "mi.csv")
    result = relevance(dataset, define_problem(dataset, "churned",
                                               features=["signal", "noise", "plan"]))
    codes = pd.factorize(frame["plan"])[0]
    expected = mutual_info_classif(np.column_stack([frame["signal"], frame["noise"], codes]),
                                   frame["churned"], discrete_features=[False, False, True],
                                   random_state=0)
    got = result.table.set_index("column")["relevance"]
    np.testing.assert_allclose(got[["signal", "noise", "plan"]], expected, atol=1e-9)


def test_large_tables_train_on_a_stratified_sample(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(seed=4))
    model = train(binary_dataset, problem, split, "logistic", max_rows=60, cv_folds=5)
    assert model.trained_on == 60
    assert model.train_available == len(split.train)
    assert model.sampled
    assert len(model.y_test) == len(split.test)  # every test row is still scored
    assert model.cv_metric == "f1"
    assert len(model.cv_scores) == 5
    full = train(binary_dataset, problem, split, "logistic", max_rows=None)
    assert not full.sampled
    assert full.cv_scores is None


def _blobs() -> Dataset:
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [8, 8], [0, 8]])
    points = np.vstack([rng.normal(c, 0.6, (40, 2)) for c in centres])
    return Dataset(pd.DataFrame(points, columns=["a", "b"]), "blobs")


@pytest.mark.parametrize("key", [s.key for s in models_for("clustering")])
def test_every_clustering_model_groups_every_row(key: str) -> None:
    dataset = _blobs()
    problem = define_problem(dataset, None)
    split = plan_split(dataset, problem, SplitPlan())
    assert split.keeps_all_rows
    assert split.counts() == {"train": 120, "test": 0}
    model = train(dataset, problem, split, key, complexity=3)
    assert model.y_pred.shape == (120,)
    assert len(model.rows) == 120
    assert model.classes == ()
    assert model.scores is None
    assert len(model.y_test) == 0
    if model.is_baseline:
        assert abs(model.silhouette) < 0.1  # random groups are not groups
    else:
        assert model.silhouette > 0.7
        assert len(set(model.y_pred.tolist())) == 3


def test_k_scan_suggests_the_planted_number_of_groups() -> None:
    dataset = _blobs()
    problem = define_problem(dataset, None)
    scan = scan_k(dataset, problem, plan_split(dataset, problem, SplitPlan()))
    assert scan.best_k == scan.suggested_k == 3
    assert list(scan.ks) == list(range(2, 11))
    assert np.all(np.diff(scan.inertia) < 0)


# --- leaderboard ---------------------------------------------------------------------------

def test_comparisons_count_per_thousand_cases(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(seed=5))
    models = [train(binary_dataset, problem, split, key, cv_folds=3)
              for key in ("majority", "logistic")]
    models.append(train(binary_dataset, problem, split, "rule", rule="x2 > 5", cv_folds=3))
    board, metric = leaderboard(models, "Yes")
    assert metric == "f1"
    assert set(board["kind"]) == {"baseline", "model", "rule"}
    assert board["cv_std"].notna().all()
    by_kind = {c.other_kind: c for c in compare(models, "Yes")}
    best, rule = models[1], models[2]
    tp = lambda m: int(((m.scores >= 0.5) & (m.y_test == "Yes")).sum())
    fp = lambda m: int(((m.scores >= 0.5) & (m.y_test != "Yes")).sum())
    n = len(split.test)
    assert by_kind["rule"].caught == round(1000 * (tp(best) - tp(rule)) / n)
    assert by_kind["rule"].false_alarms == round(1000 * (fp(best) - fp(rule)) / n)
    assert by_kind["baseline"].verdict == "better"
    sentence = comparison_sentence(by_kind["rule"], problem)
    assert sentence.startswith("Per 1,000 cases, Logistic regression catches")
    assert "churned = Yes" in sentence
    assert "your rule" in sentence


# --- training made visible -----------------------------------------------------------------

def test_gradient_steps_lower_the_empirical_risk(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(seed=6))
    assert step_models("binary") == ["logistic", "boosting"]
    path = loss_path(binary_dataset, problem, split, "logistic")
    assert path.steps[0] == 0
    assert path.method == "gradient"
    assert path.train_loss[0] == pytest.approx(np.log(2))  # a coin flip before learning
    assert path.train_loss[-1] < 0.8 * path.train_loss[0]
    assert path.validation_source == "held_out"
    assert path.n_train + path.n_validation == len(split.train)  # never a test row
    assert len(path.example_guess) == len(path.steps)
    assert path.example_actual == "Yes"
    paragraph = erm_paragraph(problem, path)
    assert "empirical risk" in paragraph
    assert "'churned'" in paragraph
    assert loss_step_sentence(path, 0, problem).startswith("Before learning")


def test_boosting_rounds_on_a_validation_part(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan(validation_size=0.2, seed=1))
    path = loss_path(regression_dataset, problem, split, "boosting_reg")
    assert path.validation_source == "validation"
    assert path.n_validation == len(split.validation)
    y = regression_dataset.frame["price"].to_numpy()
    assert path.train_loss[0] == pytest.approx(y[split.train].std(), rel=1e-6)
    assert path.train_loss[-1] < 0.4 * path.train_loss[0]
    assert 0 <= path.best_step <= path.last_step
    with pytest.raises(ProblemSetupError, match="visible steps"):
        loss_path(regression_dataset, problem, split, "tree_reg")


def _scored(key: str, kind: str, flagged: list[int], cv: list[float]):
    from mlpm.model.training import TrainedModel

    y = np.array(["Yes"] * 10 + ["No"] * 10)
    scores = np.array(flagged, dtype=float)
    return TrainedModel(key=key, name=key.title(), is_baseline=kind == "baseline", pipeline=None,
                        complexity=0, fit_seconds=0.0, y_test=y,
                        y_pred=np.where(scores >= 0.5, "Yes", "No"), scores=scores,
                        classes=("No", "Yes"), is_rule=kind == "rule", cv_scores=np.array(cv))


def test_a_win_on_test_that_cross_validation_contradicts_is_too_close() -> None:
    model = _scored("model", "model", [1] * 9 + [0] + [0] * 10, [0.50, 0.52, 0.48])
    rule = _scored("rule", "rule", [1] * 5 + [0] * 5 + [1] * 3 + [0] * 7, [0.60, 0.61, 0.59])
    (comparison,) = compare([model, rule], "Yes")
    assert comparison.margin > comparison.spread  # a clear win on the test rows alone …
    assert comparison.cv_disagrees  # … that cross-validation ranks the other way round
    assert comparison.verdict == "too close"
    assert comparison.caught == 200  # 4 more of 20 test cases caught = 200 per 1,000
    problem = define_problem(Dataset(pd.DataFrame({"x": [i % 5 for i in range(20)],
                                                  "churned": ["Yes", "No"] * 10}),
                                     "t"), "churned")
    assert "ranks them the other way round" in comparison_sentence(comparison, problem)
