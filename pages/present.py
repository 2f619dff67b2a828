"""Present: from the analysis to a deck, a report and a model card in one click."""

import streamlit as st

from mlpm.explain.safe import md
from mlpm.present.export.deck import build_deck
from mlpm.present.export.model_card import build_model_card
from mlpm.present.export.report import build_report
from mlpm.present.pack import (
    ITEM_BUILDERS,
    ITEM_HINTS,
    addable_items,
    available_items,
    build_pack,
    card_facts,
    default_recommendation,
)
from mlpm.ui.charts import show_chart
from mlpm.ui.frame import need, page_header, stop_here
from mlpm.ui.pack import analysis_of
from mlpm.ui.state import Journey


def move_item(journey: Journey, order: list[str], position: int, step: int) -> None:
    """Swap an item with its neighbour (the pack's order is the deck's slide order)."""
    moved = list(order)
    moved[position], moved[position + step] = moved[position + step], moved[position]
    st.session_state["pack_items"] = moved
    journey.pack_choice = {**journey.pack_choice, "items": moved}


journey = page_header(
    "Present",
    "Pick what goes into your meeting pack, put it in order, add a title and a one-line "
    "recommendation, then download a slide deck, a one-file web report or a model card.",
    visit="present")

analysis = analysis_of(journey)
items = available_items(analysis)
if not need(bool(items), "Nothing to present yet: answer the questionnaire or train a model first.",
            "pages/fit.py", "Go to Should we use ML?"):
    stop_here()

def own_words(label: str, key: str, default: str, typed: str) -> tuple[str, str]:
    """A text box that shows the PM's own words if they typed some, else the current default
    (following it when it changes); returns (shown, typed: "" when it is the default)."""
    if not typed and st.session_state.get(f"{key}_default") != default:
        st.session_state[key] = default  # the results moved and the PM never typed: follow
    st.session_state[f"{key}_default"] = default
    if key not in st.session_state:
        st.session_state[key] = typed or default
    shown = st.text_input(label, key=key)
    return shown, "" if shown.strip() == default.strip() else shown


labels = {key: label for key, (label, _) in ITEM_BUILDERS.items()}
if journey.presenting:
    # The audience sees the pack as it will be sent: its title, the recommendation, the items.
    saved = journey.pack_choice
    chosen = [k for k in saved.get("items", list(items)) if k in items]
    pack = build_pack(analysis, keys=chosen, title=saved.get("title", ""),
                      recommendation=saved.get("recommendation", ""))
    st.header(md(pack.title))  # the PM's own words, plain text like the file name in subtitle
    st.markdown(f"**{md(pack.recommendation)}**")
    st.caption(md(pack.subtitle))
else:
    # Widgets forget their values on runs that don't draw them (presentation mode), so the
    # choices live in the journey too.
    saved = journey.pack_choice
    left, right = st.columns([2, 3])
    with left:
        chosen = st.multiselect("What goes in, in this order", list(items),
                                default=[k for k in saved.get("items", list(items)) if k in items],
                                format_func=labels.get, key="pack_items",
                                help="Items appear in this order; move one with Earlier / Later "
                                     "in the preview below.")
        missing = addable_items(analysis, items)
        if missing:
            with st.expander(f"{len(missing)} more item(s) you could add", icon=":material/add:"):
                st.markdown("\n".join(f"- **{labels[k]}**: {ITEM_HINTS[k]}." for k in missing))
        title, own_title = own_words("Title", "pack_title", build_pack(analysis, keys=[]).title,
                                     saved.get("title", ""))
        recommendation, own_recommendation = own_words(
            "One-line recommendation", "pack_recommendation", default_recommendation(analysis),
            saved.get("recommendation", ""))
        # Only what the PM typed is kept: an untouched title or recommendation follows the
        # results (a new target, threshold or verdict), so the pack never states a stale one.
        journey.pack_choice = {"items": chosen, "title": own_title,
                               "recommendation": own_recommendation}
    pack = build_pack(analysis, keys=chosen, title=title, recommendation=recommendation)
    stem = "".join(c if c.isalnum() else "-" for c in pack.title.lower()).strip("-")[:40] or "mlpm"
    with right:
        st.markdown(f"**{len(pack.items) + 2} slides**: a title slide, {len(pack.items)} item "
                    f"slide(s) and a closing slide with the recommendation and next steps.")
        with st.container(horizontal=True, key="pack_downloads"):
            st.download_button("Slide deck (PPTX)", data=lambda: build_deck(pack),
                               file_name=f"{stem}.pptx", key="download_deck", type="primary",
                               mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               icon=":material/slideshow:", on_click="ignore")
            st.download_button("Web report (HTML)", data=lambda: build_report(pack),
                               file_name=f"{stem}.html", mime="text/html", key="download_report",
                               icon=":material/article:", on_click="ignore")
            if analysis.model is not None and analysis.split is not None:
                st.download_button("Model card (Markdown)",
                                   data=lambda: build_model_card(card_facts(analysis)),
                                   file_name=f"{stem}-model-card.md", mime="text/markdown",
                                   key="download_card", icon=":material/badge:", on_click="ignore")
        st.caption("The report is one file that opens offline and prints cleanly to PDF. Speaker "
                   "notes in the deck hold the plain-language sentences.")

if not journey.presenting:
    st.divider()
    st.subheader("Preview")
order = [item.key for item in pack.items]
for position, item in enumerate(pack.items):
    with st.container(border=True):
        if not journey.presenting:
            with st.container(horizontal=True, horizontal_alignment="right",
                              key=f"move_{item.key}"):
                st.button("Earlier", key=f"up_{item.key}", icon=":material/arrow_upward:",
                          disabled=position == 0, on_click=move_item,
                          args=(journey, order, position, -1), type="tertiary")
                st.button("Later", key=f"down_{item.key}", icon=":material/arrow_downward:",
                          disabled=position == len(order) - 1, on_click=move_item,
                          args=(journey, order, position, 1), type="tertiary")
        st.markdown(f"#### {item.title}")
        st.markdown(f"**{item.headline}**")
        if item.figure is not None:
            show_chart(item.figure.chart, takeaway=item.figure.takeaway, name=item.key)
        for point in item.points:
            st.markdown(f"- {point}")
