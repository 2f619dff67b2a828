"""The recipe of a trained model, and retraining it on newer data.

A recipe is everything that is *not* the data: cleaning steps, target, positive class,
features, split plan, model and its complexity, threshold. It is stored with every run, so
"retrain on the new data" means the same recipe on the new table, and the two versions can be
compared fairly (:mod:`mlpm.lifecycle.retrain_decision` says which one to use).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import baseline_for, get_spec
from mlpm.model.problem import Problem, define_problem
from mlpm.model.split import Split, SplitPlan, plan_split
from mlpm.model.training import RULE_KEY, TrainedModel, train
from mlpm.progress import DONE, Progress, Step

if TYPE_CHECKING:
    from mlpm.data.clean import CleaningLog



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
    report = progress or (lambda share, step: None)
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
    report(0.1, Step("training_model"))
    if recipe.model_key == RULE_KEY:
        model = train(data, problem, split, RULE_KEY, rule=recipe.rule or "", **options)
    else:
        model = train(data, problem, split, recipe.model_key, complexity=recipe.complexity,
                      settings=recipe.settings or None, **options)
    report(0.7, Step("training_baseline"))
    baseline = train(data, problem, split, baseline_for(problem.task).key, **options)
    report(1.0, DONE)
    return Retrained(dataset=data, problem=problem, split=split, model=model, baseline=baseline,
                     recipe=recipe, notes=tuple(notes), source_version=dataset.version)
