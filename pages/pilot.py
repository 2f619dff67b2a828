"""Capacity & pilot: who to act on first with the team you have, and how to prove it works."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from mlpm.charts.rollout import capacity_value_chart, gain_chart, pilot_chart
from mlpm.evaluate.capacity import WEEKS_PER_MONTH, capacity_report, with_capacity
from mlpm.evaluate.metrics import companions, score_sweep
from mlpm.evaluate.pilot import CONTROLS, PilotInputs, PilotOutcome, read_pilot, saved_inputs
from mlpm.evaluate.rollout import rollout
from mlpm.explain import capacity as cap_words
from mlpm.explain import pilot as pilot_words
from mlpm.explain.metrics import positive_noun
from mlpm.explain.safe import md
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, need_trained_models, page_header, stop_here


def _start(key: str, value: object) -> dict[str, object]:
    """A widget's first value from the journey; afterwards its own state (Evaluate's pattern)."""
    return {} if key in st.session_state else {"value": value}


def _keep_plan(inputs: PilotInputs) -> None:
    """Button callback: the plan as it stands goes into the pack (and the project)."""
    journey.pilot = inputs.as_dict()


journey = page_header(
    "Capacity & pilot",
    "Your team can only act on so many cases. The model ranks them: act on the ones it is "
    "surest about first, see what your capacity catches and is worth, then plan a small "
    "**pilot** (an A/B test) that proves the model works before you roll it out.",
    visit="pilot")

need_trained_models(journey)
problem = journey.problem
if not need(problem.task == "binary",
            "Ranking cases and piloting a decision need a yes/no target (e.g. churned: yes or "
            "no), so the model gives each case a chance.", "pages/data.py",
            "Choose a yes/no target on Data review"):
    stop_here()
positive = problem.positive_label
scorers = {k: m for k, m in journey.models.items()
           if not m.is_baseline and not getattr(m, "is_rule", False)
           and positive in m.classes and score_sweep(m, positive) is not None}
if not need(bool(scorers), "Train a model other than the baseline and your rule first.",
            "pages/train.py", "Go to Train"):
    stop_here()
keys = list(scorers)
current = journey.selected_model if journey.selected_model in scorers else keys[0]
chosen = st.selectbox("Model", keys, index=keys.index(current),
                      format_func=lambda k: scorers[k].name, key="pilot_model")
journey.selected_model = chosen
model = scorers[chosen]
sweep = score_sweep(model, positive)
noun = positive_noun(problem.target, positive)
_, rule_model = companions(journey.models.values(), model)
subtitle = f"{model.name} · {sweep.n:,} test rows · data version {journey.dataset.version}"

# --- capacity --------------------------------------------------------------------------
st.subheader("Who to act on first")
left, middle, right = st.columns(3)
unit = left.radio("Capacity per", ["week", "month"], horizontal=True, key="capacity_unit")
factor = WEEKS_PER_MONTH if unit == "week" else 1.0
saved = journey.decision.capacity
typed = middle.number_input(
    f"Cases your team can act on per {unit} (0 = no limit)", min_value=0.0, step=10.0,
    format="%.0f", key="capacity_n", **_start("capacity_n", round(saved / factor) if saved else 0.0),
    help="For example 200 calls a week. The model's top cases up to this number are flagged, "
         "and every verdict (Train, Evaluate, the pack) is taken there.")
volume = right.number_input(
    "Cases that come in per month", min_value=1.0, step=100.0, format="%.0f",
    key="rollout_cases", **_start("rollout_cases", float(journey.costs.cases_per_month)),
    help="The same volume as the money settings on Evaluate.")
with guarded("reading your capacity"):
    if volume != journey.costs.cases_per_month:
        journey.costs = replace(journey.costs, cases_per_month=float(volume))
    capacity = float(typed) * factor if typed else None
    updated = with_capacity(journey.decision, capacity, sweep)
    if updated != journey.decision:
        journey.decision = updated
        st.session_state.pop("threshold", None)  # Evaluate's slider starts from the journey
    if journey.decision.capacity:
        st.caption(f":material/target: The operating point follows your capacity: threshold "
                   f"**{journey.threshold:.2f}** on Train, Evaluate and in the pack. Moving the "
                   f"threshold on Evaluate sets the capacity aside.")

with guarded("ranking the cases"):
    found = rollout(model, positive, journey.decision, rule=rule_model,
                    pilot=saved_inputs(journey.pilot))
    curve, report = found.curve, found.capacity
    takeaway = cap_words.gain_sentence(curve, 0.1, noun)
    st.markdown(takeaway)
    chart = gain_chart(curve, capacity_share=report.share if report else None,
                       noun=noun, subtitle=subtitle)
    show_chart(chart, takeaway=takeaway, name="gain-curve")
    if report is not None:
        st.markdown("\n".join(f"- {s}" for s in cap_words.capacity_sentences(report, noun)))
    elif journey.costs.is_set:  # no capacity yet: still say when money says "everyone"
        plainly = cap_words.money_alone_sentence(
            capacity_report(sweep, journey.costs.cases_per_month, journey.costs))
        if plainly:
            st.warning(plainly, icon=":material/groups:")
    if journey.costs.is_set:
        value_chart = capacity_value_chart(curve, journey.costs, capacity=capacity,
                                           subtitle=subtitle)
        peak = report.peak_per_month if report else None
        words = (cap_words.peak_sentence(report) if report else None) or \
            "Value per month of acting on the model's top cases, by how many the team takes."
        show_chart(value_chart, takeaway=words, name="capacity-value")
        if report is None and peak is None:
            st.caption("Enter your team's capacity above to read its value off this curve.")
    else:
        st.info("Enter what a caught case is worth and what a false alarm costs on Evaluate "
                "to see what each capacity is worth, and where more calls stop paying.",
                icon=":material/euro:")
        st.page_link("pages/evaluate.py", label="Enter values and costs on Evaluate",
                     icon=":material/arrow_forward:")
    with st.expander("The lift table"):
        table = pd.DataFrame(curve.table())
        st.dataframe(table.rename(columns={"share": "Share acted on",
                                           "caught_share": f"Share of {noun} caught",
                                           "lift": "Times random"}),
                     hide_index=True, column_config={
                         "Share acted on": st.column_config.NumberColumn(format="percent"),
                         f"Share of {noun} caught": st.column_config.NumberColumn(
                             format="percent"),
                         "Times random": st.column_config.NumberColumn(format="%.1f×")})

# --- pilot -----------------------------------------------------------------------------
st.subheader("Plan a pilot")
st.markdown("Before rolling out, split new cases at random: one arm works as today, the other "
            "acts on the model's flags. The difference in how many end up as "
            f"{md(noun)} is the model's real effect.")
inputs = saved_inputs(journey.pilot) or PilotInputs()
left, middle, right = st.columns(3)
controls = ["nothing", "rule"] if rule_model is not None else ["nothing"]
first = controls.index(inputs.control) if inputs.control in controls else 0
control = left.radio("Today's way", controls, format_func=CONTROLS.get, key="pilot_control",
                     **({} if "pilot_control" in st.session_state else {"index": first}))
effect = middle.slider(
    f"Of the {md(noun)} the action reaches, it turns around (%)", 1, 100, step=1, key="pilot_effect",
    **_start("pilot_effect", round(inputs.action_effect * 100)),
    help="Your best guess: a retention call keeps one churner in four it reaches = 25%.")
smallest = right.number_input(
    "Smallest drop worth having (points, 0 = what the model is expected to do)",
    min_value=0.0, max_value=99.0, step=0.5, format="%.1f", key="pilot_min",
    **_start("pilot_min", (inputs.min_effect or 0.0) * 100),
    help="In percentage points of the outcome rate: 1 = from 20% to 19%.")
with guarded("planning the pilot"):
    inputs = PilotInputs(action_effect=effect / 100, min_effect=smallest / 100 or None,
                         control=control)
    # Kept (and saved with the project) once the PM changes a choice or adds the plan to the
    # pack: only looking at the page is not a change.
    if inputs != (saved_inputs(journey.pilot) or PilotInputs()):
        journey.pilot = inputs.as_dict()
    found = rollout(model, positive, journey.decision, rule=rule_model, pilot=inputs)
    plan = found.plan
    if plan is None:
        st.warning(found.plan_problem, icon=":material/science:")
    else:
        headline = pilot_words.plan_headline(plan)
        st.markdown(f"**{headline}**")
        st.markdown("\n".join(f"- {s}" for s in pilot_words.plan_sentences(plan, noun)))
        show_chart(pilot_chart(plan, noun=noun, subtitle=subtitle), takeaway=headline,
                   name="pilot-plan")
        in_pack = (" It goes into the meeting pack as the *Pilot plan* slide."
                   if journey.pilot else "")
        st.caption(f"Threshold {journey.threshold:.2f}: the model's arm acts on the cases it "
                   f"flags there.{in_pack}")
        if not journey.pilot:
            st.button("Put this plan in the meeting pack", key="pilot_to_pack",
                      icon=":material/slideshow:", on_click=_keep_plan, args=(inputs,))

# --- after the pilot -------------------------------------------------------------------
st.subheader("After the pilot: is the difference real?")
st.markdown(f"Enter what each arm saw: how many cases, and how many of them were {md(noun)}.")
a, b, c, d = st.columns(4)
control_cases = a.number_input("Today's arm: cases", min_value=0, step=1, key="after_cc")
control_events = b.number_input(f"Today's arm: {md(noun)}", min_value=0, step=1, key="after_ce")
model_cases = c.number_input("Model's arm: cases", min_value=0, step=1, key="after_mc")
model_events = d.number_input(f"Model's arm: {md(noun)}", min_value=0, step=1, key="after_me")
if control_cases and model_cases:
    with guarded("reading the pilot"):
        result = read_pilot(PilotOutcome(int(control_cases), int(control_events),
                                         int(model_cases), int(model_events)),
                            alpha=inputs.alpha, min_effect=inputs.min_effect)
        show = {"better": st.success, "worse": st.error, "unclear": st.info,
                "better_but_small": st.warning}[result.verdict]
        show(pilot_words.result_headline(result), icon=":material/science:")
        st.markdown("\n".join(f"- {s}" for s in pilot_words.result_sentences(result, noun)[:2]))
else:
    st.caption("The check appears once both arms have cases.")

st.page_link("pages/present.py", label="Next: put the pilot plan in the meeting pack",
             icon=":material/arrow_forward:")
