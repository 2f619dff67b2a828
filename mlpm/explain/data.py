"""Every sentence of the Data review step: readiness lights, alerts, cleaning steps, charts.

Computations in :mod:`mlpm.data` return numbers; the words a PM reads are made here, so they
can be reviewed in one place. Short sentences, product words, one figure each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlpm.explain.safe import md, plain
from mlpm.explain.wording import plain_number

if TYPE_CHECKING:
    from mlpm.data.alerts import Alert
    from mlpm.data.clean import CleaningStep
    from mlpm.data.quality import QualityReport
    from mlpm.data.readiness import Readiness, ReadinessItem
    from mlpm.data.triage import AlertGroup

# --- readiness ----------------------------------------------------------------------------

READINESS_TITLES: dict[str, str] = {
    "sufficient": "Enough data",
    "fresh": "Fresh",
    "representative": "Representative",
    "unbiased": "Unbiased",
    "private": "Private",
    "quality": "Clean",
}
READINESS_QUESTIONS: dict[str, str] = {
    "sufficient": "Are there enough examples of every outcome to learn from?",
    "fresh": "Is the data recent enough to describe today's customers?",
    "representative": "Does it cover the situations the model will meet?",
    "unbiased": "Do outcomes differ a lot between groups of people?",
    "private": "Does it hold personal data that needs care?",
    "quality": "How many gaps and copies are there?",
}
STATUS_LABELS: dict[str, str] = {"good": "Looks fine", "warn": "Check this", "bad": "Problem",
                                 "unknown": "Cannot tell"}
STATUS_ICONS: dict[str, str] = {"good": ":material/check_circle:", "warn": ":material/warning:",
                                "bad": ":material/cancel:", "unknown": ":material/help:"}
STATUS_COLOURS: dict[str, str] = {"good": "green", "warn": "orange", "bad": "red",
                                  "unknown": "gray"}

FRESH_UNKNOWN = "No date column found, so mlpm cannot tell how recent the data is."
REPRESENTATIVE_UNKNOWN = ("No date or category columns to check coverage against; ask who and "
                          "what period these rows describe.")
UNBIASED_NO_COLUMNS = ("No columns like gender, age or ethnicity found, so mlpm cannot compare "
                       "outcomes across groups of people.")
PRIVATE_NONE = "No emails, phone numbers, ID numbers, card numbers or names found."


def _rows(n: float) -> str:
    return f"{n:,.0f} row" + ("" if round(n) == 1 else "s")


def sufficient_classes(smallest: int, label: object, per_feature: float) -> str:
    return (f"{_rows(smallest)} at the smallest class ('{md(label)}') and {per_feature:,.0f} rows "
            "per feature.")


def sufficient_rows(rows: int, per_feature: float, *, has_target: bool) -> str:
    what = "with a known target" if has_target else "in total"
    return f"{_rows(rows)} {what} and {per_feature:,.0f} rows per feature."


def fresh_headline(column: str, age_days: int) -> str:
    if age_days == 0:
        return f"The newest date in '{md(column)}' is today."
    return (f"The newest date in '{md(column)}' is {age_days:,} "
            f"day{'s' if age_days != 1 else ''} old.")


def _span(days: int) -> str:
    if days >= 60:
        return f"{days / 30.44:.0f} months"
    return f"{days} day{'s' if days != 1 else ''}"


def representative_headline(span_days: int | None, date_column: object,
                            rare: dict[str, int], rare_share: float) -> str:
    parts = []
    if span_days is not None:
        parts.append(f"The rows span {_span(span_days)} of '{md(date_column)}'")
    if rare:
        worst = max(rare, key=rare.get)
        parts.append(f"{rare[worst]} value{'s' if rare[worst] != 1 else ''} of '{md(worst)}' "
                     f"{'have' if rare[worst] != 1 else 'has'} fewer than 10 rows "
                     f"({rare_share:.1%} of rows sit in such rare values)")
    elif span_days is not None:
        parts.append("every category has at least 10 rows")
    else:
        parts.append("Every category has at least 10 rows")
    return "; ".join(parts) + "."


def unbiased_no_target(sensitive: list[str]) -> str:
    return (f"Columns about people ({_names(sensitive)}) are present; choose a target to compare "
            "outcomes across them.")


def unbiased_small_groups(sensitive: list[str]) -> str:
    return (f"Groups in {_names(sensitive)} are too small (under 20 rows) to compare outcomes "
            "fairly.")


def population(checked: int, total: int) -> str:
    """Which rows a light was measured on: "on all 1,200 rows" / "on a 50,000-row sample of the
    150,000 rows"."""
    if checked >= total:
        return f"on all {total:,} row{'' if total == 1 else 's'}"
    return f"on a {checked:,}-row sample of the {total:,} rows"


def unbiased_headline(target: str, positive: str | None, worst: dict[str, object],
                      classification: bool, *, checked: int = 0, total: int = 0) -> str:
    column = md(worst["column"])
    low, high = md(worst["low_group"]), md(worst["high_group"])
    where = f" (measured {population(checked, total)})" if total else ""
    if classification:
        return (f"'{md(target)}' = {md(positive)} on {worst['low']:.0%} of rows where {column} = "
                f"{low} but {worst['high']:.0%} where {column} = {high}{where}.")
    return (f"The average '{md(target)}' is {plain_number(worst['low'], digits=4, trim=True)} "
            f"where {column} = {low} but {plain_number(worst['high'], digits=4, trim=True)} "
            f"where {column} = {high}{where}.")


PII_WORDS: dict[str, str] = {"email": "emails", "phone": "phone numbers",
                             "card": "card numbers", "national_id": "national ID numbers",
                             "ip": "IP addresses", "person_name": "people's names"}


def private_headline(by_kind: dict[str, list[str]]) -> str:
    parts = [f"{PII_WORDS[kind]} in {_names(columns)}" for kind, columns in by_kind.items()]
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _share(share: float) -> str:
    if share == 0:
        return "none"
    return "under 0.1%" if share < 0.001 else f"{share:.1%}"


def quality_headline(missing_share: float, duplicate_share: float) -> str:
    cells = _share(missing_share)
    rows = _share(duplicate_share)
    return (f"{cells[0].upper() + cells[1:]} of the cells {'is' if cells == 'none' else 'are'} "
            f"empty and {rows} of the rows {'is an' if rows == 'none' else 'are'} exact "
            f"cop{'y' if rows == 'none' else 'ies'}.")


def quality_alerts(count: int, kinds: list[str], columns: list[str]) -> str:
    """The review's "Fix before training" alerts, in the Clean light's sentence."""
    what = ", ".join(KIND_LABELS.get(k, k).lower() for k in kinds)
    where = f" in {_names(columns)}" if columns else ""
    return (f"But the review found {count} problem{'' if count == 1 else 's'} to fix before "
            f"training ({what}{where}).")


_READINESS_WORDS: dict[str, Callable[..., str]] = {
    "sufficient_classes": sufficient_classes, "sufficient_rows": sufficient_rows,
    "fresh_unknown": lambda: FRESH_UNKNOWN, "fresh": fresh_headline,
    "representative_unknown": lambda: REPRESENTATIVE_UNKNOWN,
    "representative": representative_headline,
    "unbiased_no_columns": lambda: UNBIASED_NO_COLUMNS, "unbiased_no_target": unbiased_no_target,
    "unbiased_small_groups": unbiased_small_groups, "unbiased": unbiased_headline,
    "private_none": lambda: PRIVATE_NONE, "private": private_headline,
    "quality": quality_headline,
}


def readiness_headline(item: ReadinessItem) -> str:
    """A light's one sentence (Markdown, the PM's names escaped), from its wording and facts;
    the Clean light adds the review's "Fix before training" alerts when it has them."""
    facts = dict(item.facts)
    to_fix = facts.pop("to_fix", None)
    text = _READINESS_WORDS[item.wording](**facts)
    return f"{text} {quality_alerts(**to_fix)}" if isinstance(to_fix, dict) else text


@dataclass(frozen=True)
class Light:
    """A readiness light as the PM reads it: what "Should we use ML?" puts beside the answers
    (``mlpm.decide.data_answers.EvidenceItem``)."""

    key: str
    status: str
    headline: str
    evidence: dict[str, object]


def readiness_lights(readiness: Readiness | None) -> dict[str, Light]:
    """Every light of a review with its sentence (none without a review)."""
    if readiness is None:
        return {}
    return {key: Light(key, item.status, readiness_headline(item), dict(item.evidence))
            for key, item in readiness.items.items()}


def readiness_summary(items: list[ReadinessItem]) -> str:
    """The pack's one line over all lights: "4 of 5 data checks look fine; check: Fresh."."""
    fine = sum(i.status == "good" for i in items)
    headline = f"{fine} of {len(items)} data checks look fine"
    problems = [READINESS_TITLES[i.key] for i in items if i.status == "bad"]
    checks = [READINESS_TITLES[i.key] for i in items if i.status == "warn"]
    if problems:
        headline += f"; problem: {', '.join(problems)}"
    if checks:
        headline += f"; check: {', '.join(checks)}"
    return headline + "."


def readiness_json(readiness: Readiness) -> dict[str, object]:
    """``mlpm review --json``'s "readiness": each light with its sentence as plain text."""
    return {key: {"key": item.key, "status": item.status,
                  "headline": plain(readiness_headline(item)),
                  "evidence": item.plain_evidence()}
            for key, item in readiness.items.items()}


def _names(columns: list[str], limit: int = 3) -> str:
    quoted = [f"'{md(c)}'" for c in columns[:limit]]
    more = len(columns) - limit
    text = ", ".join(quoted)
    return text + (f" and {more} more" if more > 0 else "")


# --- alerts -------------------------------------------------------------------------------
# Each function returns (message, action): what we found, in one plain sentence with the
# figure, and what to do about it.

KIND_LABELS: dict[str, str] = {
    "missing": "Missing values", "empty": "Empty column", "constant": "Same value everywhere",
    "duplicates": "Duplicate rows", "unique": "Every value different", "id_like": "Looks like an ID",
    "free_text": "Free text",
    "high_cardinality": "Many different values", "imbalance": "One value dominates",
    "skewed": "Long tail", "zeros": "Many zeros", "infinite": "Infinite values",
    "high_correlation": "Columns that move together", "mixed_types": "Numbers mixed with words",
    "numbers_as_text": "Numbers stored as text", "dates_as_text": "Dates stored as text",
    "disguised_missing": "Hidden missing values", "inconsistent_categories": "Same answer, different spellings",
    "outliers": "Values far outside the usual range", "pii": "Personal data",
    "formula_like": "Text a spreadsheet would run",
    "target_missing": "Target missing", "target_imbalance": "Rare outcome",
    "single_class_target": "Only one outcome", "too_many_classes": "Too many outcomes",
    "conflicting_labels": "Same case, different answers", "leakage": "Too good to be true",
}


def _pct(share: float, whole_from: float = 0.1) -> str:
    """A share as a percentage that never rounds to 0% or 100% when it is not exactly that:
    99.6% stays "99.6%", 99.97% is "over 99.9%", 0.04% is "under 0.1%". Whole percentages
    from ``whole_from`` up (one decimal below it)."""
    if 0 < share < 0.001:
        return "under 0.1%"
    if 0.999 < share < 1:
        return "over 99.9%"
    if share == 1 or (share >= whole_from and f"{share:.0%}" != "100%"):
        return f"{share:.0%}"
    return f"{share:.1%}"


def _quote_values(values: list[object], limit: int = 3) -> str:
    shown = [f"'{md(v)}'" for v in values[:limit]]
    if len(values) > limit:
        shown.append(f"{len(values) - limit} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _num(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return plain_number(value, digits=4, trim=True)


def alert_empty(column: str) -> tuple[str, str]:
    return (f"'{md(column)}' is empty on every row.", "Drop the column; it carries no information.")


def alert_missing(column: str, share: float, count: int) -> tuple[str, str]:
    message = f"'{md(column)}' is missing on {_pct(share, 0.05)} of rows ({count:,})."
    if share < 0.05:
        return message, "Usually fine: gaps are filled automatically before training."
    if share >= 0.6:
        return message, "Drop the column: with most values missing it mostly adds noise."
    return message, ("Fill the gaps (median or most common value), or ask why they are missing: "
                     "the reason itself can matter.")


def alert_constant(column: str, value: object) -> tuple[str, str]:
    return ((f"'{md(column)}' has the same value ('{md(value)}') on every row, so it cannot help "
             "tell cases apart."), "Drop the column.")


def alert_duplicates(count: int, share: float, expected: float = 0.0) -> tuple[str, str]:
    chance = (f" By chance alone about {expected:,.0f} would be expected."
              if expected >= 1 else "")
    return (f"{count:,} rows ({_pct(share, 2)}) are exact copies of another row.{chance}",
            "Drop the duplicate rows so the same case cannot land in both training and test.")


def alert_id_like(column: str) -> tuple[str, str]:
    return (f"'{md(column)}' has a different value on nearly every row: it looks like an ID.",
            ("Leave it out of the features (mlpm does by default); an ID cannot predict anything "
            "new."))


def alert_unique(column: str) -> tuple[str, str]:
    return (f"Every row has its own value of '{md(column)}' (names or labels, not categories).",
            ("Leave it out of the features (mlpm does by default), or turn it into categories "
            "first."))


def alert_free_text(column: str, typical_words: int) -> tuple[str, str]:
    return ((f"'{md(column)}' is free text (about {typical_words} words on a typical row): "
             "models read its words, each weighted by how often it appears in a row and how "
             "rare it is overall (TF-IDF)."),
            ("Nothing to do. Problem & features shows which words come with each outcome; "
             "leave the column out if its words are written after the outcome (a resolution "
             "note, say)."))


def alert_high_cardinality(column: str, distinct: int, top_share: float) -> tuple[str, str]:
    return ((f"'{md(column)}' has {distinct:,} different values; the 20 most common cover "
            f"{_pct(top_share)} of rows."),
            ("Group rare values into 'Other' or leave the column out: a model learns little about "
            "a value it sees only a few times."))


def alert_imbalance(column: str, value: object, share: float, others: int) -> tuple[str, str]:
    rest = "the other value makes up" if others == 1 else f"the other {others} values share"
    return (f"'{md(column)}' is '{md(value)}' on {_pct(share)} of rows; {rest} the rest.",
            "Check this is expected. Rare values give a model few examples to learn from.")


def alert_skewed(column: str, skew: float, median: float, maximum: float) -> tuple[str, str]:
    return ((f"'{md(column)}' has a long tail: the typical value is {_num(median)} but the "
             f"largest is {_num(maximum)} (skewness {skew:.1f})."),
            ("Check the largest values are real. Tree models cope; for a linear model use a log "
            "scale."))


def alert_zeros(column: str, share: float, count: int) -> tuple[str, str]:
    return (f"'{md(column)}' is 0 on {_pct(share)} of rows ({count:,}).",
            ("Check that 0 means a real zero and not 'unknown'; if it means unknown, mark it as "
            "missing."))


def alert_infinite(column: str, count: int) -> tuple[str, str]:
    return ((f"'{md(column)}' holds {count:,} infinite value{'s' if count != 1 else ''} (often a "
            "division by zero in the export)."), ("Mark them as missing, or fix the formula that "
            "made them."))


def alert_high_correlation(first: str, second: str, value: float, method: str) -> tuple[str, str]:
    how = "correlation" if method == "pearson" else "association"
    return ((f"'{md(first)}' and '{md(second)}' move together ({how} {value:.2f}): they carry the "
             "same information."),
            (f"Keep one of them (e.g. drop '{md(second)}'); two copies make a model harder to "
             "explain."))


def alert_mixed_types(column: str, share: float, examples: list[object]) -> tuple[str, str]:
    example = f", the rest are words such as {_quote_values(examples, 2)}" if examples else ""
    return ((f"'{md(column)}' mixes numbers and words: {_pct(share)} of values are "
            f"numbers{example}."),
            "Decide which it should be. Converting to numbers turns the words into gaps.")


def alert_numbers_as_text(column: str, examples: list[object]) -> tuple[str, str]:
    example = f" (e.g. {_quote_values(examples, 2)})" if examples else ""
    return ((f"'{md(column)}' holds numbers written as text{example}, so they cannot be averaged "
             "or compared."), "Convert to numbers; anything that is not a number becomes missing.")


def alert_dates_as_text(column: str, example: object) -> tuple[str, str]:
    return (f"'{md(column)}' holds dates written as text (e.g. '{md(example)}').",
            ("Convert to dates so mlpm can measure how fresh the data is and what period it "
            "covers."))


def alert_disguised_missing(column: str, values: list[object], count: int,
                            share: float) -> tuple[str, str]:
    return ((f"'{md(column)}' uses {_quote_values(values)} on {count:,} rows ({_pct(share)}): that "
            "looks like 'unknown' written as a value."),
            "Mark these as missing so they do not pass for real answers or distort averages.")


def alert_inconsistent_categories(column: str, groups: list[list[object]]) -> tuple[str, str]:
    first = _quote_values(groups[0], 4)
    more = f" (and {len(groups) - 1} more group{'s' if len(groups) > 2 else ''})" \
        if len(groups) > 1 else ""
    return (f"In '{md(column)}', {first} look like the same answer spelled differently{more}.",
            "Merge the spellings, or a model treats them as different answers.")


def alert_outliers(column: str, count: int, low: float, high: float,
                   furthest: float) -> tuple[str, str]:
    return ((f"'{md(column)}' has {count:,} value{'s' if count != 1 else ''} far outside the usual "
            f"range of {_num(low)} to {_num(high)} (furthest: {_num(furthest)})."),
            "Check them for typos or mixed units (cents vs euros). Real extreme values can stay.")


def alert_pii(column: str, kinds: list[str]) -> tuple[str, str]:
    what = " and ".join(PII_WORDS[k] for k in kinds)
    return (f"'{md(column)}' holds {what}: personal data.",
            ("Drop it unless you truly need it: personal data needs a legal basis, and it rarely "
            "helps a prediction."))


def _cell_example(value: str) -> str:
    """A cell as it can be quoted in one line: tab and line break shown, long text cut."""
    shown = value.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    return shown if len(shown) <= 30 else shown[:29] + "…"


def alert_formula_like(column: str, cells: int, numbers: int,
                       examples: list[str]) -> tuple[str, str]:
    """Cells a spreadsheet would take for formulas (CSV injection); ``numbers`` of them are
    plain signed numbers such as '-5', which it reads as numbers instead."""
    shown = _quote_values([_cell_example(v) for v in examples], 2)
    s = "s" if cells != 1 else ""
    if numbers == cells:
        return ((f"{cells:,} cell{s} of '{md(column)}' start{'' if s else 's'} with a sign "
                 f"(e.g. {shown}): numbers written as text, which a spreadsheet reads as "
                 "numbers, not formulas. mlpm's downloads still mark them as text."),
                "Nothing to fix. If the column holds numbers, convert it to numbers.")
    harmless = (f" ({numbers:,} of them plain signed numbers such as '-5', which are harmless)"
                if numbers else "")
    return ((f"{cells:,} cell{s} of '{md(column)}' would run as formula{s} in a spreadsheet "
             f"(e.g. {shown}){harmless}; mlpm's downloads neutralise them."),
            ("Nothing to fix in mlpm. Take care when opening the original file in Excel or "
             "Sheets, and ask where these values came from: text that starts with '=', '+', "
             "'-' or '@' can be an attack ('CSV injection')."))


def alert_target_missing(target: str, count: int, share: float) -> tuple[str, str]:
    return (f"The target '{md(target)}' is missing on {count:,} rows ({_pct(share)}).",
            ("Those rows will be left out of training and testing; drop them to make that "
            "explicit."))


def alert_single_class(target: str) -> tuple[str, str]:
    return (f"The target '{md(target)}' has only one value, so there is nothing to learn.",
            "Pick another target or add rows with the other outcomes.")


def alert_too_many_classes(target: str, classes: int, limit: int) -> tuple[str, str]:
    return ((f"The target '{md(target)}' has {classes:,} different values; more than {limit} is "
             "too many to learn as categories."),
            "Group the values into a few outcomes, or pick a numeric target.")


def alert_target_imbalance(target: str, label: object, share: float) -> tuple[str, str]:
    return ((f"Only {share:.1%} of rows are '{md(label)}'. Accuracy will look high even for a "
             "model that never predicts it."),
            "Judge models by precision and recall on the rare class, not accuracy.")


def alert_conflicting_labels(target: str, rows: int, groups: int) -> tuple[str, str]:
    return ((f"{rows:,} rows in {groups:,} group{'s' if groups != 1 else ''} have identical "
            f"features but a different '{md(target)}'."),
            ("No model can get all of these right. Check for labelling mistakes, or add a column "
            "that tells these cases apart."))


def alert_leakage(target: str, column: str, reason: str, score: float | None,
                  metric: str) -> tuple[str, str]:
    if reason == "mirrors_values":
        message = (f"'{md(column)}' is the target '{md(target)}' under another name (a "
                   "one-to-one recoding).")
    elif reason == "predicts":
        message = (f"'{md(column)}' alone predicts '{md(target)}' almost perfectly ({metric} "
                   f"{score:.2f} on rows it did not learn from): too good to be true.")
    else:
        evidence = f" and predicts it strongly on its own ({metric} {score:.2f})" \
            if score is not None else ""
        message = (f"'{md(column)}' shares a word with the target's name{evidence}; it may be "
                   "recorded after the outcome is known.")
    return message, (f"Drop '{md(column)}' unless you are sure it is known before '{md(target)}' "
                     "happens; otherwise the model will look great in testing and fail in real use.")


# --- cleaning -------------------------------------------------------------------------------

FILL_WORDS: dict[str, str] = {"median": "the median", "mean": "the average",
                              "most_common": "the most common value", "value": "a fixed value"}


def cleaning_step(step: CleaningStep) -> str:
    """One sentence (Markdown, names escaped): what a cleaning step does."""
    action, columns, options = step.action, list(step.columns), step.options
    names = _names(columns, 4)
    if action == "drop_columns":
        return f"Drop {names}."
    if action == "drop_duplicates":
        return "Drop duplicate rows" + (f" (same {names})." if columns else ".")
    if action == "fill_missing":
        method = str(options.get("method", "median"))
        how = FILL_WORDS.get(method, method)
        if method == "value":
            how = f"'{md(options.get('value'))}'"
        return f"Fill missing values in {names} with {how}."
    if action == "drop_missing_rows":
        return f"Drop rows where {names} {'is' if len(columns) == 1 else 'are'} missing."
    if action == "to_number":
        return f"Convert {names} to numbers."
    if action == "to_date":
        return f"Convert {names} to dates."
    if action == "merge_categories":
        mapping = dict(options.get("mapping", {}))  # type: ignore[call-overload]
        targets = sorted({str(v) for v in mapping.values()})
        return (f"Merge {len(mapping)} spelling{'s' if len(mapping) != 1 else ''} in {names} "
                f"into {_quote_values(targets)}.")
    if action == "replace_with_missing":
        values = list(options.get("values", []))  # type: ignore[call-overload]
        return f"Mark {_quote_values(values)} in {names} as missing."
    return f"{md(action)} on {names}."


# --- page --------------------------------------------------------------------------------

PAGE_TITLE = "Data review"
PAGE_INTRO = ("Load the table your analyst exported. mlpm lists what is missing, odd or risky, "
              "fixes what it can in one click, and you choose the column you want to predict.")
TAB_UPLOAD = ":material/upload_file: Upload a file"
TAB_PATH = ":material/folder_open: Open a file on this computer"
TAB_SAMPLE = ":material/dataset: Use a sample"
UPLOAD_LABEL = "A table: CSV, TSV or TXT (also .gz or .zip), Excel .xlsx, or Parquet"
PATH_LABEL = "File in that folder"
SHEET_LABEL = "Sheet of the workbook"
SHEET_HELP = ("This workbook has several sheets. mlpm read the first; pick the one that holds "
              "the table, with its column names in the first row.")
PATH_PLACEHOLDER = "exports/customers.csv"
PATH_BUTTON = "Open this file"
SKIP_BUTTON = "Load anyway, skipping the lines that do not fit"
RENAME_BUTTON = "Load anyway, renaming the columns"
READINESS_HEADING = "Is this data ready for ML?"
READINESS_CAPTION = ("Measured on the table itself. The 'Should we use ML?' page shows these next "
                     "to your own answers.")
ALERTS_HEADING = "What needs attention"
NO_ALERTS = "No problems found in this table."
ONLY_LOW_ALERTS = "Nothing that needs fixing; a few things are good to know (below)."
CLEANING_HEADING = "Cleaning steps"
CLEANING_NONE = ("No cleaning yet: the table is as loaded. Use the Fix buttons above, or clean by "
                 "hand below.")
CLEANING_CAPTION = ("Each step makes a new data version. Your split and models show as out of "
                    "date until you redo them on the cleaned data.")
UNDO_BUTTON = "Undo last step"
RESET_BUTTON = "Start over from the file"
MANUAL_HEADING = "Clean by hand"
MANUAL_ACTIONS: dict[str, str] = {
    "drop_columns": "Drop columns", "drop_duplicates": "Drop duplicate rows",
    "fill_missing": "Fill missing values", "drop_missing_rows": "Drop rows with missing values",
    "to_number": "Convert to numbers", "to_date": "Convert to dates",
    "replace_with_missing": "Mark values as missing",
}
APPLY_BUTTON = "Apply"
LOOK_HEADING = "Look closer"
TAB_COLUMNS = "Columns"
TAB_MISSING = "Missing values"
TAB_DISTRIBUTION = "One column"
TAB_CORRELATION = "Correlations"
TAB_BALANCE = "Target balance"
COLUMNS_CAPTION = "Type says how mlpm treats each column; 'Missing' is the share of empty cells."
MISSING_CAPTION = ("Gaps are filled automatically before training; many gaps weaken a column, and "
                   "a column that is mostly empty is better dropped.")
NO_MISSING = "No column has missing values."
DISTRIBUTION_LABEL = "Column to look at"
CORRELATION_CAPTION = ("Numbers near 1 or -1 mean two columns rise and fall together: they tell the "
                       "model the same thing twice. Near 0 means unrelated.")
NO_CORRELATION = "Fewer than two numeric columns, so there is nothing to compare."
BALANCE_CAPTION = "If one value is rare, a model can look accurate while never predicting it."
BALANCE_NEEDS_TARGET = "Choose a yes/no or category target above to see how balanced it is."


def upload_help(limit_mb: int) -> str:
    return (f"Files up to {limit_mb} MB. The data stays on this server, in your session only. "
            "For bigger files, use 'Open a file on this computer'.")


def upload_limit(limit_mb: int) -> str:
    return (f"Upload limit: {limit_mb} MB per file (set in .streamlit/config.toml). Nothing is "
            "sent anywhere else.")


def kept_earlier(name: str) -> str:
    return f"Nothing was lost: still using **{md(name)}**, loaded before."


def loaded_toast(name: str, rows: int) -> str:
    return f"Loaded {md(name)}: {rows:,} rows"


def version_caption(version: str, note: str) -> str:
    return (f"Data version `{version}`: a fingerprint of the content. Any change to the data gives "
            "a new version, so every result says which data it used." + (f" {md(note)}." if note else ""))


# One line per kind of finding the page does not lead with (issue 15: triage).
GROUP_SENTENCES: dict[str, str] = {
    "zeros": "{n} {are} often zero ({names}): normal for counts and optional features such as "
             "pools and porches.",
    "imbalance": "In {n}, one value dominates ({names}): common for rare options.",
    "skewed": "{n} {have} a long tail of large values ({names}): tree models cope.",
    "outliers": "{n} {have} a few values far from the rest ({names}): check for typos; real "
                "extremes can stay.",
    "missing": "{n} {have} a few gaps ({names}): filled automatically before training.",
    "id_like": "{n} {look} like IDs ({names}): left out of the features by default.",
    "unique": "{n} {hold} names or labels that differ on every row ({names}): left out of the "
              "features by default.",
    "free_text": "{n} {hold} free text ({names}): models read its words.",
    "high_cardinality": "{n} {have} many different values ({names}).",
    "dates_as_text": "{n} {hold} dates written as text ({names}).",
    "formula_like": "{n} {hold} text a spreadsheet would run ({names}); mlpm's downloads "
                    "neutralise it.",
    "constant": "{n} {have} the same value on every row ({names}).",
}
LEAD_HEADING = "Start with these"
LEAD_NONE = "Nothing here changes what a model learns or how to read its score."


def group_sentence(kind: str, columns: list[str], count: int, *, minor: bool = True) -> str:
    """One line for ``count`` findings of one kind ("14 columns are often zero ..."); the
    reassuring sentence only when every one of them is ``minor`` (the rest did not fit the
    lead)."""
    unique = list(dict.fromkeys(columns))
    template = GROUP_SENTENCES.get(kind) if minor else None
    if template is None or not unique:
        label = KIND_LABELS.get(kind, kind)
        where = f" ({_names(unique)})" if unique else ""
        return f"{label}: {count:,} more finding{'s' if count != 1 else ''}{where}."
    one = len(unique) == 1
    n = f"{len(unique):,} column{'' if one else 's'}"
    verbs = {"are": "is" if one else "are", "have": "has" if one else "have",
             "hold": "holds" if one else "hold", "look": "looks" if one else "look"}
    return template.format(n=n, names=_names(unique), **verbs)


def grouped_heading(count: int) -> str:
    return f"{count:,} more finding{'s' if count != 1 else ''}, grouped by kind"


def fix_label(description: str) -> str:
    return f"Fix: {description[0].lower() + description[1:]}"


def distribution_caption(rows: int, sampled: bool, other_rows: int, log_scale: bool) -> str:
    parts = [f"Drawn from {rows:,} rows" + (" (a random sample)" if sampled else "") + "."]
    if other_rows:
        parts.append(f"{other_rows:,} rows hold rarer values not shown.")
    if log_scale:
        parts.append("The axis is on a log scale because a few values are much larger than "
                     "the rest.")
    return " ".join(parts)


def review_took(seconds: float, rows: int) -> str:
    return f"Reviewed {rows:,} rows in {seconds:.1f} s."


def evidence_rows(evidence: dict[str, object]) -> list[tuple[str, str]]:
    """Evidence as (what, value) pairs for a small table."""
    out = []
    for key, value in evidence.items():
        if value is None or value == {} or value == []:
            continue
        label = key.replace("_", " ")
        if isinstance(value, float):
            percent = "share" in key or (key in ("missing_cells", "low", "high") and value <= 1)
            text = f"{value:.1%}" if percent else plain_number(value, digits=4, trim=True)
        elif isinstance(value, dict):
            text = ", ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            text = ", ".join(map(str, value))
        elif hasattr(value, "strftime"):
            text = value.strftime("%Y-%m-%d")  # type: ignore[union-attr]
        else:
            text = f"{value:,}" if isinstance(value, int) else str(value)
        out.append((label, text))
    return out


# --- files on the server (mlpm.data.local_files) ---------------------------------------------

_ENABLE = "`MLPM_LOCAL_FILES=/path/to/folder mlpm app`"
LOCAL_FILES_OFF = ("Reading files from this server is off; to turn it on, start mlpm on this "
                   f"computer with {_ENABLE} (it then reads only inside that folder).")
_LOCAL_FILES_OFF_BECAUSE: dict[str, str] = {
    "not_loopback": ("Reading files from this server is off because other computers can reach "
                     "it; to turn it on, start mlpm for this computer only (address 127.0.0.1, "
                     f"the default) with {_ENABLE}."),
    "no_folder": ("Reading files from this server is off because the folder named in "
                  "`MLPM_LOCAL_FILES` does not exist; to turn it on, start mlpm with "
                  f"{_ENABLE} naming an existing folder."),
}
LOCAL_FILE_PICK_LABEL = "Data files in the folder"
LOCAL_FILE_PICK_NONE = "(type a name below)"


def local_files_off(reason: str) -> str:
    """One sentence: why the tab cannot read server files, and how to turn it on."""
    return _LOCAL_FILES_OFF_BECAUSE.get(reason, LOCAL_FILES_OFF)


def _code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    longest = max((len(r) for r in "".join(c if c == "`" else " " for c in text).split()),
                  default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"`{text}`"


def local_files_on(folder: object) -> str:
    return (f"For files over the upload limit: type the name of a file in {_code(str(folder))} "
            "on this server (subfolders are fine), or pick one. mlpm reads nothing outside "
            "that folder and never changes a file.")


# --- sensitive attributes (issue 15) --------------------------------------------------------

SENSITIVE_KIND_WORDS: dict[str, str] = {
    "race": "race or ethnicity", "sex": "sex or gender", "age": "age",
    "religion": "religion", "nationality": "nationality or citizenship",
    "disability": "disability", "marital": "marital status"}
KIND_LABELS["sensitive_attribute"] = "About who a person is"


def alert_sensitive(column: str, kind: str, evidence: str) -> tuple[str, str]:
    """A column about who a person is: why it must not drive decisions, and why to keep it."""
    what = SENSITIVE_KIND_WORDS.get(kind, kind)
    how = "its values" if evidence == "values" else "its name"
    return ((f"'{md(column)}' describes {what} (going by {how}): a sensitive attribute. Deciding "
             "about people by it can break anti-discrimination law (credit, hiring, housing, "
             "insurance), and a model that learns from it can treat groups unfairly."),
            (f"Leave '{md(column)}' out of the features (Problem & features), but keep it in the "
             "table: Evaluate compares the model's results across its groups. Check other "
             "columns that could stand in for it, such as postcode."))


# --- the review's findings as the page, the CLI and the pack read them -----------------------

ALERT_WORDS: dict[str, Callable[..., tuple[str, str]]] = {
    "missing": alert_missing, "empty": alert_empty, "constant": alert_constant,
    "duplicates": alert_duplicates, "unique": alert_unique, "id_like": alert_id_like,
    "free_text": alert_free_text, "high_cardinality": alert_high_cardinality,
    "imbalance": alert_imbalance, "skewed": alert_skewed, "zeros": alert_zeros,
    "infinite": alert_infinite, "high_correlation": alert_high_correlation,
    "mixed_types": alert_mixed_types, "numbers_as_text": alert_numbers_as_text,
    "dates_as_text": alert_dates_as_text, "disguised_missing": alert_disguised_missing,
    "inconsistent_categories": alert_inconsistent_categories, "outliers": alert_outliers,
    "pii": alert_pii, "sensitive_attribute": alert_sensitive,
    "formula_like": alert_formula_like, "target_missing": alert_target_missing,
    "target_imbalance": alert_target_imbalance, "single_class_target": alert_single_class,
    "too_many_classes": alert_too_many_classes, "conflicting_labels": alert_conflicting_labels,
    "leakage": alert_leakage,
}
"""One wording per alert kind, called with the alert's facts."""


def alert_words(alert: Alert) -> tuple[str, str]:
    """(message, action) of one finding, in Markdown: what was found, with its figure, and
    what to do about it."""
    return ALERT_WORDS[alert.kind](**alert.facts)


def cleaning_step_json(step: CleaningStep) -> dict[str, object]:
    """A cleaning step as stored and printed: its plain data and its sentence (plain text)."""
    return {**step.as_dict(), "description": plain(cleaning_step(step))}


def alert_json(alert: Alert) -> dict[str, object]:
    """One finding as ``mlpm review --json`` prints it (keys and order are a stable interface)."""
    message, action = alert_words(alert)
    return {"kind": alert.kind, "severity": alert.severity, "columns": list(alert.columns),
            "message": plain(message), "action": plain(action),
            "fix": cleaning_step_json(alert.fix) if alert.fix else None,
            "impact": alert.impact, "group": alert.group}


def review_json(report: QualityReport) -> dict[str, object]:
    """The review as ``mlpm review --json`` prints it (keys and order are a stable interface)."""
    return {"dataset": report.dataset, "target": report.target,
            "duplicate_rows": report.duplicate_rows,
            "columns": [c.as_dict() for c in report.columns],
            "alerts": [alert_json(a) for a in report.alerts],
            "readiness": readiness_json(report.readiness) if report.readiness else None,
            "pii": [p.as_dict() for p in report.pii],
            "leakage": [f.as_dict() for f in report.leaks]}


def alert_group_sentence(group: AlertGroup) -> str:
    """The one line a group of findings of one kind is folded behind (:func:`group_sentence`)."""
    return group_sentence(group.key, [c for a in group.alerts for c in a.columns],
                          len(group.alerts), minor=group.minor)
