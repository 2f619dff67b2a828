"""The served model on the pages: live traffic on Drift, "Measure it" on Ship it (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from mlpm.charts.lifecycle import drift_chart
from mlpm.errors import UserError
from mlpm.explain.hosting import SERVE_HOW, hosting_facts, live_summary, sla_sentence
from mlpm.explain.lifecycle import DRIFT_TITLES, column_sentence, drift_summary
from mlpm.lifecycle.store import RunRecord, RunStore
from mlpm.ui.charts import show_chart
from mlpm.ui.feedback import show_user_error

MEASURE_LEVELS = (1, 4, 8)
MEASURE_SECONDS = 1.0


def live_traffic_section(store: RunStore, run: RunRecord) -> None:
    """What `mlpm serve` answered for this run: per day, share flagged, drift vs training."""
    from mlpm.lifecycle.serving.traffic import live_traffic

    traffic = live_traffic(store, run.id)
    st.subheader("Live traffic")
    if not traffic.n_rows:
        st.caption(f"This model has not been served yet. {SERVE_HOW}")
        return
    st.markdown(live_summary(traffic, run))
    per_day = traffic.per_day.set_index("day")
    left, right = st.columns(2)
    left.caption("Cases answered per day")
    left.bar_chart(per_day["rows"], height=180)
    if per_day["share_flagged"].notna().any():
        right.caption("Share flagged per day")
        right.line_chart(per_day["share_flagged"], height=180)
    report = traffic.drift
    if report is None:
        return
    box = {"stable": st.success, "watch": st.warning, "retrain": st.error}[report.verdict]
    box(f"**Live traffic: {DRIFT_TITLES[report.verdict]}.** {drift_summary(report)}")
    table = report.table()
    if not table.empty and report.drifted:
        show_chart(drift_chart(table, subtitle=f"{report.n_reference:,} training rows vs "
                                                f"{report.n_new:,} served rows"), width="stretch")
        for item in report.drifted[:4]:
            st.markdown(f"- {column_sentence(item)}")
    st.caption(SERVE_HOW)


def measure_section(store: RunStore | None, state: Any) -> None:
    """Ship it: measure a saved model on this machine and check the PM's SLA; the facts go to
    ``state.hosting`` (the session's lifecycle), from where the meeting pack reads them."""
    from mlpm.lifecycle.serving.bench import measure_run, sla_check

    st.subheader("Measure it: speed against your service level")
    runs = [] if store is None else [r for r in store.runs(include_baselines=False)
                                     if r.has_model]
    if not runs:
        st.caption("Save a model on Run history first: the measurement serves a saved model "
                   "on this machine (`mlpm serve`).")
        return
    by_id = {r.id: r for r in runs}
    run_id = st.selectbox("Model", list(by_id), format_func=lambda i: by_id[i].label,
                          key="ship_measure_run")
    a, b, c = st.columns(3)
    latency = a.number_input("Answer within (ms)", 1, 60_000, 100, key="ship_sla_ms")
    percentile = b.selectbox("For this share of requests", [50, 95, 99], index=2,
                             format_func=lambda p: f"{p}%", key="ship_sla_pct")
    volume = c.number_input("Requests a second at peak", 0.1, 1e6, 20.0, key="ship_sla_volume")
    if st.button("Measure it", key="ship_measure", icon=":material/speed:"):
        try:
            with st.spinner("Serving the model on 127.0.0.1 and sending requests "
                            f"(~{len(MEASURE_LEVELS) * MEASURE_SECONDS + 10:.0f} s)…"):
                st.session_state["ship_measured"] = (run_id, measure_run(
                    store, run_id, levels=MEASURE_LEVELS, seconds=MEASURE_SECONDS),
                    datetime.now(UTC).strftime("%Y-%m-%d %H:%M"))
        except UserError as error:
            show_user_error(error)
    measured = st.session_state.get("ship_measured")
    if not measured or measured[0] != run_id:
        return
    result = measured[1]
    check = sla_check(result, latency_ms=float(latency), percentile=float(percentile),
                      volume_per_second=float(volume))
    state.hosting = hosting_facts(result, check, run_id=run_id,
                                  model_name=by_id[run_id].model_name, measured_at=measured[2])
    (st.success if check.meets else st.warning)(sla_sentence(check))
    st.dataframe(pd.DataFrame([{"callers at once": lv.concurrency, "requests": lv.requests,
                                "errors": lv.errors, "p50 ms": lv.p50_ms, "p95 ms": lv.p95_ms,
                                "p99 ms": lv.p99_ms, "answers a second": lv.throughput_rps}
                               for lv in result.levels]), hide_index=True, width="stretch")
    st.caption("Measured on this machine, one request of one row at a time per caller, "
               f"{MEASURE_SECONDS:g} s per level; a production machine will differ, so "
               "measure there too (`mlpm serve RUN_ID --bench`). The figures and your service "
               "level go into the meeting pack on Present.")
