"""Sentences of the problem, features, split and training steps, in the PM's own terms.

Computations live in :mod:`mlpm.model.problem`, :mod:`mlpm.model.features`, :mod:`mlpm.model.split`,
:mod:`mlpm.evaluate.leaderboard`, :mod:`mlpm.model.loss` and :mod:`mlpm.model.clustering`; they return numbers and
kinds, and every word the PM reads about them is written here.
"""

from __future__ import annotations

from collections.abc import Iterable

from mlpm.evaluate.leaderboard import Comparison
from mlpm.explain.safe import md, plain
from mlpm.explain.wording import plain_number
from mlpm.model.clustering import KScan
from mlpm.model.features import PcaInfo, PrepStep, Relevance
from mlpm.model.loss import LossPath
from mlpm.model.problem import Exclusion, Problem, TaskEvidence
from mlpm.model.rules import Condition, Rule
from mlpm.model.split import Split, SplitCheck
from mlpm.model.training import TrainedModel
from mlpm.project.decision import METRIC_WORDS, DecisionSettings
from mlpm.project.results import Results

# --- problem -----------------------------------------------------------------------------

SUPERVISED_VS_UNSUPERVISED = (
    "**Supervised learning** learns from examples that come with the answer: past customers "
    "*and* whether they churned. It then predicts the answer for new customers, and you can "
    "check how often it is right. **Unsupervised learning** (clustering) has no answer column: "
    "it finds groups of similar rows, for example kinds of customers. Nobody can tell you the "
    "groups are 'right'; you judge whether they are useful.")

NO_TARGET_LABEL = "(no target: find groups of similar rows)"


def _list(names: tuple[str, ...] | list[str], limit: int = 4) -> str:
    shown = [f"'{md(n)}'" for n in names[:limit]]
    more = len(names) - limit
    text = ", ".join(shown)
    return text + (f" and {more} more" if more > 0 else "")


EXCLUSION_PII_WORDS = {"email": "e-mail addresses", "phone": "phone numbers",
                       "card": "card numbers", "national_id": "national ID numbers",
                       "ip": "IP addresses", "person_name": "people's names"}

_EXCLUSION_WORDS = {
    "id": "looks like an ID (a different value on every row)",
    "constant": "has the same value on every row",
    "date": "is a date; if you include it, it is used as a number (days since 1 January 1970)",
    "codes": "codes or dates with too many different values to use as categories",
    "free_text": "is free text: see which words go with each outcome",
}


def exclusion_reason(exclusion: Exclusion, target: str) -> str:
    """Why a column is left out by default, in words a PM accepts (raw names: escape to show).

    >>> exclusion_reason(Exclusion("leak", "mirrors_values"), "churned")
    "is 'churned' under another name (leakage)"
    """
    if exclusion.kind == "personal_data":
        words = EXCLUSION_PII_WORDS.get(exclusion.detail, exclusion.detail.replace("_", " "))
        return f"holds personal data ({words})"
    if exclusion.kind == "leak":
        return _leak_reason(exclusion, target)
    return _EXCLUSION_WORDS[exclusion.kind]


def _leak_reason(leak: Exclusion, target: str) -> str:
    score = f"{leak.metric} {leak.score:.2f}" if leak.score is not None else ""
    if leak.detail == "name":
        shown = f" and predicts it strongly ({score})" if score else ""
        return (f"may give the answer away: its name mentions '{target}'{shown}, so it may be "
                "recorded after the outcome (leakage)")
    if leak.detail == "mirrors_values":
        return f"is '{target}' under another name (leakage)"
    shown = f" ({score})" if score else ""
    return (f"predicts '{target}' almost perfectly on its own{shown}, which usually means it is "
            "recorded after the outcome (leakage)")


def task_reason(evidence: TaskEvidence, target: str) -> str:
    """Why mlpm guessed this task for ``target``."""
    n, target = evidence.n_values, md(target)
    if evidence.task == "binary":
        return f"'{target}' has two values, so the model answers yes or no."
    if evidence.task == "multiclass":
        if not evidence.numeric:
            return f"'{target}' holds {n} different text values, so the model picks one of them."
        why = ("its name says it is a code" if evidence.name_hint == "code"
               else "there are only a few")
        return (f"'{target}' holds {n} whole numbers and {why}, so they are treated as "
                "categories (codes), not amounts. If they are amounts, choose 'number prediction'.")
    hint = " and its name suggests an amount" if evidence.name_hint == "amount" else ""
    return (f"'{target}' holds {n:,} different numbers{hint}, so the model predicts a number. "
            "If they are really codes for categories, choose 'pick one of several'.")


# --- features ----------------------------------------------------------------------------

def relevance_sentence(result: Relevance) -> str:
    """The strongest and the weakest columns, and the noise line."""
    ranked = result.ranked()
    measured = ranked[ranked["relevance"].notna()]
    if measured.empty:
        return "No column could be measured against the target."
    top = measured.iloc[0]
    weak = measured[measured["relevance"] <= max(result.noise, 1e-3)]["column"].tolist()
    text = f"'{md(top['column'])}' tells the most about '{md(result.target)}'."
    if weak:
        one = len(weak) == 1
        text += (f" {_list(weak)} tell{'s' if one else ''} no more than random noise on "
                 f"{'its' if one else 'their'} own; a model may still combine "
                 f"{'it' if one else 'them'} with others, but do not expect much.")
    return text


PREP_INTRO = ("Before any model sees the data, one preprocessing pipeline turns the table into "
              "numbers. It is fitted on the training rows only, so nothing about the test rows "
              "leaks into training:")


def preprocessing_sentence(step: PrepStep) -> str:
    """One preprocessing step in plain words."""
    cols = _list(step.columns)
    return {
        "dates": f"Dates ({cols}) become numbers: days since 1 January 1970.",
        "fill_numbers": f"Gaps in {cols} are filled with the middle value (median) of the "
                        "training rows.",
        "scale": f"Numbers ({cols}) are put on one scale (mean 0, spread 1), so a column in "
                 "euros does not outweigh one in years.",
        "fill_categories": f"Gaps in {cols} become their own value, '(missing)'.",
        "one_hot": f"Categories ({cols}) become {step.count} yes/no columns, one per value "
                   "('one-hot encoding').",
        "rare_categories": f"{cols} {'has' if len(step.columns) == 1 else 'have'} more than "
                           f"{step.count} values; the rarest are grouped as 'other'.",
        "words": f"Free text ({cols}) becomes word columns: the {step.count} most frequent "
                 "words (English filler words left out), each weighted by how often it appears "
                 "in a row and how rare it is overall (TF-IDF).",
        "pca": f"Everything is compressed into {step.count} summary columns (PCA).",
    }[step.kind]


PCA_EXPLAINED = (
    "**PCA (principal component analysis)** replaces many related columns with a few summary "
    "columns that keep most of the information (the variation between rows). Fewer columns "
    "can train faster and overfit less, but a summary column has no plain meaning, so you can "
    "no longer say which feature drove a prediction.")


def pca_sentence(info: PcaInfo, n: int) -> str:
    return (f"{n} component{'s' if n != 1 else ''} keep {info.kept(n):.0%} of the information "
            f"in the {info.n_columns} prepared columns.")


# --- split -------------------------------------------------------------------------------

VALIDATION_EXPLAINED = (
    "A **validation** part lets you compare settings and models without touching the test "
    "rows: **tune on validation, report on test, touch test once.** Every time you look at "
    "the test score and change something, the test rows become a little less 'never seen'.")

TIME_SPLIT_EXPLAINED = (
    "A model is used on *future* rows. Splitting by date trains on older rows and tests on "
    "newer ones, so the test score includes the effect of things changing over time. A "
    "random split would mix future rows into training and can flatter the model.")

CLUSTERING_SPLIT = (
    "Clustering has no right answer to check, so no rows need to be held back: every row "
    "helps find the groups. Press the button to use all rows.")


def split_summary(split: Split) -> str:
    counts = split.counts()
    text = (f"**{md(split.plan.describe())}**: models learn from {counts['train']:,} rows; the "
            f"score you will present comes from {counts['test']:,} rows they never saw.")
    if "validation" in counts:
        text += f" {counts['validation']:,} validation rows are kept for tuning."
    return text


def date_ranges_sentence(split: Split) -> str:
    parts = [f"{part} {md(start)} to {md(end)}" for part, (start, end) in split.date_ranges.items()]
    return "By date: " + "; ".join(parts) + "."


def split_check_sentence(check: SplitCheck, problem: Problem) -> tuple[str, str]:
    """(what is wrong, what to do) for one split check."""
    if check.kind == "shared_duplicates":
        share = check.count / check.total if check.total else 0
        return ((f"{check.count:,} test rows ({share:.0%}) are exact copies of training rows, so "
                "the test score flatters the model: it has already seen those answers."),
                "Remove duplicate rows on Data review, or split by date or by customer.")
    if check.kind == "small_test":
        step = 100 / check.count if check.count else 100
        return ((f"Only {check.count:,} test rows: one mistake more or less moves accuracy by "
                f"{step:.1f} points, so small differences between models mean little."),
                "Give the test part a larger share, or add rows.")
    if check.kind == "rare_class_in_test":
        step = 100 / check.count
        return ((f"Only {check.count} test rows have {md(problem.target)} = {md(check.label)}: "
                 f"each one moves recall for it by {step:.0f} points."),
                "Give the test part a larger share, or collect more of these cases.")
    if check.kind == "missing_class":
        return (f"The {check.part} part has no row with {md(problem.target)} = {md(check.label)}.",
                "Use a stratified split, or a larger share for that part.")
    return (f"Only {check.count:,} training rows: models will have little to learn from.",
            "Give the training part a larger share, or add rows.")


# --- rule and leaderboard ----------------------------------------------------------------

RULE_EXPLAINED = (
    "Write the rule you would use without ML, for example "
    "`if contract = Month-to-month and tenure_months < 6 then Yes`. It is scored exactly like "
    "a model, on the same test rows: if ML cannot beat it, you may not need ML.")

_OPS = {"=": "is", "!=": "is not", "<": "is below", "<=": "is at most", ">": "is above",
        ">=": "is at least", "in": "is one of", "not in": "is none of"}


def _value_words(condition: Condition) -> str:
    value = condition.value
    if isinstance(value, tuple):
        return ", ".join(_value_words_one(v) for v in value)
    return _value_words_one(value)


def _value_words_one(value: object) -> str:
    if isinstance(value, float):
        return plain_number(value, digits=6, trim=True)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")  # type: ignore[union-attr]
    return md(value)


def _answer(rule: Rule, value: object) -> str:
    if rule.task == "regression":
        return f"{md(rule.target)} = {plain_number(float(value), digits=6, trim=True)}"  # type: ignore[arg-type]
    return f"{md(rule.target)} = {md(value)}"


def rule_sentence(rule: Rule) -> str:
    """The parsed rule read back, so the PM can check mlpm understood it."""
    lines = []
    for i, clause in enumerate(rule.clauses):
        either = " **or** ".join(
            " and ".join(f"{md(c.column)} {_OPS[c.op]} {_value_words(c)}" for c in group)
            for group in clause.any_of)
        lead = "If" if i == 0 else "Else if"
        lines.append(f"{lead} {either}: **{_answer(rule, clause.outcome)}**.")
    if rule.otherwise is not None:
        lines.append(f"Otherwise: **{_answer(rule, rule.otherwise)}**.")
    else:
        lines.append("Otherwise: the most common answer of the training rows"
                     if rule.task != "regression" else "Otherwise: the training rows' average.")
    return "  \n".join(lines)


def sample_notice(trained_on: int, available: int) -> str:
    return (f"Trained on a sample of {trained_on:,} of the {available:,} training rows (same "
            "share of each outcome) to keep training quick. Test scores still use every test "
            "row. Tick 'Use every … training rows' to learn from all of them.")


def analysis_recommendation(results: Results) -> str:
    """The one-line decision of an analysis, from the same comparisons the Train page shows."""
    problem = results.analysis.problem
    if problem is None or not results.models:
        return "Collect the data and train a first model before deciding."
    if problem.task == "clustering":
        return _cluster_recommendation(results)
    return recommendation_sentence(results.best, results.comparison("baseline"),
                                   results.comparison("rule"), results.metric, results.settings)


def _cluster_recommendation(results: Results) -> str:
    board = results.board
    learners, baselines = board[~board["baseline"]], board[board["baseline"]]
    if learners.empty or baselines.empty:
        return "Train a model next to the baseline before deciding."
    best = learners.iloc[0]
    if best["score"] > baselines["score"].max() + 0.05:
        return f"Use {best['model']}'s groups: they are clearly better separated than random."
    return "Do not act on these groups yet: they are not clearly better than random ones."


def facts_json(results: Results) -> dict[str, object]:
    """``mlpm report --out facts.json``: :meth:`Results.facts` with the verdict in words
    (``recommendation``, after ``chosen_model``: the file's keys keep their order)."""
    out: dict[str, object] = {}
    for key, value in results.facts().items():
        out[key] = value
        if key == "chosen_model":
            out["recommendation"] = plain(analysis_recommendation(results))
    return out


def recommendation_sentence(best: TrainedModel | None, vs_nothing: Comparison | None,
                            vs_rule: Comparison | None, metric: str,
                            settings: DecisionSettings) -> str:
    """The decision in one line, from the same comparisons the Train page shows (one rule for
    "clearly": the gap beyond the cross-validated spread)."""
    if best is None or vs_nothing is None:
        return "Train a model next to the baseline before deciding."
    at = f" ({METRIC_WORDS.get(metric, metric)}"
    at += f" at threshold {vs_nothing.threshold:.2f})" if vs_nothing.threshold is not None \
        else ")"
    name = md(best.name)
    if vs_nothing.verdict != "better":
        return f"Do not build this yet: no model clearly beats doing nothing{at}."
    if vs_rule is None:
        return f"Pilot {name}: it clearly beats doing nothing{at}."
    if vs_rule.verdict == "better":
        return f"Pilot {name}: it clearly beats doing nothing and your rule{at}."
    if vs_rule.verdict == "too close":
        return (f"Start with your rule: {name} beats doing nothing but not clearly your rule"
                f"{at}, and a rule is simpler to run and explain.")
    return f"Keep your rule: it does better than {name}{at}."


def comparison_title(comparison: Comparison) -> str:
    """The verdict at a glance: "ML beats doing nothing" / "… your rule"."""
    other = "doing nothing" if comparison.other_kind == "baseline" else "your rule"
    return {"better": f"ML beats {other}", "worse": f"ML does not beat {other}",
            "too close": f"ML and {other}: too close to call"}[comparison.verdict]


def comparison_sentence(comparison: Comparison, problem: Problem) -> str:
    """The gap in counts a PM can repeat: "catches 31 more … per 1,000 cases than your rule"."""
    c = comparison
    other = ("the no-learning baseline" if c.other_kind == "baseline" else "your rule")
    if c.caught is not None:
        caught = _more_fewer(c.caught)
        alarms = _more_fewer(c.false_alarms or 0)
        text = (f"Per 1,000 cases, {md(c.best)} catches {caught} cases of "
                f"{md(problem.target)} = {md(problem.positive_label)} than {other}, with {alarms} "
                "false alarms")
        text += (f" (at your threshold of {c.threshold:.2f})." if c.threshold is not None
                 else ".")
    elif c.right is not None:
        text = (f"Per 1,000 cases, {md(c.best)} picks the right {md(problem.target)} for "
                f"{_more_fewer(c.right)} cases than {other}.")
    elif c.best_mae is not None and c.other_mae is not None:
        gap = c.other_mae - c.best_mae
        closer = "closer" if gap >= 0 else "further off"
        text = (f"{md(c.best)}'s predictions of {md(problem.target)} are off by {c.best_mae:,.0f} "
                f"on average, against {c.other_mae:,.0f} for {other}: {abs(gap):,.0f} {closer}.")
    else:
        text = ""
    units = c.metric in ("mae", "value")  # money and errors have units: whole numbers
    gap = (lambda v: f"{v:+,.0f}") if units else (lambda v: f"{v:+.2f}")
    if c.cv_disagrees:
        text += (f" But cross-validation on the training rows ranks them the other way round "
                 f"({gap(c.cv_gap or 0.0)}), so the difference may be luck.")
    elif c.verdict == "too close":
        spread = f"{c.spread:,.0f}" if units else f"{c.spread:.2f}"
        text += (f" The gap in the score ({gap(c.margin)}) is within the spread across "
                 f"cross-validation folds (±{spread}), so it may be luck.")
    return text.strip()


def _more_fewer(n: int) -> str:
    if n == 0:
        return "as many"
    return f"{abs(n):,} {'more' if n > 0 else 'fewer'}"


_PART = {2: "half", 3: "third", 4: "quarter", 5: "fifth", 6: "sixth", 7: "seventh",
         8: "eighth", 9: "ninth", 10: "tenth"}
_TIMES = {2: "twice", 3: "three times", 4: "four times", 5: "five times", 6: "six times",
          7: "seven times", 8: "eight times", 9: "nine times", 10: "ten times"}


def folds_used(models: Iterable[TrainedModel]) -> tuple[int, ...]:
    """The numbers of cross-validation folds the models really used (smallest first)."""
    return tuple(sorted({m.cv_folds for m in models if m.cv_folds}))


def folds_words(models: Iterable[TrainedModel]) -> str:
    """ "5 folds" / "3 folds" / "3 to 5 folds" (the folds really used)."""
    used = folds_used(models)
    if not used:
        return "cross-validation folds"
    return f"{used[0]} to {used[-1]} folds" if len(used) > 1 else f"{used[0]} folds"


def cv_explained(models: Iterable[TrainedModel] | int) -> str:
    """What the spread is, with the number of folds actually used (fewer than 5 when an outcome
    is rare: each fold needs at least one of its rows)."""
    used = (models,) if isinstance(models, int) else folds_used(models)
    if not used or not used[0]:
        return ("**Spread** is not shown: there were too few rows of the rarest outcome to "
                "cross-validate on the training rows.")
    if len(used) > 1:
        return (f"**Spread** comes from cross-validation on the training rows ({used[0]} to "
                f"{used[-1]} folds: fewer where an outcome is rare): each model is trained once "
                "per fold, each time checked on a different part it did not learn from. A small "
                "spread means the score is stable; differences smaller than the spread may be "
                "luck.")
    k = used[0]
    fewer = " (fewer than the usual 5: an outcome is too rare for more)" if k < 5 else ""
    part = f"a different {_PART[k]}" if k in _PART else f"a different one of {k} parts"
    return (f"**Spread** comes from {k}-fold cross-validation on the training rows{fewer}: each "
            f"model is trained {_TIMES.get(k, f'{k} times')}, each time checked on {part} it "
            "did not learn from. A small spread means the score is stable; differences smaller "
            "than the spread may be luck.")


# --- training made visible ---------------------------------------------------------------

def erm_paragraph(problem: Problem, path: LossPath) -> str:
    """Empirical risk minimisation, told with the PM's own target and rows."""
    if problem.is_classification:
        guess = (f"guesses, for each of the {path.n_train:,} training rows, how likely each "
                 f"value of '{md(problem.target)}' is")
        loss = ("The **loss** of a row is small when the model gave the real answer a high "
                "chance and large when it was confidently wrong (log loss).")
    else:
        guess = f"guesses '{md(problem.target)}' for each of the {path.n_train:,} training rows"
        loss = ("The **loss** of a row is the squared difference between the guess and the real "
                f"value; we show its square root (RMSE), in '{md(problem.target)}' units.")
    how = ("looks at a batch of rows and nudges every weight a little in the direction that "
           "lowers their loss" if path.method == "gradient"
           else "adds one small tree that corrects the errors the model still makes")
    return (f"**Training = guess, check, adjust.** The model {guess}. {loss} Training makes "
            f"the *average* loss over the training rows as small as it can: this average is "
            f"the **empirical risk**, and minimising it is all that 'learning' means. Each "
            f"step {how}. The blue line is that average on the training rows. The orange line "
            f"is the same loss on {path.n_validation:,} rows the model never learns from: it "
            "tells you whether lower error on known rows still means lower error on new ones.")


def _loss(value: float) -> str:
    return plain_number(value)


def loss_step_sentence(path: LossPath, step: int, problem: Problem) -> str:
    train, validation = path.at(step)
    unit = "" if problem.is_classification else f" ({md(problem.target)} units)"
    what = {"gradient": "gradient step", "boosting": "boosting round"}[path.method]
    if step == 0:
        start = ("equal chances for every answer" if path.method == "gradient"
                 and problem.is_classification else "the same guess for every row")
        return (f"Before learning, the model makes {start}: average loss {_loss(train)} on the "
                f"training rows, {_loss(validation)} on validation rows{unit}.")
    text = (f"After {what} {step}: average loss {_loss(train)} on training rows, "
            f"{_loss(validation)} on validation rows{unit}.")
    best = path.best_step
    best_train, best_validation = path.at(best)
    # Overfitting: validation clearly up since its best step while training still went down
    # (a wobble of single batches is not overfitting).
    if step > best and best_validation < validation * 0.97 and train < best_train * 0.95:
        text += (f" Validation loss was lowest at step {best} ({_loss(best_validation)}) and has "
                 "risen since, while the training loss kept falling: the model now memorises "
                 "training rows (overfitting), so a careful trainer stops there.")
    return text


def example_sentence(path: LossPath, step: int, problem: Problem) -> str:
    if path.example_row < 0 or not len(path.example_guess):
        return ""
    i = min(step, len(path.example_guess) - 1)
    now, start = float(path.example_guess[i]), float(path.example_guess[0])
    if problem.is_classification:
        return (f"Row {path.example_row + 1} is really {md(problem.target)} = "
                f"{md(path.example_actual)}. "
                f"The model's chance for that answer: {start:.0%} before learning, "
                f"{now:.0%} after step {step}.")
    return (f"Row {path.example_row + 1} really has {md(problem.target)} = "
            f"{md(path.example_actual)}. "
            f"The model's guess: {plain_number(start, digits=6, trim=True)} before learning, "
            f"{plain_number(now, digits=6, trim=True)} after step {step}.")


def clustering_sentence(board: object) -> str:
    """The best grouping against random groups, from a clustering leaderboard."""
    learnt = board[board["kind"] == "model"].dropna(subset=["score"])  # type: ignore[index]
    random = board[board["kind"] == "baseline"]  # type: ignore[index]
    if learnt.empty:
        return "No method found real groups: try another number of groups or other columns."
    best = learnt.iloc[0]
    text = (f"{md(best['model'])} finds the most clearly separated groups (silhouette "
            f"{best['score']:.2f}")
    if not random.empty and random["score"].notna().any():
        text += f", against {random['score'].iloc[0]:.2f} for groups dealt at random"
    text += ")."
    if best["score"] < 0.25:
        text += " The groups overlap a lot: treat them as rough segments."
    return text


# --- clustering --------------------------------------------------------------------------

K_EXPLAINED = (
    "k-means needs to be told how many groups to find (k). Two measures help: the **elbow** "
    "(left) shows how much tighter the groups get with each extra group; past the bend, more "
    "groups add detail but little clarity. The **silhouette** (right) says how clearly rows "
    "sit in their own group rather than the nearest other (from -1 to 1; above 0.5 is clear).")


def k_choice_sentence(scan: KScan) -> str:
    score = dict(zip(scan.ks.tolist(), scan.silhouette.tolist(), strict=True))
    best, elbow, pick = scan.best_k, scan.elbow_k, scan.suggested_k
    text = (f"The groups are most clearly separated at k = {best} (silhouette "
            f"{score[best]:.2f}); the elbow is at k = {elbow} (silhouette {score[elbow]:.2f}).")
    if best == elbow:
        return text.replace("; the elbow is at", ", which is also the elbow at") + \
            f" We suggest k = {pick}."
    why = ("more detailed groups at almost the same separation" if pick == elbow
           else "the elbow's groups are clearly less separated")
    return f"{text} We suggest k = {pick}: {why}."


TEXT_NOT_IN_CHART = (
    "Not in the chart above: every row's text is different, so the column as a whole says "
    "nothing; its words do, and a model reads them one by one.")


def word_links_sentence(column: str, target: str, label: str, links: list) -> str:
    """The words that come with one outcome, in one sentence (Markdown; names escaped)."""
    if not links:
        return (f"No word of '{md(column)}' comes with {md(target)} = {md(label)} more often "
                "than usual.")
    first, rest = links[0], links[1:6]
    sentence = (f"Rows of '{md(column)}' that say **{md(first.word)}** end in {md(target)} = "
                f"{md(label)} {first.lift:.1f}× as often as rows overall ({first.share:.0%} of "
                f"{first.rows:,} rows)")
    if rest:
        sentence += "; then " + ", ".join(f"{md(w.word)} ({w.lift:.1f}×)" for w in rest)
    return sentence + "."
