"""Train: models against doing nothing and against the PM's own rule, on the same rows; then
watch one model learn (the loss falling, step by step)."""

import time

import pandas as pd
import streamlit as st

from mlpm.charts.training import k_choice_chart, leaderboard_chart, loss_chart
from mlpm.errors import UserError
from mlpm.evaluate.leaderboard import best_model, leaderboard
from mlpm.explain.metrics import leaderboard_summary, metric_title
from mlpm.explain.progress import step_label
from mlpm.explain.safe import md
from mlpm.explain.training import (
    K_EXPLAINED,
    RULE_EXPLAINED,
    analysis_recommendation,
    clustering_sentence,
    comparison_sentence,
    comparison_title,
    cv_explained,
    erm_paragraph,
    example_sentence,
    folds_words,
    k_choice_sentence,
    loss_step_sentence,
    rule_sentence,
    sample_notice,
)
from mlpm.model.catalogue import CATALOGUE, DEFAULT_MODELS, baseline_for, models_for
from mlpm.model.loss import step_models
from mlpm.model.rules import EXAMPLE, parse_rule
from mlpm.model.training import DEFAULT_MAX_ROWS, RULE_KEY
from mlpm.progress import Step
from mlpm.ui.charts import show_chart
from mlpm.ui.compute import show_where_work_runs
from mlpm.ui.decision import decision_panel
from mlpm.ui.feedback import guarded, show_user_error
from mlpm.ui.frame import need, page_header, stale_notice, stop_here
from mlpm.ui.pack import results_of
from mlpm.ui.runs import record_run
from mlpm.ui.state import get_journey
from mlpm.ui.training_cache import cached_k_scan, cached_loss_path, train_remembered

_GROUPS = bool(get_journey().problem and not get_journey().problem.is_supervised)
journey = page_header(
    "Train models",
    "Clustering looks for groups of similar rows; there is no right answer to check. Choose how "
    "many groups, then compare the methods with **groups dealt at random**: real groups must be "
    "clearly better separated." if _GROUPS else
    "Training means the model guesses an answer for each training row, checks how wrong it was, "
    "adjusts, and repeats. Every model is compared with a **baseline** that learns nothing and "
    "with **your own rule**, on the same test rows: a model is only worth it if it clearly beats "
    "both.")

show_where_work_runs()  # a Dask cluster, when one is set (issue 16)
split = journey.fresh_split
if not need(journey.split is not None, "First split the data into train and test rows.",
            "pages/split.py", "Go to Split"):
    stop_here()
if split is None:
    stale_notice("The split", "The data or the target changed since you split.",
                 "pages/split.py", "Split again")
    stop_here()

dataset, problem = journey.dataset, journey.problem
choices = journey.training
baseline = baseline_for(problem.task)
clustering = not problem.is_supervised


def model_settings(key: str) -> tuple[float, dict[str, object]]:
    """The complexity knob and the extra settings of one model, in an expander."""
    spec = CATALOGUE[key]
    complexity = choices.complexity.get(key, spec.complexity_default)
    settings = dict(choices.settings.get(key, {}))
    with st.expander(f"{spec.name}: {spec.good_at}"):
        if len(spec.complexity_range) > 1 and not clustering:
            complexity = st.select_slider(
                f"Complexity: {spec.complexity_words}", options=list(spec.complexity_range),
                value=complexity if complexity in spec.complexity_range else spec.complexity_default,
                key=f"cx_{key}", format_func=lambda v: f"{v:g}",
                help=f"Setting '{spec.complexity_param}'. Left is simpler, right more flexible; "
                     "the Over/underfitting page sweeps it for you.")
        for setting in spec.settings:
            value = settings.get(setting.name, setting.default)
            settings[setting.name] = st.selectbox(
                setting.label, list(setting.choices), index=list(setting.choices).index(value),
                key=f"set_{key}_{setting.name}", help=setting.help)
        if not spec.settings and len(spec.complexity_range) <= 1:
            st.caption("No settings.")
    choices.complexity[key] = complexity
    choices.settings[key] = settings
    return complexity, settings


def run_queue(queue: list[tuple[str, float | None, dict[str, object]]]) -> None:
    """Train every contender with a progress bar; each lands in the journey (and run history)."""
    rows = len(split.train) if choices.row_limit is None else min(len(split.train),
                                                                   choices.row_limit)
    with st.status("Training…", expanded=True) as status:
        bar = st.progress(0.0)
        done = 0
        for i, (key, complexity, settings) in enumerate(queue):
            name = "Your rule" if key == RULE_KEY else CATALOGUE[key].name
            with guarded(f"training {name}"):
                def report(share: float, step: Step, i: int = i) -> None:
                    bar.progress(min((i + share) / len(queue), 1.0), text=step_label(step))
                started = time.perf_counter()
                model, remembered = train_remembered(choices, dataset, problem, split, key,
                                                     complexity=complexity, settings=settings,
                                                     progress=report)
                journey.add_model(model)
                record_run(journey, model)  # run history: data version, settings, scores
                took = time.perf_counter() - started
                st.write(f"{model.name}: " + ("already trained with these settings, reused."
                                              if remembered else f"done in {took:.1f} s "
                                              f"(fit {model.fit_seconds:.2f} s)"))
                done += 1
        bar.progress(1.0, text="Done")
        best = best_model(list(journey.models.values()), problem.positive_label,
                          journey.decision)
        if best is not None:
            journey.selected_model = best.key  # Evaluate opens on the best learnt model
        status.update(label=f"Trained {done} contenders on {rows:,} rows",
                      state="complete" if done == len(queue) else "error", expanded=False)


# --- clustering: choose k, find groups ---------------------------------------------------
if clustering:
    st.subheader("How many groups?")
    with guarded("comparing numbers of groups"):
        scan = cached_k_scan(split.key, dataset, problem, split)
        k = st.slider("Number of groups (k)", int(scan.ks.min()), int(scan.ks.max()),
                      value=int(choices.k_groups or scan.suggested_k), key="k")
        choices.k_groups = int(k)
        show_chart(k_choice_chart(scan.frame(), scan.suggested_k, chosen=int(k),
                                  title="Elbow and silhouette for k = 2 to 10", subtitle=f"k-means on {scan.rows:,} rows · data version "
                                           f"{dataset.version}"), width="stretch")
        st.markdown(k_choice_sentence(scan))
        st.caption(K_EXPLAINED)
    if choices.k_groups is None:
        stop_here()
    options = [s.key for s in models_for("clustering", include_baselines=False)]
    picked = st.multiselect("Methods", options, default=[k for k in (choices.models or options)
                                                         if k in options],
                            format_func=lambda key: CATALOGUE[key].name, key="models")
    choices.models = picked
    for key in picked:
        model_settings(key)
    st.caption(f"Always included: **{baseline.name}**. {baseline.good_at}")
    if st.button("Find the groups", type="primary", key="train", icon=":material/play_arrow:"):
        run_queue([(key, float(choices.k_groups), dict(choices.settings.get(key, {})))
                   for key in [baseline.key, *picked]])
    if journey.models_stale:
        stale_notice("These results", "They were made on an earlier split.", "pages/train.py",
                     "Run again with the button above")
    if journey.models:
        models = list(journey.models.values())
        board, metric = leaderboard(models, None)
        st.subheader("Leaderboard")
        st.markdown(f"**{clustering_sentence(board)}**")
        show_chart(leaderboard_chart(board, metric_title(metric),
                                     title="How clearly the groups separate",
                                     subtitle=f"Silhouette on {len(split.train):,} rows · data "
                                              f"version {dataset.version}"), width="stretch")
        st.page_link("pages/evaluate.py", label="Next: see what each group is like",
                     icon=":material/arrow_forward:")
    stop_here()

# --- supervised: the contenders ----------------------------------------------------------
st.subheader("Choose the contenders")
learners = models_for(problem.task, include_baselines=False)
names = {s.key: s.name for s in learners}
default = [k for k in (choices.models if choices.models is not None
                       else DEFAULT_MODELS[problem.task]) if k in names]
picked = st.multiselect("Models to train", list(names), default=default,
                        format_func=names.get, key="models",
                        help="Each has one complexity knob and at most two more settings.")
choices.models = picked
settings_of = {key: model_settings(key) for key in picked}
st.caption(f"Always included: **{baseline.name}**. {baseline.good_at}")

st.markdown("**Your own rule** (optional)")
st.caption(RULE_EXPLAINED)
rule_text = st.text_area("If-then rule", value=choices.rule_text, key="rule_text",
                         placeholder=EXAMPLE, height=100,
                         help="One 'if … then …' per line; add 'otherwise …' for the other rows. "
                              "Compare with =, !=, <, <=, >, >=, 'in (a, b)'. Quote values "
                              "with spaces or commas.")
choices.rule_text = rule_text
rule_ok = False
if rule_text.strip():
    try:
        parsed = parse_rule(rule_text, dataset.frame, problem)
        st.success("Understood:  \n" + rule_sentence(parsed), icon=":material/rule:")
        rule_ok = True
    except UserError as error:
        show_user_error(error)
with st.expander("Columns and values you can use in a rule"):
    lines = []
    for name in dataset.frame.columns:
        if name == problem.target:
            continue
        column = dataset.frame[name]
        if pd.api.types.is_numeric_dtype(column) and column.nunique() > 12:
            lines.append(f"- **{md(name)}**: numbers from {column.min():,.4g} to "
                         f"{column.max():,.4g}")
        else:
            values = sorted(map(str, column.dropna().unique()))
            more = f" … ({len(values)} values)" if len(values) > 12 else ""
            lines.append(f"- **{md(name)}**: " + ", ".join(map(md, values[:12])) + more)
    st.markdown("\n".join(lines))

if len(split.train) > DEFAULT_MAX_ROWS:
    left, right = st.columns([3, 2])
    use_all = left.checkbox(f"Use every one of the {len(split.train):,} training rows (slower)",
                            value=choices.row_limit is None, key="use_all_rows",
                            help="Off: models learn from a sample of the training rows with the "
                                 "same share of each outcome; test scores still use every test row.")
    limit = right.number_input("Sample size (training rows)", min_value=1_000,
                               max_value=len(split.train), step=1_000, disabled=use_all,
                               value=min(choices.row_limit or DEFAULT_MAX_ROWS, len(split.train)),
                               key="row_limit")
    choices.row_limit = None if use_all else int(limit)
    if not use_all:
        st.info(sample_notice(int(limit), len(split.train)), icon=":material/speed:")
else:
    choices.row_limit = DEFAULT_MAX_ROWS

if st.button("Train", type="primary", key="train", icon=":material/play_arrow:"):
    queue = [(baseline.key, None, {})]
    queue += [(key, *settings_of[key]) for key in picked]
    if rule_ok:
        queue.insert(1, (RULE_KEY, None, {}))
    run_queue(queue)

# --- 2. the leaderboard ------------------------------------------------------------------
if journey.models_stale:
    stale_notice("These results", "They were trained on an earlier split.", "pages/train.py",
                 "Train again with the button above")
if journey.models:
    models = list(journey.models.values())
    st.subheader("Leaderboard")
    decision_panel(journey, problem)  # before the results: they are scored with its choice
    results = results_of(journey)  # the same numbers and verdicts as Evaluate and the pack
    board, metric, comparisons = results.board, results.metric, results.comparisons
    boxes = st.columns(2)
    for box, comparison in zip(boxes, comparisons, strict=False):
        show = {"better": box.success, "worse": box.error, "too close": box.warning}
        show[comparison.verdict](f"**{comparison_title(comparison)}.**  \n"
                                 f"{comparison_sentence(comparison, problem)}",
                                 icon=":material/balance:")
    if not any(c.other_kind == "rule" for c in comparisons):
        (boxes[1] if comparisons else st).info(
            "**Does ML beat your own rule?** Write the rule you would use without ML above and "
            "train again to find out.", icon=":material/rule:")
    summary = leaderboard_summary(board, metric)
    st.markdown(f"**{analysis_recommendation(results)}**" + (f"  \n{summary}" if summary else ""))
    at = (f" at threshold {journey.threshold:.2f}" if problem.task == "binary" else "")
    show_chart(leaderboard_chart(board, metric_title(metric) + at, title="Score on the test rows",
                                 subtitle=f"On {len(split.test):,} test rows · whiskers: spread "
                                          f"across {folds_words(models)} · data version {dataset.version}"),
               width="stretch")
    table = board.copy()
    table["kind"] = table["kind"].map({"model": "learnt model", "baseline": "no learning",
                                       "rule": "your rule"})
    table["cv"] = [f"{m:.2f} ± {s:.2f}" if pd.notna(m) else "–"
                   for m, s in zip(table["cv_mean"], table["cv_std"], strict=True)]
    shown = ["model", "kind", "score", "cv", *(["accuracy"] if "accuracy" in table else []),
             "fit_seconds", "trained_on"]
    st.dataframe(table[shown], hide_index=True,
                 column_config={
                     "model": "Model", "kind": "Kind",
                     "score": st.column_config.NumberColumn(
                         f"{metric_title(metric)}{at} (test)",
                         format="%,.0f" if metric in ("value", "mae") else "%.3f"),
                     "cv": st.column_config.TextColumn("Cross-validated",
                                                       help=f"Mean ± spread over {folds_words(models)} of "
                                                            "the training rows."),
                     "accuracy": st.column_config.NumberColumn("Accuracy", format="percent"),
                     "fit_seconds": st.column_config.NumberColumn(
                         "Time (s)", format="%.2f", help="Seconds to train once."),
                     "trained_on": st.column_config.NumberColumn(
                         "Rows", format="%d", help="Training rows the model learnt from.")})
    st.caption("Scores are measured on the test rows, which no model saw while training. "
               "Higher is better. " + cv_explained(models)
               + (" F1 is used for yes/no problems because accuracy flatters a model that "
                  "always answers the common outcome: the baseline's accuracy shows how much."
                  if metric == "f1" else ""))
    sampled = [m for m in models if m.sampled]
    if sampled:
        st.caption(sample_notice(sampled[0].trained_on, sampled[0].train_available))
    st.page_link("pages/evaluate.py", label="Next: evaluate the best model",
                 icon=":material/arrow_forward:")

# --- 3. training made visible ------------------------------------------------------------
st.subheader("Watch a model learn")
keys = step_models(problem.task)
method_words = {"boosting": "one correction round at a time",
                "logistic": "one small nudge of its weights at a time",
                "linear": "one small nudge of its weights at a time"}
current = choices.loss_model if choices.loss_model in keys else keys[0]
loss_key = st.radio("Model", keys, index=keys.index(current), horizontal=True, key="loss_model",
                    format_func=lambda k: f"{CATALOGUE[k].name} "
                                          f"({method_words.get(k.removesuffix('_reg'), 'in steps')})")
choices.loss_model = loss_key
path = None
with guarded("recording the learning steps"), st.spinner("Training step by step…"):
    path = cached_loss_path(split.key, loss_key, dataset, problem, split)
if path is not None:
    st.markdown(erm_paragraph(problem, path))
    step_name = "Boosting round" if path.method == "boosting" else "Gradient step"
    where = ("the validation part" if path.validation_source == "validation"
             else f"{path.n_validation:,} training rows held back (a fifth)")
    subtitle = (f"{path.model_name} · learns from {path.n_train:,} rows, checked on {where} · "
                f"data version {dataset.version}")

    @st.fragment
    def replay() -> None:
        """The slider replays training; 'Play' animates it. Only this part reruns."""
        # The slider's own state: starts at the end; Play (a callback, run before the page)
        # moves it back to the end so the animation finishes where the slider stands.
        if not 0 <= st.session_state.get("loss_step", -1) <= path.last_step:
            st.session_state["loss_step"] = path.last_step
        step = st.slider(f"{step_name}: drag to replay the training", 0, path.last_step,
                         key="loss_step")
        play = st.button("Play the training", key="loss_play", icon=":material/play_circle:",
                         on_click=lambda: st.session_state.update(loss_step=path.last_step))
        chart = st.empty()
        words = st.empty()

        def draw(at: int, *, export: bool = True) -> None:
            with chart.container():
                show_chart(loss_chart(path.frame(), at, best_step=path.best_step,
                                      loss_title=f"Average loss ({path.loss_name})",
                                      step_title=step_name, subtitle=subtitle), width="stretch",
                           takeaway=loss_step_sentence(path, at, problem), export=export)
            words.markdown(f"**{loss_step_sentence(path, at, problem)}**  \n"
                           f"{example_sentence(path, at, problem)}")

        if play:
            frames = sorted({*range(0, path.last_step + 1, max(1, path.last_step // 20)),
                             path.last_step})
            for at in frames:
                draw(at, export=False)  # frames of the animation: no download buttons
                time.sleep(0.1)
        draw(step)

    replay()
