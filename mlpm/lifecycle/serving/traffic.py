"""What the server answered, logged to the run store in batches, and compared with training.

A request only appends its checked rows and answers to a list in memory (no database work on
the request path). A background thread writes them every few seconds as **one row per batch**
in ``served_batches``, inside one transaction, so a server stopped at any moment leaves whole
batches or nothing. A batch holds counts only: rows, flagged, a histogram of chances, the
decisions, and each input column counted in the *training profile's* bins (numbers: the
training deciles; categories: the training values, anything else as "(other values)"). So no
row, and no value the training data did not already hold, ever reaches the store.

:func:`live_traffic` adds the batches up: predictions per day, the share flagged, and a
:class:`mlpm.lifecycle.drift.DriftReport` of live traffic against the training data, for the Drift page.
"""

from __future__ import annotations

import json
import sys
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from mlpm.lifecycle.drift import (
    MISSING,
    OTHER,
    ColumnDrift,
    DriftReport,
    _fmt,
    _level,
    category_shift,
)
from mlpm.lifecycle.scoring import category_labels, numbers_from_text
from mlpm.lifecycle.store.schema import served_batches
from mlpm.lifecycle.store.store import RunStore

CHANCE_BINS = 20
"""the chances histogram: 20 bins of 5 points each"""


def _now() -> datetime:
    return datetime.now(UTC)


# --- one batch -------------------------------------------------------------------------

def _number_counts(column: pd.Series, ref: dict[str, Any]) -> dict[str, Any]:
    values = (column.astype(float) if pd.api.types.is_numeric_dtype(column)
              and not pd.api.types.is_bool_dtype(column) else numbers_from_text(column))
    values = values.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    edges = np.asarray(ref.get("edges", []), dtype=float)
    counts = np.bincount(np.searchsorted(edges, finite, side="right"), minlength=len(edges) + 1)
    return {"kind": "number", "counts": [int(c) for c in counts],
            "missing": int(len(values) - len(finite))}


def _category_counts(column: pd.Series, ref: dict[str, Any]) -> dict[str, Any]:
    labels = category_labels(column)
    known = set(ref.get("values", {})) - {OTHER}
    present = labels.dropna()
    named = present.where(present.isin(known), OTHER)
    return {"kind": "category", "values": {str(k): int(v) for k, v in named.value_counts().items()},
            "missing": int(labels.isna().sum())}


def summarise_batch(frame: pd.DataFrame, chances: np.ndarray, decisions: list[Any],
                    reference: dict[str, Any], flagged_label: Any = None) -> dict[str, Any]:
    """Counts of one batch of served rows against the training ``reference`` profile."""
    profiles = reference.get("columns", {})
    inputs: dict[str, Any] = {}
    for name in frame.columns:
        ref = profiles.get(str(name))
        if ref is None:
            continue
        counter = _number_counts if ref["kind"] == "number" else _category_counts
        inputs[str(name)] = counter(frame[name], ref)
    finite = chances[np.isfinite(chances)] if len(chances) else chances
    histogram = np.histogram(finite, bins=CHANCE_BINS, range=(0.0, 1.0))[0]
    counted = pd.Series([str(d) for d in decisions]).value_counts()
    n_flagged = None if flagged_label is None else int(counted.get(str(flagged_label), 0))
    return {"inputs": inputs, "chances": [int(c) for c in histogram],
            "decisions": {str(k): int(v) for k, v in counted.items()}, "flagged": n_flagged}


@dataclass
class _Pending:
    day: str
    started: datetime
    ended: datetime
    frames: list[pd.DataFrame] = field(default_factory=list)
    chances: list[np.ndarray] = field(default_factory=list)
    decisions: list[Any] = field(default_factory=list)
    rows: int = 0


class TrafficLog:
    """Served predictions, written to the run store in batches by a background thread.

    ``add`` costs a list append; ``flush`` writes everything pending (one transaction, one
    row per day); ``close`` stops the thread after a last flush (the server's shutdown).
    """

    def __init__(self, store: RunStore, run_id: int, reference: dict[str, Any], *,
                 flagged_label: Any = None, flush_seconds: float = 5.0,
                 max_pending_rows: int = 20_000) -> None:
        self.store = store
        self.run_id = run_id
        self.reference = reference
        self.flagged_label = flagged_label
        self.flush_seconds = flush_seconds
        self.max_pending_rows = max_pending_rows
        self.server = uuid.uuid4().hex
        self.written_rows = 0
        self._pending: dict[str, _Pending] = {}
        self._rows = 0
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="mlpm-traffic-log", daemon=True)
        self._thread.start()

    def add(self, frame: pd.DataFrame, chances: list[float | None], decisions: list[Any]) -> None:
        """Keep one request's checked rows and answers until the next flush."""
        now = _now()
        day = now.date().isoformat()
        values = np.asarray([np.nan if c is None else c for c in chances], dtype=float)
        with self._lock:
            pending = self._pending.get(day)
            if pending is None:
                pending = self._pending[day] = _Pending(day, now, now)
            pending.ended = now
            pending.frames.append(frame)
            pending.chances.append(values)
            pending.decisions.extend(decisions)
            pending.rows += len(frame)
            self._rows += len(frame)
            full = self._rows >= self.max_pending_rows
        if full:
            self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            if not self._stop.is_set():
                self.flush()

    def flush(self) -> int:
        """Write what is pending; return the rows written (0 when nothing was pending)."""
        with self._write_lock:
            with self._lock:
                batches, self._pending, self._rows = list(self._pending.values()), {}, 0
            if not batches:
                return 0
            records = [self._record(b) for b in batches]
            n = sum(b.rows for b in batches)
            try:
                with self.store.engine.execution_options(mlpm_write=True).begin() as conn:
                    conn.execute(insert(served_batches), records)
            except SQLAlchemyError as error:  # the store is down: say so, keep serving
                print(f"mlpm serve: {n:,} served row(s) could not be logged to the run store "
                      f"({type(error).__name__}).", file=sys.stderr)
                return 0
            self.written_rows += n
            return n

    def _record(self, batch: _Pending) -> dict[str, Any]:
        frame = pd.concat(batch.frames, ignore_index=True) if len(batch.frames) > 1 \
            else batch.frames[0].reset_index(drop=True)
        summary = summarise_batch(frame, np.concatenate(batch.chances), batch.decisions,
                                  self.reference, self.flagged_label)
        return {"run_id": self.run_id, "day": batch.day,
                "started_at": batch.started.isoformat(timespec="microseconds"),
                "ended_at": batch.ended.isoformat(timespec="microseconds"),
                "n_rows": batch.rows, "n_flagged": summary["flagged"],
                "summary_json": json.dumps(summary, sort_keys=True), "server": self.server}

    def close(self, timeout: float = 10.0) -> None:
        """Stop the thread and write the rest (called on the server's shutdown)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        self.flush()


# --- live traffic against the training data --------------------------------------------

@dataclass(frozen=True)
class LiveTraffic:
    """Everything served by one run's model: per day, flagged share, and drift vs training."""

    run_id: int
    per_day: pd.DataFrame
    """day, rows, flagged, share_flagged (flagged is empty for models without a yes/no)"""
    n_rows: int
    n_batches: int
    chances: list[int]
    decisions: dict[str, int]
    drift: DriftReport | None

    @property
    def share_flagged(self) -> float | None:
        flagged = self.per_day["flagged"].dropna()
        return None if flagged.empty or not self.n_rows else float(flagged.sum() / self.n_rows)


def live_traffic(store: RunStore, run_id: int, *, since_day: str | None = None) -> LiveTraffic:
    """Add up the served batches of ``run_id`` (optionally from ``since_day``, ISO date)."""
    query = select(served_batches).where(served_batches.c.run_id == int(run_id))
    if since_day:
        query = query.where(served_batches.c.day >= since_day)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(served_batches.c.id)).mappings().all()
    run = store.get(run_id)
    per_day: dict[str, dict[str, Any]] = {}
    merged: dict[str, dict[str, Any]] = {}
    chances = np.zeros(CHANCE_BINS, dtype=int)
    decisions: dict[str, int] = {}
    for row in rows:
        summary = json.loads(row["summary_json"])
        day = per_day.setdefault(row["day"], {"day": row["day"], "rows": 0, "flagged": None})
        day["rows"] += int(row["n_rows"])
        if row["n_flagged"] is not None:
            day["flagged"] = (day["flagged"] or 0) + int(row["n_flagged"])
        chances += np.asarray(summary.get("chances", [0] * CHANCE_BINS), dtype=int)
        for label, n in summary.get("decisions", {}).items():
            decisions[label] = decisions.get(label, 0) + int(n)
        for name, counts in summary.get("inputs", {}).items():
            _merge(merged, name, counts)
    table = pd.DataFrame(list(per_day.values()), columns=["day", "rows", "flagged"])
    table["flagged"] = table["flagged"].astype(float)
    table["share_flagged"] = table["flagged"] / table["rows"].where(table["rows"] > 0)
    n_rows = int(table["rows"].sum()) if len(table) else 0
    version = store.data_version(run.data_version)
    drift = None
    if version is not None and version.profile and n_rows:
        drift = drift_from_counts(version.profile, merged, n_rows,
                                  reference_version=run.data_version)
    return LiveTraffic(run_id=run.id, per_day=table, n_rows=n_rows, n_batches=len(rows),
                       chances=[int(c) for c in chances], decisions=decisions, drift=drift)


def _merge(merged: dict[str, dict[str, Any]], name: str, counts: dict[str, Any]) -> None:
    into = merged.get(name)
    if into is None:
        merged[name] = json.loads(json.dumps(counts))
        return
    into["missing"] = into.get("missing", 0) + counts.get("missing", 0)
    if counts["kind"] == "number":
        if len(into["counts"]) == len(counts["counts"]):
            into["counts"] = [a + b for a, b in zip(into["counts"], counts["counts"], strict=True)]
    else:
        for label, n in counts["values"].items():
            into["values"][label] = into["values"].get(label, 0) + n


def drift_from_counts(reference: dict[str, Any], merged: dict[str, dict[str, Any]], n_rows: int,
                      *, reference_version: str = "") -> DriftReport:
    """Per-column drift of live traffic counted in the training bins (chi-squared + PSI, the
    same levels as :func:`mlpm.lifecycle.drift.drift_report`; no KS, since the rows were never kept)."""
    profiles = reference.get("columns", {})
    columns: list[ColumnDrift] = []
    for name, live in merged.items():
        ref = profiles.get(name)
        if ref is None or ref["kind"] != live["kind"]:
            continue
        if ref["kind"] == "number":
            if len(ref.get("counts", [])) != len(live["counts"]):
                continue
            expected = np.append(np.asarray(ref["counts"], dtype=float), ref["missing"])
            actual = np.append(np.asarray(live["counts"], dtype=float), live["missing"])
            before = f"median {_fmt(float(ref['quantiles'][50]))}"
            after = _median_bin(np.asarray(ref["edges"], dtype=float), live["counts"])
        else:
            ref_values = dict(ref["values"])
            if ref["missing"]:
                ref_values[MISSING] = int(ref["missing"])
            live_values = dict(live["values"])
            if live["missing"]:
                live_values[MISSING] = int(live["missing"])
            labels = sorted(set(ref_values) | set(live_values))
            expected = np.array([ref_values.get(c, 0) for c in labels], dtype=float)
            actual = np.array([live_values.get(c, 0) for c in labels], dtype=float)
            share_before = expected / max(expected.sum(), 1)
            share_after = actual / max(actual.sum(), 1)
            moved = int(np.argmax(np.abs(share_after - share_before)))
            before = f"'{labels[moved]}' {share_before[moved]:.0%}"
            after = f"'{labels[moved]}' {share_after[moved]:.0%}"
        statistic, p_value, psi = category_shift(expected, actual)
        columns.append(ColumnDrift(name, ref["kind"], "chi-squared", statistic, p_value, psi,
                                   _level(psi, p_value), before, after))
    return DriftReport(columns, n_reference=int(reference.get("rows", 0)), n_new=n_rows,
                       reference_version=reference_version, new_version="live traffic")


def _median_bin(edges: np.ndarray, counts: list[int]) -> str:
    total = sum(counts)
    if not total:
        return "no values"
    k = int(np.searchsorted(np.cumsum(counts), total / 2))
    low = "below" if k == 0 else _fmt(float(edges[k - 1]))
    if k == 0:
        return f"median below {_fmt(float(edges[0]))}" if len(edges) else "median n/a"
    if k >= len(edges):
        return f"median above {low}"
    return f"median {low}–{_fmt(float(edges[k]))}"

