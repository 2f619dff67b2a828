"""Bench: review a table too big for memory out of core (issue 16), and check it against the
in-memory review.

1. Generates a seeded Parquet table (default 20M rows x 20 columns; ``--rows`` to change) in
   1M-row chunks, and its first 1M rows as a separate file (the slice).
2. Reviews the big table with DuckDB (``mlpm.scale``) in a child process and reads the child's
   peak memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``): target <= 2 GB.
3. Reviews the slice both ways and compares: the same alerts, exact counts (rows, missing,
   distinct, zeros, negatives, most common values' counts, duplicate rows) and quartiles
   within 1%.

    .venv/bin/python bench/scale.py [--rows 20000000] [--keep]

Results are recorded in docs/performance.md and docs/scale.md.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

CHUNK = 1_000_000
PLANS = np.array(["Basic", "Standard", "Premium", "Family"])
REGIONS = np.array(["North", "South", "East", "West", "Central"])
CHANNELS = np.array(["web", "app", "phone", "store"])
CITIES = np.array([f"City {i:03d}" for i in range(400)])


def _chunk(start: int, rows: int, seed: int) -> pa.Table:
    """Rows ``start`` .. ``start + rows``: 20 columns of the kinds a churn table holds."""
    rng = np.random.default_rng([seed, start])
    ids = np.arange(start, start + rows, dtype=np.int64)
    tenure = rng.integers(0, 72, rows)
    charges = np.round(rng.normal(65, 30, rows).clip(5, None), 2)
    usage = rng.lognormal(3, 1.2, rows)
    usage[rng.random(rows) < 0.3] = 0.0  # zero-inflated
    calls = rng.poisson(2, rows)
    age = rng.integers(18, 90, rows).astype(float)
    age[rng.random(rows) < 0.08] = np.nan
    income = rng.lognormal(10.5, 0.6, rows)
    income[rng.random(rows) < 0.02] = np.nan
    score = rng.normal(600, 80, rows)
    late = rng.binomial(12, 0.05, rows)
    discount = rng.choice([0, 5, 10, 15, 20], rows, p=[0.6, 0.15, 0.12, 0.08, 0.05])
    logit = -1.6 + 0.8 * (tenure < 6) + 0.01 * (charges - 65) + 0.3 * late
    churn = np.where(rng.random(rows) < 1 / (1 + np.exp(-logit)), "Yes", "No")
    plan = PLANS[rng.integers(0, len(PLANS), rows)]
    columns = {
        "customer_id": ids, "tenure_months": tenure, "monthly_charges": charges,
        "usage_gb": usage, "support_calls": calls, "age": age, "income": income,
        "credit_score": score, "late_payments": late, "discount_pct": discount,
        "plan": plan, "region": REGIONS[rng.integers(0, len(REGIONS), rows)],
        "channel": CHANNELS[rng.integers(0, len(CHANNELS), rows)],
        "city": CITIES[rng.zipf(1.3, rows) % len(CITIES)],
        "paperless": rng.random(rows) < 0.6, "devices": rng.integers(1, 6, rows),
        "satisfaction": rng.integers(1, 11, rows).astype(float),
        "data_cap_gb": rng.choice([50.0, 100.0, 250.0, 1000.0], rows),
        "promo_code": np.where(rng.random(rows) < 0.9, None, "SPRING"),
        "churn": churn,
    }
    return pa.table(columns)


def generate(folder: Path, rows: int, seed: int = 0) -> tuple[Path, Path]:
    big, small = folder / "big.parquet", folder / "slice.parquet"
    writer = None
    for start in range(0, rows, CHUNK):
        table = _chunk(start, min(CHUNK, rows - start), seed)
        if start == 0:
            pq.write_table(table, small)
        writer = writer or pq.ParquetWriter(big, table.schema)
        writer.write_table(table)
    if writer is not None:
        writer.close()
    return big, small


CHILD = """
import json, sys, time
from mlpm.scale.sources import open_source
from mlpm.scale.review import review_source
started = time.perf_counter()
source = open_source(sys.argv[1])
result = review_source(source, "churn")
print(json.dumps({"seconds": time.perf_counter() - started, "rows": result.rows_reviewed,
                  "sampled": result.rows_sampled, "alerts": len(result.report.alerts),
                  "duplicates": result.report.duplicate_rows}))
"""


def review_in_child(path: Path) -> dict[str, object]:
    """The out-of-core review in its own process, with that process's peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                          text=True, check=True)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["peak_mb"] = max(peak_kb, before) / 1024
    return out


def compare(small: Path) -> list[str]:
    """Differences between the in-memory and out-of-core reviews of the slice (none = agree)."""
    from mlpm.data.load import load_table
    from mlpm.data.quality import review
    from mlpm.scale.review import review_source
    from mlpm.scale.sources import open_source

    started = time.perf_counter()
    memory = review(load_table(small), "churn")
    memory_s = time.perf_counter() - started
    started = time.perf_counter()
    scaled = review_source(open_source(small), "churn").report
    scaled_s = time.perf_counter() - started
    print(f"slice: in-memory review {memory_s:.1f} s, out-of-core {scaled_s:.1f} s")
    problems = []
    alerts = [(a.kind, a.columns, a.severity) for a in memory.alerts]
    if alerts != [(a.kind, a.columns, a.severity) for a in scaled.alerts]:
        problems.append(f"alerts differ: {alerts} vs "
                        f"{[(a.kind, a.columns, a.severity) for a in scaled.alerts]}")
    if memory.duplicate_rows != scaled.duplicate_rows:
        problems.append(f"duplicates {memory.duplicate_rows} vs {scaled.duplicate_rows}")
    worst = 0.0
    for name, p in memory.profiles.items():
        q = scaled.profiles[name]
        for field in ("rows", "missing", "distinct", "zeros", "negatives", "kind",
                      "formula_cells"):
            if getattr(p, field) != getattr(q, field):
                problems.append(f"{name}.{field}: {getattr(p, field)} vs {getattr(q, field)}")
        # Values tied at the last count kept may be cut differently: compare those above it.
        cut = min((c for _, c in p.top), default=0)
        if {v: c for v, c in p.top if c > cut} != {v: c for v, c in q.top if c > cut}:
            problems.append(f"{name}: most common values differ")
        for field in ("q1", "median", "q3", "mean", "std", "minimum", "maximum"):
            a, b = getattr(p, field), getattr(q, field)
            if a is None or b is None:
                continue
            gap = abs(a - b) / max(abs(a), 1e-12)
            worst = max(worst, gap)
            if gap > 0.01:
                problems.append(f"{name}.{field}: {a} vs {b} ({gap:.2%})")
    print(f"slice: largest relative gap in quartiles/means/extremes: {worst:.2e}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="mlpm-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    big, small = folder / "big.parquet", folder / "slice.parquet"
    if not big.exists():
        started = time.perf_counter()
        generate(folder, args.rows)
        print(f"generated {args.rows:,} rows x 20 columns in {time.perf_counter() - started:.0f} s "
              f"({big.stat().st_size / 1e9:.2f} GB Parquet)")
    result = review_in_child(big)
    print(f"out-of-core review of {result['rows']:,} rows: {result['seconds']:.0f} s, peak memory "
          f"{result['peak_mb']:,.0f} MB (target <= 2,048 MB), sample {result['sampled']:,} rows, "
          f"{result['alerts']} alerts, {result['duplicates']:,} duplicate rows")
    problems = compare(small)
    for problem in problems:
        print("DIFFERS:", problem)
    print("slice: agrees with the in-memory review" if not problems else "slice: DIFFERS")
    if not args.keep and args.folder is None:
        shutil.rmtree(folder)
    ok = not problems and float(result["peak_mb"]) <= 2048
    return 0 if ok and math.isfinite(float(result["seconds"])) else 1


if __name__ == "__main__":
    sys.exit(main())
