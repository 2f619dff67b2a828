"""Home: what mlpm is for, the journey in a few sentences, and one-click samples."""

import streamlit as st

from mlpm.samples import SAMPLES
from mlpm.ui.frame import page_header
from mlpm.ui.loading import load_sample_into

journey = page_header(
    "Is machine learning right for this problem?",
    "mlpm walks you from a product question to evidence you can show in a meeting. "
    "You decide whether ML fits, check your data, train simple models against honest "
    "baselines, and see in plain words how often they would be right, and wrong.")

st.subheader("The journey")
steps = [
    ("pages/fit.py", ":material/psychology_alt:", "1. Should we use ML?",
     "Answer a short questionnaire. Many problems are better solved by simple rules."),
    ("pages/data.py", ":material/table:", "2. Data review",
     "Load a table and see what is missing, odd or risky, and choose what to predict."),
    ("pages/split.py", ":material/call_split:", "3. Split",
     "Put test rows aside so the final score is honest."),
    ("pages/train.py", ":material/model_training:", "4. Train",
     "Train a few models and a no-learning baseline on the same rows."),
    ("pages/evaluate.py", ":material/fact_check:", "5. Evaluate",
     "See what the model gets right and wrong, and move the threshold."),
    ("pages/fitting.py", ":material/ssid_chart:", "6. Over/underfitting",
     "Find out if the model memorises or misses patterns, and if more data would help."),
]
columns = st.columns(3)
for i, (page, icon, title, text) in enumerate(steps):
    with columns[i % 3].container(border=True):
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
