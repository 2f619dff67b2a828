"""Ship it: the questions between a working model and a product (hosting, privacy, uptime…)."""

import streamlit as st

from mlpm.explain.lifecycle import CHECKLIST_INTRO
from mlpm.present.checklist import ITEMS, Checklist
from mlpm.ui.frame import page_header
from mlpm.ui.runs import get_store, lifecycle
from mlpm.ui.serving import measure_section

journey = page_header("Ship it: productization checklist", CHECKLIST_INTRO)
state = lifecycle(journey)

answers: dict[str, dict[str, str]] = {}
columns = st.columns(2)
for i, item in enumerate(ITEMS):
    saved = state.checklist.get(item.key, {})
    with columns[i % 2].container(border=True):
        st.markdown(f"**{item.title}**  \n{item.question}")
        st.caption(item.why)
        choice = st.pills(item.title, list(item.options), key=f"ship_{item.key}",
                          default=saved.get("choice") if saved.get("choice") in item.options
                          else None, label_visibility="collapsed")
        notes = st.text_input("Notes", value=saved.get("notes", ""), key=f"ship_{item.key}_notes",
                              placeholder="Who, where, how much…", label_visibility="collapsed")
        if choice or notes:
            answers[item.key] = {"choice": choice or "", "notes": notes}
state.checklist = answers

checklist = Checklist(answers)
st.subheader("Where you stand")
left, right = st.columns([1, 3])
left.metric("Answered", f"{checklist.answered} of {len(ITEMS)}")
right.markdown(f"**{checklist.status}**")
if checklist.risks:
    right.caption("Risks are items left open or answered in a way that needs work before launch; "
                  "name an owner and a date for each in the meeting.")
with st.container(horizontal=True):
    st.download_button("Download the checklist (Markdown)", data=checklist.markdown(),
                       file_name="ship-it-checklist.md", mime="text/markdown",
                       key="download_checklist_md", icon=":material/download:", on_click="ignore")
    st.download_button("Download the checklist (HTML)", data=checklist.html(),
                       file_name="ship-it-checklist.html", mime="text/html",
                       key="download_checklist_html", icon=":material/article:", on_click="ignore")
st.caption("Your answers stay in this session; download them to attach to the meeting pack "
           "from Present.")

measure_section(get_store(), state)
