"""Unusual rows: which rows look unlike the rest, why, and how many the team will look at."""

import streamlit as st

from mlpm.charts.anomaly import anomaly_map, score_histogram
from mlpm.data.csv_safe import safe_csv
from mlpm.explain import anomaly as words
from mlpm.model.anomaly import DEFAULT_SHARE, SEED, AnomalyLook
from mlpm.present.export.plotly_figures import PlotlyFigure
from mlpm.ui.anomaly import cached_anomalies, cached_default_columns, cached_map, show_plotly
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import guarded
from mlpm.ui.frame import need, page_header, stop_here

SHARES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
TOP = 20

journey = page_header(
    "Unusual rows",
    "Which rows look unlike the rest, for example transactions worth a second look? "
    + words.NO_TARGET_WORDS, visit="anomalies")
dataset = journey.dataset
if not need(dataset is not None, "Load a table first.", "pages/data.py", "Go to Data review"):
    stop_here()
target = journey.problem.target if journey.problem and not journey.problem_stale else ""
usual = cached_default_columns(dataset.version, target, dataset.frame)
all_columns = [str(c) for c in dataset.frame.columns]
look = journey.anomaly if journey.anomaly and journey.anomaly.is_current(dataset) else None
columns = st.multiselect(
    "Columns to judge rows by", all_columns,
    default=list(look.model.columns) if look else usual, key="anomaly_columns",
    help="IDs, columns with one value and personal data are left out at first"
         + (", and so is the column you predict" if target else "") + ".")
share = st.select_slider(
    "Share of rows your team will look at", SHARES,
    value=look.share if look and look.share in SHARES else DEFAULT_SHARE,
    format_func=lambda s: f"{100 * s:g}%", key="anomaly_share",
    help="The most unusual rows first; the line on the score moves with it.")
if not need(bool(columns), "Pick at least one column to judge the rows by.", "pages/data.py",
            "Back to Data review"):
    stop_here()

with guarded("finding unusual rows"):
    model = cached_anomalies(dataset.version, tuple(columns), SEED, dataset)
    journey.anomaly = AnomalyLook(model, share)
    cut = model.cut(share)
    sentences = words.cut_sentences(cut)
    left, right = st.columns(2)
    with left:
        st.metric("Rows to look at", f"{cut.flagged:,}", border=True)
        st.markdown(sentences["flagged"])
    with right:
        st.metric("Flag above score", f"{cut.threshold:.2f}", border=True)
        st.markdown(sentences["threshold"])
    st.caption(words.SCORE_WORDS)
    show_chart(score_histogram(model.scores, cut,
                               subtitle=f"{dataset.name} · data version {dataset.version}"),
               takeaway=sentences["flagged"], name="unusual-rows-scores")

    top = model.top_rows(share, TOP)
    st.subheader("The most unusual rows, and why")
    if not top:
        st.info("No row is flagged at this share; raise it to see the most unusual rows.",
                icon=":material/info:")
    else:
        st.markdown("\n".join(f"- {words.row_sentence(row)}" for row in top))
        positions = [row.position for row in top]
        shown = dataset.frame.iloc[positions].copy()
        shown.insert(0, "unusual-ness score", [round(row.score, 3) for row in top])
        shown.insert(0, "row", [row.number for row in top])
        st.dataframe(shown, hide_index=True, width="stretch")
        order = model.flagged_positions(share)
        flagged = dataset.frame.iloc[order].copy()
        flagged.insert(0, "unusual-ness score", model.scores[order])
        flagged.insert(0, "row", order + 1)
        st.download_button(f"Download the {cut.flagged:,} flagged rows (CSV)",
                           data=safe_csv(flagged, index=False), file_name="unusual_rows.csv",
                           mime="text/csv", icon=":material/download:", key="anomaly_download",
                           on_click="ignore")

    st.subheader("The rows on a map you can turn")
    points, variance = cached_map(dataset.version, tuple(columns), SEED, share, model)
    takeaway = (f"Red dots are the {cut.flagged:,} rows flagged for a look; drag the map to "
                "see them from every side.")
    show_plotly(PlotlyFigure("unusual-rows-map", anomaly_map(
        points, variance, subtitle=f"{dataset.name} · the map shows {sum(variance):.0%} of the "
                                   "differences between rows"), takeaway), key="anomaly_map")
    st.caption(takeaway + (f" {len(points):,} of {model.n_rows:,} rows are drawn (every "
                           "flagged one)." if len(points) < model.n_rows else ""))
