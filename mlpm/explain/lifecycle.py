"""Sentences for the model's life after training: history, comparisons, drift, scoring, shipping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlpm.explain.metrics import metric_title
from mlpm.explain.safe import md

if TYPE_CHECKING:
    import pandas as pd

    from mlpm.lifecycle.drift import ColumnDrift, DriftReport
    from mlpm.lifecycle.retrain_decision import RetrainDecision
    from mlpm.lifecycle.store.compare import ColumnChanges, RunComparison
    from mlpm.lifecycle.store.records import RunRecord

def _value(metric: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if metric in ("mae", "rmse"):
        return f"{value:,.2f}"
    return f"{value:.3f}"


# --- which model on which data --------------------------------------------------------

def trained_on(run: RunRecord) -> str:
    """"#12 Decision tree learnt 'churned' from churn.csv (version 1a2b…, 1,200 rows × 12
    columns) on 2026-03-05 14:02 UTC."""
    what = f"learnt '{md(run.target)}'" if run.target else "found groups"
    return (f"#{run.id} {md(run.model_name)} {what} from {md(run.dataset_name)} "
            f"(version {run.data_version}, {run.n_rows:,} rows × {run.n_columns} columns) on "
            f"{run.when} UTC.")


def history_summary(n_runs: int, n_versions: int, n_datasets: int) -> str:
    if not n_runs:
        return ("No runs yet. Every model you train is recorded here with the data it learnt "
                "from, its settings and its scores.")
    return (f"{n_runs:,} training run{'s' if n_runs != 1 else ''} on {n_versions} data "
            f"version{'s' if n_versions != 1 else ''} of {n_datasets} "
            f"table{'s' if n_datasets != 1 else ''}. Each row says which data a model learnt "
            "from: same data version = same rows and values.")


def store_location(where: str, shared: bool) -> str:
    if shared:
        return f"Runs are kept in {md(where)}, shared by everyone who uses it."
    return (f"Runs are kept in {md(where)} on this computer. A team can share one database instead "
            "(see 'Team use' in the README).")


def data_difference(reference: RunRecord, run: RunRecord, changes: ColumnChanges) -> str:
    """"#14 vs #12: trained on 7,043 rows vs 8,210 rows; 3 columns changed (added: …)"."""
    head = f"#{run.id} vs #{reference.id}: "
    if run.data_version == reference.data_version:
        return (head + f"both learnt from the same data ({md(reference.dataset_name)}, version "
                f"{reference.data_version}, {reference.n_rows:,} rows).")
    rows = f"trained on {reference.n_rows:,} rows vs {run.n_rows:,} rows"
    if reference.dataset_name != run.dataset_name:
        rows += f" ({md(reference.dataset_name)} vs {md(run.dataset_name)})"
    if not changes.known:
        return head + rows + "; the column list of one version was not recorded."
    if not changes.count:
        return head + rows + "; same columns, different values."
    parts = []
    if changes.added:
        parts.append("added: " + ", ".join(map(md, changes.added)))
    if changes.removed:
        parts.append("removed: " + ", ".join(map(md, changes.removed)))
    if changes.retyped:
        parts.append("changed type: " + ", ".join(f"{md(c)} ({a} → {b})"
                                                  for c, a, b in changes.retyped))
    word = "column" if changes.count == 1 else "columns"
    return head + rows + f"; {changes.count} {word} changed ({'; '.join(parts)})."


def metric_change(reference: RunRecord, run: RunRecord, metric: str, value: float,
                  delta: float | None, *, lower_is_better: bool,
                  thresholds: tuple[float | None, float | None] = (None, None)) -> str:
    """"#14: F1 score 0.610 vs 0.580 for #12 at threshold 0.30 (+0.030, better)." — a yes/no
    score says the threshold each run was measured at (``thresholds``: reference, run)."""
    name = metric_title(metric)
    before_cut, cut = thresholds
    if delta is None:
        return f"#{run.id}: {name} {_value(metric, value)}{at_threshold(cut)}."
    if cut is not None and before_cut is not None and abs(cut - before_cut) > 1e-9:
        where = f" (at threshold {cut:.2f} vs {before_cut:.2f})"
    else:
        where = at_threshold(cut if cut is not None else before_cut)
    if abs(delta) < 0.005:
        verdict = "about the same"
    else:
        better = (delta < 0) if lower_is_better else (delta > 0)
        verdict = "better" if better else "worse"
    note = "" if run.data_version == reference.data_version else (
        " Each was measured on its own test rows, so part of the gap can be the data.")
    return (f"#{run.id}: {name} {_value(metric, value)} vs {_value(metric, value - delta)} "
            f"for #{reference.id}{where} ({delta:+.3f}, {verdict}).{note}")


def comparison_data(comparison: RunComparison) -> dict[int, str]:
    """Run id -> one sentence on its data against the reference run's (Markdown)."""
    return {run_id: data_difference(comparison.reference, run, comparison.changes[run_id])
            for run_id, run in _others(comparison)}


def comparison_sentences(comparison: RunComparison) -> tuple[str, ...]:
    """Each run against the reference: its data, then its headline score (Markdown)."""
    reference, sentences = comparison.reference, []
    for run_id, run in _others(comparison):
        sentences.append(data_difference(reference, run, comparison.changes[run_id]))
        change = comparison.headlines.get(run_id)
        if change is not None:
            sentences.append(metric_change(reference, run, change.metric, change.value,
                                           change.delta, lower_is_better=change.lower_is_better,
                                           thresholds=change.thresholds))
    return tuple(sentences)


def _others(comparison: RunComparison) -> list[tuple[int, RunRecord]]:
    return [(int(run.id or 0), run) for run in comparison.runs[1:]]


def titled_metrics(table: pd.DataFrame) -> pd.DataFrame:
    """A long table of scores with each metric's display name (``metric_title``) next to its
    key, as the comparison chart and tables show it."""
    titled = table.copy()
    titled.insert(titled.columns.get_loc("metric") + 1, "metric_title",
                  titled["metric"].map(metric_title))
    return titled


def at_threshold(threshold: float | None) -> str:
    """" at threshold 0.30" after a yes/no score (its value depends on it), else ""."""
    return "" if threshold is None else f" at threshold {threshold:.2f}"


def run_score_sentence(run: RunRecord) -> str:
    """"Test F1 score: 0.612 at threshold 0.30." — a run's headline score as it was recorded."""
    value = run.headline
    if value is None:
        return ""
    cut = at_threshold(run.threshold) if run.headline_metric in ("f1", "accuracy") else ""
    return f"Test {metric_title(run.headline_metric)}: {_value(run.headline_metric, value)}{cut}."


def thresholds_sentence(runs: tuple[RunRecord, ...] | list[RunRecord]) -> str:
    """Which threshold each run's yes/no scores were measured at ("" when none has one)."""
    cuts = [(r.id, r.threshold) for r in runs if r.threshold is not None]
    if not cuts:
        return ""
    if len({round(float(t), 4) for _, t in cuts}) == 1 and len(cuts) == len(runs):
        return (f"Yes/no scores (F1, precision, recall, accuracy) are at threshold "
                f"{float(cuts[0][1]):.2f}, each run's own.")
    return ("Yes/no scores (F1, precision, recall, accuracy) are at each run's own threshold: "
            + ", ".join(f"#{i} at {float(t):.2f}" for i, t in cuts) + ".")


def decision_value(metric: str, value: float | None) -> str:
    """A decision-metric score as the PM reads it (money without decimals)."""
    if value is None:
        return "n/a"
    if metric == "value":
        return f"{value:,.0f} a month"
    return _value(metric, value)


def recorded_sentence(run_id: int | None) -> str:
    """What one click on "Retrain" added to the run history, said out loud."""
    if run_id is None:
        return "The retrained model was not recorded in the run history (see the warning)."
    return (f"Recorded the retrained model as run #{run_id} in the run history: one run per "
            "retrain. Its no-learning baseline was trained too but is not recorded.")


def retrain_sentence(decision: RetrainDecision, drift_verdict: str | None = None) -> str:
    """Keep, switch or either, with both scores on the same new rows and why it is "clearly"."""
    from mlpm.project.decision import METRIC_WORDS

    metric = decision.metric
    name = METRIC_WORDS.get(metric, metric_title(metric))
    new = decision_value(metric, decision.new_score)
    cut = at_threshold(decision.threshold)
    if decision.advice == "unknown" and not decision.retrained.problem.is_supervised:
        return ("**No keep/switch advice for groups.** Finding groups has no right answers to "
                "score both models on; the retrained groups score "
                f"{name} {new} on the new data. Compare their profiles on Evaluate.")
    if decision.advice == "unknown":
        return ("**No advice yet: the current model could not be scored on the new rows.** Its "
                "fitted model is not in this session and was not saved. The retrained model "
                f"scores {name} {new}{cut} on {decision.n_rows:,} new test rows. Save models on "
                "Run history to compare both on the same rows next time.")
    old = decision_value(metric, decision.old_score)
    gap = decision_value(metric, abs((decision.new_score or 0.0) - (decision.old_score or 0.0)))
    spread = decision_value(metric, decision.spread)
    bar = (f"the {spread} its score moves across cross-validation folds"
           if decision.spread_from_cv else f"{spread}, the smallest gap mlpm calls a difference")
    numbers = (f"{name} {new} for the retrained model vs {old} for the current one{cut}, "
               f"on the same new test rows ({decision.n_rows:,} rows)")
    if decision.advice == "switch":
        return (f"**Switch to the retrained model.** It scores clearly better: {numbers}. The gap "
                f"({gap}) is larger than {bar}.")
    if decision.advice == "keep":
        return (f"**Keep the current model.** The retrained one scores clearly worse: {numbers}. "
                f"The gap ({gap}) is larger than {bar}. Check the new data for problems before "
                "retraining again.")
    tail = (" The data has drifted a lot, so the retrained model is the safer choice."
            if drift_verdict == "retrain" else
            " Switching keeps the model in step with the newest data.")
    return (f"**Either model will do.** They score about the same: {numbers}. The gap ({gap}) is "
            f"within {bar}.{tail}")


# --- drift ----------------------------------------------------------------------------

DRIFT_TITLES = {
    "stable": "Little drift: the new data looks like the training data",
    "watch": "Some drift: keep using the model, but watch it",
    "retrain": "Major drift: retrain the model on the new data",
}
LEVEL_WORDS = {"stable": "stable", "moderate": "some change", "major": "major change",
               "type_changed": "type changed", "missing": "missing"}


def drift_summary(report: DriftReport) -> str:
    """The verdict in two sentences, naming the columns that moved."""
    moved = report.drifted
    names = ", ".join(f"'{md(c.column)}'" for c in moved[:4]) + ("…" if len(moved) > 4 else "")
    checked = len(report.columns) + len(report.missing_columns)
    text = {
        "stable": (f"None of the {checked} columns the model uses moved enough to matter. The "
                   "model should work on the new data as it did in testing; check again when "
                   "the next batch arrives."),
        "watch": (f"{len(moved)} of {checked} columns moved ({names}). The model still applies, "
                  "but its real-world scores may slip: retrain soon and compare."),
        "retrain": (f"{len(moved) + len(report.missing_columns)} of {checked} columns moved or "
                    f"changed ({names or ', '.join(map(md, report.missing_columns))}). The "
                    "model learnt "
                    "from data that no longer looks like today's: retrain it on the new data and "
                    "compare before trusting its predictions."),
    }[report.verdict]
    if report.missing_columns:
        text += (" Missing from the new file: "
                 + ", ".join(f"'{md(c)}'" for c in report.missing_columns)
                 + "; the model cannot score it without them.")
    if report.too_few_rows:
        text += f" Only {report.n_new} new rows: too few to be sure either way."
    return text


def column_sentence(item: ColumnDrift) -> str:
    """One column's change in plain words, e.g. "median went from 15 to 28 (major change)"."""
    what = f"{'the target ' if item.is_target else ''}'{md(item.column)}'"
    before = md(item.before)
    if item.level == "type_changed":
        return f"{what} held {before} in training but holds {md(item.after)} now."
    if item.before == item.after:
        moved = f"{before}, as before"
    elif item.kind == "number":
        moved = f"{before} → {md(item.after.removeprefix('median '))}"
    else:
        moved = f"{before} of rows → {md(item.after.split(' ')[-1])}"
    extra = f"; {md(item.detail)}" if item.detail else ""
    return f"{what}: {moved} ({LEVEL_WORDS[item.level]}, PSI {item.psi:.2f}){extra}."


DRIFT_HOW = ("Each column is checked twice: a statistical test (Kolmogorov-Smirnov for numbers, "
             "chi-squared for categories) asks whether the two files could come from the same "
             "source, and the Population Stability Index (PSI) measures how far the shares "
             "moved: under 0.1 is stable, 0.1-0.25 some change, over 0.25 a major change. A "
             "column counts as moved only when both agree. For numbers the p-value is "
             "approximate: only the training data's percentiles are kept, not every row, so the "
             "gap the test measures can be off by about one percentage point.")


# --- scoring --------------------------------------------------------------------------

def score_summary(summary: dict[str, object], target: str, task: str) -> str:
    rows = int(summary.get("rows", 0))  # type: ignore[arg-type]
    if task == "clustering":
        counts = summary.get("counts", {})
        parts = ", ".join(f"{md(k)}: {v:,}" for k, v in list(counts.items())[:8])  # type: ignore[union-attr]
        return f"Placed {rows:,} rows into the model's groups ({parts})."
    if task == "regression":
        return (f"Predicted '{md(target)}' for {rows:,} rows: on average {summary['mean']:,.2f} "
                f"(from {summary['min']:,.2f} to {summary['max']:,.2f}).")
    if "flagged" in summary:
        return (f"{int(summary['flagged']):,} of {rows:,} rows ({float(summary['flagged_share']):.0%}) "  # type: ignore[arg-type]
                f"are predicted '{md(summary['positive_label'])}' at threshold "
                f"{float(summary['threshold']):.2f}.")  # type: ignore[arg-type]
    counts = summary.get("counts", {})
    parts = ", ".join(f"{md(k)}: {v:,}" for k, v in list(counts.items())[:6])  # type: ignore[union-attr]
    return f"Predicted '{md(target)}' for {rows:,} rows ({parts})."


SCORE_PRIVACY = ("The file is scored in your session on this mlpm server and is not stored; "
                 "only the download you click leaves it.")


# --- shipping: the productization checklist --------------------------------------------

NOT_DECIDED = "Not decided yet"

CHECKLIST_ITEMS: list[dict[str, object]] = [
    {"key": "deployment", "title": "Deployment environment",
     "question": "Where will the model run?",
     "why": "Decides who builds and runs it, and how fast a prediction must come back.",
     "options": ["Inside our product (an API called per request)",
                 "A scheduled batch job (e.g. nightly scores written to a table)",
                 "A managed ML platform from our cloud or a vendor", NOT_DECIDED],
     "risky": [NOT_DECIDED]},
    {"key": "storage", "title": "Data storage",
     "question": "Where do training data, predictions and model files live, and for how long?",
     "why": "Retraining needs last month's data; audits need to know which model made which "
            "prediction.",
     "options": ["Our data warehouse", "A cloud storage bucket", "The product's own database",
                 NOT_DECIDED],
     "risky": [NOT_DECIDED]},
    {"key": "privacy", "title": "Security and privacy",
     "question": "Does the data hold personal information, and who may see the predictions?",
     "why": "Personal data needs a legal basis (e.g. consent), access control and a deletion "
            "plan; predictions about people can be personal data too.",
     "options": ["No personal data", "Personal data, reviewed with legal/privacy, access limited",
                 "Personal data, not reviewed yet", "Not sure"],
     "risky": ["Personal data, not reviewed yet", "Not sure"]},
    {"key": "monitoring", "title": "Monitoring and maintenance",
     "question": "Who watches the live scores and the data for drift, and how often?",
     "why": "Models fail silently: the data shifts and the predictions get worse without any "
            "error message.",
     "options": ["An automated dashboard with alerts, with a named owner",
                 "A monthly manual check (e.g. mlpm's Drift & retraining page)", "Nobody yet"],
     "risky": ["Nobody yet"]},
    {"key": "retraining", "title": "Retraining cadence",
     "question": "How often will the model be retrained on fresh data?",
     "why": "Customers, prices and behaviour change; a model only knows the past it was shown.",
     "options": ["Monthly", "Quarterly", "Whenever drift is found", "Never (one-off use)",
                 NOT_DECIDED],
     "risky": ["Never (one-off use)", NOT_DECIDED]},
    {"key": "uptime", "title": "Uptime and SLA",
     "question": "What happens when the model is down or slow?",
     "why": "The product must keep working: a simple rule or the previous answer is a good "
            "fallback.",
     "options": ["Fall back to a simple rule", "The feature is hidden until it is back",
                 "Critical: needs an SLA such as 99.9% uptime", NOT_DECIDED],
     "risky": [NOT_DECIDED]},
    {"key": "cost", "title": "Cost",
     "question": "What will it cost to build, run and maintain, and is that less than it earns?",
     "why": "Hosting, data pipelines and people's time add up; compare them with the value on "
            "the Evaluate page.",
     "options": ["Budgeted and approved", "Estimated, not budgeted yet", "Unknown"],
     "risky": ["Unknown"]},
]

CHECKLIST_INTRO = ("A model that works in a notebook is not yet a product. Answer each question "
                   "with your engineers; the answers go into the meeting pack, and open items "
                   "are listed as risks.")


def checklist_status(answered: int, total: int, risks: list[str]) -> str:
    if not answered:
        return f"None of the {total} questions answered yet."
    text = f"{answered} of {total} questions answered."
    if risks:
        text += " Open risks: " + "; ".join(risks) + "."
    elif answered == total:
        text += " No open risks: ready to plan the launch."
    return text


def recipe_sentence(model_name: str, target: str, positive_label: str | None, n_features: int,
                    split_words: str, complexity: float | None, threshold: float | None) -> str:
    """What "the same recipe" means for this run, in one line."""
    outcome = (f"'{md(target)}' = {md(positive_label)}" if positive_label
               else f"'{md(target)}'")
    knob = "" if not complexity else f" (complexity {complexity:g})"
    cut = "" if threshold is None else f", threshold {threshold:.2f}"
    return (f"Same recipe: {md(model_name)}{knob} predicting {outcome} from the same "
            f"{n_features} columns, split {md(split_words)}{cut}, plus the no-learning baseline.")


RETRAIN_HOW = ("Both models are scored on the same test rows of the new data. The retrained model "
               "never saw them; if the new file repeats rows the current model learnt from, it "
               "may have, which flatters the current model.")


SETTING_NAMES = {"test_size": "test share", "validation_size": "validation share",
                 "stratify": "stratified", "seed": "random seed", "train": "training rows",
                 "validation": "validation rows", "test": "test rows",
                 "dropped_missing_target": "rows left out (no target value)"}


def costs_sentence(costs: dict[str, object]) -> str:
    """The money settings a run was recorded with, or "" when none were entered."""
    amounts = {k: costs.get(k) for k in ("tp_value", "fp_cost", "fn_cost", "tn_value")}
    if not any(isinstance(v, int | float) and v for v in amounts.values()):
        return ""
    unit = md(costs.get("currency", ""))
    words = {"tp_value": "a caught case is worth", "fp_cost": "a false alarm costs",
             "fn_cost": "a missed case costs", "tn_value": "a correct 'no' is worth"}
    parts = [f"{words[k]} {unit}{float(v):,.0f}" for k, v in amounts.items()
             if isinstance(v, int | float) and v]
    cases = costs.get("cases_per_month")
    tail = f", {float(cases):,.0f} cases a month" if isinstance(cases, int | float) else ""
    return "Money settings: " + "; ".join(parts) + tail + "."


def cv_sentence(cv: dict[str, object]) -> str:
    """The cross-validated score in words, e.g. "Cross-validated F1 score: 0.514 ± 0.022 over 5
    folds of the training rows", or "" when none was recorded."""
    mean = cv.get("mean")
    if not isinstance(mean, int | float):
        return ""
    name = metric_title(str(cv.get("metric") or "score"))
    spread = cv.get("std")
    folds = cv.get("folds")
    text = f"Cross-validated {name}: {mean:.3f}"
    if isinstance(spread, int | float):
        text += f" ± {spread:.3f}"
    if isinstance(folds, list) and folds:
        text += f" over {len(folds)} folds of the training rows"
    return text + " (how much the score moves with the rows it is tested on)."
