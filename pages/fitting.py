"""Over/underfitting: does the model memorise, miss patterns, or need more data?"""

import streamlit as st

from mlpm.charts.curves import learning_curve_chart
from mlpm.curves import diagnose
from mlpm.ui.cache import cached_learning_curve
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stale_notice, stop_here

journey = page_header(
    "Over- and underfitting",
    "A **learning curve** trains the model on growing slices of the training rows and scores it "
    "on rows held out each time. If training scores far beat held-out scores, the model "
    "memorises (**overfitting**); if both are low, it misses the pattern (**underfitting**).")

split = journey.fresh_split
if not need(bool(journey.models) and journey.split is not None,
            "First split the data and train a model.", "pages/train.py", "Go to Train"):
    stop_here()
if split is None:
    stale_notice("The split", "The data or the target changed since you split.",
                 "pages/split.py", "Split again")
    stop_here()

learners = {k: m for k, m in journey.models.items() if not m.is_baseline}
if not need(bool(learners), "Train a model other than the baseline first.", "pages/train.py",
            "Go to Train"):
    stop_here()
keys = list(learners)
current = journey.selected_model if journey.selected_model in learners else keys[0]
chosen = st.selectbox("Model", keys, index=keys.index(current),
                      format_func=lambda k: learners[k].name, key="curve_model")

if st.button("Draw the learning curve", type="primary", key="curve", icon=":material/ssid_chart:"):
    with guarded("drawing the learning curve"), \
            st.spinner(f"Training {learners[chosen].name} on growing slices of the data…"):
        journey.curve = cached_learning_curve(split.key, chosen, journey.dataset,
                                              journey.problem, split)

curve = journey.curve
if curve is not None:
    if journey.curve_stale:
        stale_notice("This curve", "It was drawn for an earlier split.", "pages/fitting.py",
                     "Draw it again with the button above")
    diagnosis = diagnose(curve)
    box = {"overfitting": st.warning, "underfitting": st.warning, "good fit": st.success}
    box[diagnosis.verdict](f"**{diagnosis.sentence}**", icon=":material/insights:")
    subtitle = (f"5-fold cross-validation on the training rows · "
                f"data version {journey.dataset.version}")
    show_chart(learning_curve_chart(curve, title=f"Learning curve: {curve.model_name}",
                                         subtitle=subtitle), width="stretch")
    st.caption("Orange: score on the rows the model trained on. Blue: score on held-out rows. "
               "Shaded bands show the spread across the 5 folds; the dashed grey line is the "
               "no-learning baseline.")
