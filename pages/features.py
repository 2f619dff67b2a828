"""Problem & features: the target (or none), the kind of problem, the columns the model may use,
and the preprocessing in plain words."""

import streamlit as st

from mlpm.charts.features import pca_chart, relevance_chart
from mlpm.data.samples import SAMPLES
from mlpm.errors import ProblemSetupError
from mlpm.explain.safe import md
from mlpm.explain.training import (
    NO_TARGET_LABEL,
    PCA_EXPLAINED,
    PREP_INTRO,
    SUPERVISED_VS_UNSUPERVISED,
    TEXT_NOT_IN_CHART,
    exclusion_reason,
    pca_sentence,
    preprocessing_sentence,
    relevance_sentence,
    task_reason,
    word_links_sentence,
)
from mlpm.model.features import preprocessing_steps
from mlpm.model.problem import (
    NO_TARGET,
    TASK_WORDS,
    default_features,
    define_problem,
    feature_exclusions,
    possible_tasks,
    task_evidence,
)
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded, show_user_error
from mlpm.ui.frame import need, page_header, stop_here
from mlpm.ui.training_cache import cached_pca, cached_relevance, cached_text_signals

journey = page_header(
    "Problem & features",
    "Say what the model should predict, check which columns it may learn from, and see how the "
    "table is prepared for it. Everything here can be changed later; models trained before a "
    "change are marked out of date.", visit="features")

if not need(journey.dataset is not None, "First load a table.", "pages/data.py",
            "Go to Data review"):
    stop_here()

dataset = journey.dataset
frame = dataset.frame
columns = [str(c) for c in frame.columns]
kept = journey.problem if journey.problem and not journey.problem_stale else None

# --- 1. target and task ------------------------------------------------------------------
st.subheader("1. What should the model predict?")
NONE = "\x00none"
options = [NONE, *columns]
sample = next((s for s in SAMPLES.values() if s.file == dataset.name), None)
if kept is None:
    # A bundled sample knows its question; the segments sample has no target on purpose.
    index = 0 if sample is not None and sample.target is None else None
elif kept.task == "clustering":
    index = 0
else:
    index = options.index(kept.target) if kept.target in options else None
choice = st.selectbox(
    "Target column", options, index=index, key="features_target",
    format_func=lambda c: NO_TARGET_LABEL if c == NONE else c,
    placeholder="Choose the column to predict",
    help="The column holding the answer you want for new cases. Choose 'no target' to find "
         "groups of similar rows instead.")
if choice is None:
    st.info("Choose a target column, or 'no target' to find groups.", icon=":material/arrow_upward:")
    stop_here()

target = NO_TARGET if choice == NONE else choice
same = kept is not None and kept.target == target
task = "clustering"
positive = None
if target:
    evidence = task_evidence(frame[target])
    allowed = possible_tasks(frame[target])
    if evidence.task not in allowed:
        allowed = [evidence.task, *allowed]
    allowed = [*allowed, "clustering"]
    current = kept.task if same and kept.task in allowed else evidence.task
    left, right = st.columns([2, 3])
    with left:
        task = st.selectbox("Kind of problem", allowed, index=allowed.index(current),
                            format_func=lambda t: TASK_WORDS[t], key=f"task_{target}",
                            help="Guessed from the target's values; change it if the guess is wrong.")
    with right:
        st.caption(f"Why this guess: {task_reason(evidence, target)}")
        if task == "clustering":
            st.caption(f"'{md(target)}' will be ignored and the rows grouped by their other "
                       "columns.")
else:
    st.caption("No target: mlpm will look for groups of similar rows (clustering).")
with st.expander("Supervised or unsupervised learning?"):
    st.markdown(SUPERVISED_VS_UNSUPERVISED)

candidates = [c for c in columns if c != target]
try:  # check the target and the task first; the features come below
    base = define_problem(dataset, target, task=task, features=candidates)
except ProblemSetupError as error:
    show_user_error(error)
    if kept is not None:
        st.info("Nothing changed: your earlier choice is kept.", icon=":material/inventory:")
    stop_here()
task = base.task  # two values asked as "several" become yes/no
if task == "binary":
    labels = list(base.classes)
    default = kept.positive_label if same and kept.positive_label in labels else base.positive_label
    positive = st.selectbox(
        "The outcome you care about (the 'positive' class)", labels,
        index=labels.index(default), key=f"features_positive_{target}",
        help="Precision, recall and 'caught' are counted for this value, e.g. churned = Yes.")

# --- 2. features -------------------------------------------------------------------------
st.subheader("2. Which columns may the model use?")
reasons = feature_exclusions(frame, target if task != "clustering" else None)
same_task = same and kept.task == task
chosen_default = ([f for f in kept.features if f in candidates] if same_task
                  else [f for f in default_features(frame, target if task != "clustering" else None)
                        if f in candidates])
features = st.multiselect(
    "Features the model may use", candidates, default=chosen_default,
    key=f"feature_pick_{target or 'none'}_{task}",
    help="Columns left out by default are listed below with the reason. You can add them back.")

if task != "clustering":
    relevance = cached_relevance(base.key, dataset, base)
    table = relevance.table.copy()
    table["used"] = table["column"].isin(features)
    ranked = table.sort_values("relevance", ascending=False, na_position="last")
    if ranked["relevance"].notna().any():
        show_chart(relevance_chart(ranked, relevance.noise, target=target,
                                   subtitle=f"Mutual information on {relevance.rows:,} rows · "
                                            f"data version {dataset.version}"), width="stretch")
        st.caption(relevance_sentence(relevance) + " Measured one column at a time, before "
                   "splitting; it guides your choice and trains nothing.")
    for column, by_label in cached_text_signals(base.key, dataset, base).items():
        st.markdown(f"**Words in '{md(column)}'**" + ("" if column in features else
                                                      " (not used: you left it out)"))
        st.caption(TEXT_NOT_IN_CHART)
        labels = list(by_label)
        shown = ([base.positive_label] if base.task == "binary" and base.positive_label in labels
                 else labels)
        for label in shown:
            st.markdown("- " + word_links_sentence(column, target, label, by_label[label]))
        st.caption("Counted per row before splitting, words in at least 5 rows. A word that "
                   "only appears after the outcome (\"refunded\", \"closed\") would leak it.")
else:
    st.caption("With no target there is nothing to measure relevance against: every column you "
               "include shapes the groups, after being put on one scale.")

if reasons:
    st.markdown("**Left out by default**")
    for name, exclusion in reasons.items():
        reason = exclusion_reason(exclusion, target)
        back = " You added it back." if name in features else ""
        line = f"- **{md(name)}** {md(reason)}.{back}"
        st.markdown(line)
        if back and exclusion.kind in ("leak", "personal_data"):
            st.warning(f"'{md(name)}' {md(reason)}. Keep it only if you are sure it is known "
                       "before the outcome and may be used.", icon=":material/warning:")
dropped = [c for c in candidates if c not in features and c not in reasons]
if dropped:
    st.caption("You also left out: " + ", ".join(f"'{md(c)}'" for c in dropped) + ".")

# --- 3. preprocessing --------------------------------------------------------------------
st.subheader("3. How the table is prepared")
problem = None
pca_components = kept.pca_components if same_task else 0
with guarded("checking the features"):
    problem = define_problem(dataset, target, task=task, positive_label=positive,
                             features=features)
if problem is None:
    st.info("Nothing is saved until the choices above make a problem mlpm can train. Your "
            "earlier choice is kept.", icon=":material/inventory:")
    stop_here()

info = cached_pca(problem.key, dataset, problem)
max_components = max(1, min(len(info.cumulative), 20))
use_pca = st.toggle("Compress the features (PCA)", value=bool(pca_components), key="pca_on",
                    disabled=info.n_columns < 3,
                    help="Optional. Replaces the prepared columns by a few summary columns.")
if use_pca:
    default_n = pca_components or min(info.components_for(0.9), max_components)
    n = st.slider("Components to keep", 1, max_components, value=min(default_n, max_components),
                  key="pca_n") if max_components > 1 else 1
    pca_components = int(n)
else:
    pca_components = 0
with guarded("setting the compression"):
    problem = define_problem(dataset, target, task=task, positive_label=positive,
                             features=features, pca_components=pca_components)

st.markdown(PREP_INTRO)
steps = preprocessing_steps(frame, problem)
st.markdown("\n".join(f"{i}. {preprocessing_sentence(step)}" for i, step in enumerate(steps, 1)))
if use_pca:
    left, right = st.columns([3, 2])
    with left:
        show_chart(pca_chart(info.cumulative.tolist(), pca_components,
                             subtitle=f"Measured on {info.n_columns} prepared columns"),
                   width="stretch")
    with right:
        st.markdown(f"**{pca_sentence(info, pca_components)}**")
        st.caption(PCA_EXPLAINED)

if journey.problem is None or journey.problem.key != problem.key:
    journey.set_problem(problem)
what = (f"Predicting **{md(problem.target)}**: a {TASK_WORDS[problem.task]}"
        if problem.is_supervised else "Finding groups of similar rows (clustering)")
st.success(f"{what} from {len(problem.features)} features"
           + (f", compressed to {problem.pca_components} components." if problem.pca_components
              else "."), icon=":material/target:")
st.page_link("pages/split.py", label="Next: split the data", icon=":material/arrow_forward:")
