"""Training made visible: the loss after every step of a model that learns step by step.

Two ways of learning in steps, both on the same prepared features as the real models:

* **gradient steps** (logistic / linear regression): each step looks at a small batch of
  training rows, measures how wrong the current weights are (the loss) and nudges every weight
  a little in the direction that makes the loss smaller (stochastic gradient descent);
* **boosting rounds** (gradient boosting): each round adds one small tree that corrects the
  errors the model still makes.

After every step the average loss is measured on the training rows (what the model minimises:
the *empirical risk*) and on validation rows it never learns from. Validation rows are the
split's validation part, or else a fifth of the training rows held back; never the test rows.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier, SGDRegressor
from sklearn.model_selection import train_test_split

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import CATALOGUE, build_pipeline, get_spec, prepare_features
from mlpm.model.problem import Problem, target_labels
from mlpm.model.split import Split
from mlpm.model.training import one_thread, training_sample

MAX_ROWS = 5_000
GRADIENT_STEPS = 80
BATCH_ROWS = 64
LEARNING_RATE = 0.01
BOOSTING_ROUNDS = 150
HELD_OUT_SHARE = 0.2


@dataclass(frozen=True)
class LossPath:
    """Average loss on training and validation rows after each step (step 0 = before learning).

    ``example_guess[i]`` is the model's guess for one training row after step ``i``: the
    chance it gave the row's real class, or its predicted number.
    """

    model_key: str
    model_name: str
    method: str  # "gradient" | "boosting"
    loss_name: str  # "log loss" | "RMSE"
    steps: np.ndarray = field(repr=False)
    train_loss: np.ndarray = field(repr=False)
    validation_loss: np.ndarray = field(repr=False)
    n_train: int = 0
    n_validation: int = 0
    validation_source: str = "validation"  # "validation" | "held_out"
    batch_rows: int = 0
    example_row: int = -1
    example_actual: str = ""
    example_guess: np.ndarray = field(repr=False, default_factory=lambda: np.array([]))
    split_key: str = ""

    @property
    def best_step(self) -> int:
        """The step with the lowest validation loss: where a careful trainer would stop."""
        return int(self.steps[int(np.argmin(self.validation_loss))])

    @property
    def last_step(self) -> int:
        return int(self.steps[-1])

    def at(self, step: int) -> tuple[float, float]:
        """Training and validation loss after ``step``."""
        i = int(np.clip(np.searchsorted(self.steps, step), 0, len(self.steps) - 1))
        return float(self.train_loss[i]), float(self.validation_loss[i])

    def frame(self) -> pd.DataFrame:
        """Long table (step, curve, loss) for charts."""
        return pd.concat([
            pd.DataFrame({"step": self.steps, "curve": "training rows", "loss": self.train_loss}),
            pd.DataFrame({"step": self.steps, "curve": "validation rows",
                          "loss": self.validation_loss}),
        ], ignore_index=True)


def step_models(task: str) -> list[str]:
    """Catalogue keys whose learning can be shown step by step for ``task``."""
    return [s.key for s in CATALOGUE.values() if task in s.tasks and s.step_by_step]


def loss_path(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
              max_rows: int = MAX_ROWS) -> LossPath:
    """Train ``model_key`` step by step and record the loss after every step.

    Raises
    ------
    ProblemSetupError
        When the model does not learn in steps, or the task has no target.
    """
    if not problem.is_supervised:
        raise ProblemSetupError("Clustering has no right answer, so there is no loss to show.",
                                "Choose a target to see a model learn step by step.")
    spec = get_spec(model_key, problem.task)
    if not spec.step_by_step:
        allowed = ", ".join(step_models(problem.task))
        raise ProblemSetupError(f"{spec.name} does not learn in visible steps.",
                                f"Choose one of: {allowed}.")
    frame = dataset.frame
    x = prepare_features(frame, problem)
    y = target_labels(problem, frame[problem.target]).to_numpy()
    labels = y if problem.is_classification else None
    fit_rows, check_rows, source = _rows(split, labels, max_rows)
    if problem.is_classification and len(set(y[fit_rows])) < 2:
        raise ProblemSetupError("The training rows hold only one class, so there is nothing to learn.",
                                "Split again with a stratified split or more rows.")
    pipeline = build_pipeline(spec, frame, problem, seed=split.plan.seed)
    prepare = pipeline[:-1]
    with one_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        x_fit = prepare.fit_transform(x.iloc[fit_rows], y[fit_rows])
        x_check = prepare.transform(x.iloc[check_rows])
        if spec.key.startswith("boosting"):
            guesses = _boosting(pipeline.named_steps["model"], x_fit, y[fit_rows], x_check,
                                problem)
            method = "boosting"
        else:
            guesses = _gradient(x_fit, y[fit_rows], x_check, problem, split.plan.seed)
            method = "gradient"
    steps, train_loss, val_loss, fit_guess, classes = _losses(guesses, y[fit_rows],
                                                              y[check_rows], problem)
    example, actual, trace = _example(fit_rows, y[fit_rows], fit_guess, classes, problem)
    return LossPath(
        model_key=spec.key, model_name=spec.name, method=method,
        loss_name="log loss" if problem.is_classification else "RMSE", steps=steps,
        train_loss=train_loss, validation_loss=val_loss, n_train=len(fit_rows),
        n_validation=len(check_rows), validation_source=source,
        batch_rows=BATCH_ROWS if method == "gradient" else 0, example_row=example,
        example_actual=actual, example_guess=trace, split_key=split.key)


def _rows(split: Split, labels: np.ndarray | None,
          max_rows: int) -> tuple[np.ndarray, np.ndarray, str]:
    train = training_sample(split.train, labels, max_rows, split.plan.seed)
    if len(split.validation):
        return train, split.validation, "validation"
    strata = labels[train] if labels is not None else None
    if strata is not None and pd.Series(strata).value_counts().min() < 2:
        strata = None
    fit, check = train_test_split(train, test_size=HELD_OUT_SHARE, random_state=split.plan.seed,
                                  stratify=strata)
    return np.sort(fit), np.sort(check), "held_out"


# Each learner returns, per step, (guesses on fit rows, guesses on check rows): class
# probabilities (columns in sorted class order) or predicted numbers.
Guesses = tuple[list[np.ndarray], list[np.ndarray]]


def _boosting(model, x_fit: np.ndarray, y_fit: np.ndarray, x_check: np.ndarray,
              problem: Problem) -> Guesses:
    model = clone(model).set_params(max_iter=BOOSTING_ROUNDS)
    model.fit(x_fit, y_fit)
    if problem.is_classification:
        fit = [_prior(y_fit, len(x_fit)), *model.staged_predict_proba(x_fit)]
        check = [_prior(y_fit, len(x_check)), *model.staged_predict_proba(x_check)]
    else:
        mean = float(np.mean(y_fit.astype(float)))
        fit = [np.full(len(x_fit), mean), *model.staged_predict(x_fit)]
        check = [np.full(len(x_check), mean), *model.staged_predict(x_check)]
    return fit, check


def _prior(y: np.ndarray, n: int) -> np.ndarray:
    _, counts = np.unique(y, return_counts=True)
    return np.tile(counts / counts.sum(), (n, 1))


def _gradient(x_fit: np.ndarray, y_fit: np.ndarray, x_check: np.ndarray, problem: Problem,
              seed: int) -> Guesses:
    """Mini-batch gradient descent: one step = one batch of rows, one small nudge."""
    rng = np.random.default_rng(seed)
    batch = min(BATCH_ROWS, len(x_fit))
    if problem.is_classification:
        classes = np.unique(y_fit)
        model = SGDClassifier(loss="log_loss", learning_rate="constant", eta0=LEARNING_RATE,
                              alpha=1e-4, random_state=seed)
        start = np.full(len(classes), 1 / len(classes))
        fit = [np.tile(start, (len(x_fit), 1))]
        check = [np.tile(start, (len(x_check), 1))]
        for _ in range(GRADIENT_STEPS):
            rows = rng.choice(len(x_fit), batch, replace=False)
            model.partial_fit(x_fit[rows], y_fit[rows], classes=classes)
            fit.append(model.predict_proba(x_fit))
            check.append(model.predict_proba(x_check))
        return fit, check
    values = y_fit.astype(float)
    centre, scale = float(values.mean()), float(values.std()) or 1.0
    # Averaged steps: a few very large values (prices of mansions) would otherwise make single
    # batches jerk the line up and down and hide the trend.
    model = SGDRegressor(learning_rate="constant", eta0=LEARNING_RATE, alpha=1e-4,
                         random_state=seed, average=True)
    fit = [np.full(len(x_fit), centre)]
    check = [np.full(len(x_check), centre)]
    # Start from "always the average" like the boosting path, then learn the differences.
    scaled = (values - centre) / scale
    for _ in range(GRADIENT_STEPS):
        rows = rng.choice(len(x_fit), batch, replace=False)
        model.partial_fit(x_fit[rows], scaled[rows])
        fit.append(model.predict(x_fit) * scale + centre)
        check.append(model.predict(x_check) * scale + centre)
    return fit, check


def _losses(guesses: Guesses, y_fit: np.ndarray, y_check: np.ndarray, problem: Problem):
    fit, check = guesses
    classes = np.unique(y_fit) if problem.is_classification else None
    if problem.is_classification:
        train = [_log_loss(y_fit, p, classes) for p in fit]
        val = [_log_loss(y_check, p, classes) for p in check]
    else:
        truth, truth_check = y_fit.astype(float), y_check.astype(float)
        train = [float(np.sqrt(np.mean((truth - p) ** 2))) for p in fit]
        val = [float(np.sqrt(np.mean((truth_check - p) ** 2))) for p in check]
    steps = np.arange(len(train))
    return steps, np.array(train), np.array(val), fit, classes


def _log_loss(y: np.ndarray, proba: np.ndarray, classes: np.ndarray) -> float:
    """Average of -log(chance given to the real answer); numpy only, so 80 steps stay quick."""
    real = np.searchsorted(classes, y)
    chance = np.clip(proba[np.arange(len(y)), real], 1e-15, 1.0)
    return float(-np.mean(np.log(chance)))


def _example(fit_rows: np.ndarray, y_fit: np.ndarray, fit_guess: list[np.ndarray],
             classes: np.ndarray | None, problem: Problem) -> tuple[int, str, np.ndarray]:
    """One training row to follow: a typical case the model learns to get right."""
    if problem.is_classification:
        column = {c: i for i, c in enumerate(classes)}
        target_class = problem.positive_label if problem.task == "binary" else None
        real = np.array([column[v] for v in y_fit])
        final = fit_guess[-1][np.arange(len(y_fit)), real]
        candidates = np.flatnonzero((final > 0.5) & ((y_fit == target_class)
                                                      if target_class else True))
        if not len(candidates):
            candidates = np.arange(len(y_fit))
        pick = candidates[np.argsort(final[candidates])[len(candidates) // 2]]
        trace = np.array([g[pick, real[pick]] for g in fit_guess])
        return int(fit_rows[pick]), str(y_fit[pick]), trace
    truth = y_fit.astype(float)
    error = np.abs(fit_guess[-1] - truth)
    pick = int(np.argsort(error)[len(error) // 2])
    trace = np.array([g[pick] for g in fit_guess])
    return int(fit_rows[pick]), f"{truth[pick]:,.6g}", trace
