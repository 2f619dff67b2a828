"""mlpm web app: the router. Every page is listed here, grouped by step of the journey."""

import streamlit as st

from mlpm.ui import warm

warm.wait()  # mlpm app's warm-up imports first; importing alongside it could deadlock

from mlpm.ui.frame import APP_ICON, PageDone, routing, sidebar
from mlpm.ui.projects import autosave
from mlpm.ui.state import get_journey

st.set_page_config(page_title="mlpm: ML for product managers", page_icon=str(APP_ICON),
                   layout="wide", initial_sidebar_state="expanded")

pages = {
    "Start": [st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)],
    "Decide": [st.Page("pages/fit.py", title="Should we use ML?", icon=":material/psychology_alt:")],
    "Data": [
        st.Page("pages/data.py", title="Data review", icon=":material/table:"),
        st.Page("pages/features.py", title="Problem & features", icon=":material/tune:"),
    ],
    "Model": [
        st.Page("pages/split.py", title="Split", icon=":material/call_split:"),
        st.Page("pages/train.py", title="Train", icon=":material/model_training:"),
        st.Page("pages/evaluate.py", title="Evaluate", icon=":material/fact_check:"),
        st.Page("pages/drivers.py", title="What drives it?", icon=":material/insights:"),
        st.Page("pages/pilot.py", title="Capacity & pilot", icon=":material/science:"),
        st.Page("pages/fitting.py", title="Over/underfitting", icon=":material/ssid_chart:"),
        st.Page("pages/anomalies.py", title="Unusual rows", icon=":material/crisis_alert:"),
    ],
    "Present": [st.Page("pages/present.py", title="Meeting pack", icon=":material/slideshow:")],
    "Lifecycle": [
        st.Page("pages/history.py", title="Run history", icon=":material/history:"),
        st.Page("pages/drift.py", title="Drift & retraining", icon=":material/trending_up:"),
        st.Page("pages/score.py", title="Score new data", icon=":material/batch_prediction:"),
        st.Page("pages/productize.py", title="Ship it", icon=":material/rocket_launch:"),
    ],
}
page = st.navigation(pages, expanded=True)  # every step visible, no "View more"
try:
    with routing():
        page.run()
except PageDone:
    pass  # the page ended early on purpose (e.g. "load data first")
finally:
    # The project, when this run changed it (issue 14); first, because once a page asked for
    # a rerun (st.switch_page) any st call raises again. It makes no st call itself. A save
    # refused because someone else saved newer work reruns the page, whose header says so.
    refused = autosave(get_journey())
    # Drawn after the page so it shows what the page just did (trained, split, …), even when
    # the page stopped early with st.stop().
    sidebar(get_journey())
if refused:
    st.rerun()
