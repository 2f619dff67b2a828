"""The recipe of a trained model, and retraining it on newer data.

A recipe is everything that is *not* the data: cleaning steps, target, positive class,
features, split plan, model and its complexity, threshold. It is stored with every run, so
"retrain on the new data" means the same recipe on the new table, and the two versions can be
compared fairly.

After a retrain, :func:`decide_retrain` scores the old model and the retrained one on the same
new test rows, in the run's decision metric at the run's own threshold, and says keep, switch
or either with the leaderboard's one meaning of "clearly" (the gap against the retrained
model's cross-validated spread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import baseline_for, get_spec
from mlpm.model.problem import Problem, define_problem
from mlpm.model.split import Split, SplitPlan, plan_split
from mlpm.model.training import RULE_KEY, TrainedModel, train
from mlpm.project.decision import DecisionSettings

if TYPE_CHECKING:
    from mlpm.data.clean import CleaningLog

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Recipe:
    """How a model was made, without the data."""

    target: str
    task: str
    features: tuple[str, ...]
    model_key: str
    positive_label: str | None = None
    complexity: float | None = None
    split: dict[str, Any] = field(default_factory=dict)
    threshold: float | None = None
    cleaning: tuple[dict[str, Any], ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    rule: str | None = None
    max_rows: int | None = None
    cv_folds: int = 0
    pca_components: int = 0
    goal: str = ""
    """the PM's goal (a key of :data:`mlpm.project.decision.GOALS`; "" = the task's default): the
    metric a retrain is judged in"""

    @classmethod
    def from_parts(cls, problem: Problem, split: Split, model: TrainedModel, *,
                   threshold: float | None = None,
                   cleaning: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
                   goal: str = "") -> Recipe:
        """The recipe of a model trained in the app or by :func:`mlpm.project.pipeline.run`."""
        settings = dict(getattr(model, "settings", None) or {})
        rule = str(settings.pop("rule")) if getattr(model, "is_rule", False) and "rule" in settings \
            else None
        trained_on = int(getattr(model, "trained_on", 0) or 0)
        sampled = 0 < trained_on < int(getattr(model, "train_available", 0) or 0)
        cv_scores = getattr(model, "cv_scores", None)
        return cls(target=problem.target, task=problem.task, features=tuple(problem.features),
                   model_key=model.key, positive_label=problem.positive_label,
                   complexity=float(model.complexity), split=asdict(split.plan),
                   threshold=threshold if problem.task == "binary" else None,
                   cleaning=tuple(cleaning), settings=settings, rule=rule,
                   max_rows=trained_on if sampled else None,
                   cv_folds=0 if cv_scores is None else len(cv_scores),
                   pca_components=int(getattr(problem, "pca_components", 0) or 0),
                   goal=goal)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recipe:
        """Rebuild a stored recipe.

        Raises
        ------
        ProblemSetupError
            When the stored run has no recipe (it was recorded by an older mlpm).
        """
        try:
            return cls(target=data["target"], task=data["task"],
                       features=tuple(data["features"]), model_key=data["model_key"],
                       positive_label=data.get("positive_label"),
                       complexity=data.get("complexity"), split=dict(data.get("split") or {}),
                       threshold=data.get("threshold"),
                       cleaning=tuple(data.get("cleaning") or ()),
                       settings=dict(data.get("settings") or {}), rule=data.get("rule"),
                       max_rows=data.get("max_rows"), cv_folds=int(data.get("cv_folds") or 0),
                       pca_components=int(data.get("pca_components") or 0),
                       goal=str(data.get("goal") or ""))
        except (KeyError, TypeError) as error:
            raise ProblemSetupError("This run was stored without its recipe, so it cannot be "
                                    "retrained automatically.",
                                    "Train it again from Data review, then retrain from there."
                                    ) from error

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["features"] = list(self.features)
        out["cleaning"] = list(self.cleaning)
        return out

    @property
    def supervised(self) -> bool:
        return self.task != "clustering"

    @property
    def plan(self) -> SplitPlan:
        known = {k: v for k, v in self.split.items() if k in SplitPlan.__dataclass_fields__}
        return SplitPlan(**known)


@dataclass(frozen=True)
class Retrained:
    """The same recipe on new data: the model, its baseline, and what had to be said."""

    dataset: Dataset
    problem: Problem
    split: Split
    model: TrainedModel
    baseline: TrainedModel
    recipe: Recipe
    notes: tuple[str, ...] = ()
    source_version: str = ""
    """the data version of the file given to :func:`retrain` (before cleaning was replayed):
    with the old run, what a retrain's outcome is known by"""


def replay_cleaning(dataset: Dataset, steps: tuple[dict[str, Any], ...]) -> tuple[Dataset, list[str]]:
    """Apply the recipe's cleaning steps to new data when the cleaning module can replay them.

    Returns the (possibly) cleaned dataset and notes for the PM.
    """
    if not steps:
        return dataset, []
    try:
        from mlpm.data import clean  # the data-cleaning module, when installed

        replay = clean.replay  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        note = (f"The original data went through {len(steps)} cleaning step(s); they were not "
                "replayed here. Clean the new file the same way on Data review if the columns "
                "need it.")
        return dataset, [note]
    cleaned = replay(dataset, list(steps))
    return cleaned, [f"Replayed {len(steps)} cleaning step(s) on the new data."]


def cleaning_log(raw: Dataset, retrained: Retrained) -> CleaningLog | None:
    """The log from the uploaded file (``raw``) to the retrained data, so that once the new data
    is the project's, Data review lists the replayed steps and the next run records them."""
    from mlpm.data.clean import CleaningLog, CleaningStep

    if not retrained.recipe.cleaning or raw.version != retrained.source_version:
        return None
    steps = tuple(CleaningStep.from_dict(dict(s)) for s in retrained.recipe.cleaning)
    return CleaningLog(raw, steps, retrained.dataset.version)


def retrain(recipe: Recipe, dataset: Dataset, *, progress: Progress | None = None) -> Retrained:
    """Run ``recipe`` on ``dataset``: same target, features, split plan, model and complexity.

    Raises
    ------
    ProblemSetupError
        When the new data lacks a column the recipe needs, or the target no longer fits.
    """
    report = progress or (lambda share, text: None)
    data, notes = replay_cleaning(dataset, recipe.cleaning)
    needed = [*([recipe.target] if recipe.supervised else []), *recipe.features]
    missing = [c for c in needed if c not in data.frame.columns]
    if missing:
        shown = ", ".join(f"'{c}'" for c in missing[:5])
        raise ProblemSetupError(
            f"The new data has no column {shown}, which the model was trained with.",
            "Load a file with the same columns, or set the problem up again on Data review.")
    if recipe.model_key != RULE_KEY:
        get_spec(recipe.model_key, recipe.task)
    extra: dict[str, Any] = {"pca_components": recipe.pca_components} \
        if recipe.pca_components else {}
    problem = define_problem(data, recipe.target if recipe.supervised else None,
                             task=recipe.task,  # type: ignore[arg-type]
                             positive_label=recipe.positive_label, features=list(recipe.features),
                             **extra)
    if problem.task != recipe.task:
        raise ProblemSetupError(
            f"'{recipe.target}' no longer fits a {recipe.task} problem in the new data "
            f"(it now looks like {problem.task}).",
            "Check the target column of the new file.")
    split = plan_split(data, problem, recipe.plan)
    options: dict[str, Any] = {"cv_folds": recipe.cv_folds}
    if recipe.max_rows:  # trained on a sample: same cap (otherwise the usual default)
        options["max_rows"] = recipe.max_rows
    report(0.1, "Training the model")
    if recipe.model_key == RULE_KEY:
        model = train(data, problem, split, RULE_KEY, rule=recipe.rule or "", **options)
    else:
        model = train(data, problem, split, recipe.model_key, complexity=recipe.complexity,
                      settings=recipe.settings or None, **options)
    report(0.7, "Training the baseline")
    baseline = train(data, problem, split, baseline_for(problem.task).key, **options)
    report(1.0, "Done")
    return Retrained(dataset=data, problem=problem, split=split, model=model, baseline=baseline,
                     recipe=recipe, notes=tuple(notes), source_version=dataset.version)


Advice = Literal["switch", "keep", "either", "unknown"]
_ADVICE = {"better": "switch", "worse": "keep", "too close": "either"}


@dataclass(frozen=True)
class RetrainDecision:
    """The old model and the retrained one on the same new test rows, and which one to use.

    ``advice`` is "switch" / "keep" when the retrained model scores clearly better / worse
    (the gap beyond its cross-validated spread, see :mod:`mlpm.project.decision`), "either" when it is
    too close, "unknown" when the old model could not be scored (not in this session, not
    saved). Scores are in ``metric`` at ``threshold`` (yes/no problems).
    """

    old_run: int
    retrained: Retrained
    metric: str
    threshold: float | None
    new_score: float
    old_score: float | None
    spread: float | None
    advice: Advice
    n_rows: int
    new_metrics: dict[str, float] = field(default_factory=dict)
    old_metrics: dict[str, float] = field(default_factory=dict)
    new_run: int | None = None
    spread_from_cv: bool = False
    """whether ``spread`` is the retrained model's cross-validated spread (else the floor)"""

    @property
    def source_version(self) -> str:
        return self.retrained.source_version

    @property
    def same_rows(self) -> bool:
        return self.old_score is not None

    def belongs_to(self, old_run: int | None, source_version: str) -> bool:
        """Whether this outcome is the retrain of ``old_run`` on the file with that version."""
        return self.old_run == old_run and self.source_version == source_version


def run_settings(threshold: float | None, costs: dict[str, Any] | None,
                 goal: str = "") -> DecisionSettings:
    """A stored run's own decision settings: its operating point and its costs."""
    from mlpm.evaluate.money import Costs

    known = {k: v for k, v in (costs or {}).items() if k in Costs.__dataclass_fields__}
    try:
        chosen = Costs(**known)
    except (TypeError, ValueError):  # an older or hand-edited record: the money view is off
        chosen = Costs()
    return DecisionSettings(goal=goal, threshold=0.5 if threshold is None else float(threshold),
                            costs=chosen)


def decide_retrain(retrained: Retrained, old_pipeline: Any | None, settings: DecisionSettings,
                   *, old_run: int, old_name: str = "Current model",
                   new_run: int | None = None) -> RetrainDecision:
    """Score the old model and the retrained one on the retrain's test rows and advise.

    The old model (``old_pipeline``, fitted on the old data) is scored on exactly the rows the
    retrained model was tested on, so the gap is the models, not the rows. ``settings`` are
    the old run's (see :func:`run_settings`), so the advice is in the PM's metric at the PM's
    threshold. The "clearly" rule is the leaderboard's, reused as is.
    """
    from mlpm.evaluate.leaderboard import _compare, cv_spread, leaderboard
    from mlpm.lifecycle.scoring import evaluate_pipeline
    from mlpm.lifecycle.store.capture import model_metrics

    problem, model = retrained.problem, retrained.model
    binary = problem.task == "binary"
    positive = problem.positive_label if binary else None
    threshold = settings.threshold if binary else None
    board, metric = leaderboard([model], positive, settings)
    new_score = float(board["score"].iloc[0])
    new_metrics = model_metrics(model, problem, settings.threshold)
    common = {"old_run": old_run, "retrained": retrained, "metric": metric,
              "threshold": threshold, "new_score": new_score, "n_rows": len(retrained.split.test),
              "new_metrics": new_metrics, "new_run": new_run}
    cv = cv_spread(model, positive, settings)
    if old_pipeline is None or not problem.is_supervised:
        return RetrainDecision(old_score=None, spread=None if cv is None else cv[1],
                               advice="unknown", spread_from_cv=cv is not None, **common)
    old = evaluate_pipeline(old_pipeline, retrained.dataset, problem, retrained.split.test,
                            key="current", name=old_name)
    # One meaning of "clearly" everywhere: the leaderboard's own comparison, with the old
    # model as the contender (it has no cross-validation, so the retrained model's spread).
    verdict = _compare(model, old, "current", positive, settings)
    return RetrainDecision(old_score=float(verdict.other_score), spread=float(verdict.spread),
                           advice=_ADVICE[verdict.verdict],  # type: ignore[arg-type]
                           spread_from_cv=cv is not None and cv[1] >= verdict.spread,
                           old_metrics=model_metrics(old, problem, settings.threshold), **common)
