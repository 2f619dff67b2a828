"""What counts as success, in the PM's words: the goals a project can choose (issue 14).

Kept apart from :mod:`mlpm.project.decision` because it needs neither NumPy nor scikit-learn: the
command line builds its ``--goal`` choices from it, and ``mlpm review`` should not pay ~0.7 s
of scikit-learn imports it never uses (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass

CV_FOLDS = 5
"""Cross-validation folds on the training rows, unless the PM or the CLI says otherwise."""


@dataclass(frozen=True)
class Goal:
    """One way to say what success is, in the PM's words, and the score that measures it."""

    key: str
    label: str
    metric: str  # key of :data:`METRIC_WORDS`
    tasks: tuple[str, ...]
    help: str


GOALS: dict[str, Goal] = {g.key: g for g in [
    Goal("balanced", "Catch cases and avoid false alarms, equally", "f1", ("binary",),
         "F1: high only when the model both finds most real cases and is usually right when "
         "it flags one."),
    Goal("catch", "Catch as many real cases as possible", "f2", ("binary",),
         "F2: finding a real case counts twice as much as avoiding a false alarm. For churn, "
         "fraud or safety, where a miss is the expensive mistake."),
    Goal("precise", "Be right when we flag a case", "f05", ("binary",),
         "F0.5: avoiding a false alarm counts twice as much as finding one more case. For "
         "costly actions: a call from a senior agent, a blocked payment."),
    Goal("money", "Make the most money (uses your values and costs)", "value", ("binary",),
         "Value per month: what the model's flags are worth with the values and costs you "
         "entered, at the threshold you chose."),
    Goal("right_class", "Pick the right class as often as possible", "accuracy",
         ("multiclass",), "Accuracy: the share of cases put in the right class."),
    Goal("typical_error", "Be as close as possible, on a typical case", "mae", ("regression",),
         "Typical error (mean absolute error): how far off a guess is on average, in the "
         "target's own unit."),
    Goal("separation", "Find clearly separated groups", "silhouette", ("clustering",),
         "Silhouette: from -1 to 1, how much closer rows are to their own group than to the "
         "next one."),
]}

DEFAULT_GOAL = {"binary": "balanced", "multiclass": "right_class",
                "regression": "typical_error", "clustering": "separation"}

METRIC_WORDS = {
    "f1": "F1", "f2": "F2 (catching weighs double)", "f05": "F0.5 (precision weighs double)",
    "value": "value per month", "accuracy": "accuracy", "mae": "typical error",
    "silhouette": "silhouette",
}
LOWER_IS_BETTER = frozenset({"mae"})
