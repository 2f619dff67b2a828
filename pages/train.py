"""Train: fit a few models and the no-learning baseline on the same training rows."""

import streamlit as st

from mlpm.charts.training import leaderboard_chart
from mlpm.leaderboard import leaderboard, leaderboard_summary, metric_title
from mlpm.models import baseline_for, models_for
from mlpm.training import train
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stale_notice, stop_here

journey = page_header(
    "Train models",
    "Training means the model guesses an answer for each training row, checks how wrong it was, "
    "adjusts, and repeats. A **baseline** that learns nothing is trained too: a model is only "
    "worth it if it clearly beats the baseline.")

split = journey.fresh_split
if not need(journey.split is not None, "First split the data into train and test rows.",
            "pages/split.py", "Go to Split"):
    stop_here()
if split is None:
    stale_notice("The split", "The data or the target changed since you split.",
                 "pages/split.py", "Split again")
    stop_here()

dataset, problem = journey.dataset, journey.problem
choices = models_for(problem.task, include_baselines=False)
baseline = baseline_for(problem.task)
names = {s.key: s.name for s in choices}
picked = st.multiselect("Models to train", list(names), default=list(names),
                        format_func=names.get, key="models")
for spec in choices:
    if spec.key in picked:
        st.caption(f"**{spec.name}**: {spec.good_at}")
st.caption(f"Always included: **{baseline.name}**. {baseline.good_at}")

if st.button("Train", type="primary", key="train", icon=":material/play_arrow:"):
    queue = [baseline.key, *picked]
    with st.status("Training…", expanded=True) as status:
        bar = st.progress(0.0)
        for i, key in enumerate(queue):
            with guarded(f"training {key}"):
                def report(share: float, text: str, i: int = i) -> None:
                    bar.progress(min((i + share) / len(queue), 1.0), text=text)
                model = train(dataset, problem, split, key, progress=report)
                journey.add_model(model)
                st.write(f"{model.name}: trained in {model.fit_seconds:.2f} s")
        status.update(label=f"Trained {len(queue)} models on {len(split.train):,} rows",
                      state="complete", expanded=False)

if journey.models_stale:
    stale_notice("These results", "They were trained on an earlier split.", "pages/train.py",
                 "Train again with the button above")
if journey.models:
    board, metric = leaderboard(list(journey.models.values()), problem.positive_label)
    st.subheader("Leaderboard")
    summary = leaderboard_summary(board, metric)
    if summary:
        st.markdown(f"**{summary}**")
    show_chart(leaderboard_chart(board, metric_title(metric), title="Score on the test rows",
                                      subtitle=f"On {len(split.test):,} test rows · data version "
                                               f"{dataset.version}"), width="stretch")
    shown = ["model", "score", *(["accuracy"] if "accuracy" in board else []), "fit_seconds"]
    st.dataframe(board[shown], hide_index=True,
                 column_config={"model": "Model", "score": st.column_config.NumberColumn(
                     metric_title(metric), format="%.3f"),
                     "accuracy": st.column_config.NumberColumn("Accuracy", format="percent"),
                     "fit_seconds": st.column_config.NumberColumn("Training time (s)", format="%.2f")})
    st.caption("Scores are measured on the test rows, which no model saw while training. "
               "Higher is better; grey bars learn nothing. "
               + ("F1 is used for yes/no problems because accuracy flatters a model that "
                  "always answers the common outcome: the baseline's accuracy shows how much."
                  if metric == "f1" else ""))
    st.page_link("pages/evaluate.py", label="Next: evaluate the best model",
                 icon=":material/arrow_forward:")
