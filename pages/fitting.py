"""Over/underfitting: does the model memorise, miss patterns, or need more data?"""

from dataclasses import replace

import streamlit as st

from mlpm.charts.curves import (
    curve_domain,
    learning_curve_chart,
    outlook_chart,
    score_title,
    validation_curve_chart,
)
from mlpm.evaluate.curves import LearningCurveResult, ValidationCurveResult, sweet_spot
from mlpm.evaluate.extrapolate import more_data_outlook
from mlpm.evaluate.fitting import diagnose
from mlpm.explain import curves as words
from mlpm.explain.progress import curve_step_words
from mlpm.model.catalogue import CATALOGUE
from mlpm.ui.cache import draw_curve, plan_curves
from mlpm.ui.charts import show_chart
from mlpm.ui.compute import show_where_work_runs
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stale_notice, stop_here

journey = page_header(
    "Over- and underfitting",
    "A **learning curve** trains the model on growing slices of the training rows and scores it "
    "on rows held out each time. If training scores far beat held-out scores, the model "
    "memorises (**overfitting**); if both are low, it misses the pattern (**underfitting**). "
    "A **validation curve** retrains it at each setting of its complexity knob to find the "
    "sweet spot.")

show_where_work_runs()  # a Dask cluster, when one is set (issue 16)
split = journey.fresh_split
if not need(bool(journey.models) and journey.split is not None,
            "First split the data and train a model.", "pages/train.py", "Go to Train"):
    stop_here()
if split is None:
    stale_notice("The split", "The data or the target changed since you split.",
                 "pages/split.py", "Split again")
    stop_here()
problem = journey.problem
if not need(problem.task != "clustering",
            "Clustering has no right answer to score against, so there is no over- or "
            "underfitting to measure. First choose a target to predict.",
            "pages/evaluate.py", "See how distinct the groups are on Evaluate"):
    stop_here()

learners = {k: m for k, m in journey.models.items()
            if not m.is_baseline and not getattr(m, "is_rule", False) and k in CATALOGUE
            and problem.task in CATALOGUE[k].tasks and m.split_key == split.key}
if not need(bool(learners), "Train a model other than the baseline first.", "pages/train.py",
            "Go to Train"):
    stop_here()
keys = list(learners)
current = journey.selected_model if journey.selected_model in learners else keys[0]
left, right = st.columns(2)
chosen = left.selectbox("Model", keys, index=keys.index(current),
                        format_func=lambda k: learners[k].name, key="curve_model")
others = [k for k in keys if k != chosen]
compare = right.selectbox("Compare with (optional)", others, index=None,
                          format_func=lambda k: learners[k].name, key="curve_compare",
                          placeholder="No second model" if others else "Train another model "
                          "to compare", disabled=not others,
                          help="Draw a second model's curves beside the first, on the same scale.")
picked = [chosen] + ([compare] if compare else [])
folds = 5


def draw(key: str) -> None:
    """Both curves of one model, each point drawn as it arrives (and cached)."""
    model = learners[key]
    plans = plan_curves(journey.dataset, problem, split, key, complexity=model.complexity,
                        settings=getattr(model, "settings", None) or None,
                        decision=journey.decision)
    total = sum(len(p) for p in plans)
    bar = st.progress(0.0, text=f"{model.name}: starting")
    live = st.empty()
    done_before = 0
    for plan in plans:
        what = "learning curve" if plan.kind == "learning" else "validation curve"

        def redraw(partial: LearningCurveResult | ValidationCurveResult, done: int,
                   plan=plan, what=what, offset=done_before) -> None:
            bar.progress((offset + done) / total,
                         text=f"{model.name}, {what}: {done} of {len(plan)} points "
                              f"({curve_step_words(plan.step(done - 1))})")
            with live.container():
                if isinstance(partial, LearningCurveResult):
                    chart = learning_curve_chart(partial, title=f"Learning curve: {model.name}",
                                                 subtitle="drawing…",
                                                 max_rows=int(plan.steps[-1] * 1.02))
                else:
                    chart = validation_curve_chart(partial, title=f"Validation curve: {model.name}",
                                                   subtitle="drawing…")
                show_chart(chart, width="stretch", export=False)

        result = draw_curve(plan, on_point=redraw)
        done_before += len(plan)
        if isinstance(result, LearningCurveResult):
            journey.curves[key] = result
        else:
            journey.validation_curves[key] = replace(result, current=model.complexity)
    bar.empty()
    live.empty()


if st.button("Draw the curves", type="primary", key="curve", icon=":material/ssid_chart:"):
    with guarded("drawing the curves"):
        for key in picked:
            draw(key)
        journey.curve = journey.curves[chosen]

fresh = {k: c for k, c in journey.curves.items()
         if c.split_key == split.key and journey.curve_matches_decision(c)}
if journey.curve is not None and journey.curve_stale:
    stale_notice("The curves", "They were drawn for an earlier split."
                 if journey.curve.split_key != split.key else
                 "They were scored for another goal or threshold than the one you chose.",
                 "pages/fitting.py", "Draw them again with the button above")
if compare and chosen in fresh and compare not in fresh:
    st.caption(f"Press **Draw the curves** to add {learners[compare].name}.")
if chosen not in fresh:
    st.info("Press **Draw the curves**. Each point trains the model once per "
            f"cross-validation fold (up to {folds}), so this takes a few seconds; points appear "
            "as they are ready.",
            icon=":material/info:")
    stop_here()

shown = [k for k in picked if k in fresh]
results = [fresh[k] for k in shown]
validations = [journey.validation_curves.get(k) for k in shown]
validations = [v for v in validations if v is not None and v.split_key == split.key
               and journey.curve_matches_decision(v)]
domain = curve_domain(*results, *validations)
at = f" at threshold {fresh[chosen].threshold:.2f}" if fresh[chosen].threshold is not None else ""
subtitle = (f"{score_title(fresh[chosen].metric)}{at} · {fresh[chosen].folds or folds}-fold "
            f"cross-validation · data {journey.dataset.version}")
diagnoses = {k: diagnose(fresh[k]) for k in shown}
box = {"overfitting": st.warning, "underfitting": st.warning, "good fit": st.success}

st.subheader("Learning curve")
columns = st.columns(len(shown))
for column, key in zip(columns, shown, strict=True):
    with column:
        diagnosis = diagnoses[key]
        verdict = words.diagnosis_sentence(fresh[key], diagnosis)
        box[diagnosis.verdict](f"**{verdict}**", icon=":material/insights:")
        show_chart(learning_curve_chart(fresh[key], title=f"Learning curve: {fresh[key].model_name}",
                                        subtitle=subtitle, y_domain=domain),
                   width="stretch", takeaway=verdict, name=f"learning-curve-{key}")
st.caption(words.learning_caption(fresh[chosen].folds or folds, fresh[chosen].metric))
if len(shown) == 2:
    a, b = shown
    st.markdown(words.compare_sentence(fresh[a], diagnoses[a], fresh[b], diagnoses[b]))

st.subheader("Would more data help?")
columns = st.columns(len(shown))
for column, key in zip(columns, shown, strict=True):
    with column:
        outlook = more_data_outlook(fresh[key])
        sentence = words.outlook_sentence(outlook)
        st.info(sentence, icon=":material/trending_up:")
        if outlook.law is not None:
            show_chart(outlook_chart(fresh[key], outlook,
                                     title=f"Would more data help? {fresh[key].model_name}",
                                     subtitle="Green: likely score with 2×, 5×, 10× the rows"),
                       width="stretch", takeaway=sentence, name=f"more-data-{key}")
st.caption("The trend is a curve that levels off, fitted to the held-out scores; the ranges come "
           "from refitting it on resampled folds (10th to 90th percentile). It assumes new rows "
           "are like the ones you have.")

if validations:
    st.subheader("Validation curve: the sweet spot")
    columns = st.columns(len(shown))
    for column, key in zip(columns, shown, strict=True):
        result = journey.validation_curves.get(key)
        with column:
            if (result is None or result.split_key != split.key
                    or not journey.curve_matches_decision(result)):
                st.caption(f"{fresh[key].model_name} has no complexity knob to vary.")
                continue
            spot = sweet_spot(result)
            sentence = words.sweet_spot_sentence(result, spot)
            st.markdown(sentence)
            show_chart(validation_curve_chart(result, sweet=spot.index,
                                              title=f"Validation curve: {result.model_name}",
                                              subtitle=subtitle, y_domain=domain),
                       width="stretch", takeaway=sentence, name=f"validation-curve-{key}")
            st.caption(words.validation_caption(result))
