"""Sentences about a served model: live traffic, and the measured speed against the SLA."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpm.explain.safe import md

if TYPE_CHECKING:
    from mlpm.lifecycle.serving.bench import BenchResult, SlaCheck
    from mlpm.lifecycle.serving.traffic import LiveTraffic
    from mlpm.lifecycle.store.records import RunRecord

SERVE_HOW = ("`mlpm serve RUN_ID` answers over HTTP on this machine and logs what it answered "
             "in batches: counts per training bin, never the rows (docs/hosting.md).")


def live_summary(traffic: LiveTraffic, run: RunRecord) -> str:
    """"Over 3 days the served model answered 1,240 cases and flagged 23 in 100 ('Yes');
    on the test rows it flagged 19 in 100."""
    days = len(traffic.per_day)
    text = (f"Over {days} day{'s' if days != 1 else ''} the served model answered "
            f"{traffic.n_rows:,} case{'s' if traffic.n_rows != 1 else ''}")
    share = traffic.share_flagged
    if share is None:
        return text + "."
    text += f" and flagged {share * 100:.0f} in 100 ('{md(run.positive_label or '')}')"
    tested = run.metrics.get("flagged_share")
    if tested is not None:
        text += f"; on the test rows it flagged {float(tested) * 100:.0f} in 100"
    return text + "."


def sla_sentence(check: SlaCheck) -> str:
    """Does one instance meet "within X ms for P% of requests" at the PM's volume?"""
    target = f"within {check.latency_ms:,.0f} ms for {check.percentile:g}% of requests"
    if check.instances is None:
        return (f"Measured here, no load met {target}: even at its best the "
                f"{check.percentile:g}th percentile was {check.measured_ms:,.0f} ms. More "
                "instances will not help; a faster model, machine or fewer rows per request "
                "would.")
    capacity = f"One instance answers about {check.capacity_rps:,.0f} requests a second {target}"
    if check.meets:
        return (f"{capacity}: enough for your {check.volume_per_second:,.0f} a second, with "
                f"room for {check.capacity_rps / max(check.volume_per_second, 1e-9):,.1f}× that.")
    return (f"{capacity}; your {check.volume_per_second:,.0f} a second need "
            f"**{check.instances} instances** (behind a load balancer).")


def hosting_points(facts: dict[str, object]) -> tuple[str, ...]:
    """The pack's supporting lines: endpoint, one caller's latency, the SLA, when measured."""
    def number(key: str) -> float:
        return float(str(facts[key]))

    endpoint = f"Endpoint: {md(str(facts['endpoint']))} ({md(str(facts['model']))})."
    latency = (f"One caller at a time: half the answers within {number('one_caller_p50_ms'):,.0f}"
               f" ms, 99 in 100 within {number('one_caller_p99_ms'):,.0f} ms.")
    level = (f"Your service level: within {number('latency_ms'):,.0f} ms for "
             f"{number('percentile'):g}% of requests at {number('volume_per_second'):,.0f} a "
             "second.")
    when = f"Measured {md(str(facts['measured_at']))} UTC on the machine mlpm runs on."
    return endpoint, latency, level, when


def hosting_facts(result: BenchResult, check: SlaCheck, *, run_id: int, model_name: str,
                  measured_at: str) -> dict[str, Any]:
    """What the pack says about hosting: plain JSON (the measured figures and the SLA
    sentence), kept in the session with the checklist."""
    first = min(result.levels, key=lambda lv: lv.concurrency)
    return {"run_id": run_id, "model": model_name, "measured_at": measured_at,
            "endpoint": f"mlpm serve {run_id}: POST /predict, POST /predict.csv, GET /model",
            "one_caller_p50_ms": first.p50_ms, "one_caller_p99_ms": first.p99_ms,
            "capacity_rps": check.capacity_rps, "latency_ms": check.latency_ms,
            "percentile": check.percentile, "volume_per_second": check.volume_per_second,
            "meets": check.meets, "instances": check.instances,
            "sentence": sla_sentence(check)}
