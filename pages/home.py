"""Home: what mlpm is for, the journey in a few sentences, and one-click samples."""

import streamlit as st

from mlpm.data.samples import SAMPLES
from mlpm.ui.frame import page_header
from mlpm.ui.loading import load_sample_into
from mlpm.ui.projects import projects_section

journey = page_header(
    "Is machine learning right for this problem?",
    "mlpm walks you from a product question to evidence you can show in a meeting. "
    "You decide whether ML fits, check your data, train simple models against honest "
    "baselines, and see in plain words how often they would be right, and wrong.")

projects_section(journey)  # saved as you work; reopen after a reload (issue 14)

st.subheader("The journey")
steps = [
    ("pages/fit.py", ":material/psychology_alt:", "1. Should we use ML?",
     "Answer a short questionnaire. Many problems are better solved by simple rules."),
    ("pages/data.py", ":material/table:", "2. Data review",
     "Load a table and see what is missing, odd or risky, and choose what to predict."),
    ("pages/features.py", ":material/tune:", "3. Problem & features",
     "Check the kind of problem, which columns the model may use, and how they are prepared."),
    ("pages/split.py", ":material/call_split:", "4. Split",
     "Put test rows aside so the final score is honest."),
    ("pages/train.py", ":material/model_training:", "5. Train",
     "Train models against doing nothing and against your own rule, and watch one learn."),
    ("pages/evaluate.py", ":material/fact_check:", "6. Evaluate",
     "See what the model gets right and wrong, and move the threshold."),
    ("pages/drivers.py", ":material/insights:", "7. What drives it?",
     "See which columns the model relies on, why it answered one case, and play what-if."),
    ("pages/pilot.py", ":material/science:", "8. Capacity & pilot",
     "Who your team should act on first, what that is worth, and an A/B pilot to prove it."),
    ("pages/fitting.py", ":material/ssid_chart:", "9. Over/underfitting",
     "Find out if the model memorises or misses patterns, and if more data would help."),
]
columns = st.columns(3)
for i, (page, icon, title, text) in enumerate(steps):
    with columns[i % 3].container(border=True):
        st.page_link(page, label=title, icon=icon)
        st.caption(text)

st.subheader("After the first model")
later = [
    ("pages/history.py", ":material/history:", "Run history",
     "Every model you train is kept with the data it learnt from: compare versions over time."),
    ("pages/drift.py", ":material/trending_up:", "Drift & retraining",
     "Check whether newer data has moved, retrain with the same recipe and compare."),
    ("pages/score.py", ":material/batch_prediction:", "Score new data",
     "Apply a model to new rows and download the predictions."),
    ("pages/productize.py", ":material/rocket_launch:", "Ship it",
     "Hosting, storage, privacy, monitoring, retraining, uptime and cost: answered before launch."),
    ("pages/anomalies.py", ":material/crisis_alert:", "Unusual rows",
     "No answer column? Find the rows that look least like the rest, and why."),
]
later_columns = st.columns(len(later))
for column, (page, icon, title, text) in zip(later_columns, later, strict=True):
    with column.container(border=True):
        st.page_link(page, label=title, icon=icon)
        st.caption(text)

st.subheader("Try it on a sample")
st.markdown("No data at hand? Load one of these in one click; your data stays in your own session on this mlpm server and is never sent elsewhere.")
sample_columns = st.columns(len(SAMPLES))
for column, sample in zip(sample_columns, SAMPLES.values(), strict=True):
    with column.container(border=True):
        st.markdown(f"**{sample.title}**")
        st.caption(sample.question)
        if st.button("Load", key=f"sample_{sample.key}", icon=":material/download:",
                     width="stretch"):
            load_sample_into(journey, sample.key)
            st.switch_page("pages/data.py")
