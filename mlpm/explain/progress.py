"""The words of a progress bar, from the facts of a :class:`mlpm.progress.Step`."""

from __future__ import annotations

from mlpm.explain.safe import md
from mlpm.progress import Step

STEP_WORDS = {
    "done": "Done",
    # the data review (mlpm.data.quality) and a review where the data lives (mlpm.scale)
    "checked_column": "Checked '{column}'",
    "looked_for_duplicates": "Looked for duplicate rows",
    "compared_numbers": "Compared numeric columns",
    "looked_for_personal_data": "Looked for personal data",
    "looking_for_leaks": "Looking for leaks, odd values and spelling variants",
    "counting_rows": "Counting rows",
    "drawing_sample": "Drawing the sample",
    "profiling_column": "Profiling '{column}' over every row",
    "looking_for_duplicates": "Looking for duplicate rows",
    "running_checks": "Running the checks",
    # training (mlpm.model.training)
    "preparing_features": "Preparing the features for {model}",
    "learning": "{model}: learning from {rows:,} training rows",
    "checking_rule": "Your rule: checking it on {rows:,} training rows",
    "scoring_test_rows": "{model}: scoring {rows:,} test rows",
    "cross_validation": "{model}: cross-validation, fold {fold} of {folds}",
    "preparing_rows": "Preparing {rows:,} rows for {model}",
    "looking_for_groups": "{model}: looking for {groups} groups in {rows:,} rows",
    "measuring_separation": "{model}: measuring how well the groups separate",
    # curves (mlpm.evaluate.curves)
    "curve_rows": "{model}: training on {rows:,} rows ({number} of {of})",
    "curve_setting": "{model}: {setting} = {value} ({number} of {of})",
    # retraining (mlpm.lifecycle.recipe)
    "training_model": "Training the model",
    "training_baseline": "Training the baseline",
}


def step_label(step: Step) -> str:
    """The step in words, as Markdown (names escaped, numbers as they are).

    >>> step_label(Step("checked_column", {"column": "**price**"}))
    "Checked '\\\\*\\\\*price\\\\*\\\\*'"
    """
    facts = {key: md(value) if isinstance(value, str) else value
             for key, value in step.facts.items()}
    return STEP_WORDS[step.key].format(**facts)


def curve_step_words(step: Step) -> str:
    """A curve point without its model's name: "training on 800 rows (3 of 6)"."""
    label = step_label(Step(step.key, {**step.facts, "model": ""}))
    return label.removeprefix(": ")
